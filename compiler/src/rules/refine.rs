//! `threat ID refines OTHER { ... }`: a threat that takes from another the
//! fields and the condition it does not give itself. Refinements are
//! resolved on the syntax trees, before any threat is checked: each
//! refining declaration becomes one whole declaration (its own members,
//! then the members of the threat it refines that it does not set), which
//! is then checked like any other. `refines pytm.OTHER` names a threat of
//! pytm's built-in library, loaded as a base when it does not run; the
//! threats of a base are only ever refined, never run.

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::hash::Map;
use crate::loader::Layers;
use crate::stdlib::Builtin;
use crate::suggest::{self, Budget};
use crate::syntax::ast::{ThreatDecl, ThreatRef};

/// The declarations of the threats that run, in load order, each with its
/// refinement resolved. Declarations of a base library are left out, and
/// so is one whose refinement cannot be resolved (reported).
pub(crate) fn resolve<'a>(
    decls: &[&'a ThreatDecl],
    layers: &Layers,
    hints: &Budget,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Cow<'a, ThreatDecl>> {
    let index = Index::new(decls, layers);
    let mut done: Vec<Option<Option<ThreatDecl>>> = vec![None; decls.len()];
    let mut out = Vec::new();
    for (i, decl) in decls.iter().enumerate() {
        if layers.is_base(decl.id.span.file) {
            continue;
        }
        if decl.refines.is_none() {
            out.push(Cow::Borrowed(*decl));
            continue;
        }
        if let Some(whole) = whole(i, decls, &index, &mut done, hints, diags) {
            out.push(Cow::Owned(whole));
        }
    }
    out
}

/// Where a `refines` looks: threats that run by id, and the threats of
/// each built-in library by library and id.
struct Index<'a> {
    running: Map<&'a str, usize>,
    builtin: Map<(Builtin, &'a str), usize>,
}

