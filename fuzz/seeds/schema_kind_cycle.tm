model "M" { description = "d" }
kind A : B {}
kind B : C { x: int = 0 }
kind C : A {}
kind D : B {}
kind E : E {}
kind F : Nope {}
D d "D"
