//! What the examples share: a client for Tencent Cloud when keys are in the environment, or
//! else one for a `tcapi-mock` server that the example starts in-process on the specs of the
//! services it calls, so that `cargo run --example <name>` works with no account.

use std::path::Path;

use tcapi::{Client, Credentials};
use tcapi_mock::MockServer;

/// The key the in-process mock accepts (as the README's `tcapi-mock` command line).
pub const MOCK_SECRET_ID: &str = "AKIDEXAMPLE";
/// The secret of [`MOCK_SECRET_ID`].
pub const MOCK_SECRET_KEY: &str = "example-secret-key";

/// Where an example's calls go.
pub struct Target {
    /// The client to call with.
    pub client: Client,
    /// The in-process mock, when there are no keys; it serves as long as it lives.
    pub mock: Option<MockServer>,
}

/// A client for Tencent Cloud (keys, region and endpoint from the environment, as any
/// program's) when `TENCENTCLOUD_SECRET_ID` is set; otherwise [`mock`].
pub async fn from_env_or_mock(
    region: Option<&str>,
    services: &[&str],
    scenario: Option<&str>,
) -> Result<Target, Box<dyn std::error::Error>> {
    if std::env::var_os("TENCENTCLOUD_SECRET_ID").is_some() {
        println!("calling Tencent Cloud with the keys in the environment");
        let mut builder = Client::builder();
        if let Some(region) = region {
            builder = builder.region(region);
        }
        let client = builder.build()?;
        return Ok(Target { client, mock: None });
    }
    let target = mock(region, services, scenario).await?;
    if let Some(server) = &target.mock {
        println!(
            "no keys in the environment: tcapi-mock at {} serves {}",
            server.base_url(),
            services.join(", ")
        );
    }
    Ok(target)
}

/// A `tcapi-mock` server on a free loopback port, serving `services` (directories of the
/// repository's `specs/`) and answering by `scenario` (YAML, see mock/SCENARIOS.md) before
/// the documented examples, and a client for it in `region`. The environment is not read.
pub async fn mock(
    region: Option<&str>,
    services: &[&str],
    scenario: Option<&str>,
) -> Result<Target, Box<dyn std::error::Error>> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut builder = MockServer::builder().key(MOCK_SECRET_ID, MOCK_SECRET_KEY);
    for service in services {
        builder = builder.specs(specs.join(service));
    }
    if let Some(text) = scenario {
        builder = builder.scenario_str("scenario.yaml", text);
    }
    let server = builder.start().await?;
    let mut builder = Client::builder()
        .credentials(Credentials::new(MOCK_SECRET_ID, MOCK_SECRET_KEY)?)
        .base_url(server.base_url());
    if let Some(region) = region {
        builder = builder.region(region);
    }
    let client = builder.build_with_env(&|_| None)?;
    Ok(Target {
        client,
        mock: Some(server),
    })
}
