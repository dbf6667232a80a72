//! The resolved model the emitters work from: Rust names chosen (once, here), types
//! resolved, defaults applied, constraints typed, the allowlist applied. Built by
//! [`build`] from specs that passed `check`; every name collision and construct generated
//! code cannot express is a located diagnostic of [`build`]. The model owns its types:
//! emitters depend on this module alone, never on `spec`.

mod resolve;

pub use resolve::{MAX_STRUCT_DEPTH, build};

/// Everything to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Service versions, ordered by module name.
    pub services: Vec<Service>,
    /// Common error codes (from `common.yaml`).
    pub common_errors: Vec<ErrorCode>,
}

/// One service version.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Short name (`gse`).
    pub name: String,
    /// API version.
    pub version: String,
    /// Rust module name, escaped (`gse`, or `gse_2019_11_12` when several versions of one
    /// service are loaded; `crate_` for `crate`, `r#type` for `type`).
    pub module: String,
    /// The module without a raw prefix: the file (`<feature>.rs`) and the docs directory.
    pub feature: String,
    /// Where a user of the service's crate finds this version's items: `tcapi_cvm` (the
    /// crate root re-exports the only version's module) or `tcapi_ams::ams_2020_06_08`.
    pub path: String,
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
    pub flows: Vec<Flow>,
    /// Named waiters (spec key `waiters`), in spec order.
    pub waiters: Vec<Waiter>,
    /// Spec files it came from.
    pub files: Vec<std::path::PathBuf>,
}

impl Service {
    /// The crate of the service, every version of it: `tcapi-cvm`.
    pub fn crate_name(&self) -> String {
        crate::names::crate_name(&self.name)
    }
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
    /// How the request body is sent.
    pub payload: Payload,
    /// How the action pages (spec key `pagination`).
    pub pagination: Option<Pagination>,
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
    pub examples: Vec<Example>,
}

/// A named waiter: poll an action until a state read from its response is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiter {
    /// The spec name (`InstanceRunning`).
    pub name: String,
    /// The generated function (`instance_running`).
    pub function: String,
    /// Description.
    pub description: Option<String>,
    /// The wire name of the action polled.
    pub action: String,
    /// Its request struct.
    pub request: String,
    /// Its response struct.
    pub response: String,
    /// The state path as written (`InstanceSet[].InstanceState`).
    pub state: String,
    /// The path through the response, one step per member.
    pub steps: Vec<WaitStep>,
    /// States that end the wait.
    pub success: Vec<String>,
    /// States that end it with an error.
    pub failure: Vec<String>,
    /// A response with no state ends the wait (waiting for a deletion).
    pub none_is_success: bool,
    /// First interval, seconds.
    pub interval: Option<u64>,
    /// Deadline, seconds.
    pub deadline: Option<u64>,
}

/// One member on a waiter's state path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitStep {
    /// The Rust field.
    pub field: String,
    /// Wrapped in `Option`.
    pub optional: bool,
    /// A list: every item.
    pub each: bool,
    /// The last step, an enum (read with `as_str()`); else a `String`.
    pub enumeration: bool,
}

/// How an action pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// An offset and a limit.
    Offset,
    /// A page number (the first is `first`) and a page size.
    Page {
        /// The number of the first page.
        first: u64,
    },
    /// A token from the previous response.
    Token,
}

/// Which members of an action page (wire names; the fields are the request's and the
/// response's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The kind.
    pub kind: PageKind,
    /// The request member that moves: offset, page number or token.
    pub cursor: String,
    /// The request member of the page size.
    pub limit: Option<String>,
    /// The response member of the items (a list).
    pub items: String,
    /// The response member of the total.
    pub total: Option<String>,
    /// The response member of the next token.
    pub next_token: Option<String>,
    /// The largest documented page size.
    pub max_limit: Option<u64>,
}

impl Pagination {
    /// The kind as the docs name it.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            PageKind::Offset => "offset",
            PageKind::Page { .. } => "page number",
            PageKind::Token => "token",
        }
    }
}

