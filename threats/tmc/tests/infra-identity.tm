model "t" {
  description = "t"
}
