//! Decoding the position-marked YAML tree into the spec model.
//!
//! Unlike a serde derive, the decoder keeps going after a problem: every unknown key,
//! missing key, wrong type and duplicate in a file is reported, each at its position,
//! with a hint.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::spec::model::*;
use crate::spec::yaml::{Kind, Node};

/// Collects diagnostics while decoding.
pub struct Cx<'d> {
    /// Where problems go.
    pub diags: &'d mut Diagnostics,
}

impl Cx<'_> {
    fn err(&mut self, pos: &Pos, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::new(pos, msg).hint(hint));
    }

    fn expect_map<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [(Node, Node)]> {
        match &node.kind {
            Kind::Map(e) => Some(e),
            _ if node.is_null() => Some(&[]),
            _ => {
                self.err(
                    &node.pos,
                    format!("{what} must be a mapping, found {}", node.shape()),
                    "write `key: value` pairs, one per line, indented under it",
                );
                None
            }
        }
    }

    fn string(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.kind {
            Kind::Scalar { text, .. } if !node.is_null() => Some(text.clone()),
            _ => {
                self.err(
                    &node.pos,
                    format!("`{key}` must be a string, found {}", node.shape()),
                    format!("write `{key}: some text` (quote it if it contains `: `)"),
                );
                None
            }
        }
    }

    fn sstring(&mut self, node: &Node, key: &str) -> Option<Spanned<String>> {
        self.string(node, key)
            .map(|v| Spanned::new(v, node.pos.clone()))
    }

    fn boolean(&mut self, node: &Node, key: &str) -> Option<bool> {
        match &node.kind {
            Kind::Scalar { text, plain: true } if text == "true" || text == "false" => {
                Some(text == "true")
            }
            _ => {
                self.err(
                    &node.pos,
                    format!(
                        "`{key}` must be `true` or `false`, found {}",
                        describe(node)
                    ),
                    format!("write `{key}: true` or `{key}: false` (without quotes)"),
                );
                None
            }
        }
    }

    fn integer(&mut self, node: &Node, key: &str) -> Option<i64> {
        match &node.kind {
            Kind::Scalar { text, plain: true } => match text.parse::<i64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    self.err(
                        &node.pos,
                        format!("`{key}` must be a whole number, found {}", describe(node)),
                        format!("write `{key}: 20` (digits only, no unit)"),
                    );
                    None
                }
            },
            _ => {
                self.err(
                    &node.pos,
                    format!("`{key}` must be a whole number, found {}", describe(node)),
                    format!("write `{key}: 20` (digits only, without quotes)"),
                );
                None
            }
        }
    }

    fn unsigned(&mut self, node: &Node, key: &str) -> Option<u64> {
        let v = self.integer(node, key)?;
        if v < 0 {
            self.err(
                &node.pos,
                format!("`{key}` must not be negative, found {v}"),
                "counts and lengths start at 0",
            );
            return None;
        }
        Some(v as u64)
    }

    fn number(&mut self, node: &Node, key: &str) -> Option<Num> {
        if let Kind::Scalar { text, plain: true } = &node.kind {
            if let Ok(i) = text.parse::<i64>() {
                return Some(Num::Int(i));
            }
            if let Ok(u) = text.parse::<u64>() {
                return Some(Num::UInt(u));
            }
            if let Ok(f) = text.parse::<f64>() {
                if f.is_finite() {
                    return Some(Num::Float(f));
                }
            }
        }
        self.err(
            &node.pos,
            format!("`{key}` must be a number, found {}", describe(node)),
            format!("write `{key}: 10` or `{key}: 0.5` (without quotes)"),
        );
        None
    }

    fn one_of<T: Copy>(
        &mut self,
        node: &Node,
        key: &str,
        options: &[(&str, T)],
    ) -> Option<Spanned<T>> {
        let text = self.string(node, key)?;
        if let Some((_, v)) = options.iter().find(|(n, _)| *n == text) {
            return Some(Spanned::new(*v, node.pos.clone()));
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let mut hint = format!("use one of: {}", names.join(", "));
        if let Some(s) = did_you_mean(&text, names.iter().copied()) {
            hint = format!("did you mean `{s}`? ({hint})");
        }
        self.err(&node.pos, format!("`{key}` cannot be `{text}`"), hint);
        None
    }

    /// A scalar of any kind as text (for examples and defaults).
    fn scalar_text(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.kind {
            Kind::Scalar { text, .. } => Some(text.clone()),
            _ => {
                self.err(
                    &node.pos,
                    format!("`{key}` must be a single value, found {}", node.shape()),
                    "write the value on one line; quote it if it contains `: `",
                );
                None
            }
        }
    }

    /// Entries of a mapping keyed by names, reporting repeated names with `noun`.
    fn named_entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        noun: &str,
    ) -> Vec<(Spanned<String>, &'n Node)> {
        let Some(entries) = self.expect_map(node, what) else {
            return Vec::new();
        };
        let mut seen: HashMap<&str, &Pos> = HashMap::new();
        let mut out = Vec::new();
        for (k, v) in entries {
            let Some(name) = k.as_scalar().filter(|_| !k.is_null()) else {
                self.err(
                    &k.pos,
                    format!("{noun} name must be a plain name, found {}", k.shape()),
                    "write `Name:`",
                );
                continue;
            };
            if let Some(first) = seen.get(name) {
                self.err(
                    &k.pos,
                    format!(
                        "duplicate {noun} `{name}` (first defined at line {})",
                        first.line
                    ),
                    format!("each {noun} is defined once: remove or rename one of them"),
                );
                continue;
            }
            seen.insert(name, &k.pos);
            out.push((Spanned::new(name.to_owned(), k.pos.clone()), v));
        }
        out
    }

    fn seq<'n>(&mut self, node: &'n Node, key: &str) -> &'n [Node] {
        match &node.kind {
            Kind::Seq(items) => items,
            _ if node.is_null() => &[],
            _ => {
                self.err(
                    &node.pos,
                    format!("`{key}` must be a list, found {}", node.shape()),
                    "write one `- item` per line",
                );
                &[]
            }
        }
    }
}

