//! Every rule a loaded spec must follow, checked at once; each problem becomes a
//! diagnostic at its position with a hint.

mod pagination;
mod payload;
mod waiters;

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::names;
use crate::spec::*;

/// Checks everything loaded; returns all problems found.
pub fn check(set: &SpecSet) -> Diagnostics {
    let mut c = Checker {
        diags: Diagnostics::default(),
    };
    let mut seen: HashMap<(&str, &str), &Pos> = HashMap::new();
    for s in &set.services {
        if let Some(first) = seen.insert((&s.service.value, &s.version.value), &s.service.pos) {
            c.err(
                &s.service.pos,
                format!(
                    "service `{}` version `{}` is also defined at {first}",
                    s.service.value, s.version.value
                ),
                "merge them: one service version per file name",
            );
        }
    }
    // Services are checked independently, on all cores; diagnostics keep the input order.
    let per_service = crate::parallel::map(
        &set.services,
        |s| s.actions.len() + s.types.len(),
        |s| {
            let mut one = Checker {
                diags: Diagnostics::default(),
            };
            one.service(s);
            one.diags
        },
    );
    for d in per_service {
        c.diags.0.extend(d.0);
    }
    if let Some(common) = &set.common {
        c.error_codes(&common.errors);
    }
    c.diags
}

struct Checker {
    diags: Diagnostics,
}

/// Which side of an action a struct is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Input,
    Output,
    Type,
}

