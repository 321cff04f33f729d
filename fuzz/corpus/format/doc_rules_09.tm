model "Shop" {
  description = "..."
  exclude = ["INP01", "DS02"]
}
