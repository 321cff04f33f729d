model "M" { description = "d" }
record A { b: B x: string = "x" }
record B { a: A }
kind Holder : Asset { a: A }
Holder h "H" { a { x = "y" } }
