//! A crate that generates its client in `build.rs` with [`tcapi_codegen::Builder`] from its
//! own spec (`specs/demo/2023-05-01.yaml`), keeping two of its three actions, and includes
//! the result:
//!
//! ```ignore
//! pub mod demo {
//!     include!(concat!(env!("OUT_DIR"), "/demo.rs"));
//! }
//! ```
//!
//! [`tcapi_codegen::Builder`]: https://docs.rs/tcapi-codegen
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The Widget Catalogue service (`demo`, `2023-05-01`), generated at build time.
pub mod demo {
    include!(concat!(env!("OUT_DIR"), "/demo.rs"));
}
