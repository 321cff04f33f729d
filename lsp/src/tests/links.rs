//! Document links: each import's file, and the `sourceFiles` that exist.

use std::path::Path;

use insta::assert_snapshot;

use super::{mark, name, show_range, Project};

#[test]
fn imports_and_existing_source_files_are_links() {
    let main = "import \"shared.tm\"\n\nmodel \"M\" { description = \"d\" }\n\nServer api \"API\" {\n  sourceFiles = [\"shared.tm\", \"missing/app.py\"]\n}\n";
    let project = Project::new(main)
        .file("shared.tm", "Actor user \"User\"\n")
        .compiled();
    let path = Path::new(super::FOLDER).join("main.tm");
    let mut out = format!("{}=== links\n", project.sources());
    for l in project
        .at_path(&path)
        .document_links(&path)
        .expect("an open file")
    {
        out += &format!(
            "{} -> {}\n{}\n",
            show_range(l.range),
            name(&l.target),
            mark(project.text(&path), l.range)
        );
    }
    assert!(!out.contains("missing/app.py\n"), "{out}");
    assert_snapshot!(out);
}
