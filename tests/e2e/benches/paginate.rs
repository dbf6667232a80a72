//! Per-page cost of a paginator: the same 10 pages of 10 items (car
//! `DescribeApplicationProjects`, offset and limit) read by a hand-written loop of
//! `client.send` calls and by `client.paginate(..).items()`, both through the in-process
//! mock (validation, signing, the envelope and JSON decoding run as in production; no
//! network). The difference of the medians, divided by 10, is what the paginator adds per
//! page. `scripts/bench-paginate.sh` runs it and prints the medians.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tcapi::mock::Mock;
use tcapi_car::DescribeApplicationProjectsRequest;
use tcapi_car::types::ApplicationProject;

const PAGES: i64 = 10;
const PER_PAGE: i64 = 10;

fn collection() -> Vec<ApplicationProject> {
    (0..PAGES * PER_PAGE)
        .map(|i| {
            let mut p = ApplicationProject::default();
            p.project_id = Some(format!("cap-{i}"));
            p.name = Some(format!("project {i}"));
            p
        })
        .collect()
}

async fn by_hand(client: &tcapi::Client) -> usize {
    let mut seen = 0;
    let mut offset = 0;
    loop {
        let request = DescribeApplicationProjectsRequest::new()
            .offset(offset)
            .limit(PER_PAGE);
        let page = client.send(request).await.unwrap();
        let n = page.projects.as_ref().map_or(0, Vec::len);
        seen += n;
        offset += n as i64;
        if n == 0 || offset >= page.total.unwrap_or(0) {
            return seen;
        }
    }
}

async fn by_paginator(client: &tcapi::Client) -> usize {
    let request = DescribeApplicationProjectsRequest::new().limit(PER_PAGE);
    let mut items = client.paginate(request).items();
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
    mock.on::<DescribeApplicationProjectsRequest>()
        .pages(collection());
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
