//! The language's reserved words, in one place: those the grammar keeps
//! from being names, those a top-level declaration starts with, and those
//! of rule conditions. The parser, error recovery and the language
//! server's semantic tokens read them.

/// The words the grammar reserves (its `keyword` rule): none can be a name.
pub const KEYWORDS: [&str; 22] = [
    "import",
    "model",
    "boundary",
    "flow",
    "in",
    "kind",
    "record",
    "enum",
    "ordered",
    "derived",
    "true",
    "false",
    "threat",
    "predicate",
    "and",
    "or",
    "not",
    "is",
    "any",
    "all",
    "count",
    "none",
];

/// The keywords a top-level declaration starts with.
pub const DECLARING: [&str; 10] = [
    "import",
    "model",
    "boundary",
    "flow",
    "kind",
    "record",
    "enum",
    "ordered",
    "threat",
    "predicate",
];

/// The keywords of rule conditions (operators, quantifiers and literals).
pub const CONDITION_KEYWORDS: [&str; 11] = [
    "and", "or", "not", "is", "in", "any", "all", "count", "none", "true", "false",
];

/// Whether `name` is one of the `KEYWORDS`.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_list_is_the_grammars() {
        let grammar = include_str!("../../../grammar/tm.pest");
        let rule = grammar
            .split("keyword = @{")
            .nth(1)
            .and_then(|r| r.split('}').next())
            .expect("the grammar has a keyword rule");
        let mut words: Vec<&str> = rule.split('"').skip(1).step_by(2).collect();
        let mut ours = KEYWORDS.to_vec();
        words.sort_unstable();
        ours.sort_unstable();
        assert_eq!(words, ours);
    }
}
