//! tmc-import: models written for other tools, turned into `.tm` files.
//! `pytm` reads the JSON of `pytm --json` (pytm 1.4).

pub mod pytm;
