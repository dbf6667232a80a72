//! The `waiters` key: every mistake located with a hint, the generated functions.

use tcapi_codegen::ir::Model;

mod support;

fn load(yaml: &str) -> Result<Model, Vec<String>> {
    support::load_spec("waiter-rules", yaml)
}

fn spec(waiter: &str) -> String {
    format!(
        "service: demo
version: \"2024-01-01\"
title: Demo
actions:
  DescribeThings:
    description: Lists things.
    output:
      ThingSet: {{ type: '[Thing]' }}
      Status: {{ type: Integer }}
      Phase: {{ type: String, enum: [A, B] }}
types:
  Thing:
    fields:
      State: {{ type: String, nullable: true }}
      Size: {{ type: Float }}
waiters:
  ThingReady:
{waiter}"
    )
}

#[test]
fn generated_functions_read_the_state_path() {
    let m = load(&spec(
        "    action: DescribeThings\n    state: ThingSet[].State\n    success: [READY]\n    failure: [BROKEN]\n    interval: 2\n    deadline: 60\n",
    ))
    .unwrap();
    let code = tcapi_codegen::rust::service_file(&m.services[0], false);
    for want in [
        "pub mod waiters {",
        "pub fn thing_ready() -> ::tcapi::Waiter<super::DescribeThingsResponse> {",
        "for x0 in &response.thing_set {",
        "if let Some(x1) = &x0.state {",
        "states.push(x1.to_string());",
        "::tcapi::Waiter::states(\"ThingReady\", states, &[\"READY\"], &[\"BROKEN\"], false)",
        ".interval(::std::time::Duration::from_secs(2))",
        ".deadline(::std::time::Duration::from_secs(60))",
    ] {
        assert!(code.contains(want), "{want}\n{code}");
    }
    let m = load(&spec(
        "    action: DescribeThings\n    state: Phase\n    success: [B]\n",
    ))
    .unwrap();
    let code = tcapi_codegen::rust::service_file(&m.services[0], false);
    assert!(
        code.contains("states.push(response.phase.as_str().to_owned());"),
        "{code}"
    );
}

#[test]
fn mistakes_are_located_with_a_hint() {
    let cases: &[(&str, &str)] = &[
        (
            "    action: DescribeThing\n    state: Status\n    success: [\"1\"]\n",
            "polls `DescribeThing`, which is not an action of this service version (did you mean `DescribeThings`?)",
        ),
        (
            "    action: DescribeThings\n    state: ThingSet.State\n    success: [A]\n",
            "`ThingSet` is `[Thing]`, written `ThingSet` in the path",
        ),
        (
            "    action: DescribeThings\n    state: ThingSet[].Stat\n    success: [A]\n",
            "`Stat` in `ThingSet[].Stat` is not a member of type `Thing` (did you mean `State`?",
        ),
        (
            "    action: DescribeThings\n    state: ThingSet[].Size\n    success: [A]\n",
            "ends at `Size`, a `Float`",
        ),
        (
            "    action: DescribeThings\n    state: ThingSet[]\n    success: [A]\n",
            "ends at `ThingSet`, a `Thing`",
        ),
        (
            "    action: DescribeThings\n    state: Status\n",
            "has no `success` states",
        ),
        (
            "    action: DescribeThings\n    state: Status\n    success: [\"1\"]\n    failure: [\"1\"]\n",
            "state `1` is both a success and a failure",
        ),
        (
            "    action: DescribeThings\n    state: Status\n    success: [\"1\"]\n    interval: 60\n    deadline: 10\n",
            "the interval (60 s) is longer than the deadline (10 s)",
        ),
        (
            "    action: DescribeThings\n    state: Status\n    success: [\"1\"]\n    none: maybe\n",
            "none",
        ),
    ];
    for (w, want) in cases {
        let errors = load(&spec(w)).err().unwrap_or_default();
        assert!(
            errors.iter().any(|e| e.contains(want)),
            "{w}: want {want:?}, got {errors:#?}"
        );
    }
}

/// The service page lists the waiters, and the action page the paginator, in the Markdown,
/// the single HTML page and the site.
#[test]
fn the_reference_pages_list_waiters_and_paginators() {
    use tcapi_codegen::docs;
    let yaml = spec(
        "    action: DescribeThings\n    state: ThingSet[].State\n    success: [READY]\n    failure: [BROKEN]\n",
    )
    .replace(
        "    description: Lists things.\n",
        "    description: Lists things.\n    pagination: { offset: Offset, limit: Limit, items: ThingSet, total: Status }\n    input:\n      Offset: { type: Integer }\n      Limit: { type: Integer }\n",
    );
    let yaml = format!(
        "{yaml}  ThingGone:\n    action: DescribeThings\n    state: ThingSet[].State\n    none: success\n  ThingDone:\n    action: DescribeThings\n    state: Status\n    success: [\"0\", \"3\"]\n    none: success\n"
    );
    let m = load(&yaml).unwrap();
    let written = docs::docs_files(&m);
    let service = written
        .iter()
        .find(|p| p.path.ends_with("demo/README.md") || p.path.ends_with("demo.md"))
        .or_else(|| written.iter().find(|p| p.contents.contains("## Waiters")))
        .unwrap();
    assert!(
        service.contents.contains("| `waiters::thing_ready()` | [DescribeThings](DescribeThings.md) | `ThingSet[].State` | `READY` | `BROKEN` |\n"),
        "{}",
        service.contents
    );
    assert!(service.contents.contains("| `waiters::thing_gone()` | [DescribeThings](DescribeThings.md) | `ThingSet[].State` | none left | – |\n"));
    assert!(service.contents.contains("| `0`, `3`; none left | – |\n"));
    // The single HTML page of the service: its waiters link to the action's section, and the
    // action says how it pages.
    let html = written
        .iter()
        .find(|p| {
            p.path.extension().is_some_and(|e| e == "html") && p.contents.contains("id=\"waiters\"")
        })
        .expect("the service's HTML page lists its waiters");
    assert!(
        html.contents.contains(
            "<tr><td><code>waiters::thing_ready()</code></td><td><a href=\"#action-describethings\">DescribeThings</a></td>"
        ),
        "{}",
        html.contents
    );
    assert!(
        html.contents.contains(" Pages: by offset (<code>"),
        "{}",
        html.contents
    );
    let written = docs::site::site_files(&m).unwrap();
    assert!(written.iter().any(|p| p.contents.contains(
        "<tr><td><code>waiters::thing_ready()</code></td><td><a href=\"DescribeThings.html\">DescribeThings</a></td><td><code>ThingSet[].State</code></td><td><code>READY</code></td><td><code>BROKEN</code></td></tr>\n"
    )));
}
