//! Where each node of a checked condition was written: a side table of
//! source spans, one per node of the `ir::Cond` tree in pre-order (a node,
//! then the nodes of each of its children in turn), made from the
//! expression the checker read. Evaluation never looks at it; `tmc
//! explain` cuts the text of each sub-expression it shows from the source
//! with it.

use super::ir::Cond;
use crate::source::{Sources, Span};
use crate::syntax::ast::{Expr, ExprKind};

/// The span of every node of `cond`, checked from `expr`, in pre-order.
/// Where the checker made nodes of its own (a path of names becomes one
/// `Field` per name), each gets the part of the text it stands for; where
/// the two trees do not line up, every node of the subtree gets the span
/// of the whole expression, so the table always has one entry per node.
pub(crate) fn of(cond: &Cond, expr: &Expr) -> Vec<Span> {
    let mut out = Vec::new();
    walk(cond, expr, &mut out);
    out
}

/// The text of a node's span, for showing: white space after it cut, and
/// the closing parentheses its span leaves out taken in (the span of
/// `not (a or b)` ends after `b`, that of a parenthesised operand inside
/// its parentheses).
pub(crate) fn written(sources: &Sources, span: Span) -> &str {
    let file = sources.text(span.file);
    let Some(text) = file.get(span.range()) else {
        return "";
    };
    let mut end = span.end;
    let bytes = file.as_bytes();
    for _ in 0..unclosed(text) {
        let next = end
            + bytes[end..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        if bytes.get(next) != Some(&b')') {
            break;
        }
        end = next + 1;
    }
    file[span.start..end].trim_end()
}

/// How many `(` of `text` are not closed in it (outside string literals).
fn unclosed(text: &str) -> usize {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for c in text.chars() {
        match (in_string, c) {
            (true, _) if escaped => escaped = false,
            (true, '\\') => escaped = true,
            (true, '"') | (false, '"') => in_string = !in_string,
            (false, '(') => depth += 1,
            (false, ')') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// The nodes of `cond`, in the pre-order of `of`.
pub(crate) fn nodes(cond: &Cond) -> Vec<&Cond> {
    let mut out = Vec::new();
    preorder(cond, &mut out);
    out
}

fn preorder<'a>(cond: &'a Cond, out: &mut Vec<&'a Cond>) {
    out.push(cond);
    for child in children(cond) {
        preorder(child, out);
    }
}

/// The children of a node, in evaluation order.
pub(crate) fn children(cond: &Cond) -> Vec<&Cond> {
    match cond {
        Cond::Lit(_) | Cond::Var(_) => Vec::new(),
        Cond::Field(c, _) | Cond::Not(c) | Cond::IsKind(c, _) | Cond::Count(c) => vec![c],
        Cond::And(a, b) | Cond::Or(a, b) | Cond::Compare(_, a, b) => vec![a, b],
        Cond::In { value, list, .. } => vec![value, list],
        Cond::InItems { value, items, .. } => {
            let mut v: Vec<&Cond> = vec![value];
            v.extend(items);
            v
        }
        Cond::Quantifier { list, body, .. } => vec![list, body],
        Cond::Call { args, .. } => args.iter().collect(),
        Cond::Route { from, to, .. } => vec![from, to],
    }
}

fn walk(cond: &Cond, expr: &Expr, out: &mut Vec<Span>) {
    let pairs: Vec<(&Cond, &Expr)> = match (cond, &expr.kind) {
        (_, ExprKind::Path(parts)) => return path(cond, parts.len(), expr, out),
        (Cond::Not(c), ExprKind::Not(e)) => vec![(c, e)],
        (Cond::And(a, b), ExprKind::And(l, r))
        | (Cond::Or(a, b), ExprKind::Or(l, r))
        | (Cond::Compare(_, a, b), ExprKind::Compare { lhs: l, rhs: r, .. }) => {
            vec![(a, l), (b, r)]
        }
        (Cond::IsKind(c, _), ExprKind::Is { value, .. }) => vec![(c, value)],
        (
            Cond::In { value, list, .. },
            ExprKind::In {
                value: v, list: l, ..
            },
        ) => {
            vec![(value, v), (list, l)]
        }
        (
            Cond::InItems { value, items, .. },
            ExprKind::In {
                value: v, list: l, ..
            },
        ) => match &l.kind {
            ExprKind::List(written) if written.len() == items.len() => {
                let mut pairs = vec![(&**value, &**v)];
                pairs.extend(items.iter().zip(written));
                pairs
            }
            _ => return fill(cond, expr.span, out),
        },
        (
            Cond::Quantifier { list, body, .. },
            ExprKind::Quantifier {
                list: l, body: b, ..
            },
        ) => {
            vec![(list, l), (body, b)]
        }
        (Cond::Call { args, .. }, ExprKind::Call { args: written, .. })
            if args.len() == written.len() =>
        {
            args.iter().zip(written).collect()
        }
        (Cond::Count(c), ExprKind::Call { args, .. }) if args.len() == 1 => vec![(c, &args[0])],
        (Cond::Route { from, to, .. }, ExprKind::Call { args, .. }) if args.len() == 2 => {
            vec![(from, &args[0]), (to, &args[1])]
        }
        (Cond::Lit(_), _) => Vec::new(),
        _ => return fill(cond, expr.span, out),
    };
    out.push(expr.span);
    for (c, e) in pairs {
        walk(c, e, out);
    }
}

/// A path `a.b.c` of `names` names, checked to `Field(Field(a, b), c)`:
/// each `Field` spans from the first name to its own.
fn path(cond: &Cond, names: usize, expr: &Expr, out: &mut Vec<Span>) {
    let ExprKind::Path(parts) = &expr.kind else {
        return fill(cond, expr.span, out);
    };
    let mut fields = 0;
    let mut head = cond;
    while let Cond::Field(of, _) = head {
        fields += 1;
        head = of;
    }
    if fields + 1 != names || !matches!(head, Cond::Var(_) | Cond::Lit(_)) {
        return fill(cond, expr.span, out);
    }
    for last in (0..names).rev() {
        out.push(parts[0].span.to(parts[last].span));
    }
}

fn fill(cond: &Cond, span: Span, out: &mut Vec<Span>) {
    out.extend(std::iter::repeat_n(span, nodes(cond).len()));
}

#[cfg(test)]
mod tests {
    use crate::compile_clean;

    /// The text of each node of threat `T`'s condition, in pre-order.
    fn texts(rules: &str) -> Vec<String> {
        let text = format!(
            "model \"M\" {{ description = \"d\" }}\nServer s \"S\"\nServer t \"T\"\nflow s -> t\n{rules}"
        );
        let (c, _) = compile_clean(&text);
        let t = c.library.threat("T").expect("threat T");
        assert_eq!(t.spans.len(), super::nodes(&t.condition).len());
        t.spans
            .iter()
            .map(|s| super::written(&c.sources, *s).to_string())
            .collect()
    }

    #[test]
    fn each_node_gets_the_text_it_was_checked_from() {
        let got = texts(
            "threat T \"t\" { targets = [Server] severity = High\n  when = target.controls.isHardened and not (target.OS == \"x(\") }\n",
        );
        assert_eq!(
            got,
            [
                "target.controls.isHardened and not (target.OS == \"x(\")",
                "target.controls.isHardened",
                "target.controls",
                "target",
                "not (target.OS == \"x(\")",
                "target.OS == \"x(\"",
                "target.OS",
                "target",
                "\"x(\"",
            ]
        );
    }

    #[test]
    fn quantifiers_calls_and_lists_line_up() {
        let got = texts(
            "predicate p(e: Element) = e.inScope\nthreat T \"t\" { targets = [Server] severity = High\n  when = any f in target.inputs: p(f.source) and count(target.outputs) in [0, 1] }\n",
        );
        assert_eq!(
            got,
            [
                "any f in target.inputs: p(f.source) and count(target.outputs) in [0, 1]",
                "target.inputs",
                "target",
                "p(f.source) and count(target.outputs) in [0, 1]",
                "p(f.source)",
                "f.source",
                "f",
                "count(target.outputs) in [0, 1]",
                "count(target.outputs)",
                "target.outputs",
                "target",
                "0",
                "1",
            ]
        );
    }
}
