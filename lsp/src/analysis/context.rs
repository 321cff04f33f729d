//! Where the cursor is, read from the tokens before it (the compiler's
//! `syntax::tokens`, the lexical reading every part of tmc shares): which block it is in
//! (element, record block, threat, list), and whether an attribute name, a
//! value, a flow end, a boundary, a threat id or a condition path is being
//! written. It works on text that does not parse, which is most text while
//! typing, so completion and hover never depend on the last edit being
//! valid; the compiler's last good result supplies the names.

use tmc_compiler::model::known::THREAT_ID;
use tmc_compiler::schema::{BOUNDARY, DATAFLOW, MODEL};
use tmc_syntax::syntax::tokens::{tokens, TokenKind};

/// What is being written at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Context {
    /// A declaration at the top level: keywords and kinds.
    TopLevel,
    /// An attribute name in a block; `prefix` holds the record names of a
    /// dotted path written so far (`controls.` -> ["controls"]).
    AttrName { owner: Owner, prefix: Vec<String> },
    /// The value of `attr` (dotted) in `owner`'s block.
    Value { owner: Owner, attr: Vec<String> },
    /// A flow end, after `flow` or `->`.
    FlowEnd,
    /// A boundary, after `in`.
    Boundary,
    /// A threat id inside a string (`threat_id = "`, `exclude = ["`).
    ThreatId,
    /// Inside a `when` condition; `path` is the dotted expression before
    /// the word being written (`target.controls.` -> ["target", "controls"]),
    /// `targets` the kinds the threat targets.
    Condition {
        targets: Vec<String>,
        path: Vec<String>,
    },
    /// Nowhere completion can help (a comment, a schema declaration, ...).
    None,
}

/// The kind or record whose attributes a block sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A declaration of a kind (`Server x { ... }`, `model`, `flow`,
    /// `boundary`); `record_path` is the chain of record blocks inside it.
    Kind {
        kind: String,
        record_path: Vec<String>,
    },
    /// A threat's body (record `Threat`).
    Threat,
    /// An element of a list of records (`overrides = [{ ... }]`): the kind
    /// and the path to the list attribute.
    ListItem { kind: String, path: Vec<String> },
}

#[derive(Debug)]
struct Frame {
    /// `{` or `[`.
    open: char,
    /// What was written before the opener in the same statement.
    header: String,
    /// Text written inside the frame, nested frames included; kept only
    /// for the outermost threat's block, the one `condition_targets` reads
    /// (copying every character into every open frame made text with
    /// thousands of unclosed brackets quadratic).
    body: String,
}

/// The context at the end of `before` (the text up to the cursor).
pub fn at(before: &str, is_kind: &dyn Fn(&str) -> bool) -> Context {
    let mut frames: Vec<Frame> = Vec::new();
    // The index in `frames` of the outermost threat block, if one is open.
    let mut threat: Option<usize> = None;
    // What the statement being written says so far, strings shortened to
    // their quotes.
    let mut segment = String::new();
    for token in tokens(before) {
        let text = token.text(before);
        let at_cursor = token.end == before.len();
        match token.kind {
            // In a comment: nothing to complete.
            TokenKind::Comment | TokenKind::DocComment if at_cursor => return Context::None,
            TokenKind::Comment | TokenKind::DocComment => continue,
            // In a string: a long one says nothing, a short one may hold a
            // threat id.
            TokenKind::OpenString if at_cursor && text.starts_with("\"\"\"") => {
                return Context::None
            }
            TokenKind::OpenString if at_cursor => return string_context(&frames, &segment),
            _ => {}
        }
        if let Some(t) = threat {
            frames[t].body.push_str(text);
        }
        match token.kind {
            TokenKind::String if text.starts_with("\"\"\"") => segment.push_str("\"\""),
            TokenKind::String | TokenKind::OpenString => segment.push('"'),
            TokenKind::Open if text != "(" => {
                let open = if text == "{" { '{' } else { '[' };
                if threat.is_none() && open == '{' && segment.trim().starts_with("threat") {
                    threat = Some(frames.len());
                }
                frames.push(Frame {
                    open,
                    header: segment.trim().to_string(),
                    body: String::new(),
                });
                segment.clear();
            }
            TokenKind::Close if text != ")" => {
                frames.pop();
                if threat.is_some_and(|t| t >= frames.len()) {
                    threat = None;
                }
                segment.clear();
            }
            // A new line starts a new statement.
            TokenKind::Blank if text.contains('\n') => {
                segment.clear();
                segment.push_str(&text[text.rfind('\n').map_or(0, |n| n + 1)..]);
            }
            TokenKind::Punct if text == "," && frames.last().is_some_and(|f| f.open == '[') => {
                segment.clear()
            }
            _ => segment.push_str(text),
        }
    }
    if let Some(targets) = condition_targets(&frames, &segment) {
        return Context::Condition {
            targets,
            path: condition_path(&segment),
        };
    }
    let Some(frame) = frames.last() else {
        return top_level(&segment);
    };
    if frame.open == '[' {
        let Some(attr) = assigned(&frame.header) else {
            return Context::None;
        };
        let Some(owner) = owner(&frames[..frames.len() - 1], is_kind) else {
            return Context::None;
        };
        return Context::Value { owner, attr };
    }
    let Some(owner) = owner(&frames, is_kind) else {
        return Context::None;
    };
    let seg = segment.trim_start();
    if let Some(attr) = assigned(seg) {
        let rest = seg[seg.find('=').map_or(0, |i| i + 1)..].trim_start();
        if rest.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Context::Value { owner, attr };
        }
        return Context::None;
    }
    if seg
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    {
        let mut prefix: Vec<String> = seg.split('.').map(str::to_string).collect();
        prefix.pop();
        return Context::AttrName { owner, prefix };
    }
    Context::None
}

