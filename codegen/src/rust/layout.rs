//! Formatted Rust written line by line, laid out as prettyplease lays out the same items.
//!
//! prettyplease keeps a group of tokens on one line when it fits in its margin (89 columns)
//! and breaks it otherwise. The writers of fixed shapes make the same decisions for the
//! groups they write (a struct expression, a signature, an array, a use group, an impl
//! header); a line they cannot lay out for sure (a group broken inside a broken group) makes
//! the writer give up ([`Text::finish`] is `None`), and the caller prints that item with
//! prettyplease instead. The tests in `layout_tests` compare every writer with prettyplease
//! over the test specs and over names and values of every length across the margin.

use crate::rust::doc;

/// prettyplease's margin.
pub const MARGIN: usize = 89;

/// Spaces for indentation, up to the deepest indentation the writers produce flat.
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
/// included).
pub fn fit(flat_len: usize) -> Fit {
    if flat_len <= MARGIN {
        Fit::Flat
    } else {
        Fit::Broken
    }
}

/// A string literal as Rust (and prettyplease) writes it: the only way spec text reaches
/// the code written here.
pub fn lit(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// Text being written; it stops being usable (see [`Text::finish`]) when a line could be
/// laid out differently by prettyplease.
pub struct Text {
    out: String,
    ok: bool,
}

impl Text {
    /// An empty text with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Text {
            out: String::with_capacity(capacity),
            ok: true,
        }
    }

    /// One line at `indent` columns made of `parts`; a line over the [`MARGIN`] spoils
    /// the text.
    pub fn line(&mut self, indent: usize, parts: &[&str]) {
        let Some(spaces) = SPACES.get(..indent) else {
            self.ok = false;
            return;
        };
        let start = self.out.len();
        self.out.push_str(spaces);
        for p in parts {
            self.out.push_str(p);
        }
        if self.out.len() - start > MARGIN {
            self.ok = false;
        }
        self.out.push('\n');
    }

    /// `impl trait_ for name {` at `indent`; over the margin, `for name {` on a line of
    /// its own, as prettyplease breaks an impl's header.
    pub fn impl_header(&mut self, indent: usize, trait_: &str, name: &str) {
        match fit(indent + "impl  for  {".len() + trait_.len() + name.len()) {
            Fit::Flat => self.line(indent, &["impl ", trait_, " for ", name, " {"]),
            Fit::Broken => {
                self.line(indent, &["impl ", trait_]);
                self.line(indent, &["for ", name, " {"]);
            }
        }
    }

    /// `::tcapi::impl_serde!(Serialize, Deserialize for name);` at `indent`; over the
    /// margin, the macro's input on a line of its own, as prettyplease breaks a macro call.
    pub fn impl_serde(&mut self, indent: usize, name: &str) {
        const OPEN: &str = "::tcapi::impl_serde!(";
        const INPUT: &str = "Serialize, Deserialize for ";
        match fit(indent + OPEN.len() + INPUT.len() + name.len() + 2) {
            Fit::Flat => self.line(indent, &[OPEN, INPUT, name, ");"]),
            Fit::Broken => {
                self.line(indent, &[OPEN]);
                self.line(indent + 4, &[INPUT, name]);
                self.line(indent, &[");"]);
            }
        }
    }

    /// [`Text::line`] followed by `end` (a `,` or `;`), which prettyplease leaves out when it
    /// measures whether the line fits.
    pub fn line_then(&mut self, indent: usize, parts: &[&str], end: &str) {
        self.line(indent, parts);
        self.out.pop();
        self.out.push_str(end);
        self.out.push('\n');
    }

    /// Documentation lines (already escaped Markdown) at `indent` columns: prettyplease
    /// writes doc comments as they are, whatever their length.
    pub fn doc(&mut self, indent: usize, markdown: &str) {
        match SPACES.get(..indent) {
            Some(spaces) => doc::push_lines(markdown, spaces, &mut self.out),
            None => self.ok = false,
        }
    }

    /// Marks the text as one prettyplease would lay out differently.
    pub fn give_up(&mut self) {
        self.ok = false;
    }

    /// Whether the text is still usable.
    pub fn ok(&self) -> bool {
        self.ok
    }

    /// The text, unless some line could differ from prettyplease's.
    pub fn finish(self) -> Option<String> {
        self.ok.then_some(self.out)
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

    #[test]
    fn long_lines_spoil_the_text() {
        let mut t = Text::with_capacity(0);
        t.line(8, &["short"]);
        t.doc(4, &"x".repeat(200));
        assert_eq!(
            t.finish().as_deref(),
            Some(format!("        short\n    /// {}\n", "x".repeat(200)).as_str())
        );
        let mut t = Text::with_capacity(0);
        t.line(4, &["y".repeat(MARGIN).as_str()]);
        assert!(t.finish().is_none());
    }
}
