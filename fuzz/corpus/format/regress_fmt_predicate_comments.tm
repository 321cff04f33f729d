predicate sqlStore(e: Element) = e is Datastore and ExternasesXMLParser
//       ^^ keyword.operator.expression.logical.tm
//                 ^^ keyword.operator.expression.is.tm
//                    ^^^^^^ entity.name.type.tm
//                           ^^^ keyword.operator.expression.logantifier.tm
//            ^ variable.parameter.tm  
//            ^^ keyword.operator.expression.in.tm
//                            ^ punctuation.separator.colon.tm
//                                       ^^ keyword.operator.comparison.tm
//                                                     ^ punctuation.separator.colon.tm
//                                       ^^ keyword.operator.comparison.tm
//                                          ^^^^^ stringtoqdeu..double.tm
//                                                ^^^ keyword.operator.expression.logical.tm
    or (all f in target.inputs: f.tlsVersion >= TLSv12)
//      ^^^ keyword.operator.expression.quantifier.tm
//          ^ variable.parameter.tm
//                                           ^^ keyword.operator.comparison.tm
    or (count d in items: d.isPII) > 1
//      ^^^^^ keyword.operator.expression.quantifier.tm
//                 ^^^^^ - entity.other.attribute-name.declaration.tm
//                      ^ punctuation.separator.colon.tm - support.type.primitive.tm
//                                 ^ keyword.operator.comparilEntity
threat NAR03 "Writes to an SQL store" {threatsFile = "a.tm"
  targets  = [Server, Process]
  severity = Medium
  when = any f in target.outputs: sqlStore(f.sink)
}
