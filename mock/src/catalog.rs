//! What the server knows about the actions it serves, taken from checked specs: region
//! rules, rate limits, request and response shapes with their constraints, documented error
//! codes and the default answer of each action.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};
use tcapi_codegen::ir::{self, Enum, Model, RegionRule, StringKind, Struct, Ty};
use tcapi_codegen::{Diagnostics, load_and_check};

use crate::response::minimal_response;

/// Every service version and action loaded from specs. Load once, share between servers.
#[derive(Debug)]
pub struct Catalog {
    services: Vec<Service>,
    /// Service short name → indices into `services` (one per loaded version).
    by_name: HashMap<String, Vec<usize>>,
    /// Common error code → description (`common.yaml`).
    common_errors: HashMap<String, String>,
    /// The wire names of every sensitive request member of every action (spec key
    /// `sensitive`), for a request whose action is not known.
    sensitive: Vec<String>,
}

/// One service version.
#[derive(Debug)]
pub struct Service {
    /// Short name (`car`): the signing scope and the first label of the host.
    pub name: String,
    /// API version (`2022-01-10`).
    pub version: String,
    /// Data types by wire name.
    pub(crate) types: HashMap<String, Struct>,
    /// Enums of data type fields, by Rust name.
    pub(crate) type_enums: HashMap<String, Enum>,
    /// Actions by wire name.
    pub(crate) actions: HashMap<String, Arc<ActionSpec>>,
    /// Service-wide error codes → descriptions.
    pub(crate) errors: HashMap<String, String>,
    /// Every `pattern` of the service, compiled (whole-string match).
    pub(crate) patterns: HashMap<String, regex_lite::Regex>,
}

/// One action, as the server checks and answers it.
#[derive(Debug)]
pub struct ActionSpec {
    /// Service short name.
    pub service: String,
    /// API version.
    pub version: String,
    /// Wire name (`ApplyConcurrent`).
    pub name: String,
    /// Whether `X-TC-Region` is needed.
    pub region: RegionRule,
    /// Documented requests per second.
    pub rate_limit: Option<u32>,
    /// How the request body is sent (JSON, a form, a raw body with header members).
    pub payload: ir::Payload,
    /// How the action pages (spec key `pagination`), for scenario `pages` rules.
    pub pagination: Option<ir::Pagination>,
    /// Request parameters.
    pub(crate) request: Struct,
    /// The wire names of the request's sensitive members, at any depth, sorted.
    pub(crate) sensitive: Vec<String>,
    /// Response fields (without `RequestId`).
    pub(crate) response: Struct,
    /// Enums of request and response fields, by Rust name.
    pub(crate) enums: HashMap<String, Enum>,
    /// Documented error codes → descriptions.
    pub(crate) errors: HashMap<String, String>,
    /// The `Response` objects of the documented examples, without `RequestId`.
    pub(crate) examples: Vec<Map<String, Value>>,
    /// The documented example requests (index as in the spec; `None` when not an object).
    pub(crate) example_requests: Vec<Option<Map<String, Value>>>,
    /// The answer when no scenario rule applies: the first example, else a minimal
    /// valid response.
    pub(crate) default_response: Map<String, Value>,
    /// Whether `default_response` is a documented example (for the call log).
    pub(crate) default_is_example: bool,
    /// The envelope of `default_response` up to its `RequestId`.
    pub(crate) default_prefix: Vec<u8>,
}

impl ActionSpec {
    /// The documented examples' `Response` objects (without `RequestId`).
    pub fn examples(&self) -> &[Map<String, Value>] {
        &self.examples
    }

    /// The documented example requests, in spec order (`None` for one that is not a JSON
    /// object).
    pub fn example_requests(&self) -> &[Option<Map<String, Value>>] {
        &self.example_requests
    }

    /// The answer when no scenario rule applies.
    pub fn default_response(&self) -> &Map<String, Value> {
        &self.default_response
    }
}

impl Catalog {
    /// Loads and checks specs (files or directories, e.g. `specs/`): every problem of the
    /// specs at once, each with `file:line:column`.
    pub fn load(paths: &[PathBuf]) -> Result<Self, Diagnostics> {
        let (_, model) = load_and_check(paths)?;
        Ok(Self::from_model(&model))
    }

