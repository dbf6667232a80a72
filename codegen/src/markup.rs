//! The Markdown that Tencent's descriptions use, parsed once for every medium: code spans,
//! links to http(s) pages, `**strong**`, bare URLs and `<br>`. Everything else is text,
//! which each medium escapes (`markdown` here for rustdoc and the Markdown pages,
//! `docs::text::push_html_prose` for HTML).
//!
//! Our own small parser, not pulldown-cmark: build scripts compile the generator, so every
//! dependency is paid for by every build of a service crate, and the subset is small. It
//! reads one line at a time (descriptions are short lines; nothing in the subset spans
//! lines), never fails and takes time linear in the line: a failed search for a closing
//! delimiter is not repeated (`no_strong_from`, the backtick runs' `next_same`), and where a
//! URL may end is known in constant time (`UrlEnds`).
//!
//! Emphasis with one `*` or `_` is not in the subset: about 14 places in the specs use it,
//! while `_` and `*` are common in names, patterns and wildcards (`*.example.com`), so it
//! stays text.

/// A piece of a parsed line, in order. `LinkStart` … `LinkEnd` hold text and code only;
/// `StrongStart` … `StrongEnd` hold text, code, links and bare URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text, shown as written.
    Text(&'a str),
    /// A code span's content (never blank).
    Code(&'a str),
    /// A bare `http(s)://` URL, shown as itself and linked.
    Url(&'a str),
    /// A link to the URL; its text follows.
    LinkStart(&'a str),
    LinkEnd,
    StrongStart,
    StrongEnd,
    /// `<br>`, `<br/>` or `<br />`.
    Break,
}

/// What may appear inside the range being scanned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Top,
    Strong,
    LinkText,
}

/// Calls `emit` with the pieces of one line (no `\n` expected; one is text).
pub fn parse_line<'a>(line: &'a str, emit: &mut impl FnMut(Piece<'a>)) {
    // Most lines hold nothing of the subset: one look at the bytes.
    if !line
        .bytes()
        .any(|b| matches!(b, b'`' | b'[' | b'*' | b'<' | b':'))
    {
        if !line.is_empty() {
            emit(Piece::Text(line));
        }
        return;
    }
    let ticks = Ticks::of(line);
    let mut p = Parser {
        s: line,
        ticks,
        urls: UrlEnds::of(line),
        no_strong_from: usize::MAX,
    };
    p.scan(0, line.len(), Ctx::Top, emit);
}

/// The line's backtick runs and, for each, the next run of the same length.
struct Ticks {
    /// (start, length) of each run.
    runs: Vec<(usize, usize)>,
    next_same: Vec<Option<usize>>,
}

impl Ticks {
    fn of(s: &str) -> Ticks {
        let b = s.as_bytes();
        let mut runs = Vec::new();
        if b.contains(&b'`') {
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'`' {
                    let start = i;
                    while i < b.len() && b[i] == b'`' {
                        i += 1;
                    }
                    runs.push((start, i - start));
                } else {
                    i += 1;
                }
            }
        }
        let mut next_same = vec![None; runs.len()];
        let mut last_of_len = std::collections::HashMap::new();
        for k in (0..runs.len()).rev() {
            next_same[k] = last_of_len.insert(runs[k].1, k);
        }
        Ticks { runs, next_same }
    }

    /// The run starting at `at`, by index.
    fn at(&self, at: usize) -> Option<usize> {
        self.runs.binary_search_by_key(&at, |r| r.0).ok()
    }
}

struct Parser<'a> {
    s: &'a str,
    ticks: Ticks,
    urls: UrlEnds,
    /// A `**` at or after this position closes nothing (a search from here failed).
    no_strong_from: usize,
}

