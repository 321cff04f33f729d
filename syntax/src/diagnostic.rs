//! Diagnostics: errors and warnings as plain values carrying spans, and their
//! two renderings, human (codespan-reporting) and machine (JSON). The human
//! one shows the model's text with its control characters escaped and its
//! very long lines cut (`snippet`), so a message or a source line cannot
//! drive the terminal, and a line of 60 MB prints at once.

mod snippet;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde_json::{json, Value as Json};

use crate::escape::terminal;
use crate::source::{FileId, Sources, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A span with a short message, drawn under the source line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name of the problem, e.g. `unknown-attribute`.
    pub code: &'static str,
    pub message: String,
    pub labels: Vec<Label>,
    /// Hints and extra facts, each shown as `= note`.
    pub notes: Vec<String>,
    /// An edit that fixes the problem, for an editor to offer (the name a
    /// "did you mean" note suggests); not shown by the renderings.
    /// (Boxed: a diagnostic is an error value, kept small.)
    pub fix: Option<Box<Fix>>,
}

/// Replace the text at `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: Vec::new(),
            notes: Vec::new(),
            fix: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// The main place the problem is, with a label.
    pub fn at(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    /// A related place, e.g. the first definition of a duplicate.
    pub fn also(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Adds a note only when there is something to say.
    pub fn note_opt(self, note: Option<String>) -> Diagnostic {
        match note {
            Some(n) => self.note(n),
            None => self,
        }
    }

    /// Offers replacing `span` with `replacement` as the fix.
    pub fn fix(mut self, span: Span, replacement: impl Into<String>) -> Diagnostic {
        self.fix = Some(Box::new(Fix {
            span,
            replacement: replacement.into(),
        }));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The primary span, if any.
    pub fn span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.primary).map(|l| l.span)
    }

    /// The diagnostic as codespan draws it, with the lines it shows
    /// (`snippet::Shown`): every text escaped for a terminal, every span
    /// moved into the shown lines.
    fn to_codespan(&self, sources: &Sources) -> (snippet::Shown, cs::Diagnostic<FileId>) {
        let severity = match self.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let spans: Vec<(Span, bool)> = self.labels.iter().map(|l| (l.span, l.primary)).collect();
        let (shown, ranges) = snippet::Shown::new(sources, &spans, &config());
        let labels = self
            .labels
            .iter()
            .zip(ranges)
            .map(|(l, range)| {
                let style = if l.primary {
                    cs::LabelStyle::Primary
                } else {
                    cs::LabelStyle::Secondary
                };
                cs::Label::new(style, l.span.file, range).with_message(terminal::line(&l.message))
            })
            .collect();
        let notes = self.notes.iter().map(|n| terminal::text(n).into_owned());
        let diagnostic = cs::Diagnostic::new(severity)
            .with_code(self.code)
            .with_message(terminal::line(&self.message))
            .with_labels(labels)
            .with_notes(notes.collect());
        (shown, diagnostic)
    }
}

/// How diagnostics are drawn: codespan's defaults, which show no lines
/// around a label (`snippet` draws the lines this asks for).
fn config() -> term::Config {
    term::Config {
        before_label_lines: 0,
        after_label_lines: 0,
        ..term::Config::default()
    }
}

/// Orders diagnostics by where they are, so output does not depend on the
/// order the checks ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.span().map(|s| (s.file, s.start, s.end));
        key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
    });
}

/// Writes diagnostics the way a person reads them: file:line:col, the source
/// line, carets and notes.
pub fn render_human(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    out: &mut dyn WriteColor,
) -> std::io::Result<()> {
    let config = config();
    let styles = term::Styles::default();
    let mut writer = term::StylesWriter::new(out, &styles);
    for d in diagnostics {
        let (shown, d) = d.to_codespan(sources);
        term::emit_to_write_style(&mut writer, &config, &shown, &d)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// Renders diagnostics to a plain string (no colour), e.g. for tests.
pub fn render_plain(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let config = config();
    let mut out = String::new();
    for d in diagnostics {
        // Rendering into a String can only fail on a span outside its file,
        // which the compiler never produces; fall back to the bare message.
        let (shown, cs) = d.to_codespan(sources);
        match term::emit_into_string(&config, &shown, &cs) {
            Ok(text) => out.push_str(&text),
            Err(_) => {
                let message = terminal::line(&d.message);
                out.push_str(&format!("{}: {message}\n", d.severity.as_str()));
            }
        }
    }
    out
}

/// One diagnostic as a JSON object, with 1-based lines and columns.
pub fn to_json(sources: &Sources, d: &Diagnostic) -> Json {
    let place = |span: Span| {
        let start = sources.line_col(span.file, span.start);
        let end = sources.line_col(span.file, span.end);
        json!({
            "file": sources.name(span.file),
            "line": start.line,
            "column": start.column,
            "end_line": end.line,
            "end_column": end.column,
            "start_byte": span.start,
            "end_byte": span.end,
        })
    };
    let labels: Vec<Json> = d
        .labels
        .iter()
        .map(|l| {
            let mut v = place(l.span);
            v["message"] = json!(l.message);
            v["primary"] = json!(l.primary);
            v
        })
        .collect();
    json!({
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "location": d.span().map(place),
        "labels": labels,
        "notes": d.notes,
    })
}