fn describe(node: &Node) -> String {
    match &node.kind {
        Kind::Scalar { text, plain } if !node.is_null() => {
            if *plain {
                format!("`{text}`")
            } else {
                format!("the quoted text `{text}`")
            }
        }
        _ => node.shape().to_owned(),
    }
}

/// The keys of one mapping that describes a struct: takes known keys, reports unknown,
/// repeated and missing ones.
struct Obj<'n> {
    pos: Pos,
    what: String,
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
    allowed: &'static [&'static str],
}

impl<'n> Obj<'n> {
    fn new(
        cx: &mut Cx,
        node: &'n Node,
        what: impl Into<String>,
        allowed: &'static [&'static str],
    ) -> Option<Self> {
        let what = what.into();
        let entries = cx.expect_map(node, &what)?;
        let mut out: Vec<(&str, &Node, &Node)> = Vec::new();
        for (k, v) in entries {
            let Some(key) = k.as_scalar() else {
                cx.err(
                    &k.pos,
                    format!("keys of {what} must be plain words, found {}", k.shape()),
                    "write `key: value`",
                );
                continue;
            };
            if let Some((_, first, _)) = out.iter().find(|(n, _, _)| *n == key) {
                cx.err(
                    &k.pos,
                    format!(
                        "key `{key}` is given twice in {what} (first at line {})",
                        first.pos.line
                    ),
                    "keep one of them",
                );
                continue;
            }
            if !allowed.contains(&key) {
                let hint = match did_you_mean(key, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("allowed keys here: {}", allowed.join(", ")),
                };
                cx.err(&k.pos, format!("unknown key `{key}` in {what}"), hint);
                continue;
            }
            out.push((key, k, v));
        }
        Some(Obj {
            pos: node.pos.clone(),
            what,
            entries: out,
            allowed,
        })
    }

    /// The value of an optional key (a `null` value counts as absent).
    fn get(&self, key: &str) -> Option<&'n Node> {
        debug_assert!(self.allowed.contains(&key), "{key}");
        self.entries
            .iter()
            .find(|(n, _, _)| *n == key)
            .map(|(_, _, v)| *v)
            .filter(|v| !v.is_null())
    }

    /// The value of a required key; reports it missing.
    fn need(&self, cx: &mut Cx, key: &str, example: &str) -> Option<&'n Node> {
        let v = self.get(key);
        if v.is_none() {
            cx.err(
                &self.pos,
                format!("missing required key `{key}` in {}", self.what),
                format!("add `{key}: {example}`"),
            );
        }
        v
    }
}

const REGION: &[(&str, RegionRule)] = &[
    ("required", RegionRule::Required),
    ("optional", RegionRule::Optional),
    ("unused", RegionRule::Unused),
];

