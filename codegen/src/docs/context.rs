//! What the pages show: plain views of the IR with every link, anchor and display string
//! already decided, so the writers ([`super::markdown`], [`super::html`],
//! [`super::site_html`]) only lay text out.

use std::collections::{HashMap, HashSet};

use crate::ir::Num;
use crate::ir::{self, Action, Constraints, Field, Model, RegionRule, Service, Ty};

use crate::example as snippet;

/// One service version.
#[derive(Debug)]
pub struct ServiceView {
    /// Short name.
    pub name: String,
    /// Rust module (escaped: `r#type`).
    pub module: String,
    /// The name of the service's docs directory and HTML page (the module, unescaped).
    pub feature: String,
    /// Where users find the version's items (`tcapi_cvm`, `tcapi_ams::ams_2020_06_08`).
    pub path: String,
    /// The service's crate (`tcapi-cvm`).
    pub krate: String,
    /// API version.
    pub version: String,
    /// Display title.
    pub title: String,
    /// Description, if any.
    pub description: Option<String>,
    /// Hosts.
    pub mainland: String,
    /// International host.
    pub international: String,
    /// Regional host pattern.
    pub regional: String,
    /// The host the source document names.
    pub documented_host: String,
    /// How the `Region` parameter is used, in words.
    pub region: String,
    /// Actions.
    pub actions: Vec<ActionView>,
    /// Data types.
    pub types: Vec<TypeView>,
    /// Flows with their Mermaid source.
    pub flows: Vec<FlowView>,
    /// Named waiters.
    pub waiters: Vec<WaiterView>,
    /// The service-wide error codes (for actions with `errors_source: service`).
    pub errors: Vec<ErrorView>,
    /// The Rust enum of the service-wide codes.
    pub rust_error: String,
}

/// What the index pages show of a service: its names and its actions' names, not the whole
/// view (which, for Tencent's whole API, is tens of megabytes).
#[derive(Debug)]
pub struct ServiceSummary {
    /// Short name.
    pub name: String,
    /// Rust module.
    pub module: String,
    /// The service's directory and HTML page.
    pub feature: String,
    /// Where users find the version's items.
    pub path: String,
    /// API version.
    pub version: String,
    /// Display title.
    pub title: String,
    /// How the `Region` parameter is used, in words.
    pub region: String,
    /// The actions.
    pub actions: Vec<ActionSummary>,
}

/// An action in [`ServiceSummary`].
#[derive(Debug)]
pub struct ActionSummary {
    /// Wire name.
    pub name: String,
    /// HTML anchor on the service's HTML page.
    pub anchor: String,
    /// Page file name beside the service page.
    pub page: String,
}

impl ServiceSummary {
    /// The summary of a service's view.
    pub fn of(view: &ServiceView) -> Self {
        ServiceSummary {
            name: view.name.clone(),
            module: view.module.clone(),
            feature: view.feature.clone(),
            path: view.path.clone(),
            version: view.version.clone(),
            title: view.title.clone(),
            region: view.region.clone(),
            actions: view
                .actions
                .iter()
                .map(|a| ActionSummary {
                    name: a.name.clone(),
                    anchor: a.anchor.clone(),
                    page: a.page.clone(),
                })
                .collect(),
        }
    }
}

/// One action.
#[derive(Debug)]
pub struct ActionView {
    /// Wire name.
    pub name: String,
    /// HTML anchor on the service's HTML page.
    pub anchor: String,
    /// Page file name beside the service page.
    pub page: String,
    /// Description.
    pub description: String,
    /// Requests per second.
    pub rate_limit: Option<u32>,
    /// Seconds.
    pub timeout: Option<u32>,
    /// Region rule in words.
    pub region: String,
    /// Whether deprecated.
    pub deprecated: bool,
    /// Whether repeating it is harmless.
    pub idempotent: bool,
    /// Rust request, response and error names and the action's module.
    pub rust_request: String,
    /// Response struct.
    pub rust_response: String,
    /// Error enum.
    pub rust_error: String,
    /// The action's module as users name it (`tcapi_car::apply_concurrent`).
    pub rust_module: String,
    /// Input parameters.
    pub input: Vec<FieldView>,
    /// Output parameters (without `RequestId`).
    pub output: Vec<FieldView>,
    /// Error codes.
    pub errors: Vec<ErrorView>,
    /// Whether the codes are the service-wide list.
    pub errors_from_service: bool,
    /// Examples.
    pub examples: Vec<ExampleView>,
    /// Rust code that builds and validates the request (compiled as a doctest).
    pub rust_example: String,
    /// How the request body is sent: `json`, `form` (`multipart/form-data`) or `raw`
    /// (`application/octet-stream`).
    pub body_kind: String,
    /// The member sent as a raw body.
    pub body_member: String,
    /// The header members of a raw body.
    pub body_headers: Vec<HeaderView>,
    /// How the action pages: `offset`, `page number`, `token`, or empty when it does not.
    pub pages: String,
    /// The request members that page (the offset, page or token, then the page size).
    pub pages_members: Vec<String>,
    /// The response member holding a page's items.
    pub pages_items: String,
}

