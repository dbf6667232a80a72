//! One official definition file → the YAML tree of `<service>/<version>.imported.yaml`.

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::{Result, bail};
use indexmap::IndexMap;

use super::constraints::{self, Bounds, Constraints, Shape};
use super::emit::Y;
use super::errorcodes::ErrorCode;
use super::examples;
use super::handwritten::HandWritten;
use super::markdown;
use super::report::ImportReport;
use super::source::{ApiMember, ApiObject, Definition};
use crate::names;

/// Inputs of one conversion besides the definition itself.
pub struct Context<'a> {
    /// What the hand-written file of this version defines.
    pub hand: &'a HandWritten,
    /// The service's error codes (empty when unknown), without the common ones.
    pub errors: &'a [ErrorCode],
}

/// Which side of the wire a member list is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Input,
    Output,
    /// A data type, with its usage (`in`, `out`, `both`).
    Type {
        output_only: bool,
        input_only: bool,
    },
}

fn s(text: &str) -> Y {
    Y::str(text)
}

fn kv(k: &str, v: Y) -> (String, Y) {
    (k.to_owned(), v)
}

/// Whether an error code is dot-separated PascalCase segments.
fn is_error_code(code: &str) -> bool {
    code.split('.').all(names::is_pascal)
}

/// Rust names taken in one scope (a service's types, an action's enums, a struct's fields).
#[derive(Default)]
struct Taken(HashSet<String>);

impl Taken {
    /// Claims `wanted`, or the first free of `wanted` + each suffix (then numbered).
    fn claim(&mut self, wanted: String, suffix: &str) -> String {
        if self.0.insert(wanted.clone()) {
            return wanted;
        }
        let mut n = 1;
        loop {
            let alt = if n == 1 {
                format!("{wanted}{suffix}")
            } else {
                format!("{wanted}{suffix}{n}")
            };
            if self.0.insert(alt.clone()) {
                return alt;
            }
            n += 1;
        }
    }
}

fn scalar_type(member: &str) -> Option<&'static str> {
    Some(match member {
        "string" => "String",
        "int64" => "Int64",
        "uint64" => "UInt64",
        "float" => "Float",
        "bool" => "Boolean",
        "datetime" => "DateTime",
        "datetime_iso" => "DateTimeIso",
        "date" => "Date",
        _ => return None,
    })
}

fn shape(member: &str) -> Shape {
    match member {
        "string" => Shape::Str,
        "int64" => Shape::Int,
        "uint64" => Shape::UInt,
        "float" => Shape::Float,
        _ => Shape::Other,
    }
}

