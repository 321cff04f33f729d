//! The did-you-mean quick fixes: on a misspelt attribute, kind, enum
//! member or reference, "Replace with `name`"; applied, the text compiles
//! without the error.

use std::path::Path;

use insta::assert_snapshot;

use crate::analysis::{Range, TextEdit};

use super::{name, offset, show_range, Project, SHOP};

/// `SHOP` with the `nth` `from` written `to`, the cursor in it.
fn misspelt(from: &str, nth: usize, to: &str) -> String {
    let (at, _) = SHOP.match_indices(from).nth(nth).expect("the needle");
    format!(
        "{}{}|{}{}",
        &SHOP[..at],
        &to[..1],
        &to[1..],
        &SHOP[at + from.len()..]
    )
}

fn applied(text: &str, e: &TextEdit) -> String {
    let (start, end) = (offset(text, e.range.start), offset(text, e.range.end));
    format!("{}{}{}", &text[..start], e.new_text, &text[end..])
}

/// The code actions at the cursor, listed, then the preferred one applied
/// and the edited text compiled: the codes of its errors.
fn fix(source: &str) -> (String, Vec<String>) {
    let project = Project::new(source).findings(false).compiled();
    let (engine, path, at) = project.at();
    let found = engine.code_actions(path, Range::new(at, at));
    let mut out = format!("{}=== code actions\n", project.sources());
    for a in &found {
        let preferred = if a.preferred { " (preferred)" } else { "" };
        out += &format!("{} [{} {}]{preferred}\n", a.title, a.source, a.code);
    }
    let chosen = found.iter().find(|a| a.preferred).expect("a preferred fix");
    let (file, edits) = chosen.edits.iter().next().expect("an edit");
    assert_eq!((name(file), edits.len()), ("main.tm".to_string(), 1));
    out += &format!(
        "=== edit at {}: {}\n",
        show_range(edits[0].range),
        edits[0].new_text
    );
    let edited = applied(project.text(file), &edits[0]);
    let again = Project::new(&edited).findings(false).compiled();
    let errors = again
        .engine
        .diagnostics(&Path::new(super::FOLDER).join("main.tm"))
        .into_iter()
        .map(|d| d.code)
        .collect();
    (out, errors)
}

#[test]
fn a_misspelt_attribute_is_replaced() {
    let (shown, errors) = fix(&misspelt("OS", 0, "Os"));
    assert_snapshot!(shown);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_control_written_at_the_top_is_moved_into_its_record() {
    let (shown, errors) = fix(&misspelt("OS = \"Linux\"", 0, "isEncryptd = true"));
    assert_snapshot!(shown);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_misspelt_kind_is_replaced() {
    let (shown, errors) = fix(&misspelt("Server", 0, "Sever"));
    assert_snapshot!(shown);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_misspelt_enum_member_is_replaced() {
    let (shown, errors) = fix(&misspelt("SENSITIVE", 0, "SENSITVE"));
    assert_snapshot!(shown);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_misspelt_reference_is_replaced() {
    let (shown, errors) = fix(&misspelt("orders]", 0, "ordres]"));
    assert_snapshot!(shown);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_misspelt_flow_end_is_replaced() {
    let (shown, errors) = fix(&misspelt("db \"Store\"", 0, "dbb \"Store\""));
    assert_snapshot!(shown);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn no_fix_once_the_text_changed() {
    let project = Project::new(&misspelt("OS", 0, "Os"))
        .findings(false)
        .compiled();
    let project = project.edit(
        "main.tm",
        &misspelt("OS", 0, "Os").replace("Orders", "Sales"),
    );
    let (engine, path, at) = project.at();
    assert_eq!(engine.code_actions(path, Range::new(at, at)), vec![]);
}
