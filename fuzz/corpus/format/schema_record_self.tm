model "M" { description = "d" }
record R { n: int = 1 r: R }
Server s "S"
