//! Each row of the rule table on small specs, properties over the seed services, the
//! rendering, and the extraction of a revision's specs.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;

use super::*;
use crate::ir::Model;

/// A fresh temporary directory.
fn temp(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "tcapi-changes-test-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::remove_dir_all(&d).ok();
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The model of spec files (`(path, text)`) written into a temporary directory.
fn model_of(files: &[(&str, &str)]) -> Model {
    let dir = temp("specs");
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let model = crate::load_and_check(std::slice::from_ref(&dir))
        .unwrap_or_else(|d| panic!("{d}"))
        .1;
    std::fs::remove_dir_all(&dir).ok();
    model
}

/// The model of one `demo 2020-01-01` spec with `body` under its header.
fn demo(body: &str) -> Model {
    model_of(&[(
        "demo/2020-01-01.yaml",
        &format!("service: demo\nversion: \"2020-01-01\"\ntitle: Demo\n{body}"),
    )])
}

/// The changes from `old` to `new` (one service each), as (item, kind, breaking).
fn diff(old: &str, new: &str) -> Vec<(String, ChangeKind, bool)> {
    let report = compare(&demo(old), &demo(new));
    report
        .changed()
        .flat_map(|s| &s.changes)
        .map(|c| (c.item().to_owned(), c.kind.clone(), c.breaking))
        .collect()
}

/// `diff` expecting exactly one change.
fn one(old: &str, new: &str) -> (String, ChangeKind, bool) {
    let mut d = diff(old, new);
    assert_eq!(d.len(), 1, "{d:#?}");
    d.remove(0)
}

fn member(role: Role, param: bool, ty: &str) -> Item {
    Item::Member {
        role,
        param,
        ty: ty.to_owned(),
    }
}

/// One action with a required and an optional request member, a response member and an
/// error code.
const BASE: &str = "\
actions:
  DoIt:
    description: x
    input:
      Name: { type: String, required: true }
      Limit: { type: Integer }
    output:
      Total: { type: Integer }
    errors:
      FailedOperation: Failed.
";

#[test]
fn the_same_specs_have_no_changes() {
    let report = compare(&demo(BASE), &demo(BASE));
    assert!(report.is_empty());
    assert_eq!(report.services().count(), 1);
    assert_eq!(
        report.summary(),
        "0 services changed (0 breaking), 1 unchanged"
    );
    assert_eq!(
        report.to_string(),
        "0 services changed (0 breaking), 1 unchanged\n"
    );
}

#[test]
fn actions_added_are_not_breaking_and_removed_are() {
    let more = format!("{BASE}  Other:\n    description: y\n");
    assert_eq!(
        one(BASE, &more),
        ("Other".into(), ChangeKind::Added(Item::Action), false)
    );
    assert_eq!(
        one(&more, BASE),
        ("Other".into(), ChangeKind::Removed(Item::Action), true)
    );
}

#[test]
fn service_versions_added_and_removed() {
    let v1 = "demo/2020-01-01.yaml";
    let v2 = "demo/2021-01-01.yaml";
    let text = |v: &str| format!("service: demo\nversion: \"{v}\"\ntitle: Demo\n{BASE}");
    let (t1, t2) = (text("2020-01-01"), text("2021-01-01"));
    let one_version = model_of(&[(v1, &t1)]);
    let two_versions = model_of(&[(v1, &t1), (v2, &t2)]);
    let report = compare(&one_version, &two_versions);
    let demo = report.changed().next().unwrap();
    let got: Vec<_> = demo
        .changes
        .iter()
        .map(|c| (c.path.as_str(), &c.kind, c.breaking))
        .collect();
    // A second version renames the first one's module: that is breaking too.
    assert_eq!(
        got,
        [
            (
                "demo 2020-01-01",
                &ChangeKind::Renamed {
                    old: "demo".into(),
                    new: "demo_2020_01_01".into()
                },
                true
            ),
            ("demo 2021-01-01", &ChangeKind::Added(Item::Version), false),
        ]
    );
    let back = compare(&two_versions, &one_version);
    let removed = back.changed().next().unwrap();
    assert!(removed.changes.iter().any(|c| c.path == "demo 2021-01-01"
        && c.kind == ChangeKind::Removed(Item::Version)
        && c.breaking));

    // A service of its own: one added version, not breaking.
    let other = model_of(&[
        (v1, &t1),
        (
            "other/2020-01-01.yaml",
            &format!("service: other\nversion: \"2020-01-01\"\ntitle: Other\n{BASE}"),
        ),
    ]);
    let report = compare(&one_version, &other);
    let names: Vec<_> = report.services().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["demo", "other"]);
    let changed: Vec<_> = report.changed().collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].name, "other");
    assert_eq!(
        changed[0].changes,
        [Change::new(
            "other 2020-01-01".into(),
            "2020-01-01",
            ChangeKind::Added(Item::Version)
        )]
    );
    assert_eq!(
        report.summary(),
        "1 service changed (0 breaking), 1 unchanged"
    );
}

