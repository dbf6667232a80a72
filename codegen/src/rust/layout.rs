//! The one writer of generated Rust: lines at an indentation, and groups laid out by the
//! writer itself.
//!
//! A group (call arguments, parameters, generic arguments, an array) stays on one line when
//! it fits in the margin (89 columns), counting the text that follows it up to the next
//! place a line may break, and is broken otherwise: its opening on the line, one element
//! per line one level deeper (each with a comma), its closing on a line of its own. An
//! element may itself be a group, laid out the same way at its own column. A method chain
//! breaks before each call, a match arm's body goes into a block, a `Self { .. }` wider than
//! 34 columns breaks. On a line indented more than 29 columns the room is 60 columns,
//! whatever the margin. Every decision goes through [`keep_flat`].
//!
//! These are the layouts prettyplease gave the same items (the generated code did not
//! change when the writer replaced it). The tests in `layout_tests` check the decisions
//! against rustfmt over names and values of every length across the margin: an item with
//! no broken group is what rustfmt makes of it, and a broken group's one-line form is over
//! the margin (where both break, each has its own way of breaking).

use std::borrow::Cow;

use crate::rust::doc;

/// The margin: the last column a group may reach and stay on one line.
pub const MARGIN: usize = 89;

/// The room of a line indented more than `MARGIN - MIN_SPACE` columns.
const MIN_SPACE: usize = 60;

/// Spaces for indentation, copied from in slices.
const SPACES: &str = "                                                                ";

/// How a group is laid out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fit {
    /// On one line.
    Flat,
    /// One element per line.
    Broken,
}

/// The layout of a group whose one-line form is `flat_len` bytes long (indentation
/// included), on a line at the usual depth.
pub fn fit(flat_len: usize) -> Fit {
    if keep_flat(flat_len <= MARGIN) {
        Fit::Flat
    } else {
        Fit::Broken
    }
}

/// Whether `len` more bytes fit on a line indented `indent` columns whose text reaches
/// column `col`.
fn fits(indent: usize, col: usize, len: usize) -> bool {
    keep_flat(col + len <= MARGIN.max(indent + MIN_SPACE))
}

/// The decision to keep a group flat, `fits` when it fits. Every decision goes through
/// here, so tests can count the groups broken and write every group flat
/// (`test_hooks`).
#[inline]
pub fn keep_flat(fits: bool) -> bool {
    #[cfg(test)]
    {
        test_hooks::decide(fits)
    }
    #[cfg(not(test))]
    {
        fits
    }
}

/// What the layout tests see of the writer's decisions.
#[cfg(test)]
pub(crate) mod test_hooks {
    use std::cell::Cell;

    thread_local! {
        static BROKEN: Cell<usize> = const { Cell::new(0) };
        static ALL_FLAT: Cell<bool> = const { Cell::new(false) };
    }

    pub(super) fn decide(fits: bool) -> bool {
        if ALL_FLAT.get() {
            return true;
        }
        if !fits {
            BROKEN.set(BROKEN.get() + 1);
        }
        fits
    }

    /// How many groups were broken since the last call.
    pub fn take_broken() -> usize {
        BROKEN.replace(0)
    }

    /// `f`'s result with every group written flat.
    pub fn all_flat<R>(f: impl FnOnce() -> R) -> R {
        ALL_FLAT.set(true);
        let r = f();
        ALL_FLAT.set(false);
        r
    }
}