impl<'a> Parser<'a> {
    fn scan(&mut self, from: usize, to: usize, ctx: Ctx, emit: &mut impl FnMut(Piece<'a>)) {
        let s = self.s;
        let b = s.as_bytes();
        let mut text_from = from;
        let mut i = from;
        while i < to {
            let c = b[i];
            // The length of the construct found at `i`, after emitting its pieces.
            let taken = match c {
                b'`' => {
                    // Runs are entered at their start; were one not, its tail is text.
                    let run = self.ticks.at(i);
                    let (start, len) = run.map_or((i, 1), |r| self.ticks.runs[r]);
                    match run
                        .and_then(|r| self.ticks.next_same[r])
                        .map(|k| self.ticks.runs[k])
                    {
                        Some((close, _)) if close + len <= to => {
                            let content = &s[start + len..close];
                            let content = strip_one_space(content);
                            if content.trim().is_empty() {
                                Some((len, None))
                            } else {
                                flush(s, text_from, i, emit);
                                emit(Piece::Code(content));
                                Some((close + len - i, Some(())))
                            }
                        }
                        // No closing run: the whole run is text.
                        _ => Some((len, None)),
                    }
                }
                b'[' if ctx != Ctx::LinkText => self.link(i, to, text_from, emit),
                b'*' if ctx == Ctx::Top => self.strong(i, to, text_from, emit),
                b'h' if ctx != Ctx::LinkText => match url_at(&s[i..to]) {
                    UrlAt::No => None,
                    // A token that is not a URL is text whole (no URL is sought inside it).
                    UrlAt::Token(n) => Some((n, None)),
                    UrlAt::Url(url) => {
                        flush(s, text_from, i, emit);
                        emit(Piece::Url(url));
                        Some((url.len(), Some(())))
                    }
                },
                b'<' if ctx == Ctx::Top => break_at(&s[i..to]).map(|n| {
                    flush(s, text_from, i, emit);
                    emit(Piece::Break);
                    (n, Some(()))
                }),
                _ => None,
            };
            match taken {
                Some((n, Some(()))) => {
                    i += n;
                    text_from = i;
                }
                // Delimiters that stay text are skipped whole (a run of backticks is never
                // split into shorter ones).
                Some((n, None)) => i += n,
                // On to the next byte that may start something.
                None => {
                    i += 1;
                    i += b[i..to]
                        .iter()
                        .position(|b| matches!(b, b'`' | b'[' | b'*' | b'h' | b'<'))
                        .unwrap_or(to - i);
                }
            }
        }
        flush(s, text_from, to, emit);
    }

    /// `[text](http…)` at `i`: text without brackets, a URL without spaces or parentheses.
    fn link(
        &mut self,
        i: usize,
        to: usize,
        text_from: usize,
        emit: &mut impl FnMut(Piece<'a>),
    ) -> Option<(usize, Option<()>)> {
        let s = self.s;
        let close = i + 1 + s[i + 1..to].find(['[', ']'])?;
        if s.as_bytes()[close] != b']' || s.as_bytes().get(close + 1) != Some(&b'(') {
            return None;
        }
        let dest_from = close + 2;
        // The destination ends at the first character a URL cannot hold: `)`, it must be.
        let dest_len = url_len(&s[dest_from..to]);
        let url = &s[dest_from..dest_from + dest_len];
        if s.as_bytes().get(dest_from + dest_len) != Some(&b')') || !is_url(url) {
            return None;
        }
        flush(s, text_from, i, emit);
        let text = &s[i + 1..close];
        if text.trim().is_empty() {
            emit(Piece::Url(url));
        } else {
            emit(Piece::LinkStart(url));
            self.scan(i + 1, close, Ctx::LinkText, emit);
            emit(Piece::LinkEnd);
        }
        Some((dest_from + dest_len + 1 - i, Some(())))
    }

    /// `**strong**` at `i`, when both runs are exactly two stars and flank the content the
    /// way CommonMark needs to see them as delimiters.
    fn strong(
        &mut self,
        i: usize,
        to: usize,
        text_from: usize,
        emit: &mut impl FnMut(Piece<'a>),
    ) -> Option<(usize, Option<()>)> {
        let s = self.s;
        let run = star_run(s, i);
        if run != 2 || i + 2 >= to {
            return Some((run, None));
        }
        if i >= self.no_strong_from || !opens(s, i) {
            return Some((2, None));
        }
        let mut at = i + 2;
        let close = loop {
            let Some(k) = s[at..to].find("**") else {
                self.no_strong_from = i;
                return Some((2, None));
            };
            let k = at + k;
            let len = star_run(s, k);
            if len == 2 && k > i + 2 && closes(s, k, to, &self.urls) {
                break k;
            }
            at = k + len;
        };
        flush(s, text_from, i, emit);
        emit(Piece::StrongStart);
        self.scan(i + 2, close, Ctx::Strong, emit);
        emit(Piece::StrongEnd);
        Some((close + 2 - i, Some(())))
    }
}

fn flush<'a>(s: &'a str, from: usize, to: usize, emit: &mut impl FnMut(Piece<'a>)) {
    if from < to {
        emit(Piece::Text(&s[from..to]));
    }
}

/// CommonMark strips one space from both ends of a code span that has one at both ends.
fn strip_one_space(c: &str) -> &str {
    if c.len() >= 2 && c.starts_with(' ') && c.ends_with(' ') {
        &c[1..c.len() - 1]
    } else {
        c
    }
}

/// The number of `*` in the run that starts at `i` (the run is entered at its start only).
fn star_run(s: &str, i: usize) -> usize {
    s.as_bytes()[i..].iter().take_while(|&&b| b == b'*').count()
}

// Flanking is decided conservatively: where this classification of a character is unsure
// (Unicode categories the standard library does not expose), `**` is taken as text, never
// as a delimiter a renderer might not see. Control characters count as spaces (the writers
// make them spaces).

/// Surely whitespace to CommonMark (the start or end of the line included).
fn sure_space(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_ascii_whitespace()
            || c.is_control()
            || matches!(
                c,
                '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
            )
    })
}

/// Possibly whitespace to CommonMark.
fn maybe_space(c: Option<char>) -> bool {
    sure_space(c) || c.is_some_and(char::is_whitespace)
}

/// Surely punctuation to CommonMark: ASCII punctuation and the common CJK punctuation.
fn sure_punct(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        c.is_ascii_punctuation()
            || matches!(c,
                '\u{2010}'..='\u{2027}'
                | '\u{3001}'..='\u{3003}'
                | '\u{3008}'..='\u{3011}'
                | '\u{3014}'..='\u{301f}'
                | '\u{ff01}'..='\u{ff03}'
                | '\u{ff05}'..='\u{ff0a}'
                | '\u{ff0c}'..='\u{ff0f}'
                | '\u{ff1a}'..='\u{ff1b}'
                | '\u{ff1f}'..='\u{ff20}')
    })
}

