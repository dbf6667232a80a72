//! The resolved model the emitters work from: Rust names chosen, types resolved, defaults
//! applied, constraints typed. Built only from specs that passed `check`.

use std::collections::{HashMap, HashSet};

use crate::check::enum_name;
use crate::names;
use crate::spec::{self, Num, Prim, SpecSet, TypeExpr};

/// Everything to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Service versions, ordered by module name.
    pub services: Vec<Service>,
    /// Common error codes (from `common.yaml`).
    pub common_errors: Vec<ErrorCode>,
}

/// Region rule.
pub use spec::RegionRule;

/// One service version.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Short name (`gse`).
    pub name: String,
    /// API version.
    pub version: String,
    /// Rust module name, also the cargo feature (`gse`, or `gse_2019_11_12` when several
    /// versions of one service are loaded).
    pub module: String,
    /// Display name.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Mainland host.
    pub mainland: String,
    /// International host.
    pub international: String,
    /// Regional pattern with `{region}`.
    pub regional: String,
    /// The host the source document names.
    pub documented_host: String,
    /// Region rule.
    pub region: RegionRule,
    /// The service-wide error codes (top-level `errors`).
    pub errors: Vec<ErrorCode>,
    /// The Rust name of the service's error enum (`CarError`), used by the actions whose
    /// codes are the service's (`errors_source: service`).
    pub error_name: String,
    /// Actions in spec order.
    pub actions: Vec<Action>,
    /// Data types in spec order.
    pub types: Vec<Struct>,
    /// Enums of data type fields.
    pub type_enums: Vec<Enum>,
    /// Flows.
    pub flows: Vec<spec::Flow>,
    /// Spec files it came from.
    pub files: Vec<std::path::PathBuf>,
}

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Wire name.
    pub name: String,
    /// Rust module name (`apply_concurrent`).
    pub module: String,
    /// Description.
    pub description: String,
    /// Requests per second.
    pub rate_limit: Option<u32>,
    /// Seconds.
    pub timeout: Option<u32>,
    /// Region rule.
    pub region: RegionRule,
    /// Whether repeating it is harmless.
    pub idempotent: bool,
    /// Whether deprecated.
    pub deprecated: bool,
    /// Whether it may answer with a stream of events (`streaming: true`).
    pub streaming: bool,
    /// The request struct (`XRequest`).
    pub request: Struct,
    /// The response struct (`XResponse`), without `RequestId`.
    pub response: Struct,
    /// The error enum name (`XError`).
    pub error_name: String,
    /// Documented error codes.
    pub errors: Vec<ErrorCode>,
    /// Whether the codes came from the service-wide list.
    pub errors_from_service: bool,
    /// Enums of request/response fields (declared in the action module).
    pub enums: Vec<Enum>,
    /// Examples.
    pub examples: Vec<spec::Example>,
}

/// An error code.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    /// Wire code.
    pub code: String,
    /// Variant name.
    pub variant: String,
    /// Description.
    pub description: String,
    /// Whether retryable.
    pub retryable: bool,
}

/// Which traits a struct needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Sent in requests: serialize + validate + deserialize (examples, servers).
    pub input: bool,
    /// Received in responses: deserialize + default.
    pub output: bool,
}

/// A struct: request, response or data type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Rust name.
    pub name: String,
    /// Wire name (type name, or action name for requests/responses).
    pub wire: String,
    /// Description.
    pub description: Option<String>,
    /// Fields.
    pub fields: Vec<Field>,
    /// How it is used.
    pub usage: Usage,
}

/// A field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust name, escaped (`r#type`).
    pub rust: String,
    /// The type of a present value.
    pub ty: Ty,
    /// Wrapped in `Option` (optional input, nullable output).
    pub optional: bool,
    /// `Box`ed (recursive type).
    pub boxed: bool,
    /// Documented as required.
    pub required: bool,
    /// Documented as possibly null.
    pub nullable: bool,
    /// Deprecated.
    pub deprecated: bool,
    /// Description.
    pub description: Option<String>,
    /// Example value.
    pub example: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Documented default.
    pub default: Option<String>,
    /// Constraints.
    pub constraints: Constraints,
    /// The spec type, for docs (`[String]`).
    pub spec_type: String,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `String` (also dates).
    String(Prim),
    /// `i64`
    I64,
    /// `u64`
    U64,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `Vec<T>`
    List(Box<Ty>),
    /// A data type (Rust name, wire name).
    Struct(String, String),
    /// An enum declared next to its field (Rust name).
    Enum(String),
}

