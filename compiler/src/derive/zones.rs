//! Trust zones. Each boundary has a trust level: its own `trust`, else
//! that of the boundary it sits in, else the model's `boundaryTrust`. From
//! these, two derived attributes of every element, boundary and flow:
//!
//! - `zone`: the trust level where it sits: a boundary's own level, an
//!   element's boundary's, the model's `outsideTrust` for an element in no
//!   boundary; a flow's is the lower of its two ends';
//! - `exposure`: the least trusted level that reaches it in one step: the
//!   lower of its own `zone` and the `zone` of every element with a flow
//!   into it (a flow's is its `zone`).
//!
//! Levels are ranks of the ordered enum `TrustLevel`, lowest (least
//! trusted) first.

use crate::model::known::{BOUNDARY_TRUST, EXPOSURE, OUTSIDE_TRUST, TRUST, TRUST_LEVEL, ZONE};
use crate::model::{Model, Name, ObjectId, Role, Value};
use crate::schema::Schema;

pub(super) fn zones(schema: &Schema, model: &mut Model) {
    let Some(levels) = schema.enumeration(TRUST_LEVEL.name()) else {
        return;
    };
    let header = |name: &str| match model.header.attrs.get(name) {
        Some(Value::Enum { rank, .. }) => *rank,
        _ => 0,
    };
    let (outside, top) = (header(OUTSIDE_TRUST.name()), header(BOUNDARY_TRUST.name()));
    let boundaries = boundary_levels(model, top);
    let n = model.objects.len();
    let mut zone = vec![outside; n];
    for (i, o) in model.objects.iter().enumerate() {
        zone[i] = match (o.role, o.boundary) {
            (Role::Boundary, _) => boundaries[i].unwrap_or(top),
            (_, Some(b)) => boundaries[b.index()].unwrap_or(top),
            _ => outside,
        };
    }
    let mut exposure = zone.clone();
    for i in 0..n {
        if let Role::Flow { source, sink } = model.objects[i].role {
            let lower = zone[source.index()].min(zone[sink.index()]);
            zone[i] = lower;
            exposure[i] = lower;
            let reached = &mut exposure[sink.index()];
            *reached = (*reached).min(zone[source.index()]);
        }
    }
    // One value per level, interned once and copied into every object.
    let ty = Name::new(&levels.name);
    let values: Vec<Value> = (levels.members.iter().enumerate())
        .map(|(rank, m)| Value::Enum {
            ty,
            member: Name::new(&m.name),
            rank,
        })
        .collect();
    let (zone_name, exposure_name) = (Name::new(ZONE.name()), Name::new(EXPOSURE.name()));
    tmc_perf::split::each_mut(&mut model.objects, tmc_perf::MODEL_ITEMS, |i, o| {
        if o.role != Role::Data {
            o.attrs.insert_name(zone_name, values[zone[i]].clone());
            o.attrs
                .insert_name(exposure_name, values[exposure[i]].clone());
        }
    });
}

/// Each boundary's level (`None` for other objects): its own `trust`, else
/// its parent's, else `top`. Parents may be declared after their children.
fn boundary_levels(model: &Model, top: usize) -> Vec<Option<usize>> {
    let n = model.objects.len();
    let own = |id: ObjectId| match model.object(id).attrs.get(TRUST.name()) {
        Some(Value::Enum { rank, .. }) => Some(*rank),
        _ => None,
    };
    let mut levels: Vec<Option<usize>> = vec![None; n];
    for b in model.boundaries() {
        if levels[b.index()].is_some() {
            continue;
        }
        // Up the chain of parents to one that sets its level or is known;
        // the check refuses cycles, and the length bounds the walk anyway.
        let mut chain = vec![b];
        let mut found = top;
        while let Some(&last) = chain.last() {
            if let Some(level) = levels[last.index()].or_else(|| own(last)) {
                found = level;
                break;
            }
            match model.object(last).boundary {
                Some(parent) if chain.len() <= n => chain.push(parent),
                _ => break,
            }
        }
        for b in chain {
            levels[b.index()].get_or_insert(found);
        }
    }
    levels
}

#[cfg(test)]
mod tests {
    use crate::model::Value;

    /// (zone, exposure) of each of `ids` in `text`.
    fn levels(text: &str, ids: &[&str]) -> Vec<(String, String)> {
        let (_, model) = crate::compile_clean(text);
        let member = |id: &str, name: &str| {
            let o = model.object(model.lookup(id).expect("declared"));
            match o.attrs.get(name) {
                Some(Value::Enum { member, .. }) => member.to_string(),
                other => panic!("{id}.{name}: {other:?}"),
            }
        };
        let pairs = ids
            .iter()
            .map(|id| (member(id, "zone"), member(id, "exposure")));
        pairs.collect()
    }

    fn pair(zone: &str, exposure: &str) -> (String, String) {
        (zone.into(), exposure.into())
    }

    #[test]
    fn boundaries_inherit_their_parents_level_and_flows_take_the_lower_end() {
        let text = "model \"M\" { description = \"d\" }\n\
            boundary inner \"Inner\" in outer\n\
            boundary outer \"Outer\" { trust = DMZ }\n\
            boundary pci \"PCI\" in outer { trust = RESTRICTED }\n\
            boundary plain \"Plain\"\n\
            Actor user \"User\"\n\
            Server web \"Web\" in inner\n\
            Datastore db \"DB\" in pci\n\
            Process job \"Job\" in plain\n\
            flow a: user -> web\n\
            flow b: web -> db\n";
        assert_eq!(
            levels(text, &["inner", "outer", "pci", "plain"]),
            [
                pair("DMZ", "DMZ"),
                pair("DMZ", "DMZ"),
                pair("RESTRICTED", "RESTRICTED"),
                pair("INTERNAL", "INTERNAL"),
            ]
        );
        assert_eq!(
            levels(text, &["user", "web", "db", "job", "a", "b"]),
            [
                pair("INTERNET", "INTERNET"),
                pair("DMZ", "INTERNET"),
                pair("RESTRICTED", "DMZ"),
                pair("INTERNAL", "INTERNAL"),
                pair("INTERNET", "INTERNET"),
                pair("DMZ", "DMZ"),
            ]
        );
    }

    #[test]
    fn the_model_sets_the_levels_outside_boundaries_and_of_top_boundaries() {
        let text = "model \"M\" { description = \"d\" outsideTrust = PARTNER boundaryTrust = RESTRICTED }\n\
            boundary b \"B\"\n\
            Server s \"S\"\n";
        assert_eq!(
            levels(text, &["b", "s"]),
            [pair("RESTRICTED", "RESTRICTED"), pair("PARTNER", "PARTNER")]
        );
    }
}