/// Surely neither punctuation nor whitespace: letters and digits (not the enclosed ones,
/// which are symbols).
fn sure_word(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        c.is_ascii_alphanumeric()
            || (!c.is_ascii()
                && c.is_alphanumeric()
                && !maybe_space(Some(c))
                && !matches!(c, '\u{2460}'..='\u{24ff}' | '\u{3200}'..='\u{33ff}' | '\u{1f100}'..='\u{1f1ff}'))
    })
}

/// Whether the `**` at `i` is left-flanking (and so opens strong emphasis). A URL right
/// after it is written as an autolink, which starts with `<`.
fn opens(s: &str, i: usize) -> bool {
    let before = s[..i].chars().next_back();
    let rest = &s[i + 2..];
    let after = if rest.starts_with("http://") || rest.starts_with("https://") {
        Some('<')
    } else {
        rest.chars().next()
    };
    !maybe_space(after) && (sure_word(after) || sure_space(before) || sure_punct(before))
}

/// Whether the `**` at `k` is right-flanking (and so closes strong emphasis). A URL right
/// before it is written as an autolink, which ends with `>`: where one may end there, it is
/// taken to.
fn closes(s: &str, k: usize, to: usize, urls: &UrlEnds) -> bool {
    let before = if urls.may_end_at(k) {
        Some('>')
    } else {
        s[..k].chars().next_back()
    };
    let after = s[k + 2..to].chars().next();
    !maybe_space(before) && (sure_word(before) || sure_space(after) || sure_punct(after))
}

/// Where a URL may end, in constant time: after a `://` with only characters a URL may hold
/// in between.
struct UrlEnds {
    /// The positions of `://`.
    schemes: Vec<usize>,
    /// How many bytes a URL cannot hold come before each position.
    stops: Vec<u32>,
}

impl UrlEnds {
    fn of(s: &str) -> UrlEnds {
        if !s.contains("://") {
            return UrlEnds {
                schemes: Vec::new(),
                stops: Vec::new(),
            };
        }
        let schemes = s.match_indices("://").map(|(i, _)| i).collect();
        let mut stops = Vec::with_capacity(s.len() + 1);
        let mut n = 0u32;
        for &b in s.as_bytes() {
            stops.push(n);
            n += u32::from(!url_byte(b));
        }
        stops.push(n);
        UrlEnds { schemes, stops }
    }

    fn may_end_at(&self, k: usize) -> bool {
        let before = self.schemes.partition_point(|&p| p < k);
        before > 0 && {
            let p = self.schemes[before - 1];
            self.stops[p] == self.stops[k]
        }
    }
}

enum UrlAt<'a> {
    No,
    /// `http(s)://` begins a token of this length that is no URL.
    Token(usize),
    Url(&'a str),
}

