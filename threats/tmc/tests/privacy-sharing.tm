// Tests of the privacy threats on collecting and sharing personal data:
// third parties (PRV01, PRV05), collection (PRV06), special categories
// (PRV07, PRV08), client-side trackers (PRV10) and a hosted model that
// keeps prompts (PRV13).

model "Rule test: sharing personal data" {
  description = "A health-booking service collects patients' data, stores it, and shares parts of it with partners and a hosted model."
}

boundary vpc "VPC" {
  trust = INTERNAL
}
boundary partners "Partners" {
  trust = PARTNER
}

Actor patient "Patient"

Data contact "Contact details" {
  isPII = true
}
Data contact_ok "Contact details, documented" {
  isPII = true
  purpose = "appointment reminders"
  legalBasis = CONTRACT
}
Data booking_ref "Pseudonymous booking reference" {
  isPII = true
  isPseudonymized = true
  purpose = "billing reconciliation"
  legalBasis = CONTRACT
}
Data symptoms "Symptoms" {
  isSpecialCategory = true
  purpose = "triage"
  legalBasis = LEGITIMATE_INTERESTS
}
Data symptoms_ok "Symptoms, with explicit consent" {
  isSpecialCategory = true
  purpose = "triage"
  legalBasis = CONSENT
}

ClientApp web "Booking web app" {
  platform = BROWSER
  loadsThirdPartyCode = true
}
ClientApp web_clean "Booking web app without tags" {
  platform = BROWSER
}
Process api "Booking API" in vpc
Datastore records "Patient records" in vpc {
  type = SQL
}
Datastore records_safe "Patient records, locked down" in vpc {
  type = SQL
  controls.hasAccessControl = true
  controls.isEncryptedAtRest = true
}
ExternalEntity sms "SMS provider" in partners
ExternalEntity billing "Billing partner" in partners
LLM triage_llm "Hosted triage model" in partners {
  retainsUserData = true
}
LLM model_zdr "Hosted model with agreed retention" in partners {
  retainsUserData = true
  controls.enforcesRetention = true
}

flow book: patient -> web "Books an appointment" {
  data = [contact, symptoms]
}
flow book_ok: patient -> web_clean "Books an appointment" {
  data = [contact_ok, symptoms_ok]
}
flow submit: web -> api "Submits the booking" {
  data = [contact, symptoms]
}
flow submit_ok: web_clean -> api "Submits the booking" {
  data = [contact_ok, symptoms_ok]
}
flow store: api -> records "Stores the booking" {
  data = [contact, symptoms]
}
flow store_safe: api -> records_safe "Stores the booking" {
  data = [contact_ok, symptoms_ok]
}
flow remind: api -> sms "Sends a reminder" {
  data = [contact]
}
flow remind_ok: api -> sms "Sends a documented reminder" {
  data = [contact_ok]
}
flow bill: api -> billing "Reports billable bookings" {
  data = [booking_ref]
}
flow triage: api -> triage_llm "Asks for triage" {
  data = [contact_ok]
}
flow triage_zdr: api -> model_zdr "Asks for triage" {
  data = [contact_ok]
}

Expect prv01_fires "PRV01 fires when contact details go to an SMS provider with the person's identity" {
  threat_id = "PRV01"
  on = remind
}
Expect prv01_needed "PRV01 is quiet when the reminder needs the contact details under the booking contract" {
  threat_id = "PRV01"
  on = remind_ok
  fires = false
}
Expect prv01_pseudonymous "PRV01 is quiet when a partner gets a pseudonymous reference" {
  threat_id = "PRV01"
  on = bill
  fires = false
}
Expect prv01_user_device "PRV01 is quiet on data going to the person's own client app" {
  threat_id = "PRV01"
  on = book
  fires = false
}
Expect prv05_fires "PRV05 fires when personal data goes to a partner with no purpose or legal basis" {
  threat_id = "PRV05"
  on = remind
}
Expect prv05_documented "PRV05 is quiet once purpose and legal basis are stated" {
  threat_id = "PRV05"
  on = remind_ok
  fires = false
}
Expect prv06_fires "PRV06 fires when a patient's data is collected with no purpose or legal basis" {
  threat_id = "PRV06"
  on = book
}
Expect prv06_documented "PRV06 is quiet once purpose and legal basis are stated" {
  threat_id = "PRV06"
  on = book_ok
  fires = false
}
Expect prv07_fires "PRV07 fires on a store of health data without access control and encryption" {
  threat_id = "PRV07"
  on = records
}
Expect prv07_protected "PRV07 is quiet with access control and encryption at rest" {
  threat_id = "PRV07"
  on = records_safe
  fires = false
}
Expect prv08_fires "PRV08 fires on health data collected on legitimate interests" {
  threat_id = "PRV08"
  on = book
}
Expect prv08_consent "PRV08 is quiet with explicit consent" {
  threat_id = "PRV08"
  on = book_ok
  fires = false
}
Expect prv10_fires "PRV10 fires on a booking app with trackers that sees health data" {
  threat_id = "PRV10"
  on = web
}
Expect prv10_clean "PRV10 is quiet once the app loads no third-party code" {
  threat_id = "PRV10"
  on = web_clean
  fires = false
}
Expect prv13_fires "PRV13 fires on a hosted model that keeps prompts with personal data" {
  threat_id = "PRV13"
  on = triage_llm
}
Expect prv13_retention "PRV13 is quiet once the provider deletes prompts on an agreed schedule" {
  threat_id = "PRV13"
  on = model_zdr
  fires = false
}
