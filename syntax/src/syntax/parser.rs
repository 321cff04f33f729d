//! Text -> AST. pest does the parsing against `grammar/tm.pest`; this module
//! turns its parse tree into `ast` values and its errors into diagnostics.

use std::cell::{Cell, RefCell};

use compact_str::CompactString;
use pest::iterators::Pair;
use pest::Parser as _;
use pest_derive::Parser;

use super::ast::*;
use super::keywords::is_keyword;
use super::limits::MAX_SYNTAX_ERRORS;
use super::recover::Stop;
use super::tokens::TokenKind;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

#[derive(Parser)]
#[grammar = "../../grammar/tm.pest"]
pub(super) struct TmParser;

/// Parses one file; on a syntax error, returns the first (`parse_recovering`
/// reports them all).
pub fn parse(file: FileId, text: &str) -> Result<File, Diagnostic> {
    let (tree, errors) = parse_recovering(file, text);
    match (tree, errors.into_iter().next()) {
        (Some(tree), None) => Ok(tree),
        (_, Some(error)) => Err(error),
        (None, None) => unreachable!("a file is refused with a reason"),
    }
}

/// Parses one file, going on after a syntax error with the next
/// declaration (`recover.rs`): the tree holds every declaration that
/// parsed, and the errors say what did not. No tree when the text breaks
/// the input limits (`limits.rs`) and is not parsed at all.
///
/// The file is parsed a few declarations at a time (`next_items`: up to
/// 32), turned into syntax before the next are read, so that only their
/// parse tree is in memory at once (one pest call per declaration cost a
/// tenth of the parse); the result is the same as parsing the whole
/// `file` rule. A large file is also cut into one part per core,
/// parsed side by side (see `parse_parts`).
pub fn parse_recovering(file: FileId, text: &str) -> (Option<File>, Vec<Diagnostic>) {
    if let Err(error) = super::limits::check(file, text) {
        return (None, vec![error]);
    }
    let parts = if text.len() < tmc_perf::FILE_BYTES {
        1
    } else {
        tmc_perf::split::threads()
    };
    let (tree, errors) = parse_parts(file, text, &cuts(text, parts));
    (Some(tree), errors)
}

/// Where parts of `text` should start: 0, then for each further part the
/// first line at or after its share of the work that looks like the start
/// of a declaration (a letter or `///` at the start of a line not after a
/// doc comment). Only a guess: `parse_parts` checks it.
fn cuts(text: &str, parts: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let work = Work::sample(bytes);
    let mut cuts = vec![0];
    for j in 1..parts {
        let after_doc = |at: usize| {
            text[..at - 1]
                .rsplit('\n')
                .next()
                .is_some_and(|previous| previous.starts_with("///"))
        };
        let cut = declaration_lines(bytes, work.share(j, parts)).find(|&at| !after_doc(at));
        if let Some(at) = cut.filter(|&at| at > *cuts.last().unwrap_or(&0) && at < text.len()) {
            cuts.push(at);
        }
    }
    cuts
}

/// The starts of the lines after `from` that begin as declarations do,
/// with a letter or `///` (a guess: the text is not parsed).
fn declaration_lines(bytes: &[u8], from: usize) -> impl Iterator<Item = usize> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            at += memchr::memchr(b'\n', &bytes[at..])? + 1;
            let line = &bytes[at..];
            if line.first().is_some_and(u8::is_ascii_alphabetic) || line.starts_with(b"///") {
                return Some(at);
            }
        }
        None
    })
}

/// How the work of parsing a text is spread over it. The parser's time
/// follows the number of words (names, keywords, numbers) more closely
/// than the number of bytes: a part full of flows, with short values,
/// takes a quarter longer than a part of elements of the same size. So
/// the words are counted on a sample of the text, a window at the start
/// of each of `BLOCKS` blocks.
struct Work {
    /// Where each block ends, and the estimated words up to that point.
    blocks: Vec<(usize, f64)>,
}

const BLOCKS: usize = 128;
const WINDOW: usize = 2048;

impl Work {
    fn sample(bytes: &[u8]) -> Work {
        let size = bytes.len().div_ceil(BLOCKS).max(1);
        let mut total = 0.0;
        let blocks = bytes
            .chunks(size)
            .scan(0, |end, block| {
                let window = &block[..block.len().min(WINDOW)];
                // Every block counts for at least one word per window, so a
                // blank stretch still has a share.
                let words = words(window).max(1) as f64;
                total += words * block.len() as f64 / window.len() as f64;
                *end += block.len();
                Some((*end, total))
            })
            .collect();
        Work { blocks }
    }

    /// The byte offset where part `j` of `parts` should start: where the
    /// estimated words reach `j / parts` of all of them.
    fn share(&self, j: usize, parts: usize) -> usize {
        let total = self.blocks.last().map_or(0.0, |b| b.1);
        let goal = total * j as f64 / parts as f64;
        let i = self.blocks.partition_point(|b| b.1 < goal);
        let Some(&(end, upto)) = self.blocks.get(i) else {
            return self.blocks.last().map_or(0, |b| b.0);
        };
        let (start, before) = match i {
            0 => (0, 0.0),
            _ => self.blocks[i - 1],
        };
        // Within the block the words are taken as evenly spread.
        let fraction = (goal - before) / (upto - before).max(f64::MIN_POSITIVE);
        start + ((end - start) as f64 * fraction.clamp(0.0, 1.0)) as usize
    }
}

/// The number of words in `bytes`: runs of letters, digits and `_`.
fn words(bytes: &[u8]) -> usize {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let mut count = usize::from(bytes.first().is_some_and(word));
    for pair in bytes.windows(2) {
        count += usize::from(word(&pair[1]) && !word(&pair[0]));
    }
    count
}

