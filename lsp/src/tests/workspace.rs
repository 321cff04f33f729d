//! The engine's side of workspace diagnostics: models compiled from disk
//! with nothing open, the files each root read, and what is kept of a
//! root no open document is compiled under.

use std::path::Path;

use crate::analysis::{Change, Engine};

/// `shop.tm` importing `db.tm` (with an error), on disk in `dir`.
fn shop(dir: &Path) {
    std::fs::write(
        dir.join("shop.tm"),
        "model \"Shop\" { description = \"A shop.\" }\nimport \"db.tm\"\nActor user \"User\"\nflow user -> db \"Query\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("db.tm"),
        "Datastore db \"Orders\" { tpye = SQL }\n",
    )
    .unwrap();
}

#[test]
fn a_model_never_opened_gives_the_diagnostics_of_the_files_it_imports() {
    let guard = tempfile::tempdir().unwrap();
    let dir = guard.path().canonicalize().unwrap();
    shop(&dir);
    let mut engine = Engine::default();
    let root = dir.join("shop.tm");
    let by_file = engine.compile(&root);
    let part = dir.join("db.tm");
    assert_eq!(
        by_file.keys().collect::<Vec<_>>(),
        [&part, &root],
        "both files are published"
    );
    assert!(by_file[&part].iter().any(|d| d.message.contains("tpye")));
    assert_eq!(engine.roots_reading(&part), std::slice::from_ref(&root));
    assert_eq!(engine.roots(), std::slice::from_ref(&root));

    // Nothing open under it: its compilations go, what it read stays.
    assert!(!engine.has_open(&root));
    assert_eq!(engine.release_unopened(&root).len(), 2);
    assert!(engine.diagnostics(&root).is_empty());
    assert_eq!(engine.roots_reading(&part), std::slice::from_ref(&root));

    // Gone from disk: forgotten.
    assert_eq!(engine.drop_root(&root).len(), 0);
    assert!(engine.roots_reading(&part).is_empty());
}

#[test]
fn a_root_with_an_open_part_keeps_its_compilation() {
    let guard = tempfile::tempdir().unwrap();
    let dir = guard.path().canonicalize().unwrap();
    shop(&dir);
    let mut engine = Engine::default();
    let part = dir.join("db.tm");
    let text = std::fs::read_to_string(&part).unwrap();
    engine.apply(Change::Open {
        path: part.clone(),
        text,
        version: 1,
    });
    engine.compile(&part);
    let root = dir.join("shop.tm");
    assert!(engine.has_open(&root), "the part is compiled under shop.tm");
    assert!(engine.release_unopened(&root).is_empty());
    assert!(!engine.diagnostics(&part).is_empty());
}
