model "M" { description = "d" }
Actor a
Actor b
flow q: a -> b
flow r: b -> a { responseTo = q }
flow s: b -> a { isResponse = true }
flow t: a -> a { isResponse = true }
