//! The rules of binary actions: which `Binary` members can be sent, the `octet_stream` key
//! (every mistake located, with a hint), and how the IR resolves the body of each action.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use tcapi_codegen::ir::{Model, Payload};
use tcapi_codegen::load_and_check;

static N: AtomicUsize = AtomicUsize::new(0);

fn load(yaml: &str) -> Result<Model, (Vec<String>, String)> {
    let dir = std::env::temp_dir().join(format!(
        "tcapi-payload-rules-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("svc.yaml");
    std::fs::write(&path, yaml).unwrap();
    let result = load_and_check(std::slice::from_ref(&path));
    std::fs::remove_dir_all(&dir).ok();
    result.map(|(_, m)| m).map_err(|d| {
        let lines =
            d.0.iter()
                .map(|d| format!("{}:{}: {}", d.pos.line, d.pos.col, d.message))
                .collect();
        (lines, d.to_string())
    })
}

fn errors(yaml: &str) -> (Vec<String>, String) {
    match load(yaml) {
        Ok(_) => (Vec::new(), String::new()),
        Err(e) => e,
    }
}

const HEAD: &str = "service: demo\nversion: \"2024-01-01\"\ntitle: Demo\n";

#[test]
fn the_payload_of_each_action_is_resolved() {
    let model = load(&format!(
        "{HEAD}actions:
  Upload:
    description: A form.
    input:
      File: {{ type: Binary, required: true }}
      Note: {{ type: String }}
  Put:
    description: A raw body.
    octet_stream:
      body: Data
      headers: {{ Key: X-Demo-Key, Size: X-Demo-Size }}
    input:
      Data: {{ type: Binary }}
      Size: {{ type: Integer }}
      Key: {{ type: String, required: true }}
  List:
    description: JSON.
    output:
      Blob: {{ type: Binary, description: base64 in the JSON answer }}
"
    ))
    .unwrap_or_else(|e| panic!("{e:?}"));
    let actions = &model.services[0].actions;
    let by = |n: &str| &actions.iter().find(|a| a.name == n).unwrap().payload;
    assert_eq!(by("Upload"), &Payload::Multipart);
    assert_eq!(
        by("Put"),
        &Payload::OctetStream {
            body: "Data".into(),
            headers: vec![
                ("Key".into(), "X-Demo-Key".into()),
                ("Size".into(), "X-Demo-Size".into()),
            ],
        }
    );
    assert_eq!(
        by("List"),
        &Payload::Json,
        "Binary outputs do not make a form"
    );
    let put = actions.iter().find(|a| a.name == "Put").unwrap();
    assert_eq!(put.body_field().unwrap().wire, "Data");
    assert_eq!(put.header_of("Size"), Some("X-Demo-Size"));
    assert_eq!(put.header_of("Data"), None);
}

#[test]
fn binary_below_the_top_level_of_a_request_is_refused() {
    let (e, text) = errors(&format!(
        "{HEAD}actions:
  Upload:
    description: A form.
    input:
      Files: {{ type: [Binary] }}
      Meta: {{ type: [Meta] }}
  Read:
    description: Output only.
    output:
      Blob: {{ type: Blob }}
types:
  Meta:
    fields:
      Inner: {{ type: Inner }}
  Inner:
    fields:
      Bytes: {{ type: Binary }}
  Blob:
    fields:
      Bytes: {{ type: Binary }}
"
    ));
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].starts_with("8:22: `Files` of action `Upload` is a list of `Binary`"),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("20:22: field `Bytes` of type `Inner` is `Binary`, which cannot be sent: the request of `Upload` holds `Inner`"),
        "{e:?}"
    );
    assert!(
        text.contains("give each file its own `Binary` member"),
        "{text}"
    );
    assert!(text.contains("top-level `Binary` input member"), "{text}");
}

fn octet(spec: &str, input: &str) -> (Vec<String>, String) {
    errors(&format!(
        "{HEAD}actions:\n  Put:\n    description: A raw body.\n    octet_stream:\n{spec}    input:\n{input}"
    ))
}