/// How a request's body is sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Payload {
    /// A JSON object (every action without `Binary` input members).
    #[default]
    Json,
    /// A `multipart/form-data` form, one part per set member in field order: each top-level
    /// `Binary` member a file part, the others text or JSON parts.
    Multipart,
    /// The raw bytes of one `Binary` member as the body (`application/octet-stream`), the
    /// other members in headers (spec key `octet_stream`).
    OctetStream {
        /// The wire name of the body member.
        body: String,
        /// Input member wire name → header name, in spec order.
        headers: Vec<(String, String)>,
    },
}

impl Action {
    /// The request field sent as the raw body of an octet-stream action.
    pub fn body_field(&self) -> Option<&Field> {
        match &self.payload {
            Payload::OctetStream { body, .. } => {
                self.request.fields.iter().find(|f| &f.wire == body)
            }
            _ => None,
        }
    }

    /// The header of a request field of an octet-stream action.
    pub fn header_of(&self, wire: &str) -> Option<&str> {
        match &self.payload {
            Payload::OctetStream { headers, .. } => headers
                .iter()
                .find(|(m, _)| m == wire)
                .map(|(_, h)| h.as_str()),
            _ => None,
        }
    }
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

impl Struct {
    /// Whether the struct derives `Default`: responses do (tolerant decoding), and so do
    /// inputs whose every field is optional (nothing required can be left out).
    pub fn derives_default(&self) -> bool {
        self.usage.output || self.fields.iter().all(|f| f.optional)
    }
}

/// A field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust name, escaped (`r#type`).
    pub rust: String,
    /// The setter of an optional input field (`set_new` for a field `new`).
    pub setter: String,
    /// The type of a present value.
    pub ty: Ty,
    /// Wrapped in `Option` (optional input, nullable output).
    pub optional: bool,
    /// `Box`ed (recursive type).
    pub boxed: bool,
    /// The field's Rust type implements `Default` (everything but a data type that does not
    /// derive it), so a reader can stand in a default for an unusable member.
    pub defaultable: bool,
    /// Documented as required.
    pub required: bool,
    /// Documented as possibly null.
    pub nullable: bool,
    /// Deprecated.
    pub deprecated: bool,
    /// A secret (spec key `sensitive`): written on the wire as any member, masked in
    /// `Debug` and logs (`ObjectWriter::sensitive`).
    pub sensitive: bool,
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
    String(StringKind),
    /// `i64`
    I64,
    /// `u64`
    U64,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `tcapi::Binary` (bytes; base64 in JSON).
    Binary,
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

/// Whether a `Region` is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionRule {
    /// Every request names a region.
    Required,
    /// A region may be named.
    Optional,
    /// Requests name no region.
    Unused,
}

/// What a string holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StringKind {
    /// Any text.
    Text,
    /// `DateTime` (`2006-01-02 15:04:05`).
    DateTime,
    /// `DateTimeIso` (RFC 3339).
    DateTimeIso,
    /// `Date` (`2006-01-02`).
    Date,
}

/// A number written in a constraint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// Fits `i64`.
    Int(i64),
    /// Larger than `i64::MAX`.
    UInt(u64),
    /// Has a fraction or exponent.
    Float(f64),
}

impl Num {
    /// As a float, for comparisons.
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::UInt(u) => u as f64,
            Num::Float(f) => f,
        }
    }
}

/// A documented example call.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// The request body (JSON text).
    pub request: String,
    /// The full response (JSON text, `{"Response": {...}}`).
    pub response: String,
}

/// A documented sequence of calls.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// Name (unique in the service).
    pub name: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Participants, in order.
    pub participants: Vec<String>,
    /// Steps.
    pub steps: Vec<FlowStep>,
}

/// One step of a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowStep {
    /// Sender.
    pub from: String,
    /// Receiver.
    pub to: String,
    /// The action called, if any.
    pub action: Option<String>,
    /// What happens.
    pub message: String,
    /// A note.
    pub note: Option<String>,
}
