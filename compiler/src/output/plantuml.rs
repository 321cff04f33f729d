//! PlantUML sequence diagrams: participants typed by kind, one message per
//! flow in `order`, responses dashed, notes beside their flows.

use std::fmt::Write;

use super::diagram::{Lifeline, Seq};

pub fn seq(seq: &Seq) -> String {
    let mut out = String::from("@startuml\n");
    let _ = writeln!(out, "title {}", one_line(&seq.title));
    for p in &seq.participants {
        let keyword = match p.role {
            Lifeline::Actor => "actor",
            Lifeline::External => "boundary",
            Lifeline::Database => "database",
            Lifeline::Process => "control",
            Lifeline::Service => "participant",
        };
        let _ = writeln!(out, "{keyword} \"{}\" as {}", quoted(&p.label), p.id);
    }
    for m in &seq.messages {
        let arrow = if m.is_response { "-->" } else { "->" };
        let _ = writeln!(out, "{} {arrow} {} : {}", m.from, m.to, one_line(&m.label));
        if !m.note.is_empty() {
            out.push_str("note left\n");
            for line in m.note.lines() {
                let _ = writeln!(out, "{}", line.trim_end());
            }
            out.push_str("end note\n");
        }
    }
    out.push_str("@enduml\n");
    out
}

/// Text for a one-line position: line breaks as PlantUML's `\n`.
fn one_line(text: &str) -> String {
    text.replace('\r', "").replace('\n', "\\n")
}

/// Text inside `"..."`: PlantUML has no escape for `"`, so it becomes `'`.
fn quoted(text: &str) -> String {
    one_line(text).replace('"', "'")
}
