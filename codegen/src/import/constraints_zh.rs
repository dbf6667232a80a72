//! Structured constraints read out of Chinese prose (the `tccli` set), with the rules of the
//! English reader ([`super::constraints`]): only unambiguous statements count. A statement
//! made under a condition (当…时, 如果, 若), hedged (建议, 一般, 约), counted in bytes or in
//! Chinese characters, stated twice with different figures, or followed by more figures
//! yields nothing; so does a range that a documented special value (`0表示不限制`) or the
//! documented default falls outside of, and an enumeration its documented default is not in.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::constraints::{Bounds, Constraints, Num, Shape, unique};

/// Whether a text is Chinese (holds a CJK ideograph) and so is read by this module.
pub fn is_chinese(text: &str) -> bool {
    text.chars().any(is_han)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The boilerplate of nullable outputs, which says nothing about the value.
const NULL_NOTE: &[&str] = &[
    "注意：此字段可能返回 null，表示取不到有效值。",
    "注意：此字段可能返回 null，表示取不到有效值",
    "此字段可能返回 null，表示取不到有效值。",
    "此字段可能返回 null，表示取不到有效值",
];

/// Full-width punctuation as ASCII, runs of spaces as one, boilerplate removed.
fn normalize(text: &str) -> String {
    let mut s = text.to_owned();
    for n in NULL_NOTE {
        if s.contains(n) {
            s = s.replace(n, "");
        }
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '：' => ':',
            '，' => ',',
            '；' => ';',
            '（' => '(',
            '）' => ')',
            '［' | '【' => '[',
            '］' | '】' => ']',
            '～' | '〜' => '~',
            '－' | '–' | '—' => '-',
            '　' | '\t' | '\u{a0}' => ' ',
            '＜' => '<',
            '＞' => '>',
            '＝' => '=',
            c => c,
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    out
}

/// Sentences: split at 。 ; and line ends (list items are lines).
fn sentences(text: &str) -> Vec<&str> {
    text.split(['。', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A statement under a condition or hedged: its figures are not the member's.
fn is_conditional(sentence: &str) -> bool {
    // A bound on a sum (`Offset + Limit 不超过5000`) is not a bound on the member.
    if sentence.contains('+') || sentence.contains("之和") || sentence.contains("总和") {
        return true;
    }
    static COND: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"当|如果|若[^干]|假如|否则|时,|时:|时 |时$|建议|推荐|一般|通常|大约|左右|示例|例如|比如|如:|举例|参考|不同|以上|以下",
        )
    });
    COND.is_match(sentence)
}

const N: &str = r"(-?\d+(?:\.\d+)?)";
const U: &str = r"(\d+)";

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("pattern {s}: {e}"))
}

struct Patterns {
    range_bracket: Regex,
    range_span: Regex,
    range_between: Regex,
    range_max: Regex,
    range_min: Regex,
    special: Regex,
    len_span: Regex,
    len_span_unit: Regex,
    len_max: Regex,
    len_max_unit: Regex,
    len_within: Regex,
    len_min: Regex,
    items_max: Regex,
    items_count_max: Regex,
    items_within: Regex,
    items_min: Regex,
    items_span: Regex,
    enum_lead: Regex,
    default_value: Regex,
    unit: Regex,
    item_line: Regex,
    inline_part: Regex,
    ident: Regex,
}

