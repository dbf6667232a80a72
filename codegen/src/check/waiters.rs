//! The `waiters` key of a service: names, the action polled, the state path through its
//! response, the states and the timing.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::names::is_pascal;
use crate::spec::{Param, Prim, ServiceSpec, TypeExpr, WaiterSpec};

fn err(diags: &mut Diagnostics, pos: &Pos, msg: String, hint: impl Into<String>) {
    diags.push(Diagnostic::new(pos, msg).hint(hint));
}

/// Every waiter of one service version.
pub fn check_service(s: &ServiceSpec, diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Pos> = HashMap::new();
    for w in &s.waiters {
        if let Some(first) = seen.insert(&w.name.value, &w.name.pos) {
            err(
                diags,
                &w.name.pos,
                format!(
                    "waiter `{}` is defined twice (first at {first})",
                    w.name.value
                ),
                "give each waiter its own name",
            );
        }
        if !is_pascal(&w.name.value) {
            err(
                diags,
                &w.name.pos,
                format!("waiter name `{}` is not PascalCase", w.name.value),
                "name it like `InstanceRunning`",
            );
        }
        check_waiter(s, w, diags);
    }
}

fn check_waiter(s: &ServiceSpec, w: &WaiterSpec, diags: &mut Diagnostics) {
    let Some(action) = s.actions.iter().find(|a| a.name.value == w.action.value) else {
        let names = s.actions.iter().map(|a| a.name.value.as_str());
        let hint = match did_you_mean(&w.action.value, names) {
            Some(m) => format!("did you mean `{m}`?"),
            None => "name an action of this service version".to_owned(),
        };
        err(
            diags,
            &w.action.pos,
            format!(
                "waiter `{}` polls `{}`, which is not an action of this service version",
                w.name.value, w.action.value
            ),
            hint,
        );
        return;
    };
    let mut fields: &[Param] = &action.output;
    let mut owner = format!("the response of `{}`", action.name.value);
    let segments: Vec<&str> = w.state.value.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        let (name, each) = match seg.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (*seg, false),
        };
        let last = i + 1 == segments.len();
        let Some(p) = fields.iter().find(|p| p.name.value == name) else {
            let names = fields.iter().map(|p| p.name.value.as_str());
            let mut hint = format!(
                "the path is members separated by `.`, `[]` after a list (`InstanceSet[].InstanceState`); {owner} has {}",
                fields
                    .iter()
                    .map(|p| p.name.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(m) = did_you_mean(name, names) {
                hint = format!("did you mean `{m}`? ({hint})");
            }
            err(
                diags,
                &w.state.pos,
                format!(
                    "waiter `{}`: `{name}` in `{}` is not a member of {owner}",
                    w.name.value, w.state.value
                ),
                hint,
            );
            return;
        };
        let item = match (&p.ty.value, each) {
            (TypeExpr::List(inner), true) if !inner.is_list() => &**inner,
            (t, false) if !t.is_list() => t,
            (t, _) => {
                err(
                    diags,
                    &w.state.pos,
                    format!(
                        "waiter `{}`: `{name}` is `{}`, written `{seg}` in the path",
                        w.name.value,
                        t.display()
                    ),
                    "write `Name[]` for a list member (every item is read) and `Name` otherwise",
                );
                return;
            }
        };
        match item {
            TypeExpr::Prim(Prim::String | Prim::Int64 | Prim::UInt64) if last => {}
            TypeExpr::Ref(t) if !last => {
                let Some(def) = s.types.iter().find(|d| &d.name.value == t) else {
                    return; // reported by the type checks
                };
                fields = &def.fields;
                owner = format!("type `{t}`");
            }
            other => {
                err(
                    diags,
                    &w.state.pos,
                    format!(
                        "waiter `{}`: the path `{}` {} at `{name}`, a `{}`",
                        w.name.value,
                        w.state.value,
                        if last { "ends" } else { "goes on" },
                        other.display()
                    ),
                    "the path goes through data types and ends at the member holding the state (a `String` or an integer)",
                );
                return;
            }
        }
    }
    for v in w
        .success
        .iter()
        .filter(|v| w.failure.iter().any(|f| f.value == v.value))
    {
        err(
            diags,
            &v.pos,
            format!(
                "waiter `{}`: state `{}` is both a success and a failure",
                w.name.value, v.value
            ),
            "keep it in one list, as documented",
        );
    }
    for v in w.success.iter().chain(&w.failure) {
        if v.value.is_empty() {
            err(
                diags,
                &v.pos,
                format!("waiter `{}`: a state is empty", w.name.value),
                "write the documented value, e.g. `RUNNING`",
            );
        }
    }
    for t in [&w.interval, &w.deadline].into_iter().flatten() {
        if t.value < 1 {
            err(
                diags,
                &t.pos,
                format!("waiter `{}`: {} s is not a duration", w.name.value, t.value),
                "seconds, 1 or more",
            );
        }
    }
    if let (Some(i), Some(d)) = (&w.interval, &w.deadline) {
        if i.value > d.value {
            err(
                diags,
                &i.pos,
                format!(
                    "waiter `{}`: the interval ({} s) is longer than the deadline ({} s)",
                    w.name.value, i.value, d.value
                ),
                "shorten the interval or lengthen the deadline",
            );
        }
    }
}