impl Ty {
    /// The innermost item type.
    pub fn leaf(&self) -> &Ty {
        match self {
            Ty::List(t) => t.leaf(),
            t => t,
        }
    }
    /// Whether the leaf is a scalar (not a struct or enum).
    pub fn is_scalar_leaf(&self) -> bool {
        !matches!(self.leaf(), Ty::Struct(..) | Ty::Enum(_))
    }
}

/// Typed constraints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// Characters.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// ASCII only.
    pub ascii: bool,
    /// Regex.
    pub pattern: Option<String>,
    /// List items.
    pub items: Option<(Option<u64>, Option<u64>)>,
    /// Numeric range.
    pub range: Option<(Option<Num>, Option<Num>)>,
}

impl Constraints {
    /// Whether anything is constrained.
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Rust name.
    pub name: String,
    /// Which field it belongs to (`Type.Field` or `Field`), for docs.
    pub owner: String,
    /// Values: wire, variant, description.
    pub values: Vec<(String, String, Option<String>)>,
    /// Whether the server may return unlisted values.
    pub open: bool,
}

const IDEMPOTENT_PREFIXES: &[&str] = &[
    "Describe", "Get", "Query", "Check", "List", "Inquire", "Search",
];

/// Builds the model. The specs must have passed `check`.
pub fn build(set: &SpecSet) -> Model {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &set.services {
        *counts.entry(&s.service.value).or_default() += 1;
    }
    // Services resolve independently, on all cores.
    let mut services: Vec<Service> = crate::parallel::map(
        &set.services,
        |s| s.actions.len() + s.types.len(),
        |s| {
            let module = if counts[s.service.value.as_str()] > 1 {
                format!("{}_{}", s.service.value, s.version.value.replace('-', "_"))
            } else {
                s.service.value.clone()
            };
            service(s, module)
        },
    );
    services.sort_by(|a, b| a.module.cmp(&b.module));
    let common_errors = set
        .common
        .as_ref()
        .map(|c| c.errors.iter().map(error_code).collect())
        .unwrap_or_default();
    Model {
        services,
        common_errors,
    }
}

fn error_code(e: &spec::ErrorCode) -> ErrorCode {
    ErrorCode {
        code: e.code.value.clone(),
        variant: names::error_variant(&e.code.value),
        description: e.description.clone(),
        retryable: e.retryable,
    }
}