    /// Builds the catalog from a resolved model.
    pub fn from_model(model: &Model) -> Self {
        let mut services = Vec::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for s in &model.services {
            by_name
                .entry(s.name.clone())
                .or_default()
                .push(services.len());
            services.push(service(s));
        }
        let common_errors = model
            .common_errors
            .iter()
            .map(|e| (e.code.clone(), e.description.clone()))
            .collect();
        let mut sensitive: Vec<String> = services
            .iter()
            .flat_map(|s| s.actions.values())
            .flat_map(|a| a.sensitive.iter().cloned())
            .collect();
        sensitive.sort_unstable();
        sensitive.dedup();
        Self {
            services,
            by_name,
            common_errors,
            sensitive,
        }
    }

    /// Number of service versions.
    pub fn service_count(&self) -> usize {
        self.services.len()
    }

    /// Number of actions.
    pub fn action_count(&self) -> usize {
        self.services.iter().map(|s| s.actions.len()).sum()
    }

    /// The service versions.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The versions loaded for a service.
    pub fn versions(&self, service: &str) -> impl Iterator<Item = &Service> {
        self.by_name
            .get(service)
            .into_iter()
            .flatten()
            .map(|&i| &self.services[i])
    }

    /// Whether a service of this name is loaded.
    pub fn has_service(&self, service: &str) -> bool {
        self.by_name.contains_key(service)
    }

    /// The service version of this name and version.
    pub fn service(&self, service: &str, version: &str) -> Option<&Service> {
        self.versions(service).find(|s| s.version == version)
    }

    /// The wire names whose values the call log masks in a request of `action` of
    /// `service` `version`: its sensitive members (spec key `sensitive`, at any depth), or
    /// those of every action when the action is not known.
    pub fn sensitive_names(&self, service: &str, version: &str, action: &str) -> &[String] {
        self.service(service, version)
            .and_then(|s| s.actions.get(action))
            .map_or(&self.sensitive, |a| &a.sensitive)
    }

    /// Every action of this wire name, across services and versions.
    pub fn actions_named<'a>(
        &'a self,
        action: &'a str,
    ) -> impl Iterator<Item = &'a Arc<ActionSpec>> {
        self.services
            .iter()
            .filter_map(move |s| s.actions.get(action))
    }

    /// The description of an error code as this action documents it, else the service's,
    /// else the common list's.
    pub fn error_description<'a>(&'a self, action: &'a ActionSpec, code: &str) -> Option<&'a str> {
        action
            .errors
            .get(code)
            .or_else(|| {
                self.service(&action.service, &action.version)
                    .and_then(|s| s.errors.get(code))
            })
            .or_else(|| self.common_errors.get(code))
            .map(String::as_str)
    }

    /// Checks a request body against `action`'s parameters as the server does: every
    /// problem, most important kind first.
    pub fn check_request(
        &self,
        action: &ActionSpec,
        body: &Map<String, Value>,
    ) -> Vec<crate::params::Problem> {
        self.check(action, body, &action.request, crate::params::Mode::Request)
    }

    /// Checks `Response` fields against `action`'s documented response (names and types),
    /// as scenario files are checked.
    pub fn check_response(
        &self,
        action: &ActionSpec,
        fields: &Map<String, Value>,
    ) -> Vec<crate::params::Problem> {
        self.check(
            action,
            fields,
            &action.response,
            crate::params::Mode::Response,
        )
    }

    fn check(
        &self,
        action: &ActionSpec,
        body: &Map<String, Value>,
        shape: &Struct,
        mode: crate::params::Mode,
    ) -> Vec<crate::params::Problem> {
        match self.service(&action.service, &action.version) {
            Some(s) => crate::params::check(body, shape, &s.shapes(action), mode),
            None => Vec::new(),
        }
    }

    /// The description of a common error code.
    pub fn common_description(&self, code: &str) -> Option<&str> {
        self.common_errors.get(code).map(String::as_str)
    }
}

impl Service {
    /// The lookups a parameter check of `action` needs.
    pub(crate) fn shapes<'a>(&'a self, action: &'a ActionSpec) -> crate::params::Shapes<'a> {
        crate::params::Shapes {
            types: &self.types,
            action_enums: &action.enums,
            type_enums: &self.type_enums,
            patterns: &self.patterns,
        }
    }

    /// An action by wire name.
    pub fn action(&self, name: &str) -> Option<&Arc<ActionSpec>> {
        self.actions.get(name)
    }

