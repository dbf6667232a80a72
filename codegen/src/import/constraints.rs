//! Structured constraints read out of English prose, keeping only unambiguous statements
//! (Chinese prose is read by [`super::constraints_zh`] with the same rules).
//!
//! Each kind is extracted from a fixed set of phrasings. A statement that is stated twice
//! with different figures, hedged ("recommended", "bytes", "Chinese characters"), half-open
//! or mixed with other figures in the same sentence yields nothing: a wrong constraint would
//! reject valid requests, a missing one only leaves the check to the server.

use std::sync::LazyLock;

use regex_lite::{Captures, Regex};

/// What a member holds, as far as constraints care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A `String` (not a date or time).
    Str,
    /// An integer (`Int64`).
    Int,
    /// A non-negative integer (`UInt64`).
    UInt,
    /// A `Float`.
    Float,
    /// Anything else (booleans, dates, objects).
    Other,
}

/// A number in a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// Integral.
    Int(i64),
    /// With a fraction.
    Float(f64),
}

impl Num {
    pub(super) fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Num::Int(i) => write!(f, "{i}"),
            Num::Float(x) => write!(f, "{x:?}"),
        }
    }
}

/// A number compared by value (`10` equals `10.0`).
#[derive(Debug, Clone, Copy)]
struct OrdNum(Num);

impl PartialEq for OrdNum {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_f64() == other.0.as_f64()
    }
}

/// Inclusive bounds; either may be open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds<T> {
    /// Lower bound.
    pub min: Option<T>,
    /// Upper bound.
    pub max: Option<T>,
}

/// The constraints found for one member.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Length of a string in characters.
    pub length: Option<Bounds<u64>>,
    /// ASCII characters only.
    pub ascii: bool,
    /// Number of list items.
    pub items: Option<Bounds<u64>>,
    /// Value of a number.
    pub range: Option<Bounds<Num>>,
    /// Closed list of string values.
    pub enumeration: Option<Vec<String>>,
    /// Rust name of the enum, when the default one is taken (set by the importer, not read from prose).
    pub enum_name: Option<String>,
    /// Rust variants of values whose default variant collides (value → variant; set by the
    /// importer, `names::distinct_enum_variants`).
    pub enum_variants: Vec<(String, String)>,
    /// The documented default value (documentation only; not a constraint).
    pub default: Option<String>,
    /// The documented unit (documentation only; not a constraint).
    pub unit: Option<String>,
}

impl Constraints {
    /// Whether no constraint was found (a default or unit alone is no constraint).
    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// How many kinds of constraint are set.
    pub fn count(&self) -> usize {
        usize::from(self.length.is_some())
            + usize::from(self.ascii)
            + usize::from(self.items.is_some())
            + usize::from(self.range.is_some())
            + usize::from(self.enumeration.is_some())
    }

