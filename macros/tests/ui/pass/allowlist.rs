//! An allowlist keeps the listed actions and the data types they reach.

mod every {
    tcapi_macros::include_spec!("tests/fixtures/every/2024-01-01.yaml", actions = ["DescribeThings"],);
}

fn main() {
    let response: every::DescribeThingsResponse = tcapi::json::from_str(
        r#"{"TotalCount": 1, "Things": [{"Cpu": 4, "Labels": [{"Key": "k"}]}]}"#,
    )
    .unwrap();
    assert_eq!(response.total_count, 1);
    let things: Vec<every::types::ThingSpec> = response.things;
    assert_eq!(things[0].cpu, 4);
    assert_eq!(things[0].labels[0].key, "k");
}
