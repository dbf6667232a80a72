//! Scenario files: per-action scripts of answers (responses, error codes, delays, faults),
//! optionally matched on request parameters. The format is documented in `SCENARIOS.md`.
//!
//! Parsed with the spec parser's YAML tree (`tcapi_codegen::spec::yaml`), so every problem is
//! reported as `file:line:column` with a hint, all of them at once.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Map, Value};
use tcapi_codegen::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use tcapi_codegen::spec::yaml::{self, Kind, Node};

use crate::catalog::{ActionSpec, Catalog};
use crate::params::{self, Mode};

/// The longest delay or stall a scenario may ask for.
pub const MAX_DELAY: Duration = Duration::from_secs(3600);
/// How long a `stall` holds the connection when no `delay` is given.
pub const DEFAULT_STALL: Duration = Duration::from_secs(300);
/// The most replies one rule may expand to (with `times`).
pub const MAX_REPLIES: usize = 100_000;

/// A loaded scenario.
#[derive(Debug, Default)]
pub struct Scenario {
    /// Scripts by action, in file order.
    pub(crate) scripts: Vec<Script>,
    /// Rate-limit overrides.
    pub(crate) rate_limits: RateLimits,
}

/// Rate limits a scenario sets.
#[derive(Debug, Default, Clone)]
pub struct RateLimits {
    /// `rate_limits: off`: no action is limited.
    pub all_off: bool,
    /// Per action (service, action): `Some(n)` requests per second, `None` unlimited.
    pub per_action: Vec<((String, String), Option<u32>)>,
}

/// The rules of one action.
#[derive(Debug)]
pub(crate) struct Script {
    pub(crate) action: Arc<ActionSpec>,
    pub(crate) rules: Vec<Rule>,
}

/// One rule: when it applies and what it answers, in order.
#[derive(Debug)]
pub(crate) struct Rule {
    /// Request parameters that must be present with these values (a subset match).
    pub(crate) matcher: Option<Map<String, Value>>,
    /// `X-TC-Region` that must be sent.
    pub(crate) region: Option<String>,
    pub(crate) replies: Vec<Reply>,
    pub(crate) then: Then,
    next: AtomicUsize,
}

/// What a rule does once its replies are used up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// The rule no longer applies: later rules, then the documented example (default).
    Next,
    /// The last reply answers every further call.
    Repeat,
    /// Start again from the first reply.
    Cycle,
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Where it is written.
    pub pos: Pos,
    /// Wait this long before answering.
    pub delay: Duration,
    /// The answer.
    pub kind: ReplyKind,
}

/// The answer of a reply.
#[derive(Debug, Clone)]
pub enum ReplyKind {
    /// The action's default answer (first documented example, else a minimal response).
    Default,
    /// The documented example of this index.
    Example(usize),
    /// Success with these `Response` fields (a fresh `RequestId` is added).
    Success(Map<String, Value>),
    /// An error envelope.
    Error {
        /// Code, e.g. `ResourceNotFound.NoIdle`.
        code: String,
        /// Message.
        message: String,
    },
    /// A fault below the envelope.
    Fault(Fault),
    /// A page of a collection, as the request asks for it (rule key `pages`).
    Page(Arc<Collection>),
}

/// A collection a `pages` rule serves across pages, as the action pages (its spec's
/// `pagination`).
#[derive(Debug)]
pub struct Collection {
    /// How the action pages.
    pub paging: tcapi_codegen::ir::Pagination,
    /// The items, in order.
    pub items: Vec<Value>,
    /// The page size when the request sets none.
    pub page_size: u64,
}

/// The most items a `pages` rule may serve.
pub const MAX_COLLECTION: u64 = 100_000;

