//! # tcapi-codegen
//!
//! Turns YAML specs of Tencent Cloud API 3.0 services into Rust. One straight road:
//!
//! YAML → [`spec`] (model with source positions) → [`check`] (all diagnostics) → [`ir`]
//! (resolved names, types, constraints) → emitters ([`rust`], [`docs`]) → [`writer`] (formatted,
//! written only when changed).
//!
//! Every Rust name is chosen once, in [`ir::build`], through [`names`]; collisions between
//! the final names are located diagnostics there. `codegen/DESIGN.md` gives each stage and
//! what it may depend on.
//!
//! The CLI (`tcapi-codegen`), build scripts ([`Builder`]), the build scripts of the service
//! crates a git checkout generates ([`build_script`]) and the `include_spec!` macro
//! ([`include_spec`]) are thin shells over [`generate`]; all of them produce the same items
//! for a spec, and no stage of the road depends on a shell. Build scripts and the macro take the crate with `default-features = false`: the
//! generator alone. Features: `docs` (the API reference), `import` (the importer of
//! Tencent's definitions), `cli` (the binary: both, plus clap and mimalloc; the default).
#![forbid(unsafe_code)]

pub mod allowlist;
pub mod build_script;
pub mod builder;
pub mod changes;
pub mod check;
pub mod conformance;
pub mod crates;
pub mod diag;
#[cfg(feature = "docs")]
pub mod docs;
pub mod example;
pub mod generate;
#[cfg(feature = "import")]
pub mod import;
pub mod include_spec;
pub mod ir;
pub mod markup;
pub mod names;
pub mod parallel;
pub mod rust;
pub mod spec;
#[cfg(test)]
mod test_specs;
pub mod text;
pub mod writer;

pub use builder::Builder;
pub use diag::{Diagnostic, Diagnostics};
pub use generate::{Generated, load_and_check};
