#![cfg(feature = "client")]
//! Credential providers against local servers with faults: the CVM metadata server (slow,
//! 500, malformed, expired, rotated keys), STS `AssumeRole` checking TC3 signatures, TKE
//! OIDC checking `Authorization: SKIP`, and the default chain's order. Nothing leaves
//! 127.0.0.1.

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use support::{
    Answer, Server, envelope, error_envelope, metadata_keys, ping::Ping, sts_keys, unix_in,
    verify_signature,
};
use tcapi::credentials::{
    AssumeRoleProvider, CachedProvider, CvmRoleProvider, DefaultChain, ENV_CREDENTIALS_FILE,
    ENV_SECRET_ID, ENV_SECRET_KEY, ENV_TKE_PROVIDER_ID, ENV_TKE_REGION, ENV_TKE_ROLE_ARN,
    ENV_TKE_WEB_IDENTITY_TOKEN_FILE, WebIdentityProvider,
};
use tcapi::{Client, Credentials, CredentialsError, Endpoint, ProvideCredentials, RetryPolicy};

const ROLE_PATH: &str = "/latest/meta-data/cam/security-credentials/";

fn metadata_base(server: &Server) -> String {
    format!("{}/latest/meta-data/", server.url())
}

/// A metadata server: role `test-role`, credentials from `keys` (called per request).
async fn metadata(keys: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Server {
    let count = AtomicUsize::new(0);
    Server::start(move |seen| match seen.path.strip_prefix(ROLE_PATH) {
        Some("") => Answer::ok("test-role"),
        Some("test-role") => keys(count.fetch_add(1, Ordering::SeqCst)),
        _ => Answer::status(404, "not found"),
    })
    .await
}

fn cvm(server: &Server) -> CvmRoleProvider {
    CvmRoleProvider::new()
        .base_url(metadata_base(server))
        .timeout(Duration::from_millis(300))
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tcapi-cred-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn env(pairs: &[(&str, String)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    move |name| map.get(name).cloned()
}

#[tokio::test]
async fn cvm_role_is_discovered_then_its_keys_fetched() {
    let expires = unix_in(3600);
    let server =
        metadata(move |_| Answer::ok(metadata_keys("AKIDcvm", "cvmkey", "cvmtok", expires))).await;
    let provider = cvm(&server);
    let c = provider.provide().await.unwrap();
    assert_eq!(
        (c.secret_id(), c.secret_key(), c.token()),
        ("AKIDcvm", "cvmkey", Some("cvmtok"))
    );
    let at = c.expires_at().unwrap();
    assert_eq!(
        at.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64,
        expires
    );
    // The role name is asked once, then reused.
    provider.provide().await.unwrap();
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            ROLE_PATH.to_owned(),
            format!("{ROLE_PATH}test-role"),
            format!("{ROLE_PATH}test-role")
        ]
    );
    assert!(server.seen().iter().all(|s| s.method == "GET"));
}

#[tokio::test]
async fn cvm_slow_metadata_server_times_out() {
    // Slow on the role name: off-CVM for a chain (not found), with the reason.
    let server = Server::start(|_| Answer::ok("test-role").slow(Duration::from_secs(5))).await;
    let e = cvm(&server).provide().await.unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert!(e.to_string().contains("timed out"), "{e}");
    // Slow on the keys of a known role: unreachable.
    let e = cvm(&server).role("test-role").provide().await.unwrap_err();
    assert!(matches!(e, CredentialsError::Unreachable { .. }), "{e}");
    assert!(e.to_string().contains("timed out"), "{e}");
}

#[tokio::test]
async fn cvm_faults_are_typed_errors() {
    let cases: Vec<(Answer, &str)> = vec![
        (Answer::status(500, "<html>oops</html>"), "HTTP 500"),
        (Answer::ok("{\"TmpSecretId\": "), "not JSON"),
        (
            Answer::ok(json!({"Code": "Failure", "Message": "no role"}).to_string()),
            "`Code` is `Failure`",
        ),
        (
            Answer::ok(metadata_keys("AKID", "k", "t", 1_600_000_000)),
            "expired at unix 1600000000",
        ),
        (Answer::ok("x".repeat(100_000)), "longer than"),
    ];
    for (answer, expected) in cases {
        let server = metadata(move |_| answer.clone()).await;
        let e = cvm(&server).provide().await.unwrap_err();
        assert!(!e.is_not_found(), "{e}");
        assert!(e.to_string().contains(expected), "{expected}: {e}");
    }
    // No role bound: 404 on the role name.
    let server = Server::start(|_| Answer::status(404, "")).await;
    let e = cvm(&server).provide().await.unwrap_err();
    assert!(
        e.is_not_found() && e.to_string().contains("HTTP 404"),
        "{e}"
    );
    // Nothing listening.
    let e = CvmRoleProvider::new()
        .base_url("http://127.0.0.1:9/latest/meta-data/")
        .provide()
        .await
        .unwrap_err();
    assert!(
        e.is_not_found() && e.to_string().contains("cannot connect"),
        "{e}"
    );
}

/// An API server that checks every request's signature against the keys it knows and
/// that the token sent belongs to the key.
/// SecretId to SecretKey and the token that must come with it.
type KnownKeys = HashMap<String, (String, Option<String>)>;

async fn api_server(keys: KnownKeys) -> Server {
    Server::start(move |seen| {
        let secrets: HashMap<String, String> = keys
            .iter()
            .map(|(id, (k, _))| (id.clone(), k.clone()))
            .collect();
        match verify_signature(seen, &secrets) {
            Ok(id) if keys[&id].1.as_deref() == seen.header("x-tc-token") => {
                Answer::ok(envelope(json!({"SignedBy": id})))
            }
            Ok(id) => Answer::ok(error_envelope(
                "AuthFailure.TokenFailure",
                &format!("token of {id}"),
            )),
            Err(why) => Answer::ok(error_envelope("AuthFailure.SignatureFailure", &why)),
        }
    })
    .await
}

#[tokio::test]
async fn rotated_cvm_keys_are_used_by_the_client_after_refresh() {
    // Keys that live 3 to 4 s (whole seconds): refreshed at half their lifetime (at most
    // 2 s), the second fetch rotates.
    let server = metadata(|n| {
        Answer::ok(metadata_keys(
            &format!("AKIDrot{n}"),
            &format!("key{n}"),
            &format!("tok{n}"),
            unix_in(4),
        ))
    })
    .await;
    let keys = HashMap::from([
        (
            "AKIDrot0".to_owned(),
            ("key0".to_owned(), Some("tok0".to_owned())),
        ),
        (
            "AKIDrot1".to_owned(),
            ("key1".to_owned(), Some("tok1".to_owned())),
        ),
    ]);
    let api = api_server(keys).await;
    let client = Client::builder()
        .credentials_provider(cvm(&server))
        .base_url(api.url())
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let signed_by = |r: serde_json::Value| r["SignedBy"].as_str().unwrap().to_owned();
    assert_eq!(signed_by(client.send(Ping).await.unwrap()), "AKIDrot0");
    assert_eq!(signed_by(client.send(Ping).await.unwrap()), "AKIDrot0");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    // Past the refresh point: this request still uses the valid keys, the refresh runs
    // in the background.
    assert_eq!(signed_by(client.send(Ping).await.unwrap()), "AKIDrot0");
    let mut rotated = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        if signed_by(client.send(Ping).await.unwrap()) == "AKIDrot1" {
            rotated = true;
            break;
        }
    }
    assert!(rotated, "the client never used the rotated keys");
    let fetches = server
        .seen()
        .iter()
        .filter(|s| s.path.ends_with("test-role"))
        .count();
    assert_eq!(fetches, 2);
    assert_eq!(
        client.credentials().await.unwrap().unwrap().secret_id(),
        "AKIDrot1"
    );
}

