//! Cross-check of our TC3 signer against the official `tencentcloud-sdk-python` signer.
//!
//! 1,200 seeded random cases (services, hosts, keys, dates around day boundaries, bodies
//! with CJK, emoji, escapes and control characters, raw or `\u`-escaped) are written to
//! JSON; `py/tc3_crosscheck.py` signs each with the SDK (installing it with pip into the
//! cargo target directory when missing) in two ways, and both must match our signer:
//!
//! 1. the SDK's signature over our exact body bytes;
//! 2. a request the SDK builds and signs itself: we re-sign its body and headers and must
//!    produce its exact `Authorization` header.
//!
//! Skipped, with a notice, only when no `python3` can be started.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Map, Value, json};
use tcapi::sign::{self, SignInput};

const CASES: usize = 1200;

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn random_text(rng: &mut fastrand::Rng) -> String {
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "0",
        "-",
        "_",
        " ",
        "未命名",
        "实例",
        "🎮",
        "é",
        "ß",
        "\"",
        "\\",
        "/",
        "\n",
        "\t",
        "\u{1}",
        "\u{7f}",
        "\u{2028}",
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "&",
        "=",
        "+",
        "%20",
        "<tag>",
        "'",
    ];
    let n = rng.usize(0..12);
    (0..n).map(|_| pick(rng, PIECES)).collect()
}