/// The bare URL at the start of `s`, if any: `http(s)://` and a host, up to a space, a
/// character that cannot be in it unescaped, or anything not ASCII; trailing sentence
/// punctuation is not part of it.
fn url_at(s: &str) -> UrlAt<'_> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return UrlAt::No;
    }
    let len = url_len(s);
    let url = s[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', '*']);
    if is_url(url) {
        UrlAt::Url(url)
    } else {
        UrlAt::Token(len.max(1))
    }
}

/// The length of the run of characters at the start of `s` that a URL may hold.
fn url_len(s: &str) -> usize {
    s.bytes().position(|b| !url_byte(b)).unwrap_or(s.len())
}

fn url_byte(b: u8) -> bool {
    b.is_ascii_graphic()
        && !matches!(
            b,
            b'(' | b')'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
                | b'\''
                | b'`'
                | b'|'
                | b'{'
                | b'}'
                | b'\\'
        )
}

/// An absolute http(s) URL with a host, holding no character that Markdown or HTML would
/// read (spaces, brackets, quotes, backticks, pipes, braces, backslashes).
pub fn is_url(u: &str) -> bool {
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"));
    rest.is_some_and(|r| r.len() > 2 && !r.starts_with('/')) && u.bytes().all(url_byte)
}
/// `<br>`, `<br/>` or `<br />` (any case) at the start of `s`: its length.
fn break_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 4 || !b[1..3].eq_ignore_ascii_case(b"br") {
        return None;
    }
    [&b">"[..], b"/>", b" />"]
        .iter()
        .find(|end| b[3..].starts_with(end))
        .map(|end| 3 + end.len())
}

/// How Markdown text is laid out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Layout {
    /// Paragraphs (blank lines between them), each line of a paragraph ending in a hard
    /// break: rustdoc and the pages' prose.
    Paragraphs,
    /// One table cell: lines and breaks as `<br>`, pipes escaped.
    Cell,
    /// One line (a heading, a link's text): code spans and text only (links as their text,
    /// no bold), breaks as spaces.
    Line,
}

/// Spec text as Markdown: the subset's pieces written as Markdown, everything else escaped
/// so that it reads as text (no HTML, no code block, no list, no heading, no link or
/// emphasis by accident), bidirectional controls removed.
pub fn markdown(text: &str, layout: Layout) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_markdown(&mut out, text, layout);
    out
}

/// [`markdown`], appended to `out`.
pub fn push_markdown(out: &mut String, text: &str, layout: Layout) {
    let text = crate::text::without_bidi(text);
    let mut w = Writer {
        out,
        layout,
        url: String::new(),
        code_end: 0,
        sep_start: 0,
        line_start: 0,
        blank: false,
        first: true,
    };
    for raw in text.trim().lines() {
        let raw = raw.trim();
        if raw.is_empty() {
            w.blank = true;
            continue;
        }
        w.begin_line();
        parse_line(raw, &mut |p| w.piece(p));
        w.end_line();
    }
}

/// Writes straight into `out`; a line's separator is written before it and taken back if
/// the line turns out empty.
struct Writer<'o> {
    out: &'o mut String,
    layout: Layout,
    /// The URL of the link being written, for its end.
    url: String,
    /// Where the last code span written ends.
    code_end: usize,
    /// Where the separator before the current line starts, and where the line starts.
    sep_start: usize,
    line_start: usize,
    /// A blank line came before the next one.
    blank: bool,
    first: bool,
}