/// Parses `text` as parts starting at `cuts` (the first is 0), each on a
/// core of its own, and joins them into what one pass would give. Each
/// part stops at the first declaration that starts at or past the next
/// cut; the next part is taken only if its first declaration starts
/// exactly there (a cut inside a declaration or a comment fails this).
/// From a part not taken on, the rest is parsed again in one pass. A
/// declaration parses the same wherever the parse starts, since
/// `next_items` sees only the text from its start, so the join is the
/// same as one pass, errors included.
fn parse_parts(file: FileId, text: &str, cuts: &[usize]) -> (File, Vec<Diagnostic>) {
    parse_parts_with(file, text, cuts, ERROR_WINDOW)
}

/// `parse_parts`, with parses after a syntax error reading windows of
/// `window` bytes (see `batch`; tests try small ones).
fn parse_parts_with(
    file: FileId,
    text: &str,
    cuts: &[usize],
    window: usize,
) -> (File, Vec<Diagnostic>) {
    // From two parts on, one run per core: the parts are one per core.
    let parts = tmc_perf::split::runs(cuts.len(), 2, |range| {
        range
            .map(|j| Part::parse(file, text, cuts[j], cuts.get(j + 1).copied(), window))
            .collect::<Vec<_>>()
    });
    // The declarations are joined into the first part's list, grown once
    // to hold them all (in place where the allocator can) instead of
    // once per part.
    let total = parts.iter().flatten().map(|p| p.items.len()).sum::<usize>();
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut broken = Vec::new();
    let mut expected: Option<(usize, usize)> = None;
    for part in parts.into_iter().flatten() {
        let mut part = match expected {
            None => part,
            Some((_, start)) if part.first == Some(start) => part,
            Some((resume, _)) => Part::parse(file, text, resume, None, window),
        };
        if items.is_empty() {
            items = std::mem::take(&mut part.items);
            items.reserve_exact(total.saturating_sub(items.len()));
        } else {
            items.append(&mut part.items);
        }
        errors.append(&mut part.errors);
        broken.append(&mut part.broken);
        match part.end {
            PartEnd::Eof => break,
            PartEnd::Reached { resume, start } => expected = Some((resume, start)),
        }
    }
    // Parts count their errors each on their own: past the limit, only a
    // single pass stops where one pass would.
    if cuts.len() > 1 && broken.len() > MAX_SYNTAX_ERRORS {
        return parse_parts_with(file, text, &[0], window);
    }
    (File { items, broken }, errors)
}

/// The declarations of one part of a file.
pub(super) struct Part {
    pub(super) items: Vec<Item>,
    /// Where the part's first declaration (parsed or broken) starts.
    first: Option<usize>,
    /// Syntax errors, and problems the grammar cannot see, in order.
    pub(super) errors: Vec<Diagnostic>,
    /// The declarations skipped after a syntax error.
    pub(super) broken: Vec<Broken>,
    pub(super) end: PartEnd,
}

pub(super) enum PartEnd {
    /// The text ended.
    Eof,
    /// A declaration starts at `start`, at or past the part's limit; the
    /// part's last declaration ended at `resume`.
    Reached { resume: usize, start: usize },
}

impl Part {
    /// Declarations from `from` until the text ends or one starts at or
    /// past `limit`.
    pub(super) fn parse(
        file: FileId,
        text: &str,
        from: usize,
        limit: Option<usize>,
        window: usize,
    ) -> Part {
        let b = Builder {
            file,
            base: Cell::new(0),
            errors: RefCell::new(Vec::new()),
        };
        let mut items = Vec::new();
        let mut broken = Vec::new();
        let mut first = None;
        // Where the last declaration parsed starts, when it ends at `at`.
        let mut last = None;
        // After the first syntax error, parses read windows of the text
        // (see `batch`).
        let mut windowed = false;
        let mut at = from;
        let end = 'parts: loop {
            if broken.len() == MAX_SYNTAX_ERRORS {
                let rest = declaration_start(text, at);
                if rest < text.len() {
                    b.errors.borrow_mut().push(too_many_errors(file, rest));
                    broken.push(super::recover::skipped(file, text, rest, text.len()));
                }
                break PartEnd::Eof;
            }
            let (parsed, end) = batch(text, at, windowed.then_some(window));
            let found = match parsed {
                Ok(found) => found,
                Err(here) => {
                    // The declaration at `at` does not parse: reported, then
                    // skipped.
                    windowed = true;
                    let (start, stop) = broken_declaration(text, at, here, last, end);
                    if limit.is_some_and(|limit| start >= limit) {
                        break PartEnd::Reached { resume: at, start };
                    }
                    if last == Some(start) {
                        items.pop();
                    }
                    last = None;
                    first.get_or_insert(start);
                    let recovered = super::recover::recover(file, text, start, stop);
                    b.errors.borrow_mut().push(recovered.error);
                    broken.push(recovered.broken);
                    at = recovered.resume;
                    continue;
                }
            };
            let mut found = found.into_iter();
            let Some(first_found) = found.next() else {
                break PartEnd::Eof;
            };
            // Spans are counted from where this parse started.
            let base = at;
            b.base.set(base);
            for item in std::iter::once(first_found).chain(found) {
                let span = item.as_span();
                let start = base + span.start();
                if limit.is_some_and(|limit| start >= limit) {
                    break 'parts PartEnd::Reached { resume: at, start };
                }
                first.get_or_insert(start);
                last = Some(start);
                at = base + span.end();
                items.push(b.item(item));
            }
        };
        Part {
            items,
            first,
            errors: b.errors.into_inner(),
            broken,
            end,
        }
    }
}

/// The pest parse tree of a file (its `file` pair), for the formatter, which
/// needs the layout and string forms the AST drops. On a syntax error, the
/// same diagnostic as `parse`.
pub(crate) fn parse_tree(file: FileId, text: &str) -> Result<Pair<'_, Rule>, Diagnostic> {
    super::limits::check(file, text)?;
    match TmParser::parse(Rule::file, text) {
        Ok(mut pairs) => Ok(pairs
            .next()
            .expect("the `file` rule always produces one pair")),
        Err(_) => Err(parse(file, text).err().unwrap_or_else(|| {
            Diagnostic::error("syntax", "syntax error").at(Span::new(file, 0, 0), "here")
        })),
    }
}

