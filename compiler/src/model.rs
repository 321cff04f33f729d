//! The checked model: every declared object with its attributes after
//! defaults, the flow graph (petgraph: elements are nodes, flows are edges),
//! the boundary tree and the model header. This is what rules, reports and
//! the language server read; nothing here refers back to syntax but spans.

use std::collections::BTreeSet;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;

use crate::hash::Map;
use crate::source::Span;

mod attrs;
pub mod known;
mod name;

pub use attrs::{Attrs, Layer, Segment};
pub use name::Name;

/// A checked attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Str(String),
    /// A member of an enum; `rank` is its position, which orders members of
    /// `ordered` enums.
    Enum {
        ty: Name,
        member: Name,
        rank: usize,
    },
    List(Vec<Value>),
    Record(Attrs),
    /// A reference to another declared object.
    Ref(ObjectId),
}

impl Value {
    /// The items of a list value; none for no value or any other value.
    pub fn items(value: Option<&Value>) -> &[Value] {
        match value {
            Some(Value::List(items)) => items,
            _ => &[],
        }
    }

    /// The strings of a list value (its other items skipped); none for no
    /// value or any other value.
    pub fn strings(value: Option<&Value>) -> impl Iterator<Item = &str> {
        Value::items(value).iter().filter_map(Value::as_str)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// The member of an enum value.
    pub fn as_member(&self) -> Option<Name> {
        match self {
            Value::Enum { member, .. } => Some(*member),
            _ => None,
        }
    }

    /// The object a reference points at.
    pub fn as_object(&self) -> Option<ObjectId> {
        match self {
            Value::Ref(id) => Some(*id),
            _ => None,
        }
    }

    pub fn as_record(&self) -> Option<&Attrs> {
        match self {
            Value::Record(fields) => Some(fields),
            _ => None,
        }
    }
}

/// Index of an object in `Model::objects`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId(pub u32);

impl ObjectId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What part an object plays in the model, fixed by its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A node of the flow graph: actor, server, process, datastore, ...
    Element,
    /// A trust boundary.
    Boundary,
    /// An edge of the flow graph.
    Flow { source: ObjectId, sink: ObjectId },
    /// A data item carried by flows.
    Data,
    /// An expectation of a rule test (`Expect`), read only by `tmc test`:
    /// in no boundary, not in the flow graph, checked by no threat and
    /// shown by no output.
    Expect,
    /// A decision about findings (`Triage`), read by `triage`: like an
    /// expectation, in no boundary and not in the flow graph.
    Triage,
}

/// One declared thing: element, boundary, flow, data item or expectation.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    /// The identifier other declarations use to refer to it. Flows written
    /// without a label get `source->sink` (with `#2`, `#3`... when repeated),
    /// which no written identifier can clash with.
    pub id: String,
    /// The display name (the string after the identifier; the identifier
    /// itself when none is written).
    pub name: String,
    /// The kind from the schema, e.g. `Server`.
    pub kind: String,
    pub role: Role,
    /// Every attribute of the kind after defaults, and the derived ones
    /// (`inputs`, `source`, ...) once `derive` has run.
    pub attrs: Attrs,
    /// The attribute paths the model wrote (`protocol`,
    /// `controls.isEncrypted`), as opposed to defaulted or derived ones.
    pub written: BTreeSet<String>,
    /// The `///` doc comment written before the declaration.
    pub docs: String,
    /// The whole declaration.
    pub span: Span,
    /// The identifier (or, for an unlabelled flow, its arrow ends).
    pub id_span: Span,
    /// For elements and boundaries: the boundary it sits in.
    pub boundary: Option<ObjectId>,
}

/// The model header: `model "Name" { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub name: String,
    pub attrs: Attrs,
    pub docs: String,
    pub span: Span,
}

/// A compiled threat model.
#[derive(Clone, Debug)]
pub struct Model {
    pub header: Header,
    /// Every object: boundaries, elements and data items in declaration
    /// order (files in load order), then the flows in declaration order
    /// (name resolution declares flows once every element is known).
    pub objects: Vec<Object>,
    /// Elements as nodes (weight: the element), flows as edges (weight: the flow).
    pub graph: DiGraph<ObjectId, ObjectId>,
    node_of: Map<ObjectId, NodeIndex>,
    by_id: Map<String, ObjectId>,
    /// Every place an object is referred to by its identifier (flow ends,
    /// `in` clauses, reference values), sorted by position.
    pub uses: Vec<(Span, ObjectId)>,
    /// What each boundary holds directly, worked out in one pass the first
    /// time it is asked for (`children`). The objects' boundaries are
    /// fixed by checking, before the model is built.
    children: std::sync::OnceLock<Children>,
}