/// Decodes a service spec file.
pub fn spec_file(cx: &mut Cx, root: &Node) -> Option<SpecFile> {
    const KEYS: &[&str] = &[
        "service",
        "version",
        "title",
        "description",
        "endpoints",
        "region",
        "errors",
        "error_enum",
        "actions",
        "types",
        "flows",
        "waiters",
    ];
    let o = Obj::new(cx, root, "the spec file", KEYS)?;
    let service = o
        .need(cx, "service", "gse")
        .and_then(|n| cx.sstring(n, "service"));
    let version = o
        .need(cx, "version", "\"2019-11-12\"")
        .and_then(|n| cx.sstring(n, "version"));
    let title = o.get("title").and_then(|n| cx.sstring(n, "title"));
    let description = o
        .get("description")
        .and_then(|n| cx.sstring(n, "description"));
    let endpoints = o.get("endpoints").and_then(|n| endpoints(cx, n));
    let region = o.get("region").and_then(|n| cx.one_of(n, "region", REGION));
    let errors = o
        .get("errors")
        .map(|n| Spanned::new(error_codes(cx, n, "the service's `errors`"), n.pos.clone()));
    let error_enum = o
        .get("error_enum")
        .and_then(|n| cx.sstring(n, "error_enum"));
    let mut actions = Vec::new();
    if let Some(n) = o.get("actions") {
        for (name, v) in cx.named_entries(n, "`actions`", "action") {
            if let Some(a) = action(cx, name, v) {
                actions.push(a);
            }
        }
    }
    let mut types = Vec::new();
    if let Some(n) = o.get("types") {
        for (name, v) in cx.named_entries(n, "`types`", "type") {
            if let Some(t) = type_def(cx, name, v) {
                types.push(t);
            }
        }
    }
    let mut flows = Vec::new();
    if let Some(n) = o.get("flows") {
        for (name, v) in cx.named_entries(n, "`flows`", "flow") {
            if let Some(f) = flow(cx, name, v) {
                flows.push(f);
            }
        }
    }
    let mut waiters = Vec::new();
    if let Some(n) = o.get("waiters") {
        for (name, v) in cx.named_entries(n, "`waiters`", "waiter") {
            if let Some(w) = waiter(cx, name, v) {
                waiters.push(w);
            }
        }
    }
    Some(SpecFile {
        pos: root.pos.clone(),
        service: service?,
        version: version?,
        title,
        description,
        endpoints,
        region,
        errors,
        error_enum,
        actions,
        types,
        flows,
        waiters,
    })
}

fn waiter(cx: &mut Cx, name: Spanned<String>, node: &Node) -> Option<WaiterSpec> {
    const KEYS: &[&str] = &[
        "description",
        "action",
        "state",
        "success",
        "failure",
        "none",
        "interval",
        "deadline",
    ];
    let what = format!("waiter `{}`", name.value);
    let o = Obj::new(cx, node, what, KEYS)?;
    let description = o
        .get("description")
        .and_then(|n| cx.string(n, "description"));
    let action = o
        .need(cx, "action", "DescribeInstances")
        .and_then(|n| cx.sstring(n, "action"));
    let state = o
        .need(cx, "state", "InstanceSet[].InstanceState")
        .and_then(|n| cx.sstring(n, "state"));
    let values = |cx: &mut Cx, key: &str| {
        let mut out = Vec::new();
        if let Some(n) = o.get(key) {
            for v in cx.seq(n, key) {
                if let Some(s) = cx.sstring(v, key) {
                    out.push(s);
                }
            }
        }
        out
    };
    let success = values(cx, "success");
    let failure = values(cx, "failure");
    if success.is_empty() && o.get("none").is_none() {
        cx.diags.push(
            Diagnostic::new(
                &node.pos,
                format!("waiter `{}` has no `success` states", name.value),
            )
            .hint("add `success: [RUNNING]` (the documented states that end the wait)"),
        );
    }
    let none_is_success = o
        .get("none")
        .and_then(|n| cx.one_of(n, "none", &[("wait", false), ("success", true)]))
        .is_some_and(|v| v.value);
    let interval = o.get("interval").and_then(|n| {
        cx.integer(n, "interval")
            .map(|v| Spanned::new(v, n.pos.clone()))
    });
    let deadline = o.get("deadline").and_then(|n| {
        cx.integer(n, "deadline")
            .map(|v| Spanned::new(v, n.pos.clone()))
    });
    Some(WaiterSpec {
        name,
        description,
        action: action?,
        state: state?,
        success,
        failure,
        none_is_success,
        interval,
        deadline,
    })
}

