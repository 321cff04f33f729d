//! Semantic tokens: what each name of a file is, for an editor to colour
//! by meaning rather than by pattern. The words come from the compiler's
//! tokens of the editor's text (`tmc_syntax::syntax::tokens`, the reading
//! the parser's recovery, the formatter and completion share), so they
//! follow every keystroke and a text that does not parse is still
//! coloured; what a word names comes from the last good compilation: the
//! schema's kinds, records, enums, members and attributes, the model's
//! objects (the compiler's own record of resolved references while the
//! text is the one compiled), the library's predicates and threats.
//!
//! Where a word sits (after `kind`, before `=`, after `.`, in a condition)
//! picks between the meanings a name may have; a word with no meaning
//! known gets no token, and the editor's grammar colours it.

use std::collections::{HashMap, HashSet};

use tmc_compiler::{Compilation, Span};
use tmc_syntax::syntax::tokens::{is_first_on_line, tokens, Token, TokenKind};
use tmc_syntax::syntax::{CONDITION_KEYWORDS, DECLARING};

use super::answers::{
    Range, SemanticToken, TokenType, DECLARATION, DEFAULT_LIBRARY, DEPRECATED, READONLY,
};
use super::lines::LineIndex;

/// The built-in types a field or parameter may have.
const BUILTIN_TYPES: &[&str] = &["bool", "int", "string"];

/// The semantic tokens of `text`, the editor's text of `file`, with the
/// names of `c`; only those on the lines of `range` when one is given.
pub fn tokens_of(
    c: &Compilation,
    file: &str,
    text: &str,
    range: Option<Range>,
) -> Vec<SemanticToken> {
    let names = Names::new(c, file, text);
    let words = Walk::new(text, &names).run();
    let index = LineIndex::new(text);
    let lines = range.map(|r| r.start.line..=r.end.line);
    words
        .into_iter()
        .filter_map(|(start, end, kind, modifiers)| {
            let at = index.position(start);
            if lines.as_ref().is_some_and(|l| !l.contains(&at.line)) {
                return None;
            }
            Some(SemanticToken {
                start: at,
                length: text[start..end].encode_utf16().count() as u32,
                kind,
                modifiers,
            })
        })
        .collect()
}

/// A classified word: its byte span, type and modifiers.
type Word = (usize, usize, TokenType, u32);

/// What the names of a compilation are.
struct Names<'c> {
    c: &'c Compilation,
    /// Each attribute or field name: whether a kind or record of the
    /// stdlib declares it, whether every declaration of it is derived.
    attrs: HashMap<&'c str, (bool, bool)>,
    /// Each enum member name: whether only the stdlib declares it.
    members: HashMap<&'c str, bool>,
    /// Where the compiler resolved a reference to an object in this file
    /// (start offsets), while the editor's text is the one compiled.
    uses: HashSet<usize>,
}

