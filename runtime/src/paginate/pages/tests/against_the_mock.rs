//! Paginators of every kind against the in-process mock: zero items, one page, several
//! pages, a last page of exactly the page size, a total that changes, a token that repeats,
//! an error on the third page.

use crate::json::{self, FromJson, JsonError, ToJson, Value, Writer};
use crate::mock::{Mock, Reply};
use crate::paginate::{Paginated, Pagination, RequestMembers, ResponseMembers};
use crate::{
    Action, ActionMeta, CommonError, Endpoints, Error, RegionRule, ServiceError, ServiceMeta,
    Validate,
};

static SERVICE: ServiceMeta = ServiceMeta {
    name: "things",
    version: "2020-01-01",
    title: "Things",
    endpoints: Endpoints {
        mainland: "things.tencentcloudapi.com",
        international: "things.intl.tencentcloudapi.com",
        regional: "things.{region}.tencentcloudapi.com",
    },
};

/// One request shape for the three kinds (each action reads the members of its kind).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Req {
    pub filter: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<u64>,
    pub page: Option<i64>,
    pub token: Option<String>,
}

impl ToJson for Req {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Filter", &self.filter);
        o.field("Offset", &self.offset);
        o.field("Limit", &self.limit);
        o.field("Page", &self.page);
        o.field("Token", &self.token);
        o.end();
    }
}

impl FromJson for Req {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = json::Object::of(v);
        o.finish(Self {
            filter: o.get("Filter"),
            offset: o.get("Offset"),
            limit: o.get("Limit"),
            page: o.get("Page"),
            token: o.get("Token"),
        })
    }
}

impl Validate for Req {}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resp {
    pub items: Vec<i64>,
    pub total: Option<i64>,
    pub next: Option<String>,
    pub request_id: String,
}

impl ToJson for Resp {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Items", &self.items);
        o.field("Total", &self.total);
        o.field("Next", &self.next);
        o.field("RequestId", &self.request_id);
        o.end();
    }
}

impl FromJson for Resp {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = json::Object::of(v);
        o.finish(Self {
            items: o.get("Items"),
            total: o.get("Total"),
            next: o.get("Next"),
            request_id: o.get("RequestId"),
        })
    }
}

macro_rules! action {
    ($ty:ident, $name:literal, $paging:expr, |$r:ident| $members:expr, |$p:ident| $out:expr) => {
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $ty(pub Req);
        impl ToJson for $ty {
            fn write_json(&self, w: &mut Writer) {
                self.0.write_json(w)
            }
        }
        impl FromJson for $ty {
            fn from_json(v: &Value) -> Result<Self, JsonError> {
                Req::from_json(v).map(Self)
            }
        }
        impl Validate for $ty {}
        impl Action for $ty {
            type Response = Resp;
            type Error = CommonError;
            const META: &'static ActionMeta = &ActionMeta {
                service: &SERVICE,
                name: $name,
                rate_limit: None,
                timeout: None,
                region: RegionRule::Optional,
                idempotent: true,
                deprecated: false,
            };
        }
        impl Paginated for $ty {
            type Item = i64;
            const PAGINATION: Pagination = $paging;
            fn request_members(&mut self) -> RequestMembers<'_> {
                let $r = &mut self.0;
                $members
            }
            fn response_members(response: &mut Resp) -> ResponseMembers<'_, i64> {
                let $p = response;
                $out
            }
        }
    };
}

action!(
    ByOffset,
    "ListByOffset",
    Pagination::offset(Some(3)),
    |r| RequestMembers {
        position: Some(&mut r.offset),
        page_size: Some(&mut r.limit),
        token: None,
    },
    |p| ResponseMembers {
        items: &mut p.items,
        total: Some(&mut p.total),
        next_token: None,
    }
);

action!(
    ByPage,
    "ListByPage",
    Pagination::page(1, Some(3)),
    |r| RequestMembers {
        position: Some(&mut r.page),
        page_size: Some(&mut r.limit),
        token: None,
    },
    |p| ResponseMembers {
        items: &mut p.items,
        total: Some(&mut p.total),
        next_token: None,
    }
);