/// Converts a definition into the root mapping of the imported file.
pub fn convert(
    def: &Definition,
    ctx: &Context<'_>,
    report: &mut ImportReport,
) -> Result<Vec<(String, Y)>> {
    let api = &def.api;
    let where_ = def.path.display().to_string();
    let mut root = vec![
        kv("service", s(def.service())),
        kv("version", s(def.version())),
    ];
    if !ctx.hand.header_keys.contains("title") {
        let title = api.metadata.service_name_cn.trim();
        root.push(kv(
            "title",
            s(if title.is_empty() {
                def.service()
            } else {
                title
            }),
        ));
    }

    let io: BTreeSet<&str> = api
        .actions
        .values()
        .flat_map(|a| [a.input.as_str(), a.output.as_str()])
        .collect();
    // Rust type names of the service: generated per action, reserved, then data types in order.
    let mut rust_types = Taken::default();
    for name in api.actions.keys().chain(ctx.hand.actions.iter()) {
        rust_types.0.extend(names::action_types(name));
    }
    rust_types
        .0
        .extend(names::RESERVED_TYPE_NAMES.iter().map(|n| (*n).to_owned()));
    rust_types
        .0
        .extend(ctx.hand.types.iter().map(|t| names::type_name(t)));
    let mut renames: HashMap<String, String> = HashMap::new();
    for name in api.objects.keys() {
        if io.contains(name.as_str()) || ctx.hand.types.contains(name) {
            continue;
        }
        let rust = rust_types.claim(names::type_name(name), "Type");
        if rust != names::type_name(name) {
            // Type names are not on the wire: renaming one changes only the generated code.
            let mut new = rust.clone();
            while api.objects.contains_key(&new) {
                new = rust_types.claim(format!("{new}Type"), "");
            }
            report.notes.push(format!(
                "{where_}: type `{name}` is written as `{new}` (`{}` is taken in Rust)",
                names::type_name(name)
            ));
            report.renamed_types += 1;
            renames.insert(name.clone(), new);
        }
    }
    let ty_name = |name: &str| -> String {
        renames
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    };
    let object = |name: &str, what: &str| -> Result<&ApiObject> {
        match api.objects.get(name) {
            Some(o) => Ok(o),
            None => bail!("{where_}: {what} refers to object `{name}`, which is not defined"),
        }
    };

    report.error_codes_not_pascal += ctx
        .errors
        .iter()
        .filter(|e| !is_error_code(&e.code))
        .count();
    // Codes whose Rust variant is built in (`Common`, `Unknown`) or taken by an earlier code
    // (`InvalidParameter.Conflict` and `InvalidParameterConflict`) are left to `Unknown`.
    let mut variants: HashSet<String> = ["Common", "Unknown"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let error_map: Vec<(String, Y)> = ctx
        .errors
        .iter()
        .filter(|e| is_error_code(&e.code))
        .filter(|e| {
            let fresh = variants.insert(names::error_variant(&e.code));
            if !fresh {
                report.notes.push(format!(
                    "{where_}: error code `{}` left out: its Rust variant is taken",
                    e.code
                ));
                report.error_codes_clashing += 1;
            }
            fresh
        })
        .map(|e| {
            let d = e.description.trim();
            (e.code.clone(), s(if d.is_empty() { &e.code } else { d }))
        })
        .collect();
    report.error_codes += error_map.len();
    // The service's codes are written once at the top (unless the hand-written file gives
    // them); every imported action refers to them with `errors_source: service`.
    let service_errors = !error_map.is_empty() || ctx.hand.header_keys.contains("errors");
    if !error_map.is_empty() && !ctx.hand.header_keys.contains("errors") {
        root.push(kv("errors", Y::Map(error_map)));
    }

    let mut actions = Vec::new();
    for (name, action) in &api.actions {
        if ctx.hand.actions.contains(name) {
            report.kept_hand_written_actions += 1;
            continue;
        }
        let what = format!("action `{name}`");
        let mut a = vec![kv("description", s(&described(&action.document, name)))];
        if action.status.as_deref() == Some("deprecated") {
            a.push(kv("status", s("deprecated")));
            report.deprecated_actions += 1;
        }
        let input = object(&action.input, &what)?;
        let mut enums = Taken::default();
        enums.0.extend(names::action_types(name));
        let mut scope = Scope {
            objects: &api.objects,
            ty_name: &ty_name,
            enums: &mut enums,
            owner: None,
        };
        let params = members(
            &input.members,
            Side::Input,
            &format!("{where_}: {}", action.input),
            &mut scope,
            report,
        )?;
        if !params.is_empty() {
            a.push(kv("input", Y::Map(params)));
        }
        let output = object(&action.output, &what)?;
        let outs: Vec<&ApiMember> = output
            .members
            .iter()
            .filter(|m| m.name != "RequestId")
            .collect();
        let params = members_of(
            &outs,
            Side::Output,
            &format!("{where_}: {}", action.output),
            &mut scope,
            report,
        )?;
        if !params.is_empty() {
            a.push(kv("output", Y::Map(params)));
        }
        if service_errors {
            a.push(kv("errors_source", s("service")));
        }
        let mut exs = Vec::new();
        for (i, ex) in def
            .examples
            .actions
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let request = examples::request_json(&ex.input, input, &api.objects);
            let response = examples::response_json(&ex.output);
            match (request, response) {
                (Ok(request), Ok(response)) => {
                    let title = ex.title.trim();
                    let mut e = vec![kv(
                        "title",
                        s(&if title.is_empty() {
                            format!("Example {}", i + 1)
                        } else {
                            markdown::to_markdown(title)
                        }),
                    )];
                    let doc = markdown::to_markdown(&ex.document);
                    if !doc.is_empty() {
                        e.push(kv("description", s(&doc)));
                    }
                    e.push(kv("request", s(&request)));
                    e.push(kv("response", s(&response)));
                    exs.push(Y::Map(e));
                    report.examples += 1;
                }
                (Err(why), _) | (_, Err(why)) => {
                    *report.skipped_examples.entry(why.to_string()).or_default() += 1
                }
            }
        }
        if !exs.is_empty() {
            a.push(kv("examples", Y::Seq(exs)));
        }
        report.actions += 1;
        actions.push(kv(name, Y::Map(a)));
    }
    root.push(kv("actions", Y::Map(actions)));

    let mut types = Vec::new();
    let mut type_enums = rust_types;
    for (name, obj) in &api.objects {
        if io.contains(name.as_str()) {
            continue;
        }
        if ctx.hand.types.contains(name) {
            report.kept_hand_written_types += 1;
            continue;
        }
        let usage = obj.usage.as_deref().unwrap_or("both");
        let side = Side::Type {
            output_only: usage == "out",
            input_only: usage == "in",
        };
        let written = ty_name(name);
        let mut scope = Scope {
            objects: &api.objects,
            ty_name: &ty_name,
            enums: &mut type_enums,
            owner: Some(&written),
        };
        let fields = members(
            &obj.members,
            side,
            &format!("{where_}: {name}"),
            &mut scope,
            report,
        )?;
        let mut t = Vec::new();
        let doc = markdown::to_markdown(&obj.document);
        if !doc.is_empty() {
            t.push(kv("description", s(&doc)));
        }
        t.push(kv("fields", Y::Map(fields)));
        report.objects += 1;
        types.push((written, Y::Map(t)));
    }
    if !types.is_empty() {
        root.push(kv("types", Y::Map(types)));
    }
    Ok(root)
}