static P: LazyLock<Patterns> = LazyLock::new(|| {
    let range_word = r"(?:取值范围|取值区间|可选范围|有效范围|数值范围|范围)";
    let dash = r"\s*(?:~|-|到|至)\s*";
    let max_word = r"(?:不超过|不能超过|不得超过|不可超过|不应超过|不大于|不能大于|小于等于|小于或等于|<=|≤|最大为|最大是|最大|最多为|最多|最长为|最长|上限为|上限是|上限|不多于)";
    Patterns {
        // 取值范围：[1, 3600000]  范围[0~100]
        range_bracket: re(&format!(
            r"{range_word}\s*(?:为|是)?\s*:?\s*\[\s*{N}\s*(?:,|~|-)\s*{N}\s*\]"
        )),
        // 取值范围：1~100  取值范围为 1-65535  范围 0~100
        range_span: re(&format!(
            r"{range_word}\s*(?:为|是|在)?\s*:?\s*{N}{dash}{N}"
        )),
        // 在1到100之间  介于1和100之间
        range_between: re(&format!(
            r"(?:在|介于|为)\s*{N}\s*(?:~|-|到|至|和|与)\s*{N}\s*(?:之间)"
        )),
        // 最大值：100  最大值为100  取值上限为100
        range_max: re(&format!(
            r"(?:最大值|最大取值|取值上限)\s*(?:为|是)?\s*:?\s*{N}|(?:^|[,:])\s*最大\s*(?:为|是)?\s*{N}|{max_word}\s*{N}"
        )),
        range_min: re(&format!(
            r"(?:最小值|最小取值|取值下限)\s*(?:为|是)?\s*:?\s*{N}|(?:不小于|不能小于|不低于|大于等于|大于或等于|>=|≥|最小为)\s*{N}"
        )),
        // 0表示不限制  -1 代表无限制  传0为不限
        special: re(&format!(
            r"{N}\s*(?:表示|代表|为不|即不|时不|:\s*不限|:\s*无限)"
        )),
        // 长度为1~64个字符  长度限制：1-50
        len_span: re(&format!(
            r"(?:长度|字符长度|字符数|字符串长度)\s*(?:限制|范围)?\s*(?:为|是|在)?\s*:?\s*{U}{dash}{U}"
        )),
        // 1~64个字符  8-16位
        len_span_unit: re(&format!(r"{U}{dash}{U}\s*(?:个)?\s*(?:字符|位)")),
        // 长度不超过256  最大长度：255  长度上限为64
        len_max: re(&format!(
            r"(?:长度|字符长度|字符数|字符串长度|最大长度|长度上限|长度限制)\s*(?:为|是)?\s*:?\s*{max_word}?\s*{U}"
        )),
        // 不超过60个字符  最多32个字符
        len_max_unit: re(&format!(
            r"(?:{max_word}|限制为|限制)\s*{U}\s*(?:个)?\s*(?:字符|位字符)"
        )),
        // 200个字符以内
        len_within: re(&format!(r"{U}\s*(?:个)?\s*字符\s*(?:以内|之内|内)")),
        // 长度不小于5位  至少8个字符
        len_min: re(&format!(
            r"(?:长度(?:不小于|不少于|不低于|至少|最少|大于等于)|至少|最少|不少于)\s*{U}\s*(?:个)?\s*(?:字符|位)"
        )),
        // 最多支持25个  最多可填写20个  最大支持100个
        items_max: re(&format!(
            r"(?:最多|至多|最大|上限为|上限是|上限)\s*(?:支持|可以|可|能|允许|只能|仅支持)?\s*(?:传入|输入|填写|指定|包含|选择|添加|绑定|设置|配置|查询|提交|传|填|选|同时)?\s*{U}\s*(个|条|项|组|种|块|台|张|份)?"
        )),
        // 数量上限为10  数组长度不超过50  个数最多20
        items_count_max: re(&format!(
            r"(?:数量|个数|数组长度|列表长度|元素个数|条数)\s*(?:上限|限制|最多|最大|范围)?\s*(?:为|是)?\s*:?\s*{max_word}?\s*{U}\s*(个|条|项)?"
        )),
        // 100个以内  不超过100个
        items_within: re(&format!(
            r"{U}\s*(?:个|条|项)\s*(?:以内|之内)|不超过\s*{U}\s*(?:个|条|项)"
        )),
        // 至少1个  最少传入1个
        items_min: re(&format!(
            r"(?:至少|最少|最小为|最少为)\s*(?:需要|传入|填写|指定|包含|选择|传|填|选)?\s*{U}\s*(?:个|条|项)"
        )),
        // 1~10个
        items_span: re(&format!(r"{U}{dash}{U}\s*(?:个|条|项)")),
        // 可选值：  取值：  枚举值：  可取值为
        enum_lead: re(
            r"(?:可选值|可选项|可选取值|可取值|取值范围|取值|枚举值|可能取值|可能的取值|有效值|支持的值|参数值|可选|取值包括|取值如下|取值可以是)\s*(?:为|是|包括|如下|有)?\s*:|(?:可选值|枚举值|可取值|可选值包括)\s*(?:为|是|包括)",
        ),
        // 默认值：20  默认为 20  默认值为`ON`  默认 20
        default_value: re(r"默认(?:值)?\s*(?:为|是)?\s*:?\s*`?([A-Za-z0-9_][A-Za-z0-9_.\-/+]*)`?"),
        // 单位：Mbps  单位为秒  单位:GB
        unit: re(
            r"单位\s*(?:为|是)?\s*:?\s*([A-Za-z%][A-Za-z/%]*|毫秒|秒|分钟|小时|天|周|月|年|字节|个|次|元|分|核|毫核|台|条|像素|帧|度)",
        ),
        item_line: re(
            r"^(?:[-*]|\d+\.)\s+(`[^`]+`|[A-Za-z0-9_][A-Za-z0-9_.\-/+]*?)\s*(?:$|[:(=,;]|-\s*[^A-Za-z0-9_\s]|\s+[^A-Za-z0-9_\s])",
        ),
        inline_part: re(
            r"^(`[^`]+`|[A-Za-z0-9_][A-Za-z0-9_.\-/+]*?)\s*(?:\([^()]*\)|[:=].*|-\s*[^A-Za-z0-9_\s].*)?$",
        ),
        ident: re(r"^[A-Za-z0-9_][A-Za-z0-9_.\-/+]*$"),
    }
});