action!(
    ByToken,
    "ListByToken",
    Pagination::token(Some(3)),
    |r| RequestMembers {
        position: None,
        page_size: Some(&mut r.limit),
        token: Some(&mut r.token),
    },
    |p| ResponseMembers {
        items: &mut p.items,
        total: None,
        next_token: Some(&mut p.next),
    }
);

// Offset paging without a total in the response: the short page ends it.
action!(
    NoTotal,
    "ListNoTotal",
    Pagination::offset(Some(3)),
    |r| RequestMembers {
        position: Some(&mut r.offset),
        page_size: Some(&mut r.limit),
        token: None,
    },
    |p| ResponseMembers {
        items: &mut p.items,
        total: None,
        next_token: None,
    }
);

async fn all<A: Paginated<Item = i64, Error = CommonError> + 'static>(
    mock: &Mock,
    request: A,
) -> (Vec<i64>, Option<Error<CommonError>>) {
    let client = mock.client().build().unwrap();
    let mut items = client.paginate(request).items();
    let mut out = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(i) => out.push(i),
            Err(e) => return (out, Some(e)),
        }
    }
    (out, None)
}

fn serve<A>(len: i64) -> Mock
where
    A: Paginated<Item = i64> + FromJson + 'static,
    A::Response: ToJson + Default,
{
    let mock = Mock::new();
    mock.on::<A>().pages(0..len);
    mock
}

async fn collection_of_every_size<A>()
where
    A: Paginated<Item = i64, Error = CommonError> + FromJson + Default + 'static,
    A::Response: ToJson + Default,
{
    // Zero items, one short page, exactly one page, several pages, a last page of
    // exactly the page size (3).
    for (len, calls) in [(0, 1), (2, 1), (3, 1), (7, 3), (9, 3)] {
        let mock = serve::<A>(len);
        let (items, error) = all(&mock, A::default()).await;
        assert!(error.is_none(), "{}: {error:?}", A::META.name);
        assert_eq!(items, (0..len).collect::<Vec<_>>(), "{}", A::META.name);
        assert_eq!(
            mock.count::<A>(),
            calls,
            "{} over {len} items",
            A::META.name
        );
    }
}

#[tokio::test]
async fn every_kind_reads_every_item_once() {
    collection_of_every_size::<ByOffset>().await;
    collection_of_every_size::<ByPage>().await;
    collection_of_every_size::<ByToken>().await;
}

#[tokio::test]
async fn without_a_total_a_page_of_exactly_the_size_costs_one_empty_page() {
    let mock = serve::<NoTotal>(6);
    let (items, error) = all(&mock, NoTotal::default()).await;
    assert!(error.is_none());
    assert_eq!(items.len(), 6);
    assert_eq!(mock.count::<NoTotal>(), 3); // 3, 3, then an empty page
}

#[tokio::test]
async fn the_request_is_kept_and_the_largest_page_size_used() {
    let mock = serve::<ByOffset>(5);
    let request = ByOffset(Req {
        filter: Some("zone-1".into()),
        ..Req::default()
    });
    let (items, _) = all(&mock, request).await;
    assert_eq!(items.len(), 5);
    let sent = mock.requests::<ByOffset>();
    assert_eq!(sent.len(), 2);
    for r in &sent {
        assert_eq!(r.0.filter.as_deref(), Some("zone-1"));
        assert_eq!(r.0.limit, Some(3));
    }
    assert_eq!(sent[0].0.offset, None);
    assert_eq!(sent[1].0.offset, Some(3));

    // A page size the user set is kept; so is a starting page.
    let mock = serve::<ByPage>(10);
    let request = ByPage(Req {
        limit: Some(4),
        page: Some(2),
        ..Req::default()
    });
    let (items, _) = all(&mock, request).await;
    assert_eq!(items, vec![4, 5, 6, 7, 8, 9]);
    let pages: Vec<_> = mock
        .requests::<ByPage>()
        .iter()
        .map(|r| (r.0.page, r.0.limit))
        .collect();
    assert_eq!(pages, vec![(Some(2), Some(4)), (Some(3), Some(4))]);
}

fn page(items: &[i64], total: Option<i64>, next: Option<&str>) -> Reply<ByOffset> {
    Reply::ok(Resp {
        items: items.to_vec(),
        total,
        next: next.map(str::to_owned),
        request_id: String::new(),
    })
}