/// The action description, or a stand-in when the definition has none (the spec requires one).
fn described(doc: &str, name: &str) -> String {
    let md = markdown::to_markdown(doc);
    if md.is_empty() {
        format!("The `{name}` action.")
    } else {
        md
    }
}

/// Where members are converted: the objects, type renames, and the enum names taken.
struct Scope<'a> {
    objects: &'a IndexMap<String, ApiObject>,
    ty_name: &'a dyn Fn(&str) -> String,
    enums: &'a mut Taken,
    /// The data type owning the fields (enum names are `<Type><Field>` there).
    owner: Option<&'a str>,
}

fn members(
    list: &[ApiMember],
    side: Side,
    where_: &str,
    scope: &mut Scope<'_>,
    report: &mut ImportReport,
) -> Result<Vec<(String, Y)>> {
    let refs: Vec<&ApiMember> = list.iter().collect();
    members_of(&refs, side, where_, scope, report)
}

fn members_of(
    list: &[&ApiMember],
    side: Side,
    where_: &str,
    scope: &mut Scope<'_>,
    report: &mut ImportReport,
) -> Result<Vec<(String, Y)>> {
    let objects = scope.objects;
    let mut out = Vec::new();
    let mut rust_names: HashMap<String, usize> = HashMap::new();
    let visible: Vec<&ApiMember> = list
        .iter()
        .copied()
        .filter(|m| m.disabled != Some(true))
        .collect();
    report.hidden_members += list.len() - visible.len();
    let derived: BTreeSet<String> = visible
        .iter()
        .map(|m| names::field(&m.name, None))
        .collect();
    for m in visible {
        if out.iter().any(|(k, _)| *k == m.name) {
            bail!("{where_}: member `{}` is listed twice", m.name);
        }
        let mut p = Vec::new();
        let (ty, scalar_member) = match m.kind.as_str() {
            "list" | "object" => {
                let inner = match scalar_type(&m.member) {
                    Some(t) => t.to_owned(),
                    None if objects.contains_key(&m.member) => (scope.ty_name)(&m.member),
                    None => bail!(
                        "{where_}: member `{}` refers to `{}`, which is neither a type nor an object",
                        m.name,
                        m.member
                    ),
                };
                let scalar = scalar_type(&m.member).map(|_| m.member.as_str());
                if m.kind == "list" {
                    (format!("[{inner}]"), scalar)
                } else {
                    (inner, scalar)
                }
            }
            _ => match scalar_type(&m.member) {
                Some(t) => (t.to_owned(), Some(m.member.as_str())),
                None => bail!(
                    "{where_}: member `{}` has unknown type `{}`",
                    m.name,
                    m.member
                ),
            },
        };
        p.push(kv("type", Y::Raw(ty)));
        let required = match side {
            Side::Input
            | Side::Type {
                output_only: false, ..
            } => m.required.unwrap_or(false),
            Side::Output
            | Side::Type {
                output_only: true, ..
            } => m.output_required.or(m.required).unwrap_or(false),
        };
        if required {
            p.push(kv("required", Y::Raw("true".into())));
        }
        let may_be_null = !matches!(
            side,
            Side::Input
                | Side::Type {
                    input_only: true,
                    ..
                }
        );
        if may_be_null && m.value_allowed_null == Some(true) {
            p.push(kv("nullable", Y::Raw("true".into())));
        }
        if !names::is_pascal(&m.name) {
            p.push(kv("raw_name", Y::Raw("true".into())));
            report.raw_names += 1;
        }
        let snake = names::snake(&m.name);
        let seen = rust_names.entry(names::field(&m.name, None)).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            let mut n = *seen;
            let mut alt = format!("{snake}_{n}");
            while derived.contains(&names::field(&m.name, Some(&alt))) {
                n += 1;
                alt = format!("{snake}_{n}");
            }
            p.push(kv("rust_name", s(&alt)));
            report.notes.push(format!(
                "{where_}: `{}` becomes `{alt}` in Rust (`{snake}` is taken)",
                m.name
            ));
        }
        let md = markdown::to_markdown(&m.document);
        if !md.is_empty() {
            p.push(kv("description", s(&md)));
        }
        let example = m.example.as_deref().map(str::trim).unwrap_or("");
        let example_kept =
            scalar_member.is_some() && m.kind != "list" && !example.is_empty() && example != "无";
        if example_kept {
            p.push(kv("example", s(example)));
        }
        if let Some(member) = scalar_member {
            let plain = markdown::plain(&md);
            let mut c = constraints::extract(&md, &plain, shape(member), m.kind == "list");
            if example_kept {
                report.contradicted_constraints += c.drop_contradicted(example, false);
            }
            settle_enum(&mut c, &m.name, where_, scope, report);
            push_constraints(&mut p, &c, report);
        } else if m.kind == "list" {
            let plain = markdown::plain(&md);
            let c = constraints::extract(&md, &plain, Shape::Other, true);
            push_constraints(&mut p, &c, report);
        }
        report.members += 1;
        out.push((m.name.clone(), Y::Map(p)));
    }
    Ok(out)
}

