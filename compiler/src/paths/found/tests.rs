//! Routes named by path threats, on small hand-checked models: the kind
//! of route asked for, the weakest hop, a target in the starting zone, a
//! loop the breadth-first walk takes (the enumeration's fallback), and
//! findings dropped when there is no route.

use crate::compile_clean;
use crate::model::Model;
use crate::Compilation;

/// A model of the threat `T1` (kind `Datastore`, reachable from the
/// internet, naming a route of kind `ask`) and `body`.
fn compiled(ask: &str, body: &str) -> (Compilation, Model) {
    compile_clean(&format!(
        "model \"M\" {{ description = \"d\" }}\n\
         threat T1 \"Route\" {{\n  targets = [Datastore]\n  severity = High\n  path = {ask}\n  \
         when = target.reachableFrom == INTERNET\n}}\n{body}"
    ))
}

/// Each finding of `T1`: `target: route line`.
fn routes(ask: &str, body: &str) -> Vec<String> {
    let (c, m) = compiled(ask, body);
    let findings = c.findings.as_ref().expect("findings");
    findings
        .iter()
        .filter(|f| c.library.threats[f.threat].id == "T1")
        .map(|f| {
            let path = f
                .path
                .as_ref()
                .expect("a path threat's finding has its path");
            format!("{}: {}", m.object(f.target).id, path.line(&m))
        })
        .collect()
}

const INSIDE: &str = "boundary inside \"Inside\" { trust = INTERNAL }\n";

#[test]
fn an_exposure_route_is_the_shortest_and_its_weakest_hop_lacks_the_most() {
    let body = format!(
        "{INSIDE}Actor user \"U\"\nServer web \"W\" in inside {{ controls.authenticatesSource = true }}\n\
         Server api \"A\" in inside\nDatastore db \"D\" in inside\n\
         flow user -> web {{ controls.isEncrypted = true }}\nflow web -> api\nflow api -> db\n\
         flow user -> api {{ controls.isEncrypted = true }}\n"
    );
    assert_eq!(
        routes("Exposure", &body),
        ["db: user -> api -> db (from INTERNET; weakest: flow api->db, not encrypted, not authenticated)"]
    );
}

#[test]
fn an_unauthenticated_hop_past_the_first_is_looked_for() {
    // user -> db is shortest but its one hop is the first; the route
    // through web and api has web -> api unauthenticated.
    let body = format!(
        "{INSIDE}Actor user \"U\"\nServer web \"W\" in inside\nServer api \"A\" in inside\n\
         Datastore db \"D\" in inside {{ controls.authenticatesSource = true }}\n\
         flow user -> db\nflow user -> web\nflow web -> api {{ controls.isEncrypted = true }}\n\
         flow api -> db\n"
    );
    assert_eq!(
        routes("UnauthenticatedHop", &body),
        ["db: user -> web -> api -> db (from INTERNET; weakest: flow web->api, not authenticated)"]
    );
}

#[test]
fn without_such_a_route_the_finding_is_dropped() {
    let body = format!(
        "{INSIDE}Actor user \"U\"\nServer web \"W\" in inside {{ controls.authenticatesSource = true }}\n\
         Datastore db \"D\" in inside {{ controls.authenticatesSource = true }}\n\
         flow user -> web\nflow web -> db\n"
    );
    assert!(routes("UnauthenticatedHop", &body).is_empty());
    // The same model names its exposure route.
    assert_eq!(
        routes("Exposure", &body),
        ["db: user -> web -> db (from INTERNET; weakest: flow user->web, not encrypted)"]
    );
    // Nothing reaches an island, whatever is asked.
    let island = format!("{INSIDE}Datastore db \"D\" in inside\n");
    assert!(routes("Exposure", &island).is_empty());
}

#[test]
fn an_unencrypted_crossing_leaves_out_hops_inside_one_boundary() {
    // web -> api stays inside: not a crossing; api -> db enters the vault.
    let body = format!(
        "{INSIDE}boundary vault \"V\" in inside {{ trust = RESTRICTED }}\nActor user \"U\"\n\
         Server web \"W\" in inside\nServer api \"A\" in inside\nDatastore db \"D\" in vault\n\
         flow user -> web {{ controls.isEncrypted = true }}\nflow web -> api\n\
         flow api -> db {{ controls.authenticatesSource = true }}\n"
    );
    assert_eq!(
        routes("UnencryptedCrossing", &body),
        ["db: user -> web -> api -> db (from INTERNET; weakest: flow api->db, not encrypted)"]
    );
}

#[test]
fn a_target_in_the_starting_zone_is_not_its_own_start() {
    // db sits outside every boundary, in the INTERNET zone like user.
    let body = "Actor user \"U\"\nServer web \"W\"\nDatastore db \"D\"\n\
                flow user -> web\nflow web -> db\nflow db -> web\n";
    let got = routes("Exposure", body);
    assert_eq!(
        got,
        ["db: web -> db (from INTERNET; weakest: flow web->db, not encrypted, not authenticated)"]
    );
}

