//! Formatted Rust written line by line, laid out as prettyplease lays out the same items.
//!
//! prettyplease keeps a group of tokens on one line when it fits in its margin (89 columns)
//! and breaks it otherwise. The writers of fixed shapes decide the same way, with a safety
//! band around the margin: a line is written flat only when it is clearly shorter than the
//! margin, a group broken only when its flat form is clearly longer. Anything in between, or
//! a line of a broken group that would itself be near the margin, makes the writer give up
//! ([`Text::finish`] is `None`) and the caller print that item with prettyplease instead, so
//! the text is never different from what prettyplease prints.

use crate::rust::doc;

/// prettyplease's margin.
const MARGIN: usize = 89;

/// Lines up to this length are written flat.
pub const FLAT: usize = MARGIN - 3;

/// Groups whose flat form is at least this long are written broken.
const BROKEN: usize = MARGIN + 4;

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
/// included), or `None` when it is too close to the margin to be sure.
pub fn fit(flat_len: usize) -> Option<Fit> {
    if flat_len <= FLAT {
        Some(Fit::Flat)
    } else if flat_len >= BROKEN {
        Some(Fit::Broken)
    } else {
        None
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

    /// One line at `indent` columns made of `parts`; a line over [`FLAT`] spoils the text.
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
        if self.out.len() - start > FLAT {
            self.ok = false;
        }
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
    fn layout_is_decided_only_away_from_the_margin() {
        assert_eq!(fit(40), Some(Fit::Flat));
        assert_eq!(fit(FLAT), Some(Fit::Flat));
        assert_eq!(fit(MARGIN), None);
        assert_eq!(fit(BROKEN), Some(Fit::Broken));
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
        t.line(4, &["y".repeat(FLAT).as_str()]);
        assert!(t.finish().is_none());
    }
}
