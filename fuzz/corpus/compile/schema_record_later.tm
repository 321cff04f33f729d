model "M" { description = "d" }
record A { b: B = { y = 2 } c: [B] = [{ z = 4 }] }
record B { y: int = 1 z: int = 3 }
kind K : Server { a: A }
K k "K"