fn endpoints(cx: &mut Cx, node: &Node) -> Option<Spanned<Endpoints>> {
    const KEYS: &[&str] = &["mainland", "international", "regional", "documented"];
    let o = Obj::new(cx, node, "`endpoints`", KEYS)?;
    Some(Spanned::new(
        Endpoints {
            mainland: o.get("mainland").and_then(|n| cx.sstring(n, "mainland")),
            international: o
                .get("international")
                .and_then(|n| cx.sstring(n, "international")),
            regional: o.get("regional").and_then(|n| cx.sstring(n, "regional")),
            documented: o.get("documented").and_then(|n| {
                cx.one_of(
                    n,
                    "documented",
                    &[
                        ("mainland", Documented::Mainland),
                        ("international", Documented::International),
                    ],
                )
            }),
        },
        node.pos.clone(),
    ))
}

fn action(cx: &mut Cx, name: Spanned<String>, node: &Node) -> Option<Action> {
    const KEYS: &[&str] = &[
        "description",
        "rate_limit",
        "timeout",
        "status",
        "region",
        "idempotent",
        "streaming",
        "octet_stream",
        "pagination",
        "input",
        "output",
        "errors",
        "errors_source",
        "examples",
    ];
    let what = format!("action `{}`", name.value);
    let o = Obj::new(cx, node, what.clone(), KEYS)?;
    let description = o
        .need(cx, "description", "This API is used to ...")
        .and_then(|n| cx.sstring(n, "description"));
    let rate_limit = o.get("rate_limit").and_then(|n| {
        cx.integer(n, "rate_limit")
            .map(|v| Spanned::new(v, n.pos.clone()))
    });
    let timeout = o.get("timeout").and_then(|n| {
        cx.integer(n, "timeout")
            .map(|v| Spanned::new(v, n.pos.clone()))
    });
    let status = o.get("status").and_then(|n| {
        cx.one_of(
            n,
            "status",
            &[
                ("online", Status::Online),
                ("deprecated", Status::Deprecated),
            ],
        )
    });
    let region = o.get("region").and_then(|n| cx.one_of(n, "region", REGION));
    let idempotent = o.get("idempotent").and_then(|n| {
        cx.boolean(n, "idempotent")
            .map(|v| Spanned::new(v, n.pos.clone()))
    });
    let streaming = o
        .get("streaming")
        .and_then(|n| cx.boolean(n, "streaming"))
        .unwrap_or(false);
    let octet_stream = o
        .get("octet_stream")
        .and_then(|n| octet_stream(cx, n, &what));
    let pagination = o.get("pagination").and_then(|n| pagination(cx, n, &what));
    let input = o
        .get("input")
        .map(|n| params(cx, n, &format!("`input` of {what}")))
        .unwrap_or_default();
    let output = o
        .get("output")
        .map(|n| params(cx, n, &format!("`output` of {what}")))
        .unwrap_or_default();
    let errors = o
        .get("errors")
        .map(|n| error_codes(cx, n, &format!("`errors` of {what}")))
        .unwrap_or_default();
    let errors_source = o.get("errors_source").and_then(|n| {
        cx.one_of(
            n,
            "errors_source",
            &[
                ("page", ErrorsSource::Page),
                ("go-sdk", ErrorsSource::GoSdk),
                ("service", ErrorsSource::Service),
            ],
        )
    });
    let mut examples = Vec::new();
    if let Some(n) = o.get("examples") {
        for item in cx.seq(n, "examples") {
            if let Some(e) = example(cx, item) {
                examples.push(e);
            }
        }
    }
    Some(Action {
        name,
        description,
        rate_limit,
        timeout,
        status,
        region,
        idempotent,
        streaming,
        octet_stream,
        pagination,
        input,
        output,
        errors,
        errors_source,
        examples,
    })
}

fn octet_stream(cx: &mut Cx, node: &Node, action: &str) -> Option<OctetStreamSpec> {
    const KEYS: &[&str] = &["body", "headers"];
    let what = format!("`octet_stream` of {action}");
    let o = Obj::new(cx, node, what.clone(), KEYS)?;
    let body = o
        .need(cx, "body", "Data")
        .and_then(|n| cx.sstring(n, "body"));
    let mut headers = Vec::new();
    if let Some(n) = o.get("headers") {
        for (member, v) in cx.named_entries(n, &format!("`headers` of {what}"), "header member") {
            if let Some(h) = cx.sstring(v, "headers") {
                headers.push((member, h));
            }
        }
    }
    Some(OctetStreamSpec {
        pos: node.pos.clone(),
        body: body?,
        headers,
    })
}

