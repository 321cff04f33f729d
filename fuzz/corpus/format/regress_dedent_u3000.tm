model "m" {
  description = """
  a
　b
  """
}