/// A string literal as Rust writes it: the only way spec text reaches the code written
/// here.
pub fn lit(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// A part of a line: text, or a group that may break.
#[derive(Clone, Debug)]
pub enum Seg<'a> {
    /// Text that never breaks.
    T(Cow<'a, str>),
    /// A group.
    G(Group<'a>),
    /// A method chain: a receiver, then calls and fields (`.into()`, `.field`), all on the
    /// line when they fit, else each call or field on a line of its own one level deeper.
    Chain(Vec<Cow<'a, str>>),
}

/// `open`, the elements separated by `, `, `close`; broken: one element per line, each
/// with a comma.
#[derive(Clone, Debug)]
pub struct Group<'a> {
    /// The text before the first element (`(`, `<`, `&[`).
    pub open: Cow<'a, str>,
    /// The elements, each a sequence of parts.
    pub items: Vec<Vec<Seg<'a>>>,
    /// The text after the last element (`)`, `>`, `]`).
    pub close: &'static str,
}

impl<'a> Seg<'a> {
    /// Text.
    pub fn t(s: impl Into<Cow<'a, str>>) -> Self {
        Seg::T(s.into())
    }

    /// A group of `items`, each one piece of text.
    pub fn list<S: Into<Cow<'a, str>>>(
        open: impl Into<Cow<'a, str>>,
        items: impl IntoIterator<Item = S>,
        close: &'static str,
    ) -> Self {
        Seg::G(Group {
            open: open.into(),
            items: items.into_iter().map(|s| vec![Seg::t(s)]).collect(),
            close,
        })
    }

    /// A group of `items`, each a sequence of parts.
    pub fn group(
        open: impl Into<Cow<'a, str>>,
        items: Vec<Vec<Seg<'a>>>,
        close: &'static str,
    ) -> Self {
        Seg::G(Group {
            open: open.into(),
            items,
            close,
        })
    }

    /// A method chain: `receiver` then `links` (each starting with `.`).
    pub fn chain<S: Into<Cow<'a, str>>>(
        receiver: impl Into<Cow<'a, str>>,
        links: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut parts = vec![receiver.into()];
        parts.extend(links.into_iter().map(Into::into));
        Seg::Chain(parts)
    }

    /// The length of the part on one line.
    fn flat_len(&self) -> usize {
        match self {
            Seg::T(s) => s.len(),
            Seg::Chain(parts) => parts.iter().map(|p| p.len()).sum(),
            Seg::G(g) => {
                let items: usize = g.items.iter().map(|i| flat_len(i)).sum();
                g.open.len() + items + 2 * g.items.len().saturating_sub(1) + g.close.len()
            }
        }
    }

    fn push_flat(&self, out: &mut String) {
        match self {
            Seg::T(s) => out.push_str(s),
            Seg::Chain(parts) => parts.iter().for_each(|p| out.push_str(p)),
            Seg::G(g) => {
                out.push_str(&g.open);
                for (i, item) in g.items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    for s in item {
                        s.push_flat(out);
                    }
                }
                out.push_str(g.close);
            }
        }
    }
}

