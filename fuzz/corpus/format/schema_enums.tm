model "M" { description = "d" }
enum Color { RED GREEN BLUE RED }
ordered enum Size { S M L XL }
kind Painted : Server { color: Color = GREEN size: Size = M sizes: [Size] = [S, L] }
Painted p "P" { color = BLU size = XL }
threat BIG "big" { targets = [Painted] severity = Low when = target.size > M and L in target.sizes }
