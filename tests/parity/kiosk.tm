// A self-service kiosk in a shop, checked with a threat file of our own
// (threats/kiosk.tm; pytm reads the same threats from threats/kiosk.json)
// so that report templates can print every text of a finding and be
// compared with pytm's report byte for byte (templates/).

model "Shop kiosk" {
  description = "Customers look up prices on a kiosk; it asks the shop's price service."
  threatsFile = "threats/kiosk.tm"
}

boundary shop "Shop floor"

Actor customer "Customer" in shop

Server kiosk "Kiosk" in shop

Process prices "Price service" {
  protocol = "HTTP"
  controls.isHardened = true
}

flow lookup: customer -> kiosk "Scan a barcode"

flow ask: kiosk -> prices "Ask the price"
