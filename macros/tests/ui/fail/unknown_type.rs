mod bad {
    tcapi_macros::include_spec!("tests/fixtures/bad/unknown_type.yaml");
}

fn main() {}