/// A named waiter, on its service's page.
#[derive(Debug)]
pub struct WaiterView {
    /// The anchor of the action polled on the service's single HTML page.
    pub anchor: String,
    /// The generated function (`instance_running`).
    pub function: String,
    /// The action polled.
    pub action: String,
    /// The state path.
    pub state: String,
    /// The success states.
    pub success: Vec<String>,
    /// The failure states.
    pub failure: Vec<String>,
    /// Whether no state left (the resource gone) is done too.
    pub none_left: bool,
}

/// A member of a raw-body action sent as a header.
#[derive(Debug)]
pub struct HeaderView {
    /// The member's wire name.
    pub member: String,
    /// The header name.
    pub header: String,
}

/// A parameter or data type field.
#[derive(Debug)]
pub struct FieldView {
    /// Wire name.
    pub name: String,
    /// Rust field name.
    pub rust: String,
    /// Whether documented as required.
    pub required: bool,
    /// Whether documented as possibly null.
    pub nullable: bool,
    /// Whether deprecated.
    pub deprecated: bool,
    /// Whether a secret (masked in `Debug` and logs).
    pub sensitive: bool,
    /// Type as Tencent's pages write it (`Array of String`).
    pub ty: String,
    /// Anchor of the data type this parameter uses, if any, on the service page.
    pub type_anchor: Option<String>,
    /// Constraints in words (may be empty).
    pub constraints: Vec<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Default.
    pub default: Option<String>,
    /// Example.
    pub example: Option<String>,
    /// Description.
    pub description: String,
}

/// A data type.
#[derive(Debug)]
pub struct TypeView {
    /// Wire name.
    pub name: String,
    /// Rust path.
    pub rust: String,
    /// Anchor on the service page.
    pub anchor: String,
    /// Description.
    pub description: String,
    /// Whether it appears in requests.
    pub input: bool,
    /// Whether it appears in responses.
    pub output: bool,
    /// Fields.
    pub fields: Vec<FieldView>,
    /// Actions that use it (directly or through other types), wire names.
    pub used_by: Vec<String>,
}

/// An error code.
#[derive(Debug)]
pub struct ErrorView {
    /// Wire code.
    pub code: String,
    /// Rust variant of the action's error enum.
    pub variant: String,
    /// Description.
    pub description: String,
    /// Whether retrying may succeed.
    pub retryable: bool,
}

/// An example call.
#[derive(Debug)]
pub struct ExampleView {
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Request body (JSON).
    pub request: String,
    /// Response (JSON).
    pub response: String,
}

/// A flow across actions.
#[derive(Debug)]
pub struct FlowView {
    /// Key.
    pub name: String,
    /// Anchor on the service page.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Mermaid `sequenceDiagram` source.
    pub mermaid: String,
    /// Steps, numbered from 1.
    pub steps: Vec<FlowStepView>,
}

/// One step of a flow.
#[derive(Debug)]
pub struct FlowStepView {
    /// Who calls.
    pub from: String,
    /// Who is called.
    pub to: String,
    /// What is sent.
    pub message: String,
    /// The action called, if any.
    pub action: Option<String>,
    /// A note.
    pub note: Option<String>,
}

/// The region rule in words.
pub fn region_text(r: RegionRule) -> &'static str {
    match r {
        RegionRule::Required => "required: every request names a region",
        RegionRule::Optional => "optional: a region may be named",
        RegionRule::Unused => "not used: requests name no region",
    }
}

/// Anchor of a data type on its service page.
pub fn type_anchor(wire: &str) -> String {
    format!("type-{}", wire.to_ascii_lowercase())
}

/// Anchor of an action on the HTML service page.
pub fn action_anchor(wire: &str) -> String {
    format!("action-{}", wire.to_ascii_lowercase())
}

/// The views of the common error codes.
pub fn common_errors(m: &Model) -> Vec<ErrorView> {
    m.common_errors.iter().map(error).collect()
}

