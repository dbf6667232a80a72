//! No secret ever appears in the `Debug` of a generated type: a property test over a
//! generated fixture (`fixtures/vault/2024-01-01.yaml`) whose members marked `sensitive` sit
//! at the top level, in options, in lists, in data types, in lists of data types, nested, and
//! in the response. Random values are read into the generated types from JSON; their
//! `Debug` (`{:?}` and `{:#?}`) and their log form (`json::to_masked_string`) must hold none
//! of the secrets but every other value, while the wire form keeps all of them.

use proptest::prelude::*;
use serde_json::{Value, json};
use tcapi::json;

mod vault {
    tcapi::include_spec!("fixtures/vault/2024-01-01.yaml");
}

use vault::{CreateLoginRequest, CreateLoginResponse};

/// A secret: letters and digits after a marker, so it appears verbatim in JSON text.
fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{6,16}".prop_map(|s| format!("SECRET{s}"))
}

/// A value that is not a secret.
fn plain() -> impl Strategy<Value = String> {
    "[a-z]{6,12}".prop_map(|s| format!("plain{s}"))
}

fn inner() -> impl Strategy<Value = Value> {
    (proptest::option::of(secret()), plain()).prop_map(|(key, label)| {
        let mut v = json!({ "Label": label });
        if let Some(k) = key {
            v["PrivateKey"] = json!(k);
        }
        v
    })
}

fn account() -> impl Strategy<Value = Value> {
    (
        plain(),
        proptest::option::of(secret()),
        proptest::option::of(inner()),
    )
        .prop_map(|(name, password, inner)| {
            let mut v = json!({ "Name": name });
            if let Some(p) = password {
                v["Password"] = json!(p);
            }
            if let Some(i) = inner {
                v["Inner"] = i;
            }
            v
        })
}

fn request() -> impl Strategy<Value = Value> {
    (
        plain(),
        secret(),
        proptest::collection::vec(secret(), 0..4),
        proptest::option::of(account()),
        proptest::collection::vec(account(), 0..4),
    )
        .prop_map(|(user, password, keys, account, accounts)| {
            let mut v = json!({
                "User": user,
                "Password": password,
                "Keys": keys,
                "Accounts": accounts,
            });
            if let Some(a) = account {
                v["Account"] = a;
            }
            v
        })
}

fn response() -> impl Strategy<Value = Value> {
    (
        secret(),
        proptest::option::of((plain(), secret())),
        proptest::collection::vec(account(), 0..4),
    )
        .prop_map(|(token, credentials, accounts)| {
            let mut v = json!({ "Token": token, "Accounts": accounts, "RequestId": "req-1" });
            if let Some((id, key)) = credentials {
                v["Credentials"] = json!({ "SecretId": id, "SecretKey": key });
            }
            v
        })
}

/// Every string of `v` starting with `prefix`.
fn strings(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.starts_with(prefix) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|x| strings(x, prefix, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, prefix, out)),
        _ => {}
    }
}

/// The shown texts hold no secret of `v` and every plain value; the wire form holds both.
fn check(v: &Value, shown: &[String], wire: &str) -> Result<(), TestCaseError> {
    let (mut secrets, mut plains) = (Vec::new(), Vec::new());
    strings(v, "SECRET", &mut secrets);
    strings(v, "plain", &mut plains);
    for text in shown {
        for s in &secrets {
            prop_assert!(!text.contains(s.as_str()), "secret {s} shown in {text}");
        }
        for p in &plains {
            prop_assert!(text.contains(p.as_str()), "{p} missing from {text}");
        }
    }
    for s in secrets.iter().chain(&plains) {
        prop_assert!(wire.contains(s.as_str()), "{s} not sent: {wire}");
    }
    Ok(())
}

proptest! {
    #[test]
    fn no_secret_of_a_request_is_ever_shown(v in request()) {
        let req: CreateLoginRequest = json::from_str(&v.to_string()).unwrap();
        let shown = [format!("{req:?}"), format!("{req:#?}"), json::to_masked_string(&req)];
        check(&v, &shown, &json::to_string(&req))?;
        prop_assert!(shown[0].contains(json::REDACTED));
    }

    #[test]
    fn no_secret_of_a_response_is_ever_shown(v in response()) {
        let resp: CreateLoginResponse = json::from_str(&v.to_string()).unwrap();
        let shown = [format!("{resp:?}"), format!("{resp:#?}"), json::to_masked_string(&resp)];
        check(&v, &shown, &json::to_string(&resp))?;
    }
}

#[test]
fn the_secrets_of_the_committed_services_are_masked() {
    // GSE's `Secret` of a data type, CAR's session descriptions (marked by hand).
    let session =
        tcapi_car::CreateSessionRequest::new("user-1", "1.2.3.4").client_session("SECRETsdp");
    let shown = format!("{session:?}");
    assert!(!shown.contains("SECRETsdp"), "{shown}");
    assert!(shown.contains(r#""ClientSession":"*** Sensitive Data Redacted ***""#));
    assert!(json::to_string(&session).contains("SECRETsdp"));
}

#[tokio::test]
async fn the_in_process_mock_masks_secrets_in_its_messages() {
    use tcapi::RetryPolicy;
    use tcapi::mock::{Mock, Reply};
    let mock = Mock::new();
    mock.unmatched_as_error();
    mock.on::<CreateLoginRequest>()
        .when(|r| r.user == "someone-else")
        .reply(Reply::ok(CreateLoginResponse::default()));
    let client = mock.client().retry(RetryPolicy::never()).build().unwrap();
    let req = CreateLoginRequest::new("alice", "SECREThunter2");
    let e = client.send(req).await.unwrap_err().to_string();
    assert!(e.contains("no rule answers CreateLogin"), "{e}");
    assert!(e.contains("alice") && e.contains(json::REDACTED), "{e}");
    assert!(!e.contains("SECREThunter2"), "{e}");
    let calls = format!("{:?}", mock.calls());
    assert!(!calls.contains("SECREThunter2"), "{calls}");
}
