//! The CLI: summaries, `--check` naming stale files, exit codes, write-if-changed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tcapi-codegen"))
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tcapi-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("specs")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/constructs.yaml"),
        d.join("specs/demo.yaml"),
    )
    .unwrap();
    d
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn generate_check_and_rewrite_cycle() {
    let d = scratch("cycle");
    let specs = d.join("specs");
    let generate = |extra: &[&str]| {
        let mut c = bin();
        c.arg("generate")
            .arg("--specs")
            .arg(&specs)
            .arg("--root")
            .arg(&d)
            .args(extra);
        run(&mut c)
    };

    // Nothing generated yet: --check fails and names the missing files.
    let (code, _, err) = generate(&["--check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("generated/demo/src/demo.rs"), "{err}");

    let (code, out, err) = generate(&[]);
    // The crate (manifest, README, lib.rs, the service module), rustfmt.toml and 8 pages of
    // the reference (index, common errors, service, 3 actions, 2 HTML).
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "generated 1 service, 3 actions: 13 files (13 written, 0 unchanged, 0 removed) in "
        ),
        "{out}"
    );
    let lib = d.join("generated/demo/src/demo.rs");
    let mtime = std::fs::metadata(&lib).unwrap().modified().unwrap();

    // Up to date; a second run writes nothing.
    assert_eq!(generate(&["--check"]).0, 0);
    let (_, out, _) = generate(&[]);
    assert!(
        out.contains("(0 written, 13 unchanged, 0 removed)"),
        "{out}"
    );
    assert_eq!(std::fs::metadata(&lib).unwrap().modified().unwrap(), mtime);

    // A hand edit makes it stale; generate restores it.
    std::fs::write(&lib, "// edited\n").unwrap();
    let (code, _, err) = generate(&["--check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("stale: 1 generated file(s)") && err.contains("generated/demo/src/demo.rs"),
        "{err}"
    );
    assert_eq!(generate(&[]).0, 0);
    assert_eq!(generate(&["--check"]).0, 0);
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn services_left_out_of_the_committed_list_are_generated_at_build_time() {
    let d = scratch("committed");
    let specs = d.join("specs");
    let generate = |extra: &[&str]| {
        let mut c = bin();
        c.arg("generate")
            .arg("--specs")
            .arg(&specs)
            .arg("--root")
            .arg(&d)
            .args(extra);
        run(&mut c)
    };
    std::fs::write(
        specs.join("committed.txt"),
        "# none committed
",
    )
    .unwrap();
    let (code, _, err) = generate(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(!d.join("generated/demo/src/demo.rs").exists());
    assert!(!d.join("generated/docs/demo").exists());
    let lib = std::fs::read_to_string(d.join("generated/demo/src/lib.rs")).unwrap();
    assert!(
        lib.contains("include!(concat!(env!(\"OUT_DIR\"), \"/demo.rs\"))"),
        "{lib}"
    );
    let build = std::fs::read_to_string(d.join("generated/demo/build.rs")).unwrap();
    assert!(
        build.contains("tcapi_codegen::build_script::run(\"specs\", &[\"demo\"])"),
        "{build}"
    );
    let toml = std::fs::read_to_string(d.join("generated/demo/Cargo.toml")).unwrap();
    assert!(toml.contains("\nbuild = \"build.rs\"\n"), "{toml}");
    assert!(toml.contains("\npublish = false\n"), "{toml}");
    assert!(
        toml.contains("\n[build-dependencies]\ntcapi-codegen = "),
        "{toml}"
    );
    assert_eq!(generate(&["--check"]).0, 0);

    // Listing it commits its code; --check sees the change.
    std::fs::write(specs.join("committed.txt"), "demo\n").unwrap();
    let (code, _, err) = generate(&["--check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("generated/demo/src/demo.rs") && err.contains("generated/demo/build.rs"),
        "{err}"
    );
    assert_eq!(generate(&[]).0, 0);
    assert!(d.join("generated/demo/src/demo.rs").exists());
    assert!(d.join("generated/demo/README.md").exists());
    assert!(
        !d.join("generated/demo/build.rs").exists(),
        "the build script is removed"
    );

    // Taking it off the list again removes its code and README.
    std::fs::write(specs.join("committed.txt"), "# none\n").unwrap();
    assert_eq!(generate(&[]).0, 0);
    assert!(!d.join("generated/demo/src/demo.rs").exists());
    assert!(!d.join("generated/demo/README.md").exists());
    assert_eq!(generate(&["--check"]).0, 0);

    // A name that is no service is a spec error with its position.
    std::fs::write(specs.join("committed.txt"), "demo\ndemoo\n").unwrap();
    let (code, _, err) = generate(&[]);
    assert_eq!(code, 65, "{err}");
    assert!(
        err.contains("committed.txt:2:1: error: `demoo` is listed as committed"),
        "{err}"
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn spec_errors_exit_65_with_positions() {
    let d = scratch("errors");
    let f = d.join("specs/demo.yaml");
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("rate_limit: 20", "rate_limit: 0");
    std::fs::write(&f, text).unwrap();
    let (code, _, err) = run(bin().arg("check").arg(d.join("specs")));
    assert_eq!(code, 65);
    assert!(
        err.contains("demo.yaml:15:17: error: `rate_limit` must be a positive number"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("1 error in specs"), "{err}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn check_prints_a_summary_and_help_is_clear() {
    let d = scratch("ok");
    let (code, out, _) = run(bin().arg("check").arg(d.join("specs")));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("ok: 1 service, 3 actions, 1 file checked in "),
        "{out}"
    );
    let (code, out, _) = run(bin().arg("--help"));
    assert_eq!(code, 0);
    assert!(
        out.contains("generate") && out.contains("check") && out.contains("Exit codes"),
        "{out}"
    );
    let (code, _, _) = run(bin().arg("frobnicate"));
    assert_eq!(code, 2);
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn changes_prints_the_report_and_its_summary_and_exits_0() {
    let d = scratch("changes");
    let old = d.join("old");
    std::fs::create_dir_all(&old).unwrap();
    let text = std::fs::read_to_string(d.join("specs/demo.yaml")).unwrap();
    // The old tree has one more action and lacks one optional member.
    let older = text
        .replace(
            "  DescribeThings:\n",
            "  RetiredThing:\n    description: Gone since.\n  DescribeThings:\n",
        )
        .replace(
            "      To: { type: Placement, required: true }\n",
            "      To: { type: Placement, required: true }\n      Note: { type: String }\n",
        );
    assert_ne!(older, text);
    std::fs::write(old.join("demo.yaml"), older).unwrap();
    let (code, out, err) = run(bin()
        .args(["changes", "--old"])
        .arg(&old)
        .arg("--new")
        .arg(d.join("specs")));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("demo: 2 breaking, 0 other"),
        "{out}"
    );
    assert!(out.contains("  breaking  demo "), "{out}");
    assert!(
        out.contains(" MoveThing.request.Note: request member removed"),
        "{out}"
    );
    assert!(out.contains(" RetiredThing: action removed"), "{out}");
    assert_eq!(
        lines.last().copied(),
        Some("1 service changed (1 breaking), 0 unchanged"),
        "{out}"
    );
    // The same tree: nothing changed.
    let (code, out, _) = run(bin()
        .args(["changes", "--old"])
        .arg(d.join("specs"))
        .arg("--new")
        .arg(d.join("specs")));
    assert_eq!(code, 0);
    assert_eq!(out, "0 services changed (0 breaking), 1 unchanged\n");
    // A revision git does not know: a clear error.
    let (code, _, err) = run(bin()
        .current_dir(&d)
        .args(["changes", "--old-rev", "no-such-revision", "--new"])
        .arg(d.join("specs")));
    assert_eq!(code, 74);
    assert!(
        err.contains("cannot read specs/ of `no-such-revision`"),
        "{err}"
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn extract_error_codes_then_coverage() {
    let d = scratch("errcodes");
    let v = d.join("sdk/tencentcloud/demo/v20200101");
    std::fs::create_dir_all(&v).unwrap();
    std::fs::create_dir_all(d.join("sdk/tencentcloud/common/http")).unwrap();
    std::fs::write(
        d.join("sdk/tencentcloud/common/http/request.go"),
        "\tparams[\"RequestClient\"] = \"SDK_GO_1.2.3\"\n",
    )
    .unwrap();
    std::fs::write(
        v.join("errors.go"),
        "package v20200101\n\nconst (\n\t// Widget not found.\n\tRESOURCENOTFOUND_WIDGET = \"ResourceNotFound.Widget\"\n)\n",
    )
    .unwrap();
    std::fs::write(
        v.join("client.go"),
        "// GetWidget\n//\n// error code that may be returned:\n//  RESOURCENOTFOUND_WIDGET = \"ResourceNotFound.Widget\"\n\
         func (c *Client) GetWidget(request *GetWidgetRequest) (response *GetWidgetResponse, err error) {\n}\n",
    )
    .unwrap();
    let table = d.join("table");
    let (code, out, err) = run(bin()
        .arg("extract-error-codes")
        .arg("--intl")
        .arg(d.join("sdk"))
        .arg("--out")
        .arg(&table));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("tencentcloud-sdk-go-intl-en v1.2.3: 1 service versions, 1 of 1 actions"),
        "{out}"
    );
    let text = std::fs::read_to_string(table.join("demo-2020-01-01.tsv")).unwrap();
    assert!(
        text.contains("action\tGetWidget\tintl\tResourceNotFound.Widget\n"),
        "{text}"
    );

    let defs = d.join("services/demo/v20200101");
    std::fs::create_dir_all(&defs).unwrap();
    std::fs::write(
        defs.join("api.json"),
        r#"{"metadata": {"apiVersion": "2020-01-01", "serviceShortName": "demo"},
            "actions": {"GetWidget": {}, "PutWidget": {}}, "objects": {}}"#,
    )
    .unwrap();
    let (code, out, err) = run(bin()
        .arg("error-coverage")
        .arg("--missing")
        .arg("--table")
        .arg(&table)
        .arg(d.join("services")));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("missing: demo 2020-01-01 PutWidget"), "{out}");
    assert!(
        out.contains("1 of 2 actions have their own error list (50.0%)"),
        "{out}"
    );

    let (code, _, err) = run(bin().arg("extract-error-codes").arg("--out").arg(&table));
    assert_eq!(code, 74);
    assert!(err.contains("at least one SDK"), "{err}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn output_that_cannot_be_written_exits_74_with_a_message() {
    let d = scratch("io");
    // A closed pipe: the write end of a pipe whose reader has already exited, so the summary
    // always meets EPIPE (dropping our own reader after spawning raced with a fast child).
    let mut reader = Command::new("true")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let closed = reader.stdin.take().unwrap();
    reader.wait().unwrap();
    let (code, _, stderr) = run(bin().arg("check").arg(d.join("specs")).stdout(closed));
    assert_eq!(code, 74, "{stderr}");
    assert!(stderr.contains("cannot write the output"), "{stderr}");
    #[cfg(target_os = "linux")]
    {
        // A full disk.
        let full = std::fs::File::create("/dev/full").unwrap();
        let (code, _, stderr) = run(bin().arg("check").arg(d.join("specs")).stdout(full));
        assert_eq!(code, 74, "{stderr}");
        assert!(stderr.contains("No space left"), "{stderr}");
    }
}

#[test]
fn a_release_bumps_only_the_crates_whose_api_changed() {
    let d = scratch("release");
    let new = d.join("specs");
    // The previous release's API: the demo service with an action it no longer has, and a
    // second service that did not change.
    let old = d.join("old");
    std::fs::create_dir_all(&old).unwrap();
    let demo = std::fs::read_to_string(new.join("demo.yaml")).unwrap();
    let without = demo.replacen(
        "\n  MoveThing:\n",
        "\n  RetiredThing:\n    description: gone since.\n  MoveThing:\n",
        1,
    );
    std::fs::write(old.join("demo.yaml"), &without).unwrap();
    std::fs::write(
        old.join("other.yaml"),
        "service: other\nversion: \"2020-01-01\"\ntitle: Other\nactions:\n  DoIt:\n    description: x\n",
    )
    .unwrap();
    std::fs::copy(old.join("other.yaml"), new.join("other.yaml")).unwrap();
    let out = d.join("release");
    let release = |specs: &Path, extra: &[&str]| {
        let mut c = bin();
        c.arg("release")
            .arg("--out")
            .arg(&out)
            .arg("--specs")
            .arg(specs)
            .arg("--root")
            .arg(&d)
            .args(extra);
        run(&mut c)
    };
    let (code, stdout, err) = release(&old, &["--date", "2026-12-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("2 crates (2 new, 0 with a new version, 0 unchanged)"),
        "{stdout}"
    );
    let (code, stdout, err) = release(
        &new,
        &["--since", old.to_str().unwrap(), "--date", "2026-12-07"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("2 crates (0 new, 1 with a new version, 1 unchanged)"),
        "{stdout}"
    );
    let manifest = std::fs::read_to_string(out.join("demo/Cargo.toml")).unwrap();
    // An action removed is a breaking change: below 1.0 the minor number moves.
    assert!(manifest.contains("\nversion = \"0.2.0\"\n"), "{manifest}");
    let log = std::fs::read_to_string(out.join("demo/CHANGELOG.md")).unwrap();
    let new_entry = log.find("## 0.2.0 (2026-12-07)").expect("the new entry");
    let first = log.find("## 0.1.0 (2026-12-01)").expect("the first entry");
    assert!(new_entry < first, "{log}");
    assert!(
        log.contains("### Breaking\n\n- `2024-01-01` `RetiredThing`: action removed"),
        "{log}"
    );
    let other = std::fs::read_to_string(out.join("other/Cargo.toml")).unwrap();
    assert!(other.contains("\nversion = \"0.1.0\"\n"), "{other}");
    // The packaged form: no build script, tcapi by version, the workspace of every crate.
    assert!(!out.join("demo/build.rs").exists());
    assert!(
        manifest.contains("\ntcapi = { version = \"0.1.0\", default-features = false }\n"),
        "{manifest}"
    );
    let ws = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(ws.contains("\"demo\"") && ws.contains("\"other\""), "{ws}");
    // A revision that git does not know is an I/O error with git's word.
    let (code, _, err) = release(&new, &["--since", "no-such-revision-x"]);
    assert_eq!(code, 74, "{err}");
    std::fs::remove_dir_all(&d).ok();
}
