mod bad {
    tcapi_macros::include_spec!("tests/fixtures/nope/2020-01-01.yaml");
}

fn main() {}
