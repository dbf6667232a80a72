//! Per-page cost of a paginator: the same 10 pages of 10 items read by a hand-written loop of
//! `client.send` calls (offset and limit set by hand, stopping on the total) and by
//! `client.paginate(..).items()`, both through the in-process mock: validation, signing,
//! the envelope and JSON decoding run as in production, without a network. The difference
//! of the two medians, divided by 10, is what the paginator adds to each page.
//! `scripts/bench-paginate.sh` runs it and prints the medians.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tcapi::json::{self, FromJson, JsonError, ToJson, Value, Writer};
use tcapi::mock::Mock;
use tcapi::paginate::{Pagination, RequestMembers, ResponseMembers};
use tcapi::{
    Action, ActionMeta, CommonError, Endpoints, Paginated, RegionRule, ServiceMeta, Validate,
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

/// A request shaped like a generated one (`DescribeInstances`: a filter, offset, limit).
#[derive(Debug, Clone, Default)]
struct ListThings {
    zone: Option<String>,
    offset: Option<i64>,
    limit: Option<i64>,
}

impl ToJson for ListThings {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Zone", &self.zone);
        o.field("Offset", &self.offset);
        o.field("Limit", &self.limit);
        o.end();
    }
}

impl FromJson for ListThings {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = json::Object::of(v);
        o.finish(Self {
            zone: o.get("Zone"),
            offset: o.get("Offset"),
            limit: o.get("Limit"),
        })
    }
}

impl Validate for ListThings {}

#[derive(Debug, Clone, Default)]
struct Thing {
    id: String,
    name: String,
    cpu: i64,
}

impl ToJson for Thing {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("Id", &self.id);
        o.field("Name", &self.name);
        o.field("Cpu", &self.cpu);
        o.end();
    }
}

impl FromJson for Thing {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = json::Object::of(v);
        o.finish(Self {
            id: o.get("Id"),
            name: o.get("Name"),
            cpu: o.get("Cpu"),
        })
    }
}

#[derive(Debug, Clone, Default)]
struct ListThingsResponse {
    total_count: i64,
    thing_set: Vec<Thing>,
    request_id: String,
}

impl ToJson for ListThingsResponse {
    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        o.field("TotalCount", &self.total_count);
        o.field("ThingSet", &self.thing_set);
        o.field("RequestId", &self.request_id);
        o.end();
    }
}

impl FromJson for ListThingsResponse {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        let o = json::Object::of(v);
        o.finish(Self {
            total_count: o.get("TotalCount"),
            thing_set: o.get("ThingSet"),
            request_id: o.get("RequestId"),
        })
    }
}

impl Action for ListThings {
    type Response = ListThingsResponse;
    type Error = CommonError;
    const META: &'static ActionMeta = &ActionMeta {
        service: &SERVICE,
        name: "ListThings",
        rate_limit: None,
        timeout: None,
        region: RegionRule::Unused,
        idempotent: true,
        deprecated: false,
    };
}

// What tcapi-codegen generates for `pagination: { offset: Offset, limit: Limit, items:
// ThingSet, total: TotalCount, max_limit: 100 }`.
impl Paginated for ListThings {
    type Item = Thing;
    const PAGINATION: Pagination = Pagination::offset(Some(100));
    fn request_members(&mut self) -> RequestMembers<'_> {
        RequestMembers {
            position: Some(&mut self.offset),
            page_size: Some(&mut self.limit),
            token: None,
        }
    }
    fn response_members(response: &mut ListThingsResponse) -> ResponseMembers<'_, Thing> {
        ResponseMembers {
            items: &mut response.thing_set,
            total: Some(&mut response.total_count),
            next_token: None,
        }
    }
}

const PAGES: i64 = 10;
const PER_PAGE: i64 = 10;

fn request() -> ListThings {
    ListThings {
        zone: Some("ap-guangzhou-3".into()),
        ..ListThings::default()
    }
}

async fn by_hand(client: &tcapi::Client) -> usize {
    let mut seen = 0;
    let mut offset = 0;
    loop {
        let mut r = request();
        r.offset = Some(offset);
        r.limit = Some(PER_PAGE);
        let page = client.send(r).await.unwrap();
        for item in page.thing_set {
            black_box(item);
            seen += 1;
        }
        offset = seen as i64;
        if offset >= page.total_count {
            return seen;
        }
    }
}

async fn by_paginator(client: &tcapi::Client) -> usize {
    let mut r = request();
    r.limit = Some(PER_PAGE);
    let mut items = client.paginate(r).items();
    let mut seen = 0;
    while let Some(item) = items.next().await {
        black_box(item.unwrap());
        seen += 1;
    }
    seen
}

fn pages(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mock = Mock::new();
    mock.on::<ListThings>()
        .pages((0..PAGES * PER_PAGE).map(|i| Thing {
            id: format!("thing-{i}"),
            name: format!("name {i}"),
            cpu: 2,
        }));
    let client = mock.client().build().unwrap();
    assert_eq!(rt.block_on(by_hand(&client)), 100);
    assert_eq!(rt.block_on(by_paginator(&client)), 100);
    let mut group = c.benchmark_group("ten_pages");
    group.bench_function("send_loop", |b| {
        b.iter(|| {
            mock.clear_calls();
            black_box(rt.block_on(by_hand(&client)))
        })
    });
    group.bench_function("paginate_items", |b| {
        b.iter(|| {
            mock.clear_calls();
            black_box(rt.block_on(by_paginator(&client)))
        })
    });
    group.finish();
}

criterion_group!(benches, pages);
criterion_main!(benches);
