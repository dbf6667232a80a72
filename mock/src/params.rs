//! Checking a request body against the action's documented parameters, as Tencent Cloud
//! does: required parameters, types, and documented constraints (length, ASCII, pattern,
//! item count, range, enum values). Constraint messages come from the runtime's
//! [`tcapi::Validator`], so the server and the client word them the same way, with the
//! member path (`PlayerIds[3]`, `PlayerDataMap.Key`).

use std::collections::HashMap;

use serde_json::{Map, Value};
use tcapi::Validator;
use tcapi_codegen::ir::{Enum, Field, Struct, Ty};

use crate::catalog::type_name;

/// What kind of problem, in the order Tencent Cloud reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// A required parameter is absent: `MissingParameter`.
    Missing,
    /// A parameter the action does not define: `UnknownParameter`.
    Unknown,
    /// A value of the wrong JSON type: `InvalidParameter`.
    Type,
    /// A value breaking a documented constraint: `InvalidParameterValue`.
    Value,
}

impl ProblemKind {
    /// The common error code of this kind.
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::Missing => "MissingParameter",
            ProblemKind::Unknown => "UnknownParameter",
            ProblemKind::Type => "InvalidParameter",
            ProblemKind::Value => "InvalidParameterValue",
        }
    }
}

/// One problem with its member path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The kind.
    pub kind: ProblemKind,
    /// The member path, e.g. `PlayerIds[3]`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// Whether required parameters and constraints are checked (requests), or only names
/// and types (scripted responses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A request: everything.
    Request,
    /// A response written in a scenario: unknown names and types only.
    Response,
}

/// The lookups a check needs.
pub struct Shapes<'a> {
    /// Data types by wire name.
    pub types: &'a HashMap<String, Struct>,
    /// Enums of the action's own fields, by Rust name.
    pub action_enums: &'a HashMap<String, Enum>,
    /// Enums of data type fields, by Rust name.
    pub type_enums: &'a HashMap<String, Enum>,
    /// Compiled `pattern`s by source.
    pub patterns: &'a HashMap<String, regex_lite::Regex>,
}

struct Walk<'a> {
    shapes: &'a Shapes<'a>,
    mode: Mode,
    path: Vec<Seg<'a>>,
    problems: Vec<Problem>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Field(&'a str),
    Index(usize),
}

/// Checks `body` (the whole request JSON) against `s`; every problem, most important
/// kind first, in field order within a kind.
pub fn check<'a>(
    body: &'a Map<String, Value>,
    s: &'a Struct,
    shapes: &'a Shapes<'a>,
    mode: Mode,
) -> Vec<Problem> {
    let mut w = Walk {
        shapes,
        mode,
        path: Vec::new(),
        problems: Vec::new(),
    };
    w.object(body, s, false);
    let mut out = w.problems;
    // Stable: field order is kept within a kind.
    out.sort_by_key(|p| p.kind);
    out
}

/// The error code and message for a non-empty problem list: the first problem's kind
/// decides the code; the message names every problem of that kind.
pub fn rejection(problems: &[Problem]) -> Option<(&'static str, String)> {
    let first = problems.first()?;
    let same: Vec<&Problem> = problems.iter().filter(|p| p.kind == first.kind).collect();
    let mut message = String::new();
    for (i, p) in same.iter().enumerate() {
        if i > 0 {
            message.push_str("; ");
        }
        if p.path.is_empty() {
            message.push_str(&p.message);
        } else {
            message.push_str(&format!("`{}`: {}", p.path, p.message));
        }
    }
    let others = problems.len() - same.len();
    if others > 0 {
        message.push_str(&format!(
            " (and {others} other problem{})",
            if others == 1 { "" } else { "s" }
        ));
    }
    Some((first.kind.code(), message))
}