fn random_value(rng: &mut fastrand::Rng, depth: u32) -> Value {
    match rng.u32(0..if depth >= 3 { 5 } else { 7 }) {
        0 => Value::String(random_text(rng)),
        1 => json!(rng.i64(..)),
        2 => json!(rng.u32(..) as f64 / 7.0),
        3 => json!(rng.bool()),
        4 => Value::Null,
        5 => Value::Array(
            (0..rng.usize(0..4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => Value::Object(random_object(rng, depth + 1)),
    }
}

fn random_object(rng: &mut fastrand::Rng, depth: u32) -> Map<String, Value> {
    const KEYS: &[&str] = &[
        "Limit",
        "Offset",
        "Filters",
        "Name",
        "Values",
        "UserId",
        "ProjectId",
        "PlayerIds",
        "GameServerSessionId",
        "Tags",
        "名称",
        "Key",
        "Value",
    ];
    (0..rng.usize(0..6))
        .map(|_| (pick(rng, KEYS).to_owned(), random_value(rng, depth)))
        .collect()
}

/// Escapes every non-ASCII character as `\uXXXX` (as Python's `json.dumps` does).
fn ascii_escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

fn random_key(rng: &mut fastrand::Rng) -> String {
    let n = rng.usize(1..48);
    let mut key: String = (0..n).map(|_| char::from(rng.u8(b'!'..=b'~'))).collect();
    if rng.u32(0..20) == 0 {
        key.push_str("密钥");
    }
    key
}

fn make_cases() -> Vec<Value> {
    let mut rng = fastrand::Rng::with_seed(0x7c3a_11ce);
    let services = [
        "cvm", "gse", "car", "gaap", "cbs", "vpc", "tke", "scf", "sts", "a1",
    ];
    let actions = [
        "DescribeInstances",
        "ApplyConcurrent",
        "CreateSession",
        "JoinGameServerSessionBatch",
        "CheckProxyCreate",
    ];
    (0..CASES)
        .map(|id| {
            let service = if rng.u32(0..4) == 0 {
                (0..rng.usize(2..10)).map(|_| rng.lowercase()).collect()
            } else {
                pick(&mut rng, &services).to_owned()
            };
            let host = match rng.u32(0..5) {
                0 => format!("{service}.intl.tencentcloudapi.com"),
                1 => format!("{service}.ap-guangzhou.tencentcloudapi.com"),
                2 => format!("127.0.0.1:{}", rng.u16(1024..)),
                _ => format!("{service}.tencentcloudapi.com"),
            };
            let timestamp = if rng.bool() {
                // Around a UTC midnight: the scope date must follow the timestamp exactly.
                86_400 * rng.i64(0..50_000) + rng.i64(-2..=1)
            } else {
                rng.i64(0..4_102_444_800)
            };
            let body = serde_json::to_string(&Value::Object(random_object(&mut rng, 0))).unwrap();
            let payload = if rng.bool() { ascii_escaped(&body) } else { body };
            json!({
                "id": id,
                "secret_id": format!("AKID{}", (0..32).map(|_| rng.alphanumeric()).collect::<String>()),
                "secret_key": random_key(&mut rng),
                "token": if rng.u32(0..4) == 0 { json!(format!("token-{}", rng.u64(..))) } else { Value::Null },
                "service": service,
                "host": host,
                "content_type": pick(&mut rng, &["application/json", "application/json; charset=utf-8"]),
                "timestamp": timestamp,
                "payload": payload,
                "action": pick(&mut rng, &actions),
                "version": format!("20{:02}-{:02}-{:02}", rng.u32(10..30), rng.u32(1..13), rng.u32(1..29)),
                "region": if rng.bool() { json!(pick(&mut rng, &["ap-guangzhou", "ap-singapore", "na-ashburn"])) } else { Value::Null },
                "language": if rng.u32(0..3) == 0 { json!(pick(&mut rng, &["zh-CN", "en-US"])) } else { Value::Null },
            })
        })
        .collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

#[test]
fn signer_matches_tencentcloud_sdk_python() {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    if Command::new(&python).arg("--version").output().is_err() {
        eprintln!(
            "NOTICE: `{python}` is not available; skipping the cross-check against tencentcloud-sdk-python"
        );
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tc3-crosscheck");
    std::fs::create_dir_all(&dir).unwrap();
    let cases = make_cases();
    let cases_path = dir.join("cases.json");
    let out_path = dir.join("signed.json");
    std::fs::write(&cases_path, serde_json::to_vec(&cases).unwrap()).unwrap();
    let _ = std::fs::remove_file(&out_path);

    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("py/tc3_crosscheck.py");
    let status = Command::new(&python)
        .arg(&script)
        .arg(&cases_path)
        .arg(&out_path)
        .arg(dir.join("sdk"))
        .status()
        .unwrap();
    assert!(status.success(), "{} failed: {status}", script.display());
    let signed: Vec<Value> = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(signed.len(), cases.len());

    let mut escaped_bodies = 0;
    for (case, theirs) in cases.iter().zip(&signed) {
        assert_eq!(case["id"], theirs["id"]);
        let timestamp = case["timestamp"].as_i64().unwrap();
        // 1. Same bytes, same signature.
        let input = SignInput {
            service: str_of(case, "service"),
            host: str_of(case, "host"),
            content_type: str_of(case, "content_type"),
            timestamp,
            payload: str_of(case, "payload").as_bytes(),
        };
        let ours = sign::signature(str_of(case, "secret_key"), &input);
        assert_eq!(
            ours,
            str_of(theirs, "signature"),
            "case {}: {case}",
            case["id"]
        );

        // 2. A request the SDK built: our signer reproduces its Authorization header.
        let built = &theirs["built"];
        let headers = &built["headers"];
        let body = str_of(built, "body");
        if body.contains("\\u") {
            escaped_bodies += 1;
        }
        assert_eq!(str_of(headers, "X-TC-Timestamp"), timestamp.to_string());
        let input = SignInput {
            service: str_of(case, "service"),
            host: str_of(headers, "Host"),
            content_type: str_of(headers, "Content-Type"),
            timestamp,
            payload: body.as_bytes(),
        };
        let ours = sign::authorization(
            str_of(case, "secret_id"),
            str_of(case, "secret_key"),
            &input,
        );
        assert_eq!(
            ours,
            str_of(headers, "Authorization"),
            "case {}: {case}",
            case["id"]
        );

        // The SDK sends the optional headers by the same rules as our client.
        assert_eq!(
            headers.get("X-TC-Token").is_some(),
            !case["token"].is_null(),
            "case {}",
            case["id"]
        );
        assert_eq!(
            headers.get("X-TC-Region").is_some(),
            !case["region"].is_null(),
            "case {}",
            case["id"]
        );
        assert_eq!(str_of(headers, "X-TC-Action"), str_of(case, "action"));
        assert_eq!(str_of(headers, "X-TC-Version"), str_of(case, "version"));
    }
    assert!(
        escaped_bodies > 0,
        "the SDK's own bodies should include \\u escapes"
    );
    eprintln!(
        "{} cases: signatures identical to tencentcloud-sdk-python",
        cases.len()
    );
}
