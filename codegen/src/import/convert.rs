//! One official definition file → the YAML tree of `<service>/<version>.imported.yaml`.

use std::collections::{BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;

use super::constraints::{self, Bounds, Constraints, Shape};
use super::constraints_zh;
use super::emit::Y;
use super::errorcodes::{self, ErrorCode};
use super::errortable::ServiceTable;
use super::examples;
use super::handwritten::HandWritten;
use super::markdown;
use super::pagination;
use super::report::{self, ImportReport};
use super::source::{ApiMember, ApiObject, Definition, Set};
use crate::names;

/// Inputs of one conversion besides the definition itself.
pub struct Context<'a> {
    /// What the hand-written file of this version defines.
    pub hand: &'a HandWritten,
    /// The service's error codes (empty when unknown), without the common ones.
    pub errors: &'a [ErrorCode],
    /// Every action's own error codes (the Go SDK table), when known for this service version.
    pub table: Option<&'a ServiceTable>,
    /// The common codes marked `retryable` in `common.yaml`.
    pub retryable: &'a BTreeSet<String>,
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
        "binary" => "Binary",
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
pub fn convert(def: &Definition, ctx: &Context<'_>, report: &mut ImportReport) -> Vec<(String, Y)> {
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
    // The service's error enum, `<Service>Error`, unless an action's generated items take it
    // (action `ECC` of service `ecc` makes `EccError`): then `<Service>ServiceError`.
    let service_enum = if ctx.hand.header_keys.contains("error_enum") {
        None
    } else {
        let default = names::service_error(def.service(), None);
        let got = if rust_types.0.contains(&default) {
            rust_types.claim(format!("{}ServiceError", names::camel(def.service())), "")
        } else {
            rust_types.claim(default.clone(), "")
        };
        if got != default {
            report.notes.push(format!(
                "{where_}: the service's error enum is `{got}` (`{default}` is taken by an action)"
            ));
            report.renamed_error_enums += 1;
            Some(got)
        } else {
            None
        }
    };
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
    // The service's codes are written once at the top (unless the hand-written file gives
    // them) when an imported action has no list of its own in the Go SDK table; such actions
    // refer to them with `errors_source: service`.
    let service_errors = !error_map.is_empty() || ctx.hand.header_keys.contains("errors");
    let imported = api
        .actions
        .keys()
        .filter(|n| !ctx.hand.actions.contains(*n));
    let service_list_needed =
        errorcodes::service_list_needed(ctx.table, imported.map(String::as_str));
    if !error_map.is_empty() && !ctx.hand.header_keys.contains("errors") && service_list_needed {
        report.error_codes += error_map.len();
        root.push(kv("errors", Y::Map(error_map)));
    }
    if let Some(name) = &service_enum {
        root.push(kv("error_enum", s(name)));
    }

    // Every value the documented request examples give, for checking constraints read from
    // Chinese prose against them.
    let mut documented = examples::DocumentedValues::new();
    for (name, action) in &api.actions {
        let Some(input) = api.objects.get(&action.input) else {
            continue;
        };
        for ex in def
            .examples
            .actions
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if let Ok(request) = examples::request_json(&ex.input, input, &api.objects) {
                examples::collect_values(&request, &action.input, &api.objects, &mut documented);
            }
        }
    }

    // Data types first (written after the actions): the pagination rule looks into them.
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
            documented: &documented,
        };
        let fields = members(&obj.members, side, (&where_, name), &mut scope, report);
        let mut t = Vec::new();
        let doc = markdown::to_markdown(&obj.document);
        if !doc.is_empty() {
            t.push(kv("description", s(&doc)));
        }
        t.push(kv("fields", Y::Map(fields)));
        report.objects += 1;
        types.push((written, Y::Map(t)));
    }
    let type_fields: HashMap<&str, &[(String, Y)]> = types
        .iter()
        .filter_map(|(name, t)| match t {
            Y::Map(t) => t.iter().find_map(|(k, v)| match v {
                Y::Map(fields) if k == "fields" => Some((name.as_str(), fields.as_slice())),
                _ => None,
            }),
            _ => None,
        })
        .collect();
    let mut actions = Vec::new();
    for (name, action) in &api.actions {
        if ctx.hand.actions.contains(name) {
            report.kept_hand_written_actions += 1;
            continue;
        }
        let (Some(input), Some(output)) = (
            api.objects.get(&action.input),
            api.objects.get(&action.output),
        ) else {
            let missing = if api.objects.contains_key(&action.input) {
                &action.output
            } else {
                &action.input
            };
            report.problem(
                &where_,
                name,
                None,
                format!("action left out: it refers to object `{missing}`, which is not defined"),
            );
            report.skipped_actions += 1;
            continue;
        };
        let mut a = vec![kv("description", s(&described(&action.document, name)))];
        if action.status.as_deref() == Some("deprecated") {
            a.push(kv("status", s("deprecated")));
            report.deprecated_actions += 1;
        }
        let mut enums = Taken::default();
        enums.0.extend(names::action_types(name));
        let mut scope = Scope {
            objects: &api.objects,
            ty_name: &ty_name,
            enums: &mut enums,
            owner: None,
            documented: &documented,
        };
        let in_params = members(
            &input.members,
            Side::Input,
            (&where_, &action.input),
            &mut scope,
            report,
        );
        let outs: Vec<&ApiMember> = output
            .members
            .iter()
            .filter(|m| m.name != "RequestId")
            .collect();
        let out_params = members_of(
            &outs,
            Side::Output,
            (&where_, &action.output),
            &mut scope,
            report,
        );
        let fields_of = |t: &str| type_fields.get(t).copied();
        match pagination::infer(&in_params, &out_params, &fields_of) {
            pagination::Paging::None => {}
            pagination::Paging::Paged(kind, key) => {
                *report.paginated.entry(kind).or_default() += 1;
                a.push(kv("pagination", key));
            }
            pagination::Paging::Ambiguous(why) => {
                report.notes.push(format!(
                    "{where_}: action `{name}` left without `pagination`: {why}"
                ));
                *report
                    .unpaginated
                    .entry(report::reason_kind(&why))
                    .or_default() += 1;
            }
        }
        if !in_params.is_empty() {
            a.push(kv("input", Y::Map(in_params)));
        }
        if !out_params.is_empty() {
            a.push(kv("output", Y::Map(out_params)));
        }
        // The action's own codes from the Go SDK table, else the service's.
        let own = errorcodes::own_errors(
            ctx.table,
            ctx.retryable,
            name,
            &format!("{where_}: action `{name}`"),
            report,
        );
        match own {
            Some(own) => {
                a.push(kv("errors_source", s("go-sdk")));
                if !own.is_empty() {
                    a.push(kv("errors", Y::Map(own)));
                }
            }
            None if service_errors => a.push(kv("errors_source", s("service"))),
            None => {}
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

    if !types.is_empty() {
        root.push(kv("types", Y::Map(types)));
    }
    root
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
    /// The values documented request examples give each member.
    documented: &'a examples::DocumentedValues,
}

/// The definition file and the object whose members are converted, for messages.
type Place<'a> = (&'a str, &'a str);

fn members(
    list: &[ApiMember],
    side: Side,
    place: Place<'_>,
    scope: &mut Scope<'_>,
    report: &mut ImportReport,
) -> Vec<(String, Y)> {
    let refs: Vec<&ApiMember> = list.iter().collect();
    members_of(&refs, side, place, scope, report)
}

/// Converts the members of one object. A member that cannot be represented is left out and
/// reported; the others are converted.
fn members_of(
    list: &[&ApiMember],
    side: Side,
    place: Place<'_>,
    scope: &mut Scope<'_>,
    report: &mut ImportReport,
) -> Vec<(String, Y)> {
    let where_ = &format!("{}: {}", place.0, place.1);
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
            report.problem(
                place.0,
                place.1,
                Some(&m.name),
                "listed twice: the later one is left out".to_owned(),
            );
            report.skipped_members += 1;
            continue;
        }
        let mut p = Vec::new();
        let (ty, scalar_member) = match m.kind.as_str() {
            "list" | "object" => {
                let inner = match scalar_type(&m.member) {
                    Some(t) => t.to_owned(),
                    None if objects.contains_key(&m.member) => (scope.ty_name)(&m.member),
                    None => {
                        report.problem(place.0, place.1, Some(&m.name), format!("left out: it refers to `{}`, which is neither a type nor an object", m.member));
                        report.skipped_members += 1;
                        continue;
                    }
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
                None => {
                    report.problem(
                        place.0,
                        place.1,
                        Some(&m.name),
                        format!("left out: unknown type `{}` (kind `{}`)", m.member, m.kind),
                    );
                    report.skipped_members += 1;
                    continue;
                }
            },
        };
        let sensitive = super::sensitive::is_sensitive(&m.name, &ty);
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
        if sensitive {
            p.push(kv("sensitive", Y::Raw("true".into())));
            report.sensitive_members += 1;
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
        let example_kept = scalar_member.is_some_and(|t| t != "binary")
            && m.kind != "list"
            && !example.is_empty()
            && example != "无";
        if example_kept {
            p.push(kv("example", s(example)));
        }
        if scalar_member.is_some() || m.kind == "list" {
            let documented = scope
                .documented
                .get(&(place.1.to_owned(), m.name.clone()))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut c = member_constraints(m, &md, scalar_member, documented, report);
            if scalar_member.is_some() {
                settle_enum(&mut c, &m.name, where_, scope, report);
            }
            push_constraints(&mut p, &c, report);
        }
        report.members += 1;
        out.push((m.name.clone(), Y::Map(p)));
    }
    out
}

/// The constraints of a member, read from its text in each set that has one (`md` is its
/// kept text as Markdown), each set's checked against every documented example of the
/// member, then united. Constraints read from Chinese text are also checked against the
/// values the actions' documented requests give the member (`documented`).
fn member_constraints(
    m: &ApiMember,
    md: &str,
    scalar_member: Option<&str>,
    documented: &[serde_json::Value],
    report: &mut ImportReport,
) -> Constraints {
    let is_list = m.kind == "list";
    let shape = scalar_member.map_or(Shape::Other, shape);
    let other_md = m
        .other
        .as_ref()
        .map(|o| (o.set, markdown::to_markdown(&o.document)));
    let examples: Vec<&str> = [
        m.example.as_deref(),
        m.other.as_ref().and_then(|o| o.example.as_deref()),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|e| !e.is_empty() && *e != "无" && scalar_member.is_some() && !is_list)
    .collect();
    let mut found = Vec::new();
    for (set, text) in
        std::iter::once((m.from, md)).chain(other_md.as_ref().map(|(s, t)| (*s, t.as_str())))
    {
        let plain = markdown::plain(text);
        // Each set's text is read by its language's rules: Chinese text of the mainland set
        // by the Chinese reader, the rest by the English one.
        let chinese = set == Set::Mainland && constraints_zh::is_chinese(&plain);
        let mut c = if chinese {
            constraints_zh::extract(text, shape, is_list)
        } else {
            constraints::extract(text, &plain, shape, is_list)
        };
        for ex in &examples {
            report.contradicted_constraints += c.drop_contradicted(ex, false);
        }
        if chinese {
            for value in documented {
                let dropped = c.drop_contradicted_value(value, is_list);
                report.contradicted_constraints += dropped;
                report.contradicted_by_requests += dropped;
            }
        }
        let figures = report.per_set.entry(set).or_default();
        figures.constraints += c.count();
        if !c.is_empty() {
            figures.constrained_members += 1;
        }
        found.push(c);
    }
    let (c, disagreeing) = Constraints::unite(found);
    report.merge.constraints_disagreeing += disagreeing;
    c
}

/// Names the variants of values that collide as Rust variants (`on` and `ON` become one name;
/// `UNKNOWN` meets the built-in fallback) by the rule of `names::distinct_enum_variants`,
/// and names the enum when its default name is taken.
fn settle_enum(
    c: &mut Constraints,
    field: &str,
    where_: &str,
    scope: &mut Scope<'_>,
    report: &mut ImportReport,
) {
    let Some(values) = &c.enumeration else { return };
    let variants = names::distinct_enum_variants(values.iter().map(String::as_str));
    c.enum_variants = values
        .iter()
        .zip(variants)
        .filter(|(_, (_, named))| *named)
        .map(|(value, (variant, _))| (value.clone(), variant))
        .collect();
    if !c.enum_variants.is_empty() {
        let list: Vec<String> = c
            .enum_variants
            .iter()
            .map(|(value, variant)| format!("`{value}` → `{variant}`"))
            .collect();
        report.notes.push(format!(
            "{where_}: enum of `{field}`: values that collide as Rust variants are named {}",
            list.join(", ")
        ));
        report.enums_with_named_variants += 1;
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
    if let Some(u) = &c.unit {
        p.push(kv("unit", s(u)));
        report.units += 1;
    }
    if let Some(d) = &c.default {
        p.push(kv("default", s(d)));
        report.defaults += 1;
    }
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
        if c.enum_name.is_none() && c.enum_variants.is_empty() {
            p.push(kv("enum", list));
        } else {
            let mut e = vec![kv("values", list)];
            if let Some(name) = &c.enum_name {
                e.push(kv("name", s(name)));
            }
            if !c.enum_variants.is_empty() {
                let named = c
                    .enum_variants
                    .iter()
                    .map(|(value, variant)| (value.clone(), s(variant)))
                    .collect();
                e.push(kv("variants", Y::FlowMap(named)));
            }
            p.push(kv("enum", Y::Map(e)));
        }
        count("enum");
    }
}
