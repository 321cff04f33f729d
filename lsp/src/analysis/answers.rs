//! What the analysis answers, as plain data: places in files, hovers,
//! completions, diagnostics, symbols and edits. Nothing here knows the
//! language server protocol; `crate::convert` turns these into its types.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The source of the compiler's diagnostics.
pub const COMPILER: &str = "tmc";

/// The source of findings.
pub const FINDINGS: &str = "tmc threats";

/// The code of the diagnostic summing up an element's findings beyond
/// those shown.
pub const MORE_FINDINGS: &str = "more-findings";

pub use super::lines::{Position, Range};

/// A range in a file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub path: PathBuf,
    pub range: Range,
}

/// The data-flow diagram of a model, as SVG, and where each object it
/// draws (element, boundary, flow; by id) is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    pub svg: String,
    pub locations: BTreeMap<String, Location>,
}

/// Markdown about what is under the cursor, and the range it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub markdown: String,
    pub range: Range,
}

/// One thing that may be written at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// A one-line description (a type, a title).
    pub detail: Option<String>,
    /// Its documentation, Markdown.
    pub doc: Option<String>,
    /// What to insert instead of the label, as an LSP snippet (`$0` is
    /// where the cursor goes): `name = $0` for an attribute written anew.
    pub snippet: Option<String>,
}

/// What a completion names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    /// An element kind.
    Kind,
    /// An attribute or record field.
    Field,
    EnumMember,
    /// A model object (element, boundary, data).
    Reference,
    Threat,
    Predicate,
}

/// A problem in a file, or a finding on an element.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub range: Range,
    pub severity: Severity,
    /// The compiler's error code, or the threat's id.
    pub code: String,
    /// `tmc` for the compiler's diagnostics, `tmc threats` for findings.
    pub source: &'static str,
    pub message: String,
    /// The diagnostic's other labels.
    pub related: Vec<Related>,
    /// Where the finding's threat is described (shared by all its findings).
    pub link: Option<Arc<str>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

/// A secondary label of a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// A declared object, for an outline or a workspace-wide search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// Its identifier.
    pub name: String,
    pub kind: SymbolKind,
    /// Its whole declaration.
    pub location: Location,
    /// Its boundary (document symbols) or its display name (workspace
    /// symbols).
    pub container: Option<String>,
}

/// What a symbol declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Element,
    Boundary,
    Flow,
    Data,
    Expect,
    Triage,
}

/// Replace `range` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range,
    pub new_text: String,
}

/// Edits to make, by file.
pub type Edits = BTreeMap<PathBuf, Vec<TextEdit>>;

/// A quick fix: edits to make, offered on the diagnostic it fixes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    /// `Triage INP05@web: accept`.
    pub title: String,
    /// The source of the diagnostic it fixes (`tmc`, `tmc threats`).
    pub source: &'static str,
    /// The code of the diagnostic it fixes: the compiler's error code, or
    /// the threat id.
    pub code: String,
    pub edits: Edits,
    /// Whether it is the fix an editor may apply without asking (the one
    /// a did-you-mean suggests).
    pub preferred: bool,
}

/// Why a rename was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    /// The text does not compile now, or parts of it do not parse: a
    /// rename would miss references.
    DoesNotCompile,
    /// The new name, or the thing under the cursor, does not allow it.
    Refused(String),
}

/// A line of text shown above a declaration (a code lens).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    /// The declaration's identifier.
    pub range: Range,
    /// `3 open findings, worst High · 2 closed`.
    pub title: String,
}

/// Lines that may be folded away, from `start_line` to `end_line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub start_line: u32,
    pub end_line: u32,
    pub kind: FoldKind,
}

/// What a fold holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A bracketed block or a multi-line string.
    Region,
    /// A run of comment lines.
    Comment,
}

/// A file named in the text (an import, a source file), to open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The name, inside its quotes.
    pub range: Range,
    pub target: PathBuf,
}

/// A value shown in the text at `position` that the model did not write
/// there (an inlay hint).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub position: Position,
    /// `: HTTPS, port 443`.
    pub label: String,
    /// Where it comes from, Markdown.
    pub tooltip: String,
}

/// What a name is, for an editor to colour it by (a semantic token's
/// type; the names are the protocol's standard ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    /// An element kind (`Server`), or a built-in type (`bool`).
    Type,
    /// A record (`Controls`).
    Struct,
    /// An enumeration (`Classification`).
    Enum,
    /// A member of an enumeration (`SENSITIVE`).
    EnumMember,
    /// An attribute or record field (`protocol`, `isHardened`).
    Property,
    /// A model object: element, boundary, flow or data item.
    Variable,
    /// A predicate's parameter, a quantifier's variable, `target`.
    Parameter,
    /// A predicate, or the built-in `count(...)`.
    Function,
    /// A threat, by its id.
    Event,
}

impl TokenType {
    /// Every type, in the order of the legend the server declares.
    pub const ALL: [TokenType; 9] = [
        TokenType::Type,
        TokenType::Struct,
        TokenType::Enum,
        TokenType::EnumMember,
        TokenType::Property,
        TokenType::Variable,
        TokenType::Parameter,
        TokenType::Function,
        TokenType::Event,
    ];

    /// The protocol's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            TokenType::Type => "type",
            TokenType::Struct => "struct",
            TokenType::Enum => "enum",
            TokenType::EnumMember => "enumMember",
            TokenType::Property => "property",
            TokenType::Variable => "variable",
            TokenType::Parameter => "parameter",
            TokenType::Function => "function",
            TokenType::Event => "event",
        }
    }
}

/// The modifiers of a semantic token, as bits in the order of
/// [`MODIFIERS`]: the name is declared here.
pub const DECLARATION: u32 = 1;
/// The standard library declares it (a kind, record, enum, member,
/// attribute or predicate of `stdlib/`).
pub const DEFAULT_LIBRARY: u32 = 1 << 1;
/// A deprecated threat.
pub const DEPRECATED: u32 = 1 << 2;
/// A derived attribute: the compiler computes it, a model cannot set it.
pub const READONLY: u32 = 1 << 3;

/// The protocol's names of the modifiers, bit 0 first.
pub const MODIFIERS: [&str; 4] = ["declaration", "defaultLibrary", "deprecated", "readonly"];

/// A name in a file and what it is (a semantic token).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub start: Position,
    /// In UTF-16 units, on `start`'s line.
    pub length: u32,
    pub kind: TokenType,
    /// Bits of [`DECLARATION`], [`DEFAULT_LIBRARY`], [`DEPRECATED`],
    /// [`READONLY`].
    pub modifiers: u32,
}

/// A call's signature, for the call the cursor is in (signature help).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// `carriesAbove(f: Dataflow, level: Classification)`.
    pub label: String,
    /// Where each parameter is in `label`, as UTF-16 offsets.
    pub params: Vec<(u32, u32)>,
    /// The parameter the cursor is at (from 0), by the commas before it.
    pub active: u32,
    /// The predicate's doc comment, Markdown (may be empty).
    pub doc: String,
}
