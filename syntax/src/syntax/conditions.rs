//! Threat rules and predicates: their parse trees turned into `ast` values,
//! conditions included. Precedence is the grammar's; this module only
//! folds the operator chains it produces into binary nodes.

use pest::iterators::Pair;

use super::ast::*;
use super::parser::{Builder, Rule};

impl Builder {
    pub(super) fn threat(&self, docs: String, pair: Pair<Rule>) -> ThreatDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let id = self.ident(inner.next().expect("threat id"));
        let mut decl = ThreatDecl {
            docs,
            id,
            title: None,
            refines: None,
            when: Vec::new(),
            body: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => decl.title = Some(self.string(p)),
                Rule::refines => decl.refines = Some(self.threat_ref(p)),
                Rule::threat_member => {
                    let mut parts = p.into_inner();
                    let docs = self.docs(parts.next().expect("member docs"));
                    let content = parts.next().expect("member content");
                    match content.as_rule() {
                        Rule::when_clause => {
                            let expr = content.into_inner().next().expect("when condition");
                            decl.when.push(self.expr(expr));
                        }
                        _ => decl.body.push(self.member(docs, content)),
                    }
                }
                other => unreachable!("unexpected in threat: {other:?}"),
            }
        }
        decl
    }

    /// `refines OTHER` or `refines pytm.OTHER`.
    fn threat_ref(&self, pair: Pair<Rule>) -> ThreatRef {
        let target = pair.into_inner().nth(1).expect("threat reference");
        let span = self.span(&target);
        let mut names: Vec<Ident> = target.into_inner().map(|p| self.ident(p)).collect();
        let id = names.pop().expect("threat id");
        ThreatRef {
            library: names.pop(),
            id,
            span,
        }
    }

    pub(super) fn predicate(&self, docs: String, pair: Pair<Rule>) -> PredicateDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next().expect("predicate name"));
        let mut params = Vec::new();
        let mut body = None;
        for p in inner {
            match p.as_rule() {
                Rule::param => {
                    let mut parts = p.into_inner();
                    let name = self.ident(parts.next().expect("param name"));
                    let ty = self.type_expr(parts.next().expect("param type"));
                    params.push(Param { name, ty });
                }
                Rule::expr => body = Some(self.expr(p)),
                other => unreachable!("unexpected in predicate: {other:?}"),
            }
        }
        PredicateDecl {
            docs,
            name,
            params,
            body: body.expect("predicate body"),
            span,
        }
    }

    /// `a or b or c`, folded to the left.
    pub(super) fn expr(&self, pair: Pair<Rule>) -> Expr {
        self.fold(pair, Rule::and_expr, |b, p| b.and_expr(p), ExprKind::Or)
    }

    fn and_expr(&self, pair: Pair<Rule>) -> Expr {
        self.fold(pair, Rule::not_expr, |b, p| b.not_expr(p), ExprKind::And)
    }

    /// Folds `x op y op z` (operator pairs skipped) into left-nested nodes.
    fn fold(
        &self,
        pair: Pair<Rule>,
        operand_rule: Rule,
        parse: impl Fn(&Self, Pair<Rule>) -> Expr,
        node: impl Fn(Box<Expr>, Box<Expr>) -> ExprKind,
    ) -> Expr {
        // The whole chain's span includes a closing parenthesis of its last
        // operand, which the operand's own span does not.
        let mut whole = self.span(&pair);
        whole.end -= pair.as_str().len() - pair.as_str().trim_end().len();
        let mut result: Option<Expr> = None;
        let mut operands = 0;
        for p in pair.into_inner().filter(|p| p.as_rule() == operand_rule) {
            operands += 1;
            let right = parse(self, p);
            result = Some(match result {
                None => right,
                Some(left) => Expr {
                    span: left.span.to(right.span),
                    kind: node(Box::new(left), Box::new(right)),
                },
            });
        }
        let mut result = result.expect("an operator chain has at least one operand");
        if operands > 1 {
            result.span = whole;
        }
        result
    }

    fn not_expr(&self, pair: Pair<Rule>) -> Expr {
        let mut nots = Vec::new();
        let mut result = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::not_op => nots.push(self.span(&p)),
                Rule::test => result = Some(self.test(p)),
                other => unreachable!("unexpected in not: {other:?}"),
            }
        }
        let mut expr = result.expect("not applies to a test");
        for at in nots.into_iter().rev() {
            expr = Expr {
                span: at.to(expr.span),
                kind: ExprKind::Not(Box::new(expr)),
            };
        }
        expr
    }

    fn test(&self, pair: Pair<Rule>) -> Expr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let left = self.operand(inner.next().expect("test operand"));
        let Some(rest) = inner.next() else {
            return left;
        };
        let kind = match rest.as_rule() {
            Rule::compare => {
                let mut parts = rest.into_inner();
                let op = match parts.next().expect("operator").as_str() {
                    "==" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                let right = self.operand(parts.next().expect("right operand"));
                ExprKind::Compare {
                    op,
                    lhs: Box::new(left),
                    rhs: Box::new(right),
                }
            }
            Rule::is_test => ExprKind::Is {
                value: Box::new(left),
                kind: self.ident(rest.into_inner().next().expect("kind after is")),
            },
            Rule::in_test => {
                let mut negated = false;
                let mut list = None;
                for p in rest.into_inner() {
                    match p.as_rule() {
                        Rule::not_op => negated = true,
                        _ => list = Some(self.operand(p)),
                    }
                }
                ExprKind::In {
                    value: Box::new(left),
                    list: Box::new(list.expect("list after in")),
                    negated,
                }
            }
            other => unreachable!("unexpected test: {other:?}"),
        };
        Expr { kind, span }
    }

    fn operand(&self, pair: Pair<Rule>) -> Expr {
        let inner = pair.into_inner().next().expect("operand has content");
        let span = self.span(&inner);
        let kind = match inner.as_rule() {
            Rule::expr => return self.expr(inner),
            Rule::quantifier => {
                let mut parts = inner.into_inner();
                let op = match parts.next().expect("quantifier").as_str() {
                    "any" => Quantifier::Any,
                    "all" => Quantifier::All,
                    _ => Quantifier::Count,
                };
                let var = self.ident(parts.next().expect("quantified variable"));
                let list = self.operand(parts.next().expect("quantified list"));
                let body = self.expr(parts.next().expect("quantifier body"));
                ExprKind::Quantifier {
                    op,
                    var,
                    list: Box::new(list),
                    body: Box::new(body),
                }
            }
            Rule::call => {
                let mut parts = inner.into_inner();
                let name = parts.next().expect("function name");
                // `count(list)` is the one call named by a keyword.
                let name = match name.as_str() {
                    "count" => self.any_ident(name),
                    _ => self.ident(name),
                };
                let args = parts.map(|p| self.expr(p)).collect();
                ExprKind::Call { name, args }
            }
            Rule::list_expr => ExprKind::List(inner.into_inner().map(|p| self.expr(p)).collect()),
            Rule::literal => {
                let lit = inner.into_inner().next().expect("literal has content");
                match lit.as_rule() {
                    Rule::string => ExprKind::Str(self.string(lit).value),
                    Rule::boolean => ExprKind::Bool(lit.as_str() == "true"),
                    Rule::integer => ExprKind::Int(self.integer(&lit)),
                    _ => ExprKind::None,
                }
            }
            Rule::path_expr => ExprKind::Path(inner.into_inner().map(|p| self.ident(p)).collect()),
            other => unreachable!("unexpected operand: {other:?}"),
        };
        Expr { kind, span }
    }
}
