//! Type checking of conditions: names resolved, every path checked against
//! the schema for every kind a variable may have, operand types matched,
//! enum members found, `is` tests narrowing what follows them. The result
//! is an `ir::Cond` tree that cannot go wrong at run time.

use super::ir::{Cond, Fixed, Lit, RouteAsk};
use super::types::Ty;
use super::PredicateId;
use crate::derive;
use crate::diagnostic::Diagnostic;
use crate::hash::Map;
use crate::model::Name;
use crate::schema::{Schema, DATAFLOW, ELEMENT};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{CmpOp, Expr, ExprKind, Ident, Quantifier};
use crate::syntax::limits::MAX_NESTING;
use crate::typeck::Objects;

/// What a call needs to know of a predicate.
#[derive(Clone, Debug)]
pub(crate) struct Signature {
    pub name: String,
    pub params: Vec<(String, Ty)>,
}

/// The signatures of every predicate, in declaration order, found by name
/// (the first of a name declared twice).
#[derive(Clone, Debug, Default)]
pub(crate) struct Signatures {
    pub list: Vec<Signature>,
    index: Map<String, usize>,
}

impl Signatures {
    pub(crate) fn new(list: Vec<Signature>) -> Signatures {
        let mut index = Map::default();
        for (i, s) in list.iter().enumerate() {
            index.entry(s.name.clone()).or_insert(i);
        }
        Signatures { list, index }
    }

    /// The index of the predicate `name`.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

struct Var {
    name: String,
    ty: Ty,
    slot: usize,
}

pub(crate) struct Checker<'a> {
    schema: &'a Schema,
    objects: &'a dyn Objects,
    signatures: &'a Signatures,
    diags: &'a mut Vec<Diagnostic>,
    scope: Vec<Var>,
    slots: usize,
    /// Predicates called, by index, for the recursion check.
    pub calls: Vec<usize>,
    /// Shared by the did-you-mean searches of every condition checked.
    hints: &'a suggest::Budget,
}

