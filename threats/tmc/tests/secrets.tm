// Tests of the secrets threats SEC01-SEC07 and of DSR01 (untrusted
// deserialization): services keeping secrets in each place a team might,
// one fetching them from a vault, a vault with and without rotation, and
// services reading serialized objects from users, a queue and each other.

model "Rule test: secrets and deserialization (SEC01-SEC07, DSR01)" {
  description = "Services of an online shop keep secrets in different places and exchange serialized objects."
}

boundary internet "Internet" {
  trust = INTERNET
}
boundary dmz "DMZ" {
  trust = DMZ
}
boundary app "App" {
  trust = INTERNAL
}

Actor customer "Customer" in internet

Process in_repo "Service with secrets in its repository" in app {
  keepsSecretsIn = [SOURCE_CODE]
}
Process in_image "Service with secrets in its image" in app {
  keepsSecretsIn = [IMAGE]
}
Process in_args "Job given secrets as arguments" in app {
  keepsSecretsIn = [COMMAND_LINE]
}
Process in_env "Service reading secrets from the environment" in app {
  keepsSecretsIn = [ENVIRONMENT]
}
Process in_config "Service with secrets in its configuration file" in app {
  keepsSecretsIn = [CONFIG_FILE]
}
Process in_vault "Service fetching secrets from the vault" in app {
  keepsSecretsIn = [VAULT]
}
Process env_and_vault "Service fetching secrets from the vault into its environment" in app {
  keepsSecretsIn = [ENVIRONMENT]
}
Process unknown "Service that says nothing of its secrets" in app
ClientApp spa "Shop web app" in internet {
  keepsSecretsIn = [SOURCE_CODE]
}
SecretsVault vault "Secrets manager" in app
SecretsVault rotating "Secrets manager with rotation" in app {
  controls.rotatesSecrets = true
}
Datastore db "Orders database" in app {
  type = SQL
}

Data db_password "Database password" {
  isCredentials = true
  credentialsLife = MANUAL
}
Data db_token "Database token" {
  isCredentials = true
  credentialsLife = SHORT
}
Data order "Order" {
  classification = SENSITIVE
}

flow in_env -> db "Connects with a password" {
  data = [db_password]
}
flow in_config -> db "Connects with a password" {
  data = [db_password]
}
flow in_vault -> db "Connects with a password" {
  data = [db_password]
}
flow vault -> in_vault "Hands out the password" {
  data = [db_password]
}
flow vault -> env_and_vault "Hands out the password" {
  data = [db_password]
}
flow rotating -> in_repo "Hands out a rotated password" {
  data = [db_password]
}
flow unknown -> db "Connects with a password" {
  data = [db_password]
}
flow in_args -> db "Connects with a short-lived token" {
  data = [db_token]
}

Expect repo "SEC01 fires on secrets in source code" {
  threat_id = "SEC01"
  on = in_repo
}
Expect repo_vault "SEC01 is quiet on a service fetching its secrets from a vault" {
  threat_id = "SEC01"
  on = in_vault
  fires = false
}
Expect repo_client "SEC01 leaves a client app's secrets to CLI05" {
  threat_id = "SEC01"
  on = spa
  fires = false
}

Expect image "SEC02 fires on secrets baked into an image" {
  threat_id = "SEC02"
  on = in_image
}
Expect image_vault "SEC02 is quiet on a service fetching its secrets from a vault" {
  threat_id = "SEC02"
  on = in_vault
  fires = false
}

Expect args "SEC03 fires on secrets on the command line" {
  threat_id = "SEC03"
  on = in_args
}
Expect args_vault "SEC03 is quiet on a service fetching its secrets from a vault" {
  threat_id = "SEC03"
  on = in_vault
  fires = false
}

Expect env "SEC04 fires on secrets in environment variables" {
  threat_id = "SEC04"
  on = in_env
}
Expect env_unknown "SEC04 is quiet where the model says nothing of where secrets are kept" {
  threat_id = "SEC04"
  on = unknown
  fires = false
}

Expect config "SEC05 fires on secrets in configuration files" {
  threat_id = "SEC05"
  on = in_config
}
Expect config_vault "SEC05 is quiet on a service fetching its secrets from a vault" {
  threat_id = "SEC05"
  on = in_vault
  fires = false
}

Expect no_vault "SEC06 fires on a service handling credentials with no vault" {
  threat_id = "SEC06"
  on = in_env
}
Expect vault_flow "SEC06 is quiet on a service the vault hands its secrets to" {
  threat_id = "SEC06"
  on = env_and_vault
  fires = false
}
Expect vault_kept "SEC06 is quiet on a service keeping its secrets in the vault" {
  threat_id = "SEC06"
  on = in_vault
  fires = false
}
Expect no_credentials "SEC06 is quiet on a service handling no credentials" {
  threat_id = "SEC06"
  on = in_image
  fires = false
}

Expect not_rotated "SEC07 fires on a vault handing out long-lived secrets without rotation" {
  threat_id = "SEC07"
  on = vault
}
Expect rotated "SEC07 is quiet on a vault that rotates them" {
  threat_id = "SEC07"
  on = rotating
  fires = false
}
