//! The Rust call of an action as example code: the request built from its required
//! parameters and a few optional ones (setters) with placeholder values that satisfy every
//! documented constraint, validated, then sent, one of the action's documented errors told
//! apart from the others. The same text is the request struct's doctest and the code on the
//! action's pages (Markdown and HTML).

use std::cell::Cell;

use crate::ir::{Action, Field, MAX_STRUCT_DEPTH, Num, Service, Ty};

/// The longest string and the longest list a placeholder is built as: an example is read
/// (and run as a doctest), so a huge documented minimum gets no example rather than a huge one.
const MAX_PLACEHOLDER: u64 = 1024;

/// An example call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestExample {
    /// The example body (no fences): imports, the request, `validate()`.
    pub code: String,
    /// Whether every placeholder satisfies its constraints, so that `validate()` passes (only
    /// then is the example compiled and run as a doctest).
    pub valid: bool,
}

/// How many optional parameters the example sets.
const SETTERS: usize = 2;

/// The example body (no fences): imports, the request with its setters, `validate()`, and
/// a function sending it that matches one documented error with a fallback arm.
pub fn request_example(s: &Service, a: &Action) -> RequestExample {
    let RequestExample { code: call, valid } = request_call(s, a);
    let cx = Cx {
        s,
        a,
        valid: Cell::new(true),
    };
    // The first optional parameters whose placeholders fit their constraints.
    let setters: Vec<String> = a
        .request
        .fields
        .iter()
        .filter(|f| f.optional && !f.deprecated)
        .filter_map(|f| {
            cx.valid.set(true);
            let v = cx.value(f, &f.ty, 0, 0);
            cx.valid.get().then(|| format!(".{}({v})", f.setter))
        })
        .take(SETTERS)
        .collect();
    let (req, err) = (&a.request.name, &a.error_name);
    let flat = format!("{call}{}", setters.concat());
    let call = if !call.contains('\n') && "let request = ;".len() + flat.len() <= 100 {
        flat
    } else {
        // After `new(` broken over lines, the setters start at the statement's indent.
        let indent = if call.contains('\n') { "\n" } else { "\n    " };
        let mut c = call;
        for set in &setters {
            c.push_str(indent);
            c.push_str(set);
        }
        c
    };
    let imports = if err < req {
        format!("{err}, {req}")
    } else {
        format!("{req}, {err}")
    };
    let codes = if a.errors_from_service {
        &s.errors
    } else {
        &a.errors
    };
    let arm = match codes.first() {
        Some(c) => format!(
            "        Err(tcapi::Error::Service {{\n            error: {err}::{} {{ message }},\n            request_id,\n        }}) => eprintln!(\"{} (request {{request_id}}): {{message}}\"),\n",
            c.variant,
            c.code.escape_debug()
        ),
        None => format!(
            "        Err(tcapi::Error::Service {{\n            error: {err}::Common(common),\n            request_id,\n        }}) => eprintln!(\"{{common}} (request {{request_id}})\"),\n"
        ),
    };
    let code = format!(
        "use tcapi::Validate as _;\nuse {path}::{{{imports}}};\n\nlet request = {call};\nrequest\n    .validate()\n    .expect(\"the placeholder values satisfy every documented constraint\");\n\n\
         /// Sends the request: one documented error is handled, any other returned.\n\
         async fn send(\n    client: &tcapi::Client,\n    request: {req},\n) -> Result<(), tcapi::Error<{err}>> {{\n    \
         match client.send(request).await {{\n        Ok(response) => println!(\"{{response:?}}\"),\n{arm}        Err(e) => return Err(e),\n    }}\n    Ok(())\n}}\n",
        path = s.path,
    );
    RequestExample { code, valid }
}

/// For an action that pages, a function reading every item with the paginator (no
/// fences): compiled, not run, by the doctests of the crates with code.
pub fn paginate_example(s: &Service, a: &Action) -> Option<String> {
    let p = a.pagination.as_ref()?;
    Some(format!(
        "use {path}::{req};\n\n/// Every item of `{items}`, from the page `request` asks for (its filters kept).\nasync fn every_item(\n    client: &tcapi::Client,\n    request: {req},\n) -> Result<(), tcapi::Error<{path}::{err}>> {{\n    let mut items = client.paginate(request).items();\n    while let Some(item) = items.next().await {{\n        let item = item?;\n        println!(\"{{item:?}}\");\n    }}\n    Ok(())\n}}\n",
        path = s.path,
        req = a.request.name,
        err = a.error_name,
        items = p.items,
    ))
}