/// `name =` or `a.b =` at the start of a statement: the assigned path.
fn assigned(segment: &str) -> Option<Vec<String>> {
    let (left, _) = segment.split_once('=')?;
    let left = left.trim();
    if left.is_empty()
        || !left
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    {
        return None;
    }
    Some(left.split('.').map(str::to_string).collect())
}

fn top_level(segment: &str) -> Context {
    let words: Vec<&str> = segment.split_whitespace().collect();
    let typing = !segment.ends_with(char::is_whitespace);
    let before: &[&str] = if typing && !words.is_empty() {
        &words[..words.len() - 1]
    } else {
        &words
    };
    match before {
        [] => Context::TopLevel,
        ["flow"] | ["flow", _]
            if before
                .last()
                .is_some_and(|w| *w == "flow" || w.ends_with(':')) =>
        {
            Context::FlowEnd
        }
        [.., "->"] => Context::FlowEnd,
        [.., "in"] => Context::Boundary,
        _ => Context::None,
    }
}

/// The owner of the innermost brace frame.
fn owner(frames: &[Frame], is_kind: &dyn Fn(&str) -> bool) -> Option<Owner> {
    let mut current: Option<Owner> = None;
    for f in frames {
        let words: Vec<&str> = f.header.split_whitespace().collect();
        current = Some(match (f.open, words.first().copied(), &current) {
            ('{', Some("model"), None) => Owner::Kind {
                kind: MODEL.into(),
                record_path: Vec::new(),
            },
            ('{', Some("boundary"), _) => Owner::Kind {
                kind: BOUNDARY.into(),
                record_path: Vec::new(),
            },
            ('{', Some("flow"), _) => Owner::Kind {
                kind: DATAFLOW.into(),
                record_path: Vec::new(),
            },
            ('{', Some("threat"), None) => Owner::Threat,
            ('{', Some("kind" | "record" | "enum" | "predicate"), _) => return None,
            ('{', Some(k), _) if words.len() >= 2 && is_kind(k) => Owner::Kind {
                kind: k.to_string(),
                record_path: Vec::new(),
            },
            // `controls {` inside a declaration: a record block.
            ('{', Some(name), Some(Owner::Kind { kind, record_path })) if words.len() == 1 => {
                let mut path = record_path.clone();
                path.push(name.to_string());
                Owner::Kind {
                    kind: kind.clone(),
                    record_path: path,
                }
            }
            // `{` as an item of a list of records.
            ('{', None, Some(Owner::ListItem { .. })) => current.clone()?,
            ('[', _, Some(Owner::Kind { kind, record_path })) => {
                let mut path = record_path.clone();
                path.extend(assigned(&f.header)?);
                Owner::ListItem {
                    kind: kind.clone(),
                    path,
                }
            }
            _ => return None,
        });
    }
    current
}

/// Inside a string: a threat id where one is expected.
fn string_context(frames: &[Frame], segment: &str) -> Context {
    let seg = segment.trim();
    if seg.ends_with('=')
        && assigned(seg).is_some_and(|p| p.last().is_some_and(|a| a == THREAT_ID.name()))
    {
        return Context::ThreatId;
    }
    if let Some(f) = frames.last() {
        if f.open == '['
            && assigned(&f.header).is_some_and(|p| p.last().is_some_and(|a| a == "exclude"))
        {
            return Context::ThreatId;
        }
    }
    Context::None
}