    /// Action names, sorted.
    pub fn action_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.actions.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// The wire names of the sensitive members of `request` and of the data types it holds,
/// at any depth, sorted.
fn sensitive_names(request: &Struct, types: &HashMap<String, Struct>) -> Vec<String> {
    let mut names = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut stack = vec![request];
    while let Some(s) = stack.pop() {
        for f in &s.fields {
            if f.sensitive {
                names.push(f.wire.clone());
            }
            if let Ty::Struct(_, wire) = f.ty.leaf() {
                if !seen.contains(&wire.as_str()) {
                    seen.push(wire);
                    stack.extend(types.get(wire));
                }
            }
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

fn codes(list: &[ir::ErrorCode]) -> HashMap<String, String> {
    list.iter()
        .map(|e| (e.code.clone(), e.description.clone()))
        .collect()
}

fn service(s: &ir::Service) -> Service {
    let types: HashMap<String, Struct> = s
        .types
        .iter()
        .map(|t| (t.wire.clone(), t.clone()))
        .collect();
    let type_enums: HashMap<String, Enum> = s
        .type_enums
        .iter()
        .map(|e| (e.name.clone(), e.clone()))
        .collect();
    let mut out = Service {
        name: s.name.clone(),
        version: s.version.clone(),
        types,
        type_enums,
        actions: HashMap::new(),
        errors: codes(&s.errors),
        patterns: HashMap::new(),
    };
    let all_fields = s
        .types
        .iter()
        .chain(s.actions.iter().map(|a| &a.request))
        .flat_map(|st| st.fields.iter());
    for f in all_fields {
        if let Some(p) = &f.constraints.pattern {
            if !out.patterns.contains_key(p) {
                // Checked by tcapi-codegen at load time; a pattern regex-lite rejects is
                // left unchecked rather than failing the server.
                if let Ok(re) = regex_lite::Regex::new(&format!("^(?:{p})$")) {
                    out.patterns.insert(p.clone(), re);
                }
            }
        }
    }
    for a in &s.actions {
        let enums: HashMap<String, Enum> = a
            .enums
            .iter()
            .map(|e| (e.name.clone(), e.clone()))
            .collect();
        let examples: Vec<Map<String, Value>> = a
            .examples
            .iter()
            .filter_map(|e| example_response(&e.response))
            .collect();
        let (default_response, default_is_example) = match examples.first() {
            Some(e) => (e.clone(), true),
            None => (
                minimal_response(&a.response, &|w| out.types.get(w), &|n| {
                    enums.get(n).or_else(|| out.type_enums.get(n))
                }),
                false,
            ),
        };
        let example_requests = a
            .examples
            .iter()
            .map(|e| match serde_json::from_str(&e.request) {
                Ok(Value::Object(m)) => Some(m),
                _ => None,
            })
            .collect();
        let spec = ActionSpec {
            service: s.name.clone(),
            version: s.version.clone(),
            name: a.name.clone(),
            region: a.region,
            rate_limit: a.rate_limit,
            payload: a.payload.clone(),
            sensitive: sensitive_names(&a.request, &out.types),
            pagination: a.pagination.clone(),
            request: a.request.clone(),
            response: a.response.clone(),
            enums,
            errors: codes(&a.errors),
            examples,
            example_requests,
            default_prefix: crate::response::success_prefix(&default_response),
            default_response,
            default_is_example,
        };
        out.actions.insert(a.name.clone(), Arc::new(spec));
    }
    out
}

/// The `Response` object of an example's response text, without `RequestId`; `None` for
/// an example that is not a success envelope.
fn example_response(text: &str) -> Option<Map<String, Value>> {
    let v: Value = serde_json::from_str(text).ok()?;
    let Value::Object(mut root) = v else {
        return None;
    };
    let Some(Value::Object(mut response)) = root.remove("Response") else {
        return None;
    };
    if response.contains_key("Error") {
        return None;
    }
    response.remove("RequestId");
    Some(response)
}

/// The spec notation of a type, for messages (`[String]`, `Integer`).
pub(crate) fn type_name(t: &Ty) -> String {
    match t {
        Ty::String(k) => match k {
            StringKind::Text => "String",
            StringKind::DateTime => "DateTime",
            StringKind::DateTimeIso => "DateTimeIso",
            StringKind::Date => "Date",
        }
        .to_owned(),
        Ty::Binary => "Binary".to_owned(),
        Ty::I64 => "Integer".to_owned(),
        Ty::U64 => "UInt64".to_owned(),
        Ty::F64 => "Float".to_owned(),
        Ty::Bool => "Boolean".to_owned(),
        Ty::List(inner) => format!("[{}]", type_name(inner)),
        Ty::Struct(_, wire) => wire.clone(),
        Ty::Enum(_) => "String".to_owned(),
    }
}
