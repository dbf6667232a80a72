//! Validation of every constraint kind at its boundaries, on the generated code of the
//! constructs fixture (the committed snapshot, compiled here), plus typed errors.

#[allow(dead_code, unused_imports)]
mod demo {
    include!("../../../codegen/tests/snapshots/demo.rs");
}

use demo::create_thing::{Mode, Type};
use demo::types::{Thing, ThingSpec};
use demo::{CreateThingError, CreateThingRequest, CreateThingResponse};
use tcapi::{Action, ServiceError, Validate};

fn paths(r: &CreateThingRequest) -> Vec<String> {
    match r.validate() {
        Ok(()) => Vec::new(),
        Err(v) => v
            .iter()
            .map(|x| format!("{}: {}", x.path, x.message))
            .collect(),
    }
}

fn valid() -> CreateThingRequest {
    CreateThingRequest::new("thing-1", 10)
}

#[test]
fn a_valid_request_passes() {
    assert_eq!(paths(&valid()), Vec::<String>::new());
    let full = valid()
        .tags(vec!["a".into(), "abcd".into()])
        .ratio(1.5)
        .count(10)
        .enabled(true)
        .mode("INCREMENT")
        .r#type(Type::A)
        .spec(ThingSpec::new(64).zone("z"))
        .specs(vec![ThingSpec::new(1), ThingSpec::new(2)])
        .created("2024-01-01 00:00:00");
    assert_eq!(paths(&full), Vec::<String>::new());
}

#[test]
fn string_length_ascii_and_pattern() {
    assert_eq!(
        paths(&CreateThingRequest::new("a", 10)),
        Vec::<String>::new()
    );
    assert_eq!(
        paths(&CreateThingRequest::new("abcdefgh", 10)),
        Vec::<String>::new()
    );
    assert_eq!(
        paths(&CreateThingRequest::new("", 10)),
        vec![
            "Name: length must be between 1 and 8 characters, is 0",
            "Name: must match the pattern [a-z][a-z0-9-]*, is \"\"",
        ]
    );
    assert_eq!(
        paths(&CreateThingRequest::new("abcdefghi", 10)),
        vec!["Name: length must be between 1 and 8 characters, is 9"]
    );
    let e = paths(&CreateThingRequest::new("é", 10));
    assert_eq!(e[0], "Name: must be ASCII only, has 'é' at byte 0");
    assert_eq!(
        paths(&CreateThingRequest::new("9abc", 10)),
        vec!["Name: must match the pattern [a-z][a-z0-9-]*, is \"9abc\""]
    );
}

#[test]
fn list_items_and_per_item_constraints() {
    assert_eq!(
        paths(&valid().tags(vec![])),
        vec!["Tags: must have between 1 and 3 items, has 0"]
    );
    assert_eq!(
        paths(&valid().tags(vec!["a".into(); 3])),
        Vec::<String>::new()
    );
    assert_eq!(
        paths(&valid().tags(vec!["a".into(); 4])),
        vec!["Tags: must have between 1 and 3 items, has 4"]
    );
    assert_eq!(
        paths(&valid().tags(vec!["ok".into(), "toolong".into()])),
        vec!["Tags[1]: length must be at most 4 characters, is 7"]
    );
}

#[test]
fn integer_unsigned_and_float_ranges() {
    assert_eq!(
        paths(&CreateThingRequest::new("a", -5)),
        Vec::<String>::new()
    );
    assert_eq!(
        paths(&CreateThingRequest::new("a", 100)),
        Vec::<String>::new()
    );
    assert_eq!(
        paths(&CreateThingRequest::new("a", -6)),
        vec!["Size: must be between -5 and 100, is -6"]
    );
    assert_eq!(
        paths(&CreateThingRequest::new("a", 101)),
        vec!["Size: must be between -5 and 100, is 101"]
    );
    assert_eq!(
        paths(&valid().count(11)),
        vec!["Count: must be at most 10, is 11"]
    );
    assert_eq!(paths(&valid().ratio(0.0)), Vec::<String>::new());
    assert_eq!(
        paths(&valid().ratio(1.51)),
        vec!["Ratio: must be between 0 and 1.5, is 1.51"]
    );
    assert_eq!(
        paths(&valid().ratio(-0.1)),
        vec!["Ratio: must be between 0 and 1.5, is -0.1"]
    );
}

#[test]
fn enums_reject_unlisted_values_in_requests() {
    assert_eq!(paths(&valid().mode(Mode::Full)), Vec::<String>::new());
    assert_eq!(
        paths(&valid().mode("PARTIAL")),
        vec!["Mode: must be one of FULL | INCREMENT, is \"PARTIAL\""]
    );
    assert_eq!(Mode::from_wire("FULL"), Mode::Full);
    assert_eq!(Mode::Increment.as_str(), "INCREMENT");
}