#[test]
fn octet_stream_mistakes_are_located_with_a_hint() {
    let input = "      Data: { type: Binary, required: true }\n      Key: { type: String }\n      Tags: { type: [String] }\n";
    let (e, text) = octet(
        "      body: Dat\n      headers:\n        Key: Content-Type\n        Tags: X-Demo-Tags\n        Nope: X-Demo-Nope\n        Data: X-Demo-Data\n        Key2: x-demo-tags\n        Bad: \"X Demo\"\n",
        input,
    );
    let want = [
        "8:13: the `octet_stream` body `Dat` is not an input member of action `Put`",
        "10:14: the header `Content-Type` is set by the client and cannot carry a parameter",
        "11:9: the header member `Tags` is a `[String]`; a header carries one text value",
        "12:9: the header member `Nope` is not an input member of action `Put`",
        "13:9: the header member `Data` is a `Binary`; a header carries one text value",
        "14:9: the header member `Key2` is not an input member of action `Put`",
        "14:15: the header `x-demo-tags` is given twice (first at",
        "15:9: the header member `Bad` is not an input member of action `Put`",
        "15:14: `X Demo` is not an HTTP header name",
    ];
    for w in want {
        assert!(e.iter().any(|l| l.starts_with(w)), "`{w}` not in {e:#?}");
    }
    assert!(text.contains("did you mean `Data`?"), "{text}");

    // The body named twice.
    let (e, _) = octet(
        "      body: Data\n      headers: { Data: X-Demo-Data, Key: X-Demo-Key }\n",
        "      Data: { type: Binary }\n      Key: { type: String }\n",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("`Data` is the `octet_stream` body and cannot also be a header"),
        "{e:?}"
    );

    // The body must be bytes; every other member needs a header, named as the Go SDK does.
    let (e, text) = octet(
        "      body: Key\n",
        "      Key: { type: String }\n      Size: { type: Integer }\n",
    );
    assert!(
        e[0].starts_with("8:13: the `octet_stream` body `Key` is a `String`; the body is bytes"),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|l| l.contains("input member `Size` of action `Put` has no header")),
        "{e:?}"
    );
    assert!(
        text.contains("add `Size: X-DEMO-Size` under `octet_stream.headers`"),
        "{text}"
    );

    // The decoder: unknown keys and a missing body.
    let (e, text) = octet("      bdy: Data\n", "      Data: { type: Binary }\n");
    assert!(
        e.iter()
            .any(|l| l.contains("unknown key `bdy` in `octet_stream` of action `Put`")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|l| l.contains("missing required key `body`")),
        "{e:?}"
    );
    assert!(text.contains("did you mean `body`?"), "{text}");
}

/// The API reference says how a binary action's body is sent; JSON actions are unchanged.
#[test]
fn the_reference_pages_say_how_the_body_is_sent() {
    use tcapi_codegen::docs;
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upload.yaml");
    let (_, model) = load_and_check(&[fixture]).unwrap();
    let pages = docs::docs_files(&model);
    let page = |name: &str| {
        pages
            .iter()
            .find(|p| p.path.ends_with(name))
            .map(|p| p.contents.as_str())
            .unwrap_or_else(|| panic!("no page {name}"))
    };
    assert!(
        page("UploadFile.md").contains("| Request body | a `multipart/form-data` form: one part per parameter that is set, each `Binary` parameter a file part named after the parameter |\n\n## 2."),
        "{}",
        page("UploadFile.md")
    );
    assert!(page("PutObject.md").contains(
        "| Request body | raw `application/octet-stream`: the bytes of `Data`; `Bucket` in the header `X-Upload-Bucket`; `Part` in the header `X-Upload-Part`; `Mode` in the header `X-Upload-Mode`; `Overwrite` in the header `X-Upload-Overwrite` |\n\n## 2."
    ));
    assert!(!page("DescribeFiles.md").contains("Request body"));
    assert!(
        page("DescribeFiles.md")
            .contains("| Idempotent | yes: retried on transient errors |\n\n## 2.")
    );
}