/// How much text a parse reads after a syntax error (see `batch`).
pub(super) const ERROR_WINDOW: usize = 4096;

/// The next declarations (`next_items`) from `at`, or where and why the
/// one at `at` does not parse, with the end of the text they were parsed
/// from.
///
/// A failed pest parse costs a pass over its whole input (pest finds the
/// line of the error by reading back from the input's end), so after a
/// part's first syntax error each parse reads a `window`: up to
/// a line that starts like a declaration, that many bytes on or further.
/// The result is the same as from the whole text: the last declaration
/// of a window is left for the next parse (it might go on past the
/// window), and a failure that reaches the window's end is tried again
/// with a window four times larger.
fn batch(
    text: &str,
    at: usize,
    window: Option<usize>,
) -> (Result<Vec<Pair<'_, Rule>>, Stop>, usize) {
    let mut size = window.unwrap_or(usize::MAX);
    loop {
        let end = window_end(text, at.saturating_add(size));
        let whole = end == text.len();
        match TmParser::parse(Rule::next_items, &text[at..end]) {
            Ok(mut pairs) => {
                let found = pairs.next().map(|p| p.into_inner());
                let mut items: Vec<_> = found
                    .into_iter()
                    .flatten()
                    .filter(|p| p.as_rule() == Rule::item)
                    .collect();
                if !whole {
                    items.pop();
                }
                if whole || !items.is_empty() {
                    return (Ok(items), end);
                }
            }
            Err(_) => {
                // pest's detailed account says where the parse really
                // stopped (the plain one may name an earlier place).
                let here = stop(text, at, end);
                if whole || !reaches(text, here.at, end) {
                    return (Err(here), end);
                }
            }
        }
        size = size.saturating_mul(4);
    }
}

/// Whether a parse that stopped at `at` could have gone on past `end`:
/// only blanks and comments lie between.
fn reaches(text: &str, at: usize, end: usize) -> bool {
    super::tokens::Tokens::from(text, at.min(end))
        .take_while(|t| t.start < end)
        .all(|t| t.is_trivia())
}

/// The first line after `from` that starts with a letter or `///`
/// (as declarations do), or the end of the text.
fn window_end(text: &str, from: usize) -> usize {
    declaration_lines(text.as_bytes(), from)
        .next()
        .unwrap_or(text.len())
}

fn error_position(error: &pest::error::Error<Rule>) -> usize {
    match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
}

/// The declaration that broke the parse at `at` (parsed up to `end`, where
/// it stopped `here`), and where and why it stopped. It is the one starting at `at`, unless the
/// declaration before it (starting at `last`) got further: its parse then
/// failed part way (in its `{ ... }`, say) and it was taken without the
/// part that failed (`Server s` of `Server s { port = }`), which left the
/// parse at `{`.
fn broken_declaration(
    text: &str,
    at: usize,
    here: Stop,
    last: Option<usize>,
    end: usize,
) -> (usize, Stop) {
    match last.map(|last| (last, stop_within(text, last, end))) {
        Some((last, before)) if before.at > here.at => (last, before),
        _ => (declaration_start(text, at), here),
    }
}

fn too_many_errors(file: FileId, at: usize) -> Diagnostic {
    Diagnostic::error(
        "too-many-syntax-errors",
        format!("more than {MAX_SYNTAX_ERRORS} syntax errors: the rest of the file is not read"),
    )
    .at(Span::new(file, at, at), "not read from here")
    .note("fix the errors above and run again")
}

/// `stop` from `at`, on a window ending at `end` or, if the parse could
/// have gone on past it, a larger one.
fn stop_within(text: &str, at: usize, mut end: usize) -> Stop {
    loop {
        let here = stop(text, at, end);
        if end == text.len() || !reaches(text, here.at, end) {
            return here;
        }
        end = window_end(text, at.saturating_add((end - at).saturating_mul(4)));
    }
}

/// Where the first declaration of `text[at..]` starts: its first token
/// that is not a blank or a `//` comment (a doc comment belongs to it).
pub(super) fn declaration_start(text: &str, at: usize) -> usize {
    super::tokens::Tokens::from(text, at)
        .find(|t| !matches!(t.kind, TokenKind::Blank | TokenKind::Comment))
        .map_or(text.len(), |t| t.start)
}

/// Parses `text[at..end]` again with pest's detailed error tracking (slower,
/// so only on the failure path) to say where it stops and which tokens
/// would have been accepted there.
fn stop(text: &str, at: usize, end: usize) -> Stop {
    let result = {
        // pest's switch for details is one flag for the process, read as a
        // parse starts: detailed parses take turns, so that one thread's
        // switching it off cannot start another's without details.
        static DETAIL: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = DETAIL.lock().unwrap_or_else(|e| e.into_inner());
        pest::set_error_detail(true);
        let result = TmParser::parse(Rule::probe, &text[at..end]);
        pest::set_error_detail(false);
        result
    };
    let Err(error) = result else {
        return Stop {
            at,
            message: "syntax error".into(),
        };
    };
    let pos = at + error_position(&error);
    let expected = expected_list(&error);
    let found = describe_found(&text[pos..]);
    let message = if expected.is_empty() {
        format!("syntax error: unexpected {found}")
    } else {
        format!("syntax error: expected {expected}, found {found}")
    };
    Stop { at: pos, message }
}