/// The objects directly inside each object, in declaration order: those of
/// object `i` are `ids[starts[i]..starts[i + 1]]`.
#[derive(Clone, Debug)]
struct Children {
    starts: Vec<u32>,
    ids: Vec<ObjectId>,
}

impl Children {
    /// A counting sort of the objects by the boundary they sit in.
    fn of(objects: &[Object]) -> Children {
        let mut starts = vec![0u32; objects.len() + 1];
        for o in objects {
            if let Some(b) = o.boundary {
                starts[b.index() + 1] += 1;
            }
        }
        for i in 0..objects.len() {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut ids = vec![ObjectId(0); starts[objects.len()] as usize];
        for (i, o) in objects.iter().enumerate() {
            if let Some(b) = o.boundary {
                let at = &mut next[b.index()];
                ids[*at as usize] = ObjectId(i as u32);
                *at += 1;
            }
        }
        Children { starts, ids }
    }

    fn of_object(&self, id: ObjectId) -> &[ObjectId] {
        match (self.starts.get(id.index()), self.starts.get(id.index() + 1)) {
            (Some(&start), Some(&end)) => &self.ids[start as usize..end as usize],
            _ => &[],
        }
    }
}

/// Counts for the one-line summary of `tmc check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    pub elements: usize,
    pub flows: usize,
    pub boundaries: usize,
    pub data: usize,
}

impl Model {
    /// Builds the graph from checked objects; `by_id` finds each object
    /// by its identifier (name resolution built it).
    pub(crate) fn new(header: Header, objects: Vec<Object>, by_id: Map<String, ObjectId>) -> Model {
        debug_assert!(objects
            .iter()
            .enumerate()
            .all(|(i, o)| by_id.get(&o.id) == Some(&ObjectId(i as u32))));
        let mut graph = DiGraph::new();
        let mut node_of = Map::default();
        for (i, o) in objects.iter().enumerate() {
            let id = ObjectId(i as u32);
            if o.role == Role::Element {
                node_of.insert(id, graph.add_node(id));
            }
        }
        for (i, o) in objects.iter().enumerate() {
            if let Role::Flow { source, sink } = o.role {
                if let (Some(&a), Some(&b)) = (node_of.get(&source), node_of.get(&sink)) {
                    graph.add_edge(a, b, ObjectId(i as u32));
                }
            }
        }
        Model {
            header,
            objects,
            graph,
            node_of,
            by_id,
            uses: Vec::new(),
            children: std::sync::OnceLock::new(),
        }
    }

    /// The objects before the first flow, to read, and the flows, to
    /// change (flows are the tail of `objects`).
    pub(crate) fn split_flows_mut(&mut self) -> (&[Object], &mut [Object]) {
        let is_flow = |o: &Object| matches!(o.role, Role::Flow { .. });
        let start = self.objects.partition_point(|o| !is_flow(o));
        debug_assert!(self.objects[start..].iter().all(is_flow));
        let (others, flows) = self.objects.split_at_mut(start);
        (others, flows)
    }

    pub fn object(&self, id: ObjectId) -> &Object {
        &self.objects[id.index()]
    }

    /// The object an identifier names.
    pub fn lookup(&self, id: &str) -> Option<ObjectId> {
        self.by_id.get(id).copied()
    }

    /// The object that had identifier `old` before it was renamed (lists it
    /// in `renamedFrom`), as references to `old` find it.
    pub fn renamed(&self, old: &str) -> Option<ObjectId> {
        let at = self
            .objects
            .iter()
            .position(|o| known::former_ids(&o.attrs).any(|id| id == old))?;
        Some(ObjectId(at as u32))
    }

