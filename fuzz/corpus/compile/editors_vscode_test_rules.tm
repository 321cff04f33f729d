// SYNTAX TEST "source.tm" "rules: threats, conditions, quantifiers and predicates"

/// Reads as a rule from threats/*.tm.
threat INP03 "Server Side Include (SSI) Injection" {
// <------ keyword.declaration.threat.tm
//     ^^^^^ entity.name.constant.threat.tm
//           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.tm
  targets  = [Server, Process]
//^^^^^^^ entity.other.attribute-name.tm
//         ^ keyword.operator.assignment.tm
//           ^ punctuation.section.brackets.begin.tm
//            ^^^^^^ entity.name.type.tm
//                  ^ punctuation.separator.comma.tm
//                    ^^^^^^^ entity.name.type.tm
//                           ^ punctuation.section.brackets.end.tm
  severity = High
//           ^^^^ variable.other.enummember.tm
  when = not target.controls.sanitizesInput
//^^^^ keyword.control.when.tm
//     ^ keyword.operator.assignment.tm
//       ^^^ keyword.operator.expression.logical.tm
//                 ^ punctuation.accessor.dot.tm
//                  ^^^^^^^^ variable.other.property.tm
//                           ^^^^^^^^^^^^^^ variable.other.property.tm
         or target is Server and target.usesXMLParser
//       ^^ keyword.operator.expression.logical.tm
//                 ^^ keyword.operator.expression.is.tm
//                    ^^^^^^ entity.name.type.tm
//                           ^^^ keyword.operator.expression.logical.tm - entity.name.variable.element.tm
  capec = [101, 74]
//^^^^^ entity.other.attribute-name.tm
//         ^^^ constant.numeric.integer.decimal.tm
  details = """
    Text with "quotes" and a target.field that is not code.
//                           ^^^^^^^^^^^^ string.quoted.triple.tm - variable.other.property.tm
    """
}

threat DS06 "Data Leak" {
//     ^^^^ entity.name.constant.threat.tm
  targets = [Dataflow]
  severity = VeryHigh
  likelihood = Low
  when = hasDataLeaks(target) and target.responseTo == none
//       ^^^^^^^^^^^^ entity.name.function.call.tm
//                   ^ punctuation.section.parens.begin.tm
//                          ^ punctuation.section.parens.end.tm
//                                                  ^^ keyword.operator.comparison.tm
//                                                     ^^^^ constant.language.none.tm
}

threat DE04 "Quantifiers" {
  targets = [Server]
  severity = Medium
  when = (any d in target.data: d.format == "XML" and d.isPII)
//       ^ punctuation.section.parens.begin.tm
//        ^^^ keyword.operator.expression.quantifier.tm
//            ^ variable.parameter.tm
//              ^^ keyword.operator.expression.in.tm
//                            ^ punctuation.separator.colon.tm
//                                       ^^ keyword.operator.comparison.tm
//                                          ^^^^^ string.quoted.double.tm
//                                                ^^^ keyword.operator.expression.logical.tm
    or (all f in target.inputs: f.tlsVersion >= TLSv12)
//      ^^^ keyword.operator.expression.quantifier.tm
//          ^ variable.parameter.tm
//                                           ^^ keyword.operator.comparison.tm
    or (count d in items: d.isPII) > 1
//      ^^^^^ keyword.operator.expression.quantifier.tm
//                 ^^^^^ - entity.other.attribute-name.declaration.tm
//                      ^ punctuation.separator.colon.tm - support.type.primitive.tm
//                                 ^ keyword.operator.comparison.tm
//                                   ^ constant.numeric.integer.decimal.tm
    or count(target.data) > 0
//     ^^^^^ support.function.builtin.count.tm
    or target.protocol not in ["HTTP", "FTP"]
//                     ^^^ keyword.operator.expression.logical.tm
//                         ^^ keyword.operator.expression.in.tm
//                             ^^^^^^ string.quoted.double.tm
    or target in [web, db]
//            ^^ keyword.operator.expression.in.tm
    or d.credentialsLife in [LONG, MANUAL] or x != false or y <= -3 or z < 2
//                           ^^^^ variable.other.enummember.tm
//                                 ^^^^^^ variable.other.enummember.tm
//                                              ^^ keyword.operator.comparison.tm
//                                                 ^^^^^ constant.language.boolean.tm
//                                                            ^^ keyword.operator.comparison.tm
//                                                               ^^ constant.numeric.integer.decimal.tm
//                                                                       ^ keyword.operator.comparison.tm
}

/// A named condition.
predicate crosses(f: Dataflow, b: Boundary) =
// <--------- keyword.declaration.predicate.tm
//        ^^^^^^^ entity.name.function.predicate.tm
//               ^ punctuation.section.parens.begin.tm
//                ^ variable.parameter.tm
//                 ^ punctuation.separator.colon.tm
//                   ^^^^^^^^ entity.name.type.tm
//                           ^ punctuation.separator.comma.tm
//                             ^ variable.parameter.tm
//                                ^^^^^^^^ entity.name.type.tm
//                                        ^ punctuation.section.parens.end.tm
//                                          ^ keyword.operator.assignment.tm
    f.source.inBoundary != f.sink.inBoundary
//   ^ punctuation.accessor.dot.tm
//    ^^^^^^ variable.other.property.tm
//                      ^^ keyword.operator.comparison.tm
    and (inside(f.source, b) != inside(f.sink, b))
//  ^^^ keyword.operator.expression.logical.tm
//       ^^^^^^ entity.name.function.call.tm

predicate many(xs: [Data], n: int?) = count(xs) > n
//             ^^ variable.parameter.tm
//                 ^ punctuation.section.brackets.begin.tm
//                  ^^^^ entity.name.type.tm
//                            ^^^ support.type.primitive.tm
//                               ^ keyword.operator.optional.tm
//                                    ^^^^^ support.function.builtin.count.tm
