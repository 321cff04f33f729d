model "M" { description = "d" }
record R0 { next: R1 }
record R1 { next: R2 }
record R2 { next: R3 }
record R3 { a: R4 b: R4 }
record R4 { a: R5 b: R5 }
record R5 { x: int = 1 }
kind Deep : Asset { r: R0 }
Deep d "D" { r.next.next.next.a.a.x = 2 }
