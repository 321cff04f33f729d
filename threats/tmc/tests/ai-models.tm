// Tests of tmc's model threats: special-category data in prompts (AI05),
// output used as markup or SQL (AI06), exfiltration through rendered links
// (AI07), model files (AI08), memorised training data (AI11), memory shared
// across users (AI12), retrieval permissions (AI14) and a poisoned
// retrieval corpus (AI15).

model "Rule test: AI models" {
  description = "A clinic's assistant calls hosted and self-hosted models with retrieval, and shows answers in the browser."
}

boundary vpc "VPC" {
  trust = INTERNAL
}
boundary provider "Provider" {
  trust = PARTNER
}

Actor patient "Patient"
Actor staff "Staff"

Data diagnosis "Diagnosis" {
  isSpecialCategory = true
}
Data diagnosis_code "Pseudonymised diagnosis code" {
  isSpecialCategory = true
  isPseudonymized = true
}
Data note "Clinical note" {
  isPII = true
  classification = SENSITIVE
}
Data answer "Answer" {
  classification = SENSITIVE
}

Process app "Assistant backend" in vpc
ClientApp chat "Chat page" {
  platform = BROWSER
}
ClientApp chat_safe "Chat page with output encoding and a strict CSP" {
  platform = BROWSER
  controls.encodesOutput = true
  controls.filtersEgress = true
}
Datastore reports "Reports database" in vpc {
  type = SQL
}
Datastore notes "Clinical notes" in vpc {
  type = SEARCH_INDEX
}
Datastore guides "Clinical guidelines" in vpc {
  type = SEARCH_INDEX
  controls.sanitizesInput = true
}

LLM hosted "Hosted model" in provider {
  hasRAG = true
}
LLM hosted_safe "Hosted model behind a redacting gateway" in provider {
  hasRAG = true
  controls.authorizesSource = true
}
LLM local "Self-hosted model" in vpc {
  isThirdParty = false
  loadsExternalModelFiles = true
  hasFineTuning = true
  processesPersonalData = true
  retainsUserData = true
}
LLM local_safe "Self-hosted model, pinned and scoped" in vpc {
  isThirdParty = false
  loadsExternalModelFiles = true
  hasFineTuning = true
  processesPersonalData = true
  retainsUserData = true
  controls.pinsDependencies = true
  controls.supportsDataSubjectRights = true
  controls.hasAccessControl = true
}

flow prompt: app -> hosted "Sends the question with the diagnosis" {
  data = [diagnosis]
}
flow prompt_coded: app -> hosted_safe "Sends the question with a diagnosis code" {
  data = [diagnosis_code]
}
flow app -> local "Sends the question" {
  data = [note]
}
flow app -> local_safe "Sends the question" {
  data = [note]
}
flow retrieve: notes -> hosted "Retrieved notes" {
  data = [note]
}
flow notes -> hosted_safe "Retrieved notes" {
  data = [note]
}
flow guides -> local "Retrieved guidelines"
flow patient -> notes "Uploads a letter"
flow staff -> guides "Edits guidelines"
flow show: hosted -> chat "Streams the answer" {
  data = [answer]
}
flow show_safe: hosted -> chat_safe "Streams the answer" {
  data = [answer]
}
Agent analyst "Report agent with parameterised queries" in vpc {
  controls.usesParameterizedInput = true
}
flow report_param: analyst -> reports "Runs the chosen report with parameters"
flow report: local -> reports "Writes the generated report query"
flow report_app: app -> reports "Writes reports with parameters"

Expect ai05_fires "AI05 fires when a diagnosis goes in a prompt to a hosted model" {
  threat_id = "AI05"
  on = prompt
}
Expect ai05_coded "AI05 is quiet when only a pseudonymised code is sent" {
  threat_id = "AI05"
  on = prompt_coded
  fires = false
}
Expect ai06_browser "AI06 fires when model output is rendered in the browser unencoded" {
  threat_id = "AI06"
  on = show
}
Expect ai06_sql "AI06 fires when model output goes into a SQL store unchecked" {
  threat_id = "AI06"
  on = report
}
Expect ai06_encoded "AI06 is quiet once the page encodes what it renders" {
  threat_id = "AI06"
  on = show_safe
  fires = false
}
Expect ai06_parameterised "AI06 is quiet when the agent queries the SQL store with parameters" {
  threat_id = "AI06"
  on = report_param
  fires = false
}
Expect ai06_not_model "AI06 is quiet on a flow that does not come from a model" {
  threat_id = "AI06"
  on = report_app
  fires = false
}
Expect ai07_fires "AI07 fires when a model reading retrieved notes sends sensitive answers to a page that loads any image" {
  threat_id = "AI07"
  on = show
}
Expect ai07_csp "AI07 is quiet with an egress allow-list on the page" {
  threat_id = "AI07"
  on = show_safe
  fires = false
}
Expect ai08_fires "AI08 fires on a model loaded from a hub unpinned" {
  threat_id = "AI08"
  on = local
}
Expect ai08_pinned "AI08 is quiet when the model files are pinned" {
  threat_id = "AI08"
  on = local_safe
  fires = false
}
Expect ai11_fires "AI11 fires on a model fine-tuned on personal data with no way to honour erasure" {
  threat_id = "AI11"
  on = local
}
Expect ai11_rights "AI11 is quiet with a retraining process for data-subject requests" {
  threat_id = "AI11"
  on = local_safe
  fires = false
}
Expect ai12_fires "AI12 fires on a model keeping conversations unscoped" {
  threat_id = "AI12"
  on = local
}
Expect ai12_scoped "AI12 is quiet when kept conversations are scoped per user" {
  threat_id = "AI12"
  on = local_safe
  fires = false
}
Expect ai14_fires "AI14 fires when retrieval of clinical notes ignores the asker's rights" {
  threat_id = "AI14"
  on = hosted
}
Expect ai14_filtered "AI14 is quiet when retrieval is filtered per user" {
  threat_id = "AI14"
  on = hosted_safe
  fires = false
}
Expect ai15_fires "AI15 fires on a retrieval index patients can write to" {
  threat_id = "AI15"
  on = notes
}
Expect ai15_sanitized "AI15 is quiet when what is indexed is screened" {
  threat_id = "AI15"
  on = guides
  fires = false
}
