//! `pages` rules: a collection served across pages as the action pages (offset and
//! limit, tokens), read back with the generated paginators.

mod common;

use common::{ID, KEY, builder};
use tcapi::{Client, Credentials, RateLimitMode, RetryPolicy};
use tcapi_car::DescribeApplicationProjectsRequest;
use tcapi_gse::DescribeGameServerSessionsRequest;

fn client(base_url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new(ID, KEY).unwrap())
        .base_url(base_url)
        .region("ap-guangzhou")
        .retry(RetryPolicy::never())
        .rate_limit(RateLimitMode::Off)
        .build_with_env(&|_| None)
        .unwrap()
}

async fn with(scenario: &str) -> tcapi_mock::MockServer {
    builder()
        .scenario_str("pages.yaml", scenario)
        .start()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn offset_and_limit_over_a_numbered_collection() {
    let s = with(
        "actions:\n  DescribeApplicationProjects:\n    - pages:\n        count: 23\n        item: { ProjectId: \"cap-{n}\", Name: \"project {n}\" }\n        page_size: 5\n",
    )
    .await;
    let c = client(&s.base_url());
    // The paginator asks for the largest documented page size when there is one; this
    // action documents none, so the mock's page size (5) answers.
    let projects = c
        .paginate(DescribeApplicationProjectsRequest::new())
        .items()
        .collect()
        .await
        .unwrap();
    let ids: Vec<String> = projects
        .iter()
        .filter_map(|p| p.project_id.clone())
        .collect();
    assert_eq!(ids.len(), 23);
    assert_eq!(ids[0], "cap-1");
    assert_eq!(ids[22], "cap-23");
    assert_eq!(s.calls_of("DescribeApplicationProjects").len(), 5);

    // A page size the request sets is honoured; so is the offset it starts from.
    let mut pages = c.paginate(
        DescribeApplicationProjectsRequest::new()
            .offset(20)
            .limit(2),
    );
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        assert_eq!(page.total, Some(23));
        sizes.push(page.projects.map_or(0, |p| p.len()));
    }
    assert_eq!(sizes, vec![2, 1]);
}

#[tokio::test]
async fn tokens_over_a_listed_collection() {
    let s = with(
        r#"
actions:
  DescribeGameServerSessions:
    - pages:
        items:
          - { GameServerSessionId: gss-1 }
          - { GameServerSessionId: gss-2 }
          - { GameServerSessionId: gss-3 }
        page_size: 2
"#,
    )
    .await;
    let c = client(&s.base_url());
    let sessions = c
        .paginate(DescribeGameServerSessionsRequest::new())
        .items()
        .collect()
        .await
        .unwrap();
    let ids: Vec<&str> = sessions
        .iter()
        .map(|g| g.game_server_session_id.as_str())
        .collect();
    assert_eq!(ids, ["gss-1", "gss-2", "gss-3"]);
    let calls = s.calls_of("DescribeGameServerSessions");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1].request["NextToken"], "mock-page-2");
}

#[tokio::test]
async fn an_empty_collection_is_one_empty_page() {
    let s = with("actions:\n  DescribeApplicationProjects:\n    - pages: { items: [] }\n").await;
    let c = client(&s.base_url());
    let all = c
        .paginate(DescribeApplicationProjectsRequest::new())
        .items()
        .collect()
        .await
        .unwrap();
    assert!(all.is_empty());
    assert_eq!(s.calls_of("DescribeApplicationProjects").len(), 1);
}

#[tokio::test]
async fn pages_rule_mistakes_are_located() {
    let cases = [
        (
            "actions:\n  ApplyConcurrent:\n    - pages: { items: [] }\n",
            "`ApplyConcurrent` does not page: its spec has no `pagination`",
        ),
        (
            "actions:\n  DescribeApplicationProjects:\n    - pages: { count: 2 }\n",
            "`pages` takes either `items` (a list) or `count` with `item` (a template)",
        ),
        (
            "actions:\n  DescribeApplicationProjects:\n    - pages: { items: [{ Name: 5 }], size: 3 }\n",
            "size",
        ),
        (
            "actions:\n  DescribeApplicationProjects:\n    - pages: { count: 1000000, item: {} }\n",
            "`count` is a count from 0 to 100000",
        ),
    ];
    for (scenario, want) in cases {
        let e = builder()
            .scenario_str("pages.yaml", scenario)
            .start()
            .await
            .err()
            .unwrap_or_else(|| panic!("{scenario}: accepted"));
        let text = e.to_string();
        assert!(text.contains(want), "{scenario}: want {want:?}, got {text}");
    }
}
