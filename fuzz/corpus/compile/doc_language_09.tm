model "Nesting" { description = "Nested boundaries." }

boundary corp "Corporate network" {
  description = "Everything behind the office firewall."

  boundary office "Office LAN" {
    Actor clerk "Clerk"
  }
  Server intranet "Intranet"

  flow clerk -> intranet "Reads the intranet"
}
