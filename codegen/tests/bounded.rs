//! No input makes loading and checking panic, overflow the stack or take memory or time
//! out of proportion to its size; bytes that are not text are reported where they stand.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use tcapi_codegen::load_and_check;

static N: AtomicUsize = AtomicUsize::new(0);

/// Loads `bytes` as a spec file; its diagnostics as `line:col: message`.
fn errors(bytes: &[u8]) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!(
        "tcapi-bounded-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("svc.yaml");
    std::fs::write(&path, bytes).unwrap();
    let result = load_and_check(std::slice::from_ref(&path));
    std::fs::remove_dir_all(&dir).ok();
    match result {
        Ok(_) => Vec::new(),
        Err(d) => {
            d.0.iter()
                .map(|d| format!("{}:{}: {}", d.pos.line, d.pos.col, d.message))
                .collect()
        }
    }
}

const HEAD: &str = "service: demo\nversion: \"2024-01-01\"\ntitle: Demo\n";

#[test]
fn a_nul_byte_is_an_error_where_it_stands() {
    let text = format!("{HEAD}actions:\n  A:\n    description: x\n\0  B:\n    description: y\n");
    let e = errors(text.as_bytes());
    assert_eq!(e, ["7:1: a NUL byte: spec files are text"]);
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = format!("{HEAD}actions:\n  A:\n    description: ab").into_bytes();
    bytes.extend([0xff, b'\n']);
    let e = errors(&bytes);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("6:20: the file is not UTF-8 text: byte 0xff"),
        "{e:?}"
    );
}

#[test]
fn a_leading_byte_order_mark_is_dropped_and_any_other_is_an_error() {
    let text = format!("\u{feff}{HEAD}actions:\n  A:\n    description: x\n");
    assert_eq!(errors(text.as_bytes()), Vec::<String>::new());
    let text = format!("{HEAD}actions:\n  A:\n    description: a\u{feff}b\n");
    assert_eq!(
        errors(text.as_bytes()),
        ["6:19: a byte-order mark (U+FEFF) inside the file"]
    );
}

#[test]
fn nested_aliases_stop_with_a_located_error() {
    // Nine levels of ten aliases each: a billion values if copied.
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    assert!(text.len() < 700);
    let start = Instant::now();
    let e = errors(text.as_bytes());
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("aliases here expand the document"), "{e:?}");
    // Figures are printed, never asserted: the machine may be busy.
    println!("alias bomb refused in {:.2?}", start.elapsed());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{HEAD}x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let e = errors(deep.as_bytes());
    assert_eq!(e.len(), 1, "{e:?}");
    // The parser's own limit on flow nesting, or ours.
    assert!(
        e[0].contains("recursion limit exceeded") || e[0].contains("nested more than 64 deep"),
        "{e:?}"
    );

    let deep = format!(
        "{HEAD}x:\n{}",
        (0..5000)
            .map(|i| format!("{}- \n", " ".repeat(i)))
            .collect::<String>()
    );
    let e = errors(deep.as_bytes());
    assert!(
        e.iter().any(|e| e.contains("nested more than 64 deep")),
        "{e:?}"
    );
}

#[test]
fn deep_list_types_are_an_error() {
    let ty = format!("\"{}String{}\"", "[".repeat(10_000), "]".repeat(10_000));
    let text = format!(
        "{HEAD}actions:\n  A:\n    description: x\n    input:\n      X: {{ type: {ty} }}\n"
    );
    let e = errors(text.as_bytes());
    assert_eq!(e, ["8:18: the type nests lists more than 8 deep"]);
    let text = format!(
        "{HEAD}actions:\n  A:\n    description: x\n    input:\n      X: {{ type: \"{}String{}\" }}\n",
        "Array of ".repeat(8),
        ""
    );
    assert_eq!(errors(text.as_bytes()), Vec::<String>::new());
}
