//! Proc macros for tcapi (see `include_spec!`).