fn pagination(cx: &mut Cx, node: &Node, action: &str) -> Option<PaginationSpec> {
    const KEYS: &[&str] = &[
        "offset",
        "page",
        "token",
        "limit",
        "items",
        "total",
        "next_token",
        "max_limit",
        "first_page",
    ];
    let what = format!("`pagination` of {action}");
    let o = Obj::new(cx, node, what.clone(), KEYS)?;
    let kinds = [
        ("offset", PageKind::Offset),
        ("page", PageKind::Page),
        ("token", PageKind::Token),
    ];
    let given: Vec<(PageKind, &Node)> = kinds
        .iter()
        .filter_map(|(k, kind)| o.get(k).map(|n| (*kind, n)))
        .collect();
    let (kind, cursor_node) = match given.as_slice() {
        [one] => *one,
        [] => {
            cx.diags.push(
                Diagnostic::new(
                    &node.pos,
                    format!("{what} names no request member that moves"),
                )
                .hint("add one of `offset: Offset`, `page: PageNumber` or `token: NextToken`"),
            );
            return None;
        }
        [_, (_, second), ..] => {
            cx.diags.push(
                Diagnostic::new(
                    &second.pos,
                    format!("{what} names more than one of `offset`, `page` and `token`"),
                )
                .hint("an action pages one way: keep the one its documentation describes"),
            );
            return None;
        }
    };
    let key = match kind {
        PageKind::Offset => "offset",
        PageKind::Page => "page",
        PageKind::Token => "token",
    };
    let cursor = cx.sstring(cursor_node, key);
    let limit = o.get("limit").and_then(|n| cx.sstring(n, "limit"));
    let items = o
        .need(cx, "items", "InstanceSet")
        .and_then(|n| cx.sstring(n, "items"));
    let total = o.get("total").and_then(|n| cx.sstring(n, "total"));
    let next_token = o
        .get("next_token")
        .and_then(|n| cx.sstring(n, "next_token"));
    let max_limit = o.get("max_limit").and_then(|n| {
        cx.integer(n, "max_limit")
            .map(|v| Spanned::new(v, n.pos.clone()))
    });
    let first_page = o.get("first_page").and_then(|n| {
        cx.integer(n, "first_page")
            .map(|v| Spanned::new(v, n.pos.clone()))
    });
    Some(PaginationSpec {
        pos: node.pos.clone(),
        kind,
        cursor: cursor?,
        limit,
        items: items?,
        total,
        next_token,
        max_limit,
        first_page,
    })
}

/// Decodes a mapping of error codes (`Code: description` or `Code: {description, retryable}`).
pub fn error_codes(cx: &mut Cx, node: &Node, what: &str) -> Vec<ErrorCode> {
    let mut out = Vec::new();
    for (code, v) in cx.named_entries(node, what, "error code") {
        match &v.kind {
            Kind::Scalar { text, .. } => out.push(ErrorCode {
                code,
                description: text.clone(),
                retryable: false,
            }),
            Kind::Map(_) => {
                const KEYS: &[&str] = &["description", "retryable"];
                let Some(o) = Obj::new(cx, v, format!("error code `{}`", code.value), KEYS) else {
                    continue;
                };
                let description = o
                    .need(cx, "description", "What the code means.")
                    .and_then(|n| cx.string(n, "description"));
                let retryable = o
                    .get("retryable")
                    .and_then(|n| cx.boolean(n, "retryable"))
                    .unwrap_or(false);
                if let Some(description) = description {
                    out.push(ErrorCode {
                        code,
                        description,
                        retryable,
                    });
                }
            }
            Kind::Seq(_) => cx.err(
                &v.pos,
                format!(
                    "error code `{}` must have a description, found a list",
                    code.value
                ),
                "write `Code: What it means.` or `Code: { description: ..., retryable: true }`",
            ),
        }
    }
    out
}

fn example(cx: &mut Cx, node: &Node) -> Option<Example> {
    const KEYS: &[&str] = &["title", "description", "request", "response"];
    let o = Obj::new(cx, node, "an example", KEYS)?;
    let title = o
        .need(cx, "title", "Requesting concurrency quota")
        .and_then(|n| cx.string(n, "title"));
    let description = o
        .get("description")
        .and_then(|n| cx.string(n, "description"));
    let request = o
        .need(cx, "request", "|\n  {\"Key\": \"value\"}")
        .and_then(|n| cx.sstring(n, "request"));
    let response = o
        .need(
            cx,
            "response",
            "|\n  {\"Response\": {\"RequestId\": \"...\"}}",
        )
        .and_then(|n| cx.sstring(n, "response"));
    Some(Example {
        pos: node.pos.clone(),
        title: title?,
        description,
        request: request?,
        response: response?,
    })
}

