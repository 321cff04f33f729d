// A small clinic booking system, written for the report-template tests
// (templates/): patients book visits on a portal, staff review them, a
// scheduler files them in a store the clinic does not run. pytm 1.4 can
// render its report (it cannot for every model: see README.md).

model "Clinic bookings" {
  description = "Patients book visits online; staff confirm them from the front desk."
  library = pytm
  assumptions = [
    {
      name = "Staff laptops are managed"
      exclude = ["AC08"]
      description = "Disk encryption and updates are enforced centrally."
    },
    { name = "No uploads" },
  ]
}

boundary internet "Internet"

boundary clinic "Clinic network"

boundary records "Records zone" in clinic

Actor patient "Patient" in internet {
  description = "Books & cancels visits."
}

Actor staff "Front desk" in clinic {
  isAdmin = true
}

Server portal "Booking portal" in clinic {
  OS = "Linux"
  protocol = "HTTPS"
  port = 443
  controls {
    isEncrypted = true
    sanitizesInput = true
  }
  assumptions = [{ name = "Portal behind a WAF" exclude = ["INP03"] }]
  overrides = [{ threat_id = "AC07" response = "mitigated: single sign-on <SSO> & MFA" cvss = "5.3" }]
}

Process scheduler "Scheduler" in records

Datastore store "Visit store" in records {
  isSQL = true
  inScope = false
}

Data visit "Visit request" {
  description = "Date, time and reason"
  classification = SENSITIVE
  isPII = true
}

flow book: patient -> portal "Book a visit" {
  protocol = "HTTPS"
  dstPort = 443
  data = [visit]
  order = 1
}

flow confirm: portal -> patient "Confirmation" {
  responseTo = book
  order = 2
}

flow plan: portal -> scheduler "Plan the visit"

flow save: scheduler -> store "Save the visit"

flow desk: staff -> portal "Review bookings" {
  protocol = "HTTPS"
}
