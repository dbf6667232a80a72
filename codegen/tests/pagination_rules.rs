//! The `pagination` key: every mistake located with a hint, the IR it resolves to, the
//! generated impl and the reference page's row.

use tcapi_codegen::ir::{Model, PageKind, Pagination};

mod support;

fn load(yaml: &str) -> Result<Model, Vec<String>> {
    support::load_spec("pagination-rules", yaml)
}

const HEAD: &str = "service: demo\nversion: \"2024-01-01\"\ntitle: Demo\n";

fn spec(pagination: &str) -> String {
    format!(
        "{HEAD}actions:
  DescribeThings:
    description: Lists things.
    pagination: {pagination}
    input:
      Offset: {{ type: Integer }}
      Limit: {{ type: Integer, range: {{ min: 1, max: 100 }} }}
      PageNumber: {{ type: Integer }}
      PageSize: {{ type: UInt64 }}
      NextToken: {{ type: String }}
      Zone: {{ type: String, enum: [a, b] }}
    output:
      TotalCount: {{ type: Integer }}
      ThingSet: {{ type: '[Thing]', nullable: true }}
      Names: {{ type: '[String]' }}
      NextToken: {{ type: String }}
      Note: {{ type: String }}
types:
  Thing:
    fields:
      Id: {{ type: String }}
"
    )
}

#[test]
fn each_kind_resolves() {
    let m = load(&spec(
        "{ offset: Offset, limit: Limit, items: ThingSet, total: TotalCount, max_limit: 100 }",
    ))
    .unwrap();
    assert_eq!(
        m.services[0].actions[0].pagination,
        Some(Pagination {
            kind: PageKind::Offset,
            cursor: "Offset".into(),
            limit: Some("Limit".into()),
            items: "ThingSet".into(),
            total: Some("TotalCount".into()),
            next_token: None,
            max_limit: Some(100),
        })
    );
    let m = load(&spec(
        "{ page: PageNumber, limit: PageSize, items: Names, first_page: 0 }",
    ))
    .unwrap();
    let p = m.services[0].actions[0].pagination.clone().unwrap();
    assert_eq!(p.kind, PageKind::Page { first: 0 });
    let m = load(&spec(
        "{ token: NextToken, items: Names, next_token: NextToken }",
    ))
    .unwrap();
    let p = m.services[0].actions[0].pagination.clone().unwrap();
    assert_eq!(p.kind, PageKind::Token);
}

#[test]
fn mistakes_are_located_with_a_hint() {
    let cases: &[(&str, &str)] = &[
        ("{ items: ThingSet }", "names no request member that moves"),
        (
            "{ offset: Offset, page: PageNumber, items: ThingSet }",
            "more than one of `offset`, `page` and `token`",
        ),
        (
            "{ offset: Ofset, items: ThingSet }",
            "`pagination.offset` `Ofset` is not an input member of action `DescribeThings` (did you mean `Offset`?",
        ),
        (
            "{ offset: Zone, items: ThingSet }",
            "`pagination.offset` `Zone` of action `DescribeThings` is `String`; it must be an integer",
        ),
        (
            "{ offset: Offset, items: Note }",
            "`pagination.items` `Note` of action `DescribeThings` is `String`; it must be a list",
        ),
        (
            "{ offset: Offset, items: ThingSet, total: Note }",
            "`pagination.total` `Note`",
        ),
        (
            "{ token: Zone, items: ThingSet, next_token: NextToken }",
            "must be a `String` without `enum`",
        ),
        (
            "{ token: NextToken, items: ThingSet }",
            "pages by token and names no `next_token`",
        ),
        (
            "{ offset: Offset, items: ThingSet, next_token: NextToken }",
            "is for actions that page by token",
        ),
        (
            "{ offset: Offset, items: ThingSet, max_limit: 10 }",
            "`pagination.max_limit` without `limit`",
        ),
        (
            "{ offset: Offset, limit: Limit, items: ThingSet, max_limit: 0 }",
            "it must be 1 or more",
        ),
        (
            "{ page: PageNumber, limit: PageSize, items: ThingSet, first_page: 2 }",
            "it must be 0 or 1",
        ),
        (
            "{ page: PageNumber, items: ThingSet }",
            "pages by page number and names no `limit`",
        ),
        ("{ offset: Offset, items: ThingSet, size: 1 }", "size"),
    ];
    for (p, want) in cases {
        let errors = load(&spec(p)).err().unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e.contains(want) && e.starts_with("7:")),
            "{p}: want {want:?} at line 7, got {errors:#?}"
        );
    }
}

#[test]
fn the_generated_impl_and_the_reference_row() {
    use tcapi_codegen::docs;
    let m = load(&spec(
        "{ offset: Offset, limit: Limit, items: ThingSet, total: TotalCount, max_limit: 100 }",
    ))
    .unwrap();
    let code = tcapi_codegen::rust::service_file(&m.services[0], true);
    for want in [
        "impl ::tcapi::Paginated for DescribeThingsRequest {",
        "type Item = super::types::Thing;",
        "const PAGINATION: ::tcapi::paginate::Pagination = ::tcapi::paginate::Pagination::offset(\n",
        "position: Some(&mut self.offset),",
        "page_size: Some(&mut self.limit),",
        "items: &mut response.thing_set,",
        "total: Some(&mut response.total_count),",
        "let mut items = client.paginate(request).items();",
    ] {
        assert!(code.contains(want), "{want}\n{code}");
    }
    let pages = docs::docs_files(&m);
    let page = pages
        .iter()
        .find(|p| p.path.ends_with("DescribeThings.md"))
        .unwrap();
    assert!(
        page.contents.contains("| Pages | by offset (`Offset`, `Limit`): `client.paginate(request)` gives every page, `.items()` every item of `ThingSet` |\n"),
        "{}",
        page.contents
    );
}

/// Items one level down (`Data.List`): resolved, checked and generated through the outer
/// member, made when it is absent.
#[test]
fn items_one_level_down() {
    let yaml = format!(
        "{HEAD}actions:
  ListThings:
    description: Lists things.
    pagination: {{ offset: Offset, limit: Limit, items: Data.List, total: Data.TotalCount }}
    input:
      Offset: {{ type: Integer }}
      Limit: {{ type: Integer }}
    output:
      Data: {{ type: Page, nullable: true }}
      Note: {{ type: String }}
types:
  Page:
    fields:
      TotalCount: {{ type: Integer }}
      List: {{ type: '[String]' }}
"
    );
    let m = load(&yaml).unwrap();
    let code = tcapi_codegen::rust::service_file(&m.services[0], false);
    for want in [
        "let outer_data = response.data.get_or_insert_with(Default::default);",
        "items: &mut outer_data.list,",
        "total: Some(&mut outer_data.total_count),",
    ] {
        assert!(code.contains(want), "{want}\n{code}");
    }
    for (items, want) in [
        ("Data.Lst", "did you mean `List`?"),
        (
            "Note.List",
            "`Note` of action `ListThings` is `String`, not a data type",
        ),
        ("Data.List.X", "goes more than one level down"),
        ("Data.TotalCount", "it must be a list"),
    ] {
        let bad = yaml.replace("items: Data.List", &format!("items: {items}"));
        let errors = load(&bad).err().unwrap_or_default();
        assert!(
            errors.iter().any(|e| e.contains(want)),
            "{items}: want {want:?}, got {errors:#?}"
        );
    }
}
