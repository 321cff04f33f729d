//! Hand-checked graphs (chains, diamonds, cycles, disconnected parts),
//! the selectors, the bounds, and a comparison with a naive search on
//! random graphs.

use super::*;
use crate::compile_clean;

const HEADER: &str = "model \"M\" { description = \"d\" }\n";

/// The model `body` after a header, compiled without errors.
fn model(body: &str) -> (Compilation, Model) {
    compile_clean(&format!("{HEADER}{body}"))
}

/// The paths from `from` to `to` as `a -> b -> c` lines.
fn lines(body: &str, from: &str, to: &str, limits: Limits) -> (Vec<String>, Option<Cut>) {
    let (c, m) = model(body);
    let from = select(&m, &c.schema, Side::From, from).expect("from");
    let to = select(&m, &c.schema, Side::To, to).expect("to");
    let search =
        Graph::new(&m, limits.responses).simple_paths(&from.elements, &to.elements, limits);
    let ids = |p: &Path| {
        let names: Vec<&str> = p
            .elements
            .iter()
            .map(|&e| m.object(e).id.as_str())
            .collect();
        names.join(" -> ")
    };
    (search.paths.iter().map(ids).collect(), search.cut)
}

fn all(body: &str, from: &str, to: &str) -> Vec<String> {
    lines(body, from, to, Limits::default()).0
}

const CHAIN: &str = "Actor user \"U\"\nServer web \"W\"\nServer api \"A\"\nDatastore db \"D\"\n\
    flow user -> web\nflow web -> api\nflow api -> db\n";

#[test]
fn a_chain_has_one_path_and_its_parts() {
    assert_eq!(all(CHAIN, "user", "db"), ["user -> web -> api -> db"]);
    assert_eq!(all(CHAIN, "web", "api"), ["web -> api"]);
    assert!(all(CHAIN, "db", "user").is_empty(), "flows are directed");
}

const DIAMOND: &str = "Actor user \"U\"\nServer a \"A\"\nServer b \"B\"\nDatastore db \"D\"\n\
    Server c \"C\"\n\
    flow user -> b\nflow user -> a\nflow a -> db\nflow b -> db\n\
    flow user -> c\nflow c -> a\n";

#[test]
fn a_diamond_has_two_paths_shortest_first_then_by_id() {
    assert_eq!(
        all(DIAMOND, "user", "db"),
        ["user -> a -> db", "user -> b -> db", "user -> c -> a -> db"]
    );
}

#[test]
fn two_flows_between_the_same_elements_are_two_paths() {
    let body = "Actor u \"U\"\nServer s \"S\"\nflow x: u -> s\nflow w: u -> s\n";
    let c = compiled(body);
    let r = paths_of(&c, "u", "s", Limits::default());
    let flows: Vec<&str> = r.paths.iter().map(|p| p.hops[0].flow.as_str()).collect();
    assert_eq!(flows, ["w", "x"]);
}

#[test]
fn a_cycle_is_walked_once_and_ends_are_not_passed_through() {
    let body = "Server a \"A\"\nServer b \"B\"\nServer c \"C\"\nServer d \"D\"\n\
        flow a -> b\nflow b -> c\nflow c -> a\nflow c -> d\nflow d -> b\n";
    assert_eq!(all(body, "a", "d"), ["a -> b -> c -> d"]);
    assert_eq!(
        all(body, "b", "b"),
        Vec::<String>::new(),
        "no path back to its start"
    );
    // From b to a: b -> c -> a only; d -> b would revisit b.
    assert_eq!(all(body, "b", "a"), ["b -> c -> a"]);
}

#[test]
fn disconnected_parts_have_no_path_and_say_so() {
    let body = "Server a \"A\"\nServer b \"B\"\nServer c \"C\"\nServer d \"D\"\n\
        flow a -> b\nflow c -> d\n";
    assert!(all(body, "a", "d").is_empty());
    let c = compiled(body);
    let r = paths_of(&c, "a", "d", Limits::default());
    assert_eq!(r.shortest, None);
    assert!(
        render(&r).contains("no path: nothing in the `to` set"),
        "{}",
        render(&r)
    );
}