#[tokio::test]
async fn a_total_that_grows_is_followed_and_one_that_shrinks_ends_cleanly() {
    let mock = Mock::new();
    mock.on::<ByOffset>().replies([
        page(&[1, 2, 3], Some(6), None),
        page(&[4, 5, 6], Some(8), None), // two items were added meanwhile
        page(&[7, 8], Some(8), None),
    ]);
    let (items, error) = all(&mock, ByOffset::default()).await;
    assert!(error.is_none());
    assert_eq!(items, vec![1, 2, 3, 4, 5, 6, 7, 8]);

    let mock = Mock::new();
    mock.on::<ByOffset>().replies([
        page(&[1, 2, 3], Some(9), None),
        // Five were deleted: the total is below the items shown; not trusted, the full page
        // asks for one more, which is empty.
        page(&[4, 5, 6], Some(4), None),
        page(&[], Some(4), None),
    ]);
    let (items, error) = all(&mock, ByOffset::default()).await;
    assert!(error.is_none());
    assert_eq!(items.len(), 6);
    assert_eq!(mock.count::<ByOffset>(), 3);
}

#[tokio::test]
async fn a_repeated_token_ends_the_stream_with_an_error() {
    let mock = Mock::new();
    let token_page = |items: &[i64], next: Option<&str>| {
        Reply::<ByToken>::ok(Resp {
            items: items.to_vec(),
            next: next.map(str::to_owned),
            ..Resp::default()
        })
    };
    mock.on::<ByToken>().cycle([
        token_page(&[1, 2, 3], Some("t1")),
        token_page(&[4, 5, 6], Some("t2")),
        token_page(&[7, 8, 9], Some("t1")),
    ]);
    let (items, error) = all(&mock, ByToken::default()).await;
    assert_eq!(items.len(), 9, "the pages before the repeat are yielded");
    match error {
        Some(Error::Pagination { action, reason }) => {
            assert_eq!(action, "ListByToken");
            assert!(reason.contains("\"t1\""), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.count::<ByToken>(), 3);
}

#[tokio::test]
async fn an_error_on_the_third_page_is_yielded_once_and_ends_the_stream() {
    let mock = Mock::new();
    mock.on::<ByOffset>().replies([
        page(&[1, 2, 3], Some(9), None),
        page(&[4, 5, 6], Some(9), None),
        Reply::error_code("ResourceUnavailable", "gone"),
    ]);
    let client = mock.client().build().unwrap();
    let mut pages = client.paginate(ByOffset::default());
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.unwrap().is_ok());
    let e = pages.next().await.unwrap().unwrap_err();
    assert_eq!(
        e.service_error().map(|e| e.code()),
        Some("ResourceUnavailable")
    );
    assert!(pages.next().await.is_none());
    assert_eq!(mock.count::<ByOffset>(), 3);
}

#[tokio::test]
async fn the_mock_refuses_a_token_it_did_not_hand_out() {
    let mock = serve::<ByToken>(5);
    let request = ByToken(Req {
        token: Some("forged".into()),
        ..Req::default()
    });
    let (_, error) = all(&mock, request).await;
    let error = error.unwrap();
    assert_eq!(
        error.service_error().map(|e| e.code()),
        Some("InvalidParameterValue")
    );
}

#[test]
fn the_blocking_client_pages_too() {
    let mock = serve::<ByPage>(7);
    let client = crate::blocking::Client::new(mock.client().build().unwrap()).unwrap();
    let items: Result<Vec<i64>, _> = client.paginate(ByPage::default()).items().collect();
    assert_eq!(items.unwrap(), (0..7).collect::<Vec<_>>());
    let pages = client.paginate(ByPage::default()).count();
    assert_eq!(pages, 3);
}

#[tokio::test]
async fn per_call_overrides_apply_to_every_page() {
    let mock = serve::<ByOffset>(5);
    let client = mock.client().build().unwrap();
    let mut pages = client
        .paginate(ByOffset::default())
        .region("ap-shanghai")
        .timeout(std::time::Duration::from_secs(3));
    while let Some(page) = pages.next().await {
        page.unwrap();
    }
    let calls = mock.calls();
    assert_eq!(calls.len(), 2);
    for c in &calls {
        assert_eq!(c.region.as_deref(), Some("ap-shanghai"), "{c:?}");
    }
}