    /// Unites the constraints read from several texts of one member (the first text's
    /// first): each kind that one text states is kept when no other text contradicts it.
    /// Bounds agree when no bound is given twice with different figures (`max 64` and
    /// `1 to 64` unite to `1 to 64`); enumerations agree when one holds all values of the
    /// other (the larger is kept: a set that documents a newer value is not contradicted by
    /// one that does not). Returns the result and how many kinds were dropped as contradicted.
    pub fn unite(all: Vec<Constraints>) -> (Constraints, usize) {
        let mut out = Constraints::default();
        let mut dropped = 0;
        fn bounds<T: PartialEq + Copy>(
            all: impl Iterator<Item = Bounds<T>>,
            dropped: &mut usize,
        ) -> Option<Bounds<T>> {
            let mut acc: Option<Bounds<T>> = None;
            for b in all {
                let Some(a) = acc.as_mut() else {
                    acc = Some(b);
                    continue;
                };
                let pick = |x: Option<T>, y: Option<T>| match (x, y) {
                    (Some(x), Some(y)) if x != y => Err(()),
                    (x, y) => Ok(x.or(y)),
                };
                match (pick(a.min, b.min), pick(a.max, b.max)) {
                    (Ok(min), Ok(max)) => *a = Bounds { min, max },
                    _ => {
                        *dropped += 1;
                        return None;
                    }
                }
            }
            acc
        }
        out.length = bounds(all.iter().filter_map(|c| c.length), &mut dropped);
        out.items = bounds(all.iter().filter_map(|c| c.items), &mut dropped);
        let ranges: Vec<Bounds<Num>> = all.iter().filter_map(|c| c.range).collect();
        // Numbers compare by value: `10` and `10.0` are one bound.
        out.range = bounds(
            ranges.iter().map(|b| Bounds {
                min: b.min.map(OrdNum),
                max: b.max.map(OrdNum),
            }),
            &mut dropped,
        )
        .map(|b| Bounds {
            min: b.min.map(|n| n.0),
            max: b.max.map(|n| n.0),
        });
        // ASCII-only, when stated, is never contradicted by a text that does not say it.
        out.ascii = all.iter().any(|c| c.ascii);
        if out.ascii && out.length.is_none() && all.iter().any(|c| c.ascii && c.length.is_some()) {
            // The statement that said ASCII gave a length that was contradicted: drop both.
            out.ascii = false;
        }
        let mut values: Option<Vec<String>> = None;
        for v in all.iter().filter_map(|c| c.enumeration.as_ref()) {
            values = match values {
                None => Some(v.clone()),
                Some(have) if v.iter().all(|x| have.contains(x)) => Some(have),
                Some(have) if have.iter().all(|x| v.contains(x)) => {
                    let mut more = have.clone();
                    more.extend(v.iter().filter(|x| !have.contains(x)).cloned());
                    Some(more)
                }
                Some(_) => {
                    dropped += 1;
                    values = None;
                    break;
                }
            };
        }
        out.enumeration = values;
        // Defaults and units: the first text's, unless another says otherwise.
        for (slot, get) in [
            (
                &mut out.default,
                (|c: &Constraints| c.default.clone()) as fn(&Constraints) -> Option<String>,
            ),
            (&mut out.unit, |c: &Constraints| c.unit.clone()),
        ] {
            let found: Vec<String> = all.iter().filter_map(get).collect();
            *slot = unique(found.iter().map(String::as_str)).map(str::to_owned);
        }
        (out, dropped)
    }

    /// Drops each constraint the documented example value breaks (the prose or the example
    /// is wrong; either way the constraint is not trustworthy). Returns how many were dropped.
    pub fn drop_contradicted(&mut self, example: &str, is_list: bool) -> usize {
        if is_list || example.is_empty() {
            return 0;
        }
        self.drop_broken_by(example)
    }

    /// Drops each constraint of a scalar that `value` breaks (an empty string included).
    fn drop_broken_by(&mut self, example: &str) -> usize {
        let mut dropped = 0;
        let chars = example.chars().count() as u64;
        if self
            .length
            .is_some_and(|b| b.min.is_some_and(|m| chars < m) || b.max.is_some_and(|m| chars > m))
        {
            self.length = None;
            dropped += 1;
        }
        if self.ascii && !example.is_ascii() {
            self.ascii = false;
            dropped += 1;
        }
        if matches!(
            (self.range, example.trim().parse::<f64>()),
            (Some(b), Ok(v)) if b.min.is_some_and(|m| v < m.as_f64()) || b.max.is_some_and(|m| v > m.as_f64())
        ) {
            self.range = None;
            dropped += 1;
        }
        if self
            .enumeration
            .as_ref()
            .is_some_and(|values| !values.iter().any(|v| v == example))
        {
            self.enumeration = None;
            dropped += 1;
        }
        dropped
    }

    /// Drops each constraint a value of a documented request example breaks: the item count
    /// of a list, then every scalar (each item of a list) as [`Self::drop_contradicted`] does.
    /// Values of other shapes (objects, `null`, booleans) say nothing about these constraints.
    pub fn drop_contradicted_value(&mut self, value: &serde_json::Value, is_list: bool) -> usize {
        use serde_json::Value;
        let scalar = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let mut dropped = 0;
        match (value, is_list) {
            (Value::Array(items), true) => {
                let n = items.len() as u64;
                if self
                    .items
                    .is_some_and(|b| b.min.is_some_and(|m| n < m) || b.max.is_some_and(|m| n > m))
                {
                    self.items = None;
                    dropped += 1;
                }
                for item in items.iter().filter_map(scalar) {
                    dropped += self.drop_broken_by(&item);
                }
            }
            (v, false) => {
                if let Some(text) = scalar(v) {
                    dropped += self.drop_broken_by(&text);
                }
            }
            _ => {}
        }
        dropped
    }
}