/// Words that mark a length as not in characters, or counted in a way that cannot be checked.
const LENGTH_HEDGES: &[&str] = &[
    "字节",
    "byte",
    "Byte",
    "汉字",
    "中文",
    "中英",
    "UTF",
    "utf",
    "全角",
    "半角",
    "英文字符",
    "占",
];

/// Units after a count that say it is not a number of list items.
const NOT_ITEMS: &[&str] = &[
    "字符", "字节", "位", "秒", "分钟", "小时", "天", "毫秒", "MB", "GB", "KB", "TB", "M", "G",
    "K", "%", "次", "倍", "层", "级", "行", "年", "月", "周", "元", "Mbps", "QPS", "核",
];

/// Reads constraints from a Chinese description. `markdown` is the description after
/// [`super::markdown::to_markdown`].
pub fn extract(markdown: &str, shape: Shape, is_list: bool) -> Constraints {
    let text = normalize(&markdown.replace("**", "").replace("\\<", "<"));
    let mut c = Constraints::default();
    let defaults = defaults(&text);
    if is_list {
        c.items = items(&text);
    } else {
        match shape {
            Shape::Str => c.length = length(&text),
            Shape::Int | Shape::UInt | Shape::Float => c.range = range(&text, shape, &defaults),
            Shape::Other => {}
        }
    }
    if shape == Shape::Str {
        c.enumeration = enumeration(&text, &defaults);
    }
    // A default that a range or enumeration vetoed is contradicted too: neither is kept.
    let vetoed = (!is_list
        && matches!(shape, Shape::Int | Shape::UInt | Shape::Float)
        && c.range.is_none()
        && range(&text, shape, &[]).is_some())
        || (shape == Shape::Str && c.enumeration.is_none() && enumeration(&text, &[]).is_some());
    if !is_list && shape != Shape::Other && !vetoed {
        c.default = unique(defaults.iter().map(String::as_str)).map(str::to_owned);
    }
    if !is_list && shape != Shape::Other {
        c.unit = unit(&text);
    }
    {
        // A default the other constraints reject is no default to document.
        if let Some(d) = &c.default {
            let fits_enum = c.enumeration.as_ref().is_none_or(|v| v.contains(d));
            let fits_range = match (shape, d.parse::<f64>()) {
                (Shape::Int | Shape::UInt | Shape::Float, Ok(v)) => c.range.is_none_or(|b| {
                    b.min.is_none_or(|m| v >= m.as_f64()) && b.max.is_none_or(|m| v <= m.as_f64())
                }),
                (Shape::Int | Shape::UInt | Shape::Float, Err(_)) => false,
                _ => true,
            };
            if !fits_enum || !fits_range {
                c.default = None;
            }
        }
    }
    c
}

/// Every documented default value (not under a condition).
fn defaults(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for s in sentences(text) {
        for cap in P.default_value.captures_iter(s) {
            let whole = cap.get(0).map_or("", |m| m.as_str());
            let before = &s[..cap.get(0).map_or(0, |m| m.start())];
            if before.ends_with('不') || before.contains('当') || before.contains("如果") {
                continue;
            }
            // `默认值：Legacy BIOS` is not the value `Legacy`.
            let rest = &s[cap.get(0).map_or(0, |m| m.end())..];
            if rest.starts_with(' ') && rest[1..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
                continue;
            }
            let _ = whole;
            out.push(cap[1].trim_end_matches('.').to_owned());
        }
    }
    out
}

