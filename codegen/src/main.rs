//! `tcapi-codegen`: specs/ → generated/ (see `--help`).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tcapi_codegen::crates::{CrateMeta, Shipping};
use tcapi_codegen::{docs, generate, writer};

/// Exit code when `--check` finds stale files.
const EXIT_STALE: u8 = 1;
/// Exit code when specs have errors.
const EXIT_SPEC: u8 = 65;
/// Exit code when the reference site cannot be built.
const EXIT_SOFTWARE: u8 = 70;
/// Exit code when files cannot be read or written.
const EXIT_IO: u8 = 74;

#[derive(Parser)]
#[command(
    name = "tcapi-codegen",
    version,
    about = "Generate Rust clients for Tencent Cloud API 3.0 from YAML specs",
    long_about = "Generate Rust clients for Tencent Cloud API 3.0 from YAML specs.\n\n\
                  Exit codes: 0 success; 1 `generate --check` found stale files; 2 bad command line; \
                  65 the specs have errors (all are listed as file:line:column); 70 the reference site could not be built; 74 a file could not be read or written."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the specs and write a crate per service (generated/<service>/) and the runtime's
    /// common errors. When a specs directory holds committed.txt, only the services it lists
    /// get committed code and docs; the others get a crate whose build script generates them
    /// from specs/ (for users who depend on the repository by git)
    Generate {
        /// Write nothing; exit 1 and list the files that differ from what the specs produce
        #[arg(long)]
        check: bool,
        /// Spec files or directories
        #[arg(long, default_value = "specs")]
        specs: Vec<PathBuf>,
        /// Project root that generated/ and runtime/ are under
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write every service's crate, with its code, into a release directory: what the
    /// registry serves (no build script, no file outside the package, `tcapi` by version),
    /// plus a Cargo.toml making them one workspace for `cargo package` (see
    /// scripts/package-crates.sh). Cut into the directory of the previous release, each
    /// crate keeps its version unless its API changed since `--since` (bumped as Cargo reads
    /// versions, with an entry on top of its CHANGELOG.md)
    Release {
        /// The release directory (the previous release's, when there is one)
        #[arg(long)]
        out: PathBuf,
        /// The previous release: a git revision (or a specs directory) whose specs it was
        /// made from. The API changes since then decide each crate's version bump and
        /// changelog entry. Without it, versions and changelogs already in the directory
        /// stay; new crates start at the project's version
        #[arg(long, value_name = "REV|DIR")]
        since: Option<String>,
        /// The date of the changelog entries [default: today, UTC]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Spec files or directories
        #[arg(long, default_value = "specs")]
        specs: Vec<PathBuf>,
        /// Project root whose Cargo.toml's [workspace.package] gives version, edition,
        /// license and repository
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write the API reference (Markdown and HTML) only; `generate` writes it too. With
    /// `--site DIR`: the browsable reference site of every service of the specs instead
    Docs {
        /// Write the reference site (index with search, a page per service and per action)
        /// of every service of the specs to DIR
        #[arg(long, value_name = "DIR", conflicts_with = "out")]
        site: Option<PathBuf>,
        /// Where to write the reference
        #[arg(long, default_value = "generated/docs")]
        out: PathBuf,
        /// Spec files or directories
        #[arg(long, default_value = "specs")]
        specs: Vec<PathBuf>,
    },
    /// Check the specs only: report every problem, write nothing
    Check {
        /// Spec files or directories
        #[arg(default_value = "specs")]
        specs: Vec<PathBuf>,
    },
    /// Report what changed in the generated Rust API between two spec trees, per service
    /// short name: service versions, actions, members, data types, enum values and error codes
    /// added, removed or changed, each marked breaking or not; a summary line per changed
    /// service, then `N services changed (B breaking), M unchanged`
    Changes {
        /// The old specs: files or directories
        #[arg(long, num_args = 1.., required_unless_present = "old_rev")]
        old: Vec<PathBuf>,
        /// The old specs: `specs/` of this git revision of the repository the current
        /// directory is in (extracted into a temporary directory)
        #[arg(long, value_name = "REV", conflicts_with = "old")]
        old_rev: Option<String>,
        /// The new specs: files or directories
        #[arg(long, num_args = 1.., default_value = "specs")]
        new: Vec<PathBuf>,
    },
    /// Import Tencent's official API definitions (packages tccli-intl-en, English, and tccli,
    /// Chinese) into <specs>/<service>/<version>.imported.yaml, one file per service version from
    /// both sets; hand-written <version>.yaml files win and are never touched
    Import {
        /// The English set (tccli-intl-en): a tccli `services` directory (<svc>/<vYYYYMMDD>/api.json),
        /// one service's directory, or one api.json; same as --intl
        source: Option<PathBuf>,
        /// The English set (tccli-intl-en `tccli/services`)
        #[arg(long, conflicts_with = "source")]
        intl: Option<PathBuf>,
        /// The Chinese set (tccli `tccli/services`)
        #[arg(long)]
        mainland: Option<PathBuf>,
        /// The specs directory to write into
        #[arg(long, default_value = "specs")]
        out: PathBuf,
        /// Import only these services (service or directory name; repeatable); default: all
        #[arg(long = "service")]
        services: Vec<String>,
        /// Service error codes: an errorcodes.py, or a directory of tencentcloud-sdk-python
        #[arg(long)]
        error_codes: Option<PathBuf>,
        /// Every action's own error codes: the table written by extract-error-codes
        /// [default: <out>/error-codes when it exists]
        #[arg(long, value_name = "DIR")]
        error_table: Option<PathBuf>,
        /// Also list every rename and remark
        #[arg(long)]
        verbose: bool,
    },
    /// Extract every action's error codes from Tencent's Go SDKs into the table that `import`
    /// reads (<out>/<service>-<version>.tsv); the table is regenerated whole
    ExtractErrorCodes {
        /// tencentcloud-sdk-go-intl-en (English descriptions): a checkout, or a git directory read at HEAD
        #[arg(long, value_name = "DIR")]
        intl: Option<PathBuf>,
        /// tencentcloud-sdk-go (Chinese descriptions): a checkout, or a git directory read at HEAD
        #[arg(long, value_name = "DIR")]
        mainland: Option<PathBuf>,
        /// The table directory
        #[arg(long, default_value = "specs/error-codes")]
        out: PathBuf,
    },
    /// Count the actions of official definition sets (tccli `services` directories of the
    /// packages tccli-intl-en, tccli) that have their own list in the error-code table
    ErrorCoverage {
        /// tccli `services` directories (<svc>/<vYYYYMMDD>/api.json)
        #[arg(required = true)]
        sets: Vec<PathBuf>,
        /// The table directory
        #[arg(long, default_value = "specs/error-codes")]
        table: PathBuf,
        /// Also list every action without a list (`service version action`)
        #[arg(long)]
        missing: bool,
    },
}

/// A line on stdout; when it cannot be written (a closed pipe, a full disk) the run ends
/// with [`EXIT_IO`] and a message on stderr, instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            let _ = writeln!(std::io::stderr().lock(), "error: cannot write the output: {e}");
            return ExitCode::from(EXIT_IO);
        }
    };
}

