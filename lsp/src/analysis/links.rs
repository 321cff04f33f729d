//! Document links: the file an `import "file.tm"` reads, and the
//! `sourceFiles` of an element that exist, each relative to the folder of
//! the file that names it.

use std::path::Path;

use tmc_compiler::model::known::SOURCE_FILES;
use tmc_syntax::source::FileId;
use tmc_syntax::syntax::ast::{Item, Member, ValueKind};

use super::answers::Link;
use super::lines::LineIndex;

/// The links of `text`, the editor's text of `path`; `exists` says
/// whether a file is there (on disk or open in the editor).
pub fn links(path: &Path, text: &str, exists: &dyn Fn(&Path) -> bool) -> Vec<Link> {
    let (Some(file), _) = tmc_syntax::syntax::parse_recovering(FileId(0), text) else {
        return Vec::new();
    };
    let folder = path.parent().unwrap_or(Path::new("/"));
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    let mut push = |named: &str, start: usize, end: usize, always: bool| {
        let target = folder.join(named);
        if always || exists(&target) {
            // Inside the quotes.
            out.push(Link {
                range: index.range(start + 1, end.saturating_sub(1).max(start + 1)),
                target,
            });
        }
    };
    let mut bodies: Vec<&[Member]> = Vec::new();
    collect(&file.items, &mut bodies, &mut |named, start, end| {
        push(named, start, end, true)
    });
    for body in bodies {
        for m in body.iter().filter(|m| is_source_files(m)) {
            if let ValueKind::List(items) = &m.value.kind {
                for item in items {
                    if let ValueKind::Str(named) = &item.kind {
                        push(named, item.span.start, item.span.end, false);
                    }
                }
            }
        }
    }
    out.sort_by_key(|l| l.range);
    out
}

/// The imports of `items` (to `import`), and the bodies of their
/// elements (into `bodies`), boundaries' nested items included.
fn collect<'a>(
    items: &'a [Item],
    bodies: &mut Vec<&'a [Member]>,
    import: &mut dyn FnMut(&str, usize, usize),
) {
    for item in items {
        match item {
            Item::Import(i) => import(&i.path.value, i.path.span.start, i.path.span.end),
            Item::Element(e) => bodies.push(&e.body),
            Item::Boundary(b) => collect(&b.nested, bodies, import),
            _ => {}
        }
    }
}

fn is_source_files(m: &Member) -> bool {
    m.path.len() == 1 && m.path[0].name == SOURCE_FILES.name()
}