fn error(e: &ir::ErrorCode) -> ErrorView {
    ErrorView {
        code: e.code.clone(),
        variant: e.variant.clone(),
        description: e.description.clone(),
        retryable: e.retryable,
    }
}

/// Builds the view of one service.
pub fn service(s: &Service) -> ServiceView {
    let mut used_by = used_by(s).into_iter();
    let types = s
        .types
        .iter()
        .map(|t| TypeView {
            name: t.wire.clone(),
            rust: format!("{}::types::{}", s.path, t.name),
            anchor: type_anchor(&t.wire),
            description: t.description.clone().unwrap_or_default(),
            input: t.usage.input,
            output: t.usage.output,
            fields: t.fields.iter().map(|f| field(f, &s.type_enums)).collect(),
            used_by: used_by.next().unwrap_or_default(),
        })
        .collect();
    ServiceView {
        name: s.name.clone(),
        module: s.module.clone(),
        feature: s.feature.clone(),
        path: s.path.clone(),
        krate: s.crate_name(),
        version: s.version.clone(),
        title: s.title.clone(),
        description: s.description.clone(),
        mainland: s.mainland.clone(),
        international: s.international.clone(),
        regional: s.regional.clone(),
        documented_host: s.documented_host.clone(),
        region: region_text(s.region).to_owned(),
        actions: s.actions.iter().map(|a| action(s, a)).collect(),
        types,
        flows: s.flows.iter().map(flow).collect(),
        waiters: s
            .waiters
            .iter()
            .map(|w| WaiterView {
                anchor: action_anchor(&w.action),
                function: w.function.clone(),
                action: w.action.clone(),
                state: w.state.clone(),
                success: w.success.clone(),
                failure: w.failure.clone(),
                none_left: w.none_is_success,
            })
            .collect(),
        errors: s.errors.iter().map(error).collect(),
        rust_error: s.error_name.clone(),
    }
}

/// Per data type of `s` (in order), the actions that use it, directly or through other types,
/// in action order.
fn used_by(s: &Service) -> Vec<Vec<String>> {
    // Types by wire name; the first definition of a name is the one its fields come from.
    let mut by_wire: HashMap<&str, Vec<usize>> = HashMap::with_capacity(s.types.len());
    for (i, t) in s.types.iter().enumerate() {
        by_wire.entry(t.wire.as_str()).or_default().push(i);
    }
    let mut out = vec![Vec::new(); s.types.len()];
    let mut seen: HashSet<&str> = HashSet::new();
    let mut todo: Vec<&str> = Vec::new();
    for a in &s.actions {
        seen.clear();
        todo.extend(
            a.request
                .fields
                .iter()
                .chain(&a.response.fields)
                .filter_map(|f| struct_wire(&f.ty)),
        );
        while let Some(t) = todo.pop() {
            if !seen.insert(t) {
                continue;
            }
            if let Some(defs) = by_wire.get(t) {
                for &i in defs {
                    out[i].push(a.name.clone());
                }
                let def = &s.types[defs[0]];
                todo.extend(def.fields.iter().filter_map(|f| struct_wire(&f.ty)));
            }
        }
    }
    out
}

fn struct_wire(t: &Ty) -> Option<&str> {
    match t.leaf() {
        Ty::Struct(_, w) => Some(w),
        _ => None,
    }
}

fn action(s: &Service, a: &Action) -> ActionView {
    ActionView {
        name: a.name.clone(),
        anchor: action_anchor(&a.name),
        page: format!("{}.md", a.name),
        description: a.description.clone(),
        rate_limit: a.rate_limit,
        timeout: a.timeout,
        region: region_text(a.region).to_owned(),
        deprecated: a.deprecated,
        idempotent: a.idempotent,
        rust_request: a.request.name.clone(),
        rust_response: a.response.name.clone(),
        rust_error: a.error_name.clone(),
        rust_module: format!("{}::{}", s.path, a.module),
        input: a
            .request
            .fields
            .iter()
            .map(|f| field(f, &a.enums))
            .collect(),
        output: a
            .response
            .fields
            .iter()
            .map(|f| field(f, &a.enums))
            .collect(),
        // Service-wide codes are listed once, on the service page; the action links there.
        errors: a.errors.iter().map(error).collect(),
        errors_from_service: a.errors_from_service,
        examples: a
            .examples
            .iter()
            .map(|e| ExampleView {
                title: e.title.clone(),
                description: e.description.clone(),
                request: e.request.trim_end().to_owned(),
                response: e.response.trim_end().to_owned(),
            })
            .collect(),
        rust_example: snippet::request_example(s, a).code,
        body_kind: match &a.payload {
            ir::Payload::Json => "json",
            ir::Payload::Multipart => "form",
            ir::Payload::OctetStream { .. } => "raw",
        }
        .to_owned(),
        body_member: match &a.payload {
            ir::Payload::OctetStream { body, .. } => body.clone(),
            _ => String::new(),
        },
        body_headers: match &a.payload {
            ir::Payload::OctetStream { headers, .. } => headers
                .iter()
                .map(|(member, header)| HeaderView {
                    member: member.clone(),
                    header: header.clone(),
                })
                .collect(),
            _ => Vec::new(),
        },
        pages: a
            .pagination
            .as_ref()
            .map(|p| p.kind_name().to_owned())
            .unwrap_or_default(),
        pages_members: a
            .pagination
            .as_ref()
            .map(|p| {
                p.limit.iter().fold(vec![p.cursor.clone()], |mut v, l| {
                    v.push(l.clone());
                    v
                })
            })
            .unwrap_or_default(),
        pages_items: a
            .pagination
            .as_ref()
            .map(|p| p.items.clone())
            .unwrap_or_default(),
    }
}

