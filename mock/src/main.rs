//! `tcapi-mock`: the mock server from the command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use tcapi_mock::{Catalog, LogTarget, MockServer, StartError};

/// A Tencent Cloud API 3.0 mock server driven by tcapi specs.
///
/// Serves every action of the given specs on a local address, checks signatures (TC3-HMAC-SHA256)
/// against the configured key, the region rule, rate limits and parameters, and answers with
/// documented examples or a scenario's scripted replies (see SCENARIOS.md). Prints
/// `tcapi-mock listening on http://ADDR ...` on standard output once it accepts requests; logs
/// one JSON line per call.
///
/// Exit codes: 0 clean shutdown (SIGINT, SIGTERM) or `--check` passed, 2 bad command line,
/// 65 bad spec or scenario (every problem as file:line:column), 74 I/O error (port in use,
/// unreadable file).
#[derive(Parser, Debug)]
#[command(name = "tcapi-mock", version)]
struct Cli {
    /// Spec file or directory (e.g. `specs`); repeat for more.
    #[arg(long, value_name = "DIR", required = true)]
    specs: Vec<PathBuf>,

    /// Address to listen on; port 0 picks a free port (the bound address is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    listen: SocketAddr,

    /// SecretId the server accepts.
    #[arg(
        long,
        value_name = "ID",
        env = "TENCENTCLOUD_SECRET_ID",
        hide_env_values = true
    )]
    secret_id: String,

    /// SecretKey of `--secret-id`.
    #[arg(
        long,
        value_name = "KEY",
        env = "TENCENTCLOUD_SECRET_KEY",
        hide_env_values = true
    )]
    secret_key: String,

    /// Another accepted key pair, as `ID=KEY`; repeat for more.
    #[arg(long = "key", value_name = "ID=KEY")]
    keys: Vec<String>,

    /// Scenario file: per-action scripted replies (see SCENARIOS.md).
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,

    /// Where the call log goes: a file (appended), `-` for standard error, `off` for none.
    #[arg(long, value_name = "FILE", default_value = "-")]
    log: String,

    /// Do not enforce the documented per-action rate limits.
    #[arg(long)]
    no_rate_limits: bool,

    /// Load and check the specs and the scenario, then exit (0 when both are valid).
    #[arg(long)]
    check: bool,
}

const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut keys = vec![(cli.secret_id.clone(), cli.secret_key.clone())];
    for k in &cli.keys {
        match k.split_once('=') {
            Some((id, key)) if !id.is_empty() && !key.is_empty() => {
                keys.push((id.to_owned(), key.to_owned()));
            }
            _ => {
                eprintln!("error: --key takes `ID=KEY`, got `{k}`");
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    if keys
        .iter()
        .any(|(id, key)| id.trim() != id || key.trim() != key || id.is_empty() || key.is_empty())
    {
        eprintln!("error: a SecretId or SecretKey is empty or has surrounding whitespace");
        return ExitCode::from(EXIT_USAGE);
    }
    let log = match cli.log.as_str() {
        "-" => LogTarget::Stderr,
        "off" => LogTarget::Off,
        f => LogTarget::File(PathBuf::from(f)),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(74);
        }
    };
    runtime.block_on(run(cli, keys, log))
}

async fn run(cli: Cli, keys: Vec<(String, String)>, log: LogTarget) -> ExitCode {
    let catalog = match Catalog::load(&cli.specs) {
        Ok(c) => Arc::new(c),
        Err(d) => return fail(StartError::Specs(d)),
    };
    if cli.check {
        if let Some(path) = &cli.scenario {
            if let Err(e) = tcapi_mock::scenario::load(path, &catalog) {
                return fail(StartError::Scenario(e));
            }
        }
        println!(
            "ok: {}{}",
            counted(catalog.service_count(), catalog.action_count()),
            if cli.scenario.is_some() {
                ", scenario valid"
            } else {
                ""
            }
        );
        return ExitCode::SUCCESS;
    }
    let mut builder = MockServer::builder()
        .catalog(Arc::clone(&catalog))
        .listen(cli.listen)
        .log(log)
        .record_calls(0)
        .rate_limits(!cli.no_rate_limits);
    for (id, key) in keys {
        builder = builder.key(id, key);
    }
    if let Some(s) = &cli.scenario {
        builder = builder.scenario_file(s);
    }
    let signalled = shutdown_signal();
    let server = match builder.start().await {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    println!(
        "tcapi-mock listening on {} ({})",
        server.base_url(),
        counted(catalog.service_count(), catalog.action_count())
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();

    let stop = server.stop_handle();
    tokio::spawn(async move {
        signalled.await;
        stop.stop();
    });
    server.wait().await;
    eprintln!("tcapi-mock: stopped");
    ExitCode::SUCCESS
}

fn fail(e: StartError) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
}

/// SIGINT (Ctrl-C) or SIGTERM. The handlers are installed when this is called (before
/// the start-up line is printed), so a signal sent right after it is never missed.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate());
        let int = signal(SignalKind::interrupt());
        async move {
            match (term, int) {
                (Ok(mut term), Ok(mut int)) => {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = int.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// `1 service, 111 actions`.
fn counted(services: usize, actions: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "{services} service{}, {actions} action{}",
        plural(services),
        plural(actions)
    )
}
