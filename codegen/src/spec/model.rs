//! The spec model: what a maintainer writes, with the position of every value.
//!
//! Nothing here is resolved yet (type references are names, Rust names are not derived);
//! `check` validates it and `ir` resolves it.

use crate::diag::Pos;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its position.
    pub pos: Pos,
}

impl<T> Spanned<T> {
    /// Wraps a value.
    pub fn new(value: T, pos: Pos) -> Self {
        Spanned { value, pos }
    }
}

/// Whether a `Region` is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionRule {
    /// `required`
    Required,
    /// `optional`
    Optional,
    /// `unused`
    Unused,
}

/// One spec file (a service version may be split over several files).
#[derive(Debug, Clone, PartialEq)]
pub struct SpecFile {
    /// Position of the document root.
    pub pos: Pos,
    /// `service`
    pub service: Spanned<String>,
    /// `version`
    pub version: Spanned<String>,
    /// `title`
    pub title: Option<Spanned<String>>,
    /// `description`
    pub description: Option<Spanned<String>>,
    /// `endpoints`
    pub endpoints: Option<Spanned<Endpoints>>,
    /// `region`
    pub region: Option<Spanned<RegionRule>>,
    /// `errors`: the service-wide error codes.
    pub errors: Option<Spanned<Vec<ErrorCode>>>,
    /// `error_enum`: the Rust name of the service's error enum (default `<Service>Error`).
    pub error_enum: Option<Spanned<String>>,
    /// `actions`
    pub actions: Vec<Action>,
    /// `types`
    pub types: Vec<TypeDef>,
    /// `flows`
    pub flows: Vec<Flow>,
    /// `waiters`
    pub waiters: Vec<WaiterSpec>,
}

/// Which host the source document names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Documented {
    /// `mainland`
    Mainland,
    /// `international`
    International,
}

/// `endpoints`
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Endpoints {
    /// `mainland`
    pub mainland: Option<Spanned<String>>,
    /// `international`
    pub international: Option<Spanned<String>>,
    /// `regional`
    pub regional: Option<Spanned<String>>,
    /// `documented`
    pub documented: Option<Spanned<Documented>>,
}

/// Action status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// `online`
    Online,
    /// `deprecated`
    Deprecated,
}

/// Where an action's error list came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorsSource {
    /// The action's own page.
    Page,
    /// The action's own list from Tencent's Go SDKs (`specs/error-codes/`, written by `import`).
    GoSdk,
    /// The service-wide list.
    Service,
}

/// `actions.<Name>`
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// The key.
    pub name: Spanned<String>,
    /// `description`
    pub description: Option<Spanned<String>>,
    /// `rate_limit`
    pub rate_limit: Option<Spanned<i64>>,
    /// `timeout`
    pub timeout: Option<Spanned<i64>>,
    /// `status`
    pub status: Option<Spanned<Status>>,
    /// `region`
    pub region: Option<Spanned<RegionRule>>,
    /// `idempotent`
    pub idempotent: Option<Spanned<bool>>,
    /// `streaming`: the action may answer with a `text/event-stream` of response objects.
    pub streaming: bool,
    /// `octet_stream`: the request is a raw body with its other members in headers.
    pub octet_stream: Option<OctetStreamSpec>,
    /// `pagination`: how the action pages.
    pub pagination: Option<PaginationSpec>,
    /// `input`
    pub input: Vec<Param>,
    /// `output`
    pub output: Vec<Param>,
    /// `errors`
    pub errors: Vec<ErrorCode>,
    /// `errors_source`
    pub errors_source: Option<Spanned<ErrorsSource>>,
    /// `examples`
    pub examples: Vec<Example>,
}

/// How an action pages (`actions.<Name>.pagination`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// `offset`: an offset and a limit.
    Offset,
    /// `page`: a page number and a page size.
    Page,
    /// `token`: a token from the previous response.
    Token,
}

