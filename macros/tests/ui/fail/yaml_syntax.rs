mod bad {
    tcapi_macros::include_spec!("tests/fixtures/bad/yaml_syntax.yaml");
}

fn main() {}
