model "Shop" {
  description = "..."
  assumptions = [
    { name = "All traffic passes the WAF" exclude = ["INP03", "INP18"] },
  ]
}

Server web "Web shop" {
  assumptions = [
    { name = "Only administrators reach it" exclude = ["AA01"] description = "VPN only." },
  ]
}