fn unit(text: &str) -> Option<String> {
    let found: Vec<String> = P
        .unit
        .captures_iter(text)
        .map(|cap| {
            let u = &cap[1];
            match u {
                "毫秒" => "ms",
                "秒" => "s",
                "分钟" => "min",
                "小时" => "h",
                "天" => "days",
                "周" => "weeks",
                "月" => "months",
                "年" => "years",
                "字节" => "bytes",
                "元" => "CNY",
                "核" => "cores",
                "像素" => "pixels",
                "帧" => "frames",
                "度" => "degrees",
                other => other,
            }
            .to_owned()
        })
        .collect();
    unique(found.iter().map(String::as_str)).map(str::to_owned)
}

fn parse_num(s: &str, shape: Shape) -> Option<Num> {
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

/// What follows a figure must not continue it with more figures (`1~3, 5`), a unit of
/// another scale (`最大1TB` on a member counted in GB) or a word (`0-关闭`).
fn tail_ok(rest: &str, declared_unit: Option<&str>) -> bool {
    let rest_trim = rest.trim_start();
    let mut chars = rest_trim.chars();
    match chars.next() {
        None => true,
        Some(c) if c.is_ascii_digit() || c == '.' || c == '-' || c == '~' => false,
        Some(',' | '、' | '/') => !chars
            .as_str()
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || c == '-'),
        Some(c) if c.is_ascii_alphabetic() || c == '%' => {
            let word: String = rest_trim
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '%' || *c == '/')
                .collect();
            declared_unit.is_some_and(|u| u.eq_ignore_ascii_case(&word))
        }
        Some('*' | '^' | 'x' | '×') => false,
        _ => true,
    }
}

fn range(text: &str, shape: Shape, defaults: &[String]) -> Option<Bounds<Num>> {
    let declared = unit(text);
    let declared = declared.as_deref();
    let mut spans = Vec::new();
    let mut maxes = Vec::new();
    let mut mins = Vec::new();
    for s in sentences(text) {
        if is_conditional(s) {
            continue;
        }
        let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
        for cap in P
            .range_bracket
            .captures_iter(s)
            .chain(P.range_span.captures_iter(s))
            .chain(P.range_between.captures_iter(s))
        {
            let whole = cap.get(0)?;
            if covered
                .iter()
                .any(|r| r.start <= whole.start() && whole.end() <= r.end)
            {
                continue;
            }
            if !tail_ok(&s[whole.end()..], declared) && !s[..whole.end()].ends_with(']') {
                return None;
            }
            if s[..whole.end()].ends_with(']') && !tail_ok(&s[whole.end()..], declared) {
                return None;
            }
            let (lo, hi) = (parse_num(&cap[1], shape)?, parse_num(&cap[2], shape)?);
            if lo.as_f64() > hi.as_f64() {
                return None;
            }
            covered.push(whole.range());
            spans.push(Bounds {
                min: Some(lo),
                max: Some(hi),
            });
        }
        for cap in P.range_max.captures_iter(s) {
            let whole = cap.get(0)?;
            if covered
                .iter()
                .any(|r| r.start <= whole.start() && whole.end() <= r.end)
            {
                continue;
            }
            let num = cap.get(1).or(cap.get(2)).or(cap.get(3))?;
            if !tail_ok(&s[whole.end()..], declared) {
                return None;
            }
            maxes.push(parse_num(num.as_str(), shape)?);
        }
        for cap in P.range_min.captures_iter(s) {
            let whole = cap.get(0)?;
            if covered
                .iter()
                .any(|r| r.start <= whole.start() && whole.end() <= r.end)
            {
                continue;
            }
            let num = cap.get(1).or(cap.get(2))?;
            if !tail_ok(&s[whole.end()..], declared) {
                return None;
            }
            mins.push(parse_num(num.as_str(), shape)?);
        }
    }
    let (lo, hi) = (unique(mins.iter().copied()), unique(maxes.iter().copied()));
    if (lo.is_none() && !mins.is_empty()) || (hi.is_none() && !maxes.is_empty()) {
        return None;
    }
    let b = match unique(spans.iter().copied()) {
        Some(b) => {
            if lo.is_some_and(|l| Some(l) != b.min) || hi.is_some_and(|h| Some(h) != b.max) {
                return None;
            }
            b
        }
        None if spans.is_empty() && (lo.is_some() || hi.is_some()) => {
            if matches!((lo, hi), (Some(l), Some(h)) if l.as_f64() > h.as_f64()) {
                return None;
            }
            Bounds { min: lo, max: hi }
        }
        None => return None,
    };
    // A documented special value or default outside the range: the range is not the whole truth.
    let outside =
        |v: f64| b.min.is_some_and(|m| v < m.as_f64()) || b.max.is_some_and(|m| v > m.as_f64());
    for cap in P.special.captures_iter(text) {
        if cap[1].parse::<f64>().is_ok_and(outside) {
            return None;
        }
    }
    for d in defaults {
        match d.parse::<f64>() {
            Ok(v) if outside(v) => return None,
            _ => {}
        }
    }
    Some(b)
}