fn type_def(cx: &mut Cx, name: Spanned<String>, node: &Node) -> Option<TypeDef> {
    const KEYS: &[&str] = &["description", "fields"];
    let what = format!("type `{}`", name.value);
    let o = Obj::new(cx, node, what.clone(), KEYS)?;
    let description = o
        .get("description")
        .and_then(|n| cx.string(n, "description"));
    let fields = o
        .need(cx, "fields", "{ Name: { type: String } }")
        .map(|n| params(cx, n, &format!("`fields` of {what}")))
        .unwrap_or_default();
    Some(TypeDef {
        name,
        description,
        fields,
    })
}

fn flow(cx: &mut Cx, name: Spanned<String>, node: &Node) -> Option<Flow> {
    const KEYS: &[&str] = &["title", "description", "participants", "steps"];
    let what = format!("flow `{}`", name.value);
    let o = Obj::new(cx, node, what, KEYS)?;
    let title = o
        .need(cx, "title", "Starting an Application")
        .and_then(|n| cx.string(n, "title"));
    let description = o
        .get("description")
        .and_then(|n| cx.string(n, "description"));
    let mut participants = Vec::new();
    if let Some(n) = o.need(cx, "participants", "[Client, Backend]") {
        for p in cx.seq(n, "participants") {
            if let Some(s) = cx.sstring(p, "participants") {
                participants.push(s);
            }
        }
    }
    let mut steps = Vec::new();
    if let Some(n) = o.need(cx, "steps", "[{ from: Client, to: Backend, message: ... }]") {
        for s in cx.seq(n, "steps") {
            const SKEYS: &[&str] = &["from", "to", "action", "message", "note"];
            let Some(so) = Obj::new(cx, s, "a flow step", SKEYS) else {
                continue;
            };
            let from = so
                .need(cx, "from", "Business backend")
                .and_then(|n| cx.sstring(n, "from"));
            let to = so
                .need(cx, "to", "CAR backend")
                .and_then(|n| cx.sstring(n, "to"));
            let action = so.get("action").and_then(|n| cx.sstring(n, "action"));
            let message = so
                .need(cx, "message", "ApplyConcurrent")
                .and_then(|n| cx.string(n, "message"));
            let note = so.get("note").and_then(|n| cx.string(n, "note"));
            if let (Some(from), Some(to), Some(message)) = (from, to, message) {
                steps.push(FlowStep {
                    pos: s.pos.clone(),
                    from,
                    to,
                    action,
                    message,
                    note,
                });
            }
        }
    }
    Some(Flow {
        name,
        title: title?,
        description,
        participants,
        steps,
    })
}

fn params(cx: &mut Cx, node: &Node, what: &str) -> Vec<Param> {
    let mut out = Vec::new();
    for (name, v) in cx.named_entries(node, what, "parameter") {
        if let Some(p) = param(cx, name, v) {
            out.push(p);
        }
    }
    out
}

const PARAM_KEYS: &[&str] = &[
    "type",
    "required",
    "nullable",
    "description",
    "example",
    "deprecated",
    "sensitive",
    "unit",
    "default",
    "raw_name",
    "rust_name",
    "length",
    "ascii",
    "pattern",
    "items",
    "range",
    "enum",
];

