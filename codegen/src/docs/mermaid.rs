//! Flows as Mermaid sequence diagrams.

use crate::ir::Flow;

/// Text safe inside a Mermaid message or note: no line breaks, and the characters Mermaid
/// treats as syntax (`;`, `#`, `:` in notes is fine) written as its entity codes.
fn text(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len());
    for c in one_line.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The `sequenceDiagram` source of a flow (without fences). Participants get short aliases
/// (`P1`…) so their display names may hold any text.
pub fn sequence(f: &Flow) -> String {
    let mut names: Vec<&str> = f.participants.iter().map(String::as_str).collect();
    for s in &f.steps {
        for n in [&s.from, &s.to] {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
    }
    let alias = |n: &str| {
        let i = names.iter().position(|x| *x == n).unwrap_or(0);
        format!("P{}", i + 1)
    };
    let mut out = String::from("sequenceDiagram\n    autonumber\n");
    for n in &names {
        out.push_str(&format!("    participant {} as {}\n", alias(n), text(n)));
    }
    for s in &f.steps {
        let (from, to) = (alias(&s.from), alias(&s.to));
        out.push_str(&format!("    {from}->>{to}: {}\n", text(&s.message)));
        if let Some(note) = &s.note {
            let over = if from == to {
                from.clone()
            } else {
                format!("{from},{to}")
            };
            out.push_str(&format!("    Note over {over}: {}\n", text(note)));
        }
    }
    out
}