/// "`=`, `{` or an identifier": the tokens and rules pest tried last.
fn expected_list(error: &pest::error::Error<Rule>) -> String {
    let mut items: Vec<String> = Vec::new();
    if let Some(attempts) = error.parse_attempts() {
        // Punctuation is worth naming; keywords and character classes are
        // better summed up by the rule names below.
        const SHOWN: &[&str] = &["=", "{", "}", "[", "]", "->", ":", ",", "?", "in"];
        for token in attempts.expected_tokens() {
            let token = token.to_string();
            if SHOWN.contains(&token.as_str()) {
                items.push(format!("`{token}`"));
            }
        }
        for stack in &attempts.call_stacks {
            let rule = stack.parent.or(stack.deepest.get_rule().copied());
            if let Some(name) = rule.and_then(rule_name) {
                items.push(name.to_string());
            }
        }
    }
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
        items.extend(
            positives
                .iter()
                .filter_map(|r| rule_name(*r).map(String::from)),
        );
    }
    items.sort();
    items.dedup();
    // A doc comment is never what was missing, unless nothing else was.
    if items.len() > 1 {
        items.retain(|i| i != "a doc comment");
    }
    // `[` and `{` open a list and a record, both values.
    if items.iter().any(|i| i == "a value") {
        items.retain(|i| i != "`[`" && i != "`{`");
    }
    join_or(&items)
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Readable names of the rules a user can be told were expected.
fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::path => "an identifier",
        Rule::string | Rule::short_string | Rule::long_string => "a string",
        Rule::integer => "an integer",
        Rule::boolean => "`true` or `false`",
        Rule::value => "a value",
        Rule::list => "a list",
        Rule::item => "a declaration",
        Rule::type_expr | Rule::named_type | Rule::list_type => "a type",
        Rule::EOI => "end of file",
        Rule::doc_comment => "a doc comment",
        _ => return None,
    })
}

fn describe_found(rest: &str) -> String {
    let Some(c) = rest.chars().next() else {
        return "end of file".into();
    };
    if c.is_alphanumeric() || c == '_' {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .take(40)
            .collect();
        format!("`{word}`")
    } else if c == '\n' || c == '\r' {
        "end of line".into()
    } else {
        format!("`{c}`")
    }
}

pub(super) struct Builder {
    file: FileId,
    /// Where in the file the text being built starts (pest's positions are
    /// relative to it).
    base: Cell<usize>,
    /// Problems the grammar cannot see, such as an integer out of range.
    pub(super) errors: RefCell<Vec<Diagnostic>>,
}