fn param(cx: &mut Cx, name: Spanned<String>, node: &Node) -> Option<Param> {
    let what = format!("parameter `{}`", name.value);
    let o = Obj::new(cx, node, what, PARAM_KEYS)?;
    let ty = o.need(cx, "type", "String").and_then(|n| type_expr(cx, n));
    let flag =
        |cx: &mut Cx, key: &str| o.get(key).and_then(|n| cx.boolean(n, key)).unwrap_or(false);
    let required = flag(cx, "required");
    let nullable = flag(cx, "nullable");
    let deprecated = flag(cx, "deprecated");
    let sensitive = flag(cx, "sensitive");
    let raw_name = flag(cx, "raw_name");
    let description = o
        .get("description")
        .and_then(|n| cx.string(n, "description"));
    let example = o.get("example").and_then(|n| cx.scalar_text(n, "example"));
    let unit = o.get("unit").and_then(|n| cx.string(n, "unit"));
    let default = o.get("default").and_then(|n| cx.scalar_text(n, "default"));
    let rust_name = o.get("rust_name").and_then(|n| cx.sstring(n, "rust_name"));
    let length = o.get("length").and_then(|n| bounds_u64(cx, n, "length"));
    let items = o.get("items").and_then(|n| bounds_u64(cx, n, "items"));
    let ascii = o.get("ascii").and_then(|n| {
        cx.boolean(n, "ascii")
            .map(|v| Spanned::new(v, n.pos.clone()))
    });
    let pattern = o.get("pattern").and_then(|n| cx.sstring(n, "pattern"));
    let range = o.get("range").and_then(|n| {
        const KEYS: &[&str] = &["min", "max"];
        let b = Obj::new(cx, n, "`range`", KEYS)?;
        Some(Spanned::new(
            Bounds {
                min: b.get("min").and_then(|m| cx.number(m, "min")),
                max: b.get("max").and_then(|m| cx.number(m, "max")),
            },
            n.pos.clone(),
        ))
    });
    let enumeration = o.get("enum").and_then(|n| enum_spec(cx, n));
    Some(Param {
        name,
        ty: ty?,
        required,
        nullable,
        description,
        example,
        deprecated,
        sensitive,
        unit,
        default,
        raw_name,
        rust_name,
        length,
        ascii,
        pattern,
        items,
        range,
        enumeration,
    })
}

fn bounds_u64(cx: &mut Cx, node: &Node, key: &str) -> Option<Spanned<Bounds<u64>>> {
    const KEYS: &[&str] = &["min", "max"];
    let b = Obj::new(cx, node, format!("`{key}`"), KEYS)?;
    Some(Spanned::new(
        Bounds {
            min: b.get("min").and_then(|m| cx.unsigned(m, "min")),
            max: b.get("max").and_then(|m| cx.unsigned(m, "max")),
        },
        node.pos.clone(),
    ))
}

fn enum_spec(cx: &mut Cx, node: &Node) -> Option<Spanned<EnumSpec>> {
    let mut variants: Vec<(Spanned<String>, Spanned<String>)> = Vec::new();
    let (values_node, open, name) = match &node.kind {
        Kind::Seq(_) => (node, true, None),
        Kind::Map(_) => {
            const KEYS: &[&str] = &["values", "open", "name", "variants"];
            let o = Obj::new(cx, node, "`enum`", KEYS)?;
            let values = o.need(cx, "values", "[A, B]")?;
            let open = o
                .get("open")
                .and_then(|n| cx.boolean(n, "open"))
                .unwrap_or(true);
            let name = o.get("name").and_then(|n| cx.sstring(n, "name"));
            if let Some(v) = o.get("variants") {
                match &v.kind {
                    Kind::Map(entries) => {
                        for (k, n) in entries {
                            let Some(value) = cx.scalar_text(k, "enum value") else {
                                continue;
                            };
                            if let Some(rust) = cx.sstring(n, "variant name") {
                                variants.push((Spanned::new(value, k.pos.clone()), rust));
                            }
                        }
                    }
                    _ => cx.err(
                        &v.pos,
                        format!(
                            "`variants` must map values to Rust names, found {}",
                            v.shape()
                        ),
                        "write `variants: { \"华北\": NorthChina }`",
                    ),
                }
            }
            (values, open, name)
        }
        Kind::Scalar { .. } => {
            cx.err(
                &node.pos,
                format!("`enum` must list the values, found {}", node.shape()),
                "write `enum: [A, B]` or `enum: { values: { A: what A means }, open: true }`",
            );
            return None;
        }
    };
    let mut values: Vec<(Spanned<String>, Option<String>)> = Vec::new();
    match &values_node.kind {
        Kind::Seq(items) => {
            for it in items {
                if let Some(v) = cx.scalar_text(it, "enum value") {
                    values.push((Spanned::new(v, it.pos.clone()), None));
                }
            }
        }
        Kind::Map(entries) => {
            for (k, v) in entries {
                let Some(key) = cx.scalar_text(k, "enum value") else {
                    continue;
                };
                let desc = if v.is_null() {
                    None
                } else {
                    cx.string(v, "enum value description")
                };
                values.push((Spanned::new(key, k.pos.clone()), desc));
            }
        }
        Kind::Scalar { .. } => cx.err(
            &values_node.pos,
            format!(
                "`values` must be a list or a mapping, found {}",
                values_node.shape()
            ),
            "write `values: [A, B]`",
        ),
    }
    for (i, (v, _)) in values.iter().enumerate() {
        if let Some((first, _)) = values[..i].iter().find(|(f, _)| f.value == v.value) {
            cx.err(
                &v.pos,
                format!(
                    "duplicate enum value `{}` (first at line {})",
                    v.value, first.pos.line
                ),
                "list each value once",
            );
        }
    }
    if values.is_empty() {
        cx.err(
            &node.pos,
            "`enum` has no values",
            "list the documented values: `enum: [A, B]`",
        );
    }
    Some(Spanned::new(
        EnumSpec {
            values,
            open,
            name,
            variants,
        },
        node.pos.clone(),
    ))
}