impl<'c> Names<'c> {
    fn new(c: &'c Compilation, file: &str, text: &str) -> Names<'c> {
        let mut attrs: HashMap<&str, (bool, bool)> = HashMap::new();
        let fields = c.schema.kinds.iter().flat_map(|k| &k.attrs);
        for a in fields.chain(c.schema.records.iter().flat_map(|r| &r.fields)) {
            let owner = (c.schema.kind(&a.declared_in).map(|k| k.span))
                .or_else(|| c.schema.record(&a.declared_in).map(|r| r.span));
            let lib = owner.is_some_and(|span| is_stdlib(c, span));
            let entry = attrs.entry(&a.name).or_insert((false, true));
            entry.0 |= lib;
            entry.1 &= a.derived;
        }
        let mut members: HashMap<&str, bool> = HashMap::new();
        for e in &c.schema.enums {
            for m in &e.members {
                *members.entry(&m.name).or_insert(true) &= is_stdlib(c, m.span);
            }
        }
        let compiled = c
            .sources
            .ids()
            .find(|&f| c.sources.name(f) == file && c.sources.text(f) == text);
        let uses = match (compiled, &c.model) {
            (Some(f), Some(model)) => model
                .uses
                .iter()
                .filter(|(span, _)| span.file == f)
                .map(|(span, _)| span.start)
                .collect(),
            _ => HashSet::new(),
        };
        Names {
            c,
            attrs,
            members,
            uses,
        }
    }

    /// What a name in a value or a condition is, where nothing around it
    /// says more: a resolved reference, a kind, record, enum, enum member,
    /// object, threat or built-in type.
    fn name(&self, word: &str, start: usize) -> Option<(TokenType, u32)> {
        let c = self.c;
        let lib = |span: Span| lib_bit(is_stdlib(c, span));
        if self.uses.contains(&start) {
            return Some((TokenType::Variable, 0));
        }
        if let Some(k) = c.schema.kind(word) {
            return Some((TokenType::Type, lib(k.span)));
        }
        if let Some(r) = c.schema.record(word) {
            return Some((TokenType::Struct, lib(r.span)));
        }
        if let Some(e) = c.schema.enumeration(word) {
            return Some((TokenType::Enum, lib(e.span)));
        }
        if let Some(&std) = self.members.get(word) {
            return Some((TokenType::EnumMember, lib_bit(std)));
        }
        if c.model.as_ref().is_some_and(|m| m.lookup(word).is_some()) {
            return Some((TokenType::Variable, 0));
        }
        if let Some(t) = c.library.threat(word) {
            return Some((TokenType::Event, deprecated(t.deprecated.is_some())));
        }
        BUILTIN_TYPES
            .contains(&word)
            .then_some((TokenType::Type, DEFAULT_LIBRARY))
    }

    /// An attribute or field, with what the schema says of it.
    fn attr(&self, word: &str) -> (TokenType, u32) {
        let bits = match self.attrs.get(word) {
            Some(&(lib, derived)) => lib_bit(lib) | if derived { READONLY } else { 0 },
            None => 0,
        };
        (TokenType::Property, bits)
    }

    /// A call of `word`: a predicate, or the built-in `count`, `reaches`
    /// or `path`.
    fn call(&self, word: &str) -> Option<(TokenType, u32)> {
        if word == "count" || tmc_compiler::rules::RouteAsk::named(word).is_some() {
            return Some((TokenType::Function, DEFAULT_LIBRARY));
        }
        let p = self.c.library.predicates.iter().find(|p| p.name == word)?;
        Some((TokenType::Function, lib_bit(is_stdlib(self.c, p.span))))
    }

    /// A threat id after `threat` or `refines`.
    fn threat(&self, word: &str, declared: bool) -> (TokenType, u32) {
        let old = self
            .c
            .library
            .threat(word)
            .is_some_and(|t| t.deprecated.is_some());
        let decl = if declared { DECLARATION } else { 0 };
        (TokenType::Event, decl | deprecated(old))
    }
}

fn is_stdlib(c: &Compilation, span: Span) -> bool {
    c.sources.name(span.file).starts_with("<stdlib>")
}

fn lib_bit(lib: bool) -> u32 {
    if lib {
        DEFAULT_LIBRARY
    } else {
        0
    }
}

fn deprecated(old: bool) -> u32 {
    if old {
        DEPRECATED
    } else {
        0
    }
}

/// The top-level declaration the walk is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Top {
    /// A `kind` or `record`: its body declares fields.
    Fields,
    /// An `enum`: its body declares members.
    Enum,
    Threat,
    Predicate,
    Other,
}

/// A condition being read: the bracket depth it is written at (0 for a
/// predicate's body, the threat's body for `when = ...`) and the names of
/// parameters and quantifier variables seen in it.
struct Condition<'t> {
    depth: usize,
    scope: Vec<&'t str>,
}

/// One pass over the significant tokens of a text.
struct Walk<'t, 'n> {
    text: &'t str,
    names: &'n Names<'n>,
    sig: Vec<Token>,
    /// Words whose meaning an earlier word decided (a declaration's
    /// identifier after its kind), by index in `sig`.
    ahead: HashMap<usize, (TokenType, u32)>,
    depth: usize,
    top: Top,
    condition: Option<Condition<'t>>,
    out: Vec<Word>,
}