    fn ids_with<'a>(
        &'a self,
        keep: impl Fn(&Role) -> bool + 'a,
    ) -> impl Iterator<Item = ObjectId> + 'a {
        self.objects
            .iter()
            .enumerate()
            .filter(move |(_, o)| keep(&o.role))
            .map(|(i, _)| ObjectId(i as u32))
    }

    pub fn elements(&self) -> impl Iterator<Item = ObjectId> + '_ {
        self.ids_with(|r| *r == Role::Element)
    }

    pub fn flows(&self) -> impl Iterator<Item = ObjectId> + '_ {
        self.ids_with(|r| matches!(r, Role::Flow { .. }))
    }

    pub fn boundaries(&self) -> impl Iterator<Item = ObjectId> + '_ {
        self.ids_with(|r| *r == Role::Boundary)
    }

    pub fn data(&self) -> impl Iterator<Item = ObjectId> + '_ {
        self.ids_with(|r| *r == Role::Data)
    }

    /// Elements and boundaries directly inside a boundary, in order.
    pub fn children(&self, boundary: ObjectId) -> impl Iterator<Item = ObjectId> + '_ {
        self.children
            .get_or_init(|| Children::of(&self.objects))
            .of_object(boundary)
            .iter()
            .copied()
    }

    /// Flows into an element, in declaration order.
    pub fn inputs(&self, element: ObjectId) -> Vec<ObjectId> {
        self.edges(element, Direction::Incoming)
    }

    /// Flows out of an element, in declaration order.
    pub fn outputs(&self, element: ObjectId) -> Vec<ObjectId> {
        self.edges(element, Direction::Outgoing)
    }

    fn edges(&self, element: ObjectId, direction: Direction) -> Vec<ObjectId> {
        let Some(&node) = self.node_of.get(&element) else {
            return Vec::new();
        };
        let mut flows: Vec<ObjectId> = self
            .graph
            .edges_directed(node, direction)
            .map(|e| *e.weight())
            .collect();
        flows.sort();
        flows
    }

    /// Whether each object takes part in the model's flows: the flows,
    /// their ends, and the boundaries around those ends with their
    /// ancestors. Data items count as used. With the header's
    /// `ignoreUnused`, the rest get no findings and are not drawn.
    pub fn in_use(&self) -> Vec<bool> {
        let ignore_unused = matches!(
            self.header.attrs.get(known::IGNORE_UNUSED.name()),
            Some(Value::Bool(true))
        );
        let mut used: Vec<bool> = self
            .objects
            .iter()
            .map(|o| !ignore_unused || matches!(o.role, Role::Flow { .. } | Role::Data))
            .collect();
        if !ignore_unused {
            return used;
        }
        for o in &self.objects {
            if let Role::Flow { source, sink } = o.role {
                for end in [source, sink] {
                    let mut at = Some(end);
                    while let Some(id) = at {
                        if std::mem::replace(&mut used[id.index()], true) {
                            break;
                        }
                        at = self.object(id).boundary;
                    }
                }
            }
        }
        used
    }

    pub fn summary(&self) -> Summary {
        Summary {
            elements: self.elements().count(),
            flows: self.flows().count(),
            boundaries: self.boundaries().count(),
            data: self.data().count(),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}, {}, {}",
            plural(self.elements, "element", "elements"),
            plural(self.flows, "flow", "flows"),
            plural(self.boundaries, "boundary", "boundaries"),
            plural(self.data, "data item", "data items"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{ObjectId, Role};

    #[test]
    fn children_are_what_sits_directly_in_a_boundary_in_declaration_order() {
        let text = r#"model "M" { description = "d" }
boundary outer {
  Server a
  boundary inner { Server b }
  Actor c
}
Process d in inner
Datastore e in outer
Actor f
boundary empty
"#;
        let (_, model) = crate::compile_clean(text);
        let ids = |b: &str| -> Vec<String> {
            let b = model.lookup(b).expect("declared");
            model
                .children(b)
                .map(|c| model.object(c).id.clone())
                .collect()
        };
        assert_eq!(ids("outer"), ["a", "inner", "c", "e"]);
        assert_eq!(ids("inner"), ["b", "d"]);
        assert!(ids("empty").is_empty());
        assert!(ids("f").is_empty(), "an element holds nothing");
        // The same as looking at every object's boundary.
        for b in model.boundaries() {
            let scanned: Vec<ObjectId> = (0..model.objects.len() as u32)
                .map(ObjectId)
                .filter(|&o| model.object(o).boundary == Some(b))
                .collect();
            assert_eq!(model.children(b).collect::<Vec<_>>(), scanned);
            assert_eq!(model.object(b).role, Role::Boundary);
        }
        assert_eq!(model.children(ObjectId(u32::MAX)).count(), 0);
    }
}
