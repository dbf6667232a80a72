//! Whatever `check` accepts compiles: random specs (keyword and reserved names, non-ASCII
//! and hostile text, non-ASCII enum values, deep and recursive types, every constraint kind)
//! are generated; those the generator accepts become their crates, as a release writes them,
//! which must build without warnings (rustc and clippy) and pass their doc examples.
//!
//! Ignored by default (it compiles a crate): `scripts/random-specs.sh [N]`, or
//! `TCAPI_RANDOM_SPECS=40 cargo test -p tcapi-codegen --test random_specs -- --ignored --nocapture`.
//! `TCAPI_SEED=<seed>` replays a run.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::{Map, Value, json};
use support::{Rng, env_number, root, scratch};
use tcapi_codegen::{generate, load_and_check};

const SERVICE_NAMES: &[&str] = &[
    "crate", "self", "super", "type", "fn", "match", "async", "gen", "try", "mod", "full", "serde",
    "default", "cvm", "a1", "std", "core", "tcapi", "json", "types", "box", "option",
];

const FIELD_NAMES: &[&str] = &[
    "Type",
    "Self",
    "Match",
    "New",
    "SetNew",
    "Validate",
    "ValidateInto",
    "RequestId",
    "Crate",
    "Super",
    "Async",
    "Gen",
    "Try",
    "Box",
    "Option",
    "Result",
    "Json",
    "V",
    "IPAddress",
    "UserId",
    "UserID",
    "Name",
    "Value",
    "Unknown",
    "Default",
    "A1",
    "Into",
    "Vec",
];

const TYPE_NAMES: &[&str] = &[
    "Node", "Tag", "Self", "Type", "Filter", "Json", "Unknown", "ValueBox", "Item", "Request",
    "Error",
];

const TEXTS: &[&str] = &[
    "Plain text.",
    "Evil <script>alert(1)</script> and <b>bold</b>",
    "Bidi \u{202E}txt.exe\u{2066} isolate\u{2069}",
    "Code `x` and *stars* _under_ [link](https://example.com) ```fence```",
    "\"quotes\" and \"# and '#",
    "中文说明：参数。",
    "    indented line\n\n- list\n1. item\n# heading\n---",
    "*/ /* comment */ //",
    "Ends with a backslash \\",
    "Tab\tand\r\nCRLF",
];

const ENUM_VALUES: &[&str] = &[
    "A",
    "B",
    "on",
    "ON2",
    "华北",
    "华南",
    "é",
    "a-b",
    "a b",
    "1",
    "",
    "Self",
    "\u{202E}x",
    "type",
    "Unknown2",
    "UNKNOWN_X",
    "ap-guangzhou",
];

const PATTERNS: &[&str] = &[
    "^[0-9]{6}$",
    "^[a-z][a-z0-9-]{0,62}$",
    "[A-Z]+",
    "^(ab|cd)[0-9]$",
    "^.{3,5}$",
    "^x*$",
    "\\d+",
];

const CODES: &[&str] = &[
    "FailedOperation",
    "ResourceNotFound.NoIdle",
    "InvalidParameter.Self",
    "LimitExceeded",
    "UnauthorizedOperation",
    "InternalError.Type",
];

/// The primitive type names `prim` picks from.
const PRIM_NAMES: &[&str] = &[
    "String",
    "Integer",
    "UInt64",
    "Float",
    "Boolean",
    "DateTime",
    "DateTimeIso",
    "Date",
];

/// Where a generated field is: a member of an action's input or output, or of a data type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At<'a> {
    Action,
    Type(&'a str),
}

struct Gen<'r> {
    rng: &'r mut Rng,
}