impl<'t, 'n> Walk<'t, 'n> {
    fn new(text: &'t str, names: &'n Names<'n>) -> Walk<'t, 'n> {
        Walk {
            text,
            names,
            sig: tokens(text).filter(|t| !t.is_trivia()).collect(),
            ahead: HashMap::new(),
            depth: 0,
            top: Top::Other,
            condition: None,
            out: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<Word> {
        let mut i = 0;
        while i < self.sig.len() {
            i = self.step(i);
        }
        self.out
    }

    /// The text of token `i`, empty past the end.
    fn word(&self, i: usize) -> &'t str {
        self.sig.get(i).map_or("", |t| t.text(self.text))
    }

    /// Whether token `i` is the punctuation or bracket `symbol`.
    fn is(&self, i: usize, symbol: &str) -> bool {
        self.sig.get(i).is_some_and(|t| t.is(self.text, symbol))
    }

    /// Whether token `i` is a word.
    fn is_word(&self, i: usize) -> bool {
        self.sig.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn push(&mut self, i: usize, meaning: Option<(TokenType, u32)>) {
        if let Some((kind, modifiers)) = meaning {
            let t = self.sig[i];
            self.out.push((t.start, t.end, kind, modifiers));
        }
    }

    /// Reads token `i`; returns the index of the next token to read.
    fn step(&mut self, i: usize) -> usize {
        let t = self.sig[i];
        match t.kind {
            TokenKind::Open => {
                self.depth += 1;
                return i + 1;
            }
            TokenKind::Close => {
                self.depth = self.depth.saturating_sub(1);
                if self
                    .condition
                    .as_ref()
                    .is_some_and(|c| self.depth < c.depth)
                {
                    self.condition = None;
                }
                return i + 1;
            }
            TokenKind::Word => {}
            _ => return i + 1,
        }
        if let Some(meaning) = self.ahead.remove(&i) {
            self.push(i, Some(meaning));
            return i + 1;
        }
        if self.condition_ends(i) {
            self.condition = None;
        }
        if self.condition.is_some() {
            self.in_condition(i);
            return i + 1;
        }
        self.declaration(i)
    }

    /// Whether the condition being read ends before word `i`: a threat's
    /// next member (`name =` in its body), or a new declaration after a
    /// predicate's body.
    fn condition_ends(&self, i: usize) -> bool {
        let Some(c) = &self.condition else {
            return false;
        };
        if self.depth != c.depth {
            return false;
        }
        if c.depth > 0 {
            return self.is(i + 1, "=");
        }
        let w = self.word(i);
        DECLARING.contains(&w)
            || (!CONDITION_KEYWORDS.contains(&w)
                && self.is_word(i + 1)
                && is_first_on_line(self.text, self.sig[i].start))
    }

    /// Word `i` of a condition.
    fn in_condition(&mut self, i: usize) {
        let w = self.word(i);
        let meaning = if self.is(i + 1, "(") {
            self.names.call(w)
        } else if matches!(w, "any" | "all" | "count")
            && self.is_word(i + 1)
            && self.word(i + 2) == "in"
        {
            let var = self.word(i + 1);
            if let Some(c) = self.condition.as_mut() {
                c.scope.push(var);
            }
            self.ahead
                .insert(i + 1, (TokenType::Parameter, DECLARATION));
            None
        } else if i > 0 && self.is(i - 1, ".") {
            let enumeration = i > 1 && self.names.c.schema.enumeration(self.word(i - 2)).is_some();
            match enumeration {
                true => self.names.name(w, self.sig[i].start),
                false => Some(self.names.attr(w)),
            }
        } else if CONDITION_KEYWORDS.contains(&w) {
            None
        } else if w == "target"
            || self
                .condition
                .as_ref()
                .is_some_and(|c| c.scope.contains(&w))
        {
            Some((TokenType::Parameter, 0))
        } else {
            self.names.name(w, self.sig[i].start)
        };
        self.push(i, meaning);
    }

    /// Word `i` outside conditions: declarations, members and values.
    /// Returns the index of the next token to read.
    fn declaration(&mut self, i: usize) -> usize {
        let w = self.word(i);
        let start = self.sig[i].start;
        if self.depth == 0 {
            match w {
                "kind" | "record" => {
                    self.top = Top::Fields;
                    let kind = if w == "kind" {
                        TokenType::Type
                    } else {
                        TokenType::Struct
                    };
                    self.ahead.insert(i + 1, (kind, DECLARATION));
                    return i + 1;
                }
                "enum" => {
                    self.top = Top::Enum;
                    self.ahead.insert(i + 1, (TokenType::Enum, DECLARATION));
                    return i + 1;
                }
                "threat" => {
                    self.top = Top::Threat;
                    let id = self.names.threat(self.word(i + 1), true);
                    self.ahead.insert(i + 1, id);
                    return i + 1;
                }
                "predicate" => {
                    self.top = Top::Predicate;
                    return self.predicate(i);
                }
                "refines" if self.top == Top::Threat => {
                    // `refines ID` or `refines library.ID`: the library's
                    // name is left to the editor's grammar.
                    let at = if self.is(i + 2, ".") { i + 3 } else { i + 1 };
                    if !self.is_word(at) {
                        return i + 1;
                    }
                    self.push(at, Some(self.names.threat(self.word(at), false)));
                    return at + 1;
                }
                "model" | "import" | "ordered" => {
                    self.top = Top::Other;
                    return i + 1;
                }
                _ => {}
            }
        }
        let typed = i > 0 && (self.is(i - 1, ":") || self.is(i - 1, "["));
        if self.top == Top::Fields && typed {
            self.push(i, self.names.name(w, start));
            return i + 1;
        }
        match w {
            "boundary" => {
                if self.depth == 0 {
                    self.top = Top::Other;
                }
                self.ahead.insert(i + 1, (TokenType::Variable, DECLARATION));
                return i + 1;
            }
            "flow" => {
                if self.depth == 0 {
                    self.top = Top::Other;
                }
                if self.is(i + 2, ":") {
                    self.ahead.insert(i + 1, (TokenType::Variable, DECLARATION));
                }
                return i + 1;
            }
            "in" => {
                let next = (self.is_word(i + 1))
                    .then(|| self.names.name(self.word(i + 1), self.sig[i + 1].start))
                    .flatten();
                if let Some(meaning) = next {
                    self.ahead.insert(i + 1, meaning);
                }
                return i + 1;
            }
            "derived" | "true" | "false" | "none" => return i + 1,
            _ => {}
        }
        let meaning = if self.depth > 0 && self.top == Top::Enum {
            Some((TokenType::EnumMember, DECLARATION))
        } else if self.depth > 0 && self.top == Top::Fields && self.is(i + 1, ":") {
            Some((TokenType::Property, DECLARATION | self.names.attr(w).1))
        } else if i > 0 && self.is(i - 1, ".") {
            Some(self.names.attr(w))
        } else if self.is(i + 1, "=") || self.is(i + 1, ".") {
            if w == "when" && self.top == Top::Threat {
                self.condition = Some(Condition {
                    depth: self.depth,
                    scope: Vec::new(),
                });
            }
            Some(self.names.attr(w))
        } else if self.is(i + 1, "{") && self.names.attrs.contains_key(w) {
            Some(self.names.attr(w))
        } else if self.is_word(i + 1)
            && !DECLARING.contains(&self.word(i + 1))
            && self.starts_statement(i)
        {
            // `Server web ...`: a kind, then the identifier it declares.
            if self.depth == 0 {
                self.top = Top::Other;
            }
            self.ahead.insert(i + 1, (TokenType::Variable, DECLARATION));
            self.names
                .name(w, start)
                .filter(|(k, _)| *k == TokenType::Type)
        } else {
            self.names.name(w, start)
        };
        self.push(i, meaning);
        i + 1
    }

    /// Whether word `i` may begin a declaration: it is first on its line,
    /// or right after a bracket.
    fn starts_statement(&self, i: usize) -> bool {
        is_first_on_line(self.text, self.sig[i].start)
            || (i > 0 && (self.is(i - 1, "{") || self.is(i - 1, "}")))
    }

    /// `predicate name(p: Type, ...) =` from the keyword at `i`: the name,
    /// the parameters and their types; the condition starts after the
    /// `=`. Returns the index of the next token to read.
    fn predicate(&mut self, i: usize) -> usize {
        self.push(
            i + 1,
            self.is_word(i + 1)
                .then_some((TokenType::Function, DECLARATION)),
        );
        let mut scope = Vec::new();
        let mut j = i + 2;
        if !self.is(j, "(") {
            return j;
        }
        j += 1;
        while j < self.sig.len() && !self.is(j, ")") && !self.is(j, "=") && !self.is(j, "{") {
            if self.is_word(j) {
                let w = self.word(j);
                if self.is(j + 1, ":") {
                    scope.push(w);
                    self.push(j, Some((TokenType::Parameter, DECLARATION)));
                } else {
                    self.push(j, self.names.name(w, self.sig[j].start));
                }
            }
            j += 1;
        }
        if self.is(j, ")") && self.is(j + 1, "=") {
            self.condition = Some(Condition { depth: 0, scope });
            return j + 2;
        }
        j
    }
}
