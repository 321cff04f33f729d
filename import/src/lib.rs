//! tmc-import: models written for other tools, turned into `.tm` files.
//! `pytm` reads the JSON of `pytm --json` (pytm 1.4); `otm` reads Open
//! Threat Model 0.2 documents, JSON or YAML (through `yaml`);
//! `threat_dragon` reads OWASP Threat Dragon v2 models; `threagile` reads
//! Threagile YAML models.

mod document;
mod fields;
mod losses;
mod names;
pub mod otm;
pub mod pytm;
pub mod threagile;
pub mod threat_dragon;
mod written;
mod yaml;
