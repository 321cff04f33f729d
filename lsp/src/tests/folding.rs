//! Folding ranges: blocks, records and lists over several lines,
//! multi-line strings and runs of comment lines, from the text as it is
//! (even when it does not parse).

use std::path::Path;

use insta::assert_snapshot;

use super::{Project, SHOP};

fn folds(source: &str) -> String {
    let project = Project::new(source);
    let path = Path::new(super::FOLDER).join("main.tm");
    let lines: Vec<&str> = source.lines().collect();
    let mut out = format!("{}=== folds\n", project.sources());
    for f in project
        .at_path(&path)
        .folding_ranges(&path)
        .expect("an open file")
    {
        out += &format!(
            "{}-{} {:?}: {} ... {}\n",
            f.start_line + 1,
            f.end_line + 1,
            f.kind,
            lines[f.start_line as usize].trim(),
            lines[f.end_line as usize].trim()
        );
    }
    out
}

#[test]
fn blocks_lists_strings_and_comment_runs_fold() {
    let source = format!(
        "// The shop, as deployed.\n// Two lines of notes.\n{SHOP}\nServer api \"API\" {{\n  description = \"\"\"\n    Serves the app.\n  \"\"\"\n  sourceFiles = [\n    \"api/main.py\",\n  ]\n}}\n"
    );
    assert_snapshot!(folds(&source));
}

#[test]
fn a_text_that_does_not_parse_still_folds() {
    let shown =
        folds("Server web \"Web\" {\n  OS = \n  controls {\n    isHardened = true\n  }\n}\n");
    assert!(shown.contains("1-5 Region"), "{shown}");
    assert!(shown.contains("3-4 Region"), "{shown}");
}