/// Drops an enum whose values cannot all be Rust variants (`UNKNOWN` is the built-in
/// fallback; `on` and `ON` become one name), and names it when its default name is taken.
fn settle_enum(
    c: &mut Constraints,
    field: &str,
    where_: &str,
    scope: &mut Scope<'_>,
    report: &mut ImportReport,
) {
    let Some(values) = &c.enumeration else { return };
    let mut variants: HashSet<String> = HashSet::from([names::ENUM_FALLBACK.to_owned()]);
    if !values
        .iter()
        .all(|v| variants.insert(names::enum_variant(v, None)))
    {
        report.notes.push(format!(
            "{where_}: enum of `{field}` left as prose: its values collide as Rust variants"
        ));
        report.enums_left_as_prose += 1;
        c.enumeration = None;
        c.enum_name = None;
        return;
    }
    let default = names::enum_type(None, scope.owner, field);
    let got = scope.enums.claim(default.clone(), "Enum");
    if got != default {
        report.notes.push(format!(
            "{where_}: enum of `{field}` is named `{got}` (`{default}` is taken)"
        ));
        c.enum_name = Some(got);
    }
}

fn bounds<T: ToString + Copy>(b: &Bounds<T>) -> Y {
    let mut m = Vec::new();
    if let Some(x) = b.min {
        m.push(kv("min", Y::Raw(x.to_string())));
    }
    if let Some(x) = b.max {
        m.push(kv("max", Y::Raw(x.to_string())));
    }
    Y::FlowMap(m)
}

fn push_constraints(p: &mut Vec<(String, Y)>, c: &Constraints, report: &mut ImportReport) {
    if c.is_empty() {
        return;
    }
    report.constrained_members += 1;
    let mut count = |kind: &'static str| *report.constraints.entry(kind).or_default() += 1;
    if let Some(b) = &c.length {
        p.push(kv("length", bounds(b)));
        count("length");
    }
    if c.ascii {
        p.push(kv("ascii", Y::Raw("true".into())));
        count("ascii");
    }
    if let Some(b) = &c.items {
        p.push(kv("items", bounds(b)));
        count("items");
    }
    if let Some(b) = &c.range {
        p.push(kv("range", bounds(b)));
        count("range");
    }
    if let Some(values) = &c.enumeration {
        let list = Y::FlowSeq(values.iter().map(|v| Y::str(v.as_str())).collect());
        match &c.enum_name {
            Some(name) => p.push(kv(
                "enum",
                Y::Map(vec![kv("values", list), kv("name", s(name))]),
            )),
            None => p.push(kv("enum", list)),
        }
        count("enum");
    }
}
