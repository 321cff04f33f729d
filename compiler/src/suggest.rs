//! Did-you-mean: the closest known name to a misspelt one, and lists of
//! the names that would fit. Both run once per error, over every name of
//! a kind (a model's objects, an enum's members), so each is held to a
//! fixed amount of work: a 100,000-character name compared with every
//! identifier of a model took 16 seconds, and an enum of a million members
//! listed in full under each wrong member would print gigabytes. Where
//! one compilation may search many times (a misspelt reference in each of
//! ten thousand declarations, each search over ten thousand names), the
//! searches share a `Budget`: once it is spent, later errors get no hint.

use std::cell::Cell;

use crate::diagnostic::{Diagnostic, Fix};
use crate::source::Span;

/// Names longer than this, in characters, get no suggestion: a typo in a
/// name that long is not what a hint can help with.
pub(crate) const MAX_NAME: usize = 64;

/// The work one search may do, in character pairs compared (the edit
/// distance of two names costs the product of their lengths) and
/// candidates looked at (one each): about a millisecond. The candidates
/// are tried in the order given; those after the budget runs out are not.
const SEARCH: usize = 1_000_000;

/// The work all the searches sharing a `Budget` may do (`Budget::shared`):
/// some forty searches among 5,000 names, a tenth of a second or so.
const SHARED: usize = 10_000_000;

/// Work left for the searches that share it (see `SEARCH`, `SHARED`).
pub(crate) struct Budget(Cell<usize>);

impl Budget {
    /// The budget of the searches of one compilation stage.
    pub(crate) fn shared() -> Budget {
        Budget(Cell::new(SHARED))
    }

    /// Whether nothing is left: a caller can skip gathering candidates.
    pub(crate) fn is_spent(&self) -> bool {
        self.0.get() == 0
    }

    /// Takes `cost` if that much is left.
    fn take(&self, cost: usize) -> bool {
        match self.0.get().checked_sub(cost) {
            Some(left) => {
                self.0.set(left);
                true
            }
            None => {
                self.0.set(0);
                false
            }
        }
    }
}

/// The most names a list in a note shows (`list`).
pub(crate) const MAX_LISTED: usize = 30;

/// The candidate closest to `name`, if one is close enough to be a likely
/// typo (same letters in another case, or a small edit distance: a third
/// of the name's length). Only candidates whose length is within that
/// distance are compared, names over `MAX_NAME` characters get none, and
/// one search does at most `SEARCH` work.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest_within(&Budget(Cell::new(SEARCH)), name, candidates)
}

/// `closest`, its work taken from `budget` (and at most `SEARCH`).
pub(crate) fn closest_within<'a>(
    budget: &Budget,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if name.len() > 4 * MAX_NAME {
        return None; // more than MAX_NAME characters, without counting them
    }
    let lower = name.to_lowercase();
    let length = lower.chars().count();
    if length > MAX_NAME {
        return None;
    }
    let limit = (name.chars().count() / 3).max(1);
    let search = Budget(Cell::new(SEARCH));
    let spend = |cost: usize| search.take(cost) && budget.take(cost);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if !spend(1) {
            break;
        }
        // A character takes 1 to 4 bytes: a candidate this long is too
        // long without counting its characters.
        if candidate == name || candidate.len() > 4 * (length + limit) {
            continue;
        }
        let other = candidate.to_lowercase();
        let other_length = other.chars().count();
        if other_length.abs_diff(length) > limit {
            continue;
        }
        if !spend((length + 1) * (other_length + 1)) {
            break;
        }
        let distance = if other == lower {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &other)
        };
        let better = match best {
            None => true,
            Some((d, c)) => distance < d || (distance == d && candidate < c),
        };
        if distance <= limit && better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" for a note, or nothing.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(hint)
}

/// `did_you_mean`, its work taken from `budget`.
pub(crate) fn did_you_mean_within<'a>(
    budget: &Budget,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest_within(budget, name, candidates).map(hint)
}

fn hint(closest: &str) -> String {
    format!("did you mean `{closest}`?")
}

