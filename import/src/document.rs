//! What every importer of another tool's model shares: the result
//! (`Imported`, with its `Summary`), the errors (`ImportError`, made at a
//! path of the document by `invalid` and given its line and column by
//! `locate`), reading the document as JSON or YAML (`parse`), and naming a
//! value's type in a message (`shape`).

use std::fmt;

use serde_json::Value as Json;

/// The imported model.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The `.tm` text, formatted.
    pub text: String,
    /// What had no counterpart (also written as `// import:` comments).
    pub warnings: Vec<String>,
    /// How many objects of each kind came across.
    pub summary: Summary,
}

/// Counts of what came across, for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Trust zones written as boundaries.
    pub boundaries: usize,
    /// Components written as elements.
    pub elements: usize,
    /// Flows written (a bidirectional dataflow gives two).
    pub flows: usize,
    /// Assets written as data items.
    pub data: usize,
    /// Threats written as hand-written `threat`s.
    pub threats: usize,
    /// Threat attachments written as `Triage` entries.
    pub triages: usize,
    /// `// import:` comments written for what had no counterpart.
    pub comments: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}, {}, {}, {}, {}; {} kept as `// import:` comments",
            plural(self.boundaries, "boundary", "boundaries"),
            plural(self.elements, "element", "elements"),
            plural(self.flows, "flow", "flows"),
            plural(self.data, "data item", "data items"),
            plural(self.threats, "threat", "threats"),
            plural(self.triages, "triage", "triages"),
            plural(self.comments, "note", "notes"),
        )
    }
}

/// Why a document could not be imported.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// Neither JSON nor YAML; line and column start at 1.
    Syntax {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A document that is not an OTM model; `path` is like `$.components[3].parent`.
    Invalid {
        /// Where in the document.
        path: String,
        /// Line and column (from 1) of the value at `path`, when found.
        at: Option<(usize, usize)>,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// The generated text did not format: a bug in tmc.
    Internal(String),
}

impl From<crate::yaml::SyntaxError> for ImportError {
    fn from(e: crate::yaml::SyntaxError) -> ImportError {
        ImportError::Syntax {
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Syntax {
                line,
                column,
                message,
            } => write!(f, "{line}:{column}: not JSON or YAML: {message}"),
            ImportError::Invalid {
                path,
                at: Some((line, column)),
                message,
                ..
            } => write!(f, "{line}:{column}: {path}: {message}"),
            ImportError::Invalid { path, message, .. } => write!(f, "{path}: {message}"),
            ImportError::Internal(message) => {
                write!(f, "internal error, please report it: {message}")
            }
        }
    }
}

pub(crate) type Result<T> = std::result::Result<T, ImportError>;

pub(crate) fn invalid(
    path: &str,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> ImportError {
    ImportError::Invalid {
        path: path.to_string(),
        at: None,
        message: message.into(),
        hint: hint.into(),
    }
}

/// Adds the line and column of the value an error names.
pub(crate) fn locate(e: ImportError, text: &str) -> ImportError {
    match e {
        ImportError::Invalid {
            path,
            at: None,
            message,
            hint,
        } => {
            let at = crate::yaml::read(text)
                .ok()
                .and_then(|(_, positions)| positions.get(&path).copied());
            ImportError::Invalid {
                path,
                at,
                message,
                hint,
            }
        }
        other => other,
    }
}

/// Parses `text` as JSON, or as YAML when it does not start with `{`.
pub(crate) fn parse(text: &str) -> Result<Json> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return serde_json::from_str(text).map_err(|e| {
            let place = format!(" at line {} column {}", e.line(), e.column());
            ImportError::Syntax {
                line: e.line(),
                column: e.column(),
                message: e.to_string().trim_end_matches(&place).to_string(),
            }
        });
    }
    Ok(crate::yaml::to_json(text)?)
}

/// The result of an import: `raw`, the model as the importer wrote it,
/// formatted as `tmc fmt` lays it out, with its warnings and summary.
pub(crate) fn imported(raw: &str, warnings: Vec<String>, summary: Summary) -> Result<Imported> {
    let text = tmc_syntax::format::format(raw).map_err(|d| {
        ImportError::Internal(format!("the generated model does not parse: {}", d.message))
    })?;
    Ok(Imported {
        text,
        warnings,
        summary,
    })
}

/// What a value is, for a message: "a list", "null".
pub(crate) fn shape(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}