impl Gen<'_> {
    fn text(&mut self) -> Value {
        json!(*self.rng.pick(TEXTS))
    }

    fn prim(&mut self) -> &'static str {
        // Bytes now and then: a form part at the top of a request, refused below it.
        if self.rng.chance(6) {
            return "Binary";
        }
        self.rng.pick::<&str>(PRIM_NAMES)
    }

    /// A field: its type (maybe a list, maybe a data type of `types`) and constraints.
    ///
    /// `at`: where the field is, which decides how often it takes a shape the generator
    /// refuses. Mostly, `Binary` is a member of a request or response itself and not in a
    /// list (a form carries one file part per member, and only a request's own members), and
    /// a member of a data type that holds a data type sorted at or after its own is neither
    /// required nor non-nullable (a cycle of such members has no finite value); now and
    /// then, either is broken, so
    /// that the refusals stay tested too.
    fn field(&mut self, types: &[String], input: bool, at: At<'_>) -> Value {
        let mut m = Map::new();
        let mut leaf = if !types.is_empty() && self.rng.chance(30) {
            self.rng.pick(types).clone()
        } else {
            self.prim().to_owned()
        };
        let lists = if self.rng.chance(25) {
            1 + self.rng.below(3)
        } else {
            0
        };
        let refusable = self.rng.chance(20);
        if leaf == "Binary" && (lists > 0 || at != At::Action) && !refusable {
            leaf = (*self.rng.pick(PRIM_NAMES)).to_owned();
        }
        let enumerated = leaf == "String" && self.rng.chance(30);
        if enumerated {
            leaf = "String".into();
        }
        let mut ty = leaf.clone();
        for _ in 0..lists {
            ty = format!("[{ty}]");
        }
        m.insert("type".into(), json!(ty));
        let cyclic = match at {
            At::Type(owner) => types.contains(&leaf) && leaf.as_str() >= owner && lists == 0,
            At::Action => false,
        };
        if self.rng.chance(50) && (!cyclic || refusable) {
            m.insert("required".into(), json!(true));
        }
        // A response's member that is not nullable is never absent, so a member that may
        // close a cycle is nullable too.
        if (!input && self.rng.chance(30)) || (cyclic && !refusable) {
            m.insert("nullable".into(), json!(true));
        }
        if self.rng.chance(60) {
            m.insert("description".into(), self.text());
        }
        if self.rng.chance(10) {
            m.insert("deprecated".into(), json!(true));
        }
        let stringy = matches!(
            leaf.as_str(),
            "String" | "DateTime" | "DateTimeIso" | "Date"
        );
        let numeric = matches!(leaf.as_str(), "Integer" | "UInt64" | "Float");
        if stringy && !enumerated {
            if self.rng.chance(30) {
                let min = self.rng.below(8) as u64;
                m.insert(
                    "length".into(),
                    json!({ "min": min, "max": min + self.rng.below(8) as u64 }),
                );
            }
            if self.rng.chance(20) {
                m.insert("ascii".into(), json!(true));
            }
            if self.rng.chance(30) {
                m.insert("pattern".into(), json!(*self.rng.pick(PATTERNS)));
            }
            if self.rng.chance(20) {
                m.insert(
                    "example".into(),
                    json!(*self.rng.pick(&["123456", "ab1", "xyz", "中文"])),
                );
            }
        }
        if numeric && self.rng.chance(50) {
            let (lo, hi): (Value, Value) = match (leaf.as_str(), self.rng.below(4)) {
                ("Float", 0) => (json!(-1.5), json!(2.25)),
                ("Float", _) => (json!(0.5), json!(100)),
                ("UInt64", _) => (json!(3), json!(18446744073709551615u64)),
                (_, 0) => (json!(-100), json!(-3)),
                (_, 1) => (json!(1), json!(9)),
                _ => (json!(10), json!(20)),
            };
            let mut r = Map::new();
            if self.rng.chance(80) {
                r.insert("min".into(), lo);
            }
            if r.is_empty() || self.rng.chance(60) {
                r.insert("max".into(), hi);
            }
            m.insert("range".into(), Value::Object(r));
            if self.rng.chance(30) {
                m.insert("example".into(), json!("15"));
            }
        }
        if lists > 0 && self.rng.chance(40) {
            let min = self.rng.below(3) as u64;
            m.insert(
                "items".into(),
                json!({ "min": min, "max": min + self.rng.below(3) as u64 }),
            );
        }
        if enumerated {
            let mut values = BTreeSet::new();
            for _ in 0..1 + self.rng.below(4) {
                values.insert(*self.rng.pick(ENUM_VALUES));
            }
            let values: Vec<&str> = values.into_iter().collect();
            if self.rng.chance(40) {
                let mut e = Map::new();
                e.insert("values".into(), json!(values));
                e.insert("open".into(), json!(self.rng.chance(50)));
                if self.rng.chance(30) {
                    e.insert("variants".into(), json!({ values[0]: "First" }));
                }
                if self.rng.chance(20) {
                    e.insert("name".into(), json!("Choice"));
                }
                m.insert("enum".into(), Value::Object(e));
            } else {
                m.insert("enum".into(), json!(values));
            }
        }
        if self.rng.chance(10) {
            const RUST_NAMES: &[&str] = &["self_", "value_2", "type", "new", "_x"];
            m.insert("rust_name".into(), json!(*self.rng.pick(RUST_NAMES)));
        }
        Value::Object(m)
    }

    fn params(&mut self, types: &[String], input: bool, at: At<'_>) -> Value {
        let mut m = Map::new();
        for _ in 0..self.rng.below(5) {
            let name = *self.rng.pick(FIELD_NAMES);
            if name == "RequestId" && !input {
                continue;
            }
            let f = self.field(types, input, at);
            m.insert(name.to_owned(), f);
        }
        Value::Object(m)
    }

    /// Sometimes, for an input with a top-level `Binary` whose other members are scalars: a
    /// raw body of that member, the others in headers.
    fn octet_stream(&mut self, input: &Value) -> Option<Value> {
        let members = input.as_object()?;
        let body = members.iter().find(|(_, f)| f["type"] == "Binary")?.0;
        let scalar = |f: &Value| {
            f["type"]
                .as_str()
                .is_some_and(|t| !t.starts_with('[') && t != "Binary" && PRIM_NAMES.contains(&t))
        };
        let headers: Map<String, Value> = members
            .iter()
            .filter(|(name, _)| *name != body)
            .map(|(name, f)| scalar(f).then(|| (name.clone(), json!(format!("X-Demo-{name}")))))
            .collect::<Option<_>>()?;
        self.rng
            .chance(50)
            .then(|| json!({ "body": body, "headers": headers }))
    }

    fn spec(&mut self, service: &str) -> Value {
        let types: Vec<String> = (0..self.rng.below(4))
            .map(|_| (*self.rng.pick(TYPE_NAMES)).to_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut type_defs = Map::new();
        for t in &types {
            let input = self.rng.chance(50);
            let mut fields = self.params(&types, input, At::Type(t));
            if self.rng.chance(30) {
                // Recursive, through an optional field or a list.
                let ty = if self.rng.chance(50) {
                    t.clone()
                } else {
                    format!("[{t}]")
                };
                fields
                    .as_object_mut()
                    .unwrap()
                    .insert("Child".into(), json!({ "type": ty, "nullable": true }));
            }
            type_defs.insert(
                t.clone(),
                json!({ "description": self.text(), "fields": fields }),
            );
        }
        let mut actions = Map::new();
        for name in ["DescribeThings", "Self", "CreateType", "Match"] {
            if !self.rng.chance(60) {
                continue;
            }
            let mut a = Map::new();
            a.insert("description".into(), self.text());
            let input = self.params(&types, true, At::Action);
            if let Some(raw) = self.octet_stream(&input) {
                a.insert("octet_stream".into(), raw);
            }
            a.insert("input".into(), input);
            a.insert("output".into(), self.params(&types, false, At::Action));
            if self.rng.chance(50) {
                let mut errors = Map::new();
                for _ in 0..1 + self.rng.below(3) {
                    errors.insert((*self.rng.pick(CODES)).to_owned(), self.text());
                }
                a.insert("errors".into(), Value::Object(errors));
            }
            if self.rng.chance(30) {
                a.insert(
                    "examples".into(),
                    json!([{ "title": self.text(), "description": self.text(), "request": "{}", "response": "{\"Response\": {}}" }]),
                );
            }
            if self.rng.chance(30) {
                a.insert("rate_limit".into(), json!(1 + self.rng.below(100)));
            }
            actions.insert(name.to_owned(), Value::Object(a));
        }
        let mut spec = json!({
            "service": service,
            "version": "2024-01-01",
            "title": self.text(),
            "description": self.text(),
            "actions": actions,
        });
        if !type_defs.is_empty() {
            spec["types"] = Value::Object(type_defs);
        }
        if self.rng.chance(30) && !actions_empty(&spec) {
            let first = spec["actions"]
                .as_object()
                .unwrap()
                .keys()
                .next()
                .unwrap()
                .clone();
            spec["flows"] = json!({
                "Start": {
                    "title": self.text(),
                    "description": self.text(),
                    "participants": ["Client", "中文 <b>"],
                    "steps": [{ "from": "Client", "to": "中文 <b>", "action": first, "message": self.text(), "note": self.text() }],
                }
            });
        }
        spec
    }
}