impl Checker {
    fn err(&mut self, pos: &Pos, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::new(pos, msg).hint(hint));
    }

    fn service(&mut self, s: &ServiceSpec) {
        let name = &s.service.value;
        if name.is_empty()
            || !name.starts_with(|c: char| c.is_ascii_lowercase())
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            self.err(
                &s.service.pos,
                format!("service name `{name}` must be lower-case letters and digits"),
                format!(
                    "write it as in the host name: `{}`",
                    name.to_ascii_lowercase()
                        .replace(|c: char| !c.is_ascii_alphanumeric(), "")
                ),
            );
        }
        let v = &s.version.value;
        let ok = v.len() == 10
            && v.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !ok {
            self.err(
                &s.version.pos,
                format!("version `{v}` is not a date `YYYY-MM-DD`"),
                "write it as on the API pages, quoted: `version: \"2019-11-12\"`",
            );
        }
        if s.title.is_none() {
            let pos = Pos::new(&s.service.pos.file, 1, 1);
            self.err(
                &pos,
                format!("service `{name}` has no `title`"),
                "add `title: Display Name` (e.g. `title: Game Server Engine`)",
            );
        }
        if let Some(e) = &s.endpoints {
            if let Some(r) = &e.value.regional {
                if !r.value.contains("{region}") {
                    self.err(
                        &r.pos,
                        "`regional` must contain `{region}`",
                        format!("e.g. `regional: \"{name}.{{region}}.tencentcloudapi.com\"`"),
                    );
                }
            }
            for h in [&e.value.mainland, &e.value.international, &e.value.regional]
                .into_iter()
                .flatten()
            {
                let host_chars = h
                    .value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '{' | '}'));
                if h.value.contains("://") || h.value.contains('/') || !host_chars {
                    self.err(
                        &h.pos,
                        format!("`{}` is not a host name", h.value),
                        "write the host only, without scheme or path",
                    );
                }
            }
        }

        let type_names: HashMap<&str, &Pos> = {
            let mut m: HashMap<&str, &Pos> = HashMap::new();
            for t in &s.types {
                if let Some(first) = m.get(t.name.value.as_str()) {
                    self.err(
                        &t.name.pos,
                        format!(
                            "duplicate type `{}` (first defined at {first})",
                            t.name.value
                        ),
                        "each type is defined once in a service version: remove or rename one",
                    );
                } else {
                    m.insert(&t.name.value, &t.name.pos);
                }
            }
            m
        };

        // Rust names are chosen and claimed by the IR (`ir::build`); here only the spec's
        // own shape.
        let mut action_names: HashMap<&str, &Pos> = HashMap::new();
        for a in &s.actions {
            if let Some(first) = action_names.get(a.name.value.as_str()) {
                self.err(
                    &a.name.pos,
                    format!(
                        "duplicate action `{}` (first defined at {first})",
                        a.name.value
                    ),
                    "each action is defined once in a service version: remove or rename one",
                );
                continue;
            }
            action_names.insert(&a.name.value, &a.name.pos);
        }
        if let Some(e) = &s.error_enum {
            if !names::is_pascal(&e.value) || names::camel(&e.value) != e.value {
                self.err(
                    &e.pos,
                    format!(
                        "`error_enum` `{}` is not an UpperCamelCase Rust name",
                        e.value
                    ),
                    "write it as the Rust type should be named, e.g. `EccServiceError`",
                );
            }
        }
        if let Some(errs) = &s.errors {
            self.error_codes(&errs.value);
        }
        for a in &s.actions {
            self.action(a, &type_names);
            if a.errors_source
                .as_ref()
                .is_some_and(|e| e.value == ErrorsSource::Service)
            {
                if let Some(first) = a.errors.first() {
                    self.err(
                        &first.code.pos,
                        format!("action `{}` takes the service's error codes (`errors_source: service`) and lists its own", a.name.value),
                        "list the codes under the service's top-level `errors`, or set `errors_source: page`",
                    );
                }
            }
        }
        for t in &s.types {
            self.name(&t.name, "type");
            self.params(&t.fields, Side::Type, &type_names);
        }
        payload::check_service(s, &mut self.diags);
        pagination::check_service(s, &mut self.diags);
        waiters::check_service(s, &mut self.diags);
        for f in &s.flows {
            self.flow(f, &action_names);
        }
        let mut flow_names: HashMap<&str, &Pos> = HashMap::new();
        for f in &s.flows {
            if let Some(first) = flow_names.insert(&f.name.value, &f.name.pos) {
                self.err(
                    &f.name.pos,
                    format!(
                        "duplicate flow `{}` (first defined at {first})",
                        f.name.value
                    ),
                    "rename one of them",
                );
            }
        }
    }

    fn name(&mut self, n: &Spanned<String>, what: &str) {
        if !names::is_pascal(&n.value) {
            let mut fixed = names::camel(&n.value);
            if fixed.is_empty() {
                fixed = "Name".into();
            }
            self.err(
                &n.pos,
                format!("{what} name `{}` is not PascalCase", n.value),
                format!("write it as on the wire, e.g. `{fixed}` (if Tencent really documents it this way, set `raw_name: true` on the parameter)"),
            );
        }
    }

    fn action(&mut self, a: &Action, types: &HashMap<&str, &Pos>) {
        self.name(&a.name, "action");
        if let Some(r) = &a.rate_limit {
            if r.value <= 0 || r.value > u32::MAX as i64 {
                self.err(&r.pos, format!("`rate_limit` must be a positive number of requests per second, found {}", r.value), "write the documented limit, e.g. `rate_limit: 20`, or leave the key out when none is documented");
            }
        }
        if let Some(t) = &a.timeout {
            if t.value <= 0 || t.value > 86_400 {
                self.err(
                    &t.pos,
                    format!(
                        "`timeout` must be a positive number of seconds (at most 86400), found {}",
                        t.value
                    ),
                    "write the documented timeout in seconds, e.g. `timeout: 20`",
                );
            }
        }
        self.params(&a.input, Side::Input, types);
        self.params(&a.output, Side::Output, types);
        self.error_codes(&a.errors);
        for ex in &a.examples {
            self.example(ex);
        }
    }

    fn error_codes(&mut self, codes: &[ErrorCode]) {
        let mut seen: HashMap<&str, &Pos> = HashMap::new();
        for c in codes {
            let code = &c.code.value;
            let ok = !code.is_empty() && code.split('.').all(names::is_pascal);
            if !ok {
                self.err(
                    &c.code.pos,
                    format!("error code `{code}` is not dot-separated PascalCase"),
                    "write it exactly as documented, e.g. `ResourceNotFound.NoIdle`",
                );
            } else if let Some(first) = seen.insert(code, &c.code.pos) {
                self.err(
                    &c.code.pos,
                    format!("duplicate error code `{code}` (first at {first})"),
                    "list each code once",
                );
            }
        }
    }

    fn example(&mut self, ex: &Example) {
        match serde_json::from_str::<serde_json::Value>(&ex.request.value) {
            Ok(serde_json::Value::Object(_)) => {}
            Ok(_) => self.err(
                &ex.request.pos,
                "the example `request` must be a JSON object",
                "write the request body, e.g. `{\"UserId\": \"u1\"}`",
            ),
            Err(e) => self.err(
                &ex.request.pos,
                format!("the example `request` is not valid JSON: {e}"),
                "fix the JSON (line numbers are within the block)",
            ),
        }
        match serde_json::from_str::<serde_json::Value>(&ex.response.value) {
            Ok(serde_json::Value::Object(m))
                if m.get("Response").is_some_and(|r| r.is_object()) => {}
            Ok(_) => self.err(
                &ex.response.pos,
                "the example `response` must be `{\"Response\": {...}}`",
                "write the full documented response, including the `Response` wrapper",
            ),
            Err(e) => self.err(
                &ex.response.pos,
                format!("the example `response` is not valid JSON: {e}"),
                "fix the JSON (line numbers are within the block)",
            ),
        }
    }

    fn params(&mut self, params: &[Param], side: Side, types: &HashMap<&str, &Pos>) {
        for p in params {
            if !p.raw_name {
                self.name(&p.name, "parameter");
            }
            if p.name.value == "RequestId" && side == Side::Output {
                self.err(
                    &p.name.pos,
                    "`RequestId` is implicit in every response; do not list it",
                    "remove this parameter",
                );
                continue;
            }
            if let Some(r) = &p.rust_name {
                let ok = r
                    .value
                    .starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                    && r.value
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !ok {
                    self.err(
                        &r.pos,
                        format!("`rust_name` `{}` is not a snake_case identifier", r.value),
                        "use lower-case letters, digits and `_`, e.g. `user_id_2`",
                    );
                }
            }
            self.param_type(p, types);
            self.constraints(p);
        }
    }

    fn param_type(&mut self, p: &Param, types: &HashMap<&str, &Pos>) {
        if let TypeExpr::Ref(name) = p.ty.value.leaf() {
            if !types.contains_key(name.as_str()) {
                let mut hint = format!(
                    "define it under `types:`, or use one of {}",
                    Prim::NAMES.join(", ")
                );
                if let Some(s) = did_you_mean(
                    name,
                    types.keys().copied().chain(Prim::NAMES.iter().copied()),
                ) {
                    hint = format!("did you mean `{s}`? ({hint})");
                }
                self.err(&p.ty.pos, format!("type `{name}` is not defined"), hint);
            }
        }
    }

    fn constraints(&mut self, p: &Param) {
        let leaf = p.ty.value.leaf();
        let ty = p.ty.value.display();
        let stringy = matches!(leaf, TypeExpr::Prim(pr) if pr.is_stringy());
        let numeric = matches!(leaf, TypeExpr::Prim(pr) if pr.is_numeric());
        if let Some(l) = &p.length {
            if !stringy {
                self.err(
                    &l.pos,
                    format!(
                        "`length` applies to strings, but `{}` is `{ty}`",
                        p.name.value
                    ),
                    if p.ty.value.is_list() {
                        "use `items` for the number of list items"
                    } else {
                        "use `range` for numbers, or remove it"
                    },
                );
            }
            self.min_max(
                l.value.min.map(|v| v as f64),
                l.value.max.map(|v| v as f64),
                &l.pos,
                "length",
            );
        }
        if let Some(a) = &p.ascii {
            if !stringy {
                self.err(
                    &a.pos,
                    format!(
                        "`ascii` applies to strings, but `{}` is `{ty}`",
                        p.name.value
                    ),
                    "remove it",
                );
            }
        }
        if let Some(pat) = &p.pattern {
            if !stringy {
                self.err(
                    &pat.pos,
                    format!(
                        "`pattern` applies to strings, but `{}` is `{ty}`",
                        p.name.value
                    ),
                    "remove it",
                );
            }
            // Generated code matches the whole value: `^(?:pattern)$` must compile too (a
            // `(?x)` comment would swallow the closing group).
            let anchored = format!("^(?:{})$", pat.value);
            if let Err(e) =
                regex_lite::Regex::new(&pat.value).and_then(|_| regex_lite::Regex::new(&anchored))
            {
                self.err(&pat.pos, format!("`pattern` is not a valid regular expression: {e}"), "use the common syntax: `^[a-z0-9-]{1,64}$` (no look-around, no back-references)");
            }
        }
        if let Some(i) = &p.items {
            if !p.ty.value.is_list() {
                self.err(
                    &i.pos,
                    format!(
                        "`items` counts list items, but `{}` is `{ty}`, not a list",
                        p.name.value
                    ),
                    "make the type a list (`type: [String]`) or use `length` for a string",
                );
            }
            self.min_max(
                i.value.min.map(|v| v as f64),
                i.value.max.map(|v| v as f64),
                &i.pos,
                "items",
            );
        }
        if let Some(r) = &p.range {
            if !numeric {
                self.err(
                    &r.pos,
                    format!(
                        "`range` applies to numbers, but `{}` is `{ty}`",
                        p.name.value
                    ),
                    "use `length` for strings, `items` for lists",
                );
            }
            self.min_max(
                r.value.min.map(Num::as_f64),
                r.value.max.map(Num::as_f64),
                &r.pos,
                "range",
            );
            let integral = matches!(leaf, TypeExpr::Prim(Prim::Int64 | Prim::UInt64));
            for n in [r.value.min, r.value.max].into_iter().flatten() {
                if integral && matches!(n, Num::Float(_)) {
                    self.err(
                        &r.pos,
                        format!(
                            "`range` of the integer `{}` has a fractional bound",
                            p.name.value
                        ),
                        "use whole numbers",
                    );
                }
                if matches!(leaf, TypeExpr::Prim(Prim::UInt64)) && n.as_f64() < 0.0 {
                    self.err(
                        &r.pos,
                        format!(
                            "`range` of the unsigned `{}` has a negative bound",
                            p.name.value
                        ),
                        "use 0 or more, or make the type `Integer`",
                    );
                }
                if matches!(leaf, TypeExpr::Prim(Prim::Int64)) && matches!(n, Num::UInt(_)) {
                    self.err(
                        &r.pos,
                        format!(
                            "`range` bound of `{}` does not fit a signed 64-bit integer",
                            p.name.value
                        ),
                        "make the type `UInt64`",
                    );
                }
            }
        }
        if let Some(e) = &p.enumeration {
            if !matches!(leaf, TypeExpr::Prim(Prim::String)) {
                self.err(&e.pos, format!("`enum` applies to `String` values, but `{}` is `{ty}`", p.name.value), "list the documented values in `description` (numeric codes stay numbers), or make the type `String` if the wire carries strings");
            }
            if let Some(n) = &e.value.name {
                if !names::is_pascal(&n.value) {
                    self.err(
                        &n.pos,
                        format!("enum name `{}` is not PascalCase", n.value),
                        "e.g. `name: UpdateMode`",
                    );
                }
            }
            for (value, rust) in &e.value.variants {
                if !e.value.values.iter().any(|(v, _)| v.value == value.value) {
                    self.err(
                        &value.pos,
                        format!(
                            "`variants` names `{}`, which is not one of the enum's values",
                            value.value
                        ),
                        "name a value listed under `values`",
                    );
                }
                if !names::is_pascal(&rust.value) {
                    self.err(
                        &rust.pos,
                        format!("variant name `{}` is not PascalCase", rust.value),
                        "e.g. `NorthChina`",
                    );
                }
            }
        }
    }

    fn min_max(&mut self, min: Option<f64>, max: Option<f64>, pos: &Pos, key: &str) {
        if [min, max].into_iter().flatten().any(|v| !v.is_finite()) {
            self.err(
                pos,
                format!("`{key}` has a bound that is not a finite number"),
                "write the documented bound as a number, e.g. `max: 100`",
            );
            return;
        }
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                self.err(
                    pos,
                    format!("`{key}` is impossible: min {a} is greater than max {b}"),
                    "swap them, or check the documented bounds",
                );
            }
        }
        if min.is_none() && max.is_none() {
            self.err(
                pos,
                format!("`{key}` gives neither `min` nor `max`"),
                format!("write `{key}: {{ min: 1, max: 25 }}`, or remove it"),
            );
        }
    }

    fn flow(&mut self, f: &Flow, actions: &HashMap<&str, &Pos>) {
        let parts: HashSet<&str> = f.participants.iter().map(|p| p.value.as_str()).collect();
        if f.steps.is_empty() {
            self.err(
                &f.name.pos,
                format!("flow `{}` has no steps", f.name.value),
                "add `steps:` with `- { from: A, to: B, message: ... }`",
            );
        }
        for s in &f.steps {
            for end in [&s.from, &s.to] {
                if !parts.contains(end.value.as_str()) {
                    let mut hint = format!(
                        "add it to `participants` ({})",
                        f.participants
                            .iter()
                            .map(|p| p.value.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    if let Some(d) = did_you_mean(&end.value, parts.iter().copied()) {
                        hint = format!("did you mean `{d}`?");
                    }
                    self.err(
                        &end.pos,
                        format!(
                            "`{}` is not a participant of flow `{}`",
                            end.value, f.name.value
                        ),
                        hint,
                    );
                }
            }
            if let Some(a) = &s.action {
                if !actions.contains_key(a.value.as_str()) {
                    let mut hint = "name an action of this service version".to_owned();
                    if let Some(d) = did_you_mean(&a.value, actions.keys().copied()) {
                        hint = format!("did you mean `{d}`?");
                    }
                    self.err(
                        &a.pos,
                        format!("flow step names action `{}`, which is not defined", a.value),
                        hint,
                    );
                }
            }
        }
    }
}