#[test]
fn nested_structs_report_full_paths() {
    let r = valid().spec(ThingSpec::new(0).zone("")).specs(vec![
        ThingSpec::new(1),
        ThingSpec::new(65),
        ThingSpec::new(2),
    ]);
    assert_eq!(
        paths(&r),
        vec![
            "Spec.Cpu: must be between 1 and 64, is 0",
            "Spec.Zone: length must be at least 1 characters, is 0",
            "Specs: must have at most 2 items, has 3",
            "Specs[1].Cpu: must be between 1 and 64, is 65",
        ]
    );
}

#[test]
fn every_violation_is_reported_at_once() {
    let r = CreateThingRequest::new("", 1000)
        .tags(vec![])
        .count(99)
        .mode("x");
    assert_eq!(r.validate().unwrap_err().len(), 6);
}

#[test]
fn optional_fields_are_omitted_on_the_wire() {
    let json = serde_json::to_string(&CreateThingRequest::new("a", 1).mode(Mode::Full)).unwrap();
    assert_eq!(json, r#"{"Name":"a","Size":1,"Mode":"FULL"}"#);
}

#[test]
fn responses_tolerate_new_values_nulls_and_unknown_fields() {
    let r: CreateThingResponse = serde_json::from_str(
        r#"{"Thing": {"Id": "7", "Parent": null, "Children": null, "Kind": "huge", "NewField": 1}, "Ids": [1, "2"], "Status": null, "Result": "pass", "Extra": {}, "RequestId": "r"}"#,
    )
    .unwrap();
    assert_eq!(r.thing.id, 7);
    assert_eq!(r.thing.children, Vec::<Thing>::new());
    assert_eq!(r.thing.kind, demo::types::ThingKind::Unknown("huge".into()));
    assert_eq!(r.ids, Some(vec![1, 2]));
    assert_eq!(r.request_id, "r");
    // An enum whose derived name the prelude takes (`Result`) is `ResultValue`, and the
    // module still uses the prelude's `Result`.
    assert_eq!(r.result, demo::create_thing::ResultValue::Pass);
    let missing: CreateThingResponse = serde_json::from_str("{}").unwrap();
    assert_eq!(missing.thing.id, 0);
    let err = serde_json::from_str::<CreateThingResponse>(r#"{"Ids": [-1]}"#).unwrap_err();
    assert!(
        err.to_string()
            .contains("-1 is out of range for an unsigned 64-bit integer"),
        "{err}"
    );
}

#[test]
fn requests_read_back_need_their_required_members() {
    use demo::MoveThingRequest;
    use demo::types::Placement;
    let r: MoveThingRequest =
        tcapi::json::from_str(r#"{"Name": "a", "To": {"Zone": "z"}}"#).unwrap();
    assert_eq!(r, MoveThingRequest::new("a", Placement::new("z")));
    let first = |s: &str| {
        tcapi::json::from_str::<MoveThingRequest>(s)
            .unwrap_err()
            .to_string()
    };
    // `To` is a data type without `Default`, read with `?`; `Name` before it is not, and
    // its failure is still the one reported.
    assert_eq!(first(r#"{"To": {}}"#), "Name: missing member `Name`");
    assert_eq!(
        first(r#"{"Name": [], "To": {}}"#),
        "Name: expected a string, found a list"
    );
    assert_eq!(first(r#"{"Name": "a"}"#), "To: missing member `To`");
    assert_eq!(
        first(r#"{"Name": "a", "To": {}}"#),
        "To.Zone: missing member `Zone`"
    );
    assert_eq!(first("[]"), "expected an object, found a list");
    let e = tcapi::json::from_str::<CreateThingRequest>(r#"{"Size": 1, "Spec": {}}"#).unwrap_err();
    assert_eq!(e.to_string(), "Name: missing member `Name`");
}

#[test]
fn recursive_types_are_boxed() {
    let t = Thing {
        id: 1,
        parent: Some(Box::new(Thing {
            id: 0,
            ..Thing::default()
        })),
        ..Thing::default()
    };
    assert_eq!(t.parent.as_ref().unwrap().id, 0);
}

#[test]
fn typed_errors_from_codes() {
    let e = CreateThingError::from_code("ResourceNotFound.NoIdle", "none".into());
    assert_eq!(
        e,
        CreateThingError::ResourceNotFoundNoIdle {
            message: "none".into()
        }
    );
    assert_eq!(e.code(), "ResourceNotFound.NoIdle");
    assert_eq!(e.to_string(), "ResourceNotFound.NoIdle: none");
    let common = CreateThingError::from_code("AuthFailure.SignatureExpire", "late".into());
    assert!(matches!(
        common,
        CreateThingError::Common(tcapi::CommonError::AuthFailureSignatureExpire { .. })
    ));
    assert_eq!(common.message(), "late");
    let unknown = CreateThingError::from_code("Brand.NewCode", "?".into());
    assert_eq!(
        unknown,
        CreateThingError::Unknown {
            code: "Brand.NewCode".into(),
            message: "?".into()
        }
    );
    assert_eq!(unknown.code(), "Brand.NewCode");
    let _: &dyn std::error::Error = &unknown;
}

/// `Clone` copies the variant (also one built by hand); `PartialEq` compares code and message; `Debug` names
/// the variant to match, with the code and message, for documented, common and unknown codes alike.
#[test]
fn typed_errors_clone_compare_and_debug() {
    let cases = [
        (
            "ResourceNotFound.NoIdle",
            "none",
            r#"CreateThingError::ResourceNotFoundNoIdle { code: "ResourceNotFound.NoIdle", message: "none" }"#,
        ),
        (
            "AuthFailure.SignatureExpire",
            "late",
            r#"CreateThingError::Common(AuthFailureSignatureExpire { message: "late" })"#,
        ),
        (
            "Brand.NewCode",
            "?",
            r#"CreateThingError::Unknown { code: "Brand.NewCode", message: "?" }"#,
        ),
        (
            "Brand.NewCode",
            "",
            r#"CreateThingError::Unknown { code: "Brand.NewCode", message: "" }"#,
        ),
    ];
    for (code, message, debug) in cases {
        let e = CreateThingError::from_code(code, message.into());
        let copy = e.clone();
        assert_eq!(copy, e);
        assert_eq!(copy.code(), code);
        assert_eq!(copy.message(), message);
        assert_eq!(
            std::mem::discriminant(&copy),
            std::mem::discriminant(&e),
            "{code}"
        );
        assert_eq!(format!("{e:?}"), debug);
        let shown = if message.is_empty() {
            code.to_owned()
        } else {
            format!("{code}: {message}")
        };
        assert_eq!(e.to_string(), shown);
    }
    // Values from_code never makes are copied as they are, not re-read from their code.
    let built = [
        CreateThingError::Unknown {
            code: "ResourceNotFound.NoIdle".into(),
            message: "by hand".into(),
        },
        CreateThingError::Common(tcapi::CommonError::Unknown {
            code: "ResourceNotFound.NoIdle".into(),
            message: "by hand".into(),
        }),
    ];
    for e in built {
        let copy = e.clone();
        assert_eq!(std::mem::discriminant(&copy), std::mem::discriminant(&e));
        assert_eq!((copy.code(), copy.message()), (e.code(), e.message()));
    }
    let a = CreateThingError::from_code("ResourceNotFound.NoIdle", "a".into());
    assert_ne!(
        a,
        CreateThingError::from_code("ResourceNotFound.NoIdle", "b".into())
    );
    assert_ne!(a, CreateThingError::from_code("Brand.NewCode", "a".into()));
    assert!(matches!(
        a,
        CreateThingError::ResourceNotFoundNoIdle { ref message } if message == "a"
    ));
}

#[test]
fn action_metadata() {
    let m = CreateThingRequest::META;
    assert_eq!(m.name, "CreateThing");
    assert_eq!(m.service.name, "demo");
    assert_eq!(m.service.version, "2024-01-01");
    assert_eq!(m.rate_limit, Some(20));
    assert_eq!(m.timeout, Some(std::time::Duration::from_secs(15)));
    assert_eq!(m.region, tcapi::RegionRule::Required);
    assert!(!m.idempotent);
    let d = demo::DescribeThingsRequest::META;
    assert!(d.idempotent && d.deprecated);
    assert_eq!(d.region, tcapi::RegionRule::Unused);
}

#[test]
fn debug_is_the_name_and_the_wire_json() {
    // The README's example.
    let r = tcapi_car::ApplyConcurrentRequest::new("u", "1.2.3.4", "cap-1");
    assert_eq!(
        format!("{r:?}"),
        r#"ApplyConcurrentRequest {"UserId":"u","UserIp":"1.2.3.4","ProjectId":"cap-1"}"#
    );
    assert_eq!(
        format!("{r:#?}"),
        "ApplyConcurrentRequest {\n  \"UserId\": \"u\",\n  \"UserIp\": \"1.2.3.4\",\n  \"ProjectId\": \"cap-1\"\n}"
    );
    // Nested data types and enums appear in their wire form.
    let t = CreateThingRequest::new("a", 1)
        .mode(Mode::Full)
        .spec(ThingSpec::new(2));
    assert_eq!(
        format!("{t:?}"),
        r#"CreateThingRequest {"Name":"a","Size":1,"Mode":"FULL","Spec":{"Cpu":2}}"#
    );
}
