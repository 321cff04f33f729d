//! Type checking of values: attribute assignments against the schema's
//! fields, defaults filled in, required attributes enforced. Used for model
//! declarations and for the defaults written in the schema itself.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::model::{Attrs, Model, Name, ObjectId, Value};
use crate::schema::{Attr, Schema, Type};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast;

/// The declared objects a reference may name.
pub(crate) trait Objects {
    /// The object with this identifier and its kind.
    fn find(&self, name: &str) -> Option<(ObjectId, &str)>;
    /// Identifiers of all objects, with their kinds, for did-you-mean.
    fn all(&self) -> Vec<(&str, &str)>;
    /// A declaration that failed and was reported already: references to
    /// it are not reported again.
    fn is_broken(&self, _name: &str) -> bool {
        false
    }
    /// Told of each place a reference to `id` was resolved (for go to
    /// definition and find references).
    fn used(&self, _at: Span, _id: ObjectId) {}
    /// Asked for a did-you-mean hint for `name`, which names nothing
    /// `among`: true when the hint is left to whoever checks every
    /// declaration, to add to the checker's diagnostic number `diag` once
    /// all are checked (`resolve::Recorder`: declarations are checked on
    /// several threads, and the searches share one budget).
    fn hint_later(&self, _diag: usize, _name: &str, _among: Among) -> bool {
        false
    }
}

/// The objects of a checked model, for the references of rule conditions.
impl Objects for Model {
    fn find(&self, name: &str) -> Option<(ObjectId, &str)> {
        let id = self.lookup(name)?;
        Some((id, self.object(id).kind.as_str()))
    }

    fn all(&self) -> Vec<(&str, &str)> {
        self.objects
            .iter()
            .map(|o| (o.id.as_str(), o.kind.as_str()))
            .collect()
    }
}

/// What a name that names nothing was looked up among, for a hint.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Among {
    /// The objects of this kind (or of a kind below it).
    Objects(String),
    /// The members of this enum.
    Members(String),
}

/// No objects: schema defaults cannot refer to model declarations.
pub(crate) struct NoObjects;

impl Objects for NoObjects {
    fn find(&self, _: &str) -> Option<(ObjectId, &str)> {
        None
    }
    fn all(&self) -> Vec<(&str, &str)> {
        Vec::new()
    }
}

pub(crate) struct Checker<'a> {
    schema: &'a Schema,
    objects: &'a dyn Objects,
    diags: &'a mut Vec<Diagnostic>,
    /// Shared by the did-you-mean searches of many checkers (else each
    /// search has its own).
    hints: Option<&'a suggest::Budget>,
}

/// Where each attribute path was first set, to report a second assignment.
type Seen = crate::hash::Map<String, Span>;