/// A line on stderr; a failure to write there is ignored (there is nowhere to report it).
macro_rules! err {
    ($($arg:tt)*) => {
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::ErrorCoverage {
            sets,
            table,
            missing,
        } => match tcapi_codegen::import::error_code_coverage(&table, &sets) {
            Ok(c) => {
                if missing {
                    for id in &c.merged.missing {
                        println!("missing: {id}");
                    }
                }
                print!("{c}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(EXIT_IO)
            }
        },
        Command::ExtractErrorCodes {
            intl,
            mainland,
            out,
        } => {
            let start = Instant::now();
            let opts = tcapi_codegen::import::ExtractOptions {
                intl,
                mainland,
                out,
            };
            match tcapi_codegen::import::extract_error_codes(&opts) {
                Ok(report) => {
                    println!("{report}");
                    println!("extraction took {:.2?}", start.elapsed());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(EXIT_IO)
                }
            }
        }
        Command::Import {
            source,
            intl,
            mainland,
            out,
            services,
            error_codes,
            error_table,
            verbose,
        } => {
            let start = Instant::now();
            use tcapi_codegen::import::{Input, Set};
            let inputs = [(Set::Intl, source.or(intl)), (Set::Mainland, mainland)]
                .into_iter()
                .filter_map(|(set, path)| path.map(|path| Input { set, path }))
                .collect();
            let opts = tcapi_codegen::import::ImportOptions {
                inputs,
                out_dir: out,
                services,
                error_codes,
                error_table,
            };
            match tcapi_codegen::import::run(&opts) {
                Ok(report) => {
                    for problem in &report.problems {
                        println!("left out: {problem}");
                    }
                    if verbose {
                        for note in &report.notes {
                            out!("note: {note}");
                        }
                    }
                    out!("{report}");
                    out!("import took {:.2?}", start.elapsed());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    err!("error: {e:#}");
                    ExitCode::from(EXIT_IO)
                }
            }
        }
        Command::Changes { old, old_rev, new } => changes(old, old_rev.as_deref(), &new),
        Command::Check { specs } => {
            let start = Instant::now();
            match tcapi_codegen::load_and_check(&specs) {
                Ok((set, model)) => {
                    let actions: usize = model.services.iter().map(|s| s.actions.len()).sum();
                    out!(
                        "ok: {}, {}, {} checked in {:.2?}",
                        counted(model.services.len(), "service"),
                        counted(actions, "action"),
                        counted(set.files.len(), "file"),
                        start.elapsed()
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    err!("{d}");
                    ExitCode::from(EXIT_SPEC)
                }
            }
        }
        Command::Docs {
            site: Some(dir),
            specs,
            ..
        } => site(&dir, &specs),
        Command::Docs {
            out,
            specs,
            site: None,
        } => docs(&out, &specs),
        Command::Release {
            out,
            since,
            date,
            specs,
            root,
        } => release(&out, since.as_deref(), date, &specs, &root),
        Command::Generate { check, specs, root } => {
            let start = Instant::now();
            let model = match tcapi_codegen::load_and_check(&specs) {
                Ok((_, m)) => m,
                Err(d) => {
                    err!("{d}");
                    return ExitCode::from(EXIT_SPEC);
                }
            };
            // Which services are committed code and which are generated at build time.
            let ship = match Shipping::load(&specs).and_then(|s| s.validate(&model).map(|()| s)) {
                Ok(s) => s,
                Err(d) => {
                    eprintln!("{d}");
                    return ExitCode::from(EXIT_SPEC);
                }
            };
            let meta = match crate_meta(&root) {
                Ok(m) => m,
                Err(code) => return code,
            };
            let out = match generate::project_files(&model, &ship, &meta) {
                Ok(o) => o,
                Err(e) => {
                    err!("error: {e:#}");
                    return ExitCode::from(EXIT_IO);
                }
            };
            // A whole API's model and files are millions of allocations: the process ends
            // right after this command, so they are left to the OS rather than freed one by
            // one.
            std::mem::forget(model);
            let out = std::mem::ManuallyDrop::new(out);
            if check {
                let stale = writer::stale(&root, &out.files);
                if stale.is_empty() {
                    out!("up to date: {} files match the specs", out.files.len());
                    return ExitCode::SUCCESS;
                }
                err!(
                    "stale: {} generated file(s) differ from what the specs produce:",
                    stale.len()
                );
                for s in &stale {
                    err!("  {}", s.display());
                }
                err!("run `cargo run -p tcapi-codegen -- generate` and commit the result");
                return ExitCode::from(EXIT_STALE);
            }
            let t = generate::Timer::start();
            let written = writer::write_all(&root, &out.files);
            t.lap("write");
            match written {
                Ok(r) => {
                    out!(
                        "generated {}, {}: {} in {:.2?}",
                        counted(out.services, "service"),
                        counted(out.actions, "action"),
                        r.summary(out.files.len()),
                        start.elapsed()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    err!("error: cannot write generated files: {e}");
                    ExitCode::from(EXIT_IO)
                }
            }
        }
    }
}

/// What the project root gives the crates: its workspace metadata and extensions.
fn crate_meta(root: &std::path::Path) -> Result<CrateMeta, ExitCode> {
    CrateMeta::of_workspace(root).map_err(|e| {
        err!(
            "error: cannot read the project's crate metadata under {}: {e}",
            root.display()
        );
        ExitCode::from(EXIT_IO)
    })
}

fn release(
    out: &std::path::Path,
    since: Option<&str>,
    date: Option<String>,
    specs: &[PathBuf],
    root: &std::path::Path,
) -> ExitCode {
    use tcapi_codegen::crates::release::{self, PlanError};
    let start = Instant::now();
    let model = match tcapi_codegen::load_and_check(specs) {
        Ok((_, m)) => m,
        Err(d) => {
            err!("{d}");
            return ExitCode::from(EXIT_SPEC);
        }
    };
    // The API of the previous release, from its revision's specs.
    let report = match since {
        None => None,
        Some(rev) => {
            // A directory of specs, or a revision whose specs/ is extracted (kept until
            // the comparison is done).
            let extracted;
            let old_specs = if std::path::Path::new(rev).is_dir() {
                PathBuf::from(rev)
            } else {
                extracted = match tcapi_codegen::changes::SpecsAtRevision::extract(rev) {
                    Ok(o) => o,
                    Err(e) => {
                        err!("error: the specs of {rev}: {e}");
                        return ExitCode::from(EXIT_IO);
                    }
                };
                extracted.path().to_path_buf()
            };
            match tcapi_codegen::load_and_check(&[old_specs]) {
                Ok((_, old_model)) => Some(tcapi_codegen::changes::compare(&old_model, &model)),
                Err(d) => {
                    err!("error: the specs of {rev} do not load:\n{d}");
                    return ExitCode::from(EXIT_SPEC);
                }
            }
        }
    };
    let meta = match crate_meta(root) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let date = date.unwrap_or_else(release::today);
    let plan = match release::plan_release(&model, out, report.as_ref(), &meta.version, &date) {
        Ok(p) => p,
        Err(e) => {
            err!("error: {e}");
            return ExitCode::from(match e {
                PlanError::Previous(..) => EXIT_IO,
                PlanError::Version(..) => EXIT_SPEC,
            });
        }
    };
    let files = generate::release_files(&model, &meta, &plan.crates);
    std::mem::forget(model);
    let files = std::mem::ManuallyDrop::new(files);
    match writer::write_all(out, &files.files) {
        Ok(r) => {
            out!(
                "release {}: {} ({} new, {} with a new version, {} unchanged), {}, {}: {} in {:.2?}",
                out.display(),
                counted(plan.crates.len(), "crate"),
                plan.new,
                plan.bumped,
                plan.kept,
                counted(files.services, "service"),
                counted(files.actions, "action"),
                r.summary(files.files.len()),
                start.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            err!("error: cannot write the release: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}

fn site(dir: &std::path::Path, specs: &[PathBuf]) -> ExitCode {
    let start = Instant::now();
    let model = match tcapi_codegen::load_and_check(specs) {
        Ok((_, m)) => m,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(EXIT_SPEC);
        }
    };
    let files = match docs::site::site_files(&model) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(EXIT_SOFTWARE);
        }
    };
    match writer::write_all(dir, &files) {
        Ok(r) => {
            let actions: usize = model.services.iter().map(|s| s.actions.len()).sum();
            println!(
                "wrote the reference site of {}, {} to {}: {} ({} written, {} unchanged) in {:.2?}",
                counted(model.services.len(), "service"),
                counted(actions, "action"),
                dir.display(),
                counted(files.len(), "file"),
                r.written.len(),
                r.unchanged,
                start.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the reference site: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}

fn docs(out: &std::path::Path, specs: &[PathBuf]) -> ExitCode {
    let start = Instant::now();
    let model = match tcapi_codegen::load_and_check(specs) {
        Ok((_, m)) => m,
        Err(d) => {
            err!("{d}");
            return ExitCode::from(EXIT_SPEC);
        }
    };
    let files = docs::docs_files(&model);
    match writer::write_all(out, &files) {
        Ok(r) => {
            out!(
                "wrote the reference of {} to {}: {} ({} written, {} unchanged) in {:.2?}",
                counted(model.services.len(), "service"),
                out.display(),
                counted(files.len(), "page"),
                r.written.len(),
                r.unchanged,
                start.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            err!("error: cannot write the reference: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}

fn changes(old: Vec<PathBuf>, old_rev: Option<&str>, new: &[PathBuf]) -> ExitCode {
    use tcapi_codegen::changes;
    let start = Instant::now();
    // Kept until the end: the extracted directory goes with it.
    let extracted = match old_rev.map(changes::SpecsAtRevision::extract).transpose() {
        Ok(x) => x,
        Err(e) => {
            err!("error: {e}");
            return ExitCode::from(EXIT_IO);
        }
    };
    let old = extracted
        .as_ref()
        .map_or(old, |x| vec![x.path().to_owned()]);
    let load = |which: &str, paths: &[PathBuf]| {
        tcapi_codegen::load_and_check(paths)
            .map(|(_, m)| m)
            .map_err(|d| format!("{d}\nerror: the {which} specs have errors (listed above)"))
    };
    let old = match load("old", &old) {
        Ok(m) => m,
        Err(e) => {
            err!("{e}");
            return ExitCode::from(EXIT_SPEC);
        }
    };
    let new = match load("new", new) {
        Ok(m) => m,
        Err(e) => {
            err!("{e}");
            return ExitCode::from(EXIT_SPEC);
        }
    };
    let t = generate::Timer::start();
    let report = changes::compare(&old, &new);
    t.lap("compare");
    out!("{}", report.to_string().trim_end());
    err!("compared in {:.2?}", start.elapsed());
    // Two whole APIs' models: left to the OS, as `generate` leaves its model.
    std::mem::forget((old, new));
    ExitCode::SUCCESS
}

/// `1 service`, `2 services`.
fn counted(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}
