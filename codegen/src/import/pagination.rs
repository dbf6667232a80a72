//! The `pagination` key of imported actions, filled by rule where the rule is unambiguous.
//!
//! Read from the members as they are written (types, constraints and descriptions
//! already converted):
//!
//! - **offset**: input `Offset` and `Limit`, both integers;
//! - **page number**: input `PageNumber`, `Page`, `PageNum`, `PageNo` or `PageIndex` with
//!   `PageSize`, both integers (first page 0 when the page member's description says the
//!   count starts at 0, else 1);
//! - **token**: input `NextToken`, `Context`, `Cursor`, `PageToken`, `Marker` or `ScrollId`,
//!   a `String` without an enumeration, answered by an output `String` of the same name or
//!   `Next<Name>` (`NextMarker`), or `NextToken`; the page size is `Limit`, `MaxResults` or
//!   `PageSize` when the action has one;
//!
//! and, for every kind, exactly one output member that is a list (the items), and at most one
//! integer total among `TotalCount`, `Total`, `TotalNum` and `TotalNumber`. The largest page
//! size is the page-size member's documented `range` maximum. An action that names a paging
//! member but fits no rule (two kinds, no list or several, a total the rule cannot pick, a
//! member of another type) is reported with the reason and left without the key.

use crate::import::emit::Y;

/// A paging member of a request: offset, page or token.
const OFFSET: &str = "Offset";
const PAGES: &[&str] = &["PageNumber", "Page", "PageNum", "PageNo", "PageIndex"];
const TOKENS: &[&str] = &[
    "NextToken",
    "Context",
    "Cursor",
    "PageToken",
    "Marker",
    "ScrollId",
];
const TOKEN_LIMITS: &[&str] = &["Limit", "MaxResults", "PageSize"];
const TOTALS: &[&str] = &["TotalCount", "Total", "TotalNum", "TotalNumber"];

/// What the rule decided for one action.
#[derive(Debug, Clone, PartialEq)]
pub enum Paging {
    /// The action does not page (no paging member).
    None,
    /// The key to write, and its kind (`offset`, `page`, `token`).
    Paged(&'static str, Y),
    /// The action names a paging member but the rule is ambiguous: why.
    Ambiguous(String),
}

fn get<'a>(params: &'a [(String, Y)], name: &str) -> Option<&'a [(String, Y)]> {
    params.iter().find_map(|(k, v)| match v {
        Y::Map(m) if k == name => Some(m.as_slice()),
        _ => None,
    })
}

fn key<'a>(m: &'a [(String, Y)], k: &str) -> Option<&'a Y> {
    m.iter().find(|(n, _)| n == k).map(|(_, v)| v)
}

fn ty(m: &[(String, Y)]) -> &str {
    match key(m, "type") {
        Some(Y::Raw(t) | Y::Str(t)) => t,
        _ => "",
    }
}

fn is_integer(m: &[(String, Y)]) -> bool {
    matches!(ty(m), "Integer" | "Int64" | "UInt64")
}

fn is_text(m: &[(String, Y)]) -> bool {
    ty(m) == "String" && key(m, "enum").is_none()
}

/// The documented maximum of an integer member's `range`.
fn range_max(m: &[(String, Y)]) -> Option<u64> {
    let Some(Y::FlowMap(b)) = key(m, "range") else {
        return None;
    };
    match key(b, "max") {
        Some(Y::Raw(x)) => x.parse().ok().filter(|n| *n >= 1),
        _ => None,
    }
}

fn starts_at_zero(m: &[(String, Y)]) -> bool {
    let Some(Y::Str(d)) = key(m, "description") else {
        return false;
    };
    let d = d.to_lowercase();
    [
        "从0开始",
        "从 0 开始",
        "starts from 0",
        "starting from 0",
        "start from 0",
        "starts at 0",
        "starting at 0",
        "0 indicates the first",
        "0表示第一页",
        "0 表示第一页",
        "0-based",
    ]
    .iter()
    .any(|p| d.contains(p))
}