impl<'a> Checker<'a> {
    pub(crate) fn new(
        schema: &'a Schema,
        objects: &'a dyn Objects,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Checker<'a> {
        Checker {
            schema,
            objects,
            diags,
            hints: None,
        }
    }

    /// The checker with its did-you-mean searches taking their work from
    /// `budget`, which others share.
    pub(crate) fn with_hints(mut self, budget: &'a suggest::Budget) -> Checker<'a> {
        self.hints = Some(budget);
        self
    }

    /// "did you mean `x`?", from `candidates` (see `hints`).
    fn hint<'c>(
        &self,
        name: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Option<String> {
        match self.hints {
            Some(budget) if budget.is_spent() => None,
            Some(budget) => suggest::did_you_mean_within(budget, name, candidates),
            None => suggest::did_you_mean(name, candidates),
        }
    }

    /// Checks a block of assignments against `fields` (of the kind or
    /// record `owner`), then fills in defaults and reports required
    /// attributes left unset at `at`. `preset` values (e.g. from an `in`
    /// clause) count as written at their span.
    pub(crate) fn attributes(
        &mut self,
        owner: &str,
        fields: &[Attr],
        members: &[ast::Member],
        preset: Vec<(String, Value, Span)>,
        at: Span,
    ) -> Attrs {
        self.attributes_written(owner, fields, members, preset, at)
            .0
    }

    /// `attributes`, plus the paths that were written rather than
    /// defaulted (`protocol`, `controls.isEncrypted`, ...).
    pub(crate) fn attributes_written(
        &mut self,
        owner: &str,
        fields: &[Attr],
        members: &[ast::Member],
        preset: Vec<(String, Value, Span)>,
        at: Span,
    ) -> (Attrs, BTreeSet<String>) {
        // Start from the defaults and write over them.
        let mut attrs = self.schema.defaults(owner, fields);
        let mut seen = Seen::default();
        for (name, value, span) in preset {
            seen.insert(name.clone(), span);
            attrs.insert(name, value);
        }
        for m in members {
            self.assign(
                owner, fields, &mut attrs, "", &m.path, &m.value, m.span, &mut seen,
            );
        }
        self.complete(owner, fields, &mut attrs, at, &seen, "");
        (attrs, seen.into_keys().collect())
    }

    #[allow(clippy::too_many_arguments)]
    fn assign(
        &mut self,
        owner: &str,
        fields: &[Attr],
        attrs: &mut Attrs,
        prefix: &str,
        path: &[ast::Ident],
        value: &ast::Value,
        span: Span,
        seen: &mut Seen,
    ) {
        let name = &path[0];
        let wanted = name.name.as_str();
        let Some(field) = fields.iter().find(|f| f.name == wanted) else {
            self.unknown_attribute(owner, fields, name);
            return;
        };
        if field.derived {
            self.diags.push(
                Diagnostic::error(
                    "derived-attribute",
                    format!(
                        "`{}` of {owner} is computed by tmc and cannot be set",
                        name.name
                    ),
                )
                .at(name.span, "cannot be set")
                .note_opt(
                    (!field.doc.is_empty()).then(|| format!("`{}`: {}", name.name, field.doc)),
                ),
            );
            return;
        }
        let key = format!("{prefix}{}", name.name);
        let record = match &field.ty {
            Type::Record(r) => self.schema.record(r),
            _ => None,
        };
        // `a.b = v` or `a { b = v }`: descend into the record, merging with
        // what is already set so both forms can be mixed.
        let nested: Option<Vec<(&[ast::Ident], &ast::Value, Span)>> =
            match (&value.kind, path.len()) {
                (_, n) if n > 1 => Some(vec![(&path[1..], value, span)]),
                (ast::ValueKind::Record(members), _) if record.is_some() => Some(
                    members
                        .iter()
                        .map(|m| (m.path.as_slice(), &m.value, m.span))
                        .collect(),
                ),
                _ => None,
            };
        if let Some(parts) = nested {
            let Some(record) = record else {
                self.diags.push(
                    Diagnostic::error(
                        "not-a-record",
                        format!(
                            "`{}` is {}, which has no fields",
                            name.name,
                            article(&field.ty)
                        ),
                    )
                    .at(path[1].span, "no field to set here"),
                );
                return;
            };
            let mut inner_attrs = match attrs.get(&name.name) {
                Some(Value::Record(inner)) => inner.clone(),
                _ => Attrs::new(),
            };
            let inner_prefix = format!("{key}.");
            for (p, v, s) in parts {
                self.assign(
                    &record.name,
                    &record.fields,
                    &mut inner_attrs,
                    &inner_prefix,
                    p,
                    v,
                    s,
                    seen,
                );
            }
            attrs.insert(&name.name, Value::Record(inner_attrs));
            return;
        }
        if let Some(first) = seen.get(&key) {
            self.duplicate(&key, span, *first);
            return;
        }
        seen.insert(key, span);
        if let Some(v) = self.value(&field.ty, value) {
            attrs.insert(&name.name, v);
        }
    }

    fn duplicate(&mut self, key: &str, span: Span, first: Span) {
        self.diags.push(
            Diagnostic::error("duplicate-attribute", format!("`{key}` is set twice"))
                .at(span, "set again here")
                .also(first, "first set here"),
        );
    }

    fn unknown_attribute(&mut self, owner: &str, fields: &[Attr], name: &ast::Ident) {
        let settable = fields
            .iter()
            .filter(|f| !f.derived)
            .map(|f| f.name.as_str());
        let mut d = Diagnostic::error(
            "unknown-attribute",
            format!("unknown attribute `{}` on {owner}", name.name),
        )
        .at(name.span, "not an attribute of this kind");
        // A field of one of the owner's records (e.g. a control written at
        // the top level) gets a pointer to where it belongs.
        let home = fields.iter().find_map(|f| match &f.ty {
            Type::Record(r) => self
                .schema
                .record(r)
                .filter(|rec| rec.field(&name.name).is_some())
                .map(|_| f.name.as_str()),
            _ => None,
        });
        d = match home {
            Some(group) => d.note(format!(
                "`{0}` belongs in `{group}`: write `{group} {{ {0} = ... }}` or `{group}.{0} = ...`",
                name.name
            )),
            None => {
                let hint = suggest::did_you_mean(&name.name, settable)
                    .or_else(|| self.closest_record_field(fields, &name.name));
                suggest::noted(d, name.span, hint)
            }
        };
        self.diags.push(d);
    }

    /// A misspelt field of one of the owner's records, e.g. `isHardend` for
    /// `controls.isHardened`.
    fn closest_record_field(&self, fields: &[Attr], name: &str) -> Option<String> {
        fields.iter().find_map(|f| {
            let Type::Record(r) = &f.ty else { return None };
            let record = self.schema.record(r)?;
            let names = record
                .fields
                .iter()
                .filter(|g| !g.derived)
                .map(|g| g.name.as_str());
            suggest::closest(name, names).map(|field| {
                format!(
                    "did you mean `{0}.{field}`? (`{field}` belongs in `{0} {{ }}`)",
                    f.name
                )
            })
        })
    }

    /// Reports required attributes missing from `attrs` (which started as
    /// the defaults), and fills in what the defaults lacked. A required
    /// attribute that was written but whose value was wrong (`written`,
    /// under `prefix`) is not reported again.
    fn complete(
        &mut self,
        owner: &str,
        fields: &[Attr],
        attrs: &mut Attrs,
        at: Span,
        written: &Seen,
        prefix: &str,
    ) {
        for f in fields {
            if f.derived || !self.schema.may_lack(f) {
                continue;
            }
            match (attrs.get_mut(&f.name), &f.ty) {
                (Some(Value::Record(inner)), Type::Record(r)) => {
                    if let Some(record) = self.schema.record(r) {
                        let prefix = format!("{prefix}{}.", f.name);
                        self.complete(&record.name, &record.fields, inner, at, written, &prefix);
                    }
                }
                (Some(_), _) => {}
                (None, Type::Record(r)) => {
                    if let Some(record) = self.schema.record(r) {
                        let mut inner = self.schema.defaults(&record.name, &record.fields);
                        let prefix = format!("{prefix}{}.", f.name);
                        self.complete(
                            &record.name,
                            &record.fields,
                            &mut inner,
                            at,
                            written,
                            &prefix,
                        );
                        attrs.insert(&f.name, Value::Record(inner));
                    }
                }
                (None, _) => match &f.default {
                    Some(d) => {
                        attrs.insert(&f.name, d.clone());
                    }
                    None if f.is_required()
                        && !written.contains_key(&format!("{prefix}{}", f.name)) =>
                    {
                        self.diags.push(
                            Diagnostic::error(
                                "missing-attribute",
                                format!("missing required attribute `{}` on {owner}", f.name),
                            )
                            .at(at, format!("`{}: {}` is not set", f.name, f.ty))
                            .note_opt(
                                (!f.doc.is_empty()).then(|| format!("`{}`: {}", f.name, f.doc)),
                            ),
                        )
                    }
                    None => {}
                },
            }
        }
    }

    /// Checks one value against a type.
    pub(crate) fn value(&mut self, ty: &Type, value: &ast::Value) -> Option<Value> {
        use ast::ValueKind as V;
        match (ty, &value.kind) {
            (Type::Optional(inner), _) => self.value(inner, value),
            (Type::Bool, V::Bool(b)) => Some(Value::Bool(*b)),
            (Type::Int, V::Int(n)) => Some(Value::Int(*n)),
            (Type::String, V::Str(s)) => Some(Value::Str(s.clone())),
            (Type::List(element), V::List(items)) => {
                let checked: Vec<Option<Value>> =
                    items.iter().map(|item| self.value(element, item)).collect();
                checked
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(Value::List)
            }
            (Type::Enum(e), V::Name(member)) => self.enum_member(e, member, value.span),
            (Type::Kind, V::Name(kind)) => self.kind_name(kind, value.span),
            (Type::Ref(kind), V::Name(name)) => self.reference(kind, name, value.span),
            (Type::Record(r), V::Record(members)) => {
                let record = self.schema.record(r)?;
                let attrs = self.attributes(
                    &record.name,
                    &record.fields,
                    members,
                    Vec::new(),
                    value.span,
                );
                Some(Value::Record(attrs))
            }
            _ => {
                self.mismatch(ty, value);
                None
            }
        }
    }

    /// The name of an element kind (a threat's `targets`).
    fn kind_name(&mut self, name: &str, at: Span) -> Option<Value> {
        if self.schema.kind(name).is_some() {
            return Some(Value::Str(name.to_string()));
        }
        let kinds = self.schema.kinds.iter().map(|k| k.name.as_str());
        let hint = self.hint(name, kinds);
        let d = Diagnostic::error("unknown-kind", format!("`{name}` is not a known kind"))
            .at(at, "not a kind");
        self.diags.push(suggest::noted(d, at, hint));
        None
    }

    fn mismatch(&mut self, ty: &Type, value: &ast::Value) {
        use ast::ValueKind as V;
        let mut d = Diagnostic::error(
            "type-mismatch",
            format!("expected {ty}, found {}", value.kind.describe()),
        )
        .at(value.span, format!("expected {ty}"));
        d = match (ty, &value.kind) {
            (Type::String, V::Name(n)) => {
                d.note(format!("strings are written in double quotes: \"{n}\""))
            }
            (Type::List(_), _) => d.note(format!(
                "write a list, even of one item: `[{}]`",
                self.sample(value)
            )),
            (Type::Enum(e), _) => d.note(match self.schema.enumeration(e) {
                Some(en) => format!(
                    "`{e}` is one of: {}",
                    suggest::list(en.members.iter().map(|m| m.name.as_str()))
                ),
                None => format!("expected a member of `{e}`"),
            }),
            (Type::Bool, V::Name(n)) if matches!(n.to_lowercase().as_str(), "true" | "false") => d
                .note(format!(
                    "booleans are written in lower case: `{}`",
                    n.to_lowercase()
                )),
            (Type::Bool, V::Str(s)) if s == "true" || s == "false" => {
                d.note(format!("write `{s}` without quotes"))
            }
            (Type::Int, V::Str(s)) if s.parse::<i64>().is_ok() => {
                d.note(format!("write `{s}` without quotes"))
            }
            _ => d,
        };
        self.diags.push(d);
    }

    /// The value's text as written, for "write it like this" hints.
    fn sample(&self, value: &ast::Value) -> String {
        match &value.kind {
            ast::ValueKind::Name(n) => n.clone(),
            ast::ValueKind::Str(s) => format!("{s:?}"),
            ast::ValueKind::Int(n) => n.to_string(),
            ast::ValueKind::Bool(b) => b.to_string(),
            _ => "...".into(),
        }
    }

    fn enum_member(&mut self, enum_name: &str, member: &str, span: Span) -> Option<Value> {
        let e = self.schema.enumeration(enum_name)?;
        if let Some((rank, m)) = e.member(member) {
            return Some(Value::Enum {
                ty: Name::new(&e.name),
                member: Name::new(&m.name),
                rank,
            });
        }
        let members = || e.members.iter().map(|m| m.name.as_str());
        let later = self.objects.hint_later(
            self.diags.len(),
            member,
            Among::Members(enum_name.to_string()),
        );
        let hint = if later {
            None
        } else {
            self.hint(member, members())
        };
        let d = Diagnostic::error(
            "unknown-enum-member",
            format!("`{member}` is not a member of `{enum_name}`"),
        )
        .at(span, format!("not a {enum_name}"));
        self.diags.push(suggest::noted(d, span, hint).note(format!(
            "`{enum_name}` is one of: {}",
            suggest::list(members())
        )));
        None
    }

    fn reference(&mut self, kind: &str, name: &str, span: Span) -> Option<Value> {
        match self.objects.find(name) {
            Some((id, found)) if self.schema.is_a(found, kind) => {
                self.objects.used(span, id);
                Some(Value::Ref(id))
            }
            Some((_, found)) => {
                self.diags.push(
                    Diagnostic::error(
                        "wrong-reference",
                        format!(
                            "expected a reference to a {kind}, found `{name}`, which is a {found}"
                        ),
                    )
                    .at(span, format!("not a {kind}")),
                );
                None
            }
            None if self.objects.is_broken(name) => None,
            None => {
                let later = self.objects.hint_later(
                    self.diags.len(),
                    name,
                    Among::Objects(kind.to_string()),
                );
                let hint = if later {
                    None
                } else {
                    let all = self.objects.all();
                    let candidates = all
                        .iter()
                        .filter(|(_, k)| self.schema.is_a(k, kind))
                        .map(|(n, _)| *n);
                    self.hint(name, candidates)
                };
                let d = Diagnostic::error(
                    "undefined-reference",
                    format!("`{name}` is not defined; expected a {kind}"),
                )
                .at(span, "not defined");
                self.diags.push(suggest::noted(d, span, hint));
                None
            }
        }
    }
}

/// "a string", "an int", "a Controls record" for messages.
fn article(ty: &Type) -> String {
    let text = ty.to_string();
    let vowel = text.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']);
    format!("{} {text}", if vowel { "an" } else { "a" })
}