fn length(text: &str) -> Option<Bounds<u64>> {
    if !(text.contains("长度") || text.contains("字符")) {
        return None;
    }
    if LENGTH_HEDGES.iter().any(|h| text.contains(h)) {
        return None;
    }
    let mut found = Vec::new();
    for s in sentences(text) {
        if is_conditional(s) || !(s.contains("长度") || s.contains("字符") || s.contains('位'))
        {
            continue;
        }
        let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
        for cap in P
            .len_span
            .captures_iter(s)
            .chain(P.len_span_unit.captures_iter(s))
        {
            let whole = cap.get(0)?;
            if covered
                .iter()
                .any(|r| r.start <= whole.start() && whole.end() <= r.end)
            {
                continue;
            }
            if !tail_ok(&s[whole.end()..], None) {
                return None;
            }
            let (a, b): (u64, u64) = (cap[1].parse().ok()?, cap[2].parse().ok()?);
            if a > b {
                return None;
            }
            covered.push(whole.range());
            found.push(Bounds {
                min: (a > 0).then_some(a),
                max: Some(b),
            });
        }
        for cap in P
            .len_max
            .captures_iter(s)
            .chain(P.len_max_unit.captures_iter(s))
            .chain(P.len_within.captures_iter(s))
        {
            let whole = cap.get(0)?;
            if covered
                .iter()
                .any(|r| r.start < whole.end() && whole.start() < r.end)
            {
                continue;
            }
            // `长度为32` states an exact length, `长度：1-64` is a span: only a maximum word or unit counts.
            let m = whole.as_str();
            let has_max = [
                "超过", "大于", "小于", "<=", "≤", "最大", "最多", "最长", "上限", "限制", "多于",
                "以内", "之内", "内",
            ]
            .iter()
            .any(|w| m.contains(w));
            if !has_max {
                continue;
            }
            if !tail_ok(&s[whole.end()..], None) {
                return None;
            }
            covered.push(whole.range());
            found.push(Bounds {
                min: None,
                max: Some(cap[1].parse().ok()?),
            });
        }
        for cap in P.len_min.captures_iter(s) {
            let n: u64 = cap[1].parse().ok()?;
            found.push(Bounds {
                min: Some(n),
                max: None,
            });
        }
    }
    // A minimum and a maximum stated apart unite; anything else must agree.
    let (mins, rest): (Vec<_>, Vec<_>) = found.into_iter().partition(|b| b.max.is_none());
    let b = unique(rest)?;
    match unique(mins.iter().copied()) {
        Some(m) if b.min.is_none() || b.min == m.min => Some(Bounds {
            min: m.min,
            max: b.max,
        }),
        None if mins.is_empty() => Some(b),
        _ => None,
    }
}