/// The name a note of `hint` suggests.
fn suggested(note: &str) -> Option<&str> {
    let (name, _) = note.strip_prefix("did you mean `")?.split_once("`?")?;
    Some(name)
}

/// Adds `note` (from `did_you_mean`, or another hint) to `d`; a did-you-mean
/// note also becomes its fix: the suggested name in place of `span`.
pub(crate) fn noted(d: Diagnostic, span: Span, note: Option<String>) -> Diagnostic {
    let Some(note) = note else { return d };
    let d = match suggested(&note) {
        Some(name) => d.fix(span, name),
        None => d,
    };
    d.note(note)
}

/// Gives `d` the fix a did-you-mean `note` suggests for its primary span
/// (for a note added after the diagnostic was built).
pub(crate) fn fix_from(d: &mut Diagnostic, note: &str) {
    if let (Some(name), Some(span)) = (suggested(note), d.span()) {
        d.fix = Some(Box::new(Fix {
            span,
            replacement: name.to_string(),
        }));
    }
}

/// `names` joined with `, `, the first `MAX_LISTED` of them and a count of
/// the rest: `A, B, C and 12 more`.
pub(crate) fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut names = names;
    let shown: Vec<&str> = names.by_ref().take(MAX_LISTED).collect();
    // Counted without walking the rest where the iterator knows its size.
    let more = match names.size_hint() {
        (low, Some(high)) if low == high => low,
        _ => names.count(),
    };
    match more {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_typo() {
        assert_eq!(
            closest("isHardend", ["isHardened", "inScope"]),
            Some("isHardened")
        );
        assert_eq!(closest("server", ["Server", "Process"]), Some("Server"));
    }

    #[test]
    fn ignores_distant_names() {
        assert_eq!(closest("xyz", ["isHardened", "inScope"]), None);
    }

    #[test]
    fn ties_break_alphabetically() {
        assert_eq!(closest("ab", ["ac", "aa"]), Some("aa"));
    }

    #[test]
    fn long_names_cost_nothing() {
        let long = "n".repeat(100_000);
        let mut near = long.clone();
        near.push('x');
        let started = std::time::Instant::now();
        assert_eq!(closest(&long, [near.as_str(), "n"]), None);
        assert_eq!(
            closest("web", [long.as_str(), near.as_str(), "wbe"]),
            Some("wbe")
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        let at_limit = "a".repeat(MAX_NAME);
        let mut typo = at_limit.clone();
        typo.replace_range(0..1, "b");
        assert_eq!(closest(&typo, [at_limit.as_str()]), Some(at_limit.as_str()));
    }

    #[test]
    fn one_search_has_a_budget() {
        // A million candidates of the right length: the search stops after
        // its budget, so a match far down the list is not found...
        let many: Vec<String> = (0..1_000_000).map(|i| format!("q{i:07}")).collect();
        let mut names: Vec<&str> = many.iter().map(String::as_str).collect();
        names.push("target01");
        let started = std::time::Instant::now();
        assert_eq!(closest("target1", names.iter().copied()), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // ...but one near the start is.
        names.insert(0, "target01");
        assert_eq!(closest("target1", names.iter().copied()), Some("target01"));
    }

    #[test]
    fn searches_sharing_a_budget_stop_when_it_is_spent() {
        let many: Vec<String> = (0..10_000).map(|i| format!("s{i:05}")).collect();
        let names = || many.iter().map(String::as_str);
        let budget = Budget::shared();
        let mut hints = 0;
        let started = std::time::Instant::now();
        for i in 0..10_000 {
            if budget.is_spent() {
                break;
            }
            hints += usize::from(closest_within(&budget, &format!("t{i:05}"), names()).is_some());
        }
        assert!(budget.is_spent());
        assert!(hints > 10 && hints < 1000, "{hints}");
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
    }

    #[test]
    fn lists_are_cut() {
        assert_eq!(list(["a", "b"].into_iter()), "a, b");
        let many: Vec<String> = (0..100).map(|i| format!("m{i}")).collect();
        let text = list(many.iter().map(String::as_str));
        assert!(
            text.starts_with("m0, m1, ") && text.ends_with("m29 and 70 more"),
            "{text}"
        );
    }
}