fn raw(s: &str) -> Y {
    Y::Raw(s.to_owned())
}

/// The list members of `fields` (one level: not lists of lists).
fn lists(fields: &[(String, Y)]) -> Vec<&str> {
    fields
        .iter()
        .filter(
            |(_, v)| matches!(v, Y::Map(m) if ty(m).starts_with('[') && !ty(m).starts_with("[[")),
        )
        .map(|(k, _)| k.as_str())
        .collect()
}

/// The members of a mapping as written: name → value.
type Members = [(String, Y)];

/// Fields of a data type, by its written name.
pub type TypeFields<'a> = dyn Fn(&str) -> Option<&'a [(String, Y)]> + 'a;

/// The rule for one action, from its input and output members as written; `types` gives the
/// fields of the data types (for items one level down, as in `Data.List`).
pub fn infer<'a>(input: &[(String, Y)], output: &[(String, Y)], types: &TypeFields<'a>) -> Paging {
    let has = |n: &str| get(input, n).is_some();
    let offset = has(OFFSET) && has("Limit");
    let page = PAGES.iter().copied().find(|p| has(p) && has("PageSize"));
    let token = TOKENS.iter().copied().find(|t| has(t));
    let kinds = usize::from(offset) + usize::from(page.is_some()) + usize::from(token.is_some());
    if kinds == 0 {
        return Paging::None;
    }
    if kinds > 1 {
        let mut named = Vec::new();
        if offset {
            named.push("Offset/Limit".to_owned());
        }
        if let Some(p) = page {
            named.push(format!("{p}/PageSize"));
        }
        if let Some(t) = token {
            named.push(t.to_owned());
        }
        return Paging::Ambiguous(format!("pages two ways ({})", named.join(", ")));
    }
    // The items: the one list of the response, else the one list of the one data-type
    // member that holds exactly one (`Data.List`).
    let top = lists(output);
    let (items, inner): (String, Option<(&str, &Members)>) = match top.as_slice() {
        [one] => ((*one).to_owned(), None),
        [] => {
            let nested: Vec<(&str, &Members, &str)> = output
                .iter()
                .filter_map(|(k, v)| match v {
                    Y::Map(m) => {
                        let fields = types(ty(m))?;
                        match lists(fields).as_slice() {
                            [one] => Some((k.as_str(), fields, *one)),
                            _ => None,
                        }
                    }
                    _ => None,
                })
                .collect();
            match nested.as_slice() {
                [(member, fields, list)] => (format!("{member}.{list}"), Some((*member, *fields))),
                [] => return Paging::Ambiguous("no list in the response".into()),
                many => {
                    let names: Vec<String> =
                        many.iter().map(|(m, _, l)| format!("{m}.{l}")).collect();
                    return Paging::Ambiguous(format!(
                        "several lists in the response ({})",
                        names.join(", ")
                    ));
                }
            }
        }
        many => {
            return Paging::Ambiguous(format!(
                "several lists in the response ({})",
                many.join(", ")
            ));
        }
    };
    // The total: at the top, else beside the nested items.
    let mut totals: Vec<(String, &[(String, Y)])> = TOTALS
        .iter()
        .filter_map(|t| get(output, t).map(|m| ((*t).to_owned(), m)))
        .collect();
    if totals.is_empty() {
        if let Some((member, fields)) = inner {
            totals = TOTALS
                .iter()
                .filter_map(|t| get(fields, t).map(|m| (format!("{member}.{t}"), m)))
                .collect();
        }
    }
    let total = match totals.as_slice() {
        [] => None,
        [(name, m)] => {
            if !is_integer(m) {
                return Paging::Ambiguous(format!("the total `{name}` is not an integer"));
            }
            Some(name.clone())
        }
        many => {
            let names: Vec<&str> = many.iter().map(|(n, _)| n.as_str()).collect();
            return Paging::Ambiguous(format!("several totals ({})", names.join(", ")));
        }
    };
    let mut key_map = Vec::new();
    let kind;
    let limit;
    if offset {
        kind = "offset";
        for n in [OFFSET, "Limit"] {
            if !get(input, n).is_some_and(is_integer) {
                return Paging::Ambiguous(format!("`{n}` is not an integer"));
            }
        }
        key_map.push(("offset".to_owned(), raw(OFFSET)));
        limit = Some("Limit");
    } else if let Some(p) = page {
        kind = "page";
        for n in [p, "PageSize"] {
            if !get(input, n).is_some_and(is_integer) {
                return Paging::Ambiguous(format!("`{n}` is not an integer"));
            }
        }
        key_map.push(("page".to_owned(), raw(p)));
        limit = Some("PageSize");
    } else {
        kind = "token";
        let Some(t) = token else {
            return Paging::None;
        };
        if !get(input, t).is_some_and(is_text) {
            return Paging::Ambiguous(format!("the token `{t}` is not a plain `String`"));
        }
        let next_name = format!("Next{t}");
        let names = [t, next_name.as_str(), "NextToken"];
        let mut next: Vec<String> = names
            .into_iter()
            .filter(|n| get(output, n).is_some_and(is_text))
            .map(str::to_owned)
            .collect();
        // At the top, else beside the nested items.
        if next.is_empty() {
            if let Some((member, fields)) = inner {
                next = names
                    .into_iter()
                    .filter(|n| get(fields, n).is_some_and(is_text))
                    .map(|n| format!("{member}.{n}"))
                    .collect();
            }
        }
        next.dedup();
        let next = match next.as_slice() {
            [one] => one.clone(),
            [] => {
                return Paging::Ambiguous(format!(
                    "the token `{t}` has no plain `String` in the response (`{t}`, `{next_name}` or `NextToken`)"
                ));
            }
            many => {
                return Paging::Ambiguous(format!(
                    "several next tokens in the response ({})",
                    many.join(", ")
                ));
            }
        };
        key_map.push(("token".to_owned(), raw(t)));
        key_map.push(("next_token".to_owned(), Y::Raw(next)));
        limit = TOKEN_LIMITS
            .iter()
            .copied()
            .find(|l| get(input, l).is_some_and(is_integer));
    }
    if let Some(l) = limit {
        key_map.push(("limit".to_owned(), raw(l)));
    }
    key_map.push(("items".to_owned(), Y::Raw(items)));
    if let Some(t) = total {
        key_map.push(("total".to_owned(), Y::Raw(t)));
    }
    if let Some(max) = limit.and_then(|l| get(input, l)).and_then(range_max) {
        key_map.push(("max_limit".to_owned(), Y::Raw(max.to_string())));
    }
    if kind == "page" && page.and_then(|p| get(input, p)).is_some_and(starts_at_zero) {
        key_map.push(("first_page".to_owned(), raw("0")));
    }
    // Move the kind's own key first: `offset:`/`page:`/`token:` reads as the kind.
    Paging::Paged(kind, Y::Map(key_map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, ty: &str) -> (String, Y) {
        (
            name.to_owned(),
            Y::Map(vec![("type".to_owned(), Y::Raw(ty.to_owned()))]),
        )
    }

    fn no_types(_: &str) -> Option<&'static [(String, Y)]> {
        None
    }

    #[test]
    fn items_one_level_down() {
        let input = vec![member("Offset", "Integer"), member("Limit", "Integer")];
        let output = vec![member("Data", "Page")];
        let fields = vec![member("TotalCount", "Integer"), member("List", "[Item]")];
        let types = |t: &str| (t == "Page").then_some(fields.as_slice());
        let Paging::Paged("offset", Y::Map(m)) = infer(&input, &output, &types) else {
            panic!()
        };
        assert_eq!(key(&m, "items"), Some(&raw("Data.List")));
        assert_eq!(key(&m, "total"), Some(&raw("Data.TotalCount")));
        let tokens = vec![member("NextToken", "String"), member("Limit", "Integer")];
        let fields = vec![member("NextToken", "String"), member("Items", "[Item]")];
        let types = |t: &str| (t == "Page").then_some(fields.as_slice());
        let Paging::Paged("token", Y::Map(m)) = infer(&tokens, &output, &types) else {
            panic!()
        };
        assert_eq!(key(&m, "next_token"), Some(&raw("Data.NextToken")));
        assert_eq!(key(&m, "items"), Some(&raw("Data.Items")));
        let fields = vec![member("TotalCount", "Integer"), member("List", "[Item]")];
        let types = |t: &str| (t == "Page").then_some(fields.as_slice());
        let two = vec![member("A", "Page"), member("B", "Page")];
        assert_eq!(
            infer(&input, &two, &types),
            Paging::Ambiguous("several lists in the response (A.List, B.List)".into())
        );
    }

    #[test]
    fn offset_with_total_and_range() {
        let mut limit = member("Limit", "Integer");
        if let Y::Map(m) = &mut limit.1 {
            m.push((
                "range".into(),
                Y::FlowMap(vec![("min".into(), raw("1")), ("max".into(), raw("100"))]),
            ));
        }
        let input = vec![member("Offset", "Integer"), limit];
        let output = vec![
            member("TotalCount", "Integer"),
            member("InstanceSet", "[Instance]"),
        ];
        let Paging::Paged(kind, Y::Map(m)) = infer(&input, &output, &no_types) else {
            panic!()
        };
        assert_eq!(kind, "offset");
        let keys: Vec<_> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["offset", "limit", "items", "total", "max_limit"]);
        assert_eq!(key(&m, "max_limit"), Some(&raw("100")));
    }

    #[test]
    fn ambiguous_and_not_paged() {
        let input = vec![member("Offset", "Integer"), member("Limit", "Integer")];
        let two = vec![member("A", "[String]"), member("B", "[String]")];
        assert_eq!(
            infer(&input, &two, &no_types),
            Paging::Ambiguous("several lists in the response (A, B)".into())
        );
        assert_eq!(
            infer(&input, &[], &no_types),
            Paging::Ambiguous("no list in the response".into())
        );
        let text = vec![member("Offset", "String"), member("Limit", "Integer")];
        assert_eq!(
            infer(&text, &[member("A", "[String]")], &no_types),
            Paging::Ambiguous("`Offset` is not an integer".into())
        );
        assert_eq!(
            infer(&[member("Limit", "Integer")], &two, &no_types),
            Paging::None
        );
    }

    #[test]
    fn tokens_and_pages() {
        let input = vec![
            member("NextToken", "String"),
            member("MaxResults", "Integer"),
        ];
        let output = vec![member("NextToken", "String"), member("Items", "[Item]")];
        let Paging::Paged("token", Y::Map(m)) = infer(&input, &output, &no_types) else {
            panic!()
        };
        assert_eq!(key(&m, "limit"), Some(&raw("MaxResults")));
        assert_eq!(key(&m, "next_token"), Some(&raw("NextToken")));
        let input = vec![member("Marker", "String")];
        let output = vec![member("NextMarker", "String"), member("Items", "[Item]")];
        assert!(matches!(
            infer(&input, &output, &no_types),
            Paging::Paged("token", _)
        ));

        let mut page = member("PageIndex", "Integer");
        if let Y::Map(m) = &mut page.1 {
            m.push(("description".into(), Y::Str("页码，从0开始".into())));
        }
        let input = vec![page, member("PageSize", "Integer")];
        let output = vec![member("List", "[Item]")];
        let Paging::Paged("page", Y::Map(m)) = infer(&input, &output, &no_types) else {
            panic!()
        };
        assert_eq!(key(&m, "first_page"), Some(&raw("0")));
    }
}
