// The deprecation warning of the `Legacy` field is not what this case checks.
#[allow(deprecated)]
mod every {
    tcapi_macros::include_spec!("tests/fixtures/every/2024-01-01.yaml");
}

use every::types::ThingSpec;
use every::{CreateThingRequest, create_thing::Kind};

fn main() {
    // `Count` is an Integer, not a string.
    let _ = CreateThingRequest::new("thing-1", "3", Kind::Small, ThingSpec::new(2));
}