/// Reads constraints from a description. `markdown` is the description after
/// [`super::markdown::to_markdown`]; `plain` is the same through [`super::markdown::plain`].
pub fn extract(markdown: &str, plain: &str, shape: Shape, is_list: bool) -> Constraints {
    let mut c = Constraints::default();
    if plain.is_empty() {
        return c;
    }
    let lower = plain.to_lowercase();
    if is_list {
        c.items = items(plain, &lower);
    } else {
        match shape {
            Shape::Str => {
                c.length = length(plain, &lower);
                c.ascii = ascii(plain, &lower);
            }
            Shape::Int | Shape::UInt | Shape::Float => c.range = range(plain, &lower, shape),
            Shape::Other => {}
        }
    }
    if shape == Shape::Str {
        c.enumeration = enumeration(markdown, &lower);
    }
    c
}

/// A count with optional thousands separators, e.g. `10,000`.
const COUNT: &str = r"(\d{1,3}(?:,\d{3})+|\d+)";

fn count(s: &str) -> Option<u64> {
    s.replace(',', "").parse().ok()
}

static P: LazyLock<Patterns> = LazyLock::new(Patterns::new);

struct Patterns {
    len_span: Regex,
    len_max: Regex,
    len_between: Regex,
    len_max_bare: Regex,
    ascii_only: Regex,
    items_both: Regex,
    items_max: Regex,
    items_between: Regex,
    range_bracket: Regex,
    range_span: Regex,
    range_between: Regex,
    range_max: Regex,
    range_min: Regex,
    enum_lead: Regex,
    enum_phrase: Regex,
    default_value: Regex,
    ident: Regex,
    inline_part: Regex,
    item_line: Regex,
}

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("pattern {s}: {e}"))
}

impl Patterns {
    fn new() -> Patterns {
        let c = COUNT;
        let dash = r"\s*(?:-|–|—|~|to)\s*";
        Patterns {
            // "It should contain 1 to 256 ASCII characters", "The length is 1-50 characters", "Length 1-40".
            len_span: re(&format!(
                r"(?i)(?:\b(?:contain|contains|containing|consist of|consists of|be|is|of|with|has|have|between|range|range:|limit:|limits:|length:?|length is|length of|length is limited to)\s+){c}{dash}{c}(?:\s+((ascii\s+)?characters?)\b|\s*(?:$|[.,;)]))"
            )),
            // "up to 128 characters", "no more than 120 characters", "maximum length of 64 ASCII characters".
            len_max: re(&format!(
                r"(?i)\b(?:up to|no more than|not more than|not longer than|not exceed|cannot exceed|can't exceed|can not exceed|must not exceed|should not exceed|shall not exceed|does not exceed|do not exceed|not to exceed|at most|a maximum of|maximum of|maximum length of|maximum length is|maximum length:|max length:|max length of|max length is|length limit:|length limit of|limited to|is limited to)\s+{c}\s+(ascii\s+)?characters?\b"
            )),
            // "with a length between 8 and 20 characters".
            len_between: re(&format!(
                r"(?i)\bbetween {c} and {c}\s+(ascii\s+)?characters?\b"
            )),
            // "Maximum length: 64", "length limit: 64" (no unit).
            len_max_bare: re(&format!(
                r"(?i)\b(?:maximum length|max length|length limit)\s*(?::|is|of)\s*{c}\s*(?:$|[.,;)\n])"
            )),
            ascii_only: re(
                r"(?i)\bascii characters? only\b|\bonly (?:printable |visible )?ascii characters?\b|\b(?:supports?|contains?|contain) only (?:printable |visible )?ascii\b",
            ),
            // "At least 1 ID and up to 25 IDs", "Input limits: at least 1, up to 50".
            items_both: re(&format!(
                r"(?i)\bat least {c}\b[^.;\n]{{0,60}}?\bup to {c}(?:\s+([a-z][\w-]*))?"
            )),
            // "Up to 50 tags", "A maximum of 100 IDs".
            items_max: re(&format!(
                r"(?i)\b(?:up to|a maximum of|at most)\s+{c}(?:\s+([a-z][\w-]*))?"
            )),
            // "The array length must be between 2 and 8", "number between 1 and 10".
            items_between: re(&format!(
                r"(?i)\b(?:array length|list length|length of the (?:array|list)|number of (?:elements|items|entries)|limit on the number)\s+(?:must be |should be |is )?between {c} and {c}\b"
            )),
            range_bracket: re(
                r"(?i)\b(?:value range|valid range|range|valid values?|values?)(?:\s+(?:is|are))?\s*[:：]?\s*\[\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]",
            ),
            range_span: re(&format!(
                r"(?i)\b(?:value range|valid range|range|valid values?|values?|value)(?:\s+(?:is|are))?\s*(?::|：|\bis\b|\bare\b)?\s*(?:from\s+)?(-?{c}(?:\.\d+)?){dash}(-?{c}(?:\.\d+)?)"
            )),
            range_between: re(r"(?i)\bbetween (-?\d+(?:\.\d+)?) and (-?\d+(?:\.\d+)?)"),
            range_max: re(
                r"(?i)\b(?:maximum|max\.?) value(?:\s+is)?\s*[:：]?\s*(-?\d+(?:\.\d+)?)\s*(?:$|[.,;\n])",
            ),
            range_min: re(
                r"(?i)\b(?:minimum|min\.?) value(?:\s+is)?\s*[:：]?\s*(-?\d+(?:\.\d+)?)\s*(?:$|[.,;\n])",
            ),
            enum_lead: re(
                r"(?i)(\w+\s+)?\b(?:valid values?|optional values?|possible values?|enumerated values?|parameter values?|values?|value range)\s*(?:are|include|includes)?\s*[:：]",
            ),
            enum_phrase: re(
                r"(?i)\b(?:valid|optional|possible|enumerated|enumeration|available|parameter) values?\b",
            ),
            default_value: re(
                r"(?i)\bdefault(?: value)?(?:\s+is|\s*[:：])\s*`?([A-Za-z0-9_][A-Za-z0-9_.\-/+]*)`?",
            ),
            ident: re(r"^[A-Za-z0-9_][A-Za-z0-9_.\-/+]*$"),
            inline_part: re(r"^(`[^`]+`|[A-Za-z0-9_][A-Za-z0-9_.\-/+]*)(?:\s*\([^()]*\))?$"),
            item_line: re(
                r"^(?:[-*]|\d+\.)\s+(`[^`]+`|[A-Za-z0-9_][A-Za-z0-9_.\-/+]*)\s*(?:$|[:：(（=,;，]|-\s|–|—)",
            ),
        }
    }
}

