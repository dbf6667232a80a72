//! The `tcapi-mock` binary: start-up line, exit codes, signals.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{ID, KEY, Raw, code, spec_paths};

fn mock() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tcapi-mock"));
    c.env_remove("TENCENTCLOUD_SECRET_ID")
        .env_remove("TENCENTCLOUD_SECRET_KEY");
    c
}

fn base_args(c: &mut Command) -> &mut Command {
    for p in spec_paths() {
        c.arg("--specs").arg(p);
    }
    c.args(["--secret-id", ID, "--secret-key", KEY])
}

/// Starts the server; returns it and the address from its first stdout line.
fn start(extra: &[&str]) -> (Child, std::net::SocketAddr) {
    let mut c = mock();
    base_args(&mut c)
        .args(["--listen", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let addr = url.trim_start_matches("http://").parse().unwrap();
    assert!(
        line.starts_with("tcapi-mock listening on http://127.0.0.1:"),
        "{line}"
    );
    (child, addr)
}

fn wait(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let until = Instant::now() + limit;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if Instant::now() > until {
            let _ = child.kill();
            panic!("tcapi-mock did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(child: &Child, sig: &str) {
    // The shell's builtin `kill`: no procps needed.
    let ok = Command::new("sh")
        .args(["-c", &format!("kill {sig} {}", child.id())])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn serves_logs_and_stops_cleanly_on_sigterm_and_sigint() {
    for sig in ["-TERM", "-INT"] {
        let (mut child, addr) = start(&[]);
        let (_, v) = Raw::car(
            "ApplyConcurrent",
            r#"{"UserId":"u1","UserIp":"203.0.113.7","ProjectId":"cap-abcdefgh"}"#,
        )
        .send(addr)
        .await;
        assert_eq!(code(&v), "", "{v}");
        signal(&child, sig);
        let status = wait(&mut child, Duration::from_secs(10));
        assert_eq!(status.code(), Some(0), "{sig}");
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        let first: serde_json::Value = serde_json::from_str(err.lines().next().unwrap()).unwrap();
        assert_eq!(first["action"], "ApplyConcurrent", "{err}");
        assert_eq!(first["outcome"], "example");
    }
}

#[test]
fn bad_scenario_exits_65_with_file_line_column() {
    let dir = std::env::temp_dir().join(format!("tcapi-mock-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.yaml");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"actions:\n  CreateSession:\n    - reply: { fault: explode }\n")
        .unwrap();
    let out = base_args(&mut mock())
        .arg("--scenario")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}:3:23: error: unknown fault `explode`",
            path.display()
        )),
        "{err}"
    );
    // `--check` validates without serving.
    let out = base_args(&mut mock())
        .arg("--scenario")
        .arg(&path)
        .arg("--check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65));
    std::fs::write(
        &path,
        "actions:\n  CreateSession:\n    - reply: { fault: reset }\n",
    )
    .unwrap();
    let out = base_args(&mut mock())
        .arg("--scenario")
        .arg(&path)
        .arg("--check")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("scenario valid"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_spec_exits_65() {
    let dir = std::env::temp_dir().join(format!("tcapi-mock-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("x.yaml"), "service: x\nversion: 1\nactions: 5\n").unwrap();
    let out = mock()
        .arg("--specs")
        .arg(&dir)
        .args(["--secret-id", ID, "--secret-key", KEY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65));
    assert!(String::from_utf8_lossy(&out.stderr).contains("x.yaml:"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn port_in_use_exits_74() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = base_args(&mut mock())
        .args(["--listen", &addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(74));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen on"));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let out = mock().args(["--specs", "specs"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "no key given");
    let out = base_args(&mut mock())
        .args(["--listen", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = base_args(&mut mock())
        .args(["--key", "novalue"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = mock().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for word in [
        "--specs",
        "--listen",
        "--secret-id",
        "--secret-key",
        "--scenario",
        "--log",
        "Exit codes",
    ] {
        assert!(help.contains(word), "{word} in {help}");
    }
}