const SOURCE_ID: &str = "AKIDsourcekeys";
const SOURCE_KEY: &str = "source-secret-key";

/// A local STS: checks the signature of `AssumeRole` against the source keys, answers
/// temporary keys; `AssumeRoleWithWebIdentity` must come unsigned.
async fn sts_server(expired_time: i64) -> Server {
    let keys = HashMap::from([(SOURCE_ID.to_owned(), SOURCE_KEY.to_owned())]);
    let calls = AtomicUsize::new(0);
    Server::start(move |seen| {
        let n = calls.fetch_add(1, Ordering::SeqCst);
        match seen.header("x-tc-action") {
            Some("AssumeRole") => match verify_signature(seen, &keys) {
                Ok(_) => Answer::ok(sts_keys(
                    &format!("AKIDtmp{n}"),
                    "tmpkey",
                    "tmptok",
                    expired_time,
                )),
                Err(why) => Answer::ok(error_envelope("AuthFailure.SignatureFailure", &why)),
            },
            Some("AssumeRoleWithWebIdentity") if seen.header("authorization") == Some("SKIP") => {
                Answer::ok(sts_keys(
                    &format!("AKIDoidc{n}"),
                    "oidckey",
                    "oidctok",
                    expired_time,
                ))
            }
            _ => Answer::ok(error_envelope(
                "AuthFailure.InvalidAuthorization",
                "unexpected",
            )),
        }
    })
    .await
}

