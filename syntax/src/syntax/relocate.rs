//! Moving declarations within a file: every span of a syntax tree given
//! another file id and shifted by the same number of bytes. A reparse
//! (`reparse.rs`) keeps the declarations after an edit as they were and
//! moves them by the edit's growth instead of parsing them again.

use super::ast::*;
use crate::source::{FileId, Span};

/// Where spans go: into `file`, `by` bytes further (fewer when negative).
#[derive(Clone, Copy, Debug)]
pub(super) struct Move {
    pub file: FileId,
    pub by: isize,
}

impl Move {
    fn span(self, span: &mut Span) {
        span.file = self.file;
        span.start = span.start.wrapping_add_signed(self.by);
        span.end = span.end.wrapping_add_signed(self.by);
    }
}

/// A syntax node whose spans can all be moved.
pub(super) trait Relocate {
    fn relocate(&mut self, to: Move);
}

impl<T: Relocate> Relocate for Vec<T> {
    fn relocate(&mut self, to: Move) {
        for x in self {
            x.relocate(to);
        }
    }
}

impl<T: Relocate> Relocate for Option<T> {
    fn relocate(&mut self, to: Move) {
        if let Some(x) = self {
            x.relocate(to);
        }
    }
}

impl<T: Relocate> Relocate for Box<T> {
    fn relocate(&mut self, to: Move) {
        (**self).relocate(to);
    }
}

impl Relocate for Span {
    fn relocate(&mut self, to: Move) {
        to.span(self);
    }
}

impl Relocate for Ident {
    fn relocate(&mut self, to: Move) {
        to.span(&mut self.span);
    }
}

impl Relocate for Str {
    fn relocate(&mut self, to: Move) {
        to.span(&mut self.span);
    }
}

impl Relocate for Item {
    fn relocate(&mut self, to: Move) {
        // Each node is taken apart whole, so that a field added to the
        // tree later cannot be forgotten here.
        match self {
            Item::Import(Import { path, span }) => {
                path.relocate(to);
                span.relocate(to);
            }
            Item::Model(ModelDecl {
                docs: _,
                name,
                body,
                span,
            }) => {
                name.relocate(to);
                body.relocate(to);
                span.relocate(to);
            }
            Item::Boundary(BoundaryDecl {
                docs: _,
                id,
                name,
                parent,
                body,
                nested,
                span,
            }) => {
                id.relocate(to);
                name.relocate(to);
                parent.relocate(to);
                body.relocate(to);
                nested.relocate(to);
                span.relocate(to);
            }
            Item::Flow(FlowDecl {
                docs: _,
                id,
                source,
                sink,
                name,
                body,
                span,
            }) => {
                id.relocate(to);
                source.relocate(to);
                sink.relocate(to);
                name.relocate(to);
                body.relocate(to);
                span.relocate(to);
            }
            Item::Element(ElementDecl {
                docs: _,
                kind,
                id,
                name,
                boundary,
                body,
                span,
            }) => {
                kind.relocate(to);
                id.relocate(to);
                name.relocate(to);
                boundary.relocate(to);
                body.relocate(to);
                span.relocate(to);
            }
            Item::Kind(KindDecl {
                docs: _,
                name,
                parent,
                fields,
                overrides,
                span,
            }) => {
                name.relocate(to);
                parent.relocate(to);
                fields.relocate(to);
                overrides.relocate(to);
                span.relocate(to);
            }
            Item::Record(RecordDecl {
                docs: _,
                name,
                fields,
                span,
            }) => {
                name.relocate(to);
                fields.relocate(to);
                span.relocate(to);
            }
            Item::Enum(EnumDecl {
                docs: _,
                ordered: _,
                name,
                members,
                span,
            }) => {
                name.relocate(to);
                for EnumMember { docs: _, name } in members {
                    name.relocate(to);
                }
                span.relocate(to);
            }
            Item::Threat(ThreatDecl {
                docs: _,
                id,
                title,
                refines,
                when,
                body,
                span,
            }) => {
                id.relocate(to);
                title.relocate(to);
                if let Some(ThreatRef { library, id, span }) = refines {
                    library.relocate(to);
                    id.relocate(to);
                    span.relocate(to);
                }
                when.relocate(to);
                body.relocate(to);
                span.relocate(to);
            }
            Item::Predicate(PredicateDecl {
                docs: _,
                name,
                params,
                body,
                span,
            }) => {
                name.relocate(to);
                for Param { name, ty } in params {
                    name.relocate(to);
                    ty.relocate(to);
                }
                body.relocate(to);
                span.relocate(to);
            }
        }
    }
}

impl Relocate for Member {
    fn relocate(&mut self, to: Move) {
        let Member {
            docs: _,
            path,
            value,
            span,
        } = self;
        path.relocate(to);
        value.relocate(to);
        span.relocate(to);
    }
}

impl Relocate for Value {
    fn relocate(&mut self, to: Move) {
        match &mut self.kind {
            ValueKind::List(values) => values.relocate(to),
            ValueKind::Record(members) => members.relocate(to),
            ValueKind::Bool(_) | ValueKind::Int(_) | ValueKind::Str(_) | ValueKind::Name(_) => {}
        }
        self.span.relocate(to);
    }
}

impl Relocate for FieldDecl {
    fn relocate(&mut self, to: Move) {
        let FieldDecl {
            docs: _,
            derived: _,
            name,
            ty,
            default,
            span,
        } = self;
        name.relocate(to);
        ty.relocate(to);
        default.relocate(to);
        span.relocate(to);
    }
}

impl Relocate for TypeExpr {
    fn relocate(&mut self, to: Move) {
        match self {
            TypeExpr::Named { name, .. } => name.relocate(to),
            TypeExpr::List { element, span } => {
                element.relocate(to);
                span.relocate(to);
            }
        }
    }
}

impl Relocate for Expr {
    fn relocate(&mut self, to: Move) {
        match &mut self.kind {
            ExprKind::Bool(_) | ExprKind::Int(_) | ExprKind::Str(_) | ExprKind::None => {}
            ExprKind::Path(idents) => idents.relocate(to),
            ExprKind::List(exprs) => exprs.relocate(to),
            ExprKind::Call { name, args } => {
                name.relocate(to);
                args.relocate(to);
            }
            ExprKind::Not(e) => e.relocate(to),
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                a.relocate(to);
                b.relocate(to);
            }
            ExprKind::Compare { lhs, rhs, .. } => {
                lhs.relocate(to);
                rhs.relocate(to);
            }
            ExprKind::Is { value, kind } => {
                value.relocate(to);
                kind.relocate(to);
            }
            ExprKind::In { value, list, .. } => {
                value.relocate(to);
                list.relocate(to);
            }
            ExprKind::Quantifier {
                var, list, body, ..
            } => {
                var.relocate(to);
                list.relocate(to);
                body.relocate(to);
            }
        }
        self.span.relocate(to);
    }
}
