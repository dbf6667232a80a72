//! The committed error-code table (`specs/error-codes/`, from Tencent's Go SDKs) against the
//! hand-written seed specs, whose error lists are transcribed from the API pages: the table
//! must give the seed actions exactly the codes (and English descriptions) of their pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tcapi_codegen::import::errortable::{self, Sdk};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// The hand-written file's codes of `action` (code → description).
fn seed(service: &str, version: &str, action: &str) -> BTreeMap<String, String> {
    let file = specs().join(service).join(format!("{version}.yaml"));
    let (_, model) = tcapi_codegen::load_and_check(&[specs().join("common.yaml"), file])
        .unwrap_or_else(|d| panic!("the seed spec checks: {d}"));
    let a = model
        .services
        .iter()
        .flat_map(|s| &s.actions)
        .find(|a| a.name == action)
        .unwrap_or_else(|| panic!("{service} {version} defines {action}"));
    assert!(!a.errors_from_service, "{action} lists its own codes");
    a.errors
        .iter()
        .map(|e| (e.code.clone(), e.description.clone()))
        .collect()
}

/// The table's codes of `action` (code → description) and which SDK described each.
fn table(service: &str, version: &str, action: &str) -> BTreeMap<String, (String, Option<Sdk>)> {
    let t = errortable::read_service(&specs().join("error-codes"), &[service], version)
        .expect("the table reads")
        .unwrap_or_else(|| panic!("the table has {service} {version}"));
    t.action(action)
        .unwrap_or_else(|| panic!("the table lists {action}"))
        .into_iter()
        .map(|(c, d)| (c.to_owned(), (d.description.clone(), d.from)))
        .collect()
}

#[test]
fn seed_actions_have_the_codes_of_their_pages() {
    for (service, version, action, count) in [
        ("car", "2022-01-10", "ApplyConcurrent", 8),
        ("car", "2022-01-10", "CreateApplicationVersion", 8),
        ("gaap", "2018-05-29", "CheckProxyCreate", 14),
        ("gse", "2019-11-12", "JoinGameServerSessionBatch", 9),
    ] {
        let page = seed(service, version, action);
        let got = table(service, version, action);
        assert_eq!(
            page.len(),
            count,
            "{action}: the seed page lists {count} codes"
        );
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            page.keys().collect::<Vec<_>>(),
            "{action}: the table's codes are the page's"
        );
        for (code, (description, from)) in &got {
            assert_eq!(
                *from,
                Some(Sdk::Intl),
                "{action} {code}: described in English"
            );
            assert_eq!(
                description, &page[code],
                "{action} {code}: the page's description"
            );
        }
    }
}

#[test]
fn table_files_parse_and_name_their_sources() {
    let dir = specs().join("error-codes");
    let mut files = 0;
    let mut bytes = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("tsv") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        bytes += text.len();
        let name = path.file_stem().unwrap().to_str().unwrap();
        let (service, version) = name.split_once('-').expect("<service>-<version>.tsv");
        let t = errortable::read_service(&dir, &[service], version)
            .unwrap_or_else(|e| panic!("{e:#}"))
            .unwrap();
        assert!(!t.sdks.is_empty(), "{}: names its SDKs", path.display());
        assert_eq!(
            t.to_tsv(),
            text,
            "{}: written in canonical form",
            path.display()
        );
        files += 1;
    }
    assert!(files > 300, "{files} table files");
    assert!(
        bytes < 15 << 20,
        "the table stays well under 15 MB: {bytes} bytes"
    );
}
