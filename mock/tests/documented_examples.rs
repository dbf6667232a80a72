//! Every documented example of the project's specs is accepted by the server's checks (its
//! request passes the parameter check, its response fits the documented response), except
//! the documentation errors listed in `specs/known-doc-errors.txt`, which must fail.

mod common;

use std::collections::BTreeSet;

#[test]
fn documented_examples_pass_the_server_checks() {
    let catalog = common::catalog();
    let known: BTreeSet<String> =
        std::fs::read_to_string(common::specs_dir().join("known-doc-errors.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split(':').next())
            .map(|l| l.trim().to_owned())
            .collect();
    let mut checked = 0;
    let mut failing = BTreeSet::new();
    let mut details = Vec::new();
    for s in catalog.services() {
        let module = if catalog.versions(&s.name).count() > 1 {
            format!("{}_{}", s.name, s.version.replace('-', "_"))
        } else {
            s.name.clone()
        };
        for name in s.action_names() {
            let a = s.action(name).unwrap();
            for (i, req) in a.example_requests().iter().enumerate() {
                let Some(req) = req else { continue };
                checked += 1;
                let problems = catalog.check_request(a, req);
                if !problems.is_empty() {
                    failing.insert(format!("{module} {name} {i} request"));
                    details.push(format!("{module} {name} {i}: {problems:?}"));
                }
            }
            for (i, ex) in a.examples().iter().enumerate() {
                let problems = catalog.check_response(a, ex);
                // Unknown response names are not documentation errors the client cares
                // about (it ignores them); types are.
                let typed: Vec<_> = problems
                    .iter()
                    .filter(|p| p.kind != tcapi_mock::params::ProblemKind::Unknown)
                    .collect();
                if !typed.is_empty() && !known.contains(&format!("{module} {name} {i} response")) {
                    details.push(format!("{module} {name} {i} response: {typed:?}"));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} example requests");
    let known_here: BTreeSet<String> = known
        .iter()
        .filter(|k| k.ends_with(" request"))
        .filter(|k| {
            let module = k.split(' ').next().unwrap_or_default();
            catalog.services().iter().any(|s| s.name == module)
        })
        .cloned()
        .collect();
    let unexpected: Vec<&String> = failing.difference(&known_here).collect();
    assert!(
        unexpected.is_empty(),
        "documented requests rejected: {unexpected:?}\n{details:#?}"
    );
    let response_problems: Vec<&String> = details
        .iter()
        .filter(|d| d.contains(" response: "))
        .collect();
    assert!(response_problems.is_empty(), "{response_problems:#?}");
}
