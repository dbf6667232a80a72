//! Specs: the model maintainers write (`model`), decoded from position-marked YAML
//! (`decode`), read from files and merged per service version (`load`).

pub mod decode;
pub mod load;
pub mod model;

pub use load::{ServiceSpec, SpecSet, load_paths};
pub use model::*;
