model "M" { description = "d" }
/// Kinds under kinds, with new defaults and attributes.
kind Cloud : Asset { provider: string = "" onAWS = true }
kind Bucket : Cloud { public: bool = false }
kind Locked : Bucket { public = false port = 443 }
ordered enum Tier { LOW MID HIGH }
kind Tiered : Locked { tier: Tier = MID }
Tiered b "Bucket" { tier = HIGH provider = "aws" }
