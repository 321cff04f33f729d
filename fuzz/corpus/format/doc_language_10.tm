model "Data" { description = "Data items." }

Data card "Card number" {
  classification = SECRET
  isPII = true
}
Data logs "Access logs" { classification = RESTRICTED }
