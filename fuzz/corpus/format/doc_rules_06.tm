predicate sqlStore(e: Element) = e is Datastore and e.type == SQL

threat NAR03 "Writes to an SQL store" {
  targets  = [Server, Process]
  severity = Medium
  when = any f in target.outputs: sqlStore(f.sink)
}