/// Words that mark a length as not in characters, or counted in a way we cannot check.
const LENGTH_HEDGES: &[&str] = &[
    "chinese",
    "byte",
    "english character",
    "width",
    "each character",
    "utf",
    "kanji",
    "double-",
];

/// Agrees one value over all candidates, or gives up.
pub(super) fn unique<T: PartialEq + Copy>(found: impl IntoIterator<Item = T>) -> Option<T> {
    let mut it = found.into_iter();
    let first = it.next()?;
    it.all(|x| x == first).then_some(first)
}

fn length(plain: &str, lower: &str) -> Option<Bounds<u64>> {
    if !lower.contains("character") && !lower.contains("length") {
        return None;
    }
    if LENGTH_HEDGES.iter().any(|h| lower.contains(h)) {
        return None;
    }
    let mut found = Vec::new();
    for cap in P.len_span.captures_iter(plain) {
        let (Some(a), Some(b)) = (count(&cap[1]), count(&cap[2])) else {
            return None;
        };
        // A bare "1-50" only counts after a word that says it is a length.
        let lead = cap.get(0).map_or("", |m| m.as_str()).to_lowercase();
        if cap.get(3).is_none() && !lead.contains("length") && !lead.contains("limit") {
            continue;
        }
        if a > b {
            return None;
        }
        found.push(Bounds {
            min: (a > 0).then_some(a),
            max: Some(b),
        });
    }
    for cap in P.len_between.captures_iter(plain) {
        let (Some(a), Some(b)) = (count(&cap[1]), count(&cap[2])) else {
            return None;
        };
        if a > b {
            return None;
        }
        found.push(Bounds {
            min: (a > 0).then_some(a),
            max: Some(b),
        });
    }
    for cap in P
        .len_max
        .captures_iter(plain)
        .chain(P.len_max_bare.captures_iter(plain))
    {
        found.push(Bounds {
            min: None,
            max: Some(count(&cap[1])?),
        });
    }
    unique(found)
}

