//! PlantUML sequence diagrams: participants typed by kind, one message per
//! flow in `order`, responses dashed, notes beside their flows. Every line
//! starts with our own keyword or identifier; the model's text follows on
//! that line, escaped (`escape::plantuml`).

use std::fmt::Write;

use crate::escape::plantuml::text;
use tmc_diagram::ir::{Lifeline, Seq};

pub fn seq(seq: &Seq) -> String {
    let mut out = String::from("@startuml\n");
    let _ = writeln!(out, "title {}", text(&seq.title));
    for p in &seq.participants {
        let keyword = match p.role {
            Lifeline::Actor => "actor",
            Lifeline::External => "boundary",
            Lifeline::Database => "database",
            Lifeline::Process => "control",
            Lifeline::Service => "participant",
        };
        let _ = writeln!(out, "{keyword} \"{}\" as {}", text(&p.label), p.id);
    }
    for m in &seq.messages {
        let arrow = if m.is_response { "-->" } else { "->" };
        let _ = writeln!(out, "{} {arrow} {} : {}", m.from, m.to, text(&m.label));
        if !m.note.is_empty() {
            // On one line: a note of several lines would put the model's
            // text at the start of a line (`end note`, `!include`).
            let lines: Vec<&str> = m.note.lines().map(str::trim_end).collect();
            let _ = writeln!(out, "note left : {}", text(&lines.join("\n")));
        }
    }
    out.push_str("@enduml\n");
    out
}