#[tokio::test]
async fn assume_role_signs_with_the_source_keys_and_returns_expiring_keys() {
    let expires = unix_in(7200);
    let sts = sts_server(expires).await;
    let provider = AssumeRoleProvider::builder(
        Credentials::new(SOURCE_ID, SOURCE_KEY).unwrap(),
        "qcs::cam::uin/100000000001:roleName/reader",
    )
    .session_name("it-session")
    .duration(Duration::from_secs(900))
    .policy(r#"{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*"],"resource":"*"}]}"#)
    .endpoint(Endpoint::Custom(sts.url()))
    .build()
    .unwrap();
    let c = provider.provide().await.unwrap();
    assert_eq!((c.secret_id(), c.token()), ("AKIDtmp0", Some("tmptok")));
    assert_eq!(
        c.expires_at()
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
        expires
    );
    let seen = &sts.seen()[0];
    assert_eq!(seen.header("x-tc-version"), Some("2018-08-13"));
    assert_eq!(seen.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(seen.header("x-tc-token"), None);
    assert!(
        verify_signature(
            seen,
            &HashMap::from([(SOURCE_ID.into(), SOURCE_KEY.into())])
        )
        .is_ok()
    );
    let body = seen.json();
    assert_eq!(
        body["RoleArn"],
        "qcs::cam::uin/100000000001:roleName/reader"
    );
    assert_eq!(body["RoleSessionName"], "it-session");
    assert_eq!(body["DurationSeconds"], 900);
    assert!(
        body["Policy"]
            .as_str()
            .unwrap()
            .starts_with("%7B%22version%22"),
        "{body}"
    );
}

#[tokio::test]
async fn assume_role_failures_name_the_call() {
    let sts = sts_server(unix_in(7200)).await;
    let wrong = AssumeRoleProvider::builder(
        Credentials::new(SOURCE_ID, "not-the-key").unwrap(),
        "qcs::cam::uin/1:roleName/r",
    )
    .endpoint(Endpoint::Custom(sts.url()))
    .build()
    .unwrap();
    let e = wrong.provide().await.unwrap_err();
    let CredentialsError::Service {
        code, request_id, ..
    } = &e
    else {
        panic!("{e}");
    };
    assert_eq!(code, "AuthFailure.SignatureFailure");
    assert_eq!(request_id.as_deref(), Some("req-1"));
    assert!(
        e.to_string()
            .contains("sts AssumeRole qcs::cam::uin/1:roleName/r"),
        "{e}"
    );

    // Keys that are already expired.
    let stale = sts_server(1_600_000_000).await;
    let p = AssumeRoleProvider::builder(Credentials::new(SOURCE_ID, SOURCE_KEY).unwrap(), "arn")
        .endpoint(Endpoint::Custom(stale.url()))
        .build()
        .unwrap();
    assert!(matches!(
        p.provide().await.unwrap_err(),
        CredentialsError::Expired { .. }
    ));

    // Invalid settings are caught before sending.
    let p = AssumeRoleProvider::builder(Credentials::new(SOURCE_ID, SOURCE_KEY).unwrap(), "arn")
        .duration(Duration::from_secs(100_000))
        .endpoint(Endpoint::Custom(sts.url()))
        .build()
        .unwrap();
    let e = p.provide().await.unwrap_err();
    assert!(matches!(e, CredentialsError::Config { .. }), "{e}");
    assert!(e.to_string().contains("DurationSeconds"), "{e}");
}

#[tokio::test]
async fn assumed_role_keys_sign_client_requests() {
    let sts = sts_server(unix_in(7200)).await;
    let keys = HashMap::from([(
        "AKIDtmp0".to_owned(),
        ("tmpkey".to_owned(), Some("tmptok".to_owned())),
    )]);
    let api = api_server(keys).await;
    let role = AssumeRoleProvider::builder(Credentials::new(SOURCE_ID, SOURCE_KEY).unwrap(), "arn")
        .endpoint(Endpoint::Custom(sts.url()))
        .build()
        .unwrap();
    let client = Client::builder()
        .credentials_cache(CachedProvider::new(role))
        .base_url(api.url())
        .build()
        .unwrap();
    for _ in 0..3 {
        let r = client.send(Ping).await.unwrap();
        assert_eq!(r["SignedBy"], "AKIDtmp0");
    }
    assert_eq!(sts.seen().len(), 1, "the assumed keys are cached");
}

#[tokio::test]
async fn web_identity_is_sent_unsigned_and_rereads_the_token_file() {
    let sts = sts_server(unix_in(7200)).await;
    let dir = scratch("oidc");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "eyJfirst-token\n").unwrap();
    let lookup = env(&[
        (ENV_TKE_REGION, "ap-singapore".into()),
        (ENV_TKE_PROVIDER_ID, "tke-provider".into()),
        (
            ENV_TKE_WEB_IDENTITY_TOKEN_FILE,
            token_file.display().to_string(),
        ),
        (ENV_TKE_ROLE_ARN, "qcs::cam::uin/1:roleName/pod".into()),
    ]);
    let provider = WebIdentityProvider::from_env_with(&lookup)
        .unwrap()
        .endpoint(Endpoint::Custom(sts.url()))
        .build()
        .unwrap();
    let c = provider.provide().await.unwrap();
    assert_eq!((c.secret_id(), c.token()), ("AKIDoidc0", Some("oidctok")));
    assert!(c.expires_at().is_some());

    std::fs::write(&token_file, "eyJsecond-token").unwrap();
    provider.provide().await.unwrap();

    let seen = sts.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.header("authorization"), Some("SKIP"));
        assert_eq!(s.header("x-tc-token"), None);
        assert_eq!(s.header("x-tc-action"), Some("AssumeRoleWithWebIdentity"));
        assert_eq!(s.header("x-tc-version"), Some("2018-08-13"));
        assert_eq!(s.header("x-tc-region"), Some("ap-singapore"));
        let body = s.json();
        assert_eq!(body["ProviderId"], "tke-provider");
        assert_eq!(body["RoleArn"], "qcs::cam::uin/1:roleName/pod");
        assert_eq!(body["DurationSeconds"], 7200);
        assert!(
            body["RoleSessionName"]
                .as_str()
                .unwrap()
                .starts_with("tcapi-rust-")
        );
    }
    assert_eq!(seen[0].json()["WebIdentityToken"], "eyJfirst-token");
    assert_eq!(seen[1].json()["WebIdentityToken"], "eyJsecond-token");

    // A token file that is gone is a configuration error naming it.
    std::fs::remove_file(&token_file).unwrap();
    let e = provider.provide().await.unwrap_err();
    assert!(matches!(e, CredentialsError::Config { .. }), "{e}");
    assert!(e.to_string().contains("token"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn default_chain_order_env_profile_cvm_oidc() {
    let dir = scratch("chain");
    let home = dir.join("home");
    std::fs::create_dir_all(home.join(".tencentcloud")).unwrap();
    let profile = home.join(".tencentcloud").join("credentials");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "eyJtoken").unwrap();
    let metadata_server =
        metadata(|_| Answer::ok(metadata_keys("AKIDcvm", "k", "t", unix_in(3600)))).await;
    let no_role = Server::start(|_| Answer::status(404, "")).await;
    let sts = sts_server(unix_in(3600)).await;
    let chain = |pairs: &[(&str, String)], metadata: &Server| {
        DefaultChain::builder()
            .lookup(env(pairs))
            .cvm(cvm(metadata))
            .sts_endpoint(Endpoint::Custom(sts.url()))
            .build()
    };
    let home_var = ("HOME", home.display().to_string());
    let tke = [
        (ENV_TKE_REGION, "ap-guangzhou".to_owned()),
        (ENV_TKE_PROVIDER_ID, "p".to_owned()),
        (
            ENV_TKE_WEB_IDENTITY_TOKEN_FILE,
            token_file.display().to_string(),
        ),
        (ENV_TKE_ROLE_ARN, "arn".to_owned()),
    ];
    let with = |extra: &[(&'static str, String)]| {
        let mut v = vec![home_var.clone()];
        v.extend(tke.iter().cloned());
        v.extend(extra.iter().cloned());
        v
    };

    // Everything configured: the environment wins and nothing is fetched.
    std::fs::write(
        &profile,
        "[default]\nsecret_id = AKIDfile\nsecret_key = k\n",
    )
    .unwrap();
    let c = chain(
        &with(&[
            (ENV_SECRET_ID, "AKIDenv".into()),
            (ENV_SECRET_KEY, "k".into()),
        ]),
        &metadata_server,
    )
    .provide()
    .await
    .unwrap();
    assert_eq!(c.secret_id(), "AKIDenv");
    // Then the profile file.
    let c = chain(&with(&[]), &metadata_server).provide().await.unwrap();
    assert_eq!(c.secret_id(), "AKIDfile");
    assert!(metadata_server.seen().is_empty());
    assert!(sts.seen().is_empty());
    // Then the CVM role.
    std::fs::remove_file(&profile).unwrap();
    let cvm_chain = chain(&with(&[]), &metadata_server);
    let c = cvm_chain.provide().await.unwrap();
    assert_eq!(c.secret_id(), "AKIDcvm");
    assert!(sts.seen().is_empty());
    // The chain keeps its source: the next call asks the metadata server again.
    cvm_chain.provide().await.unwrap();
    assert_eq!(
        metadata_server
            .seen()
            .iter()
            .filter(|s| s.path.ends_with("test-role"))
            .count(),
        2
    );
    // Then TKE OIDC (no role bound to this "instance").
    let c = chain(&with(&[]), &no_role).provide().await.unwrap();
    assert!(c.secret_id().starts_with("AKIDoidc"), "{c:?}");
    // Nothing at all: what each source said, in order.
    let e = chain(std::slice::from_ref(&home_var), &no_role)
        .provide()
        .await
        .unwrap_err();
    let CredentialsError::NotFound { searched } = &e else {
        panic!("{e}");
    };
    assert_eq!(searched.len(), 5, "{searched:?}");
    assert!(searched[0].starts_with("environment:"), "{searched:?}");
    assert!(searched[1].starts_with("profile file:"), "{searched:?}");
    assert!(searched[2].starts_with("tccli:"), "{searched:?}");
    assert!(
        searched[3].starts_with("CVM role:") && searched[3].contains("HTTP 404"),
        "{searched:?}"
    );
    assert!(searched[4].starts_with("TKE OIDC:"), "{searched:?}");
    // A broken source stops the chain: a profile file without secret_key.
    std::fs::write(&profile, "[default]\nsecret_id = AKIDfile\n").unwrap();
    let e = chain(&with(&[]), &metadata_server)
        .provide()
        .await
        .unwrap_err();
    assert!(matches!(e, CredentialsError::ProfileFile { .. }), "{e}");
    // A file-configured credentials path is honoured.
    let elsewhere = dir.join("elsewhere");
    std::fs::write(
        &elsewhere,
        "[default]\nsecret_id = AKIDelse\nsecret_key = k\n",
    )
    .unwrap();
    let c = chain(
        &with(&[(ENV_CREDENTIALS_FILE, elsewhere.display().to_string())]),
        &no_role,
    )
    .provide()
    .await
    .unwrap();
    assert_eq!(c.secret_id(), "AKIDelse");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_role_arn_in_a_profile_is_assumed_with_its_keys() {
    let sts = sts_server(unix_in(7200)).await;
    let dir = scratch("profile-role");
    let file = dir.join("credentials");
    std::fs::write(
        &file,
        format!(
            "[default]\nsecret_id = {SOURCE_ID}\nsecret_key = {SOURCE_KEY}\nrole_arn = qcs::cam::uin/1:roleName/ops\nrole_session_name = nightly\n"
        ),
    )
    .unwrap();
    let f = file.to_str().unwrap().to_owned();
    let provider = tcapi::credentials::ProfileProvider::with_lookup(move |n| {
        (n == ENV_CREDENTIALS_FILE).then(|| f.clone())
    })
    .sts_endpoint(Endpoint::Custom(sts.url()));
    // `read` gives the file's keys; `provide` the role's.
    assert_eq!(provider.read().unwrap().secret_id(), SOURCE_ID);
    let c = provider.provide().await.unwrap();
    assert_eq!((c.secret_id(), c.token()), ("AKIDtmp0", Some("tmptok")));
    let body = sts.seen()[0].json();
    assert_eq!(body["RoleArn"], "qcs::cam::uin/1:roleName/ops");
    assert_eq!(body["RoleSessionName"], "nightly");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn tccli_profiles_give_keys_a_role_and_a_region_through_the_default_chain() {
    let sts = sts_server(unix_in(7200)).await;
    let dir = scratch("tccli-role");
    let tccli = dir.join(".tccli");
    std::fs::create_dir_all(&tccli).unwrap();
    std::fs::write(
        tccli.join("ops.credential"),
        format!(
            r#"{{"secretId": "{SOURCE_ID}", "secretKey": "{SOURCE_KEY}", "role-arn": "qcs::cam::uin/1:roleName/ops", "role-session-name": "tccli-session"}}"#
        ),
    )
    .unwrap();
    std::fs::write(
        tccli.join("ops.configure"),
        r#"{"_sys_param": {"region": "ap-singapore", "output": "json"}}"#,
    )
    .unwrap();
    let home = dir.to_str().unwrap().to_owned();
    let lookup = move |n: &str| match n {
        "HOME" => Some(home.clone()),
        "TCCLI_PROFILE" => Some("ops".to_owned()),
        _ => None,
    };
    let chain = DefaultChain::builder()
        .lookup(lookup.clone())
        .without_cvm()
        .sts_endpoint(Endpoint::Custom(sts.url()))
        .build();
    let c = chain.provide().await.unwrap();
    assert_eq!((c.secret_id(), c.token()), ("AKIDtmp0", Some("tmptok")));
    let seen = &sts.seen()[0];
    assert!(
        verify_signature(
            seen,
            &HashMap::from([(SOURCE_ID.into(), SOURCE_KEY.into())])
        )
        .is_ok()
    );
    assert_eq!(seen.json()["RoleSessionName"], "tccli-session");
    // The client takes tccli's region when none is configured.
    let client = Client::builder()
        .credentials(c)
        .build_with_env(&lookup)
        .unwrap();
    assert_eq!(client.region(), Some("ap-singapore"));
    // A configured region wins.
    let client = Client::builder()
        .region("ap-tokyo")
        .credentials(Credentials::new("AKIDX", "K").unwrap())
        .build_with_env(&lookup)
        .unwrap();
    assert_eq!(client.region(), Some("ap-tokyo"));
    std::fs::remove_dir_all(&dir).unwrap();
}