fn found(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() > 40 => {
            format!("string {:?}...", s.chars().take(40).collect::<String>())
        }
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

impl<'a> Walk<'a> {
    fn render_path(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Field(name) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(name);
                }
                Seg::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }

    fn shape(&mut self, kind: ProblemKind, message: String) {
        let path = self.render_path();
        self.problems.push(Problem {
            kind,
            path,
            message,
        });
    }

    /// Runs one constraint check of the runtime's validator and records what it found
    /// at the current path.
    fn constraint(&mut self, check: impl FnOnce(&mut Validator)) {
        let mut v = Validator::new();
        check(&mut v);
        if let Err(found) = v.finish() {
            let path = self.render_path();
            for violation in found.0 {
                self.problems.push(Problem {
                    kind: ProblemKind::Value,
                    path: path.clone(),
                    message: violation.message,
                });
            }
        }
    }

    fn object(&mut self, obj: &'a Map<String, Value>, s: &'a Struct, in_type: bool) {
        for f in &s.fields {
            match obj.get(&f.wire) {
                None | Some(Value::Null) => {
                    if self.mode == Mode::Request && f.required {
                        self.path.push(Seg::Field(&f.wire));
                        self.shape(
                            ProblemKind::Missing,
                            format!("the required parameter is missing ({})", f.spec_type),
                        );
                        self.path.pop();
                    }
                }
                Some(value) => {
                    self.path.push(Seg::Field(&f.wire));
                    self.value(value, &f.ty, f, in_type, 0);
                    self.path.pop();
                }
            }
        }
        for k in obj.keys() {
            if k == "RequestId" && self.mode == Mode::Response {
                continue;
            }
            if !s.fields.iter().any(|f| &f.wire == k) {
                self.path.push(Seg::Field(k));
                let known: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
                let hint = match tcapi_codegen::diag::did_you_mean(k, known.iter().copied()) {
                    Some(m) => format!("; did you mean `{m}`?"),
                    None => String::new(),
                };
                let what = if s.wire.is_empty() {
                    "this object"
                } else {
                    s.wire.as_str()
                };
                self.shape(
                    ProblemKind::Unknown,
                    format!("`{what}` has no parameter of this name{hint}"),
                );
                self.path.pop();
            }
        }
    }

    fn value(&mut self, value: &'a Value, t: &'a Ty, f: &'a Field, in_type: bool, depth: usize) {
        let c = &f.constraints;
        let expected = |t: &Ty| format!("expected {}", type_name(t));
        match t {
            Ty::List(inner) => {
                let Value::Array(items) = value else {
                    self.shape(
                        ProblemKind::Type,
                        format!("{}, found {}", expected(t), found(value)),
                    );
                    return;
                };
                if let (Some((min, max)), 0, Mode::Request) = (c.items, depth, self.mode) {
                    self.constraint(|v| v.items(items.len(), min, max));
                }
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Seg::Index(i));
                    self.value(item, inner, f, in_type, depth + 1);
                    self.path.pop();
                }
            }
            Ty::String(_) => {
                // Responses: the client takes a number where a string is documented.
                if self.mode == Mode::Response && (value.is_number() || value.is_boolean()) {
                    return;
                }
                let Value::String(s) = value else {
                    self.shape(
                        ProblemKind::Type,
                        format!("{}, found {}", expected(t), found(value)),
                    );
                    return;
                };
                if self.mode == Mode::Request {
                    if let Some((min, max)) = c.length {
                        self.constraint(|v| v.length(s, min, max));
                    }
                    if c.ascii {
                        self.constraint(|v| v.ascii(s));
                    }
                    if let Some(p) = &c.pattern {
                        if let Some(re) = self.shapes.patterns.get(p) {
                            self.constraint(|v| v.pattern(s, re, p));
                        }
                    }
                }
            }
            Ty::Binary => {
                // Binary members are base64 text in JSON (multipart parts are not JSON).
                if !value.is_string() {
                    self.shape(
                        ProblemKind::Type,
                        format!("{}, found {}", expected(t), found(value)),
                    );
                }
            }
            Ty::Enum(name) => {
                let Value::String(s) = value else {
                    self.shape(
                        ProblemKind::Type,
                        format!("{}, found {}", expected(t), found(value)),
                    );
                    return;
                };
                let e = if in_type {
                    self.shapes.type_enums.get(name)
                } else {
                    self.shapes
                        .action_enums
                        .get(name)
                        .or_else(|| self.shapes.type_enums.get(name))
                };
                // In requests an unlisted value fails, open enum or not (`open` is about
                // what the server may return).
                if let (Some(e), Mode::Request) = (e, self.mode) {
                    let allowed: Vec<&str> = e.values.iter().map(|(w, _, _)| w.as_str()).collect();
                    self.constraint(|v| v.one_of(s, &allowed));
                }
            }
            Ty::I64 => match value
                .as_i64()
                .or_else(|| integral(value).map(|f| f as i64))
                .or_else(|| numeric_text(value).and_then(|t| t.parse().ok()))
            {
                Some(n) => {
                    if let (Some((min, max)), Mode::Request) = (c.range, self.mode) {
                        self.constraint(|v| {
                            v.range_i64(
                                n,
                                min.map(|m| num_i64(m.as_f64())),
                                max.map(|m| num_i64(m.as_f64())),
                            )
                        });
                    }
                }
                None => self.shape(
                    ProblemKind::Type,
                    format!("{}, found {}", expected(t), found(value)),
                ),
            },
            Ty::U64 => match value
                .as_u64()
                .or_else(|| integral(value).filter(|f| *f >= 0.0).map(|f| f as u64))
                .or_else(|| numeric_text(value).and_then(|t| t.parse().ok()))
            {
                Some(n) => {
                    if let (Some((min, max)), Mode::Request) = (c.range, self.mode) {
                        self.constraint(|v| {
                            v.range_u64(
                                n,
                                min.map(|m| m.as_f64().max(0.0) as u64),
                                max.map(|m| m.as_f64().max(0.0) as u64),
                            )
                        });
                    }
                }
                None => self.shape(
                    ProblemKind::Type,
                    format!("{} (unsigned), found {}", expected(t), found(value)),
                ),
            },
            Ty::F64 => match value.as_f64().or_else(|| {
                numeric_text(value)
                    .and_then(|t| t.parse::<f64>().ok())
                    .filter(|f| f.is_finite())
            }) {
                Some(n) => {
                    if let (Some((min, max)), Mode::Request) = (c.range, self.mode) {
                        self.constraint(|v| {
                            v.range_f64(n, min.map(|m| m.as_f64()), max.map(|m| m.as_f64()))
                        });
                    }
                }
                None => self.shape(
                    ProblemKind::Type,
                    format!("{}, found {}", expected(t), found(value)),
                ),
            },
            Ty::Bool => {
                let text_bool = matches!(value.as_str(), Some("true" | "false"));
                if !value.is_boolean() && !text_bool {
                    self.shape(
                        ProblemKind::Type,
                        format!("{}, found {}", expected(t), found(value)),
                    );
                }
            }
            Ty::Struct(_, wire) => {
                let Value::Object(obj) = value else {
                    self.shape(
                        ProblemKind::Type,
                        format!("{}, found {}", expected(t), found(value)),
                    );
                    return;
                };
                if let Some(s) = self.shapes.types.get(wire) {
                    self.object(obj, s, true);
                }
            }
        }
    }
}

/// The text of a string holding a number (`"10"`): Tencent Cloud takes numbers written as
/// strings, and its own documented examples send them so (`"Bandwidth": "10"`).
fn numeric_text(v: &Value) -> Option<&str> {
    let t = v.as_str()?.trim();
    (!t.is_empty() && t.len() <= 40).then_some(t)
}

/// A float number with no fraction (`5.0`), as some JSON writers send integers.
fn integral(v: &Value) -> Option<f64> {
    let f = v.as_f64()?;
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f)
}

fn num_i64(f: f64) -> i64 {
    if f >= i64::MAX as f64 {
        i64::MAX
    } else if f <= i64::MIN as f64 {
        i64::MIN
    } else {
        f as i64
    }
}