impl<'a> Checker<'a> {
    /// A checker with `params` bound to slots 0, 1, ...
    pub(crate) fn new(
        schema: &'a Schema,
        objects: &'a dyn Objects,
        signatures: &'a Signatures,
        diags: &'a mut Vec<Diagnostic>,
        hints: &'a suggest::Budget,
        params: Vec<(String, Ty)>,
    ) -> Checker<'a> {
        let scope: Vec<Var> = params
            .into_iter()
            .enumerate()
            .map(|(slot, (name, ty))| Var { name, ty, slot })
            .collect();
        Checker {
            schema,
            objects,
            signatures,
            diags,
            slots: scope.len(),
            scope,
            calls: Vec::new(),
            hints,
        }
    }

    /// "did you mean `x`?", from `candidates`, while the shared budget
    /// lasts.
    fn hint<'c>(
        &self,
        name: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Option<String> {
        suggest::did_you_mean_within(self.hints, name, candidates)
    }

    /// Frame slots the checked conditions need.
    pub(crate) fn slots(&self) -> usize {
        self.slots
    }

    /// Checks a condition: an expression of type bool.
    pub(crate) fn condition(&mut self, e: &Expr) -> Option<Cond> {
        self.expect(e, &Ty::Bool)
    }

    fn error(&mut self, code: &'static str, message: String, at: Span, label: &str) -> Diagnostic {
        Diagnostic::error(code, message).at(at, label.to_string())
    }

    fn push(&mut self, d: Diagnostic) -> Option<(Cond, Ty)> {
        self.diags.push(d);
        None
    }

    /// Checks `e` against an expected type.
    fn expect(&mut self, e: &Expr, want: &Ty) -> Option<Cond> {
        let (cond, ty) = self.infer(e, Some(want))?;
        if ty.fits(want, self.schema) {
            return Some(cond);
        }
        let mut d = self.error(
            "type-mismatch",
            format!("expected {want}, found {ty}"),
            e.span,
            &format!("this is {}", a(&ty)),
        );
        if *want == Ty::Bool {
            d = d.note(match ty.base() {
                Ty::Obj(_) => "a condition must be true or false; compare it, e.g. `x != none`, or test its kind with `is`".to_string(),
                Ty::List(_) => "test the list with `any x in ...: ...`, `all ...` or `count(...) > 0`".to_string(),
                _ => "compare it with `==`, `!=`, `<`, ... to get a bool".to_string(),
            });
        }
        self.diags.push(d);
        None
    }

    /// The checked form and type of `e`. `want` guides bare enum members.
    fn infer(&mut self, e: &Expr, want: Option<&Ty>) -> Option<(Cond, Ty)> {
        match &e.kind {
            ExprKind::Bool(b) => Some((Cond::Lit(Lit::Bool(*b)), Ty::Bool)),
            ExprKind::Int(n) => Some((Cond::Lit(Lit::Int(*n)), Ty::Int)),
            ExprKind::Str(s) => Some((Cond::Lit(Lit::Str(s.clone())), Ty::Str)),
            ExprKind::None => Some((Cond::Lit(Lit::None), Ty::None)),
            ExprKind::Path(parts) => self.path(parts, want),
            ExprKind::List(_) => {
                let d = self
                    .error(
                        "misplaced-list",
                        "a list is only allowed after `in`".into(),
                        e.span,
                        "not after `in`",
                    )
                    .note("write `x in [A, B]` to test membership");
                self.push(d)
            }
            ExprKind::Call { name, args } => self.call(name, args, e.span),
            ExprKind::Not(inner) => {
                let c = self.expect(inner, &Ty::Bool)?;
                Some((Cond::Not(Box::new(c)), Ty::Bool))
            }
            ExprKind::And(l, r) => {
                let left = self.expect(l, &Ty::Bool);
                let narrowed = self.narrow(&narrowings(l, true));
                let right = self.expect(r, &Ty::Bool);
                self.restore(narrowed);
                Some((Cond::And(Box::new(left?), Box::new(right?)), Ty::Bool))
            }
            ExprKind::Or(l, r) => {
                let left = self.expect(l, &Ty::Bool);
                let narrowed = self.narrow(&narrowings(l, false));
                let right = self.expect(r, &Ty::Bool);
                self.restore(narrowed);
                Some((Cond::Or(Box::new(left?), Box::new(right?)), Ty::Bool))
            }
            ExprKind::Compare { op, lhs, rhs } => self.compare(*op, lhs, rhs, e.span),
            ExprKind::Is { value, kind } => self.is(value, kind),
            ExprKind::In {
                value,
                list,
                negated,
            } => self.membership(value, list, *negated),
            ExprKind::Quantifier {
                op,
                var,
                list,
                body,
            } => self.quantifier(*op, var, list, body),
        }
    }

    fn lookup(&self, name: &str) -> Option<&Var> {
        self.scope.iter().rev().find(|v| v.name == name)
    }

    /// Whether `e` is a bare name that means nothing by itself (an enum
    /// member, typed by the other operand).
    fn is_bare_member(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Path(parts) if parts.len() == 1 => {
                let n = &parts[0].name;
                self.lookup(n).is_none() && self.objects.find(n).is_none()
            }
            ExprKind::List(items) => items.first().is_some_and(|i| self.is_bare_member(i)),
            _ => false,
        }
    }

    fn path(&mut self, parts: &[Ident], want: Option<&Ty>) -> Option<(Cond, Ty)> {
        let head = &parts[0];
        // Each `.` nests the checked condition one level (`Cond::Field`),
        // and references can lead on without end (`x.next.next...`).
        if parts.len() > MAX_NESTING {
            let at = Span::new(
                head.span.file,
                head.span.start,
                parts[parts.len() - 1].span.end,
            );
            let d = self
                .error(
                    "nesting-too-deep",
                    format!("a path of {} names is longer than {MAX_NESTING}", parts.len()),
                    at,
                    "too long",
                )
                .note(format!("a path reads at most {MAX_NESTING} attributes in a row; bind part of it to a predicate parameter"));
            return self.push(d);
        }
        // Where an enum is expected, its member wins over a model identifier
        // of the same name (an element called `LONG` does not break
        // `d.credentialsLife == LONG`).
        if let (Some(Ty::Enum(e)), [member]) = (want.map(Ty::base), parts) {
            let found = self
                .schema
                .enumeration(e)
                .and_then(|en| en.member(&member.name));
            if let (Some((rank, _)), None) = (found, self.lookup(&member.name)) {
                return Some((Cond::Lit(Lit::Enum(rank)), Ty::Enum(e.clone())));
            }
        }
        let (mut cond, mut ty, rest) = if let Some(var) = self.lookup(&head.name) {
            (Cond::Var(var.slot), var.ty.clone(), &parts[1..])
        } else if let Some((id, kind)) = self.objects.find(&head.name) {
            (
                Cond::Lit(Lit::Obj(id)),
                Ty::Obj(vec![kind.to_string()]),
                &parts[1..],
            )
        } else if let (Some(e), [_, member]) = (self.schema.enumeration(&head.name), parts) {
            let rank = self.member(&e.name.clone(), member)?;
            return Some((Cond::Lit(Lit::Enum(rank)), Ty::Enum(head.name.to_string())));
        } else if let (Some(Ty::Enum(e)), [member]) = (want.map(Ty::base), parts) {
            let rank = self.member(&e.clone(), member)?;
            return Some((Cond::Lit(Lit::Enum(rank)), Ty::Enum(e.clone())));
        } else {
            return self.unknown_name(head, want);
        };
        for field in rest {
            (cond, ty) = self.field(cond, &ty, field)?;
        }
        Some((cond, ty))
    }

    fn member(&mut self, enumeration: &str, member: &Ident) -> Option<usize> {
        let e = self.schema.enumeration(enumeration)?;
        if let Some((rank, _)) = e.member(&member.name) {
            return Some(rank);
        }
        let names = || e.members.iter().map(|m| m.name.as_str());
        let d = Diagnostic::error(
            "unknown-enum-member",
            format!("`{}` is not a member of `{enumeration}`", member.name),
        )
        .at(member.span, format!("not a {enumeration}"))
        .note_opt(self.hint(&member.name, names()))
        .note(format!(
            "`{enumeration}` is one of: {}",
            suggest::list(names())
        ));
        self.diags.push(d);
        None
    }

    fn unknown_name(&mut self, name: &Ident, want: Option<&Ty>) -> Option<(Cond, Ty)> {
        // The model's objects are gathered only while the budget lasts.
        let hint = if self.hints.is_spent() {
            None
        } else {
            let objects = self.objects.all();
            let members = match want.map(Ty::base) {
                Some(Ty::Enum(e)) => self.schema.enumeration(e).map(|en| &en.members[..]),
                _ => None,
            };
            let candidates = self
                .scope
                .iter()
                .map(|v| v.name.as_str())
                .chain(objects.iter().map(|(n, _)| *n))
                .chain(members.unwrap_or_default().iter().map(|m| m.name.as_str()));
            self.hint(&name.name, candidates)
        };
        let mut d = Diagnostic::error("unknown-name", format!("`{}` is not defined", name.name))
            .at(name.span, "unknown name")
            .note_opt(hint);
        if self.schema.kind(&name.name).is_some() {
            d = d.note(format!(
                "to test what kind an object is, write `target is {}`",
                name.name
            ));
        } else if want.is_none() {
            d = d.note("names are `target`, predicate parameters, quantified variables, model identifiers, or enum members compared with a typed value");
        }
        self.push(d)
    }

    fn field(&mut self, of: Cond, ty: &Ty, name: &Ident) -> Option<(Cond, Ty)> {
        let field_ty = match ty {
            Ty::Obj(kinds) => self.attribute(kinds, name)?,
            Ty::Record(r) => {
                let record = self.schema.record(r)?;
                match record.field(&name.name) {
                    Some(f) => Ty::of(&f.ty),
                    None => {
                        let names = record.fields.iter().map(|f| f.name.as_str());
                        let d = Diagnostic::error(
                            "unknown-attribute",
                            format!("`{}` is not a field of {r}", name.name),
                        )
                        .at(name.span, format!("no such field in {r}"))
                        .note_opt(self.hint(&name.name, names));
                        return self.push(d);
                    }
                }
            }
            Ty::Optional(inner) => {
                let d = Diagnostic::error(
                    "optional-access",
                    format!("cannot read `{}` of a value that may be none ({ty})", name.name),
                )
                .at(name.span, "the value before this may be unset")
                .note(format!(
                    "optional attributes are compared, not read through: test `... != none` or compare with {} values",
                    inner
                ));
                return self.push(d);
            }
            other => {
                let d =
                    Diagnostic::error("type-mismatch", format!("{} has no attributes", a(other)))
                        .at(name.span, format!("cannot read `{}` here", name.name));
                return self.push(d);
            }
        };
        Some((Cond::Field(Box::new(of), Name::new(&name.name)), field_ty))
    }

    /// The type of attribute `name` on every one of `kinds`.
    fn attribute(&mut self, kinds: &[String], name: &Ident) -> Option<Ty> {
        let mut found: Option<Ty> = None;
        let mut having = Vec::new();
        let mut lacking = Vec::new();
        for kind in kinds {
            let Some(k) = self.schema.kind(kind) else {
                continue;
            };
            match k.attr(&name.name) {
                Some(attr) => {
                    if attr.derived && !derive::COMPUTED.contains(&attr.name.as_str()) {
                        let d = Diagnostic::error(
                            "uncomputed-attribute",
                            format!("`{}` is not known while rules run", name.name),
                        )
                        .at(name.span, "computed from the rules' own results")
                        .note("conditions may read written attributes and `source`, `sink`, `inputs`, `outputs`, `carriedBy`, `processedBy`");
                        self.diags.push(d);
                        return None;
                    }
                    let ty = Ty::of(&attr.ty);
                    if found.as_ref().is_some_and(|f| *f != ty) {
                        let d = Diagnostic::error(
                            "type-mismatch",
                            format!(
                                "`{}` has different types on {}",
                                name.name,
                                kinds.join(" and ")
                            ),
                        )
                        .at(name.span, "ambiguous type")
                        .note("narrow the object with `is` first");
                        self.diags.push(d);
                        return None;
                    }
                    found = Some(ty);
                    having.push(kind.as_str());
                }
                None => lacking.push(kind.as_str()),
            }
        }
        if lacking.is_empty() {
            return found;
        }
        let mut d = Diagnostic::error(
            "unknown-attribute",
            format!(
                "unknown attribute `{}` on {}",
                name.name,
                lacking.join(", ")
            ),
        )
        .at(
            name.span,
            format!("not an attribute of {}", lacking.join(" or ")),
        );
        if having.is_empty() {
            let mut names: Vec<&str> = Vec::new();
            for kind in kinds {
                if let Some(k) = self.schema.kind(kind) {
                    names.extend(k.attrs.iter().map(|a| a.name.as_str()));
                }
            }
            d = d.note_opt(self.hint(&name.name, names));
            if let Some(note) = self.control_hint(kinds, &name.name) {
                d = d.note(note);
            }
        } else {
            d = d.note(format!(
                "it is an attribute of {} only; narrow first, e.g. `target is {} and ...`",
                having.join(", "),
                having[0]
            ));
        }
        self.diags.push(d);
        None
    }

    /// "`sanitizesInput` is a control: write `target.controls.sanitizesInput`".
    fn control_hint(&self, kinds: &[String], name: &str) -> Option<String> {
        let kind = self.schema.kind(kinds.first()?)?;
        kind.attrs.iter().find_map(|a| match &a.ty {
            crate::schema::Type::Record(r) => self
                .schema
                .record(r)?
                .field(name)
                .map(|_| format!("`{name}` is a field of `{0}`: write `….{0}.{name}`", a.name)),
            _ => None,
        })
    }

    fn call(&mut self, name: &Ident, args: &[Expr], at: Span) -> Option<(Cond, Ty)> {
        if name.name == "count" {
            if args.len() != 1 {
                let d = self.error(
                    "wrong-arity",
                    format!("`count` takes 1 argument, found {}", args.len()),
                    at,
                    "here",
                );
                return self.push(d);
            }
            let (list, ty) = self.infer(&args[0], None)?;
            if !matches!(ty, Ty::List(_)) {
                let d = self.error(
                    "type-mismatch",
                    format!("`count` counts a list, found {ty}"),
                    args[0].span,
                    "not a list",
                );
                return self.push(d);
            }
            return Some((Cond::Count(Box::new(list)), Ty::Int));
        }
        if let Some(ask) = RouteAsk::named(&name.name) {
            return self.route(ask, args, at);
        }
        let Some(index) = self.signatures.find(&name.name) else {
            let names = || {
                let predicates = self.signatures.list.iter().map(|s| s.name.as_str());
                let built_in = RouteAsk::ALL.into_iter().map(|a| -> &str { a.name() });
                predicates.chain(std::iter::once("count").chain(built_in))
            };
            let d = Diagnostic::error(
                "unknown-predicate",
                format!("`{}` is not a predicate", name.name),
            )
            .at(name.span, "unknown")
            .note_opt(self.hint(&name.name, names()))
            .note(format!("known predicates: {}", suggest::list(names())));
            return self.push(d);
        };
        let params = self.signatures.list[index].params.clone();
        if params.len() != args.len() {
            let d = self.error(
                "wrong-arity",
                format!(
                    "`{}` takes {} argument{}, found {}",
                    name.name,
                    params.len(),
                    if params.len() == 1 { "" } else { "s" },
                    args.len()
                ),
                at,
                "wrong number of arguments",
            );
            return self.push(d);
        }
        let mut checked = Vec::new();
        for (arg, (_, ty)) in args.iter().zip(&params) {
            checked.push(self.expect(arg, ty));
        }
        self.calls.push(index);
        let args = checked.into_iter().collect::<Option<Vec<_>>>()?;
        Some((
            Cond::Call {
                predicate: PredicateId(index as u32),
                args,
            },
            Ty::Bool,
        ))
    }

    /// `reaches(a, b)` or `path(a, b)`: two elements. The search goes
    /// back from `b` when `b` is a fixed element and `a` is not (see
    /// `rules::reach`).
    fn route(&mut self, ask: RouteAsk, args: &[Expr], at: Span) -> Option<(Cond, Ty)> {
        if args.len() != 2 {
            let d = self.error(
                "wrong-arity",
                format!("`{}` takes 2 arguments, found {}", ask.name(), args.len()),
                at,
                "wrong number of arguments",
            );
            return self.push(d);
        }
        let element = Ty::Obj(vec![ELEMENT.to_string()]);
        let from = self.expect(&args[0], &element);
        let to = self.expect(&args[1], &element);
        let (from, to) = (from?, to?);
        let is_fixed = |c: &Cond| matches!(c, Cond::Lit(Lit::Obj(_)));
        let fixed = Fixed {
            from: is_fixed(&from),
            to: is_fixed(&to),
        };
        let ty = match ask {
            RouteAsk::Reaches => Ty::Bool,
            RouteAsk::Path => Ty::List(Box::new(Ty::Obj(vec![DATAFLOW.to_string()]))),
        };
        let cond = Cond::Route {
            ask,
            from: Box::new(from),
            to: Box::new(to),
            fixed,
        };
        Some((cond, ty))
    }

    fn compare(&mut self, op: CmpOp, lhs: &Expr, rhs: &Expr, at: Span) -> Option<(Cond, Ty)> {
        // A bare enum member takes its type from the other side.
        let (l, r) = if self.is_bare_member(lhs) && !self.is_bare_member(rhs) {
            let r = self.infer(rhs, None);
            let l = self.infer(lhs, r.as_ref().map(|(_, t)| t));
            (l?, r?)
        } else {
            let l = self.infer(lhs, None);
            if l.is_none() && self.is_bare_member(rhs) {
                return None; // its type would come from the broken left side
            }
            let r = self.infer(rhs, l.as_ref().map(|(_, t)| t));
            (l?, r?)
        };
        let ((lc, lt), (rc, rt)) = (l, r);
        if !lt.comparable(&rt, self.schema) {
            let d = self
                .error(
                    "type-mismatch",
                    format!("cannot compare {lt} with {rt}"),
                    at,
                    "operands of different types",
                )
                .note_opt(match (&lt, &rt) {
                    (Ty::Enum(_), Ty::Str) | (Ty::Str, Ty::Enum(_)) => {
                        Some("enum members are written bare, without quotes".to_string())
                    }
                    (Ty::Bool, _) | (_, Ty::Bool) => Some(
                        "a bool attribute is a condition by itself: write `x` or `not x`"
                            .to_string(),
                    ),
                    _ => None,
                });
            return self.push(d);
        }
        if op.is_ordering() {
            let ordered = match (lt.base(), rt.base()) {
                (Ty::Int, Ty::Int) => true,
                (Ty::Enum(e), Ty::Enum(_)) => {
                    self.schema.enumeration(e).is_some_and(|en| en.ordered)
                }
                _ => false,
            };
            if !ordered {
                let mut d = self.error(
                    "unordered-comparison",
                    format!(
                        "`{}` needs ordered operands; {lt} has no order",
                        op.symbol()
                    ),
                    at,
                    "cannot be ordered",
                );
                d = d.note(match lt.base() {
                    Ty::Enum(e) => format!("`{e}` is not an `ordered enum`; compare its members with `==`, `!=` or `in`"),
                    _ => "only ints and members of `ordered enum`s compare with <, <=, >, >=".to_string(),
                });
                return self.push(d);
            }
        }
        Some((Cond::Compare(op, Box::new(lc), Box::new(rc)), Ty::Bool))
    }

    fn is(&mut self, value: &Expr, kind: &Ident) -> Option<(Cond, Ty)> {
        let (cond, ty) = self.infer(value, None)?;
        let Ty::Obj(kinds) = ty.base().clone() else {
            let d = self.error(
                "type-mismatch",
                format!("`is` tests the kind of an object, found {ty}"),
                value.span,
                "not an object",
            );
            return self.push(d);
        };
        if self.schema.kind(&kind.name).is_none() {
            let names = self.schema.kinds.iter().map(|k| k.name.as_str());
            let d = Diagnostic::error(
                "unknown-kind",
                format!("`{}` is not a known kind", kind.name),
            )
            .at(kind.span, "not a kind")
            .note_opt(self.hint(&kind.name, names));
            return self.push(d);
        }
        if narrow_kinds(self.schema, &kinds, &kind.name).is_empty() {
            let d = Diagnostic::error(
                "impossible-kind-test",
                format!("{} can never be a {}", kinds.join(" or "), kind.name),
            )
            .at(kind.span, "always false")
            .note("the test can only hold for kinds at or below the value's kinds");
            return self.push(d);
        }
        let below: Vec<String> = self
            .schema
            .kinds
            .iter()
            .filter(|k| self.schema.is_a(&k.name, &kind.name))
            .map(|k| k.name.clone())
            .collect();
        Some((Cond::IsKind(Box::new(cond), below), Ty::Bool))
    }

    fn membership(&mut self, value: &Expr, list: &Expr, negated: bool) -> Option<(Cond, Ty)> {
        if let ExprKind::List(items) = &list.kind {
            let (vc, vt) = if self.is_bare_member(value)
                && !items.is_empty()
                && !self.is_bare_member(&items[0])
            {
                let (_, t) = self.infer(&items[0], None)?;
                self.infer(value, Some(&t))?
            } else {
                self.infer(value, None)?
            };
            let element = vt.base().clone();
            let mut checked = Vec::new();
            for item in items {
                let (ic, it) = self.infer(item, Some(&element))?;
                if !it.comparable(&vt, self.schema) {
                    let d = self.error(
                        "type-mismatch",
                        format!("cannot compare {vt} with {it}"),
                        item.span,
                        &format!("expected {element}"),
                    );
                    return self.push(d);
                }
                checked.push(ic);
            }
            return Some((
                Cond::InItems {
                    value: Box::new(vc),
                    items: checked,
                    negated,
                },
                Ty::Bool,
            ));
        }
        let (lc, lt) = self.infer(list, None)?;
        // An optional is a list of none or one: `any b in e.inBoundary: ...`
        // reads through it when it is set.
        let (Ty::List(element) | Ty::Optional(element)) = lt else {
            let d = self.error(
                "type-mismatch",
                format!("`in` needs a list on its right, found {lt}"),
                list.span,
                "not a list",
            );
            return self.push(d);
        };
        let vc = self.expect(value, &Ty::Optional(element.clone()))?;
        Some((
            Cond::In {
                value: Box::new(vc),
                list: Box::new(lc),
                negated,
            },
            Ty::Bool,
        ))
    }

    fn quantifier(
        &mut self,
        op: Quantifier,
        var: &Ident,
        list: &Expr,
        body: &Expr,
    ) -> Option<(Cond, Ty)> {
        let (lc, lt) = self.infer(list, None)?;
        // An optional is a list of none or one: `any b in e.inBoundary: ...`
        // reads through it when it is set.
        let (Ty::List(element) | Ty::Optional(element)) = lt else {
            let d = self.error(
                "type-mismatch",
                format!("`{}` ranges over a list, found {lt}", op.keyword()),
                list.span,
                "not a list",
            );
            return self.push(d);
        };
        let slot = self.scope.len();
        self.scope.push(Var {
            name: var.name.to_string(),
            ty: *element,
            slot,
        });
        self.slots = self.slots.max(self.scope.len());
        let body = self.expect(body, &Ty::Bool);
        self.scope.pop();
        let ty = if op == Quantifier::Count {
            Ty::Int
        } else {
            Ty::Bool
        };
        Some((
            Cond::Quantifier {
                op,
                slot,
                list: Box::new(lc),
                body: Box::new(body?),
            },
            ty,
        ))
    }

    /// Applies `is` narrowings to variables; returns what to restore.
    fn narrow(&mut self, tests: &[(String, String)]) -> Vec<(usize, Ty)> {
        let mut saved = Vec::new();
        for (name, kind) in tests {
            let Some(i) = self.scope.iter().rposition(|v| v.name == *name) else {
                continue;
            };
            let Ty::Obj(kinds) = &self.scope[i].ty else {
                continue;
            };
            let narrowed = narrow_kinds(self.schema, kinds, kind);
            if narrowed.is_empty() {
                continue;
            }
            saved.push((i, self.scope[i].ty.clone()));
            self.scope[i].ty = Ty::Obj(narrowed);
        }
        saved
    }

    fn restore(&mut self, saved: Vec<(usize, Ty)>) {
        for (i, ty) in saved.into_iter().rev() {
            self.scope[i].ty = ty;
        }
    }
}