/// In a threat's `when` condition: the threat's targets.
fn condition_targets(frames: &[Frame], segment: &str) -> Option<Vec<String>> {
    let threat = frames
        .iter()
        .position(|f| f.open == '{' && f.header.starts_with("threat"))?;
    let body = &frames[threat].body;
    // The last assignment started in the threat body decides; a line
    // indented no deeper than `when = ...` starts a new member.
    let indent = |l: &str| l.len() - l.trim_start().len();
    let (last, when_indent) = body
        .lines()
        .chain(std::iter::once(segment))
        .filter_map(|l| assigned(l.trim_start()).map(|p| (p.join("."), indent(l))))
        .rfind(|(name, _)| !name.is_empty())?;
    let current_line = body.rsplit('\n').next().unwrap_or("");
    let continues = assigned(segment.trim_start()).is_some() || indent(current_line) > when_indent;
    if last != "when" || !continues {
        return None;
    }
    let targets = body
        .split("targets")
        .nth(1)
        .and_then(|rest| rest.split_once('[').map(|(_, r)| r))
        .and_then(|r| r.split_once(']').map(|(list, _)| list))
        .map(|list| {
            list.split(',')
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Some(targets)
}

/// `... and target.controls.sani` -> ["target", "controls"].
fn condition_path(segment: &str) -> Vec<String> {
    let tail: String = segment
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut parts: Vec<String> = tail.split('.').map(str::to_string).collect();
    parts.pop();
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str) -> Context {
        at(text, &|k| {
            ["Server", "Actor", "Datastore", "Process"].contains(&k)
        })
    }

    fn kind(k: &str, path: &[&str]) -> Owner {
        Owner::Kind {
            kind: k.into(),
            record_path: path.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn top_level_and_references() {
        assert_eq!(ctx("model \"M\" {}\nSer"), Context::TopLevel);
        assert_eq!(ctx("flow u"), Context::FlowEnd);
        assert_eq!(ctx("flow a -> "), Context::FlowEnd);
        assert_eq!(ctx("flow lbl: w"), Context::FlowEnd);
        assert_eq!(ctx("Server web \"W\" in d"), Context::Boundary);
        assert_eq!(ctx("// a comment"), Context::None);
    }

    #[test]
    fn attribute_names_and_values() {
        assert_eq!(
            ctx("Server web \"W\" {\n  isH"),
            Context::AttrName {
                owner: kind("Server", &[]),
                prefix: vec![]
            }
        );
        assert_eq!(
            ctx("Server web \"W\" {\n  controls {\n    san"),
            Context::AttrName {
                owner: kind("Server", &["controls"]),
                prefix: vec![]
            }
        );
        assert_eq!(
            ctx("Server web \"W\" {\n  controls.san"),
            Context::AttrName {
                owner: kind("Server", &[]),
                prefix: strings(&["controls"])
            }
        );
        assert_eq!(
            ctx("Datastore db \"D\" { type = S"),
            Context::Value {
                owner: kind("Datastore", &[]),
                attr: strings(&["type"])
            }
        );
        assert_eq!(
            ctx("flow a -> b \"x\" {\n  data = [c"),
            Context::Value {
                owner: kind("Dataflow", &[]),
                attr: strings(&["data"])
            }
        );
        assert_eq!(
            ctx("Server s \"S\" { overrides = [{ sev"),
            Context::AttrName {
                owner: Owner::ListItem {
                    kind: "Server".into(),
                    path: strings(&["overrides"])
                },
                prefix: vec![]
            }
        );
    }

    #[test]
    fn strings_and_conditions() {
        assert_eq!(
            ctx("Server s \"S\" { overrides = [{ threat_id = \"INP"),
            Context::ThreatId
        );
        assert_eq!(
            ctx("model \"M\" { exclude = [\"DE01\", \"I"),
            Context::ThreatId
        );
        assert_eq!(ctx("Server s \"S\" { description = \"web"), Context::None);
        assert_eq!(
            ctx("threat T \"t\" {\n  targets = [Server, Process]\n  when = target.controls.sa"),
            Context::Condition {
                targets: strings(&["Server", "Process"]),
                path: strings(&["target", "controls"])
            }
        );
        assert_eq!(
            ctx("threat T \"t\" {\n  targets = [Server]\n  when = not target.x\n    and tar"),
            Context::Condition {
                targets: strings(&["Server"]),
                path: vec![]
            }
        );
        assert_eq!(
            ctx("threat T \"t\" {\n  targets = [Server]\n  when = true\n  sev"),
            Context::AttrName {
                owner: Owner::Threat,
                prefix: vec![]
            }
        );
        assert_eq!(ctx("x = \"\"\"long\n text"), Context::None);
    }
}