fn ascii(plain: &str, lower: &str) -> bool {
    if !lower.contains("ascii") || lower.contains("non-ascii") || lower.contains("not ascii") {
        return false;
    }
    P.ascii_only.is_match(plain)
        || P.len_span.captures_iter(plain).any(|c| c.get(4).is_some())
        || P.len_between
            .captures_iter(plain)
            .any(|c| c.get(3).is_some())
        || P.len_max.captures_iter(plain).any(|c| c.get(2).is_some())
}

/// Nouns after "up to N" that are units, not list items.
const UNITS: &[&str] = &[
    "character",
    "characters",
    "byte",
    "bytes",
    "kb",
    "mb",
    "gb",
    "tb",
    "px",
    "pixel",
    "pixels",
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "ms",
    "time",
    "times",
    "digit",
    "digits",
    "decimal",
    "letters",
    "letter",
    "level",
    "levels",
    "mbps",
    "kbps",
    "gbps",
    "chinese",
    "english",
    "percent",
    "m",
    "k",
    "w",
    "s",
    "h",
    "d",
    "concurrent",
    "decimals",
    "words",
    "word",
    "lines",
    "line",
    "qps",
    "requests",
    "calls",
    "layers",
    "frames",
    "fps",
    "db",
    "cores",
    "core",
    "vcpu",
    "vcpus",
    "mib",
    "gib",
    "kib",
    "tib",
    "hz",
    "khz",
    "bits",
    "bit",
    "ascii",
    "x",
    "cm",
    "mm",
    "km",
    "degrees",
    "places",
];

fn is_unit(word: Option<regex_lite::Match<'_>>) -> bool {
    word.is_some_and(|w| UNITS.contains(&w.as_str().to_lowercase().as_str()))
}

/// The sentence around byte offset `at`: from the previous sentence end to the next.
fn sentence_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '.' | ';' | '\n' | '。'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..at]
}

fn items(plain: &str, lower: &str) -> Option<Bounds<u64>> {
    if !(lower.contains("up to")
        || lower.contains("maximum of")
        || lower.contains("at most")
        || lower.contains("between"))
    {
        return None;
    }
    // "N starts from 0, with a maximum of 19" counts indexes, not items.
    if [
        "starts from 0",
        "start from 0",
        "starting from 0",
        "starts at 0",
    ]
    .iter()
    .any(|h| lower.contains(h))
    {
        return None;
    }
    let mut found = Vec::new();
    let mut spans = Vec::new();
    for cap in P.items_both.captures_iter(plain) {
        if is_unit(cap.get(3)) {
            return None;
        }
        let (min, max) = (count(&cap[1])?, count(&cap[2])?);
        if min > max {
            return None;
        }
        found.push(Bounds {
            min: (min > 0).then_some(min),
            max: Some(max),
        });
        spans.push(cap.get(0).map_or(0..0, |m| m.range()));
    }
    for cap in P.items_max.captures_iter(plain) {
        let whole = cap.get(0).map_or(0..0, |m| m.range());
        if spans
            .iter()
            .any(|s| s.start <= whole.start && whole.end <= s.end + 1)
        {
            continue;
        }
        if is_unit(cap.get(2)) {
            continue;
        }
        let before = sentence_before(plain, whole.start).to_lowercase();
        if ["each ", "every ", "per ", "single "]
            .iter()
            .any(|w| before.contains(w))
        {
            return None;
        }
        found.push(Bounds {
            min: None,
            max: Some(count(&cap[1])?),
        });
    }
    for cap in P.items_between.captures_iter(plain) {
        let (min, max) = (count(&cap[1])?, count(&cap[2])?);
        if min > max {
            return None;
        }
        found.push(Bounds {
            min: (min > 0).then_some(min),
            max: Some(max),
        });
    }
    unique(found)
}

fn parse_num(s: &str, shape: Shape) -> Option<Num> {
    let s = s.replace(',', "");
    let n = if s.contains('.') {
        if shape != Shape::Float {
            return None;
        }
        Num::Float(s.parse().ok()?)
    } else {
        Num::Int(s.parse().ok()?)
    };
    if shape == Shape::UInt && n.as_f64() < 0.0 {
        return None;
    }
    Some(n)
}