/// `actions.<Name>.pagination`: which members page.
#[derive(Debug, Clone, PartialEq)]
pub struct PaginationSpec {
    /// Position of the mapping.
    pub pos: Pos,
    /// The kind, from the key naming the request member that moves: `offset`, `page` or
    /// `token`; with that member.
    pub kind: PageKind,
    /// The request member that moves (offset, page number or token).
    pub cursor: Spanned<String>,
    /// `limit`: the request member of the page size.
    pub limit: Option<Spanned<String>>,
    /// `items`: the response member holding the items (a list).
    pub items: Spanned<String>,
    /// `total`: the response member holding the total number of items.
    pub total: Option<Spanned<String>>,
    /// `next_token`: the response member holding the next page's token (kind `token`).
    pub next_token: Option<Spanned<String>>,
    /// `max_limit`: the largest documented page size.
    pub max_limit: Option<Spanned<i64>>,
    /// `first_page`: the number of the first page (kind `page`; default 1).
    pub first_page: Option<Spanned<i64>>,
}

/// `actions.<Name>.octet_stream`: one `Binary` input member is the whole body
/// (`Content-Type: application/octet-stream`), every other input member a header.
#[derive(Debug, Clone, PartialEq)]
pub struct OctetStreamSpec {
    /// Position of the mapping.
    pub pos: Pos,
    /// `body`: the input member sent as the body.
    pub body: Spanned<String>,
    /// `headers`: input member → header name, in spec order.
    pub headers: Vec<(Spanned<String>, Spanned<String>)>,
}

/// An error code and its description.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    /// The code, e.g. `ResourceNotFound.NoIdle`.
    pub code: Spanned<String>,
    /// What it means.
    pub description: String,
    /// Whether the client may retry after it.
    pub retryable: bool,
}

/// `examples[i]`
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Position of the entry.
    pub pos: Pos,
    /// `title`
    pub title: String,
    /// `description`
    pub description: Option<String>,
    /// `request` (JSON text)
    pub request: Spanned<String>,
    /// `response` (JSON text)
    pub response: Spanned<String>,
}

/// A primitive type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prim {
    /// `String`
    String,
    /// `Integer`, `Int64`
    Int64,
    /// `UInt64`
    UInt64,
    /// `Float`
    Float,
    /// `Boolean`
    Boolean,
    /// `DateTime`
    DateTime,
    /// `DateTimeIso`
    DateTimeIso,
    /// `Date`
    Date,
    /// `Binary`: bytes (a file's content, sent as a multipart part; base64 in JSON).
    Binary,
}

impl Prim {
    /// Parses a spec type name.
    pub fn from_name(s: &str) -> Option<Prim> {
        Some(match s {
            "String" => Prim::String,
            "Integer" | "Int64" => Prim::Int64,
            "UInt64" => Prim::UInt64,
            "Float" => Prim::Float,
            "Boolean" => Prim::Boolean,
            "DateTime" => Prim::DateTime,
            "DateTimeIso" => Prim::DateTimeIso,
            "Date" => Prim::Date,
            "Binary" => Prim::Binary,
            _ => return None,
        })
    }

    /// The spec name.
    pub fn name(self) -> &'static str {
        match self {
            Prim::String => "String",
            Prim::Int64 => "Integer",
            Prim::UInt64 => "UInt64",
            Prim::Float => "Float",
            Prim::Boolean => "Boolean",
            Prim::DateTime => "DateTime",
            Prim::DateTimeIso => "DateTimeIso",
            Prim::Date => "Date",
            Prim::Binary => "Binary",
        }
    }

    /// Whether the value is a string on the wire.
    pub fn is_stringy(self) -> bool {
        matches!(
            self,
            Prim::String | Prim::DateTime | Prim::DateTimeIso | Prim::Date
        )
    }

    /// Whether the value is a number on the wire.
    pub fn is_numeric(self) -> bool {
        matches!(self, Prim::Int64 | Prim::UInt64 | Prim::Float)
    }

    /// All names, for hints.
    pub const NAMES: &'static [&'static str] = &[
        "String",
        "Integer",
        "Int64",
        "UInt64",
        "Float",
        "Boolean",
        "DateTime",
        "DateTimeIso",
        "Date",
        "Binary",
    ];
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeExpr {
    /// A primitive.
    Prim(Prim),
    /// A list of something.
    List(Box<TypeExpr>),
    /// A data type from `types`.
    Ref(String),
}

impl TypeExpr {
    /// The innermost item type (through lists).
    pub fn leaf(&self) -> &TypeExpr {
        match self {
            TypeExpr::List(t) => t.leaf(),
            t => t,
        }
    }

    /// Whether this is a list.
    pub fn is_list(&self) -> bool {
        matches!(self, TypeExpr::List(_))
    }