fn service(s: &spec::ServiceSpec, module: String) -> Service {
    let name = s.service.value.clone();
    let ep = s
        .endpoints
        .as_ref()
        .map(|e| e.value.clone())
        .unwrap_or_default();
    let mainland = ep
        .mainland
        .map(|h| h.value)
        .unwrap_or_else(|| format!("{name}.tencentcloudapi.com"));
    let international = ep
        .international
        .map(|h| h.value)
        .unwrap_or_else(|| format!("{name}.intl.tencentcloudapi.com"));
    let regional = ep
        .regional
        .map(|h| h.value)
        .unwrap_or_else(|| format!("{name}.{{region}}.tencentcloudapi.com"));
    let documented_host = match ep.documented.map(|d| d.value) {
        Some(spec::Documented::International) => international.clone(),
        _ => mainland.clone(),
    };
    let region = s.region.as_ref().map_or(RegionRule::Optional, |r| r.value);
    let type_map: HashMap<&str, &spec::TypeDef> =
        s.types.iter().map(|t| (t.name.value.as_str(), t)).collect();

    // Usage of data types: reachable from inputs and/or outputs.
    let mut input_types = HashSet::new();
    let mut output_types = HashSet::new();
    for a in &s.actions {
        for p in &a.input {
            reach(&p.ty.value, &type_map, &mut input_types);
        }
        for p in &a.output {
            reach(&p.ty.value, &type_map, &mut output_types);
        }
    }
    // Types that can reach themselves need boxing on non-list edges.
    let cyclic: HashSet<&str> = s
        .types
        .iter()
        .filter(|t| {
            let mut seen = HashSet::new();
            for f in &t.fields {
                reach_direct(&f.ty.value, &type_map, &mut seen);
            }
            seen.contains(t.name.value.as_str())
        })
        .map(|t| t.name.value.as_str())
        .collect();

    let mut type_enums = Vec::new();
    let types = s
        .types
        .iter()
        .map(|t| {
            let usage = Usage {
                input: input_types.contains(t.name.value.as_str()),
                output: output_types.contains(t.name.value.as_str())
                    || !input_types.contains(t.name.value.as_str()),
            };
            let fields = t
                .fields
                .iter()
                .map(|f| {
                    let mut fl = field(f, Some(&t.name.value), usage, &mut type_enums);
                    if let Ty::Struct(_, wire) = &fl.ty {
                        if cyclic.contains(t.name.value.as_str())
                            && can_reach(wire, &t.name.value, &type_map)
                        {
                            fl.boxed = true;
                        }
                    }
                    fl
                })
                .collect();
            Struct {
                name: names::camel(&t.name.value),
                wire: t.name.value.clone(),
                description: t.description.clone(),
                fields,
                usage,
            }
        })
        .collect();

    let actions = s
        .actions
        .iter()
        .map(|a| {
            let camel = names::camel(&a.name.value);
            let mut enums = Vec::new();
            let input = a
                .input
                .iter()
                .map(|p| {
                    field(
                        p,
                        None,
                        Usage {
                            input: true,
                            output: false,
                        },
                        &mut enums,
                    )
                })
                .collect();
            let output = a
                .output
                .iter()
                .map(|p| {
                    field(
                        p,
                        None,
                        Usage {
                            input: false,
                            output: true,
                        },
                        &mut enums,
                    )
                })
                .collect();
            Action {
                name: a.name.value.clone(),
                module: names::escape_ident(&names::snake(&a.name.value)),
                description: a
                    .description
                    .as_ref()
                    .map(|d| d.value.clone())
                    .unwrap_or_default(),
                rate_limit: a.rate_limit.as_ref().map(|r| r.value as u32),
                timeout: a.timeout.as_ref().map(|t| t.value as u32),
                region: a.region.as_ref().map_or(region, |r| r.value),
                idempotent: a.idempotent.as_ref().map_or_else(
                    || {
                        IDEMPOTENT_PREFIXES
                            .iter()
                            .any(|p| a.name.value.starts_with(p))
                    },
                    |i| i.value,
                ),
                streaming: a.streaming,
                deprecated: a
                    .status
                    .as_ref()
                    .is_some_and(|s| s.value == spec::Status::Deprecated),
                request: Struct {
                    name: format!("{camel}Request"),
                    wire: a.name.value.clone(),
                    description: None,
                    fields: input,
                    usage: Usage {
                        input: true,
                        output: false,
                    },
                },
                response: Struct {
                    name: format!("{camel}Response"),
                    wire: a.name.value.clone(),
                    description: None,
                    fields: output,
                    usage: Usage {
                        input: false,
                        output: true,
                    },
                },
                error_name: format!("{camel}Error"),
                errors: a.errors.iter().map(error_code).collect(),
                errors_from_service: a
                    .errors_source
                    .as_ref()
                    .is_some_and(|e| e.value == spec::ErrorsSource::Service),
                enums,
                examples: a.examples.clone(),
            }
        })
        .collect();

    Service {
        name,
        version: s.version.value.clone(),
        module,
        title: s
            .title
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default(),
        description: s.description.as_ref().map(|d| d.value.clone()),
        mainland,
        international,
        regional,
        documented_host,
        region,
        errors: s
            .errors
            .as_ref()
            .map(|e| e.value.iter().map(error_code).collect())
            .unwrap_or_default(),
        error_name: format!("{}Error", names::camel(&s.service.value)),
        actions,
        types,
        type_enums,
        flows: s.flows.clone(),
        files: s.files.clone(),
    }
}

