// SYNTAX TEST "source.tm" "the schema language: kinds, records, enums, fields and types"

/// A managed Kubernetes cluster.
kind Cluster : Server {
// <---- keyword.declaration.kind.tm
//   ^^^^^^^ entity.name.type.kind.tm
//           ^ punctuation.separator.colon.tm
//             ^^^^^^ entity.other.inherited-class.tm
//                    ^ punctuation.section.block.begin.tm
  /// Number of worker nodes.
//^^^ comment.block.documentation.tm punctuation.definition.comment.tm
  nodes: int = 3
//^^^^^ entity.other.attribute-name.declaration.tm
//     ^ punctuation.separator.colon.tm
//       ^^^ support.type.primitive.tm
//           ^ keyword.operator.assignment.tm
//             ^ constant.numeric.integer.decimal.tm
  region: string?
//        ^^^^^^ support.type.primitive.tm
//              ^ keyword.operator.optional.tm
  enabled: bool = true
//         ^^^^ support.type.primitive.tm
  tier: Tier = PROD
//      ^^^^ entity.name.type.tm
//             ^^^^ variable.other.enummember.tm
  nodesByZone: [[int]] = []
//             ^^ punctuation.section.brackets.begin.tm
//               ^^^ support.type.primitive.tm
//                  ^^ punctuation.section.brackets.end.tm
  owner: Owner?
//       ^^^^^ entity.name.type.tm
//            ^ keyword.operator.optional.tm
  peers: [Cluster]
//       ^ punctuation.section.brackets.begin.tm
//        ^^^^^^^ entity.name.type.tm
//               ^ punctuation.section.brackets.end.tm
  derived inputs: [Dataflow]
//^^^^^^^ storage.modifier.derived.tm
//        ^^^^^^ entity.other.attribute-name.declaration.tm
//                 ^^^^^^^^ entity.name.type.tm
  /// New default for an inherited attribute.
  onAWS = true
//^^^^^ entity.other.attribute-name.tm
//      ^ keyword.operator.assignment.tm
}
// <- punctuation.section.block.end.tm

kind Base { }
// <---- keyword.declaration.kind.tm
//   ^^^^ entity.name.type.kind.tm

/// Contact details for an element's owner.
record Owner {
// <------ keyword.declaration.record.tm
//     ^^^^^ entity.name.type.record.tm
  team: string
//^^^^ entity.other.attribute-name.declaration.tm
//      ^^^^^^ support.type.primitive.tm
  pager: string = ""
//                ^^ string.quoted.double.tm
}

/// A deployment tier.
ordered enum Tier {
// <------- storage.modifier.ordered.tm
//      ^^^^ keyword.declaration.enum.tm
//           ^^^^ entity.name.type.enum.tm
//                ^ punctuation.section.block.begin.tm
  /// Developer sandboxes.
//^^^ comment.block.documentation.tm punctuation.definition.comment.tm
  DEV
//^^^ variable.other.enummember.tm
  Staging  // members need not be upper case
//^^^^^^^ variable.other.enummember.tm - entity.name.type.kind.tm
//         ^^ comment.line.double-slash.tm
  PROD
//^^^^ variable.other.enummember.tm
}
// <- punctuation.section.block.end.tm

enum Severity { Info Low Medium High VeryHigh }
// <---- keyword.declaration.enum.tm
//   ^^^^^^^^ entity.name.type.enum.tm
//              ^^^^ variable.other.enummember.tm - entity.name.type.kind.tm
//                   ^^^ variable.other.enummember.tm - entity.name.variable.element.tm
//                                   ^^^^^^^^ variable.other.enummember.tm
//                                            ^ punctuation.section.block.end.tm

// After an enum, declarations are read as usual again.
Cluster k8s "Cluster" { operator = "platform" tier = DEV }
// <------- entity.name.type.kind.tm
//      ^^^ entity.name.variable.element.tm
//                      ^^^^^^^^ entity.other.attribute-name.tm
//                                                   ^^^ variable.other.enummember.tm