impl Collection {
    /// The `Response` fields of the page `request` asks for, or the error code and message
    /// of a request the collection cannot answer (a token it did not hand out).
    pub fn page(
        &self,
        request: &Map<String, Value>,
    ) -> Result<Map<String, Value>, (String, String)> {
        use tcapi_codegen::ir::PageKind;
        let p = &self.paging;
        let number = |name: &str| -> Option<u64> {
            match request.get(name)? {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            }
        };
        let size = p
            .limit
            .as_deref()
            .and_then(number)
            .filter(|n| *n > 0)
            .unwrap_or(self.page_size);
        let start = match p.kind {
            PageKind::Offset => number(&p.cursor).unwrap_or(0),
            PageKind::Page { first } => number(&p.cursor)
                .unwrap_or(first)
                .saturating_sub(first)
                .saturating_mul(size),
            PageKind::Token => match request.get(&p.cursor) {
                None | Some(Value::Null) => 0,
                Some(Value::String(t)) if t.is_empty() => 0,
                Some(Value::String(t)) => {
                    match t.strip_prefix("mock-page-").and_then(|n| n.parse().ok()) {
                        Some(n) => n,
                        None => {
                            return Err((
                                "InvalidParameterValue".to_owned(),
                                format!("`{}`: unknown page token {t:?}", p.cursor),
                            ));
                        }
                    }
                }
                Some(other) => {
                    return Err((
                        "InvalidParameter".to_owned(),
                        format!("`{}`: a token is a string, not {other}", p.cursor),
                    ));
                }
            },
        };
        let len = self.items.len() as u64;
        let start = start.min(len);
        let end = start.saturating_add(size).min(len);
        let mut out = Map::new();
        if let Some(t) = &p.total {
            insert_path(&mut out, t, Value::from(len));
        }
        insert_path(
            &mut out,
            &p.items,
            Value::Array(self.items[start as usize..end as usize].to_vec()),
        );
        if let Some(n) = &p.next_token {
            let next = if end < len {
                format!("mock-page-{end}")
            } else {
                String::new()
            };
            insert_path(&mut out, n, Value::String(next));
        }
        Ok(out)
    }
}

/// Faults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Close the connection without answering.
    Reset,
    /// Hold the connection without answering for this long, then close it.
    Stall(Duration),
    /// HTTP 200 with a body that is not JSON.
    Malformed,
    /// A `Content-Length` larger than the bytes sent, then the connection closes.
    Truncated,
    /// An HTTP status with a raw body (a gateway's 502 page).
    Http {
        /// The status.
        status: u16,
        /// The body.
        body: String,
    },
}

impl Rule {
    /// Whether the rule matches this request.
    pub(crate) fn matches(&self, body: &Map<String, Value>, region: Option<&str>) -> bool {
        if let Some(want) = &self.region {
            if region != Some(want.as_str()) {
                return false;
            }
        }
        match &self.matcher {
            None => true,
            Some(m) => subset(m, body),
        }
    }

    /// Takes the next reply; `None` when the rule is used up (`then: next`).
    pub(crate) fn take(&self) -> Option<&Reply> {
        let n = self.replies.len();
        match self.then {
            Then::Next => {
                // Once used up, stay used up without counting further.
                let i = self
                    .next
                    .fetch_update(Ordering::AcqRel, Ordering::Acquire, |i| {
                        (i < n).then_some(i + 1)
                    })
                    .ok()?;
                self.replies.get(i)
            }
            Then::Repeat => {
                let i = self
                    .next
                    .fetch_update(Ordering::AcqRel, Ordering::Acquire, |i| {
                        Some((i + 1).min(n))
                    })
                    .unwrap_or(n);
                self.replies.get(i.min(n.saturating_sub(1)))
            }
            Then::Cycle => {
                let i = self
                    .next
                    .fetch_update(Ordering::AcqRel, Ordering::Acquire, |i| Some((i + 1) % n))
                    .unwrap_or(0);
                self.replies.get(i)
            }
        }
    }
}

/// Whether every member of `want` is in `have` with an equal value (objects recursively;
/// lists item by item, same length; numbers by value).
pub(crate) fn subset(want: &Map<String, Value>, have: &Map<String, Value>) -> bool {
    want.iter()
        .all(|(k, w)| have.get(k).is_some_and(|h| value_matches(w, h)))
}

