//! Between the protocol's types and the analysis API's: URIs <-> paths,
//! and each answer of `crate::analysis` as the protocol writes it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::Uri;

use crate::analysis::{
    CodeAction, Completion, CompletionKind, Diagnostic, Diagram, Edits, Fold, FoldKind, Hint,
    Hover, Lens, Link, Location, Position, Range, SemanticToken, Severity, Signature, Symbol,
    SymbolKind, TextEdit, TokenType, MODIFIERS,
};

/// The path of a `file:` URI on this machine (none for other schemes,
/// such as an editor's unsaved `untitled:` buffers, or other hosts).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    let host = uri.authority().map(|a| a.host()).unwrap_or_default();
    if !is_file || !(host.is_empty() || host.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let path = uri.to_file_path()?;
    path.is_absolute().then(|| path.into_owned())
}

pub fn uri_of(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

pub fn position(p: lsp::Position) -> Position {
    Position::new(p.line, p.character)
}

/// A range the editor sent.
pub fn range_of(r: lsp::Range) -> Range {
    Range::new(position(r.start), position(r.end))
}

fn lsp_position(p: Position) -> lsp::Position {
    lsp::Position::new(p.line, p.character)
}

fn range(r: Range) -> lsp::Range {
    lsp::Range::new(lsp_position(r.start), lsp_position(r.end))
}

pub fn location(l: Location) -> Option<lsp::Location> {
    Some(lsp::Location::new(uri_of(&l.path)?, range(l.range)))
}

/// The parameters of the `tmc/diagram` request: the document whose model
/// to draw, and the format (only `"svg"`).
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagramParams {
    pub text_document: lsp::TextDocumentIdentifier,
    #[serde(default = "svg")]
    pub format: String,
}

fn svg() -> String {
    "svg".into()
}

/// The answer to `tmc/diagram`: the SVG text, and where each drawn object
/// (by id) is declared.
#[derive(Debug, serde::Serialize)]
pub struct DiagramResult {
    pub svg: String,
    pub locations: BTreeMap<String, lsp::Location>,
}

pub fn diagram(d: Diagram) -> DiagramResult {
    DiagramResult {
        svg: d.svg,
        locations: (d.locations.into_iter())
            .filter_map(|(id, at)| Some((id, location(at)?)))
            .collect(),
    }
}

pub fn hover(h: Hover) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(markdown(h.markdown)),
        range: Some(range(h.range)),
    }
}

fn markdown(value: String) -> lsp::MarkupContent {
    lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    }
}

/// A completion item; its snippet, if any, only for a client that takes
/// snippets (`snippets`), else the bare label.
pub fn completion(c: Completion, snippets: bool) -> lsp::CompletionItem {
    let kind = match c.kind {
        CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Kind => lsp::CompletionItemKind::CLASS,
        CompletionKind::Field => lsp::CompletionItemKind::FIELD,
        CompletionKind::EnumMember => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Reference => lsp::CompletionItemKind::REFERENCE,
        CompletionKind::Threat => lsp::CompletionItemKind::CONSTANT,
        CompletionKind::Predicate => lsp::CompletionItemKind::FUNCTION,
    };
    let snippet = c.snippet.filter(|_| snippets);
    lsp::CompletionItem {
        label: c.label,
        kind: Some(kind),
        detail: c.detail,
        documentation: c
            .doc
            .map(|doc| lsp::Documentation::MarkupContent(markdown(doc))),
        insert_text_format: snippet.is_some().then_some(lsp::InsertTextFormat::SNIPPET),
        insert_text: snippet,
        ..Default::default()
    }
}

pub fn text_edit(e: TextEdit) -> lsp::TextEdit {
    lsp::TextEdit::new(range(e.range), e.new_text)
}

pub fn edits(edits: Edits) -> HashMap<Uri, Vec<lsp::TextEdit>> {
    edits
        .into_iter()
        .filter_map(|(path, edits)| {
            Some((uri_of(&path)?, edits.into_iter().map(text_edit).collect()))
        })
        .collect()
}