#[test]
fn request_members_added_break_only_when_new_takes_them() {
    let optional = BASE.replace(
        "      Limit: { type: Integer }\n",
        "      Limit: { type: Integer }\n      Offset: { type: Integer }\n",
    );
    assert_eq!(
        one(BASE, &optional),
        (
            "DoIt.request.Offset".into(),
            ChangeKind::Added(member(Role::Request, false, "Option<i64>")),
            false
        )
    );
    let required = BASE.replace(
        "      Limit: { type: Integer }\n",
        "      Limit: { type: Integer }\n      Zone: { type: String, required: true }\n",
    );
    assert_eq!(
        one(BASE, &required),
        (
            "DoIt.request.Zone".into(),
            ChangeKind::Added(member(Role::Request, true, "String")),
            true
        )
    );
    assert_eq!(
        one(&required, BASE),
        (
            "DoIt.request.Zone".into(),
            ChangeKind::Removed(member(Role::Request, true, "String")),
            true
        )
    );
    assert_eq!(
        one(&optional, BASE),
        (
            "DoIt.request.Offset".into(),
            ChangeKind::Removed(member(Role::Request, false, "Option<i64>")),
            true
        )
    );
}

#[test]
fn a_first_required_member_takes_the_default_derive_away() {
    let all_optional =
        "actions:\n  DoIt:\n    description: x\n    input:\n      Limit: { type: Integer }\n";
    let with_required = format!("{all_optional}      Name: {{ type: String, required: true }}\n");
    assert_eq!(
        diff(all_optional, &with_required),
        [
            (
                "DoIt.request".into(),
                ChangeKind::Removed(Item::Default),
                true
            ),
            (
                "DoIt.request.Name".into(),
                ChangeKind::Added(member(Role::Request, true, "String")),
                true
            ),
        ]
    );
    assert_eq!(
        diff(&with_required, all_optional)[0],
        (
            "DoIt.request".into(),
            ChangeKind::Added(Item::Default),
            false
        )
    );
}

#[test]
fn response_members_added_are_additions_removed_are_breaking() {
    let more = BASE.replace(
        "      Total: { type: Integer }\n",
        "      Total: { type: Integer }\n      Ids: { type: \"[String]\", nullable: true }\n",
    );
    assert_eq!(
        one(BASE, &more),
        (
            "DoIt.response.Ids".into(),
            ChangeKind::Added(member(Role::Response, false, "Option<Vec<String>>")),
            false
        )
    );
    assert_eq!(
        one(&more, BASE),
        (
            "DoIt.response.Ids".into(),
            ChangeKind::Removed(member(Role::Response, false, "Option<Vec<String>>")),
            true
        )
    );
}

#[test]
fn retyped_members_break_when_the_rust_type_changes() {
    let string = BASE.replace("Limit: { type: Integer }", "Limit: { type: String }");
    assert_eq!(
        one(BASE, &string),
        (
            "DoIt.request.Limit".into(),
            ChangeKind::Retyped {
                old: "Option<i64>".into(),
                new: "Option<String>".into(),
                rust: true
            },
            true
        )
    );
    let unsigned = BASE.replace("Total: { type: Integer }", "Total: { type: UInt64 }");
    assert_eq!(
        one(BASE, &unsigned).1,
        ChangeKind::Retyped {
            old: "i64".into(),
            new: "u64".into(),
            rust: true
        }
    );
    let list = BASE.replace("Total: { type: Integer }", "Total: { type: \"[Integer]\" }");
    assert!(one(BASE, &list).2);
    // A response member becoming nullable gains an `Option`.
    let nullable = BASE.replace(
        "Total: { type: Integer }",
        "Total: { type: Integer, nullable: true }",
    );
    assert_eq!(
        one(BASE, &nullable),
        (
            "DoIt.response.Total".into(),
            ChangeKind::Retyped {
                old: "i64".into(),
                new: "Option<i64>".into(),
                rust: true
            },
            true
        )
    );
    // The same Rust type: the spec type alone changed.
    let date = BASE.replace("Name: { type: String,", "Name: { type: DateTime,");
    assert_eq!(
        one(BASE, &date),
        (
            "DoIt.request.Name".into(),
            ChangeKind::Retyped {
                old: "String".into(),
                new: "DateTime".into(),
                rust: false
            },
            false
        )
    );
}

