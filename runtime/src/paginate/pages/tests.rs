use proptest::prelude::*;

use super::*;

/// A model of a collection read page by page: the stop rule must read every item once and
/// stop, whatever the sizes.
fn walk(kind: Kind, len: u64, size: u64, with_total: bool) -> Result<(u64, u64), String> {
    let mut cursor = Cursor::new(kind, None, Some(size), None);
    let mut position = match kind {
        Kind::Page { first } => first,
        _ => 0,
    };
    let mut token: Option<String> = None;
    let mut read = 0;
    let mut pages = 0;
    loop {
        pages += 1;
        assert!(
            pages <= len + 2,
            "{kind:?} len {len} size {size}: too many pages"
        );
        let start = match kind {
            Kind::Offset => position,
            Kind::Page { first } => (position - first) * size,
            _ => token.as_deref().map_or(0, |t| t.parse().unwrap()),
        };
        let end = (start + size).min(len);
        let count = end.saturating_sub(start);
        read += count;
        let next_token = (end < len).then(|| end.to_string());
        let total = with_total.then_some(len);
        match cursor.after_page(count as usize, total, next_token.as_deref())? {
            Next::Stop => return Ok((read, pages)),
            Next::Position(p) => position = p,
            Next::Token(t) => token = Some(t),
        }
    }
}

proptest! {
    #[test]
    fn stop_rule_reads_every_item_once(len in 0u64..200, size in 1u64..40, with_total: bool) {
        for kind in [Kind::Offset, Kind::Page { first: 1 }, Kind::Page { first: 0 }, Kind::Token] {
            let (read, pages) = walk(kind, len, size, with_total).unwrap();
            prop_assert_eq!(read, len, "{:?}", kind);
            // At most one extra (empty) page, only when the last page is exactly full and
            // nothing says it is the last.
            let full = len.div_ceil(size).max(1);
            prop_assert!(pages == full || pages == full + 1, "{:?}: {} pages for {}", kind, pages, full);
            if with_total || kind == Kind::Token || len % size != 0 || len == 0 {
                prop_assert_eq!(pages, full, "{:?}", kind);
            }
        }
    }

    #[test]
    fn stop_rule_ends_on_a_shrinking_total(size in 1u64..20, pages_before in 1u64..5, shrink_to in 0u64..50, last in 0u64..20) {
        let mut cursor = Cursor::new(Kind::Offset, None, Some(size), None);
        let mut offset = 0;
        for _ in 0..pages_before {
            match cursor.after_page(size as usize, Some(1000), None).unwrap() {
                Next::Position(p) => offset = p,
                other => panic!("{other:?}"),
            }
        }
        // The total shrank below what the pages showed: a short page ends the stream, a
        // full one asks for one more page, and that one (empty or short) ends it.
        let shrunk = shrink_to.min(offset);
        let next = cursor.after_page(size as usize, Some(shrunk), None).unwrap();
        prop_assert_eq!(next, Next::Position(offset + size));
        let last = last.min(size - 1);
        prop_assert_eq!(cursor.after_page(last as usize, Some(shrunk), None).unwrap(), Next::Stop);
    }
}

#[test]
fn a_repeated_token_is_an_error_not_a_loop() {
    let mut cursor = Cursor::new(Kind::Token, None, Some(2), Some("a"));
    assert_eq!(
        cursor.after_page(2, None, Some("b")),
        Ok(Next::Token("b".into()))
    );
    let e = cursor.after_page(2, None, Some("a")).unwrap_err();
    assert!(e.contains("\"a\" again"), "{e}");
}

#[test]
fn a_missing_total_read_as_zero_loses_no_item() {
    // The response left `TotalCount` out: it reads as 0, which the full page contradicts.
    let mut c = Cursor::new(Kind::Offset, None, Some(10), None);
    assert_eq!(c.after_page(10, Some(0), None), Ok(Next::Position(10)));
    assert_eq!(c.after_page(10, Some(0), None), Ok(Next::Position(20)));
    assert_eq!(c.after_page(3, Some(0), None), Ok(Next::Stop));
    let mut c = Cursor::new(Kind::Page { first: 1 }, None, Some(10), None);
    assert_eq!(c.after_page(10, Some(0), None), Ok(Next::Position(2)));
    assert_eq!(c.after_page(0, Some(0), None), Ok(Next::Stop));
}

#[test]
fn a_short_page_ends_without_a_total_and_not_with_one() {
    let mut c = Cursor::new(Kind::Offset, None, Some(10), None);
    assert_eq!(c.after_page(4, None, None), Ok(Next::Stop));
    let mut c = Cursor::new(Kind::Offset, None, Some(10), None);
    // The server capped the page below the size asked for: the total says there is more.
    assert_eq!(c.after_page(4, Some(9), None), Ok(Next::Position(4)));
    assert_eq!(c.after_page(4, Some(9), None), Ok(Next::Position(8)));
    assert_eq!(c.after_page(1, Some(9), None), Ok(Next::Stop));
}

#[test]
fn a_page_walk_started_past_the_first_page_counts_the_pages_before() {
    let mut c = Cursor::new(Kind::Page { first: 1 }, Some(3), Some(10), None);
    // Pages 1 and 2 (20 items) come before; 25 in all: page 3 holds the last 5.
    assert_eq!(c.after_page(5, Some(25), None), Ok(Next::Stop));
    let mut c = Cursor::new(Kind::Page { first: 1 }, Some(2), Some(10), None);
    assert_eq!(c.after_page(10, Some(25), None), Ok(Next::Position(3)));
    assert_eq!(c.after_page(5, Some(25), None), Ok(Next::Stop));
}

#[cfg(feature = "mock")]
mod against_the_mock;