fn actions_empty(spec: &Value) -> bool {
    spec["actions"].as_object().is_none_or(|a| a.is_empty())
}

fn cargo(dir: &Path, args: &[&str], target: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), text)
}

#[test]
#[ignore = "compiles a crate; run by scripts/random-specs.sh and CI"]
fn accepted_random_specs_compile_and_their_examples_pass() {
    let n = env_number("TCAPI_RANDOM_SPECS", 30) as usize;
    let (mut rng, seed) = Rng::from_env(388_821);
    let dir = scratch("random-specs");
    let specs = dir.join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    let mut g = Gen { rng: &mut rng };
    let (mut accepted, mut refused) = (Vec::new(), 0usize);
    let mut used = BTreeSet::new();
    for i in 0..n {
        // Keyword and reserved names first, then numbered ones (one crate holds them all).
        let name = SERVICE_NAMES
            .get(i)
            .map_or_else(|| format!("svc{i}"), |s| (*s).to_owned());
        let spec = g.spec(&name);
        let text = serde_json::to_string_pretty(&spec).unwrap();
        let path = specs.join(format!("{name}.yaml"));
        std::fs::write(&path, &text).unwrap();
        match load_and_check(std::slice::from_ref(&path)) {
            Ok(_) => {
                used.insert(name);
                accepted.push(path);
            }
            Err(d) => {
                if std::env::var_os("TCAPI_VERBOSE").is_some() {
                    println!("refused {name}: {}", d.0[0].message);
                }
                refused += 1;
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
    assert!(!accepted.is_empty(), "no random spec was accepted");
    let (_, model) = load_and_check(&accepted).expect("accepted specs load together");
    // Every service's crate as a release writes it, in one workspace built against the
    // repository's runtime (`tcapi` by version, patched to the path) and its Cargo.lock
    // (the versions the repository is tested with, not whatever the registry published today).
    let files = generate::release_files(&model, &Default::default(), &Default::default()).files;
    let ws = dir.join("crate");
    for f in &files {
        let path = ws.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.contents).unwrap();
    }
    let manifest = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap();
    std::fs::write(
        ws.join("Cargo.toml"),
        format!(
            "{manifest}\n[patch.crates-io]\ntcapi = {{ path = {:?} }}\n",
            root().join("runtime").display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();
    let target = root().join("target/random-specs");
    let (ok, log) = cargo(
        &ws,
        &["clippy", "-q", "--workspace", "--", "-D", "warnings"],
        &target,
    );
    assert!(
        ok,
        "seed {seed}: the crates of {} accepted specs do not build cleanly (kept in {}):\n{log}",
        accepted.len(),
        ws.display()
    );
    let (ok, log) = cargo(&ws, &["test", "-q", "--doc", "--workspace"], &target);
    assert!(
        ok,
        "seed {seed}: doc examples fail (kept in {}):\n{log}",
        ws.display()
    );
    std::fs::remove_dir_all(&dir).ok();
    println!(
        "random specs (seed {seed}): {n} generated, {} accepted and compiled with their doc examples (0 failures), {refused} refused by the generator",
        accepted.len()
    );
}