/// The type as Tencent's pages write it: `Array of X` for lists.
pub fn tencent_type(spec_type: &str) -> String {
    match spec_type
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
    {
        Some(inner) => format!("Array of {}", tencent_type(inner)),
        None => spec_type.to_owned(),
    }
}

fn field(f: &Field, enums: &[ir::Enum]) -> FieldView {
    FieldView {
        name: f.wire.clone(),
        rust: f.rust.trim_start_matches("r#").to_owned(),
        required: f.required,
        nullable: f.nullable,
        deprecated: f.deprecated,
        sensitive: f.sensitive,
        ty: tencent_type(&f.spec_type),
        type_anchor: struct_wire(&f.ty).map(type_anchor),
        constraints: constraints(&f.constraints, f, enums),
        unit: f.unit.clone(),
        default: f.default.clone(),
        example: f.example.clone(),
        description: f.description.clone().unwrap_or_default(),
    }
}

fn num(n: Num) -> String {
    match n {
        Num::Int(i) => i.to_string(),
        Num::UInt(u) => u.to_string(),
        Num::Float(x) => format!("{x}"),
    }
}

fn bounds<T: ToString>(b: (Option<T>, Option<T>), what: &str) -> String {
    match b {
        (Some(a), Some(z)) => format!("{} to {} {what}", a.to_string(), z.to_string()),
        (Some(a), None) => format!("at least {} {what}", a.to_string()),
        (None, Some(z)) => format!("at most {} {what}", z.to_string()),
        (None, None) => String::new(),
    }
}

/// Constraints in words, one entry per constraint.
fn constraints(c: &Constraints, f: &Field, enums: &[ir::Enum]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(b) = c.length {
        out.push(bounds(b, "characters"));
    }
    if c.ascii {
        out.push("ASCII only".into());
    }
    if let Some(p) = &c.pattern {
        out.push(format!("matches `{p}`"));
    }
    if let Some(b) = c.items {
        out.push(bounds(b, "items"));
    }
    if let Some((min, max)) = c.range {
        out.push(match (min, max) {
            (Some(a), Some(z)) => format!("{} to {}", num(a), num(z)),
            (Some(a), None) => format!("≥ {}", num(a)),
            (None, Some(z)) => format!("≤ {}", num(z)),
            (None, None) => String::new(),
        });
    }
    if let Ty::Enum(name) = f.ty.leaf() {
        if let Some(e) = enums.iter().find(|e| &e.name == name) {
            let values: Vec<String> = e
                .values
                .iter()
                .map(|(v, _, d)| match d {
                    Some(d) if !d.trim().is_empty() => format!("`{v}` ({})", d.trim()),
                    _ => format!("`{v}`"),
                })
                .collect();
            let open = if e.open {
                " (others may be returned)"
            } else {
                ""
            };
            out.push(format!("one of {}{open}", values.join(", ")));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn flow(f: &ir::Flow) -> FlowView {
    FlowView {
        name: f.name.clone(),
        anchor: format!("flow-{}", f.name.to_ascii_lowercase()),
        title: f.title.clone(),
        description: f.description.clone(),
        mermaid: super::mermaid::sequence(f),
        steps: f
            .steps
            .iter()
            .map(|s| FlowStepView {
                from: s.from.clone(),
                to: s.to.clone(),
                message: s.message.clone(),
                action: s.action.clone(),
                note: s.note.clone(),
            })
            .collect(),
    }
}
