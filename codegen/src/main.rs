//! `tcapi-codegen`: specs/ → generated/ (see `--help`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tcapi_codegen::sdk::Shipping;
use tcapi_codegen::{docs, generate, writer};

/// Exit code when `--check` finds stale files.
const EXIT_STALE: u8 = 1;
/// Exit code when specs have errors.
const EXIT_SPEC: u8 = 65;
/// Exit code when a template does not parse or render.
const EXIT_TEMPLATE: u8 = 70;
/// Exit code when files cannot be read or written.
const EXIT_IO: u8 = 74;

#[derive(Parser)]
#[command(
    name = "tcapi-codegen",
    version,
    about = "Generate Rust clients for Tencent Cloud API 3.0 from YAML specs",
    long_about = "Generate Rust clients for Tencent Cloud API 3.0 from YAML specs.\n\n\
                  Exit codes: 0 success; 1 `generate --check` found stale files; 2 bad command line; \
                  65 the specs have errors (all are listed as file:line:column); 70 a docs template failed (file:line given); 74 a file could not be read or written."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the specs and write the generated crate (generated/) and the runtime's common errors
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
    /// Write the API reference (Markdown and HTML) only; `generate` writes it too. With
    /// `--site DIR`: the browsable reference site of every service of the specs instead
    Docs {
        /// Directory of `<name>.tera` files replacing the default templates of the same name
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Write the reference site (index with search, a page per service and per action)
        /// of every service of the specs to DIR
        #[arg(long, value_name = "DIR", conflicts_with_all = ["templates", "out"])]
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
    /// Import Tencent's official API definitions (package tccli-intl-en) into
    /// <specs>/<service>/<version>.imported.yaml; hand-written <version>.yaml files win and are never touched
    Import {
        /// A tccli `services` directory (<svc>/<vYYYYMMDD>/api.json), one service's directory, or one api.json
        source: PathBuf,
        /// The specs directory to write into
        #[arg(long, default_value = "specs")]
        out: PathBuf,
        /// Import only these services (service or directory name; repeatable); default: all
        #[arg(long = "service")]
        services: Vec<String>,
        /// Service error codes: an errorcodes.py, or a directory of tencentcloud-sdk-python
        #[arg(long)]
        error_codes: Option<PathBuf>,
        /// Also list every rename and remark
        #[arg(long)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Import {
            source,
            out,
            services,
            error_codes,
            verbose,
        } => {
            let start = Instant::now();
            let opts = tcapi_codegen::import::ImportOptions {
                source,
                out_dir: out,
                services,
                error_codes,
            };
            match tcapi_codegen::import::run(&opts) {
                Ok(report) => {
                    if verbose {
                        for note in &report.notes {
                            println!("note: {note}");
                        }
                    }
                    println!("{report}");
                    println!("import took {:.2?}", start.elapsed());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(EXIT_IO)
                }
            }
        }
        Command::Check { specs } => {
            let start = Instant::now();
            match tcapi_codegen::load_and_check(&specs) {
                Ok((set, model)) => {
                    let actions: usize = model.services.iter().map(|s| s.actions.len()).sum();
                    println!(
                        "ok: {} services, {actions} actions, {} files checked in {:.2?}",
                        model.services.len(),
                        set.files.len(),
                        start.elapsed()
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprintln!("{d}");
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
            templates,
            out,
            specs,
            site: None,
        } => docs(templates, &out, &specs),
        Command::Generate { check, specs, root } => {
            let start = Instant::now();
            let model = match tcapi_codegen::load_and_check(&specs) {
                Ok((_, m)) => m,
                Err(d) => {
                    eprintln!("{d}");
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
            let out = match generate::project_files(&model, &ship) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return ExitCode::from(EXIT_IO);
                }
            };
            if check {
                let stale = writer::stale(&root, &out.files);
                if stale.is_empty() {
                    println!("up to date: {} files match the specs", out.files.len());
                    return ExitCode::SUCCESS;
                }
                eprintln!(
                    "stale: {} generated file(s) differ from what the specs produce:",
                    stale.len()
                );
                for s in &stale {
                    eprintln!("  {}", s.display());
                }
                eprintln!("run `cargo run -p tcapi-codegen -- generate` and commit the result");
                return ExitCode::from(EXIT_STALE);
            }
            match writer::write_all(&root, &out.files) {
                Ok(r) => {
                    println!(
                        "generated {} services, {} actions: {} files ({} written, {} unchanged, {} removed) in {:.2?}",
                        out.services,
                        out.actions,
                        out.files.len(),
                        r.written.len(),
                        r.unchanged,
                        r.removed.len(),
                        start.elapsed()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write generated files: {e}");
                    ExitCode::from(EXIT_IO)
                }
            }
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
            return ExitCode::from(EXIT_TEMPLATE);
        }
    };
    match writer::write_all(dir, &files) {
        Ok(r) => {
            let actions: usize = model.services.iter().map(|s| s.actions.len()).sum();
            println!(
                "wrote the reference site of {} services, {actions} actions to {}: {} files ({} written, {} unchanged) in {:.2?}",
                model.services.len(),
                dir.display(),
                files.len(),
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

fn docs(templates: Option<PathBuf>, out: &std::path::Path, specs: &[PathBuf]) -> ExitCode {
    let start = Instant::now();
    let model = match tcapi_codegen::load_and_check(specs) {
        Ok((_, m)) => m,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(EXIT_SPEC);
        }
    };
    let loaded = match &templates {
        Some(dir) => docs::Templates::with_overrides(dir),
        None => docs::Templates::embedded(),
    };
    let files = match loaded.and_then(|t| docs::docs_files(&model, &t)) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(EXIT_TEMPLATE);
        }
    };
    match writer::write_all(out, &files) {
        Ok(r) => {
            println!(
                "wrote the reference of {} services to {}: {} pages ({} written, {} unchanged) in {:.2?}",
                model.services.len(),
                out.display(),
                files.len(),
                r.written.len(),
                r.unchanged,
                start.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the reference: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}