fn value_matches(want: &Value, have: &Value) -> bool {
    match (want, have) {
        (Value::Object(w), Value::Object(h)) => subset(w, h),
        (Value::Array(w), Value::Array(h)) => {
            w.len() == h.len() && w.iter().zip(h).all(|(a, b)| value_matches(a, b))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    }
}

/// Parses and checks a scenario file's text against the loaded actions.
pub fn parse(file: &Path, text: &str, catalog: &Catalog) -> Result<Scenario, Diagnostics> {
    let file: Arc<Path> = Arc::from(file);
    let root = yaml::parse(&file, text).map_err(Diagnostics)?;
    let mut cx = Cx {
        catalog,
        diags: Diagnostics::default(),
    };
    let scenario = cx.root(&root);
    cx.diags.into_result()?;
    Ok(scenario)
}

/// Reads and parses a scenario file.
pub fn load(file: &Path, catalog: &Catalog) -> Result<Scenario, ScenarioError> {
    let text = std::fs::read_to_string(file).map_err(|e| ScenarioError::Io(file.into(), e))?;
    parse(file, &text, catalog).map_err(ScenarioError::Invalid)
}

/// Why a scenario could not be loaded.
#[derive(Debug)]
pub enum ScenarioError {
    /// The file could not be read.
    Io(std::path::PathBuf, std::io::Error),
    /// Problems in the file, each with its position.
    Invalid(Diagnostics),
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScenarioError::Io(p, e) => write!(f, "{}: cannot read the scenario: {e}", p.display()),
            ScenarioError::Invalid(d) => {
                for x in &d.0 {
                    writeln!(f, "{x}")?;
                }
                let n = d.len();
                write!(
                    f,
                    "{n} error{} in the scenario",
                    if n == 1 { "" } else { "s" }
                )
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

struct Cx<'a> {
    catalog: &'a Catalog,
    diags: Diagnostics,
}

fn entries(node: &Node) -> Option<&[(Node, Node)]> {
    match &node.kind {
        Kind::Map(e) => Some(e),
        _ => None,
    }
}

const TOP_KEYS: &[&str] = &["actions", "rate_limits"];
const RULE_KEYS: &[&str] = &["match", "region", "replies", "reply", "then", "pages"];
const REPLY_KEYS: &[&str] = &[
    "response", "error", "message", "example", "fault", "status", "body", "delay", "times",
];

impl Cx<'_> {
    fn err(&mut self, pos: &Pos, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::new(pos, msg).hint(hint));
    }

    fn unknown_key(&mut self, key: &Node, known: &[&str], what: &str) {
        let k = key.as_scalar().unwrap_or_default();
        let hint = match did_you_mean(k, known.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!("{what} takes: {}", known.join(", ")),
        };
        self.err(&key.pos, format!("unknown key `{k}` in {what}"), hint);
    }

    fn root(&mut self, root: &Node) -> Scenario {
        let mut scenario = Scenario::default();
        if root.is_null() {
            return scenario;
        }
        let Some(top) = entries(root) else {
            self.err(
                &root.pos,
                format!("a scenario is a mapping, found {}", root.shape()),
                "start with `actions:` (see SCENARIOS.md)",
            );
            return scenario;
        };
        for (k, v) in top {
            match k.as_scalar() {
                Some("actions") => self.actions(v, &mut scenario),
                Some("rate_limits") => scenario.rate_limits = self.rate_limits(v),
                _ => self.unknown_key(k, TOP_KEYS, "a scenario"),
            }
        }
        scenario
    }

    /// `Action` or `service.Action`, resolved to one loaded action.
    fn resolve_action(&mut self, key: &Node) -> Option<Arc<ActionSpec>> {
        let name = key.as_scalar().unwrap_or_default();
        let (service, action) = match name.split_once('.') {
            Some((s, a)) => (Some(s), a),
            None => (None, name),
        };
        let found: Vec<&Arc<ActionSpec>> = self
            .catalog
            .actions_named(action)
            .filter(|a| service.is_none_or(|s| a.service == s))
            .collect();
        match found.as_slice() {
            [one] => Some(Arc::clone(one)),
            [] => {
                let all: Vec<&str> = self
                    .catalog
                    .services()
                    .iter()
                    .flat_map(|s| s.action_names())
                    .collect();
                let hint = match did_you_mean(action, all.iter().copied()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => "name an action of the loaded specs, as `Action` or `service.Action`"
                        .to_owned(),
                };
                let msg = match service {
                    Some(s) if !self.catalog.has_service(s) => {
                        format!("no service `{s}` is loaded")
                    }
                    _ => format!("no loaded spec has the action `{name}`"),
                };
                self.err(&key.pos, msg, hint);
                None
            }
            many => {
                let options: Vec<String> = many
                    .iter()
                    .map(|a| format!("`{}.{}`", a.service, a.name))
                    .collect();
                self.err(
                    &key.pos,
                    format!("`{name}` is an action of several loaded services"),
                    format!("qualify it: {}", options.join(" or ")),
                );
                None
            }
        }
    }

    fn actions(&mut self, node: &Node, scenario: &mut Scenario) {
        let Some(list) = entries(node) else {
            if !node.is_null() {
                self.err(
                    &node.pos,
                    format!(
                        "`actions` is a mapping of action names to rules, found {}",
                        node.shape()
                    ),
                    "write `actions:` then `  ApplyConcurrent:` and a list of rules",
                );
            }
            return;
        };
        for (k, v) in list {
            let action = self.resolve_action(k);
            let rules = match &v.kind {
                Kind::Seq(items) => items
                    .iter()
                    .filter_map(|r| action.as_ref().and_then(|a| self.rule(r, a)))
                    .collect(),
                _ => {
                    self.err(
                        &v.pos,
                        format!("the rules of an action are a list, found {}", v.shape()),
                        "write each rule as a list item: `- replies: [...]`",
                    );
                    Vec::new()
                }
            };
            if let Some(action) = action {
                if scenario
                    .scripts
                    .iter()
                    .any(|s| Arc::ptr_eq(&s.action, &action))
                {
                    self.err(
                        &k.pos,
                        format!("the action `{}` is scripted twice", action.name),
                        "put all its rules in one list",
                    );
                    continue;
                }
                scenario.scripts.push(Script { action, rules });
            }
        }
    }

    fn rate_limits(&mut self, node: &Node) -> RateLimits {
        let mut out = RateLimits::default();
        if node.as_scalar() == Some("off") {
            out.all_off = true;
            return out;
        }
        if node.as_scalar() == Some("documented") {
            return out;
        }
        let Some(list) = entries(node) else {
            self.err(
                &node.pos,
                format!(
                    "`rate_limits` is `off`, `documented` or a mapping, found {}",
                    node.shape()
                ),
                "e.g. `rate_limits: { ApplyConcurrent: 5, CreateSession: off }`",
            );
            return out;
        };
        for (k, v) in list {
            let Some(action) = self.resolve_action(k) else {
                continue;
            };
            let limit = match v.as_scalar() {
                Some("off") => None,
                Some(t) => match t.parse::<u32>() {
                    Ok(n) if n > 0 => Some(n),
                    _ => {
                        self.err(
                            &v.pos,
                            format!("a rate limit is a positive number of requests per second or `off`, found `{t}`"),
                            "e.g. `5`",
                        );
                        continue;
                    }
                },
                None => {
                    self.err(
                        &v.pos,
                        format!("a rate limit is a number or `off`, found {}", v.shape()),
                        "e.g. `5`",
                    );
                    continue;
                }
            };
            out.per_action
                .push(((action.service.clone(), action.name.clone()), limit));
        }
        out
    }

    fn rule(&mut self, node: &Node, action: &Arc<ActionSpec>) -> Option<Rule> {
        let Some(keys) = entries(node) else {
            self.err(
                &node.pos,
                format!("a rule is a mapping, found {}", node.shape()),
                "e.g. `- replies: [{ error: ResourceNotFound.NoIdle, times: 2 }, {}]`",
            );
            return None;
        };
        let mut rule = Rule {
            matcher: None,
            region: None,
            replies: Vec::new(),
            then: Then::Next,
            next: AtomicUsize::new(0),
        };
        let mut has_replies = false;
        let mut single = false;
        for (k, v) in keys {
            match k.as_scalar() {
                Some("match") => match to_json(v) {
                    Value::Object(m) => {
                        self.check_match(&m, v, action);
                        rule.matcher = Some(m);
                    }
                    _ => self.err(
                        &v.pos,
                        format!("`match` is a mapping of request parameters, found {}", v.shape()),
                        "e.g. `match: { UserId: user-1 }`",
                    ),
                },
                Some("region") => match v.as_scalar() {
                    Some(r) if !v.is_null() => rule.region = Some(r.to_owned()),
                    _ => self.err(&v.pos, "`region` is a region name", "e.g. `region: ap-guangzhou`"),
                },
                Some("replies") => {
                    has_replies = true;
                    match &v.kind {
                        Kind::Seq(items) => {
                            for item in items {
                                self.reply_into(item, action, &mut rule.replies);
                            }
                            if items.is_empty() {
                                self.err(&v.pos, "`replies` is empty", "list at least one reply, e.g. `- {}` for the documented example");
                            }
                        }
                        _ => self.err(
                            &v.pos,
                            format!("`replies` is a list, found {}", v.shape()),
                            "write each reply as a list item",
                        ),
                    }
                }
                Some("reply") => {
                    has_replies = true;
                    single = true;
                    self.reply_into(v, action, &mut rule.replies);
                }
                Some("pages") => {
                    has_replies = true;
                    single = true;
                    if let Some(c) = self.collection(v, action) {
                        rule.replies.push(Reply {
                            pos: v.pos.clone(),
                            delay: Duration::ZERO,
                            kind: ReplyKind::Page(Arc::new(c)),
                        });
                    }
                }
                Some("then") => match v.as_scalar() {
                    Some("next") => rule.then = Then::Next,
                    Some("repeat") => rule.then = Then::Repeat,
                    Some("cycle") => rule.then = Then::Cycle,
                    _ => self.err(
                        &v.pos,
                        format!("`then` is `next`, `repeat` or `cycle`, found `{}`", v.as_scalar().unwrap_or(v.shape())),
                        "`next`: later rules apply once the replies are used up (default); `repeat`: the last reply repeats; `cycle`: start over",
                    ),
                },
                _ => self.unknown_key(k, RULE_KEYS, "a rule"),
            }
        }
        if !has_replies {
            self.err(
                &node.pos,
                "a rule needs `replies` (a list), `reply` (one answer, every time) or `pages` (a collection served across pages)",
                "e.g. `reply: { error: ResourceNotFound.NoIdle }`",
            );
            return None;
        }
        if single {
            rule.then = Then::Repeat;
        }
        (!rule.replies.is_empty()).then_some(rule)
    }

    /// `pages: { items: [...] | count: n, item: {...}, page_size: n }`.
    fn collection(&mut self, node: &Node, action: &ActionSpec) -> Option<Collection> {
        const KEYS: &[&str] = &["items", "count", "item", "page_size"];
        let Some(paging) = action.pagination.clone() else {
            self.err(
                &node.pos,
                format!(
                    "`{}` does not page: its spec has no `pagination`",
                    action.name
                ),
                "serve its answers with `replies`, or add `pagination` to the action's spec",
            );
            return None;
        };
        let Some(keys) = entries(node) else {
            self.err(
                &node.pos,
                format!("`pages` is a mapping, found {}", node.shape()),
                "e.g. `pages: { count: 25, item: { InstanceId: \"ins-{n}\" } }`",
            );
            return None;
        };
        let get = |name: &str| keys.iter().find(|(k, _)| k.as_scalar() == Some(name));
        for (k, _) in keys {
            if !k.as_scalar().is_some_and(|s| KEYS.contains(&s)) {
                self.unknown_key(k, KEYS, "`pages`");
            }
        }
        let count = |this: &mut Self, name: &str, max: u64| -> Option<u64> {
            let (_, v) = get(name)?;
            match v.as_scalar().and_then(|s| s.parse::<u64>().ok()) {
                Some(n) if n <= max => Some(n),
                _ => {
                    this.err(
                        &v.pos,
                        format!("`{name}` is a count from 0 to {max}"),
                        format!("e.g. `{name}: 25`"),
                    );
                    None
                }
            }
        };
        let page_size = match get("page_size") {
            Some(_) => count(self, "page_size", MAX_COLLECTION)?.max(1),
            None => 10,
        };
        let items = match (get("items"), get("count"), get("item")) {
            (Some((_, v)), None, None) => match to_json(v) {
                Value::Array(items) => items,
                _ => {
                    self.err(
                        &v.pos,
                        format!("`items` is a list, found {}", v.shape()),
                        "list the items the collection holds, in order",
                    );
                    return None;
                }
            },
            (None, Some(_), Some((_, template))) => {
                let n = count(self, "count", MAX_COLLECTION)?;
                let template = to_json(template);
                (1..=n).map(|i| numbered(&template, i)).collect()
            }
            _ => {
                self.err(
                    &node.pos,
                    "`pages` takes either `items` (a list) or `count` with `item` (a template)",
                    "e.g. `pages: { count: 25, item: { InstanceId: \"ins-{n}\" } }`: `{n}` in a string is the item's number, from 1",
                );
                return None;
            }
        };
        // The items are checked as the response member they are served in.
        let mut as_response = Map::new();
        insert_path(&mut as_response, &paging.items, Value::Array(items.clone()));
        self.check_response(&as_response, node, action);
        Some(Collection {
            paging,
            items,
            page_size,
        })
    }

    fn check_match(&mut self, m: &Map<String, Value>, node: &Node, action: &ActionSpec) {
        for key in m.keys() {
            if !action.request.fields.iter().any(|f| &f.wire == key) {
                let pos = entries(node)
                    .and_then(|e| e.iter().find(|(k, _)| k.as_scalar() == Some(key)))
                    .map_or(&node.pos, |(k, _)| &k.pos);
                let known: Vec<&str> = action
                    .request
                    .fields
                    .iter()
                    .map(|f| f.wire.as_str())
                    .collect();
                let hint = match did_you_mean(key, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("`{}` takes: {}", action.name, known.join(", ")),
                };
                self.err(
                    &pos.clone(),
                    format!("`{}` has no request parameter `{key}`", action.name),
                    hint,
                );
            }
        }
    }

    fn reply_into(&mut self, node: &Node, action: &Arc<ActionSpec>, out: &mut Vec<Reply>) {
        let Some(keys) = entries(node) else {
            if node.is_null() {
                out.push(Reply {
                    pos: node.pos.clone(),
                    delay: Duration::ZERO,
                    kind: ReplyKind::Default,
                });
                return;
            }
            self.err(
                &node.pos,
                format!("a reply is a mapping, found {}", node.shape()),
                "e.g. `{ error: ResourceNotFound.NoIdle }`, `{ response: { ... } }`, `{ fault: reset }` or `{}` for the documented example",
            );
            return;
        };
        let get = |name: &str| keys.iter().find(|(k, _)| k.as_scalar() == Some(name));
        for (k, _) in keys {
            if !k.as_scalar().is_some_and(|s| REPLY_KEYS.contains(&s)) {
                self.unknown_key(k, REPLY_KEYS, "a reply");
            }
        }
        let kinds: Vec<&Node> = ["response", "error", "example", "fault", "status"]
            .iter()
            .filter_map(|n| get(n).map(|(k, _)| k))
            .collect();
        if kinds.len() > 1 {
            self.err(
                &kinds[1].pos,
                "a reply is one of `response`, `error`, `example`, `fault` or `status`",
                "split it into two replies",
            );
            return;
        }
        let delay = match get("delay") {
            Some((_, v)) => match v.as_scalar().map(parse_duration) {
                Some(Ok(d)) => d,
                Some(Err(e)) => {
                    self.err(
                        &v.pos,
                        e,
                        "write a number with a unit: `250ms`, `2s`, `1.5s`, `1m`",
                    );
                    return;
                }
                None => {
                    self.err(
                        &v.pos,
                        format!("`delay` is a duration, found {}", v.shape()),
                        "e.g. `delay: 250ms`",
                    );
                    return;
                }
            },
            None => Duration::ZERO,
        };
        let times = match get("times") {
            Some((_, v)) => match v.as_scalar().and_then(|t| t.parse::<usize>().ok()) {
                Some(n) if (1..=MAX_REPLIES).contains(&n) => n,
                _ => {
                    self.err(
                        &v.pos,
                        format!("`times` is a count from 1 to {MAX_REPLIES}"),
                        "e.g. `times: 2`",
                    );
                    return;
                }
            },
            None => 1,
        };
        if let (Some((k, _)), None) = (get("message"), get("error")) {
            self.err(
                &k.pos,
                "`message` belongs to an `error` reply",
                "add `error: <Code>` or remove `message`",
            );
        }
        if let (Some((k, _)), None) = (get("body"), get("status")) {
            self.err(
                &k.pos,
                "`body` belongs to a `status` reply",
                "add `status: 503` or remove `body`",
            );
        }
        let kind = if let Some((_, v)) = get("response") {
            match to_json(v) {
                Value::Object(m) => {
                    self.check_response(&m, v, action);
                    let mut m = m;
                    m.remove("RequestId");
                    ReplyKind::Success(m)
                }
                Value::Null => ReplyKind::Success(Map::new()),
                _ => {
                    self.err(
                        &v.pos,
                        format!(
                            "`response` is a mapping of response fields, found {}",
                            v.shape()
                        ),
                        "e.g. `response: { ServerSession: abc }` (a fresh RequestId is added)",
                    );
                    return;
                }
            }
        } else if let Some((_, v)) = get("error") {
            let code = v.as_scalar().unwrap_or_default();
            if !is_code(code) {
                self.err(
                    &v.pos,
                    format!("`{code}` is not an error code"),
                    "codes are dotted names, e.g. `ResourceNotFound.NoIdle`",
                );
                return;
            }
            let message = match get("message") {
                Some((_, m)) => m.as_scalar().unwrap_or_default().to_owned(),
                None => self
                    .catalog
                    .error_description(action, code)
                    .unwrap_or("scripted error")
                    .to_owned(),
            };
            ReplyKind::Error {
                code: code.to_owned(),
                message,
            }
        } else if let Some((_, v)) = get("example") {
            match v.as_scalar().and_then(|t| t.parse::<usize>().ok()) {
                Some(i) if i < action.examples.len() => ReplyKind::Example(i),
                _ => {
                    let n = action.examples.len();
                    self.err(
                        &v.pos,
                        format!(
                            "`{}` has {n} documented example{} with a success response",
                            action.name,
                            if n == 1 { "" } else { "s" }
                        ),
                        if n == 0 {
                            "use `response: {...}` instead".to_owned()
                        } else {
                            format!("use an index from 0 to {}", n - 1)
                        },
                    );
                    return;
                }
            }
        } else if let Some((_, v)) = get("fault") {
            match v.as_scalar() {
                Some("reset") => ReplyKind::Fault(Fault::Reset),
                Some("stall" | "timeout") => ReplyKind::Fault(Fault::Stall(if delay.is_zero() {
                    DEFAULT_STALL
                } else {
                    delay
                })),
                Some("malformed") => ReplyKind::Fault(Fault::Malformed),
                Some("truncated") => ReplyKind::Fault(Fault::Truncated),
                other => {
                    let t = other.unwrap_or_default();
                    let hint = match did_you_mean(t, ["reset", "stall", "timeout", "malformed", "truncated"]) {
                        Some(m) => format!("did you mean `{m}`?"),
                        None => "faults: reset, stall (or timeout), malformed, truncated; for an HTTP error use `status: 503`".to_owned(),
                    };
                    self.err(&v.pos, format!("unknown fault `{t}`"), hint);
                    return;
                }
            }
        } else if let Some((_, v)) = get("status") {
            match v.as_scalar().and_then(|t| t.parse::<u16>().ok()) {
                Some(status @ 200..=599) => {
                    let body = match get("body") {
                        Some((_, b)) => b.as_scalar().unwrap_or_default().to_owned(),
                        None => format!("<html><body><h1>{status}</h1></body></html>"),
                    };
                    ReplyKind::Fault(Fault::Http { status, body })
                }
                _ => {
                    self.err(
                        &v.pos,
                        "`status` is an HTTP status from 200 to 599",
                        "e.g. `status: 503`",
                    );
                    return;
                }
            }
        } else {
            ReplyKind::Default
        };
        // A stall's `delay` is its length, not a wait before it.
        let delay = if matches!(kind, ReplyKind::Fault(Fault::Stall(_))) {
            Duration::ZERO
        } else {
            delay
        };
        if out.len() + times > MAX_REPLIES {
            self.err(
                &node.pos,
                format!("a rule has more than {MAX_REPLIES} replies"),
                "use `then: repeat` or `then: cycle`",
            );
            return;
        }
        for _ in 0..times {
            out.push(Reply {
                pos: node.pos.clone(),
                delay,
                kind: kind.clone(),
            });
        }
    }

    fn check_response(&mut self, m: &Map<String, Value>, node: &Node, action: &ActionSpec) {
        let Some(service) = self.catalog.service(&action.service, &action.version) else {
            return;
        };
        let shapes = service.shapes(action);
        for p in params::check(m, &action.response, &shapes, Mode::Response) {
            let top = p.path.split(['.', '[']).next().unwrap_or_default();
            let pos = entries(node)
                .and_then(|e| e.iter().find(|(k, _)| k.as_scalar() == Some(top)))
                .map_or(&node.pos, |(k, _)| &k.pos)
                .clone();
            self.err(
                &pos,
                format!("response of `{}`: `{}`: {}", action.name, p.path, p.message),
                "write the fields as the action documents them (the client would not decode this)",
            );
        }
    }
}

