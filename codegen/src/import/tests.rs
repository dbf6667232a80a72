//! The importer over the fixtures in `codegen/tests/fixtures/import`: a tiny definition
//! (`services/demo/v20200101`), an `errorcodes.py` in the SDK's layout, a specs directory
//! with a hand-written spec of the same service version, and a Go SDK error-code table
//! (`error-codes/`).

use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

use super::{ImportOptions, Input, Set, run};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// A fresh copy of the fixture specs directory.
fn scratch_specs(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tcapi-import-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixtures().join("specs"), &dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn options(out_dir: &Path) -> ImportOptions {
    ImportOptions {
        inputs: vec![Input {
            set: Set::Intl,
            path: fixtures().join("services"),
        }],
        out_dir: out_dir.to_owned(),
        services: Vec::new(),
        error_codes: Some(fixtures().join("sdk")),
        error_table: None,
    }
}

fn imported(out_dir: &Path) -> (String, Yaml) {
    let text = std::fs::read_to_string(out_dir.join("demo/2020-01-01.imported.yaml")).unwrap();
    let doc = YamlLoader::load_from_str(&text).unwrap().remove(0);
    (text, doc)
}

#[test]
fn hand_written_spec_wins_and_reimport_is_idempotent() {
    let dir = scratch_specs("merge");
    let hand_path = dir.join("demo/2020-01-01.yaml");
    let hand_before = std::fs::read(&hand_path).unwrap();

    let report = run(&options(&dir)).unwrap();
    assert_eq!(report.files_written.len(), 1);
    assert_eq!(
        report.kept_hand_written_actions, 1,
        "RunJob is hand-written"
    );
    assert_eq!(report.kept_hand_written_types, 1, "Filter is hand-written");
    assert_eq!(
        std::fs::read(&hand_path).unwrap(),
        hand_before,
        "the hand-written file is never touched"
    );

    let (first_text, doc) = imported(&dir);
    assert!(
        doc["actions"]["RunJob"].is_badvalue(),
        "a hand-written action is skipped whole"
    );
    assert!(
        doc["types"]["Filter"].is_badvalue(),
        "a hand-written type is skipped whole"
    );
    assert!(
        doc["title"].is_badvalue(),
        "the hand-written file sets the title"
    );
    assert_eq!(doc["service"].as_str(), Some("demo"));
    assert_eq!(doc["version"].as_str(), Some("2020-01-01"));

    // The merged service keeps the hand-written rate limit, timeout and constraints.
    let (set, model) =
        crate::load_and_check(std::slice::from_ref(&dir)).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(set.services.len(), 1);
    let service = &model.services[0];
    let run_job = service.actions.iter().find(|a| a.name == "RunJob").unwrap();
    assert_eq!((run_job.rate_limit, run_job.timeout), (Some(5), Some(30)));
    assert_eq!(
        service
            .actions
            .iter()
            .filter(|a| a.name == "RunJob")
            .count(),
        1
    );
    assert_eq!(service.actions.len(), 4);

    // Again: nothing changes, nothing is written.
    let again = run(&options(&dir)).unwrap();
    assert!(again.files_written.is_empty());
    assert_eq!(again.files_unchanged, 1);
    assert_eq!(imported(&dir).0, first_text);
    assert_eq!(std::fs::read(&hand_path).unwrap(), hand_before);

    // A stale imported file is regenerated whole.
    std::fs::write(dir.join("demo/2020-01-01.imported.yaml"), "stale").unwrap();
    assert_eq!(run(&options(&dir)).unwrap().files_written.len(), 1);
    assert_eq!(imported(&dir).0, first_text);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn output_is_deterministic() {
    let a = scratch_specs("det-a");
    let b = scratch_specs("det-b");
    run(&options(&a)).unwrap();
    run(&options(&b)).unwrap();
    assert_eq!(imported(&a).0, imported(&b).0);
    let _ = std::fs::remove_dir_all(a);
    let _ = std::fs::remove_dir_all(b);
}

#[test]
fn without_a_hand_written_file_everything_is_imported_and_checks_clean() {
    let dir = std::env::temp_dir().join(format!("tcapi-import-alone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let report = run(&options(&dir)).unwrap();
    let (_, doc) = imported(&dir);
    assert_eq!(
        doc["title"].as_str(),
        Some("演示服务"),
        "no English name in the definitions"
    );
    assert!(!doc["actions"]["RunJob"].is_badvalue());
    assert!(!doc["types"]["Filter"].is_badvalue());
    assert_eq!(report.actions, 4);
    let (_, model) =
        crate::load_and_check(std::slice::from_ref(&dir)).unwrap_or_else(|d| panic!("{d}"));
    let create = model.services[0]
        .actions
        .iter()
        .find(|a| a.name == "CreateWidget")
        .unwrap();
    let power = create.enums.iter().find(|e| e.owner == "Power").unwrap();
    let variants: Vec<(&str, &str)> = power
        .values
        .iter()
        .map(|(wire, variant, _)| (wire.as_str(), variant.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("on", "On"),
            ("ON", "On2"),
            ("off", "Off"),
            ("UNKNOWN", "UnknownValue")
        ],
        "the spec's names are the generated variants"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn definitions_map_to_the_spec_format() {
    let dir = scratch_specs("map");
    let report = run(&options(&dir)).unwrap();
    let (text, doc) = imported(&dir);
    let describe = &doc["actions"]["DescribeWidgets"];
    assert_eq!(
        describe["description"].as_str(),
        Some("This API is used to query widgets.\n- Paged.")
    );
    let ids = &describe["input"]["WidgetIds"];
    assert_eq!(ids["type"][0].as_str(), Some("String"));
    assert_eq!(ids["required"].as_bool(), Some(true));
    assert_eq!(
        (ids["items"]["min"].as_i64(), ids["items"]["max"].as_i64()),
        (Some(1), Some(25))
    );
    assert_eq!(describe["input"]["Limit"]["type"].as_str(), Some("UInt64"));
    assert_eq!(
        describe["input"]["Limit"]["range"]["max"].as_i64(),
        Some(100)
    );
    let out = &describe["output"];
    assert!(out["RequestId"].is_badvalue(), "RequestId is implicit");
    assert_eq!(out["Widgets"]["nullable"].as_bool(), Some(true));
    assert_eq!(out["TotalCount"]["required"].as_bool(), Some(true));
    assert_eq!(
        out["Outcome"]["type"].as_str(),
        Some("ResultType"),
        "`Result` is reserved in Rust"
    );
    assert!(!doc["types"]["ResultType"].is_badvalue());
    assert_eq!(describe["errors_source"].as_str(), Some("service"));
    assert!(
        describe["errors"].is_badvalue(),
        "actions refer to the service's codes"
    );
    let codes: Vec<&str> = doc["errors"]
        .as_hash()
        .unwrap()
        .keys()
        .filter_map(Yaml::as_str)
        .collect();
    assert_eq!(
        codes,
        ["InvalidParameter.Conflict", "ResourceNotFound.Widget"],
        "common, clashing and built-in codes left out"
    );
    assert_eq!(
        text.matches("ResourceNotFound.Widget").count(),
        1,
        "written once"
    );
    assert_eq!(
        describe["examples"].as_vec().map(Vec::len),
        Some(1),
        "the broken example is left out"
    );
    assert!(
        describe["examples"][0]["request"]
            .as_str()
            .unwrap()
            .starts_with("{\n    \"WidgetIds\"")
    );

    let create = &doc["actions"]["CreateWidget"];
    let input = &create["input"];
    assert!(
        input["InternalSwitch"].is_badvalue(),
        "hidden members are left out"
    );
    assert_eq!(input["hadAutoFixVul"]["raw_name"].as_bool(), Some(true));
    assert_eq!(input["UserID"]["rust_name"].as_str(), Some("user_id_2"));
    assert_eq!(input["CreatedAt"]["type"].as_str(), Some("DateTime"));
    assert_eq!(input["Weight"]["type"].as_str(), Some("Float"));
    // Secrets by the name rule (`import::sensitive`); an idempotency token is none.
    assert_eq!(input["AdminPassword"]["sensitive"].as_bool(), Some(true));
    assert!(input["ClientToken"]["sensitive"].is_badvalue());
    assert!(input["Name"]["sensitive"].is_badvalue());
    assert_eq!(input["Name"]["length"]["max"].as_i64(), Some(60));
    assert_eq!(input["Name"]["ascii"].as_bool(), Some(true));
    assert_eq!(input["Mode"]["enum"][1].as_str(), Some("Slow"));
    // Values that collide as Rust variants are named in `enum.variants`, the others keep
    // their default variant.
    let power = &input["Power"]["enum"];
    assert_eq!(flow_seq(&power["values"]), ["on", "ON", "off", "UNKNOWN"]);
    let named: Vec<(&str, &str)> = power["variants"]
        .as_hash()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap(), v.as_str().unwrap()))
        .collect();
    assert_eq!(named, [("ON", "On2"), ("UNKNOWN", "UnknownValue")]);
    assert!(
        text.contains("variants: { \"ON\": On2, UNKNOWN: UnknownValue }"),
        "{text}"
    );
    let request: serde_json::Value =
        serde_json::from_str(create["examples"][0]["request"].as_str().unwrap()).unwrap();
    assert_eq!(
        request,
        serde_json::json!({"Name": "my-widget", "Mode": "Fast"}),
        "rebuilt from the GET query"
    );

    assert_eq!(
        doc["actions"]["LegacyOp"]["status"].as_str(),
        Some("deprecated")
    );
    let widget = &doc["types"]["Widget"];
    assert_eq!(
        widget["description"].as_str(),
        Some("A widget, with **nested** widgets.")
    );
    assert_eq!(
        widget["fields"]["Children"]["type"][0].as_str(),
        Some("Widget"),
        "recursive types stay"
    );
    assert_eq!(
        widget["fields"]["Status"]["enum"][0].as_str(),
        Some("RUNNING")
    );
    assert_eq!(widget["fields"]["Tags"]["items"]["max"].as_i64(), Some(10));

    assert_eq!(report.hidden_members, 1);
    assert_eq!(report.raw_names, 1);
    assert_eq!(report.sensitive_members, 1);
    assert_eq!(report.deprecated_actions, 1);
    assert_eq!(report.renamed_types, 1);
    assert_eq!(report.examples, 2);
    assert_eq!(report.skipped_examples.values().sum::<usize>(), 1);
    assert_eq!(report.constraints.get("enum"), Some(&3));
    assert_eq!(report.enums_with_named_variants, 1);
    assert!(
        report
            .to_string()
            .starts_with("Imported 1 definition files of 1 services: 3 actions (1 deprecated)")
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("tcapi-import-bad-{}", std::process::id()));
    let mut opts = options(&dir);
    opts.services = vec!["nosuch".into()];
    let err = run(&opts).unwrap_err().to_string();
    assert!(err.contains("no definition for nosuch"), "{err}");
    opts.services.clear();
    opts.inputs[0].path = dir.join("missing");
    let err = run(&opts).unwrap_err().to_string();
    assert!(err.contains("no such file or directory"), "{err}");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("api.json");
    std::fs::write(&bad, "{\"actions\": 1}").unwrap();
    opts.inputs[0].path = bad;
    // One unreadable definition does not stop the run: it is left out and reported.
    let report = run(&opts).unwrap();
    assert_eq!(report.skipped_files, 1);
    assert_eq!(report.definitions, 0);
    assert!(
        report.problems[0].contains("api.json: left out: ")
            && report.problems[0].contains("not an API definition"),
        "{:?}",
        report.problems
    );
    opts.inputs.push(opts.inputs[0].clone());
    let err = run(&opts).unwrap_err().to_string();
    assert!(err.contains("the intl set is given twice"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn actions_take_their_own_codes_from_the_go_sdk_table() {
    let dir = scratch_specs("table");
    // The table is read from `<specs>/error-codes` by default.
    copy_dir(&fixtures().join("error-codes"), &dir.join("error-codes"));
    let report = run(&options(&dir)).unwrap();
    let (_, doc) = imported(&dir);
    let create = &doc["actions"]["CreateWidget"];
    assert_eq!(create["errors_source"].as_str(), Some("go-sdk"));
    let own: Vec<(&str, &str)> = create["errors"]
        .as_hash()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap(), v.as_str().unwrap()))
        .collect();
    assert_eq!(
        own,
        [
            ("FailedOperation", "Operation failed."),
            ("InvalidParameter.Conflict", "参数冲突。"),
            (
                "ResourceNotFound.Widget",
                "The widget does not exist: \"w-1\"."
            ),
        ],
        "a common code stays as on the pages; a clashing and a non-PascalCase code are left out"
    );
    assert_eq!(
        (report.actions_with_own_errors, report.own_error_codes),
        (1, 3)
    );
    // Actions the table does not list keep the service's codes, written once at the top.
    for name in ["DescribeWidgets", "LegacyOp"] {
        assert_eq!(
            doc["actions"][name]["errors_source"].as_str(),
            Some("service"),
            "{name}"
        );
    }
    assert!(!doc["errors"].is_badvalue());
    // The hand-written RunJob is not imported, whatever the table says.
    assert!(doc["actions"]["RunJob"].is_badvalue());

    // A table listing every imported action leaves the service list out.
    let table = dir.join("full-table");
    std::fs::create_dir_all(&table).unwrap();
    std::fs::write(
        table.join("demo-2020-01-01.tsv"),
        "code\tResourceNotFound.Widget\tintl\tNo widget.\n\
         action\tCreateWidget\tintl\tResourceNotFound.Widget\n\
         action\tDescribeWidgets\tintl\tResourceNotFound.Widget\n\
         action\tLegacyOp\tmainland\tResourceNotFound.Widget\n",
    )
    .unwrap();
    let mut opts = options(&dir);
    opts.error_table = Some(table);
    let report = run(&opts).unwrap();
    let (_, doc) = imported(&dir);
    assert_eq!(report.actions_with_own_errors, 3);
    assert!(
        doc["errors"].is_badvalue(),
        "no action needs the service list"
    );
    assert_eq!(report.error_codes, 0);
    for name in ["CreateWidget", "DescribeWidgets", "LegacyOp"] {
        assert_eq!(
            doc["actions"][name]["errors_source"].as_str(),
            Some("go-sdk"),
            "{name}"
        );
    }
    // The imported file checks with the new source.
    tcapi_codegen_check(&dir);

    opts.error_table = Some(dir.join("missing"));
    let err = run(&opts).unwrap_err().to_string();
    assert!(err.contains("no such directory"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tcapi_codegen_check(specs: &Path) {
    if let Err(d) = crate::load_and_check(&[specs.to_owned()]) {
        panic!("the imported specs check: {d}");
    }
}

/// Both sets of `fixtures/import/merge` (`intl/`, `mainland/`) into a fresh specs directory.
fn merged(tag: &str, sets: &[Set]) -> (PathBuf, super::ImportReport) {
    let dir = std::env::temp_dir().join(format!("tcapi-import-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixtures().join("specs/common.yaml"),
        dir.join("common.yaml"),
    )
    .unwrap();
    let opts = ImportOptions {
        inputs: sets
            .iter()
            .map(|set| Input {
                set: *set,
                path: fixtures().join("merge").join(set.label()),
            })
            .collect(),
        out_dir: dir.clone(),
        services: Vec::new(),
        error_codes: None,
        error_table: None,
    };
    let report = run(&opts).unwrap();
    (dir, report)
}

fn load(path: &Path) -> Yaml {
    let text = std::fs::read_to_string(path).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

fn flow_seq(y: &Yaml) -> Vec<&str> {
    y.as_vec()
        .map(|v| v.iter().filter_map(Yaml::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn both_sets_merge_into_one_spec_per_version() {
    let (dir, report) = merged("both", &[Set::Mainland, Set::Intl]);
    let doc = load(&dir.join("demo/2020-01-01.imported.yaml"));
    let actions = &doc["actions"];
    // English text wins where both have text; the Chinese set's additions are kept.
    assert_eq!(
        actions["CreateWidget"]["description"].as_str(),
        Some("This API is used to create a widget.")
    );
    assert_eq!(
        actions["UploadWidgetFile"]["description"].as_str(),
        Some("上传组件文件（multipart 上传）。"),
        "Chinese text stays where no English exists"
    );
    assert_eq!(
        actions["DescribeWidgets"]["status"].as_str(),
        Some("deprecated"),
        "deprecated in either set"
    );
    let input = &actions["CreateWidget"]["input"];
    let keys: Vec<&str> = input
        .as_hash()
        .unwrap()
        .keys()
        .filter_map(Yaml::as_str)
        .collect();
    assert_eq!(
        keys,
        ["Name", "Size", "Mode", "Zone"],
        "English order, then added members"
    );
    assert_eq!(input["Zone"]["required"].as_bool(), Some(true));
    assert_eq!(
        input["Zone"]["description"].as_str(),
        Some("可用区，长度不超过32个字符。")
    );
    // Constraints: union, never contradicting.
    assert_eq!(
        input["Name"]["length"]["max"].as_i64(),
        Some(60),
        "both say 60"
    );
    assert_eq!(
        input["Zone"]["length"]["max"].as_i64(),
        Some(32),
        "from Chinese only"
    );
    assert_eq!(
        flow_seq(&input["Mode"]["enum"]),
        ["fast", "slow", "auto"],
        "the larger enumeration, English values first"
    );
    // English "1-100" is contradicted by the Chinese example 150; Chinese "1~200" stands.
    assert_eq!(input["Size"]["range"]["min"].as_i64(), Some(1));
    assert_eq!(input["Size"]["range"]["max"].as_i64(), Some(200));
    let limit = &actions["DescribeWidgets"]["input"]["Limit"];
    assert!(
        limit["range"].is_badvalue(),
        "maximum 50 (English) and 100 (Chinese) disagree: dropped"
    );
    assert_eq!(report.merge.constraints_disagreeing, 1);
    // Data types: members of both; text English first.
    let widget = &doc["types"]["Widget"]["fields"];
    assert_eq!(
        widget["WidgetId"]["description"].as_str(),
        Some("Widget ID.")
    );
    assert_eq!(widget["Name"]["description"].as_str(), Some("组件名称。"));
    assert_eq!(widget["CreatedTime"]["type"].as_str(), Some("DateTime"));
    // Examples: union, English first, the shared one once.
    let examples = actions["CreateWidget"]["examples"].as_vec().unwrap();
    assert_eq!(examples.len(), 2);
    assert_eq!(examples[0]["title"].as_str(), Some("Create a widget"));
    assert_eq!(examples[1]["title"].as_str(), Some("创建大组件"));
    assert_eq!(report.merge.examples_shared, 1);
    // Binary members become `Binary`; what cannot be represented is left out and reported.
    let upload = &actions["UploadWidgetFile"]["input"];
    assert_eq!(upload["File"]["type"].as_str(), Some("Binary"));
    assert!(upload["File"]["example"].is_badvalue());
    assert!(upload["Checksum"].is_badvalue());
    assert!(actions["BrokenAction"].is_badvalue());
    assert_eq!((report.skipped_members, report.skipped_actions), (1, 1));
    assert!(
        report.problems.iter().any(|p| p.ends_with(
            "UploadWidgetFileRequest: member `Checksum`: left out: unknown type `blob` (kind `blob`)"
        )),
        "{:?}",
        report.problems
    );
    // A version only the Chinese set has is imported too.
    let newer = load(&dir.join("demo/2021-01-01.imported.yaml"));
    assert!(!newer["actions"]["DescribeWidgets"].is_badvalue());
    // The service error enum gives way to action `ECC` (`EccError`).
    let ecc = load(&dir.join("ecc/2018-12-13.imported.yaml"));
    assert_eq!(ecc["error_enum"].as_str(), Some("EccServiceError"));
    // Per-set figures.
    let intl = &report.per_set[&Set::Intl];
    let mainland = &report.per_set[&Set::Mainland];
    assert_eq!((intl.definitions, intl.actions), (1, 2));
    assert_eq!((mainland.definitions, mainland.actions), (3, 6));
    assert_eq!(
        report.merge.actions_added, 2,
        "UploadWidgetFile, BrokenAction"
    );
    // Whatever the import writes passes `check`.
    if let Err(d) = crate::load_and_check(std::slice::from_ref(&dir)) {
        panic!("{d}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn merged_import_is_deterministic_and_hand_written_specs_win() {
    let (dir, _) = merged("hand", &[Set::Intl, Set::Mainland]);
    let path = dir.join("demo/2020-01-01.imported.yaml");
    let first = std::fs::read_to_string(&path).unwrap();
    // The order of the inputs does not matter.
    let (other, _) = merged("hand-again", &[Set::Mainland, Set::Intl]);
    assert_eq!(
        std::fs::read_to_string(other.join("demo/2020-01-01.imported.yaml")).unwrap(),
        first
    );
    let _ = std::fs::remove_dir_all(other);
    std::fs::write(
        dir.join("demo/2020-01-01.yaml"),
        "service: demo\nversion: \"2020-01-01\"\ntitle: Demo\nactions:\n  CreateWidget:\n    description: Hand-written.\n",
    )
    .unwrap();
    let opts = ImportOptions {
        inputs: Set::ALL
            .iter()
            .map(|set| Input {
                set: *set,
                path: fixtures().join("merge").join(set.label()),
            })
            .collect(),
        out_dir: dir.clone(),
        services: vec!["demo".into()],
        error_codes: None,
        error_table: None,
    };
    let report = run(&opts).unwrap();
    assert_eq!(report.kept_hand_written_actions, 1);
    let doc = load(&path);
    assert!(doc["actions"]["CreateWidget"].is_badvalue());
    assert!(doc["title"].is_badvalue());
    assert!(!doc["actions"]["UploadWidgetFile"].is_badvalue());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn one_set_alone_imports_as_before() {
    let (dir, report) = merged("intl-only", &[Set::Intl]);
    let doc = load(&dir.join("demo/2020-01-01.imported.yaml"));
    let input = &doc["actions"]["CreateWidget"]["input"];
    assert!(input["Zone"].is_badvalue());
    assert_eq!(input["Size"]["range"]["max"].as_i64(), Some(100));
    assert_eq!(report.per_set.len(), 1);
    assert!(!report.to_string().contains("Merged ("));
    let _ = std::fs::remove_dir_all(dir);
}

/// Every text function of the importer takes any Unicode text without panicking, and what it
/// writes to YAML reads back as the same text.
mod any_text {
    use proptest::prelude::*;

    use super::super::constraints::{self, Constraints, Shape};
    use super::super::emit::{self, Y};
    use super::super::{constraints_zh, examples, markdown};
    use crate::names;

    /// Text like the definitions': tags, entities, Chinese and full-width punctuation, figures,
    /// markers, mixed with arbitrary characters.
    fn texty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<p>".to_owned()),
            Just("</p>".to_owned()),
            Just("<li>".to_owned()),
            Just("</li>".to_owned()),
            Just("<br>".to_owned()),
            Just("<code>".to_owned()),
            Just("<a href=\"https://x.example/路\">".to_owned()),
            Just("&quot;".to_owned()),
            Just("&#x8def;".to_owned()),
            Just("&amp".to_owned()),
            Just("&".to_owned()),
            Just("取值范围：".to_owned()),
            Just("可选值：".to_owned()),
            Just("长度不超过".to_owned()),
            Just("个字符".to_owned()),
            Just("最多支持".to_owned()),
            Just("默认值：".to_owned()),
            Just("单位：".to_owned()),
            Just("Valid values: ".to_owned()),
            Just("Value range: ".to_owned()),
            Just("up to ".to_owned()),
            "[0-9]{1,4}",
            "[~\\-,、，。；：（）\\[\\]`*\n .]",
            "[一-龥]{1,3}",
            "[A-Za-z_]{1,6}",
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    fn everything(s: &str) {
        let md = markdown::to_markdown(s);
        let plain = markdown::plain(&md);
        let mut found = Vec::new();
        for shape in [
            Shape::Str,
            Shape::Int,
            Shape::UInt,
            Shape::Float,
            Shape::Other,
        ] {
            for list in [false, true] {
                found.push(constraints::extract(&md, &plain, shape, list));
                found.push(constraints_zh::extract(&md, shape, list));
                found.push(constraints::extract(s, s, shape, list));
                let mut c = constraints_zh::extract(s, shape, list);
                c.drop_contradicted(s, list);
            }
        }
        let _ = Constraints::unite(found);
        let _ = examples::response_json(s);
        for name in [names::snake(s), names::camel(s), names::error_variant(s)] {
            let _ = names::escape_ident(&name);
        }
        // Whatever text is written reads back unchanged.
        let doc = emit::document(
            "header",
            &[
                ("a".to_owned(), Y::str(s)),
                ("b".to_owned(), Y::str(md.as_str())),
                ("c".to_owned(), Y::FlowSeq(vec![Y::str(plain.as_str())])),
            ],
        );
        let back = yaml_rust2::YamlLoader::load_from_str(&doc)
            .unwrap_or_else(|e| panic!("{e}: {doc:?}"))
            .remove(0);
        assert_eq!(back["a"].as_str(), Some(s), "{doc:?}");
        assert_eq!(back["b"].as_str(), Some(md.as_str()), "{doc:?}");
        assert_eq!(back["c"][0].as_str(), Some(plain.as_str()), "{doc:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn definition_like_text(s in texty()) {
            everything(&s);
        }

        #[test]
        fn arbitrary_text(s in any::<String>()) {
            everything(&s);
        }
    }

    #[test]
    fn the_reported_panic() {
        // An entity-like `&` within 12 bytes of a multi-byte character.
        everything("&nbsp路由表");
        everything("a&路由表;");
        everything("模式。可选值：a、b");
    }
}