    /// Spec notation, e.g. `[String]`.
    pub fn display(&self) -> String {
        match self {
            TypeExpr::Prim(p) => p.name().to_owned(),
            TypeExpr::List(t) => format!("[{}]", t.display()),
            TypeExpr::Ref(n) => n.clone(),
        }
    }
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

/// `{ min, max }`
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds<T> {
    /// Inclusive lower bound.
    pub min: Option<T>,
    /// Inclusive upper bound.
    pub max: Option<T>,
}

/// `enum`
#[derive(Debug, Clone, PartialEq)]
pub struct EnumSpec {
    /// Values with optional descriptions, in order.
    pub values: Vec<(Spanned<String>, Option<String>)>,
    /// Whether the server may return unlisted values.
    pub open: bool,
    /// Rust type name override.
    pub name: Option<Spanned<String>>,
    /// `variants`: Rust variant names chosen for some values (value → name).
    pub variants: Vec<(Spanned<String>, Spanned<String>)>,
}

/// A parameter, output field or data type field.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The key (wire name).
    pub name: Spanned<String>,
    /// `type`
    pub ty: Spanned<TypeExpr>,
    /// `required`
    pub required: bool,
    /// `nullable`
    pub nullable: bool,
    /// `description`
    pub description: Option<String>,
    /// `example`
    pub example: Option<String>,
    /// `deprecated`
    pub deprecated: bool,
    /// `sensitive`: the value is a secret (password, key, token); `Debug`, logs and the
    /// mock's call log show a fixed mask instead of it. The wire form is unchanged.
    pub sensitive: bool,
    /// `unit`
    pub unit: Option<String>,
    /// `default`
    pub default: Option<String>,
    /// `raw_name`: the wire name is not PascalCase and is accepted as documented.
    pub raw_name: bool,
    /// `rust_name`: overrides the derived snake_case field name.
    pub rust_name: Option<Spanned<String>>,
    /// `length`
    pub length: Option<Spanned<Bounds<u64>>>,
    /// `ascii`
    pub ascii: Option<Spanned<bool>>,
    /// `pattern`
    pub pattern: Option<Spanned<String>>,
    /// `items`
    pub items: Option<Spanned<Bounds<u64>>>,
    /// `range`
    pub range: Option<Spanned<Bounds<Num>>>,
    /// `enum`
    pub enumeration: Option<Spanned<EnumSpec>>,
}

/// `types.<Name>`
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The key.
    pub name: Spanned<String>,
    /// `description`
    pub description: Option<String>,
    /// `fields`
    pub fields: Vec<Param>,
}

/// `waiters.<Name>`: a state to wait for, read from an action's response.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterSpec {
    /// The key (PascalCase, e.g. `InstanceRunning`).
    pub name: Spanned<String>,
    /// `description`
    pub description: Option<String>,
    /// `action`: the action polled.
    pub action: Spanned<String>,
    /// `state`: the path of the state in the response, e.g. `InstanceSet[].InstanceState`
    /// (`[]` after a list member: every item).
    pub state: Spanned<String>,
    /// `success`: the states that end the wait.
    pub success: Vec<Spanned<String>>,
    /// `failure`: the states that end it with an error.
    pub failure: Vec<Spanned<String>>,
    /// `none`: what a response with no state means: `wait` (default) or `success` (waiting
    /// for a deletion).
    pub none_is_success: bool,
    /// `interval`: seconds between polls, at first.
    pub interval: Option<Spanned<i64>>,
    /// `deadline`: seconds in all.
    pub deadline: Option<Spanned<i64>>,
}

/// `flows.<Name>`
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// The key.
    pub name: Spanned<String>,
    /// `title`
    pub title: String,
    /// `description`
    pub description: Option<String>,
    /// `participants`
    pub participants: Vec<Spanned<String>>,
    /// `steps`
    pub steps: Vec<FlowStep>,
}

/// `flows.<Name>.steps[i]`
#[derive(Debug, Clone, PartialEq)]
pub struct FlowStep {
    /// Position of the entry.
    pub pos: Pos,
    /// `from`
    pub from: Spanned<String>,
    /// `to`
    pub to: Spanned<String>,
    /// `action`
    pub action: Option<Spanned<String>>,
    /// `message`
    pub message: String,
    /// `note`
    pub note: Option<String>,
}

/// `specs/common.yaml`
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CommonFile {
    /// `errors`
    pub errors: Vec<ErrorCode>,
}