const ZONED: &str = "boundary dmz \"DMZ\" { trust = DMZ }\n\
    boundary core \"Core\" { trust = INTERNAL }\n\
    boundary pci \"PCI\" in core { trust = RESTRICTED }\n\
    Actor user \"U\"\nActor partner \"P\"\n\
    Server web \"W\" in dmz\nServer api \"A\" in core\nDatastore cards \"C\" in pci\n\
    Datastore logs \"L\" in core\n\
    flow user -> web\nflow partner -> api\nflow web -> api\nflow api -> cards\nflow api -> logs\n";

#[test]
fn a_boundary_selects_every_element_inside_it_nested_ones_included() {
    let (c, m) = model(ZONED);
    let end = select(&m, &c.schema, Side::To, "core").unwrap();
    let ids: Vec<&str> = end
        .elements
        .iter()
        .map(|&e| m.object(e).id.as_str())
        .collect();
    assert_eq!(ids, ["api", "cards", "logs"]);
    // The path stops at the first element of the boundary it reaches.
    assert_eq!(all(ZONED, "user", "core"), ["user -> web -> api"]);
    assert_eq!(all(ZONED, "user", "pci"), ["user -> web -> api -> cards"]);
}

#[test]
fn a_trust_level_selects_that_level_and_less_trusted_from_and_more_trusted_to() {
    let (c, m) = model(ZONED);
    let ids = |side, text| {
        let end = select(&m, &c.schema, side, text).unwrap();
        end.elements
            .iter()
            .map(|&e| m.object(e).id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(Side::From, "INTERNET"), ["partner", "user"]);
    assert_eq!(ids(Side::From, "DMZ"), ["partner", "user", "web"]);
    assert_eq!(ids(Side::To, "INTERNAL"), ["api", "cards", "logs"]);
    assert_eq!(ids(Side::To, "RESTRICTED"), ["cards"]);
    assert_eq!(
        all(ZONED, "INTERNET", "RESTRICTED"),
        ["partner -> api -> cards", "user -> web -> api -> cards"]
    );
}

#[test]
fn bounds_cut_and_say_so() {
    let limits = |hops, paths| Limits {
        max_hops: hops,
        max_paths: paths,
        responses: false,
    };
    let (found, cut) = lines(DIAMOND, "user", "db", limits(2, 100));
    assert_eq!(found, ["user -> a -> db", "user -> b -> db"]);
    assert_eq!(cut, None, "hops are a bound, not a cut");
    let (found, cut) = lines(DIAMOND, "user", "db", limits(8, 1));
    assert_eq!(found, ["user -> a -> db"]);
    assert_eq!(cut, Some(Cut::Paths));
    let (found, cut) = lines(DIAMOND, "user", "db", limits(8, 3));
    assert_eq!(found.len(), 3);
    assert_eq!(cut, None, "exactly max_paths paths is no cut");
    let c = compiled(CHAIN);
    let r = paths_of(&c, "user", "db", limits(2, 100));
    assert!(r.paths.is_empty());
    assert_eq!(r.shortest, Some(3));
    assert!(render(&r).contains("no path within 2 hops: the shortest has 3"));
}

#[test]
fn responses_are_left_out_unless_asked_for() {
    let body = "Actor user \"U\"\nServer web \"W\"\n\
        flow req: user -> web\nflow resp: web -> user { responseTo = req }\n";
    assert!(all(body, "web", "user").is_empty());
    let with = Limits {
        responses: true,
        ..Limits::default()
    };
    assert_eq!(lines(body, "web", "user", with).0, ["web -> user"]);
}

#[test]
fn reachable_is_breadth_first_nearest_first() {
    let (c, m) = model(DIAMOND);
    let user = select(&m, &c.schema, Side::From, "user").unwrap();
    let reached: Vec<(String, usize)> = Graph::new(&m, false)
        .reachable(&user.elements)
        .into_iter()
        .map(|(e, n)| (m.object(e).id.clone(), n))
        .collect();
    let want = [("user", 0), ("a", 1), ("b", 1), ("c", 1), ("db", 2)];
    let want: Vec<(String, usize)> = want.iter().map(|(s, n)| (s.to_string(), *n)).collect();
    assert_eq!(reached, want);
}

fn paths_of(c: &Compilation, from: &str, to: &str, limits: Limits) -> Report {
    paths(c, from, to, limits).expect("known selectors")
}

/// The model `body` after a header, compiled without errors, the model
/// left in the compilation.
fn compiled(body: &str) -> Compilation {
    let (mut c, m) = model(body);
    c.model = Some(m);
    c
}

#[test]
fn hops_show_protocol_port_controls_data_crossings_and_the_weakest() {
    let body = "boundary dmz \"DMZ\" { trust = DMZ }\n\
        boundary core \"Core\" { trust = INTERNAL }\n\
        Actor user \"U\"\n\
        Server web \"W\" in dmz { controls { isEncrypted = true authenticatesSource = true } }\n\
        Datastore db \"D\" in core\n\
        Data card \"Card\" { classification = SENSITIVE }\n\
        flow user -> web { protocol = \"HTTPS\" dstPort = 443 }\n\
        flow web -> db { protocol = \"SQL\" dstPort = 5432 data = [card] }\n";
    let c = compiled(body);
    let r = paths_of(&c, "INTERNET", "db", Limits::default());
    assert_eq!(r.paths.len(), 1);
    let p = &r.paths[0];
    let first = &p.hops[0];
    assert_eq!(first.protocol.as_deref(), Some("HTTPS"));
    assert_eq!(first.port, Some(443));
    assert!(first.encrypted && first.authenticated);
    assert!(first.controls.contains(&"isEncrypted".to_string()));
    assert_eq!(first.enters, ["dmz"]);
    let second = &p.hops[1];
    assert_eq!(second.leaves, ["dmz"]);
    assert_eq!(second.enters, ["core"]);
    assert_eq!(
        second.data,
        [Carried {
            id: "card".into(),
            classification: Some("SENSITIVE".into())
        }]
    );
    assert_eq!(
        p.weakest,
        Some(Weakest {
            hop: 1,
            unencrypted: true,
            unauthenticated: true
        })
    );
    let text = render(&r);
    assert!(text.contains("1. user -> web -> db (2 hops)"), "{text}");
    assert!(
        text.contains("2. web->db: web -> db  <- weakest: not encrypted, not authenticated"),
        "{text}"
    );
    assert!(
        text.contains("crosses: leaves dmz, enters core; DMZ -> INTERNAL"),
        "{text}"
    );
    assert_eq!(to_json(&r)["paths"][0]["weakest"]["flow"], "web->db");
}

#[test]
fn bad_selectors_are_errors_with_a_hint() {
    let c = compiled(CHAIN);
    let e = paths(&c, "usr", "db", Limits::default()).unwrap_err();
    assert_eq!(
        e.message(),
        "--from `usr`: the model has no element or boundary with that id, and it is no trust level"
    );
    assert_eq!(e.notes()[0], "did you mean `user`?");
    assert!(e.notes()[1].contains("INTERNET, PARTNER, DMZ, INTERNAL, RESTRICTED"));
    let e = paths(&c, "user", "INTERNL", Limits::default()).unwrap_err();
    assert_eq!(e.notes()[0], "did you mean `INTERNAL`?");
    let e = paths(&c, "user", "web->api", Limits::default()).unwrap_err();
    assert_eq!(
        e.message(),
        "--to `web->api` names a Dataflow, not an element, boundary or trust level"
    );
}

#[test]
fn the_work_limit_ends_a_search_and_says_so() {
    // Every node linked to every other: many paths from 0 to 7.
    let n = 8u32;
    let mut edges = Vec::new();
    for a in 0..n {
        for b in (0..n).filter(|&b| b != a) {
            edges.push((a, b, edges.len() as u32));
        }
    }
    let g = Graph::from_edges(n as usize, &edges);
    let limits = Limits {
        max_paths: usize::MAX,
        ..Limits::default()
    };
    let (from, to) = ([ObjectId(0)], [ObjectId(7)]);
    let all = g.search(&from, &to, limits, usize::MAX);
    // 0 -> 7 directly, then through any ordered choice of the 6 others.
    let count: usize = (0..=6).map(|k| (6 - k + 1..=6).product::<usize>()).sum();
    assert_eq!((all.paths.len(), all.cut), (count, None));
    let cut = g.search(&from, &to, limits, 100);
    assert_eq!(cut.cut, Some(Cut::Work));
    assert!(!cut.paths.is_empty() && cut.paths.len() < count);
    assert_eq!(
        cut.paths[..],
        all.paths[..cut.paths.len()],
        "the same order"
    );
}

/// A small seeded generator (SplitMix64), so the random graphs are the
/// same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u32 {
        (self.next() % n) as u32
    }
}

