//! What an importer could not carry over, said twice: a note for the
//! object's `// import:` comment, and one warning per kind of loss naming
//! its first places in the input; beside them, warnings that are no loss
//! (a guessed kind, a clamped rating). Every importer of another tool's
//! model keeps one.

/// The losses and notices of one import.
#[derive(Default)]
pub(crate) struct Losses {
    /// (category, paths) of what had no counterpart, in first-seen order.
    lost: Vec<(String, Vec<String>)>,
    /// Warnings that are not losses.
    pub notices: Vec<String>,
}

impl Losses {
    /// Records something without a counterpart at `path`: `note` for the
    /// object's comment, the place under `category` for the warning.
    pub fn lose(&mut self, notes: &mut Vec<String>, category: &str, path: &str, note: String) {
        notes.push(note);
        match self.lost.iter_mut().find(|(c, _)| c == category) {
            Some((_, paths)) => paths.push(path.to_string()),
            None => self
                .lost
                .push((category.to_string(), vec![path.to_string()])),
        }
    }

    /// The notices, then a warning per category of loss with its first
    /// three places and how many more.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = self.notices.clone();
        for (category, paths) in &self.lost {
            let shown: Vec<&str> = paths.iter().take(3).map(String::as_str).collect();
            let more = match paths.len() {
                n if n > 3 => format!(" and {} more", n - 3),
                _ => String::new(),
            };
            out.push(format!(
                "{category}: no tmc counterpart, kept as `// import:` comments ({}{more})",
                shown.join(", ")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn losses_are_grouped_by_category_with_their_first_places() {
        let mut l = Losses::default();
        let mut notes = Vec::new();
        for i in 0..5 {
            l.lose(
                &mut notes,
                "tags",
                &format!("$.a[{i}].tags"),
                format!("tags {i}"),
            );
        }
        l.lose(&mut notes, "layout", "$.b", "layout".into());
        l.notices.push("a guessed kind".into());
        assert_eq!(notes.len(), 6);
        assert_eq!(
            l.warnings(),
            [
                "a guessed kind",
                "tags: no tmc counterpart, kept as `// import:` comments ($.a[0].tags, $.a[1].tags, $.a[2].tags and 2 more)",
                "layout: no tmc counterpart, kept as `// import:` comments ($.b)",
            ]
        );
    }
}