/// What follows a range must not continue it with more figures ("1-3, 5", "0 and [1, 100]").
fn tail_is_clean(rest: &str) -> bool {
    let rest = rest.trim_start();
    let sentence_end = rest.find(['\n', ';', '。']).unwrap_or(rest.len());
    let sentence = &rest[..sentence_end];
    let sentence = match sentence.find(". ") {
        Some(i) => &sentence[..i],
        None => sentence,
    };
    if rest.starts_with(['%', '.']) && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    static MORE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)^(?:,|，|\band\b|\bor\b|\)|\])\s*[\[(]?\s*-?\d|\d\s*(?:-|–|~|\bto\b)\s*-?\d")
    });
    !MORE.is_match(sentence) && !sentence.starts_with(|c: char| c.is_ascii_digit())
}

fn range(plain: &str, lower: &str, shape: Shape) -> Option<Bounds<Num>> {
    if !(lower.contains("value") || lower.contains("range") || lower.contains("between")) {
        return None;
    }
    let mut found: Vec<Bounds<Num>> = Vec::new();
    if lower.contains("related to") {
        return None;
    }
    let mut push = |cap: &Captures<'_>, a: usize, b: usize| -> Option<()> {
        let start = cap.get(0).map_or(0, |m| m.start());
        let before = sentence_before(plain, start).to_lowercase();
        // A range that holds only under a condition is not the member's range.
        if before.contains("when ") || before.contains("if ") {
            return None;
        }
        let end = cap.get(0).map_or(0, |m| m.end());
        if !tail_is_clean(&plain[end..]) {
            return None;
        }
        let (lo, hi) = (parse_num(&cap[a], shape)?, parse_num(&cap[b], shape)?);
        if lo.as_f64() > hi.as_f64() {
            return None;
        }
        found.push(Bounds {
            min: Some(lo),
            max: Some(hi),
        });
        Some(())
    };
    for cap in P.range_bracket.captures_iter(plain) {
        let lead = cap.get(0).map_or("", |m| m.as_str()).to_lowercase();
        if !lead.contains("range") {
            return None;
        }
        push(&cap, 1, 2)?;
    }
    for cap in P.range_span.captures_iter(plain) {
        let start = cap.get(0).map_or(0, |m| m.start());
        let before = sentence_before(plain, start).to_lowercase();
        if before.ends_with("default ") || before.ends_with("example ") || before.contains("length")
        {
            return None;
        }
        // "valid values: 0-disabled" is no range: the second figure must not lead into a word.
        let end = cap.get(0).map_or(0, |m| m.end());
        if plain[end..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '-') {
            return None;
        }
        push(&cap, 1, 3)?;
    }
    for cap in P.range_between.captures_iter(plain) {
        let start = cap.get(0).map_or(0, |m| m.start());
        let end = cap.get(0).map_or(0, |m| m.end());
        let before = sentence_before(plain, start).to_lowercase();
        let after = plain[end..].trim_start().to_lowercase();
        if before.contains("length") || after.starts_with("character") || after.starts_with("byte")
        {
            return None;
        }
        push(&cap, 1, 2)?;
    }
    let mut min_only = Vec::new();
    let mut max_only = Vec::new();
    for cap in P.range_max.captures_iter(plain) {
        max_only.push(parse_num(&cap[1], shape)?);
    }
    for cap in P.range_min.captures_iter(plain) {
        min_only.push(parse_num(&cap[1], shape)?);
    }
    let (lo, hi) = (
        unique(min_only.iter().copied()),
        unique(max_only.iter().copied()),
    );
    if (lo.is_none() && !min_only.is_empty()) || (hi.is_none() && !max_only.is_empty()) {
        return None;
    }
    match unique(found.iter().copied()) {
        Some(b) => {
            // A separate "Maximum value" must agree with the range.
            if lo.is_some_and(|l| Some(l) != b.min) || hi.is_some_and(|h| Some(h) != b.max) {
                return None;
            }
            Some(b)
        }
        None if found.is_empty() && (lo.is_some() || hi.is_some()) => {
            if matches!((lo, hi), (Some(l), Some(h)) if l.as_f64() > h.as_f64()) {
                return None;
            }
            Some(Bounds { min: lo, max: hi })
        }
        None => None,
    }
}