impl Builder {
    pub(super) fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        let base = self.base.get();
        Span::new(self.file, base + s.start(), base + s.end())
    }

    /// A name; a keyword in its place is an error (the grammar lets
    /// keywords through as names, see `ident` in the grammar).
    pub(super) fn ident(&self, pair: Pair<Rule>) -> Ident {
        let ident = self.any_ident(pair);
        let (name, span) = (&ident.name, ident.span);
        if is_keyword(name) {
            let error = Diagnostic::error(
                "syntax",
                format!("`{name}` is a keyword and cannot be used as a name"),
            )
            .at(span, "keyword")
            .note(format!(
                "choose another name, e.g. `{name}_` or `my_{name}`"
            ));
            self.errors.borrow_mut().push(error);
        }
        ident
    }

    /// A name, keywords allowed (`count` in `count(list)`).
    pub(super) fn any_ident(&self, pair: Pair<Rule>) -> Ident {
        Ident {
            name: CompactString::new(pair.as_str()),
            span: self.span(&pair),
        }
    }

    fn item(&self, pair: Pair<Rule>) -> Item {
        let mut inner = pair.into_inner();
        let docs = self.docs(inner.next().expect("item starts with docs"));
        let decl = inner.next().expect("item has a declaration");
        self.decl(docs, decl)
    }

    fn decl(&self, docs: String, pair: Pair<Rule>) -> Item {
        match pair.as_rule() {
            Rule::import_decl => {
                let span = self.span(&pair);
                let path = self.string(pair.into_inner().next().expect("import path"));
                Item::Import(Import { path, span })
            }
            Rule::model_decl => {
                let span = self.span(&pair);
                let mut inner = pair.into_inner();
                let name = self.string(inner.next().expect("model name"));
                let body = inner.next().map(|b| self.body(b)).unwrap_or_default();
                Item::Model(ModelDecl {
                    docs,
                    name,
                    body,
                    span,
                })
            }
            Rule::boundary_decl => Item::Boundary(self.boundary(docs, pair)),
            Rule::flow_decl => Item::Flow(self.flow(docs, pair)),
            Rule::element_decl => Item::Element(self.element(docs, pair)),
            Rule::kind_decl => Item::Kind(self.kind(docs, pair)),
            Rule::record_decl => {
                let span = self.span(&pair);
                let mut inner = pair.into_inner();
                let name = self.ident(inner.next().expect("record name"));
                let (fields, overrides) = self.fields(inner.next().expect("record fields"));
                for o in overrides {
                    let error = Diagnostic::error("syntax", "a record cannot override a default")
                        .at(o.span, "only `name: type = default` fields belong in a record")
                        .note("overrides (`name = value`) belong in a `kind` that inherits the attribute");
                    self.errors.borrow_mut().push(error);
                }
                Item::Record(RecordDecl {
                    docs,
                    name,
                    fields,
                    span,
                })
            }
            Rule::enum_decl => Item::Enum(self.enumeration(docs, pair)),
            Rule::threat_decl => Item::Threat(self.threat(docs, pair)),
            Rule::predicate_decl => Item::Predicate(self.predicate(docs, pair)),
            other => unreachable!("not a declaration rule: {other:?}"),
        }
    }

    fn boundary(&self, docs: String, pair: Pair<Rule>) -> BoundaryDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let id = self.ident(inner.next().expect("boundary id"));
        let mut decl = BoundaryDecl {
            docs,
            id,
            name: None,
            parent: None,
            body: Vec::new(),
            nested: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => decl.name = Some(self.string(p)),
                Rule::in_clause => decl.parent = Some(self.in_clause(p)),
                Rule::boundary_body => {
                    for m in p.into_inner() {
                        let mut parts = m.into_inner();
                        let docs = self.docs(parts.next().expect("member docs"));
                        let content = parts.next().expect("member content");
                        if content.as_rule() == Rule::member {
                            decl.body.push(self.member(docs, content));
                        } else {
                            decl.nested.push(self.decl(docs, content));
                        }
                    }
                }
                other => unreachable!("unexpected in boundary: {other:?}"),
            }
        }
        decl
    }

    fn flow(&self, docs: String, pair: Pair<Rule>) -> FlowDecl {
        let span = self.span(&pair);
        let mut id = None;
        let mut ends = Vec::new();
        let mut name = None;
        let mut body = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::flow_label => id = Some(self.ident(p.into_inner().next().expect("label"))),
                Rule::ident => ends.push(self.ident(p)),
                Rule::arrow => {}
                Rule::string => name = Some(self.string(p)),
                Rule::body => body = self.body(p),
                other => unreachable!("unexpected in flow: {other:?}"),
            }
        }
        let sink = ends.pop().expect("flow sink");
        let source = ends.pop().expect("flow source");
        FlowDecl {
            docs,
            id,
            source,
            sink,
            name,
            body,
            span,
        }
    }

    fn element(&self, docs: String, pair: Pair<Rule>) -> ElementDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let kind = self.ident(inner.next().expect("element kind"));
        let id = self.ident(inner.next().expect("element id"));
        let mut decl = ElementDecl {
            docs,
            kind,
            id,
            name: None,
            boundary: None,
            body: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => decl.name = Some(self.string(p)),
                Rule::in_clause => decl.boundary = Some(self.in_clause(p)),
                Rule::body => decl.body = self.body(p),
                other => unreachable!("unexpected in element: {other:?}"),
            }
        }
        decl
    }

    fn in_clause(&self, pair: Pair<Rule>) -> Ident {
        self.ident(
            pair.into_inner()
                .next()
                .expect("in clause names a boundary"),
        )
    }

    /// `{ docs member ... }`, the shape shared by `body` and `record`.
    pub(super) fn body(&self, pair: Pair<Rule>) -> Vec<Member> {
        let inner = pair.into_inner();
        // Each member comes as two pairs: its docs, then the member.
        let mut members = Vec::with_capacity(inner.len() / 2);
        let mut docs = String::new();
        for p in inner {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::member => members.push(self.member(std::mem::take(&mut docs), p)),
                other => unreachable!("unexpected in body: {other:?}"),
            }
        }
        members
    }

    /// The grammar admits any digit run; one that does not fit in 64 bits
    /// is an error here.
    pub(super) fn integer(&self, pair: &Pair<Rule>) -> i64 {
        pair.as_str().parse::<i64>().unwrap_or_else(|_| {
            let error = Diagnostic::error("syntax", "integer out of range")
                .at(self.span(pair), "does not fit in a 64-bit integer");
            self.errors.borrow_mut().push(error);
            0
        })
    }

    pub(super) fn member(&self, docs: String, pair: Pair<Rule>) -> Member {
        let inner = pair.into_inner().next().expect("member has content");
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::assignment => {
                let mut parts = inner.into_inner();
                let path = parts
                    .next()
                    .expect("assignment path")
                    .into_inner()
                    .map(|p| self.ident(p))
                    .collect();
                let value = self.value(parts.next().expect("assignment value"));
                Member {
                    docs,
                    path,
                    value,
                    span,
                }
            }
            Rule::record_block => {
                let mut parts = inner.into_inner();
                let name = self.ident(parts.next().expect("record block name"));
                let record = parts.next().expect("record block body");
                let value = Value {
                    span: self.span(&record),
                    kind: ValueKind::Record(self.body(record)),
                };
                Member {
                    docs,
                    path: vec![name],
                    value,
                    span,
                }
            }
            other => unreachable!("unexpected member: {other:?}"),
        }
    }

    pub(super) fn value(&self, pair: Pair<Rule>) -> Value {
        let inner = pair.into_inner().next().expect("value has content");
        let span = self.span(&inner);
        let kind = match inner.as_rule() {
            Rule::string => ValueKind::Str(self.string(inner).value),
            Rule::boolean => ValueKind::Bool(inner.as_str() == "true"),
            Rule::integer => ValueKind::Int(self.integer(&inner)),
            Rule::list => ValueKind::List(inner.into_inner().map(|v| self.value(v)).collect()),
            Rule::record => ValueKind::Record(self.body(inner)),
            Rule::ident => ValueKind::Name(inner.as_str().to_string()),
            other => unreachable!("unexpected value: {other:?}"),
        };
        Value { kind, span }
    }

    fn kind(&self, docs: String, pair: Pair<Rule>) -> KindDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next().expect("kind name"));
        let mut parent = None;
        let mut fields = Vec::new();
        let mut overrides = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::parent => parent = Some(self.ident(p.into_inner().next().expect("parent"))),
                Rule::fields => (fields, overrides) = self.fields(p),
                other => unreachable!("unexpected in kind: {other:?}"),
            }
        }
        KindDecl {
            docs,
            name,
            parent,
            fields,
            overrides,
            span,
        }
    }

    fn fields(&self, pair: Pair<Rule>) -> (Vec<FieldDecl>, Vec<Member>) {
        let mut fields = Vec::new();
        let mut overrides = Vec::new();
        for field in pair.into_inner() {
            let mut parts = field.into_inner();
            let docs = self.docs(parts.next().expect("field docs"));
            let decl = parts.next().expect("field content");
            let span = self.span(&decl);
            match decl.as_rule() {
                Rule::field_decl => {
                    let mut derived = false;
                    let mut name = None;
                    let mut ty = None;
                    let mut default = None;
                    for p in decl.into_inner() {
                        match p.as_rule() {
                            Rule::derived => derived = true,
                            Rule::ident => name = Some(self.ident(p)),
                            Rule::type_expr => ty = Some(self.type_expr(p)),
                            Rule::value => default = Some(self.value(p)),
                            other => unreachable!("unexpected in field: {other:?}"),
                        }
                    }
                    fields.push(FieldDecl {
                        docs,
                        derived,
                        name: name.expect("field name"),
                        ty: ty.expect("field type"),
                        default,
                        span,
                    });
                }
                Rule::field_override => {
                    let mut parts = decl.into_inner();
                    let name = self.ident(parts.next().expect("override name"));
                    let value = self.value(parts.next().expect("override value"));
                    overrides.push(Member {
                        docs,
                        path: vec![name],
                        value,
                        span,
                    });
                }
                other => unreachable!("unexpected field rule: {other:?}"),
            }
        }
        (fields, overrides)
    }

    pub(super) fn type_expr(&self, pair: Pair<Rule>) -> TypeExpr {
        let inner = pair.into_inner().next().expect("type has content");
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::list_type => TypeExpr::List {
                element: Box::new(self.type_expr(inner.into_inner().next().expect("element type"))),
                span,
            },
            Rule::named_type => {
                let mut parts = inner.into_inner();
                let name = self.ident(parts.next().expect("type name"));
                TypeExpr::Named {
                    name,
                    optional: parts.next().is_some(),
                }
            }
            other => unreachable!("unexpected type: {other:?}"),
        }
    }

    fn enumeration(&self, docs: String, pair: Pair<Rule>) -> EnumDecl {
        let span = self.span(&pair);
        let mut ordered = false;
        let mut name = None;
        let mut members = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ordered => ordered = true,
                Rule::ident => name = Some(self.ident(p)),
                Rule::enum_member => {
                    let mut parts = p.into_inner();
                    let docs = self.docs(parts.next().expect("member docs"));
                    let name = self.ident(parts.next().expect("member name"));
                    members.push(EnumMember { docs, name });
                }
                other => unreachable!("unexpected in enum: {other:?}"),
            }
        }
        EnumDecl {
            docs,
            ordered,
            name: name.expect("enum name"),
            members,
            span,
        }
    }

    /// Joins `///` lines into one doc text, one line each.
    pub(super) fn docs(&self, pair: Pair<Rule>) -> String {
        // Most declarations and members have none.
        let span = pair.as_span();
        if span.start() == span.end() {
            return String::new();
        }
        let lines: Vec<&str> = pair
            .into_inner()
            .map(|d| {
                let text = d.into_inner().next().map_or("", |t| t.as_str());
                text.strip_prefix(' ').unwrap_or(text).trim_end()
            })
            .collect();
        lines.join("\n")
    }

    pub(super) fn string(&self, pair: Pair<Rule>) -> Str {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().expect("string has a form");
        let value = match inner.as_rule() {
            Rule::short_string => unescape(inner.into_inner().next().map_or("", |t| t.as_str())),
            Rule::long_string => dedent(inner.into_inner().next().map_or("", |t| t.as_str())),
            other => unreachable!("unexpected string form: {other:?}"),
        };
        Str { value, span }
    }
}

