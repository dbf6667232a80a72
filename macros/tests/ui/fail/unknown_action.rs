mod every {
    tcapi_macros::include_spec!(
        "tests/fixtures/every/2024-01-01.yaml",
        actions = ["CreateThing", "DescribeThing"]
    );
}

fn main() {}
