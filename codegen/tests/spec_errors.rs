//! Every kind of spec mistake gets an error with its position, what is wrong and a hint;
//! all errors of a run are reported together; nothing panics.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use tcapi_codegen::load_and_check;

static N: AtomicUsize = AtomicUsize::new(0);

/// Writes `yaml` to a fresh temp file and returns its diagnostics as `line:col: message`,
/// plus the full rendered text.
fn errors(yaml: &str) -> (Vec<String>, String) {
    let dir = std::env::temp_dir().join(format!(
        "tcapi-spec-errors-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("svc.yaml");
    std::fs::write(&path, yaml).unwrap();
    let result = load_and_check(std::slice::from_ref(&path));
    std::fs::remove_dir_all(&dir).ok();
    let diags = match result {
        Ok(_) => return (Vec::new(), String::new()),
        Err(d) => d,
    };
    let text = diags.to_string();
    assert!(
        text.contains(&path.display().to_string()),
        "diagnostics name the file: {text}"
    );
    let lines = diags
        .0
        .iter()
        .map(|d| format!("{}:{}: {}", d.pos.line, d.pos.col, d.message))
        .collect();
    (lines, text)
}

const HEAD: &str = "service: demo\nversion: \"2024-01-01\"\ntitle: Demo\n";

fn spec(actions: &str) -> String {
    format!("{HEAD}actions:\n{actions}")
}

#[test]
fn a_valid_spec_has_no_errors() {
    let (e, _) = errors(&spec(
        "  DoIt:\n    description: Does it.\n    rate_limit: 20\n    input:\n      Name: { type: String, required: true }\n",
    ));
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn yaml_syntax_error() {
    let (e, text) = errors(&spec("  DoIt:\n    description: Does: it.\n"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("6:22:"), "{e:?}");
    assert!(e[0].contains("YAML syntax error"), "{e:?}");
    assert!(text.contains("must be quoted"), "{text}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let (e, text) = errors(&spec(
        "  DoIt:\n    description: Does it.\n    rate_limt: 20\n",
    ));
    assert_eq!(e, vec!["7:5: unknown key `rate_limt` in action `DoIt`"]);
    assert!(text.contains("help: did you mean `rate_limit`?"), "{text}");
}

#[test]
fn missing_required_key() {
    let (e, text) = errors(&spec(
        "  DoIt:\n    description: Does it.\n    input:\n      Name: { required: true }\n",
    ));
    assert_eq!(
        e,
        vec!["8:13: missing required key `type` in parameter `Name`"]
    );
    assert!(text.contains("help: add `type: String`"), "{text}");
    let (e, _) = errors("version: \"2024-01-01\"\ntitle: Demo\nactions: {}\n");
    assert_eq!(
        e,
        vec!["1:1: missing required key `service` in the spec file"]
    );
}

#[test]
fn wrong_value_types() {
    let (e, text) = errors(&spec(
        "  DoIt:\n    description: Does it.\n    rate_limit: fast\n    timeout: \"20\"\n    input:\n      Name: { type: String, required: yes }\n",
    ));
    assert_eq!(
        e,
        vec![
            "7:17: `rate_limit` must be a whole number, found `fast`",
            "8:14: `timeout` must be a whole number, found the quoted text `20`",
            "10:39: `required` must be `true` or `false`, found `yes`",
        ]
    );
    assert!(
        text.contains("write `required: true` or `required: false`"),
        "{text}"
    );
    let (e, _) = errors(&format!("{HEAD}actions: [DoIt]\n"));
    assert_eq!(e, vec!["4:10: `actions` must be a mapping, found a list"]);
}

#[test]
fn undefined_type_reference() {
    let (e, text) = errors(&format!(
        "{HEAD}types:\n  PlayerSession:\n    fields:\n      Id: {{ type: String }}\nactions:\n  DoIt:\n    description: x\n    output:\n      Sessions: {{ type: [PlayerSesion] }}\n      Count: {{ type: Int }}\n"
    ));
    assert_eq!(
        e,
        vec![
            "12:25: type `PlayerSesion` is not defined",
            "13:22: unknown type `Int`"
        ]
    );
    assert!(text.contains("did you mean `PlayerSession`?"), "{text}");
    assert!(text.contains("did you mean `Integer`?"), "{text}");
}

#[test]
fn duplicates() {
    let (e, _) = errors(&spec(
        "  DoIt:\n    description: x\n    input:\n      Name: { type: String }\n      Name: { type: String }\n    errors:\n      FailedOperation: a\n      FailedOperation: b\n  DoIt:\n    description: y\n",
    ));
    assert_eq!(
        e,
        vec![
            "9:7: duplicate parameter `Name` (first defined at line 8)",
            "12:7: duplicate error code `FailedOperation` (first defined at line 11)",
            "13:3: duplicate action `DoIt` (first defined at line 5)",
        ]
    );
}

#[test]
fn impossible_constraints() {
    let (e, text) = errors(&spec(
        "  DoIt:\n    description: x\n    input:\n      A: { type: String, length: { min: 5, max: 1 } }\n      B: { type: String, items: { max: 3 } }\n      C: { type: Integer, enum: [1, 2] }\n      D: { type: [Integer], range: { min: 10, max: 2 } }\n      E: { type: Boolean, pattern: '^x$' }\n      F: { type: String, pattern: '(' }\n",
    ));
    assert_eq!(
        e,
        vec![
            "8:34: `length` is impossible: min 5 is greater than max 1",
            "9:33: `items` counts list items, but `B` is `String`, not a list",
            "10:33: `enum` applies to `String` values, but `C` is `Integer`",
            "11:36: `range` is impossible: min 10 is greater than max 2",
            "12:36: `pattern` applies to strings, but `E` is `Boolean`",
            "13:35: `pattern` is not a valid regular expression: found open group without closing ')'",
        ]
    );
    assert!(text.contains("use `length` for a string"), "{text}");
}

#[test]
fn names_must_be_pascal_case() {
    let (e, text) = errors(&spec(
        "  do_it:\n    description: x\n    input:\n      userId: { type: String }\n      userName: { type: String, raw_name: true }\n    errors:\n      failed.op: x\n",
    ));
    assert_eq!(
        e,
        vec![
            "5:3: action name `do_it` is not PascalCase",
            "8:7: parameter name `userId` is not PascalCase",
            "11:7: error code `failed.op` is not dot-separated PascalCase",
        ]
    );
    assert!(text.contains("e.g. `DoIt`"), "{text}");
}

#[test]
fn rate_limit_and_timeout_must_be_positive() {
    let (e, _) = errors(&spec(
        "  DoIt:\n    description: x\n    rate_limit: 0\n    timeout: -5\n",
    ));
    assert_eq!(
        e,
        vec![
            "7:17: `rate_limit` must be a positive number of requests per second, found 0",
            "8:14: `timeout` must be a positive number of seconds (at most 86400), found -5",
        ]
    );
}

#[test]
fn names_colliding_in_rust() {
    let (e, text) = errors(&format!(
        "{HEAD}types:\n  DoItRequest:\n    fields:\n      X: {{ type: String }}\nactions:\n  DoIt:\n    description: x\n    input:\n      UserId: {{ type: String }}\n      UserID: {{ type: String }}\n    errors:\n      Failed.Op: x\n      FailedOp: y\n"
    ));
    assert_eq!(
        e,
        vec![
            "5:3: type `DoItRequest` becomes the Rust name `DoItRequest`, which action `DoIt` (at "
                .to_owned()
                + &e[0][e[0].find("(at ").unwrap() + 4..],
            "13:7: parameter `UserID` becomes the Rust name `user_id`, which parameter `UserId` (at ".to_owned()
                + &e[1][e[1].find("(at ").unwrap() + 4..],
            "16:7: error code `FailedOp` becomes the Rust name `FailedOp`, which error code `Failed.Op` (at ".to_owned()
                + &e[2][e[2].find("(at ").unwrap() + 4..],
        ]
    );
    assert!(text.contains("set `rust_name`"), "{text}");
}

#[test]
fn request_id_is_implicit() {
    let (e, _) = errors(&spec(
        "  DoIt:\n    description: x\n    output:\n      RequestId: { type: String }\n",
    ));
    assert_eq!(
        e,
        vec!["8:7: `RequestId` is implicit in every response; do not list it"]
    );
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let (e, _) = errors(&spec(
        "  DoIt:\n    descripton: x\n    rate_limit: -1\n    input:\n      A: { type: Strin }\n      b: { type: String }\n  Other:\n    description: y\n    examples:\n      - title: t\n        request: '[1]'\n        response: '{\"Response\": {}}'\n",
    ));
    assert_eq!(e.len(), 6, "{e:#?}");
}

#[test]
fn odd_inputs_never_panic() {
    for text in [
        "",
        "~",
        "- a\n- b\n",
        "\u{0}\u{1}",
        "a: [",
        "service: [x]\nversion: {}\ntitle: 3\nactions: 5\n",
        "&a [*a]",
    ] {
        let (e, _) = errors(text);
        assert!(!e.is_empty(), "{text:?} gave no error");
    }
}

#[test]
fn bad_examples_and_flows() {
    let (e, _) = errors(&format!(
        "{HEAD}actions:\n  DoIt:\n    description: x\n    examples:\n      - title: t\n        request: '{{\"A\": '\n        response: '{{}}'\nflows:\n  Start:\n    title: S\n    participants: [A, B]\n    steps:\n      - {{ from: A, to: C, action: DoIt2, message: m }}\n"
    ));
    assert_eq!(e.len(), 4, "{e:#?}");
    assert!(
        e[0].starts_with("9:18: the example `request` is not valid JSON"),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("10:19: the example `response` must be"),
        "{e:?}"
    );
    assert!(e[2].starts_with("16:24: `C` is not a participant"), "{e:?}");
    assert!(
        e[3].starts_with("16:35: flow step names action `DoIt2`"),
        "{e:?}"
    );
}

#[test]
fn missing_file_is_reported() {
    let r = load_and_check(&[PathBuf::from("/nonexistent/specs/x.yaml")]);
    let text = r.err().unwrap().to_string();
    assert!(
        text.contains("/nonexistent/specs/x.yaml:0:0: error: cannot read the spec file"),
        "{text}"
    );
}