impl Writer<'_> {
    fn piece(&mut self, p: Piece) {
        let cell = self.layout == Layout::Cell;
        let line_only = self.layout == Layout::Line;
        let line = &mut *self.out;
        match p {
            Piece::Text(t) if line_only => {
                // One line: each run of whitespace is one space.
                for (i, word) in t.split(char::is_whitespace).enumerate() {
                    if i > 0 && !line.ends_with(' ') {
                        line.push(' ');
                    }
                    escape_text(word, line);
                }
            }
            Piece::Text(t) => escape_text(t, line),
            Piece::Code(c) => {
                // Two spans in a row (a link's text dropped) would make one run of backticks.
                if line.len() == self.code_end && line.len() > self.line_start {
                    line.push(' ');
                }
                push_code_span(c, cell, line);
                self.code_end = line.len();
            }
            Piece::Url(u) if line_only => escape_text(u, line),
            Piece::Url(u) => {
                line.push('<');
                line.push_str(u);
                line.push('>');
            }
            Piece::LinkStart(_) | Piece::LinkEnd if line_only => {}
            Piece::LinkStart(u) => {
                // `![` would make the link an image.
                if line.len() > self.line_start && line.ends_with('!') {
                    line.pop();
                    line.push_str("\\!");
                }
                line.push('[');
                self.url.clear();
                self.url.push_str(u);
            }
            Piece::LinkEnd => {
                line.push_str("](");
                line.push_str(&self.url);
                line.push(')');
            }
            // Without its links, a line's `**` could lose the neighbours that made them
            // delimiters; a heading is bold anyway.
            Piece::StrongStart | Piece::StrongEnd if line_only => {}
            Piece::StrongStart | Piece::StrongEnd => line.push_str("**"),
            Piece::Break if line_only && !line.ends_with(' ') => line.push(' '),
            Piece::Break if line_only => {}
            Piece::Break => {
                self.end_line();
                self.begin_line();
            }
        }
    }

    fn begin_line(&mut self) {
        self.sep_start = self.out.len();
        if !self.first {
            self.out.push_str(match (self.layout, self.blank) {
                (Layout::Paragraphs, true) => "\n\n",
                (Layout::Paragraphs, false) => "\\\n",
                (Layout::Cell, true) => "<br><br>",
                (Layout::Cell, false) => "<br>",
                (Layout::Line, _) => " ",
            });
        }
        self.line_start = self.out.len();
    }

    fn end_line(&mut self) {
        let out = &mut *self.out;
        let start = self.line_start;
        let content = out[start..].trim_end_matches(' ').len();
        out.truncate(start + content);
        let lead = out[start..].len() - out[start..].trim_start_matches(' ').len();
        if out.len() == start + lead {
            out.truncate(self.sep_start);
            return;
        }
        out.replace_range(start..start + lead, "");
        self.first = false;
        self.blank = false;
        if self.layout == Layout::Paragraphs {
            escape_line_start(out, start);
        }
    }
}

/// Escapes what would make the line starting at `start` a block: list and heading markers,
/// numbered-list markers, a table's delimiter row.
fn escape_line_start(out: &mut String, start: usize) {
    let line = &out[start..];
    let first = line.as_bytes()[0];
    if matches!(first, b'-' | b'+' | b'=' | b':') {
        out.insert(start, '\\');
    } else if first.is_ascii_digit() {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
            out.insert(start + digits, '\\');
        }
    }
}

/// Text escaped for Markdown: every character Markdown could read is escaped, HTML's are
/// entities, control characters are spaces.
pub fn escape_text(s: &str, out: &mut String) {
    // Byte by byte: every character replaced is ASCII but the C1 controls (`C2 80`–`C2 9F`).
    let b = s.as_bytes();
    let mut plain_from = 0;
    let mut i = 0;
    while i < b.len() {
        let (replacement, len) = match b[i] {
            b'\\' => ("\\\\", 1),
            b'`' => ("\\`", 1),
            b'[' => ("\\[", 1),
            b']' => ("\\]", 1),
            b'*' => ("\\*", 1),
            b'_' => ("\\_", 1),
            b'#' => ("\\#", 1),
            b'|' => ("\\|", 1),
            b'~' => ("\\~", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'&' => ("&amp;", 1),
            0..=0x1f | 0x7f => (" ", 1),
            0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => (" ", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[plain_from..i]);
        out.push_str(replacement);
        i += len;
        plain_from = i;
    }
    out.push_str(&s[plain_from..]);
}

/// A code span holding `s` exactly: a fence one backtick longer than any run inside, padded
/// when the content would otherwise lose or merge a space or backtick at its ends; control
/// characters become spaces, and in a table cell pipes are escaped (GFM unescapes them).
pub fn push_code_span(s: &str, cell: bool, out: &mut String) {
    let fence = longest_backtick_run(s) + 1;
    let pad = s.starts_with('`')
        || s.ends_with('`')
        || (s.starts_with(' ') && s.ends_with(' ') && !s.trim_matches(' ').is_empty());
    out.extend(std::iter::repeat_n('`', fence));
    if pad {
        out.push(' ');
    }
    for c in s.chars() {
        match c {
            '|' if cell => out.push_str("\\|"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    if pad {
        out.push(' ');
    }
    out.extend(std::iter::repeat_n('`', fence));
}

/// The longest run of backticks in `s`.
pub fn longest_backtick_run(s: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for b in s.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
#[path = "markup_tests.rs"]
mod tests;