impl<'a> Index<'a> {
    fn new(decls: &[&'a ThreatDecl], layers: &Layers) -> Index<'a> {
        let mut index = Index {
            running: Map::default(),
            builtin: Map::default(),
        };
        for (i, d) in decls.iter().enumerate() {
            let file = d.id.span.file;
            if let Some(library) = layers.library_of(file) {
                index.builtin.entry((library, &d.id.name)).or_insert(i);
            }
            if !layers.is_base(file) {
                index.running.entry(&d.id.name).or_insert(i);
            }
        }
        index
    }

    /// The declaration `target` names, or the error that says why none.
    fn find(&self, target: &ThreatRef) -> Result<usize, Diagnostic> {
        let id = target.id.name.as_str();
        let Some(library) = &target.library else {
            return self.running.get(id).copied().ok_or_else(|| {
                unknown(target, format!("no threat `{id}` is loaded"))
                    .note("`refines pytm.ID` names a threat of pytm's built-in library")
            });
        };
        let Some(builtin) = Builtin::named(&library.name) else {
            let names = Builtin::ALL.map(Builtin::name);
            return Err(Diagnostic::error(
                "unknown-library",
                format!("there is no built-in threat library `{}`", library.name),
            )
            .at(library.span, "not a built-in library")
            .note(format!(
                "the built-in libraries are {}",
                suggest::list(names.into_iter())
            )));
        };
        self.builtin.get(&(builtin, id)).copied().ok_or_else(|| {
            unknown(
                target,
                format!("the {} library has no threat `{id}`", builtin.name()),
            )
        })
    }
}

fn unknown(target: &ThreatRef, message: String) -> Diagnostic {
    Diagnostic::error("unknown-threat", message).at(target.id.span, "refined here")
}

/// The whole declaration of `decls[i]`, its chain of refinements followed
/// (without recursion: a chain may be as long as the library).
fn whole(
    i: usize,
    decls: &[&ThreatDecl],
    index: &Index,
    done: &mut [Option<Option<ThreatDecl>>],
    hints: &Budget,
    diags: &mut Vec<Diagnostic>,
) -> Option<ThreatDecl> {
    // The chain from `i` to the first declaration that refines nothing or
    // is resolved already.
    let mut chain = vec![i];
    let base: Option<ThreatDecl>;
    loop {
        let last = *chain.last().expect("a chain starts with one declaration");
        let Some(target) = &decls[last].refines else {
            base = Some(decls[last].clone());
            chain.pop();
            break;
        };
        let next = match index.find(target) {
            Ok(next) => next,
            Err(d) => {
                diags.push(with_hint(d, target, index, hints));
                return fail(&chain, done);
            }
        };
        if let Some(resolved) = &done[next] {
            base = resolved.clone();
            break;
        }
        if chain.contains(&next) {
            diags.push(cycle(&chain, next, decls));
            return fail(&chain, done);
        }
        chain.push(next);
    }
    let mut base = base?;
    for &link in chain.iter().rev() {
        base = merge(&base, decls[link]);
        done[link] = Some(Some(base.clone()));
    }
    Some(base)
}

/// Marks every declaration of a failed chain as unresolvable.
fn fail(chain: &[usize], done: &mut [Option<Option<ThreatDecl>>]) -> Option<ThreatDecl> {
    for &link in chain {
        done[link] = Some(None);
    }
    None
}

/// A did-you-mean for an id that names no threat.
fn with_hint(d: Diagnostic, target: &ThreatRef, index: &Index, hints: &Budget) -> Diagnostic {
    if d.code != "unknown-threat" {
        return d;
    }
    let candidates: Vec<&str> = match &target.library {
        None => index.running.keys().copied().collect(),
        Some(_) => index.builtin.keys().map(|(_, id)| *id).collect(),
    };
    match suggest::did_you_mean_within(hints, &target.id.name, candidates) {
        Some(hint) => d.note(hint),
        None => d,
    }
}

/// A chain of refinements that comes back to `again`.
fn cycle(chain: &[usize], again: usize, decls: &[&ThreatDecl]) -> Diagnostic {
    let from = chain.iter().position(|&c| c == again).unwrap_or(0);
    let looped = &chain[from..];
    let first = decls[looped[0]];
    let mut names: Vec<&str> = looped.iter().map(|&c| decls[c].id.name.as_str()).collect();
    names.push(&first.id.name);
    let mut d = Diagnostic::error(
        "refinement-cycle",
        format!("threat `{}` refines itself", first.id.name),
    )
    .at(first.id.span, "refines itself through the chain");
    for &c in &looped[1..] {
        d = d.also(decls[c].id.span, "part of the cycle");
    }
    d.note(format!("the chain is {}", names.join(" -> ")))
        .note("to refine pytm's threat of the same id, write `refines pytm.ID`")
}

/// `own` completed by `base`: its title, docs and condition where it has
/// none, and each field of `base` it does not set.
fn merge(base: &ThreatDecl, own: &ThreatDecl) -> ThreatDecl {
    let set = |name: &str| own.body.iter().any(|m| m.path[0].name == name);
    let mut body: Vec<_> = own.body.clone();
    body.extend(base.body.iter().filter(|m| !set(&m.path[0].name)).cloned());
    ThreatDecl {
        docs: match own.docs.is_empty() {
            true => base.docs.clone(),
            false => own.docs.clone(),
        },
        id: own.id.clone(),
        title: own.title.clone().or_else(|| base.title.clone()),
        refines: own.refines.clone(),
        when: match own.when.is_empty() {
            true => base.when.clone(),
            false => own.when.clone(),
        },
        body,
        span: own.span,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::{compile_with, Compilation, OneFile, Options, ThreatSources};

    /// A model with a server, and `rules` in it, run with pytm's library
    /// as a base only (no built-in library runs).
    fn compile(rules: &str) -> Compilation {
        let text = format!("model \"M\" {{ description = \"d\" }}\nServer s \"S\"\n{rules}");
        let options = Options {
            threats: ThreatSources::none(),
            ..Options::default()
        };
        compile_with(&[PathBuf::from("m.tm")], &options, &OneFile(&text))
    }

    fn errors(c: &Compilation) -> Vec<(&str, String)> {
        let errors = c.diagnostics.iter().filter(|d| d.is_error());
        errors.map(|d| (d.code, d.message.clone())).collect()
    }

    #[test]
    fn a_refinement_takes_what_it_does_not_write_from_the_refined_threat() {
        let c = compile(
            "threat A \"Alpha\" { targets = [Server] severity = High when = true mitigations = \"m\" capec = [1] }\n\
             threat B refines A { severity = Low }\n",
        );
        assert!(errors(&c).is_empty(), "{:?}", errors(&c));
        let b = c.library.threat("B").expect("B runs");
        assert_eq!((b.title.as_str(), b.severity.member), ("Alpha", "Low"));
        assert_eq!((b.mitigations.as_str(), &b.capec[..]), ("m", &[1][..]));
        assert_eq!(b.condition_text, "true");
        assert_eq!(b.refines.as_deref(), Some("A"));
        // Both run.
        let found: Vec<usize> = c
            .findings
            .expect("findings")
            .iter()
            .map(|f| f.threat.index())
            .collect();
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn pytm_threats_are_a_base_that_is_refined_and_never_run() {
        let c = compile("threat X refines pytm.DE03 { stride = [InformationDisclosure] }\n");
        assert!(errors(&c).is_empty(), "{:?}", errors(&c));
        let ids: Vec<&str> = c.library.threats.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["X"]);
        let x = &c.library.threats[0];
        assert_eq!(x.title, "Sniffing Attacks");
        assert_eq!(x.stride, ["InformationDisclosure"]);
        assert_eq!(x.library, None);
    }

    #[test]
    fn an_unknown_threat_or_library_is_an_error_with_a_hint() {
        let c = compile("threat X refines pytm.DE3 {}\n");
        assert_eq!(
            errors(&c),
            [(
                "unknown-threat",
                "the pytm library has no threat `DE3`".into()
            )]
        );
        let hint = &c.diagnostics[0].notes;
        assert!(hint.iter().any(|n| n.contains("`DE03`")), "{hint:?}");
        let c = compile("threat X refines stride.DE03 {}\n");
        assert_eq!(errors(&c)[0].0, "unknown-library");
        let c = compile("threat X refines Y {}\n");
        assert_eq!(
            errors(&c),
            [("unknown-threat", "no threat `Y` is loaded".into())]
        );
    }

    #[test]
    fn a_cycle_of_refinements_is_one_error_naming_the_chain() {
        let c = compile("threat A refines B {}\nthreat B refines C {}\nthreat C refines A {}\n");
        let errors = errors(&c);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "refinement-cycle");
        let notes = &c.diagnostics.iter().find(|d| d.is_error()).unwrap().notes;
        assert!(
            notes.iter().any(|n| n.contains("A -> B -> C -> A")),
            "{notes:?}"
        );
        let c = compile("threat A refines A {}\n");
        assert_eq!(errors_of(&c), ["refinement-cycle"]);
    }

    fn errors_of(c: &Compilation) -> Vec<&str> {
        c.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn a_long_chain_of_refinements_resolves_without_recursion() {
        let mut rules =
            String::from("threat T0 \"t\" { targets = [Server] severity = High when = true }\n");
        for i in 1..20_000 {
            rules.push_str(&format!("threat T{i} refines T{} {{}}\n", i - 1));
        }
        let c = compile(&rules);
        assert!(errors(&c).is_empty());
        assert_eq!(c.library.threats.len(), 20_000);
        assert!(c.library.threats.iter().all(|t| t.title == "t"));
    }
}