/// Every path by brute force: each simple walk from each start, kept when
/// it ends at its first target and passes through no other start or
/// target; sorted by length then hop by hop.
fn naive(g: &Graph, from: &[u32], to: &[u32], max_hops: usize) -> Vec<(Vec<u32>, Vec<u32>)> {
    fn walk(
        g: &Graph,
        to: &[u32],
        from: &[u32],
        nodes: &mut Vec<u32>,
        flows: &mut Vec<u32>,
        max_hops: usize,
        out: &mut Vec<(Vec<u32>, Vec<u32>)>,
    ) {
        let at = *nodes.last().unwrap();
        if flows.len() == max_hops {
            return;
        }
        for &(w, f) in &g.out[at as usize] {
            if nodes.contains(&w) {
                continue;
            }
            nodes.push(w);
            flows.push(f);
            if to.contains(&w) {
                out.push((nodes.clone(), flows.clone()));
            } else if !from.contains(&w) {
                walk(g, to, from, nodes, flows, max_hops, out);
            }
            nodes.pop();
            flows.pop();
        }
    }
    let mut out = Vec::new();
    let mut starts = from.to_vec();
    starts.sort_unstable();
    starts.dedup();
    for s in starts {
        walk(
            g,
            to,
            from,
            &mut vec![s],
            &mut Vec::new(),
            max_hops,
            &mut out,
        );
    }
    let key = |(nodes, flows): &(Vec<u32>, Vec<u32>)| {
        let mut k = vec![flows.len() as u32, nodes[0]];
        for (n, f) in nodes[1..].iter().zip(flows) {
            k.extend([*n, *f]);
        }
        k
    };
    out.sort_by_key(key);
    out
}