/// The request built from its required parameters (`XRequest::new(...)`, on several lines
/// when long), and whether its placeholders satisfy every documented constraint.
pub fn request_call(s: &Service, a: &Action) -> RequestExample {
    let cx = Cx {
        s,
        a,
        valid: Cell::new(true),
    };
    let args: Vec<String> = a
        .request
        .fields
        .iter()
        .filter(|f| !f.optional)
        .map(|f| cx.value(f, &f.ty, 0, 0))
        .collect();
    let call = format!("{}::new({})", a.request.name, args.join(", "));
    let code = if call.len() > 80 {
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
    RequestExample {
        code,
        valid: cx.valid.get(),
    }
}

struct Cx<'a> {
    s: &'a Service,
    a: &'a Action,
    /// Cleared when a placeholder cannot satisfy its constraints.
    valid: Cell<bool>,
}

impl Cx<'_> {
    /// A value that could not be made to fit: the example is shown, not run.
    fn unfit<T>(&self, v: T) -> T {
        self.valid.set(false);
        v
    }

    /// A Rust expression for a value of `ty` (the field's type or an item of it); `depth`:
    /// lists around it within the field, `nesting`: data types around the field.
    fn value(&self, f: &Field, ty: &Ty, depth: usize, nesting: usize) -> String {
        let c = &f.constraints;
        let expr = match ty {
            Ty::List(inner) => {
                let (min, max) = c.items.unwrap_or((None, None));
                let mut n = min.unwrap_or(1).max(1);
                if let Some(max) = max {
                    n = n.min(max);
                }
                if n > MAX_PLACEHOLDER {
                    n = self.unfit(1);
                }
                // `items` applies to the outer list; inner lists get one item.
                let inner_f;
                let f_inner = if depth == 0 && c.items.is_some() {
                    inner_f = Field {
                        constraints: crate::ir::Constraints {
                            items: None,
                            ..c.clone()
                        },
                        ..f.clone()
                    };
                    &inner_f
                } else {
                    f
                };
                let item = self.value(f_inner, inner, depth + 1, nesting);
                let item = if matches!(**inner, Ty::String(_)) {
                    format!("{item}.to_owned()")
                } else {
                    item
                };
                if n == 0 {
                    "vec![]".to_owned()
                } else if n == 1 {
                    format!("vec![{item}]")
                } else {
                    format!("vec![{item}; {n}]")
                }
            }
            Ty::String(_) => {
                let v = string_value(f).unwrap_or_else(|| self.unfit("x".to_owned()));
                format!("{v:?}")
            }
            Ty::I64 | Ty::U64 => integer_value(f, matches!(ty, Ty::U64))
                .unwrap_or_else(|| self.unfit("1".to_owned())),
            Ty::F64 => {
                let v = float_value(f).unwrap_or_else(|| self.unfit(1.0));
                format!("{v:?}")
            }
            Ty::Bool => match f.example.as_deref() {
                Some("false") => "false".into(),
                _ => "true".into(),
            },
            Ty::Binary => "tcapi::Binary::from(b\"file content\")".into(),
            Ty::Enum(name) => self.enum_value(f, name),
            Ty::Struct(rust, _) => self.struct_value(rust, nesting),
        };
        if f.boxed && depth == 0 {
            format!("Box::new({expr})")
        } else {
            expr
        }
    }

    fn enum_value(&self, f: &Field, name: &str) -> String {
        let (path, e) = match self.a.enums.iter().find(|e| e.name == name) {
            Some(e) => (format!("{}::{}", self.s.path, self.a.module), e),
            None => match self.s.type_enums.iter().find(|e| e.name == name) {
                Some(e) => (format!("{}::types", self.s.path), e),
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

    fn struct_value(&self, rust: &str, nesting: usize) -> String {
        let Some(t) = self.s.types.iter().find(|t| t.name == rust) else {
            return self.unfit(format!("{rust}::default()"));
        };
        // The IR refuses types that must hold themselves; a chain of required data types
        // deeper than this is cut (and the example not run).
        let args: Vec<String> = if nesting >= MAX_STRUCT_DEPTH {
            self.unfit(Vec::new())
        } else {
            t.fields
                .iter()
                .filter(|f| !f.optional)
                .map(|f| self.value(f, &f.ty, 0, nesting + 1))
                .collect()
        };
        format!("{}::types::{rust}::new({})", self.s.path, args.join(", "))
    }
}

/// The example if it fits the constraints, else the shortest fitting run of one character
/// (`x`, digits, letters, ...); `None` when none fits.
fn string_value(f: &Field) -> Option<String> {
    let c = &f.constraints;
    let pattern = match c.pattern.as_deref() {
        Some(p) => Some(regex_lite::Regex::new(&format!("^(?:{p})$")).ok()?),
        None => None,
    };
    let (min, max) = c.length.unwrap_or((None, None));
    let fits = |v: &str| {
        let n = v.chars().count() as u64;
        min.is_none_or(|m| n >= m)
            && max.is_none_or(|m| n <= m)
            && (!c.ascii || v.is_ascii())
            && pattern.as_ref().is_none_or(|r| r.is_match(v))
    };
    if let Some(x) = f.example.as_deref().filter(|x| !x.is_empty() && fits(x)) {
        return Some(x.to_owned());
    }
    let shortest = min.unwrap_or(1).max(1);
    if shortest > MAX_PLACEHOLDER {
        return None;
    }
    let longest = max.unwrap_or(u64::MAX).min(shortest + 32);
    for len in shortest..=longest {
        for ch in ['x', '0', '1', 'a', 'A', 'X', '9', '-', '_', '.', ' '] {
            let candidate = ch.to_string().repeat(len as usize);
            if fits(&candidate) {
                return Some(candidate);
            }
        }
    }
    fits("").then(String::new)
}

fn in_range(v: f64, range: Option<(Option<Num>, Option<Num>)>) -> bool {
    let (min, max) = range.unwrap_or((None, None));
    min.is_none_or(|m| v >= m.as_f64()) && max.is_none_or(|m| v <= m.as_f64())
}

/// The example if it fits, else the smallest whole number of the range (or 1).
fn integer_value(f: &Field, unsigned: bool) -> Option<String> {
    let c = &f.constraints;
    let parses = |x: &str| {
        if unsigned {
            x.parse::<u64>().is_ok_and(|v| in_range(v as f64, c.range))
        } else {
            x.parse::<i64>().is_ok_and(|v| in_range(v as f64, c.range))
        }
    };
    if let Some(x) = f.example.as_deref().filter(|x| parses(x)) {
        return Some(x.to_owned());
    }
    let (min, max) = c.range.unwrap_or((None, None));
    let bound = |n: Num, up: bool| match n {
        Num::Int(i) => i.to_string(),
        Num::UInt(u) => u.to_string(),
        Num::Float(x) if up => format!("{}", x.ceil() as i128),
        Num::Float(x) => format!("{}", x.floor() as i128),
    };
    let candidates = [
        Some("1".to_owned()),
        min.map(|m| bound(m, true)),
        max.map(|m| bound(m, false)),
        Some("0".to_owned()),
    ];
    // A range's lower bound comes first when there is one (as the docs read best).
    let order: Vec<&String> = if min.is_some() {
        [
            &candidates[1],
            &candidates[0],
            &candidates[2],
            &candidates[3],
        ]
        .into_iter()
        .flatten()
        .collect()
    } else {
        candidates.iter().flatten().collect()
    };
    order.into_iter().find(|x| parses(x)).cloned()
}

fn float_value(f: &Field) -> Option<f64> {
    let c = &f.constraints;
    if let Some(v) = f.example.as_deref().and_then(|x| x.parse::<f64>().ok()) {
        if v.is_finite() && in_range(v, c.range) {
            return Some(v);
        }
    }
    let (min, max) = c.range.unwrap_or((None, None));
    [
        min.map(Num::as_f64),
        Some(1.0),
        max.map(Num::as_f64),
        Some(0.0),
    ]
    .into_iter()
    .flatten()
    .find(|v| v.is_finite() && in_range(*v, c.range))
}