/// The kinds of `kinds` that can be a `kind`: those at or below it, and
/// `kind` itself where it is below one of them.
fn narrow_kinds(schema: &Schema, kinds: &[String], kind: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in kinds {
        let n = if schema.is_a(k, kind) {
            k.clone()
        } else if schema.is_a(kind, k) {
            kind.to_string()
        } else {
            continue;
        };
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The `x is K` tests that hold when `e` is true (`positive`) or when it
/// is false (`not x is K`), as (variable, kind).
fn narrowings(e: &Expr, positive: bool) -> Vec<(String, String)> {
    match (&e.kind, positive) {
        (ExprKind::Is { value, kind }, true) => match &value.kind {
            ExprKind::Path(parts) if parts.len() == 1 => {
                vec![(parts[0].name.to_string(), kind.name.to_string())]
            }
            _ => Vec::new(),
        },
        (ExprKind::Not(inner), p) => narrowings(inner, !p),
        (ExprKind::And(l, r), true) | (ExprKind::Or(l, r), false) => {
            let mut v = narrowings(l, positive);
            v.extend(narrowings(r, positive));
            v
        }
        _ => Vec::new(),
    }
}

/// "a string", "an int", "a Server".
fn a(ty: &Ty) -> String {
    let s = ty.to_string();
    let vowel = s.starts_with(|c: char| "aeiouAEIOU".contains(c));
    format!("{} {s}", if vowel { "an" } else { "a" })
}
