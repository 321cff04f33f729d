model "M" { description = "d" }
predicate hardened(e: Element) = e.controls.isHardened
predicate both(a: Element, b: Element) = hardened(a) and hardened(b)
predicate ends(f: Dataflow) = both(f.source, f.sink) or not hardened(f.sink)
predicate deep(f: Dataflow) = ends(f) or ends(f)
predicate fan(a: Asset) = any g in a.outputs: deep(g) and not (g.sink is Actor)
threat FLOW "flow" { targets = [Dataflow] severity = Medium when = deep(target) }
threat FAN "fan" { targets = [Server] severity = Low when = fan(target) }
Server s "S"
Actor u "U"
flow u -> s
