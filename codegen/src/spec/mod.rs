//! Specs: the model maintainers write (`model`), decoded (`decode`) from YAML with the
//! position of every value (`yaml`), read from files and merged per service version (`load`).

pub mod decode;
pub mod load;
pub mod model;
pub mod yaml;

pub use load::{ServiceSpec, SpecSet, load_paths};
pub use model::*;
