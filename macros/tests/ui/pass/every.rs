//! Every construct of the spec format compiles, and the generated API behaves as documented.

mod every {
    tcapi_macros::include_spec!("tests/fixtures/every/2024-01-01.yaml");
}

use every::create_thing::{Kind, ThingZone};
use every::types::{Label, LabelColor, Node, ThingSpec};
use every::{CreateThingError, CreateThingRequest, CreateThingResponse, DescribeThingsRequest};
use tcapi::{Action, RegionRule, ServiceError, Validate};

fn valid() -> CreateThingRequest {
    CreateThingRequest::new(
        "thing-1",
        3,
        Kind::Small,
        ThingSpec::new(2)
            .memory(1.5)
            .labels(vec![Label::new("env").value("prod").color(LabelColor::Red)]),
    )
    .size(10)
    .serial(7)
    .ratio(1.0)
    .enabled(true)
    .start_time("2024-01-01 00:00:00")
    .start_time_iso("2024-01-01T00:00:00Z")
    .day("2024-01-01")
    .tags(vec!["a".into(), "b".into()])
    .sizes(vec![1, 10])
    .zone(ThingZone::ApGuangzhou)
    .children(vec![Node::new("leaf").parent(Box::new(Node::new("root")))])
}

fn main() {
    // Metadata.
    assert_eq!(every::SERVICE.name, "every");
    assert_eq!(every::SERVICE.version, "2024-01-01");
    assert_eq!(every::SERVICE.endpoints.regional, "every.{region}.tencentcloudapi.com");
    let meta = <CreateThingRequest as Action>::META;
    assert_eq!(meta.name, "CreateThing");
    assert_eq!(meta.rate_limit, Some(20));
    assert_eq!(meta.timeout, Some(std::time::Duration::from_secs(10)));
    assert_eq!(meta.region, RegionRule::Required);
    assert!(!meta.idempotent);
    #[allow(deprecated)]
    {
        let m = <DescribeThingsRequest as Action>::META;
        assert!(m.deprecated && m.idempotent);
        assert_eq!(m.region, RegionRule::Optional);
    }

    // Every constraint passes on a valid request...
    valid().validate().unwrap();

    // ...and each kind is reported with its path.
    let bad = CreateThingRequest::new("Thing 1", 0, Kind::Unknown("huge".into()), ThingSpec::new(65))
        .serial(1_000_001)
        .ratio(3.0)
        .tags(vec![])
        .sizes(vec![11])
        .zone(ThingZone::Unknown("mars".into()));
    let violations = bad.validate().unwrap_err();
    let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
    for expected in ["Name", "Count", "Serial", "Ratio", "Tags", "Sizes[0]", "Kind", "Zone", "Spec.Cpu"] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }

    // Serialization uses the wire names; unset options are left out.
    let json: serde_json::Value = serde_json::from_slice(&tcapi::json::to_vec(&valid())).unwrap();
    assert_eq!(json["Name"], "thing-1");
    assert_eq!(json["Spec"]["Labels"][0]["Color"], "red");
    assert_eq!(json["Children"][0]["Parent"]["Name"], "root");
    let min: serde_json::Value =
        serde_json::from_str(&tcapi::json::to_string(&CreateThingRequest::new("t", 1, Kind::Large, ThingSpec::new(1)))).unwrap();
    assert!(min.get("Size").is_none());

    // The documented example decodes.
    let body = br#"{"Response": {"ThingId": "t-1", "Root": {"Name": "r", "Children": [{"Name": "c"}]}, "Matrix": [[1, 2], [3]], "RequestId": "r-1"}}"#;
    let decoded = tcapi::envelope::decode::<CreateThingResponse, CreateThingError>(200, body).unwrap();
    assert_eq!(decoded.response.thing_id, "t-1");
    assert_eq!(decoded.response.root.unwrap().children.unwrap()[0].name, "c");
    assert_eq!(decoded.response.matrix, Some(vec![vec![1, 2], vec![3]]));

    // Error codes, with the common and unknown fallbacks.
    let e = CreateThingError::from_code("LimitExceeded.Things", "too many".into());
    assert!(matches!(e, CreateThingError::LimitExceededThings { .. }));
    assert_eq!(e.code(), "LimitExceeded.Things");
    assert!(matches!(
        CreateThingError::from_code("AuthFailure.SignatureExpire", String::new()),
        CreateThingError::Common(_)
    ));
    assert!(matches!(
        CreateThingError::from_code("Brand.New", String::new()),
        CreateThingError::Unknown { .. }
    ));

    // Enums keep unknown values.
    assert_eq!(Kind::from_wire("small"), Kind::Small);
    assert_eq!(Kind::from_wire("medium"), Kind::Unknown("medium".into()));
    assert_eq!(ThingZone::VALUES, ["ap-guangzhou", "ap-shanghai"]);
}