/// Processes the escapes the grammar admits: `\" \\ \n \t \r \0 \u{...}`.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                let code = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                out.push(code.unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The text of a `"""` string: a first line break is dropped, and the
/// indentation common to all non-blank lines is removed.
fn dedent(raw: &str) -> String {
    let raw = raw
        .strip_prefix("\r\n")
        .or_else(|| raw.strip_prefix('\n'))
        .unwrap_or(raw);
    // Indentation is counted in characters, not bytes: a line indented
    // with a multi-byte space (U+3000) must not be cut inside it.
    let indent = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.chars().take_while(|c| c.is_whitespace()).count())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = raw
        .lines()
        .map(|l| match l.char_indices().nth(indent) {
            Some((i, _)) => &l[i..],
            None => l.trim_start(),
        })
        .collect();
    let mut text = lines.join("\n");
    // A closing `"""` on its own line leaves a trailing blank line; drop it.
    while text.ends_with([' ', '\t']) {
        text.pop();
    }
    if text.ends_with('\n') {
        text.pop();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every way of cutting `text` in two, and in three, parses as one
    /// pass does: the same declarations, and the same errors.
    fn parts_agree_with_one_pass(text: &str) -> (File, Vec<Diagnostic>) {
        let whole = parse_parts(FileId(0), text, &[0]);
        let bounds: Vec<usize> = (1..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &a in &bounds {
            assert_eq!(parse_parts(FileId(0), text, &[0, a]), whole, "cut at {a}");
            for &b in bounds.iter().filter(|&&b| b > a).step_by(7) {
                assert_eq!(
                    parse_parts(FileId(0), text, &[0, a, b]),
                    whole,
                    "cuts at {a}, {b}"
                );
            }
        }
        whole
    }

    #[test]
    fn a_file_cut_anywhere_parses_as_one_pass() {
        let text = "model \"M\" { description = \"d\" }\n// a comment\n/// docs\n/// more\nServer web \"Web\" { port = 80 }\n\nflow a: web -> web // trailing\nboundary b {\n  Actor u\n}\n";
        let (file, errors) = parts_agree_with_one_pass(text);
        assert_eq!((file.items.len(), errors.len()), (4, 0));
    }

    #[test]
    fn a_file_with_errors_cut_anywhere_recovers_as_one_pass() {
        let syntax = "Actor a\nServer s { port = }\nActor b\nServer t {\n  x = 1\nActor c\n";
        let (file, errors) = parts_agree_with_one_pass(syntax);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "syntax error: expected a value, found `}`",
                "syntax error: `{` is never closed"
            ]
        );
        assert_eq!(file.items.len(), 3, "a, b and c");
        assert_eq!(file.broken.len(), 2);
        // Two integers out of range (found by the builder, not the
        // grammar): both reported, wherever the cut.
        let range = "Actor a\nActor c { order = 99999999999999999999 }\nActor b\nActor d { order = 99999999999999999998 }\n";
        let (_, errors) = parts_agree_with_one_pass(range);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].message, "integer out of range");
        assert_eq!(errors[0].labels[0].span.start, range.find("999").unwrap());
    }

    #[test]
    fn cuts_fall_on_declaration_lines() {
        let text = "Actor a\n/// doc\n/// doc\nActor b { x = 1\n  y = 2 }\nActor c\n".repeat(50);
        let cuts = cuts(&text, 4);
        assert_eq!(cuts.len(), 4);
        assert_eq!(cuts[0], 0);
        for &c in &cuts[1..] {
            let line = &text[c..];
            assert!(
                line.starts_with("Actor") || line.starts_with("/// doc\n/// doc"),
                "{:?}",
                &line[..12]
            );
        }
        assert_eq!(
            parse_parts(FileId(0), &text, &cuts),
            parse_parts(FileId(0), &text, &[0])
        );
    }

    #[test]
    fn cuts_share_the_words_not_the_bytes() {
        // The first half of the bytes holds a tenth of the words.
        let wordy = "Actor a { x = [b, c, d, e, f, g, h, i] }\n".repeat(2000);
        let sparse = format!("Actor a \"{}\"\n", "-".repeat(wordy.len() / 200 - 12)).repeat(200);
        let text = format!("{sparse}{wordy}");
        let cut = cuts(&text, 2)[1];
        assert!(cut > sparse.len(), "cut at {cut} of {}", text.len());
        let (before, after) = text.split_at(cut);
        let (a, b) = (words(before.as_bytes()), words(after.as_bytes()));
        assert!(
            a.abs_diff(b) * 20 < a + b,
            "{a} words before the cut, {b} after"
        );
        assert_eq!(
            parse_parts(FileId(0), &text, &cuts(&text, 2)),
            parse_parts(FileId(0), &text, &[0])
        );
    }

    #[test]
    fn words_are_runs_of_letters_digits_and_underscores() {
        assert_eq!(words(b""), 0);
        assert_eq!(words(b"a"), 1);
        assert_eq!(words(b"flow f_1: a -> b2 { port = 443 }"), 6);
    }

    /// Text made of pieces of the language, broken at random: every
    /// piece the recovery reads (brackets, strings left open, doc comments,
    /// declaration words at a line's start, non-ASCII characters), joined
    /// in random order by a fixed generator, so a failure replays.
    fn soup(seed: u64, pieces: usize) -> String {
        const PIECES: &[&str] = &[
            "Server web",
            "Actor a \"A\"",
            "flow a -> b",
            "flow f: a -> b",
            "boundary b",
            "kind K",
            "record R",
            "enum E",
            "threat T \"t\"",
            "predicate p(x: Server)",
            "model \"m\"",
            "import \"x.tm\"",
            "{",
            "}",
            "[",
            "]",
            "(",
            ")",
            "=",
            ",",
            ":",
            ".",
            "-",
            "->",
            "\n",
            "\n  ",
            " ",
            "\"",
            "\"\"\"",
            "\"s\"",
            "///d\n",
            "// c\n",
            "x = 1",
            "when = ",
            "any f in x:",
            "“",
            "é",
            "#",
            "'",
            "\r\n",
            "True",
            "in",
            "\u{feff}",
            "99999999999999999999",
        ];
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut text = String::new();
        for _ in 0..pieces {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        text
    }

    #[test]
    fn broken_text_recovers_without_panic_and_with_spans_in_the_text() {
        for seed in 0..3000 {
            let text = soup(seed, 1 + (seed as usize % 60));
            let (tree, errors) = parse_recovering(FileId(0), &text);
            for e in &errors {
                for label in &e.labels {
                    let (a, b) = (label.span.start, label.span.end);
                    assert!(a <= b && b <= text.len(), "{text:?}: {e:?}");
                    assert!(
                        text.is_char_boundary(a) && text.is_char_boundary(b),
                        "{text:?}"
                    );
                }
            }
            let Some(tree) = tree else { continue };
            assert_eq!(
                !tree.broken.is_empty(),
                errors.iter().any(|e| e.message.starts_with("syntax error")),
                "{text:?}"
            );
            for b in &tree.broken {
                assert!(
                    b.span.start <= b.span.end && b.span.end <= text.len(),
                    "{text:?}"
                );
            }
        }
    }

    /// After a syntax error, parses read windows of the text; whatever
    /// their size, the result is the one from reading the whole text.
    #[test]
    fn windows_after_an_error_parse_as_the_whole_text() {
        let decls = [
            "Server s {\n  OS \"Linux\"\n}\n",
            "Actor a \"A\"\nin b {\n  x = 1\n}\n",
            "threat T \"t\" {\n  when = a or\nb\n}\n",
            "Data d \"\"\"\nServer x long\n\"\"\"\n",
            "predicate p(x: Server) = x.y\n  and x.z\n",
            "Server t {\n  controls {\n    isHardened = true\n",
            "flow f: a -> b \"x\" { port = 1 }\n",
            "boundary b {\n  Server in_b\n}\n",
            "// comment\n/// doc\nkind K : Element {\n  y: int = 1\n}\n",
        ];
        for seed in 0..40u64 {
            let text: String = (0..30)
                .map(|i| decls[((seed * 7 + i * (seed % 5 + 1)) % decls.len() as u64) as usize])
                .collect();
            let whole = parse_parts_with(FileId(0), &text, &[0], usize::MAX);
            for window in [1, 16, 64, 200] {
                assert_eq!(
                    parse_parts_with(FileId(0), &text, &[0], window),
                    whole,
                    "window {window}: {text}"
                );
            }
        }
    }

    #[test]
    fn after_too_many_errors_the_rest_is_skipped_with_its_names() {
        let broken = "Server s {\n  OS \"Linux\"\n}\n".repeat(MAX_SYNTAX_ERRORS + 5);
        let text = format!("{broken}Server last \"L\"\nmodel \"m\"\n");
        let (tree, errors) = parse_recovering(FileId(0), &text);
        let tree = tree.expect("parsed");
        assert_eq!(errors.len(), MAX_SYNTAX_ERRORS + 1);
        assert_eq!(errors[MAX_SYNTAX_ERRORS].code, "too-many-syntax-errors");
        assert!(tree.items.is_empty());
        let rest = tree.broken.last().expect("the rest");
        assert_eq!(rest.span.end, text.len());
        assert!(rest.model);
        assert!(rest.names.iter().any(|n| n.name == "last"));
    }

    fn parse_ok(text: &str) -> File {
        match parse(FileId(0), text) {
            Ok(f) => f,
            Err(d) => panic!("parse failed: {}", d.message),
        }
    }

    #[test]
    fn parses_an_element_with_boundary_and_body() {
        let f =
            parse_ok("Server web \"Web\" in dmz { OS = \"Linux\" controls { isHardened = true } }");
        let Item::Element(e) = &f.items[0] else {
            panic!("not an element")
        };
        assert_eq!(e.kind.name, "Server");
        assert_eq!(e.id.name, "web");
        assert_eq!(e.name.as_ref().unwrap().value, "Web");
        assert_eq!(e.boundary.as_ref().unwrap().name, "dmz");
        assert_eq!(e.body.len(), 2);
        assert!(matches!(e.body[1].value.kind, ValueKind::Record(ref m) if m.len() == 1));
    }

    #[test]
    fn parses_flows_with_and_without_label() {
        let f = parse_ok("flow a -> b \"x\"\nflow ab: a -> b { dstPort = 80 }");
        let Item::Flow(first) = &f.items[0] else {
            panic!()
        };
        assert!(first.id.is_none());
        assert_eq!(
            (first.source.name.as_str(), first.sink.name.as_str()),
            ("a", "b")
        );
        let Item::Flow(second) = &f.items[1] else {
            panic!()
        };
        assert_eq!(second.id.as_ref().unwrap().name, "ab");
        assert_eq!(second.body[0].value.kind, ValueKind::Int(80));
    }

    #[test]
    fn nested_boundaries_keep_their_members() {
        let f = parse_ok("boundary a \"A\" { description = \"d\" boundary b Actor u }");
        let Item::Boundary(a) = &f.items[0] else {
            panic!()
        };
        assert_eq!(a.body.len(), 1);
        assert_eq!(a.nested.len(), 2);
    }

    #[test]
    fn doc_comments_attach_to_the_next_item() {
        let f = parse_ok("/// first\n/// second\nActor u \"U\"\n// plain comment\nActor v");
        let Item::Element(u) = &f.items[0] else {
            panic!()
        };
        assert_eq!(u.docs, "first\nsecond");
        let Item::Element(v) = &f.items[1] else {
            panic!()
        };
        assert_eq!(v.docs, "");
    }

    #[test]
    fn strings_unescape_and_long_strings_dedent() {
        let f = parse_ok(
            "model \"a\\\"b\\u{41}\" { description = \"\"\"\n    one\n      two\n    \"\"\" }",
        );
        let Item::Model(m) = &f.items[0] else {
            panic!()
        };
        assert_eq!(m.name.value, "a\"bA");
        assert_eq!(m.body[0].value.kind, ValueKind::Str("one\n  two".into()));
    }

    #[test]
    fn schema_declarations_parse() {
        let f = parse_ok(
            "ordered enum C { /// low\n A B }\nkind S : E { /// doc\n x: bool = false\n derived y: [Flow]\n z: B?\n w = true }",
        );
        let Item::Enum(e) = &f.items[0] else { panic!() };
        assert!(e.ordered);
        assert_eq!(e.members[0].docs, "low");
        let Item::Kind(k) = &f.items[1] else { panic!() };
        assert_eq!(k.fields.len(), 3);
        assert!(k.fields[1].derived);
        assert!(matches!(
            k.fields[2].ty,
            TypeExpr::Named { optional: true, .. }
        ));
        assert_eq!(k.overrides.len(), 1);
    }

    #[test]
    fn keywords_are_not_identifiers() {
        for text in [
            "Actor flow",
            "model \"m\" { in = 3 }",
            "boundary count",
            "flow a -> none",
            "kind K { threat: bool }",
            "enum E { A any }",
        ] {
            let error = parse(FileId(0), text).unwrap_err();
            assert!(
                error
                    .message
                    .contains("is a keyword and cannot be used as a name"),
                "{text}: {}",
                error.message
            );
        }
        assert!(parse_ok("Actor flowchart").items.len() == 1);
    }

    #[test]
    fn a_name_may_start_with_derived_or_ordered() {
        let f = parse_ok("kind K : Element { derivedFrom: bool  orderedBy: int = 1 }");
        let Item::Kind(k) = &f.items[0] else { panic!() };
        assert_eq!(k.fields[0].name.name, "derivedFrom");
        assert!(!k.fields[0].derived);
        assert_eq!(k.fields[1].name.name, "orderedBy");
    }

    #[test]
    fn long_strings_indented_with_multibyte_spaces_dedent_by_characters() {
        // Found by the proptest generator (tests/properties.rs): the common
        // indentation was counted in bytes, and cutting two bytes off a line
        // indented with U+3000 (three bytes) panicked.
        assert_eq!(dedent("\n  a\n\u{3000}b\n"), " a\nb");
        assert_eq!(dedent("\n\u{3000}\u{3000}a\n\u{3000}b"), "\u{3000}a\nb");
        assert_eq!(
            dedent("\n\t\u{3000}\u{3000}\"\n\u{a0}→"),
            "\u{3000}\u{3000}\"\n→"
        );
        let f = parse_ok("model \"m\" { description = \"\"\"\n  a\n\u{3000}b\n  \"\"\" }");
        let Item::Model(m) = &f.items[0] else {
            panic!()
        };
        assert_eq!(m.body[0].value.kind, ValueKind::Str(" a\nb".into()));
    }

    #[test]
    fn syntax_error_names_what_was_expected() {
        let err = parse(FileId(0), "Server web \"W\" {\n  OS \"Linux\"\n}").unwrap_err();
        assert_eq!(err.code, "syntax");
        assert!(err.message.contains("expected"), "{}", err.message);
        assert!(err.message.contains("`=`"), "{}", err.message);
        assert_eq!(err.span().unwrap().start, 22);
    }
}