fn items(text: &str) -> Option<Bounds<u64>> {
    let mut found = Vec::new();
    let mut mins = Vec::new();
    for s in sentences(text) {
        if is_conditional(s) {
            continue;
        }
        let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
        let per_element = |at: usize| {
            let before = &s[..at];
            [
                "每个",
                "单个",
                "每条",
                "每项",
                "每组",
                "每一个",
                "每台",
                "单条",
                "其中",
                "Values",
                "总长度",
                "字符",
            ]
            .iter()
            .any(|w| before.contains(w))
        };
        for cap in P.items_span.captures_iter(s) {
            let whole = cap.get(0)?;
            if per_element(whole.start()) {
                return None;
            }
            let (a, b): (u64, u64) = (cap[1].parse().ok()?, cap[2].parse().ok()?);
            if a > b {
                return None;
            }
            covered.push(whole.range());
            found.push(Bounds {
                min: (a > 0).then_some(a),
                max: Some(b),
            });
        }
        for cap in P
            .items_max
            .captures_iter(s)
            .chain(P.items_count_max.captures_iter(s))
            .chain(P.items_within.captures_iter(s))
        {
            let whole = cap.get(0)?;
            if covered
                .iter()
                .any(|r| r.start < whole.end() && whole.start() < r.end)
            {
                continue;
            }
            let rest = &s[whole.end()..];
            let rest = rest.trim_start();
            if NOT_ITEMS.iter().any(|u| rest.starts_with(u))
                || rest.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            {
                continue;
            }
            let Some(n) = cap
                .iter()
                .skip(1)
                .flatten()
                .find(|m| m.as_str().bytes().all(|b| b.is_ascii_digit()))
            else {
                continue;
            };
            if per_element(whole.start()) {
                return None;
            }
            covered.push(whole.range());
            found.push(Bounds {
                min: None,
                max: Some(n.as_str().parse().ok()?),
            });
        }
        for cap in P.items_min.captures_iter(s) {
            let whole = cap.get(0)?;
            if per_element(whole.start()) {
                return None;
            }
            mins.push(cap[1].parse::<u64>().ok()?);
        }
    }
    let b = unique(found)?;
    match unique(mins.iter().copied()) {
        Some(m) if b.min.is_none() || b.min == Some(m) => Some(Bounds {
            min: (m > 0).then_some(m),
            max: b.max,
        }),
        None if mins.is_empty() => Some(b),
        _ => None,
    }
}

/// Words that, as a value, mean the list is prose rather than identifiers.
const NOT_VALUES: &[&str] = &[
    "etc", "e.g", "eg", "empty", "null", "none", "blank", "such", "example", "other", "others",
    "see", "true", "false",
];

fn enumeration(text: &str, defaults: &[String]) -> Option<Vec<String>> {
    let leads: Vec<_> = P.enum_lead.find_iter(text).collect();
    if leads.len() != 1 {
        return None;
    }
    let lead = leads[0];
    let before = &text[..lead.start()];
    let sentence_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | ';' | '\n'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    if is_conditional(&before[sentence_start..]) || before[sentence_start..].contains("每") {
        return None;
    }
    let after = &text[lead.end()..];
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
    // Figures are a range or a count, not values (`取值范围：1~100`), unless every value is one.
    if values.iter().any(|v| v.contains('~')) {
        return None;
    }
    for d in defaults {
        if !values.iter().any(|v| v == d) {
            return None;
        }
    }
    Some(values)
}

fn acceptable(value: &str) -> bool {
    P.ident.is_match(value) && !NOT_VALUES.contains(&value.to_lowercase().as_str())
}

fn strip_ticks(s: &str) -> &str {
    s.strip_prefix('`')
        .and_then(|s| s.strip_suffix('`'))
        .unwrap_or(s)
}

/// Values of a Markdown list after the lead: every item must start with a value.
fn list_values(after: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut ticked = None;
    for line in after.trim_start().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if line.starts_with(' ') {
            continue;
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
        let value = strip_ticks(raw).trim_end_matches('.');
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
    let end = line.find(['。', ';']).unwrap_or(line.len());
    let mut sentence = line[..end].trim();
    // `A、B。` or `A, B.`: a final ASCII full stop ends the sentence too.
    if let Some(s) = sentence.strip_suffix('.') {
        sentence = s;
    }
    if let Some(i) = sentence.find(". ") {
        sentence = &sentence[..i];
    }
    if sentence.is_empty() || sentence.contains("等") || sentence.contains("...") {
        return None;
    }
    static SEP: LazyLock<Regex> = LazyLock::new(|| re(r"\s*(?:、|,|\||/\s|\s/|或者|或|和|及)\s*"));
    let mut values = Vec::new();
    let mut ticked = None;
    for part in SEP.split(sentence) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        // `IPv4、IPv6，默认值IPv4`: a clause in Chinese ends the list.
        if values.len() >= 2 && part.starts_with(is_han) {
            break;
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
