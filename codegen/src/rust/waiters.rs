//! The `waiters` module of a service with named waiters (spec key `waiters`): one function
//! per waiter, returning a `tcapi::Waiter` over its action's response.

use crate::ir::{Service, WaitStep, Waiter};
use crate::rust::doc;
use crate::rust::layout::{self, Seg, Text};

/// `states.push(value);` at `indent`.
fn push(t: &mut Text, indent: usize, value: String) {
    t.segs(
        indent,
        &[Seg::t("states.push"), Seg::list("(", [value], ")")],
        ";",
        "",
    );
}

/// The statements at `indent` pushing every state the path reaches from `var`
/// (`enumeration`: the state is a generated enum, read with `as_str()`; else a `String` or
/// a number).
fn walk(
    t: &mut Text,
    indent: usize,
    steps: &[WaitStep],
    var: &str,
    depth: usize,
    enumeration: bool,
) {
    let Some((step, rest)) = steps.split_first() else {
        return push(
            t,
            indent,
            if enumeration {
                format!("{var}.as_str().to_owned()")
            } else {
                format!("{var}.to_string()")
            },
        );
    };
    let access = format!("{var}.{}", step.field);
    let next = format!("x{depth}");
    match (step.optional, step.each) {
        (false, false) => {
            if rest.is_empty() {
                push(
                    t,
                    indent,
                    if step.enumeration {
                        format!("{access}.as_str().to_owned()")
                    } else {
                        format!("{access}.to_string()")
                    },
                );
            } else {
                t.line(indent, &["let ", &next, " = &", &access, ";"]);
                walk(t, indent, rest, &next, depth + 1, step.enumeration);
            }
        }
        (true, false) => {
            t.line(indent, &["if let Some(", &next, ") = &", &access, " {"]);
            walk(t, indent + 4, rest, &next, depth + 1, step.enumeration);
            t.line(indent, &["}"]);
        }
        (false, true) => {
            t.line(indent, &["for ", &next, " in &", &access, " {"]);
            walk(t, indent + 4, rest, &next, depth + 1, step.enumeration);
            t.line(indent, &["}"]);
        }
        (true, true) => {
            t.line(indent, &["if let Some(list) = &", &access, " {"]);
            t.line(indent + 4, &["for ", &next, " in list {"]);
            walk(t, indent + 8, rest, &next, depth + 1, step.enumeration);
            t.line(indent + 4, &["}"]);
            t.line(indent, &["}"]);
        }
    }
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| doc::code(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One waiter's function, in the module at file level.
fn function(w: &Waiter, t: &mut Text) {
    let mut text = match &w.description {
        Some(d) if !d.trim().is_empty() => doc::escape(d),
        _ => format!("`{}`.", w.name),
    };
    text.push_str(&format!(
        "\n\nPolls `{}` ([`{}`](super::{})) until every `{}` is {}",
        w.action,
        w.request,
        w.request,
        w.state,
        if w.success.is_empty() {
            "gone".to_owned()
        } else {
            list(&w.success)
        }
    ));
    if w.none_is_success && !w.success.is_empty() {
        text.push_str(" or none is left");
    }
    text.push('.');
    if !w.failure.is_empty() {
        text.push_str(&format!(
            " A state among {} ends the wait with `tcapi::WaitError::Failed` naming it.",
            list(&w.failure)
        ));
    }
    text.push_str(" Use it with `client.wait(request, waiters::");
    text.push_str(&w.function);
    text.push_str("())`; change the deadline or interval on the waiter.");
    t.doc(4, &text);
    t.segs(
        4,
        &[
            Seg::t(format!("pub fn {}() -> ::tcapi::Waiter", w.function)),
            Seg::list("<", [format!("super::{}", w.response)], ">"),
        ],
        " {",
        "",
    );
    let head = format!("let states: fn(&super::{}) -> Vec<String> = |", w.response);
    if layout::keep_flat(8 + head.len() + "response| {".len() <= layout::MARGIN) {
        t.line(8, &[&head, "response| {"]);
    } else {
        // The closure's parameters break, and its body opens on a line of its own.
        t.line(8, &[&head]);
        t.line(12, &["response|"]);
        t.line(8, &["{"]);
    }
    t.line(12, &["let mut states = Vec::new();"]);
    walk(t, 12, &w.steps, "response", 0, false);
    t.line(12, &["states"]);
    t.line(8, &["};"]);
    let strings = |values: &[String]| -> Vec<Seg<'static>> {
        let lits: Vec<String> = values.iter().map(|v| layout::lit(v)).collect();
        vec![Seg::list("&[", lits, "]")]
    };
    let args = vec![
        vec![Seg::t(layout::lit(&w.name))],
        vec![Seg::t("states")],
        strings(&w.success),
        strings(&w.failure),
        vec![Seg::t(if w.none_is_success { "true" } else { "false" })],
    ];
    let call = [
        Seg::t("::tcapi::Waiter::states"),
        Seg::group("(", args, ")"),
    ];
    let mut timing = Vec::new();
    if let Some(i) = w.interval {
        timing.push(format!(".interval(::std::time::Duration::from_secs({i}))"));
    }
    if let Some(d) = w.deadline {
        timing.push(format!(".deadline(::std::time::Duration::from_secs({d}))"));
    }
    let chain: usize = timing.iter().map(String::len).sum();
    if timing.is_empty() {
        t.segs(8, &call, "", "");
    } else if layout::keep_flat(8 + layout::flat_len(&call) + chain <= layout::MARGIN) {
        let mut flat = vec![call[0].clone(), call[1].clone()];
        flat.extend(timing.iter().map(|c| Seg::t(c.as_str())));
        t.segs(8, &flat, "", "");
    } else {
        // A broken chain: one call per line, the receiver's arguments one level deeper.
        t.segs_in(8, 12, &call, "", "");
        for c in &timing {
            t.line(12, &[c]);
        }
    }
    t.line(4, &["}"]);
}

/// The `waiters` module, when the service declares waiters.
pub fn module(s: &Service) -> Option<String> {
    if s.waiters.is_empty() {
        return None;
    }
    let mut t = Text::with_capacity(1024 * s.waiters.len());
    t.doc(
        0,
        &format!(
            "Named waiters of {}: the states users wait on most, as documented. Each returns a `tcapi::Waiter` for `client.wait(request, waiter)` (see `tcapi::wait`).",
            doc::escape(&s.title)
        ),
    );
    t.line(0, &["pub mod waiters {"]);
    for w in &s.waiters {
        function(w, &mut t);
    }
    t.line(0, &["}"]);
    Some(t.finish())
}
