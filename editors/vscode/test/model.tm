// SYNTAX TEST "source.tm" "models: comments, imports, boundaries, elements, flows, attributes, values"

// An ordinary comment: ignored by the compiler.
// <-- comment.line.double-slash.tm punctuation.definition.comment.tm
// ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.tm

/// A doc comment documents the next declaration.
// <--- comment.block.documentation.tm punctuation.definition.comment.tm
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block.documentation.tm - comment.line.double-slash.tm

//// Four slashes are still a doc comment.
// <--- comment.block.documentation.tm

import "shared/network.tm" // a trailing comment
// <------ keyword.control.import.tm
//     ^ string.quoted.double.tm punctuation.definition.string.begin.tm
//      ^^^^^^^^^^^^^^^^^ string.quoted.double.tm
//                       ^ string.quoted.double.tm punctuation.definition.string.end.tm
//                         ^^ comment.line.double-slash.tm punctuation.definition.comment.tm

model "Web shop" {
// <----- keyword.declaration.model.tm
//    ^^^^^^^^^^ string.quoted.double.tm
//               ^ punctuation.section.block.begin.tm
  description = """
//^^^^^^^^^^^ entity.other.attribute-name.tm
//            ^ keyword.operator.assignment.tm
//              ^^^ string.quoted.triple.tm punctuation.definition.string.begin.tm
    Long strings span lines; "quotes", \n and // are just text.
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.triple.tm
//                                     ^^ - constant.character.escape.tm
//                                            ^^ - comment.line.double-slash.tm
    """
//  ^^^ string.quoted.triple.tm punctuation.definition.string.end.tm
  isOrdered = true
//^^^^^^^^^ entity.other.attribute-name.tm
//            ^^^^ constant.language.boolean.tm
}
// <- punctuation.section.block.end.tm

boundary internet "Internet"
// <-------- keyword.declaration.boundary.tm
//       ^^^^^^^^ entity.name.namespace.boundary.tm
//                ^^^^^^^^^^ string.quoted.double.tm
boundary dmz "DMZ" in internet {
//       ^^^ entity.name.namespace.boundary.tm
//                 ^^ keyword.operator.expression.in.tm
//                    ^^^^^^^^ variable.other.reference.tm
//                             ^ punctuation.section.block.begin.tm
  boundary office "Office LAN" { Actor clerk "Clerk" }
//^^^^^^^^ keyword.declaration.boundary.tm
//         ^^^^^^ entity.name.namespace.boundary.tm
//                               ^^^^^ entity.name.type.kind.tm
//                                     ^^^^^ entity.name.variable.element.tm
//                                                   ^ punctuation.section.block.end.tm
  Server proxy "Reverse proxy"
//^^^^^^ entity.name.type.kind.tm
//       ^^^^^ entity.name.variable.element.tm
}

Actor customer "Customer" in internet
// <----- entity.name.type.kind.tm
//    ^^^^^^^^ entity.name.variable.element.tm
//                        ^^ keyword.operator.expression.in.tm
//                           ^^^^^^^^ variable.other.reference.tm
Actor user
// <----- entity.name.type.kind.tm
//    ^^^^ entity.name.variable.element.tm

