//! The repository's own specs expand, one module each, and can be used side by side.

mod gse {
    tcapi_macros::include_spec!("../specs/gse/2019-11-12.yaml");
}
mod car {
    tcapi_macros::include_spec!("../specs/car/2022-01-10.yaml");
}
mod gaap {
    tcapi_macros::include_spec!("../specs/gaap/2018-05-29.yaml");
}

use tcapi::Validate;

fn main() {
    let join = gse::JoinGameServerSessionBatchRequest::new("gssess-1", vec!["p1".into()]);
    join.validate().unwrap();
    let too_many = gse::JoinGameServerSessionBatchRequest::new("gssess-1", vec![String::new(); 26]);
    let v = too_many.validate().unwrap_err();
    assert!(v.iter().any(|v| v.path == "PlayerIds"), "{v}");
    assert_eq!(car::SERVICE.name, "car");
    assert_eq!(gaap::SERVICE.name, "gaap");
    let _ = car::ApplyConcurrentRequest::new("user", "10.0.0.1", "cap-1");
}