/// The length of `segs` on one line.
pub fn flat_len(segs: &[Seg<'_>]) -> usize {
    segs.iter().map(Seg::flat_len).sum()
}

/// The length of the text after a group up to the next place a line may break: the text
/// parts up to the next group and its opening, or, past the last group, `after`.
fn rest_len(segs: &[Seg<'_>], after: usize) -> usize {
    let mut n = 0;
    for s in segs {
        match s {
            Seg::T(t) => n += t.len(),
            Seg::G(g) => return n + g.open.len(),
            Seg::Chain(parts) => return n + parts.first().map_or(0, |p| p.len()),
        }
    }
    n + after
}

/// Formatted Rust being written.
pub struct Text {
    out: String,
}

impl Text {
    /// An empty text with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Text {
            out: String::with_capacity(capacity),
        }
    }

    fn indent(&mut self, indent: usize) {
        let mut left = indent;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.out.push_str(&SPACES[..n]);
            left -= n;
        }
    }

    /// One line at `indent` columns made of `parts`, whatever its length.
    pub fn line(&mut self, indent: usize, parts: &[&str]) {
        self.indent(indent);
        for p in parts {
            self.out.push_str(p);
        }
        self.out.push('\n');
    }

    /// A line (or, where its groups break, lines) at `indent` made of `segs`, then `end`,
    /// which counts towards the margin, then `uncounted` (a match arm's or a last field's
    /// comma), which does not.
    pub fn segs(&mut self, indent: usize, segs: &[Seg<'_>], end: &str, uncounted: &str) {
        self.segs_in(indent, indent, segs, end, uncounted);
    }

    /// [`Text::segs`] on a line at `indent` whose groups break as on a line at `inner`
    /// (the receiver of a broken method chain: its arguments one level deeper than the
    /// chain's calls).
    pub fn segs_in(
        &mut self,
        indent: usize,
        inner: usize,
        segs: &[Seg<'_>],
        end: &str,
        uncounted: &str,
    ) {
        self.indent(indent);
        let mut col = indent;
        self.put(inner, &mut col, segs, end.len());
        self.out.push_str(end);
        self.out.push_str(uncounted);
        self.out.push('\n');
    }

    /// Writes `segs` from column `col` of a line indented `indent` columns; `after` bytes
    /// follow them before the line may break.
    fn put(&mut self, indent: usize, col: &mut usize, segs: &[Seg<'_>], after: usize) {
        for (k, seg) in segs.iter().enumerate() {
            match seg {
                Seg::T(s) => {
                    self.out.push_str(s);
                    *col += s.len();
                }
                Seg::Chain(parts) => {
                    let len = seg.flat_len();
                    if fits(indent, *col, len + rest_len(&segs[k + 1..], after)) {
                        seg.push_flat(&mut self.out);
                        *col += len;
                        continue;
                    }
                    for (i, p) in parts.iter().enumerate() {
                        if i > 0 {
                            self.out.push('\n');
                            self.indent(indent + 4);
                            *col = indent + 4;
                        }
                        self.out.push_str(p);
                        *col += p.len();
                    }
                }
                Seg::G(g) => {
                    let len = seg.flat_len();
                    if fits(indent, *col, len + rest_len(&segs[k + 1..], after)) {
                        seg.push_flat(&mut self.out);
                        *col += len;
                        continue;
                    }
                    self.out.push_str(&g.open);
                    self.out.push('\n');
                    let last = g.items.len().saturating_sub(1);
                    for (i, item) in g.items.iter().enumerate() {
                        self.indent(indent + 4);
                        let mut c = indent + 4;
                        self.put(indent + 4, &mut c, item, usize::from(i < last));
                        self.out.push_str(",\n");
                    }
                    self.indent(indent);
                    self.out.push_str(g.close);
                    *col = indent + g.close.len();
                }
            }
        }
    }

    /// A match arm at `indent`: `pat => body,` when it fits (the comma is not counted),
    /// else the body in a block on a line of its own.
    pub fn arm(&mut self, indent: usize, pat: &str, body: &[Seg<'_>]) {
        if fits(indent, indent, pat.len() + 4 + flat_len(body)) {
            self.indent(indent);
            self.out.push_str(pat);
            self.out.push_str(" => ");
            for s in body {
                s.push_flat(&mut self.out);
            }
            self.out.push_str(",\n");
        } else {
            self.line(indent, &[pat, " => {"]);
            self.segs(indent + 4, body, "", "");
            self.line(indent, &["}"]);
        }
    }

    /// `Path { fields }` as the tail of a line at `indent`, after `prefix` (`Ok(`) and
    /// before `suffix` (`)`): on one line when the expression is at most 34 columns wide and
    /// the line fits, else one field per line. A field is `name: value`, the value's groups
    /// laid out at the field's line.
    pub fn struct_expr(
        &mut self,
        indent: usize,
        prefix: &str,
        path: &str,
        fields: &[Vec<Seg<'_>>],
        suffix: &str,
    ) {
        if fields.is_empty() {
            self.line(indent, &[prefix, path, " {}", suffix]);
            return;
        }
        let inner: usize =
            fields.iter().map(|f| flat_len(f)).sum::<usize>() + 2 * (fields.len() - 1);
        let flat = prefix.len() + path.len() + 4 + inner + suffix.len();
        if keep_flat(path.len() + inner + 4 <= 34 && indent + flat <= MARGIN) {
            self.indent(indent);
            self.out.push_str(prefix);
            self.out.push_str(path);
            self.out.push_str(" { ");
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                for s in f {
                    s.push_flat(&mut self.out);
                }
            }
            self.out.push_str(" }");
            self.out.push_str(suffix);
            self.out.push('\n');
        } else {
            self.line(indent, &[prefix, path, " {"]);
            let last = fields.len() - 1;
            for (i, f) in fields.iter().enumerate() {
                // A comma between fields counts towards the margin; the last one, added
                // only when the expression breaks, does not.
                if i < last {
                    self.segs(indent + 4, f, ",", "");
                } else {
                    self.segs(indent + 4, f, "", ",");
                }
            }
            self.line(indent, &["}", suffix]);
        }
    }

    /// `impl trait_ for name {` at `indent`; over the margin, `for name {` on a line of
    /// its own.
    pub fn impl_header(&mut self, indent: usize, trait_: &str, name: &str) {
        match fit(indent + "impl  for  {".len() + trait_.len() + name.len()) {
            Fit::Flat => self.line(indent, &["impl ", trait_, " for ", name, " {"]),
            Fit::Broken => {
                self.line(indent, &["impl ", trait_]);
                self.line(indent, &["for ", name, " {"]);
            }
        }
    }

    /// `impl trait_ for name {}` at `indent`, broken as [`Text::impl_header`].
    pub fn empty_impl(&mut self, indent: usize, trait_: &str, name: &str) {
        // `{}` instead of ` {`: the same length, so the header's layout is the same.
        self.impl_header(indent, trait_, name);
        self.out.truncate(self.out.len() - 2);
        self.out.push_str("{}\n");
    }

    /// `::tcapi::impl_serde!(Serialize, Deserialize for name);` at `indent`; over the
    /// margin, the macro's input on a line of its own.
    pub fn impl_serde(&mut self, indent: usize, name: &str) {
        const OPEN: &str = "::tcapi::impl_serde!(";
        const INPUT: &str = "Serialize, Deserialize for ";
        match fit(indent + OPEN.len() + INPUT.len() + name.len() + 2) {
            Fit::Flat => self.line(indent, &[OPEN, INPUT, name, ");"]),
            Fit::Broken => {
                self.line(indent, &[OPEN]);
                // The macro's input is filled into lines: the name goes on a line of its
                // own when it does not fit after `for`.
                match fit(indent + 4 + INPUT.len() + name.len()) {
                    Fit::Flat => self.line(indent + 4, &[INPUT, name]),
                    Fit::Broken => {
                        self.line(indent + 4, &[INPUT.trim_end()]);
                        self.line(indent + 4, &[name]);
                    }
                }
                self.line(indent, &[");"]);
            }
        }
    }

    /// Documentation lines (already escaped Markdown) at `indent` columns, whatever their
    /// length.
    pub fn doc(&mut self, indent: usize, markdown: &str) {
        let mut spaces = String::new();
        let spaces = match SPACES.get(..indent) {
            Some(s) => s,
            None => {
                spaces.push_str(&" ".repeat(indent));
                &spaces
            }
        };
        doc::push_lines(markdown, spaces, &mut self.out);
    }

    /// Text already laid out (whole lines).
    pub fn push_str(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// The text.
    pub fn finish(self) -> String {
        self.out
    }
}

/// The total length of `parts` joined by `sep`.
pub fn joined_len<'a>(parts: impl IntoIterator<Item = &'a str>, sep: &str) -> usize {
    let mut n = 0;
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            n += sep.len();
        }
        n += p.len();
    }
    n
}

/// `parts` joined by `sep`.
pub fn join(parts: &[String], sep: &str) -> String {
    let mut s = String::with_capacity(joined_len(parts.iter().map(String::as_str), sep));
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            s.push_str(sep);
        }
        s.push_str(p);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_break_over_the_margin() {
        assert_eq!(fit(40), Fit::Flat);
        assert_eq!(fit(MARGIN), Fit::Flat);
        assert_eq!(fit(MARGIN + 1), Fit::Broken);
    }

    fn call(indent: usize, name: &str, args: &[&str]) -> String {
        let mut t = Text::with_capacity(0);
        t.segs(
            indent,
            &[Seg::t(name), Seg::list("(", args.iter().copied(), ")")],
            ";",
            "",
        );
        t.finish()
    }

    #[test]
    fn a_call_breaks_one_argument_per_line() {
        assert_eq!(call(4, "f", &["a", "b"]), "    f(a, b);\n");
        let long = "x".repeat(80);
        assert_eq!(
            call(4, "f", &[&long, "b"]),
            format!("    f(\n        {long},\n        b,\n    );\n")
        );
    }

    #[test]
    fn nested_groups_break_at_their_own_column() {
        let inner = "y".repeat(80);
        let mut t = Text::with_capacity(0);
        t.segs(
            0,
            &[
                Seg::t("outer"),
                Seg::group(
                    "(",
                    vec![vec![
                        Seg::t("inner"),
                        Seg::list("(", [inner.as_str(), "z"], ")"),
                    ]],
                    ")",
                ),
            ],
            ";",
            "",
        );
        assert_eq!(
            t.finish(),
            format!("outer(\n    inner(\n        {inner},\n        z,\n    ),\n);\n")
        );
    }

    #[test]
    fn deep_lines_have_sixty_columns() {
        assert!(fits(40, 40, 60));
        assert!(!fits(40, 40, 61));
        assert!(fits(40, 50, 50));
        assert!(!fits(40, 50, 51));
        assert!(fits(0, 0, MARGIN));
        assert!(!fits(0, 0, MARGIN + 1));
    }
}
