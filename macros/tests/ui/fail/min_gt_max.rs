mod bad {
    tcapi_macros::include_spec!("tests/fixtures/bad/min_gt_max.yaml");
}

fn main() {}
