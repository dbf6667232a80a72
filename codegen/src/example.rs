//! The Rust call of an action as example code: the request built from its required
//! parameters with placeholder values that satisfy every documented constraint, then
//! validated. The same text is the request struct's doctest and the snippet on the action page.

use crate::ir::Num;
use crate::ir::{Action, Field, Service, Ty};

/// The crate the committed clients are published as, as a path root in examples.
pub const SDK_CRATE: &str = "tcapi_sdk";

/// The example body (no fences): imports, the request, `validate()`.
pub fn request_example(s: &Service, a: &Action) -> String {
    let cx = Cx { s, a };
    let args: Vec<String> = a
        .request
        .fields
        .iter()
        .filter(|f| !f.optional)
        .map(|f| cx.value(f, &f.ty, 0))
        .collect();
    let call = format!("{}::new({})", a.request.name, args.join(", "));
    let call = if call.len() > 80 {
        format!(
            "{}::new(\n{}\n)",
            a.request.name,
            args.iter()
                .map(|x| format!("    {x},"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    } else {
        call
    };
    format!(
        "use tcapi::Validate as _;\nuse {SDK_CRATE}::{}::{};\n\nlet request = {call};\nrequest\n    .validate()\n    .expect(\"the placeholder values satisfy every documented constraint\");\n",
        s.module, a.request.name
    )
}

struct Cx<'a> {
    s: &'a Service,
    a: &'a Action,
}

impl Cx<'_> {
    /// A Rust expression for a value of `ty` (the field's type or an item of it).
    fn value(&self, f: &Field, ty: &Ty, depth: usize) -> String {
        let c = &f.constraints;
        let expr = match ty {
            Ty::List(inner) => {
                let n = c.items.and_then(|(min, _)| min).unwrap_or(1).max(1);
                let item = self.value(f, inner, depth + 1);
                let item = if matches!(**inner, Ty::String(_)) {
                    format!("{item}.to_owned()")
                } else {
                    item
                };
                if n == 1 {
                    format!("vec![{item}]")
                } else {
                    format!("vec![{item}; {n}]")
                }
            }
            Ty::String(_) => format!("{:?}", string_value(f)),
            Ty::I64 | Ty::U64 => integer_value(f, matches!(ty, Ty::U64)).to_string(),
            Ty::F64 => {
                let v = float_value(f);
                format!("{v:?}")
            }
            Ty::Bool => match f.example.as_deref() {
                Some("false") => "false".into(),
                _ => "true".into(),
            },
            Ty::Enum(name) => self.enum_value(f, name),
            Ty::Struct(rust, _) => self.struct_value(rust, depth),
        };
        if f.boxed && depth == 0 {
            format!("Box::new({expr})")
        } else {
            expr
        }
    }

    fn enum_value(&self, f: &Field, name: &str) -> String {
        let (path, e) = match self.a.enums.iter().find(|e| e.name == name) {
            Some(e) => (
                format!("{SDK_CRATE}::{}::{}", self.s.module, self.a.module),
                e,
            ),
            None => match self.s.type_enums.iter().find(|e| e.name == name) {
                Some(e) => (format!("{SDK_CRATE}::{}::types", self.s.module), e),
                None => return format!("{name}::default()"),
            },
        };
        let chosen = f
            .example
            .as_deref()
            .and_then(|x| e.values.iter().find(|v| v.0 == x))
            .or_else(|| e.values.first());
        match chosen {
            Some((_, variant, _)) => format!("{path}::{name}::{variant}"),
            None => format!("{path}::{name}::default()"),
        }
    }

    fn struct_value(&self, rust: &str, depth: usize) -> String {
        let Some(t) = self.s.types.iter().find(|t| t.name == rust) else {
            return format!("{rust}::default()");
        };
        let args: Vec<String> = if depth > 8 {
            Vec::new()
        } else {
            t.fields
                .iter()
                .filter(|f| !f.optional)
                .map(|f| self.value(f, &f.ty, 0))
                .collect()
        };
        format!(
            "{SDK_CRATE}::{}::types::{rust}::new({})",
            self.s.module,
            args.join(", ")
        )
    }
}

/// The example if it fits the constraints, else the shortest fitting run of `x`.
fn string_value(f: &Field) -> String {
    let c = &f.constraints;
    let fits = |v: &str| {
        let n = v.chars().count() as u64;
        let (min, max) = c.length.unwrap_or((None, None));
        min.is_none_or(|m| n >= m)
            && max.is_none_or(|m| n <= m)
            && (!c.ascii || v.is_ascii())
            && c.pattern.as_deref().is_none_or(|p| {
                regex_lite::Regex::new(&format!("^(?:{p})$")).is_ok_and(|r| r.is_match(v))
            })
    };
    if let Some(x) = f.example.as_deref().filter(|x| !x.is_empty() && fits(x)) {
        return x.to_owned();
    }
    let min = c.length.and_then(|(min, _)| min).unwrap_or(1).max(1);
    let candidate = "x".repeat(usize::try_from(min).unwrap_or(1));
    if fits(&candidate) {
        candidate
    } else {
        f.example.clone().unwrap_or(candidate)
    }
}

fn in_range(v: f64, range: Option<(Option<Num>, Option<Num>)>) -> bool {
    let (min, max) = range.unwrap_or((None, None));
    min.is_none_or(|m| v >= m.as_f64()) && max.is_none_or(|m| v <= m.as_f64())
}

fn integer_value(f: &Field, unsigned: bool) -> String {
    let c = &f.constraints;
    if let Some(x) = f.example.as_deref() {
        let ok = if unsigned {
            x.parse::<u64>().is_ok_and(|v| in_range(v as f64, c.range))
        } else {
            x.parse::<i64>().is_ok_and(|v| in_range(v as f64, c.range))
        };
        if ok {
            return x.to_owned();
        }
    }
    match c.range.and_then(|(min, _)| min) {
        Some(Num::Int(i)) if !unsigned || i >= 0 => i.to_string(),
        Some(Num::UInt(u)) => u.to_string(),
        Some(Num::Float(x)) => format!("{}", x.ceil() as i64),
        _ => "1".into(),
    }
}

fn float_value(f: &Field) -> f64 {
    let c = &f.constraints;
    if let Some(v) = f.example.as_deref().and_then(|x| x.parse::<f64>().ok()) {
        if v.is_finite() && in_range(v, c.range) {
            return v;
        }
    }
    match c.range.and_then(|(min, _)| min) {
        Some(m) => m.as_f64(),
        None => 1.0,
    }
}