/// A quick fix, naming the diagnostics of `seen` (those the editor sent
/// with the request) whose source and code are those it fixes.
pub fn code_action(a: CodeAction, seen: &[lsp::Diagnostic]) -> lsp::CodeActionOrCommand {
    let fixes: Vec<lsp::Diagnostic> = seen
        .iter()
        .filter(|d| {
            d.source.as_deref() == Some(a.source)
                && d.code == Some(lsp::NumberOrString::String(a.code.clone()))
        })
        .cloned()
        .collect();
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: a.title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: (!fixes.is_empty()).then_some(fixes),
        is_preferred: a.preferred.then_some(true),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(edits(a.edits)),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// A code lens that only shows its title (no command runs on a click).
pub fn lens(l: Lens) -> lsp::CodeLens {
    lsp::CodeLens {
        range: range(l.range),
        command: Some(lsp::Command {
            title: l.title,
            command: String::new(),
            arguments: None,
        }),
        data: None,
    }
}

pub fn fold(f: Fold) -> lsp::FoldingRange {
    lsp::FoldingRange {
        start_line: f.start_line,
        end_line: f.end_line,
        kind: Some(match f.kind {
            FoldKind::Region => lsp::FoldingRangeKind::Region,
            FoldKind::Comment => lsp::FoldingRangeKind::Comment,
        }),
        ..Default::default()
    }
}

pub fn link(l: Link) -> Option<lsp::DocumentLink> {
    Some(lsp::DocumentLink {
        range: range(l.range),
        target: Some(uri_of(&l.target)?),
        tooltip: None,
        data: None,
    })
}

pub fn hint(h: Hint) -> lsp::InlayHint {
    lsp::InlayHint {
        position: lsp_position(h.position),
        label: lsp::InlayHintLabel::String(h.label),
        kind: Some(lsp::InlayHintKind::TYPE),
        text_edits: None,
        tooltip: Some(lsp::InlayHintTooltip::MarkupContent(markdown(h.tooltip))),
        padding_left: Some(true),
        padding_right: Some(true),
        data: None,
    }
}

/// The token types and modifiers semantic tokens are numbered by.
pub fn semantic_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TokenType::ALL
            .iter()
            .map(|t| lsp::SemanticTokenType::new(t.name()))
            .collect(),
        token_modifiers: MODIFIERS
            .iter()
            .map(|m| lsp::SemanticTokenModifier::new(m))
            .collect(),
    }
}

/// Semantic tokens as the protocol packs them: each relative to the one
/// before (they come in order of position).
pub fn semantic_tokens(all: Vec<SemanticToken>) -> lsp::SemanticTokens {
    let mut data = Vec::with_capacity(all.len());
    let mut last = Position::new(0, 0);
    for t in all {
        let same_line = t.start.line == last.line;
        data.push(lsp::SemanticToken {
            delta_line: t.start.line - last.line,
            delta_start: match same_line {
                true => t.start.character - last.character,
                false => t.start.character,
            },
            length: t.length,
            token_type: TokenType::ALL
                .iter()
                .position(|k| *k == t.kind)
                .unwrap_or(0) as u32,
            token_modifiers_bitset: t.modifiers,
        });
        last = t.start;
    }
    lsp::SemanticTokens {
        result_id: None,
        data,
    }
}

/// A signature, with its parameters by their place in the label.
pub fn signature_help(s: Signature) -> lsp::SignatureHelp {
    let parameters = s
        .params
        .iter()
        .map(|&(start, end)| lsp::ParameterInformation {
            label: lsp::ParameterLabel::LabelOffsets([start, end]),
            documentation: None,
        })
        .collect();
    let documentation = match s.doc.is_empty() {
        true => None,
        false => Some(lsp::Documentation::MarkupContent(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: s.doc,
        })),
    };
    lsp::SignatureHelp {
        signatures: vec![lsp::SignatureInformation {
            label: s.label,
            documentation,
            parameters: Some(parameters),
            active_parameter: Some(s.active),
        }],
        active_signature: Some(0),
        active_parameter: Some(s.active),
    }
}