/// The most lists a type may nest (`[[[String]]]` is three).
pub const MAX_LIST_DEPTH: usize = 8;

fn too_deep(cx: &mut Cx, node: &Node) {
    cx.err(
        &node.pos,
        format!("the type nests lists more than {MAX_LIST_DEPTH} deep"),
        "no API sends lists this deep; check the brackets",
    );
}

/// Decodes a type expression: `String`, `[String]`, `Array of String`, `PlayerSession`.
pub fn type_expr(cx: &mut Cx, node: &Node) -> Option<Spanned<TypeExpr>> {
    type_expr_at(cx, node, 0)
}

fn type_expr_at(cx: &mut Cx, node: &Node, depth: usize) -> Option<Spanned<TypeExpr>> {
    let ty = match &node.kind {
        Kind::Seq(_) if depth >= MAX_LIST_DEPTH => {
            too_deep(cx, node);
            return None;
        }
        Kind::Seq(items) if items.len() == 1 => {
            TypeExpr::List(Box::new(type_expr_at(cx, &items[0], depth + 1)?.value))
        }
        Kind::Seq(items) => {
            cx.err(
                &node.pos,
                format!(
                    "a list type names exactly one item type, found {}",
                    items.len()
                ),
                "write `type: [String]` for a list of strings",
            );
            return None;
        }
        Kind::Scalar { text, .. } if !node.is_null() => {
            parse_type_name(cx, node, text.trim(), depth)?
        }
        _ => {
            cx.err(
                &node.pos,
                format!("`type` must be a type name, found {}", node.shape()),
                format!(
                    "use one of {}, `[T]` for a list, or a name from `types`",
                    Prim::NAMES.join(", ")
                ),
            );
            return None;
        }
    };
    Some(Spanned::new(ty, node.pos.clone()))
}

fn parse_type_name(cx: &mut Cx, node: &Node, text: &str, depth: usize) -> Option<TypeExpr> {
    let inner = text
        .strip_prefix("Array of ")
        .or_else(|| text.strip_prefix('[').and_then(|t| t.strip_suffix(']')));
    if let Some(inner) = inner {
        if depth >= MAX_LIST_DEPTH {
            too_deep(cx, node);
            return None;
        }
        return parse_type_name(cx, node, inner.trim(), depth + 1)
            .map(|t| TypeExpr::List(Box::new(t)));
    }
    if let Some(p) = Prim::from_name(text) {
        return Some(TypeExpr::Prim(p));
    }
    let lower = text.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "string" | "str" => Some("String"),
        "int" | "integer" | "int64" | "i64" | "long" => Some("Integer"),
        "uint64" | "u64" => Some("UInt64"),
        "float" | "double" | "f64" | "number" => Some("Float"),
        "bool" | "boolean" => Some("Boolean"),
        _ => None,
    };
    if let Some(a) = alias {
        cx.err(
            &node.pos,
            format!("unknown type `{text}`"),
            format!(
                "did you mean `{a}`? (type names are written as in the docs: {})",
                Prim::NAMES.join(", ")
            ),
        );
        return None;
    }
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        cx.err(
            &node.pos,
            format!("`{text}` is not a type"),
            format!(
                "use one of {}, `[T]` for a list, or a name from `types`",
                Prim::NAMES.join(", ")
            ),
        );
        return None;
    }
    Some(TypeExpr::Ref(text.to_owned()))
}

/// Decodes `specs/common.yaml`.
pub fn common_file(cx: &mut Cx, root: &Node) -> Option<CommonFile> {
    const KEYS: &[&str] = &["errors"];
    let o = Obj::new(cx, root, "the common file", KEYS)?;
    let errors = o
        .need(cx, "errors", "{ InternalError: Internal error. }")
        .map(|n| error_codes(cx, n, "`errors`"))
        .unwrap_or_default();
    Some(CommonFile { errors })
}