/// Words that, as a value, mean the list is prose rather than identifiers.
const NOT_VALUES: &[&str] = &[
    "etc", "e.g", "eg", "empty", "null", "none", "blank", "such", "example", "other", "others",
    "see",
];

fn enumeration(markdown: &str, lower: &str) -> Option<Vec<String>> {
    // Values of each binary bit ("Each binary bit represents ...") are not values of the whole.
    if !lower.contains("value") || lower.contains("binary bit") || lower.contains("each bit") {
        return None;
    }
    let text = markdown.replace("**", "");
    let leads: Vec<_> = P
        .enum_lead
        .captures_iter(&text)
        .filter(|c| {
            let word = c
                .get(1)
                .map_or(String::new(), |w| w.as_str().trim().to_lowercase());
            !matches!(
                word.as_str(),
                "default"
                    | "return"
                    | "returned"
                    | "example"
                    | "initial"
                    | "recommended"
                    | "maximum"
                    | "minimum"
                    | "max"
                    | "min"
                    | "sample"
                    | "the"
                    | "its"
                    | "this"
                    | "that"
                    | "input"
                    | "output"
                    | "original"
                    | "current"
                    | "new"
                    | "old"
            )
        })
        .collect();
    if leads.len() != 1 || P.enum_phrase.find_iter(&text).count() > 1 {
        return None;
    }
    let after = &text[leads[0].get(0)?.end()..];
    let values = if after.trim_start_matches([' ', '\t']).starts_with('\n')
        || after.trim_start().starts_with("- ")
    {
        list_values(after)?
    } else {
        inline_values(after)?
    };
    if values.len() < 2 {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    if !values.iter().all(|v| seen.insert(v.as_str())) {
        return None;
    }
    // A documented default outside the list means the list is not complete.
    for cap in P.default_value.captures_iter(&text) {
        let d = cap[1].trim_end_matches('.');
        if !values.iter().any(|v| v == d) && !d.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    Some(values)
}

fn strip_ticks(s: &str) -> &str {
    s.strip_prefix('`')
        .and_then(|s| s.strip_suffix('`'))
        .unwrap_or(s)
}

fn acceptable(value: &str) -> bool {
    P.ident.is_match(value) && !NOT_VALUES.contains(&value.to_lowercase().as_str())
}

/// Values of a Markdown list right after the lead: every item must start with a value.
fn list_values(after: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut ticked = None;
    for line in after.trim_start().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if line.starts_with(' ') {
            continue; // continuation of the previous item
        }
        if !(line.starts_with("- ")
            || line.starts_with("* ")
            || line.starts_with(|c: char| c.is_ascii_digit()))
        {
            break;
        }
        let cap = P.item_line.captures(line)?;
        let raw = &cap[1];
        let is_ticked = raw.starts_with('`');
        if *ticked.get_or_insert(is_ticked) != is_ticked {
            return None;
        }
        // An unticked item may end its sentence: `<li>Node.</li>` is the value `Node`.
        let value = if is_ticked {
            strip_ticks(raw)
        } else {
            raw.trim_end_matches('.')
        };
        if !acceptable(value) {
            return None;
        }
        values.push(value.to_owned());
    }
    Some(values)
}

/// Values written inline after the lead, up to the end of the sentence.
fn inline_values(after: &str) -> Option<Vec<String>> {
    let line = after.trim_start().lines().next().unwrap_or("");
    // The sentence ends at ". " or a final "." (values may contain dots: `1.0`, `a.b`).
    let mut end = line.len();
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'.' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            end = i;
            break;
        }
    }
    let sentence = line[..end].trim();
    if sentence.is_empty() || sentence.contains("e.g") || sentence.contains(':') {
        return None;
    }
    static SEP: LazyLock<Regex> =
        LazyLock::new(|| re(r"\s*(?:,|;|、|，|\|)\s*(?:and\s+|or\s+)?|\s+(?:or|and)\s+|\s*/\s+"));
    let mut values = Vec::new();
    let mut ticked = None;
    for part in SEP.split(sentence) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let cap = P.inline_part.captures(part)?;
        let raw = &cap[1];
        let is_ticked = raw.starts_with('`');
        if *ticked.get_or_insert(is_ticked) != is_ticked {
            return None;
        }
        let value = strip_ticks(raw);
        if !acceptable(value) {
            return None;
        }
        values.push(value.to_owned());
    }
    Some(values)
}