Server web "Web \"front\" server \u{2192} API\t" in dmz {
// <------ entity.name.type.kind.tm
//     ^^^ entity.name.variable.element.tm
//         ^^^^^ string.quoted.double.tm - constant.character.escape.tm
//              ^^ string.quoted.double.tm constant.character.escape.tm
//                               ^^^^^^^^ string.quoted.double.tm constant.character.escape.tm
//                                           ^^ constant.character.escape.tm
//                                             ^ punctuation.definition.string.end.tm
  OS = "C:\\Windows"
//^^ entity.other.attribute-name.tm - variable.other.enummember.tm
//        ^^ constant.character.escape.tm
  bad = "\q"
//       ^^ invalid.illegal.unrecognized-escape.tm
  port = -1
//       ^^ constant.numeric.integer.decimal.tm
  dstPort = 443
//          ^^^ constant.numeric.integer.decimal.tm
  controls {
//^^^^^^^^ entity.other.attribute-name.tm
//         ^ punctuation.section.block.begin.tm
    /// Patched monthly.
//  ^^^ comment.block.documentation.tm punctuation.definition.comment.tm
    isHardened = true
//  ^^^^^^^^^^ entity.other.attribute-name.tm
  }
//^ punctuation.section.block.end.tm
  controls.usesMFA = false
//^^^^^^^^ entity.other.attribute-name.tm
//        ^ punctuation.accessor.dot.tm
//         ^^^^^^^ entity.other.attribute-name.tm
//                 ^ keyword.operator.assignment.tm
//                   ^^^^^ constant.language.boolean.tm
  controls = { hasAccessControl = true }
//           ^ punctuation.section.block.begin.tm
//             ^^^^^^^^^^^^^^^^ entity.other.attribute-name.tm
  sourceFiles = [
//              ^ punctuation.section.brackets.begin.tm
    "server/web.cc",      // a trailing comma is allowed
//  ^^^^^^^^^^^^^^^ string.quoted.double.tm
//                 ^ punctuation.separator.comma.tm
//                        ^^ comment.line.double-slash.tm
  ]
//^ punctuation.section.brackets.end.tm
  levels = [0, 1]
//          ^ constant.numeric.integer.decimal.tm
//           ^ punctuation.separator.comma.tm
  assumptions = [
    { name = "Behind the WAF" exclude = ["INP03"] },
//  ^ punctuation.section.block.begin.tm
//    ^^^^ entity.other.attribute-name.tm
//                            ^^^^^^^ entity.other.attribute-name.tm
//                                       ^^^^^^^ string.quoted.double.tm
  ]
}

Datastore db "Orders DB" in dmz { type = SQL isSQL = true }
// <--------- entity.name.type.kind.tm
//        ^^ entity.name.variable.element.tm
//                                ^^^^ entity.other.attribute-name.tm
//                                       ^^^ variable.other.enummember.tm
//                                           ^^^^^ entity.other.attribute-name.tm - entity.name.variable.element.tm

Data card "Card number" { classification = TOP_SECRET isPII = true }
// <---- entity.name.type.kind.tm
//   ^^^^ entity.name.variable.element.tm
//                                         ^^^^^^^^^^ variable.other.enummember.tm
//                                                    ^^^^^ entity.other.attribute-name.tm

/// The customer places an order.
flow post: customer -> web "Places order" {
// <---- keyword.declaration.flow.tm
//   ^^^^ entity.name.label.flow.tm
//       ^ punctuation.separator.colon.tm
//         ^^^^^^^^ variable.other.reference.tm
//                  ^^ keyword.operator.arrow.tm
//                     ^^^ variable.other.reference.tm
//                         ^^^^^^^^^^^^^^ string.quoted.double.tm
  protocol = "HTTPS"
//^^^^^^^^ entity.other.attribute-name.tm
  tlsVersion = TLSv13
//             ^^^^^^ variable.other.enummember.tm
  severity = High likelihood = Low
//           ^^^^ variable.other.enummember.tm - entity.name.type.kind.tm
//                ^^^^^^^^^^ entity.other.attribute-name.tm - entity.name.variable.element.tm
//                             ^^^ variable.other.enummember.tm
  data = [card]
//^^^^ entity.other.attribute-name.tm
//        ^^^^ - entity.name.variable.element.tm
}
flow web -> customer "Shows the order" { responseTo = post }
// <---- keyword.declaration.flow.tm
//   ^^^ variable.other.reference.tm - entity.name.label.flow.tm
//       ^^ keyword.operator.arrow.tm
//          ^^^^^^^^ variable.other.reference.tm
//                                       ^^^^^^^^^^ entity.other.attribute-name.tm
//                                                    ^^^^ variable.other.reference.tm
flow web->db
//   ^^^ variable.other.reference.tm
//      ^^ keyword.operator.arrow.tm
//        ^^ variable.other.reference.tm

// Words that only start with a keyword are identifiers.
Server inbound "Unterminated string ends at the end of the line
//     ^^^^^^^ entity.name.variable.element.tm - keyword.operator.expression.in.tm
Server flowLog { importance = 1 }
// <------ entity.name.type.kind.tm - string.quoted.double.tm
//     ^^^^^^^ entity.name.variable.element.tm - keyword.declaration.flow.tm
//               ^^^^^^^^^^ entity.other.attribute-name.tm - keyword.control.import.tm