#[test]
fn required_ness_breaks_where_new_takes_it() {
    let now_required = BASE.replace(
        "Limit: { type: Integer }",
        "Limit: { type: Integer, required: true }",
    );
    assert_eq!(
        one(BASE, &now_required),
        (
            "DoIt.request.Limit".into(),
            ChangeKind::RequiredChanged {
                required: true,
                signature: true
            },
            true
        )
    );
    assert_eq!(
        one(&now_required, BASE).1,
        ChangeKind::RequiredChanged {
            required: false,
            signature: true
        }
    );
    // In a response required-ness is documentation: the field's type follows `nullable`.
    let documented = BASE.replace(
        "Total: { type: Integer }",
        "Total: { type: Integer, required: true }",
    );
    assert_eq!(
        one(BASE, &documented),
        (
            "DoIt.response.Total".into(),
            ChangeKind::RequiredChanged {
                required: true,
                signature: false
            },
            false
        )
    );
}

/// A data type received in a response (and, with `SENT`, sent in a request too).
const TYPED: &str = "\
types:
  Tag:
    fields:
      Key: { type: String, required: true }
      Value: { type: String, nullable: true }
actions:
  DoIt:
    description: x
    output:
      Tags: { type: \"[Tag]\" }
";
const SENT: &str = "    input:\n      Filter: { type: Tag }\n";

#[test]
fn data_types_and_their_members() {
    let more_types = TYPED.replace(
        "actions:",
        "  Page:\n    fields:\n      Size: { type: Integer }\nactions:",
    );
    assert_eq!(
        one(TYPED, &more_types),
        ("types.Page".into(), ChangeKind::Added(Item::Type), false)
    );
    assert_eq!(
        one(&more_types, TYPED),
        ("types.Page".into(), ChangeKind::Removed(Item::Type), true)
    );
    let more_fields = TYPED.replace(
        "      Value: { type: String, nullable: true }\n",
        "      Value: { type: String, nullable: true }\n      Owner: { type: String, nullable: true }\n",
    );
    assert_eq!(
        one(TYPED, &more_fields),
        (
            "types.Tag.Owner".into(),
            ChangeKind::Added(member(Role::Type, false, "Option<String>")),
            false
        )
    );
    assert_eq!(
        one(&more_fields, TYPED).1,
        ChangeKind::Removed(member(Role::Type, false, "Option<String>"))
    );
    let retyped = TYPED.replace("Key: { type: String,", "Key: { type: Integer,");
    assert_eq!(
        one(TYPED, &retyped),
        (
            "types.Tag.Key".into(),
            ChangeKind::Retyped {
                old: "String".into(),
                new: "i64".into(),
                rust: true
            },
            true
        )
    );
}

#[test]
fn a_data_type_sent_in_a_request_gains_its_constructor() {
    let sent = format!("{TYPED}{SENT}");
    // The request gains a member too: the constructor is the type's only change.
    let changes = diff(TYPED, &sent);
    let of_tag: Vec<_> = changes
        .iter()
        .filter(|(item, _, _)| item.starts_with("types."))
        .collect();
    assert_eq!(
        of_tag,
        [&(
            "types.Tag".to_owned(),
            ChangeKind::Added(Item::Constructor),
            false
        )]
    );
    let back = diff(&sent, TYPED);
    assert!(back.contains(&(
        "types.Tag".to_owned(),
        ChangeKind::Removed(Item::Constructor),
        true
    )));
    // A required member of a sent type is a parameter of its `new`.
    let more = sent.replace(
        "      Value: { type: String, nullable: true }\n",
        "      Value: { type: String, nullable: true }\n      Scope: { type: String, required: true }\n",
    );
    assert_eq!(
        one(&sent, &more),
        (
            "types.Tag.Scope".into(),
            ChangeKind::Added(member(Role::Type, true, "String")),
            true
        )
    );
}

/// An action enum (open) and a data type's enum (closed).
const ENUMS: &str = "\
types:
  Disk:
    fields:
      Kind: { type: String, enum: [SSD, HDD] }
actions:
  DoIt:
    description: x
    input:
      Mode: { type: String, enum: { values: [FAST, SLOW], open: true } }
    output:
      Disks: { type: \"[Disk]\" }
";

#[test]
fn enum_values_added_are_additions_removed_are_breaking_open_is_neither() {
    let more = ENUMS.replace("[FAST, SLOW]", "[FAST, SLOW, AUTO]");
    assert_eq!(
        one(ENUMS, &more),
        (
            "DoIt.enum.Mode.AUTO".into(),
            ChangeKind::Added(Item::EnumValue {
                variant: "Auto".into()
            }),
            false
        )
    );
    assert_eq!(
        one(&more, ENUMS).1,
        ChangeKind::Removed(Item::EnumValue {
            variant: "Auto".into()
        })
    );
    let fewer = ENUMS.replace("[SSD, HDD]", "[SSD]");
    assert_eq!(
        one(ENUMS, &fewer),
        (
            "types.enum.DiskKind.HDD".into(),
            ChangeKind::Removed(Item::EnumValue {
                variant: "Hdd".into()
            }),
            true
        )
    );
    let closed = ENUMS.replace("open: true", "open: false");
    assert_eq!(
        one(ENUMS, &closed),
        (
            "DoIt.enum.Mode".into(),
            ChangeKind::OpenChanged { open: false },
            false
        )
    );
    let renamed = ENUMS.replace(
        "[SSD, HDD]",
        "{ values: [SSD, HDD], variants: { HDD: Spinning } }",
    );
    assert_eq!(
        one(ENUMS, &renamed),
        (
            "types.enum.DiskKind.HDD".into(),
            ChangeKind::Renamed {
                old: "Hdd".into(),
                new: "Spinning".into()
            },
            true
        )
    );
    // An enum on a member that had none: the member is retyped (breaking), the enum is new.
    let plain = ENUMS.replace(", enum: { values: [FAST, SLOW], open: true }", "");
    let d = diff(&plain, ENUMS);
    assert_eq!(
        d,
        [
            (
                "DoIt.enum.Mode".into(),
                ChangeKind::Added(Item::Enum),
                false
            ),
            (
                "DoIt.request.Mode".into(),
                ChangeKind::Retyped {
                    old: "Option<String>".into(),
                    new: "Option<Mode>".into(),
                    rust: true
                },
                true
            ),
        ]
    );
    assert!(diff(ENUMS, &plain).contains(&(
        "DoIt.enum.Mode".into(),
        ChangeKind::Removed(Item::Enum),
        true
    )));
}

#[test]
fn error_codes_added_are_not_breaking_removed_are() {
    let more = BASE.replace(
        "      FailedOperation: Failed.\n",
        "      FailedOperation: Failed.\n      LimitExceeded: Too many.\n",
    );
    assert_eq!(
        one(BASE, &more),
        (
            "DoIt.errors.LimitExceeded".into(),
            ChangeKind::Added(Item::ErrorCode {
                variant: "LimitExceeded".into()
            }),
            false
        )
    );
    assert_eq!(
        one(&more, BASE),
        (
            "DoIt.errors.LimitExceeded".into(),
            ChangeKind::Removed(Item::ErrorCode {
                variant: "LimitExceeded".into()
            }),
            true
        )
    );
}

/// An action taking the service-wide error codes.
const SERVICE_ERRORS: &str = "\
errors:
  FailedOperation: Failed.
actions:
  DoIt:
    description: x
    errors_source: service
";

#[test]
fn service_wide_error_codes_and_the_switch_between_lists() {
    let more = SERVICE_ERRORS.replace(
        "  FailedOperation: Failed.\n",
        "  FailedOperation: Failed.\n  ResourceNotFound: Gone.\n",
    );
    assert_eq!(
        one(SERVICE_ERRORS, &more),
        (
            "errors.ResourceNotFound".into(),
            ChangeKind::Added(Item::ErrorCode {
                variant: "ResourceNotFound".into()
            }),
            false
        )
    );
    assert!(one(&more, SERVICE_ERRORS).2);
    // The action's own list instead: its error type stops being the service's enum, which
    // goes (no other action takes it). The codes of the two lists are not compared.
    let own = SERVICE_ERRORS.replace(
        "    errors_source: service\n",
        "    errors:\n      FailedOperation: Failed.\n      InternalError: Oops.\n",
    );
    assert_eq!(
        diff(SERVICE_ERRORS, &own),
        [
            (
                "DoIt.errors".into(),
                ChangeKind::ErrorSourceChanged { service: false },
                true
            ),
            ("errors".into(), ChangeKind::Removed(Item::ErrorEnum), true),
        ]
    );
    assert!(diff(&own, SERVICE_ERRORS).contains(&(
        "errors".into(),
        ChangeKind::Added(Item::ErrorEnum),
        false
    )));
    // A service list no action takes is not in the generated API.
    let unused = format!("errors:\n  FailedOperation: Failed.\n{BASE}");
    let unused_more = unused.replace(
        "errors:\n  FailedOperation: Failed.\n",
        "errors:\n  FailedOperation: Failed.\n  Gone: Gone.\n",
    );
    assert!(diff(&unused, &unused_more).is_empty());
}

#[test]
fn streaming_and_renames() {
    let streaming = BASE.replace(
        "    description: x\n",
        "    description: x\n    streaming: true\n",
    );
    assert_eq!(
        one(BASE, &streaming),
        ("DoIt".into(), ChangeKind::Added(Item::Streaming), false)
    );
    assert_eq!(
        one(&streaming, BASE),
        ("DoIt".into(), ChangeKind::Removed(Item::Streaming), true)
    );
    let renamed = BASE.replace(
        "Limit: { type: Integer }",
        "Limit: { type: Integer, rust_name: max_items }",
    );
    assert_eq!(
        one(BASE, &renamed),
        (
            "DoIt.request.Limit".into(),
            ChangeKind::Renamed {
                old: "limit".into(),
                new: "max_items".into()
            },
            true
        )
    );
}

#[test]
fn the_rule_table_and_the_flag_agree() {
    // `Change::new` classifies; every kind of the tests above has the flag its row says.
    let rows = [
        (ChangeKind::Added(Item::Version), false),
        (ChangeKind::Added(Item::Action), false),
        (ChangeKind::Added(Item::Type), false),
        (ChangeKind::Added(Item::Enum), false),
        (
            ChangeKind::Added(member(Role::Request, false, "Option<i64>")),
            false,
        ),
        (
            ChangeKind::Added(member(Role::Request, true, "String")),
            true,
        ),
        (
            ChangeKind::Added(member(Role::Response, false, "i64")),
            false,
        ),
        (
            ChangeKind::Added(Item::EnumValue {
                variant: "A".into(),
            }),
            false,
        ),
        (
            ChangeKind::Added(Item::ErrorCode {
                variant: "A".into(),
            }),
            false,
        ),
        (ChangeKind::Added(Item::ErrorEnum), false),
        (ChangeKind::Added(Item::Constructor), false),
        (ChangeKind::Added(Item::Default), false),
        (ChangeKind::Added(Item::Streaming), false),
        (
            ChangeKind::Removed(Item::ErrorCode {
                variant: "A".into(),
            }),
            true,
        ),
        (ChangeKind::Removed(Item::Default), true),
        (ChangeKind::OpenChanged { open: true }, false),
        (ChangeKind::ErrorSourceChanged { service: true }, true),
    ];
    for (kind, breaking) in rows {
        let c = Change::new("demo 2020-01-01 X".into(), "2020-01-01", kind.clone());
        assert_eq!(c.breaking, breaking, "{kind:?}");
        assert_eq!(c.item(), "X");
    }
}

#[test]
fn bumps_follow_cargo_below_and_from_one() {
    let changes = |kinds: &[ChangeKind]| ServiceChanges {
        name: "demo".into(),
        changes: kinds
            .iter()
            .map(|k| Change::new("demo 2020-01-01 X".into(), "2020-01-01", k.clone()))
            .collect(),
    };
    let none = changes(&[]);
    let breaking = changes(&[ChangeKind::Removed(Item::Action)]);
    let added = changes(&[ChangeKind::Added(Item::Action)]);
    let other = changes(&[ChangeKind::OpenChanged { open: true }]);
    let cases = [
        (&none, "0.1.0", Bump::None),
        (&breaking, "0.1.0", Bump::Minor),
        (&added, "0.1.0", Bump::Patch),
        (&other, "0.1.0", Bump::Patch),
        (&none, "1.2.3", Bump::None),
        (&breaking, "1.2.3", Bump::Major),
        (&added, "1.2.3", Bump::Minor),
        (&other, "1.2.3", Bump::Patch),
    ];
    for (s, current, bump) in cases {
        assert_eq!(s.bump(current), Ok(bump), "{current} {:?}", s.changes);
    }
    assert!(breaking.bump("one").is_err());
}

#[test]
fn the_report_and_the_changelog_are_plain_and_ordered() {
    let old = demo(&format!("{BASE}  Old:\n    description: y\n"));
    let new = demo(
        &BASE
            .replace(
                "      Limit: { type: Integer }\n",
                "      Limit: { type: Integer }\n      Offset: { type: Integer }\n",
            )
            .replace(
                "      FailedOperation: Failed.\n",
                "      FailedOperation: Failed.\n      LimitExceeded: Too `many`.\n",
            )
            .replace("Name: { type: String,", "Name: { type: DateTime,"),
    );
    let report = compare(&old, &new);
    assert_eq!(
        report.to_string(),
        "\
demo: 1 breaking, 3 other
  other     demo 2020-01-01 DoIt.errors.LimitExceeded: error code added (variant `LimitExceeded`)
  other     demo 2020-01-01 DoIt.request.Name: spec type `String` → `DateTime` (same Rust type)
  other     demo 2020-01-01 DoIt.request.Offset: request member added (`Option<i64>`)
  breaking  demo 2020-01-01 Old: action removed
1 service changed (1 breaking), 0 unchanged
"
    );
    let s = report.changed().next().unwrap();
    assert_eq!(
        s.changelog_entry("0.2.0", "2026-12-07"),
        "\
## 0.2.0 (2026-12-07)

### Breaking

- `2020-01-01` `Old`: action removed

### Added

- `2020-01-01` `DoIt.errors.LimitExceeded`: error code added (variant `LimitExceeded`)
- `2020-01-01` `DoIt.request.Offset`: request member added (`Option<i64>`)

### Changed

- `2020-01-01` `DoIt.request.Name`: spec type `String` → `DateTime` (same Rust type)
"
    );
    let unchanged = ServiceChanges {
        name: "demo".into(),
        changes: Vec::new(),
    };
    assert_eq!(
        unchanged.changelog_entry("0.1.1", "2026-12-07"),
        "## 0.1.1 (2026-12-07)\n\nNo change to the API.\n"
    );
}

#[test]
fn names_are_safe_inline_code() {
    use super::render::code;
    assert_eq!(code("Limit"), "`Limit`");
    assert_eq!(code("a`b"), "``a`b``");
    assert_eq!(code("`x"), "`` `x ``");
    assert_eq!(code("a\nb"), "`a\\nb`");
    assert_eq!(code("a\u{202e}b"), "`ab`");
}

/// The seed services (`car`, `gaap`, `gse`), loaded once.
fn seed() -> &'static Model {
    static SEED: OnceLock<Model> = OnceLock::new();
    SEED.get_or_init(|| {
        let specs = crate::test_specs::dir();
        crate::load_and_check(&[
            specs.join("common.yaml"),
            specs.join("car"),
            specs.join("gaap"),
            specs.join("gse"),
        ])
        .unwrap_or_else(|d| panic!("{d}"))
        .1
    })
}

/// The seed model with the services of `mask`'s bits only.
fn subset(mask: u8) -> Model {
    let mut m = seed().clone();
    let mut i = 0;
    m.services.retain(|_| {
        i += 1;
        mask & (1 << ((i - 1) % 8)) != 0
    });
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_model_against_itself_has_no_changes(mask in any::<u8>()) {
        let m = subset(mask);
        let report = compare(&m, &m);
        prop_assert!(report.is_empty(), "{report}");
        prop_assert_eq!(report.services().count(), m.services.len());
    }

    #[test]
    fn one_action_added_is_one_change_not_breaking(
        service in any::<prop::sample::Index>(),
        template in any::<prop::sample::Index>(),
        name in "[A-Z][a-zA-Z0-9]{0,20}",
    ) {
        let old = seed();
        let mut new = old.clone();
        let s = service.get_mut(&mut new.services);
        let name = format!("Zz{name}");
        prop_assume!(s.actions.iter().all(|a| a.name != name));
        let mut action = template.get(&s.actions).clone();
        action.name = name.clone();
        action.module = crate::names::action_module(&name);
        s.actions.insert(template.index(s.actions.len()), action);
        let path = format!("{} {} {name}", s.name, s.version);

        let report = compare(old, &new);
        let changes: Vec<&Change> = report.changed().flat_map(|s| &s.changes).collect();
        prop_assert_eq!(changes.len(), 1, "{}", report);
        prop_assert_eq!(&changes[0].path, &path);
        prop_assert_eq!(&changes[0].kind, &ChangeKind::Added(Item::Action));
        prop_assert!(!changes[0].breaking);
        let changed = report.changed().next().unwrap();
        prop_assert_eq!(changed.bump("0.1.0"), Ok(Bump::Patch));
        prop_assert_eq!(changed.bump("1.0.0"), Ok(Bump::Minor));

        // And back: one breaking removal.
        let back = compare(&new, old);
        let changes: Vec<&Change> = back.changed().flat_map(|s| &s.changes).collect();
        prop_assert_eq!(changes.len(), 1, "{}", back);
        prop_assert_eq!(&changes[0].kind, &ChangeKind::Removed(Item::Action));
        prop_assert!(changes[0].breaking);
    }
}

/// Copies a directory tree (the seed specs are small).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn a_required_member_added_to_the_seed_specs_bumps_0_1_0_to_0_2_0() {
    let repo = crate::test_specs::repository();
    let dir = temp("seed");
    std::fs::copy(repo.join("common.yaml"), dir.join("common.yaml")).unwrap();
    copy_tree(&repo.join("car"), &dir.join("car"));
    let file = dir.join("car/2022-01-10.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let anchor = "  ApplyConcurrent:\n";
    let at = text.find(anchor).unwrap();
    let input = at + text[at..].find("    input:\n").unwrap() + "    input:\n".len();
    let edited = format!(
        "{}      SessionTag:\n        type: String\n        required: true\n        description: A tag.\n        example: t\n{}",
        &text[..input],
        &text[input..]
    );
    std::fs::write(&file, edited).unwrap();

    let load = |p: &Path| {
        crate::load_and_check(&[p.join("common.yaml"), p.join("car")])
            .unwrap_or_else(|d| panic!("{d}"))
            .1
    };
    let old = load(&repo);
    let new = load(&dir);
    std::fs::remove_dir_all(&dir).ok();
    let report = compare(&old, &new);
    let car: Vec<_> = report.changed().collect();
    assert_eq!(car.len(), 1, "{report}");
    let car = car[0];
    assert_eq!(car.name, "car");
    assert_eq!(
        car.changes,
        [Change::new(
            "car 2022-01-10 ApplyConcurrent.request.SessionTag".into(),
            "2022-01-10",
            ChangeKind::Added(member(Role::Request, true, "String"))
        )]
    );
    assert!(car.is_breaking());
    let bump = car.bump("0.1.0").unwrap();
    assert_eq!(bump, Bump::Minor);
    assert_eq!(next_version("0.1.0", bump).unwrap(), "0.2.0");
    assert!(
        car.changelog_entry("0.2.0", "2026-12-07").starts_with(
            "## 0.2.0 (2026-12-07)\n\n### Breaking\n\n- `2022-01-10` `ApplyConcurrent.request.SessionTag`: request member added (`String`, a parameter of `new`)\n"
        ),
        "{}",
        car.changelog_entry("0.2.0", "2026-12-07")
    );
    assert_eq!(
        report.summary(),
        "1 service changed (1 breaking), 0 unchanged"
    );
}

/// `git` with a fixed identity in `repo`.
fn git(repo: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn the_specs_of_a_revision_are_extracted_and_removed_after_use() {
    let repo = temp("repo");
    git(&repo, &["init", "-q"]);
    let spec = format!("service: demo\nversion: \"2020-01-01\"\ntitle: Demo\n{BASE}");
    std::fs::create_dir_all(repo.join("specs/demo")).unwrap();
    std::fs::write(repo.join("specs/demo/2020-01-01.yaml"), &spec).unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    std::fs::write(
        repo.join("specs/demo/2020-01-01.yaml"),
        format!("{spec}  Other:\n    description: y\n"),
    )
    .unwrap();
    git(&repo, &["commit", "-q", "-a", "-m", "two"]);

    let old = SpecsAtRevision::extract_from(&repo, "HEAD~1").unwrap();
    let path = old.path().to_owned();
    assert!(path.join("demo/2020-01-01.yaml").is_file());
    let old_model = crate::load_and_check(std::slice::from_ref(&path))
        .unwrap()
        .1;
    let new_model = crate::load_and_check(&[repo.join("specs")]).unwrap().1;
    let report = compare(&old_model, &new_model);
    assert_eq!(report.changed().count(), 1);
    drop(old);
    assert!(!path.exists(), "the temporary directory is removed");

    for bad in ["no-such-revision", "-x", ""] {
        let e = SpecsAtRevision::extract_from(&repo, bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains(&format!("cannot read specs/ of `{bad}`")), "{e}");
    }
    let e = SpecsAtRevision::extract_from(&repo, "no-such-revision")
        .unwrap_err()
        .to_string();
    assert!(e.contains("git archive failed"), "{e}");
    std::fs::remove_dir_all(&repo).ok();
}

/// A paged action with a secret, and `extra` after it (a waiter, say).
fn paged(pagination: &str, sensitive: bool, extra: &str) -> String {
    format!(
        "\
actions:
  DescribeThings:
    description: Lists things.
{pagination}    input:
      Offset: {{ type: Integer }}
      Limit: {{ type: Integer }}
      Password: {{ type: String, sensitive: {sensitive} }}
    output:
      TotalCount: {{ type: Integer, required: true }}
      ThingSet: {{ type: '[Thing]', required: true }}
types:
  Thing:
    description: A thing.
    fields:
      State: {{ type: String, required: true }}
{extra}"
    )
}

const PAGES: &str =
    "    pagination: { offset: Offset, limit: Limit, items: ThingSet, total: TotalCount }\n";
const PAGES_NO_TOTAL: &str = "    pagination: { offset: Offset, limit: Limit, items: ThingSet }\n";
const WAITER: &str = "waiters:\n  ThingReady:\n    action: DescribeThings\n    state: ThingSet[].State\n    success: [READY]\n";
const WAITER_MORE: &str = "waiters:\n  ThingReady:\n    action: DescribeThings\n    state: ThingSet[].State\n    success: [READY, DONE]\n";

#[test]
fn paginators_waiters_and_secrets_are_changes_of_the_generated_api() {
    let (at, kind, breaking) = one(&paged("", false, ""), &paged(PAGES, false, ""));
    assert_eq!(
        (at.as_str(), kind, breaking),
        ("DescribeThings", ChangeKind::Added(Item::Paginator), false)
    );
    let (_, kind, breaking) = one(&paged(PAGES, false, ""), &paged("", false, ""));
    assert_eq!(
        (kind, breaking),
        (ChangeKind::Removed(Item::Paginator), true)
    );
    let (_, kind, breaking) = one(&paged(PAGES, false, ""), &paged(PAGES_NO_TOTAL, false, ""));
    assert_eq!((kind, breaking), (ChangeKind::PaginationChanged, false));

    let waiter = Item::Waiter {
        function: "thing_ready".into(),
    };
    let (at, kind, breaking) = one(&paged(PAGES, false, ""), &paged(PAGES, false, WAITER));
    assert_eq!(
        (at.as_str(), kind, breaking),
        (
            "waiters.ThingReady",
            ChangeKind::Added(waiter.clone()),
            false
        )
    );
    let (_, kind, breaking) = one(&paged(PAGES, false, WAITER), &paged(PAGES, false, ""));
    assert_eq!((kind, breaking), (ChangeKind::Removed(waiter), true));
    let (_, kind, breaking) = one(
        &paged(PAGES, false, WAITER),
        &paged(PAGES, false, WAITER_MORE),
    );
    assert_eq!((kind, breaking), (ChangeKind::WaiterChanged, false));

    let (at, kind, breaking) = one(&paged(PAGES, false, ""), &paged(PAGES, true, ""));
    assert_eq!(
        (at.as_str(), kind.clone(), breaking),
        (
            "DescribeThings.request.Password",
            ChangeKind::SensitiveChanged { sensitive: true },
            false
        )
    );
    assert_eq!(
        kind.to_string(),
        "now sensitive (masked in `Debug` and logs)"
    );
}
