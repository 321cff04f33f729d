model "M" {
  description = "d"
  isOrdered = true
}
Actor a
flow x: a -> a { order = 9223372036854775807 }
flow y: a -> a