/// A symbol at `uri` (for an outline, the document's own URI as the
/// editor wrote it), or where its location says.
#[allow(deprecated)]
pub fn symbol(s: Symbol, uri: Option<&Uri>) -> Option<lsp::SymbolInformation> {
    let location = match uri {
        Some(uri) => lsp::Location::new(uri.clone(), range(s.location.range)),
        None => location(s.location)?,
    };
    let kind = match s.kind {
        SymbolKind::Element => lsp::SymbolKind::CLASS,
        SymbolKind::Boundary => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Flow => lsp::SymbolKind::EVENT,
        SymbolKind::Data => lsp::SymbolKind::STRUCT,
        SymbolKind::Expect => lsp::SymbolKind::CONSTANT,
        SymbolKind::Triage => lsp::SymbolKind::EVENT,
    };
    Some(lsp::SymbolInformation {
        name: s.name,
        kind,
        tags: None,
        deprecated: None,
        location,
        container_name: s.container,
    })
}

/// The diagnostics of one compile, file by file; the links of findings
/// are parsed once per threat (a large model has thousands of findings of
/// each).
#[derive(Default)]
pub struct Diagnostics {
    links: HashMap<Arc<str>, Option<lsp::CodeDescription>>,
}

impl Diagnostics {
    pub fn convert(&mut self, all: Vec<Diagnostic>) -> Vec<lsp::Diagnostic> {
        all.into_iter().map(|d| self.one(d)).collect()
    }

    fn one(&mut self, d: Diagnostic) -> lsp::Diagnostic {
        let severity = match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
            Severity::Hint => lsp::DiagnosticSeverity::HINT,
        };
        let related: Vec<lsp::DiagnosticRelatedInformation> = d
            .related
            .into_iter()
            .filter_map(|r| {
                Some(lsp::DiagnosticRelatedInformation {
                    location: location(r.location)?,
                    message: r.message,
                })
            })
            .collect();
        let code_description = d.link.and_then(|link| {
            self.links
                .entry(link)
                .or_insert_with_key(|link| {
                    let href = link.parse().ok()?;
                    Some(lsp::CodeDescription { href })
                })
                .clone()
        });
        lsp::Diagnostic {
            range: range(d.range),
            severity: Some(severity),
            code: Some(lsp::NumberOrString::String(d.code)),
            code_description,
            source: Some(d.source.into()),
            message: d.message,
            related_information: (!related.is_empty()).then_some(related),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_file_uris_of_this_machine_are_paths() {
        let path = |uri: &str| path_of(&uri.parse().unwrap());
        assert_eq!(path("file:///a/b.tm"), Some(PathBuf::from("/a/b.tm")));
        assert_eq!(path("FILE://localhost/a.tm"), Some(PathBuf::from("/a.tm")));
        assert_eq!(
            path("file:///a%20b/%C3%BC.tm"),
            Some(PathBuf::from("/a b/ü.tm"))
        );
        assert_eq!(path("untitled:Untitled-1"), None);
        assert_eq!(path("file://server/share/a.tm"), None);
        assert_eq!(path("https://example.com/a.tm"), None);
    }

    #[test]
    fn paths_round_trip_through_uris() {
        for p in [
            "/a/b.tm",
            "/with space/ü 😀.tm",
            "/odd/#?%[]:@!$&'()*+,;=.tm",
        ] {
            let uri = uri_of(Path::new(p)).expect("an absolute path has a URI");
            assert!(uri.as_str().starts_with("file:///"), "{}", uri.as_str());
            assert_eq!(path_of(&uri), Some(PathBuf::from(p)), "{}", uri.as_str());
        }
    }
}