fn reach<'a>(
    t: &'a TypeExpr,
    types: &HashMap<&str, &'a spec::TypeDef>,
    seen: &mut HashSet<&'a str>,
) {
    if let TypeExpr::Ref(n) = t.leaf() {
        if let Some(def) = types.get(n.as_str()) {
            if seen.insert(def.name.value.as_str()) {
                for f in &def.fields {
                    reach(&f.ty.value, types, seen);
                }
            }
        }
    }
}

/// Types reachable without passing through a list.
fn reach_direct<'a>(
    t: &'a TypeExpr,
    types: &HashMap<&str, &'a spec::TypeDef>,
    seen: &mut HashSet<&'a str>,
) {
    if let TypeExpr::Ref(n) = t {
        if let Some(def) = types.get(n.as_str()) {
            if seen.insert(def.name.value.as_str()) {
                for f in &def.fields {
                    reach_direct(&f.ty.value, types, seen);
                }
            }
        }
    }
}

fn can_reach(from: &str, to: &str, types: &HashMap<&str, &spec::TypeDef>) -> bool {
    let start = TypeExpr::Ref(from.to_owned());
    let mut seen = HashSet::new();
    reach_direct(&start, types, &mut seen);
    seen.contains(to)
}

fn resolve(t: &TypeExpr, enum_rust: Option<&str>) -> Ty {
    match t {
        TypeExpr::List(inner) => Ty::List(Box::new(resolve(inner, enum_rust))),
        TypeExpr::Prim(_) if enum_rust.is_some() => {
            Ty::Enum(enum_rust.unwrap_or_default().to_owned())
        }
        TypeExpr::Prim(p) => match p {
            Prim::Int64 => Ty::I64,
            Prim::UInt64 => Ty::U64,
            Prim::Float => Ty::F64,
            Prim::Boolean => Ty::Bool,
            p => Ty::String(*p),
        },
        TypeExpr::Ref(n) => Ty::Struct(names::camel(n), n.clone()),
    }
}

fn field(p: &spec::Param, owner_type: Option<&str>, usage: Usage, enums: &mut Vec<Enum>) -> Field {
    let enum_rust = p.enumeration.as_ref().map(|e| {
        let name = enum_name(e, owner_type, &p.name.value);
        enums.push(Enum {
            name: name.clone(),
            owner: match owner_type {
                Some(t) => format!("{t}.{}", p.name.value),
                None => p.name.value.clone(),
            },
            values: e
                .value
                .values
                .iter()
                .map(|(v, d)| (v.value.clone(), names::camel(&v.value), d.clone()))
                .collect(),
            open: e.value.open,
        });
        name
    });
    let ty = resolve(&p.ty.value, enum_rust.as_deref());
    let optional = match (usage.input, usage.output) {
        (true, false) => !p.required,
        (false, _) => p.nullable,
        (true, true) => !p.required || p.nullable,
    };
    Field {
        wire: p.name.value.clone(),
        rust: names::escape_ident(
            &p.rust_name
                .as_ref()
                .map_or_else(|| names::snake(&p.name.value), |r| r.value.clone()),
        ),
        ty,
        optional,
        boxed: false,
        required: p.required,
        nullable: p.nullable,
        deprecated: p.deprecated,
        description: p.description.clone(),
        example: p.example.clone(),
        unit: p.unit.clone(),
        default: p.default.clone(),
        constraints: Constraints {
            length: p.length.as_ref().map(|b| (b.value.min, b.value.max)),
            ascii: p.ascii.as_ref().is_some_and(|a| a.value),
            pattern: p.pattern.as_ref().map(|x| x.value.clone()),
            items: p.items.as_ref().map(|b| (b.value.min, b.value.max)),
            range: p.range.as_ref().map(|b| (b.value.min, b.value.max)),
        },
        spec_type: p.ty.value.display(),
    }
}