#[test]
fn the_search_agrees_with_a_naive_one_on_random_graphs() {
    let mut rng = Rng(0x7e57_2025);
    for round in 0..2000 {
        let n = 2 + rng.below(9) as usize;
        let m = rng.below(3 * n as u64 + 1);
        let edges: Vec<(u32, u32, u32)> = (0..m)
            .map(|f| (rng.below(n as u64), rng.below(n as u64), f))
            .collect();
        let g = Graph::from_edges(n, &edges);
        let pick = |rng: &mut Rng| -> Vec<u32> {
            let k = 1 + rng.below(3);
            (0..k).map(|_| rng.below(n as u64)).collect()
        };
        let (from, to) = (pick(&mut rng), pick(&mut rng));
        let limits = Limits {
            max_hops: 1 + rng.below(6) as usize,
            max_paths: 1 + rng.below(12) as usize,
            responses: false,
        };
        let ids = |v: &[u32]| v.iter().map(|&i| ObjectId(i)).collect::<Vec<_>>();
        let got = g.simple_paths(&ids(&from), &ids(&to), limits);
        let want = naive(&g, &from, &to, limits.max_hops);
        let every = naive(&g, &from, &to, n);
        let as_ids = |(nodes, flows): &(Vec<u32>, Vec<u32>)| Path {
            elements: ids(nodes),
            flows: ids(flows),
        };
        let kept: Vec<Path> = want.iter().take(limits.max_paths).map(as_ids).collect();
        let context =
            format!("round {round}: n {n}, edges {edges:?}, from {from:?}, to {to:?}, {limits:?}");
        assert_eq!(got.paths, kept, "{context}");
        let cut = (want.len() > limits.max_paths).then_some(Cut::Paths);
        assert_eq!(got.cut, cut, "{context}");
        let shortest = every.iter().map(|(_, f)| f.len()).min();
        assert_eq!(got.shortest, shortest, "{context}");
    }
}

#[test]
fn a_hop_is_encrypted_as_the_rules_judge_it() {
    // No `isEncrypted` anywhere: the first flow names TLS 1.2, the second
    // goes to a sink that requires it, the third has neither.
    let body = "Actor user \"U\"\n\
        Server web \"W\"\n\
        Server api \"A\" { minTLSVersion = TLSv12 }\n\
        Datastore db \"D\"\n\
        flow user -> web { protocol = \"HTTPS\" tlsVersion = TLSv12 }\n\
        flow web -> api { protocol = \"HTTPS\" }\n\
        flow api -> db { protocol = \"SQL\" }\n";
    let c = compiled(body);
    let r = paths_of(&c, "user", "db", Limits::default());
    let encrypted: Vec<bool> = r.paths[0].hops.iter().map(|h| h.encrypted).collect();
    assert_eq!(encrypted, [true, true, false]);
    // The weakest is the hop missing both encryption and authentication.
    assert_eq!(r.paths[0].weakest.as_ref().map(|w| w.hop), Some(2));
}
