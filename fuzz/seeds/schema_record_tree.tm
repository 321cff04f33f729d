model "M" { description = "d" }
/// A tree: a node refers to its own kind through an optional and a list.
record Node { next: Node? children: [Node] = [] label: string = "" }
record Wrap { node: Node inner: Inner }
record Inner { depth: int = 0 tags: [string] = [] }
kind Tree : Asset { root: Node? wrap: Wrap }
Tree t "T" {
  root = { next = { label = "b" } children = [{}, { label = "c" }] }
  wrap.inner.depth = 2
  wrap { node { label = "w" } }
}