#[test]
fn a_walk_around_a_loop_falls_back_to_the_shortest_simple_route() {
    // From user: a -> b is the only unauthenticated hop past the first.
    // The shortest walk through it goes a -> b -> a -> t (not simple); the
    // simple route is a -> b -> c -> t.
    let auth = "{ controls.authenticatesSource = true }";
    let body = format!(
        "{INSIDE}Actor user \"U\"\nServer a \"A\" in inside\nServer b \"B\" in inside\n\
         Server c \"C\" in inside\nDatastore t \"T\" in inside\n\
         flow user -> a\nflow a -> b\nflow b -> a {auth}\nflow a -> t {auth}\nflow b -> c {auth}\n\
         flow c -> t {auth}\n"
    );
    assert_eq!(
        routes("UnauthenticatedHop", &body),
        ["t: user -> a -> b -> c -> t (from INTERNET; weakest: flow a->b, not encrypted, not authenticated)"]
    );
    // Without c, no simple route has the hop: the finding is dropped.
    let body = format!(
        "{INSIDE}Actor user \"U\"\nServer a \"A\" in inside\nServer b \"B\" in inside\n\
         Datastore t \"T\" in inside\n\
         flow user -> a\nflow a -> b\nflow b -> a {auth}\nflow a -> t {auth}\n"
    );
    assert!(routes("UnauthenticatedHop", &body).is_empty());
}

#[test]
fn the_json_names_elements_flows_and_the_weakest_hop() {
    let body =
        format!("{INSIDE}Actor user \"U\"\nDatastore db \"D\" in inside\nflow up: user -> db\n");
    let (c, m) = compiled("Exposure", &body);
    let f = (c.findings.as_ref().unwrap().iter())
        .find(|f| c.library.threats[f.threat].id == "T1")
        .expect("T1 fires");
    let json = f.path.as_ref().unwrap().to_json(&m);
    assert_eq!(
        json,
        serde_json::json!({
            "kind": "Exposure",
            "from": "INTERNET",
            "elements": ["user", "db"],
            "flows": ["up"],
            "weakest": {"hop": 0, "flow": "up", "unencrypted": true, "unauthenticated": true},
        })
    );
}

/// Each finding of `L1`, a threat on flows that take a data item out of
/// its allowed zones naming its lineage: `flow: route line`.
fn lineages(body: &str) -> Vec<String> {
    let (c, m) = compile_clean(&format!(
        "model \"M\" {{ description = \"d\" }}\n\
         threat L1 \"Lineage\" {{\n  targets = [Dataflow]\n  severity = High\n  path = DataLineage\n  \
         when = any d in target.data: count(d.allowedZones) > 0 \
         and target.source.zone in d.allowedZones and target.sink.zone not in d.allowedZones\n}}\n\
         boundary inside \"Inside\" {{ trust = INTERNAL }}\n\
         boundary out \"Partner\" {{ trust = PARTNER }}\n{body}"
    ));
    let findings = c.findings.as_ref().expect("findings");
    findings
        .iter()
        .filter(|f| c.library.threats[f.threat].id == "L1")
        .map(|f| {
            let path = f.path.as_ref().expect("a lineage");
            format!("{}: {}", m.object(f.target).id, path.line(&m))
        })
        .collect()
}

#[test]
fn a_lineage_starts_where_the_data_enters_nearest_first() {
    // `a` and `b` both enter `d` (no flow carries it to either), one hop
    // from the exit: the first by id starts it. `back` carries it round a
    // loop. `leak` takes `e` out too, but `d` comes first by id.
    let body = "Server a \"A\" in inside\nServer b \"B\" in inside\nServer c \"C\" in inside\n\
                ExternalEntity p \"P\" in out\n\
                Data d \"D\" { allowedZones = [INTERNAL] }\nData e \"E\" { allowedZones = [INTERNAL] }\n\
                flow one: a -> c { data = [d] }\nflow two: b -> c { data = [d] }\n\
                flow back: c -> c { data = [d] }\nflow leak: c -> p { data = [e, d] }\n";
    assert_eq!(
        lineages(body),
        ["leak: a -> c -> p (from INTERNAL; weakest: flow leak, d leaves its allowed zones, not encrypted, not authenticated)"]
    );
}

#[test]
fn a_lineage_round_a_cycle_starts_at_the_exit() {
    // No element enters the data: it only goes round `a` and `b`.
    let body =
        "Server a \"A\" in inside\nServer b \"B\" in inside\nExternalEntity p \"P\" in out\n\
                Data d \"D\" { allowedZones = [INTERNAL] }\n\
                flow ab: a -> b { data = [d] }\nflow ba: b -> a { data = [d] }\n\
                flow leak: b -> p { data = [d] controls.isEncrypted = true }\n";
    assert_eq!(
        lineages(body),
        ["leak: b -> p (from INTERNAL; weakest: flow leak, d leaves its allowed zones, not authenticated)"]
    );
}