/// Sets the member at `path` (`Items`, or one level down: `Data.List`), making the objects
/// on the way.
fn insert_path(out: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            out.insert(path.to_owned(), value);
        }
        Some((outer, rest)) => {
            let inner = out
                .entry(outer.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !inner.is_object() {
                *inner = Value::Object(Map::new());
            }
            if let Value::Object(m) = inner {
                insert_path(m, rest, value);
            }
        }
    }
}

/// `template` with `{n}` in its strings replaced by `n`.
fn numbered(template: &Value, n: u64) -> Value {
    match template {
        Value::String(s) => Value::String(s.replace("{n}", &n.to_string())),
        Value::Array(items) => Value::Array(items.iter().map(|v| numbered(v, n)).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), numbered(v, n))).collect())
        }
        other => other.clone(),
    }
}

fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// `250ms`, `2s`, `1.5s`, `1m`; at most [`MAX_DELAY`].
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (num, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        return Err(format!("`{t}` has no unit"));
    };
    let value: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("`{t}` is not a duration"))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!("`{t}` is not a duration"));
    }
    let secs = value * scale;
    if secs > MAX_DELAY.as_secs_f64() {
        return Err(format!("`{t}` is longer than the limit of 1 hour"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// A YAML node as JSON: plain scalars are typed as YAML 1.2's core schema types them
/// (`true`, `12`, `1.5`, `null`), quoted scalars are strings.
pub fn to_json(node: &Node) -> Value {
    match &node.kind {
        Kind::Scalar { text, plain: false } => Value::String(text.clone()),
        Kind::Scalar { text, plain: true } => {
            if node.is_null() {
                return Value::Null;
            }
            match text.as_str() {
                "true" | "True" | "TRUE" => return Value::Bool(true),
                "false" | "False" | "FALSE" => return Value::Bool(false),
                _ => {}
            }
            if let Ok(i) = text.parse::<i64>() {
                return Value::from(i);
            }
            if let Ok(u) = text.parse::<u64>() {
                return Value::from(u);
            }
            let numeric = text
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
                && text.chars().any(|c| c.is_ascii_digit());
            if numeric {
                if let Some(n) = text
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                {
                    return Value::Number(n);
                }
            }
            Value::String(text.clone())
        }
        Kind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Kind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.as_scalar().unwrap_or_default().to_owned(), to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("5").unwrap_err().contains("no unit"));
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("2h").is_err());
        assert!(parse_duration("61m").unwrap_err().contains("limit"));
    }

    #[test]
    fn subset_matching() {
        let have: Map<String, Value> =
            serde_json::from_str(r#"{"UserId":"u1","Ids":["a","b"],"N":3,"Obj":{"K":"v","X":1}}"#)
                .unwrap();
        let m = |s: &str| serde_json::from_str::<Map<String, Value>>(s).unwrap();
        assert!(subset(&m(r#"{"UserId":"u1"}"#), &have));
        assert!(subset(&m(r#"{"N":3.0,"Obj":{"K":"v"}}"#), &have));
        assert!(subset(&m(r#"{"Ids":["a","b"]}"#), &have));
        assert!(!subset(&m(r#"{"Ids":["a"]}"#), &have));
        assert!(!subset(&m(r#"{"UserId":"u2"}"#), &have));
        assert!(!subset(&m(r#"{"Missing":1}"#), &have));
    }

    #[test]
    fn yaml_scalars_to_json() {
        let file: Arc<Path> = Arc::from(Path::new("s.yaml"));
        let n = yaml::parse(
            &file,
            "a: 1\nb: '1'\nc: true\nd: 1.5\ne: ~\nf: text\ng: -3\nh: 1e3\n",
        )
        .unwrap();
        assert_eq!(
            to_json(&n),
            serde_json::json!({"a": 1, "b": "1", "c": true, "d": 1.5, "e": null, "f": "text", "g": -3, "h": 1000.0})
        );
    }

    #[test]
    fn collections_serve_the_page_asked_for() {
        use tcapi_codegen::ir::{PageKind, Pagination};
        let paging = |kind, cursor: &str, next: Option<&str>| Pagination {
            kind,
            cursor: cursor.into(),
            limit: Some("PageSize".into()),
            items: "List".into(),
            total: Some("Total".into()),
            next_token: next.map(str::to_owned),
            max_limit: None,
        };
        let c = |paging| Collection {
            paging,
            items: (1..=7).map(Value::from).collect(),
            page_size: 3,
        };
        let req = |v: Value| v.as_object().cloned().unwrap();
        let pages = c(paging(PageKind::Page { first: 1 }, "PageNumber", None));
        let p = pages
            .page(&req(serde_json::json!({"PageNumber": 3})))
            .unwrap();
        assert_eq!(p["List"], serde_json::json!([7]));
        assert_eq!(p["Total"], 7);
        let p = pages
            .page(&req(serde_json::json!({"PageNumber": "2", "PageSize": 2})))
            .unwrap();
        assert_eq!(p["List"], serde_json::json!([3, 4]));
        let zero = c(paging(PageKind::Page { first: 0 }, "PageIndex", None));
        let p = zero.page(&req(serde_json::json!({}))).unwrap();
        assert_eq!(p["List"], serde_json::json!([1, 2, 3]));
        let past = pages
            .page(&req(serde_json::json!({"PageNumber": 9})))
            .unwrap();
        assert_eq!(past["List"], serde_json::json!([]));
        let tokens = c(paging(PageKind::Token, "NextToken", Some("NextToken")));
        let p = tokens.page(&req(serde_json::json!({}))).unwrap();
        assert_eq!(p["NextToken"], "mock-page-3");
        let p = tokens
            .page(&req(serde_json::json!({"NextToken": "mock-page-6"})))
            .unwrap();
        assert_eq!(
            (&p["List"], &p["NextToken"]),
            (&serde_json::json!([7]), &Value::from(""))
        );
        let (code, _) = tokens
            .page(&req(serde_json::json!({"NextToken": "x"})))
            .unwrap_err();
        assert_eq!(code, "InvalidParameterValue");
        let mut nested = paging(PageKind::Offset, "Offset", None);
        nested.items = "Data.List".into();
        nested.total = Some("Data.TotalCount".into());
        let p = c(nested)
            .page(&req(serde_json::json!({"Offset": 6})))
            .unwrap();
        assert_eq!(p["Data"], serde_json::json!({"TotalCount": 7, "List": [7]}));
    }

    #[test]
    fn codes() {
        assert!(is_code("ResourceNotFound.NoIdle"));
        assert!(is_code("InternalError"));
        assert!(!is_code("a..b"));
        assert!(!is_code("has space"));
        assert!(!is_code(""));
    }
}
