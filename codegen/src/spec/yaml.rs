//! A YAML document as a tree of nodes that remember where they stand in the file.
//!
//! Built from the events of `yaml-rust2` (a YAML 1.2 parser), so every value keeps its
//! `line:column` and the spec decoder can report every problem, not just the first.

use std::path::Path;
use std::sync::Arc;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diag::{Diagnostic, Pos};

/// A YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub pos: Pos,
    /// The value.
    pub kind: Kind,
}

/// The shape of a YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A scalar; `plain` is false when it was quoted or a block (so `"true"` stays a string).
    Scalar {
        /// The text.
        text: String,
        /// Written without quotes.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order (repeated keys are kept, for the decoder to report).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// Whether this is a null (`~`, `null`, or nothing).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The scalar text, if a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A short name of the node's shape, for messages.
    pub fn shape(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "nothing (null)",
            Kind::Scalar { .. } => "a scalar",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// The deepest nesting of lists and mappings a spec may use (specs need fewer than 10).
pub const MAX_DEPTH: usize = 64;

/// Values that aliases may add to a document, beyond what is written: an alias is a copy
/// of its anchor's value, so nested aliases grow exponentially ("billion laughs"). Each
/// copied value weighs 1 plus its text's length.
pub fn alias_budget(text_len: usize) -> usize {
    (1 << 20).max(4 * text_len)
}

struct Builder {
    file: Arc<Path>,
    stack: Vec<(Pos, Frame, usize)>,
    /// Anchored values and their weights.
    anchors: Vec<(usize, Node, usize)>,
    root: Option<Node>,
    docs: usize,
    errors: Vec<Diagnostic>,
    /// What aliases may still add.
    budget: usize,
    /// Set once a limit is hit: the rest of the document is not built.
    stopped: bool,
}

/// The weight of a value: its nodes plus the length of its texts.
fn weight(n: &Node) -> usize {
    let mut total = 0usize;
    let mut todo = vec![n];
    while let Some(n) = todo.pop() {
        total += 1;
        match &n.kind {
            Kind::Scalar { text, .. } => total += text.len(),
            Kind::Seq(items) => todo.extend(items),
            Kind::Map(entries) => {
                for (k, v) in entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
        }
    }
    total
}

enum Frame {
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>, Option<Node>),
}

impl Builder {
    fn pos(&self, m: &Marker) -> Pos {
        Pos::new(&self.file, m.line(), m.col() + 1)
    }

    fn push_value(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            let w = weight(&node);
            self.anchors.push((anchor, node.clone(), w));
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some((_, Frame::Seq(items), _)) => items.push(node),
            Some((_, Frame::Map(entries, key), _)) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

impl Builder {
    fn stop(&mut self, pos: &Pos, message: String, hint: &str) {
        self.errors.push(Diagnostic::new(pos, message).hint(hint));
        self.stopped = true;
    }

    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.stopped {
            return;
        }
        match ev {
            Event::DocumentStart => {
                self.docs += 1;
                if self.docs == 2 {
                    let pos = self.pos(&mark);
                    self.errors.push(
                        Diagnostic::new(
                            &pos,
                            "a spec file holds one YAML document, this is a second one",
                        )
                        .hint("remove the `---` separator; put one service version per file"),
                    );
                }
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let pos = self.pos(&mark);
                let plain = matches!(style, TScalarStyle::Plain);
                self.push_value(
                    Node {
                        pos,
                        kind: Kind::Scalar { text, plain },
                    },
                    anchor,
                );
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.stack.len() >= MAX_DEPTH => {
                let pos = self.pos(&mark);
                self.stop(
                    &pos,
                    format!("lists and mappings are nested more than {MAX_DEPTH} deep here"),
                    "a spec nests a few levels; write the value flat",
                );
            }
            Event::SequenceStart(anchor, _) => {
                let pos = self.pos(&mark);
                self.stack.push((pos, Frame::Seq(Vec::new()), anchor));
            }
            Event::MappingStart(anchor, _) => {
                let pos = self.pos(&mark);
                self.stack.push((pos, Frame::Map(Vec::new(), None), anchor));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((pos, frame, anchor)) = self.stack.pop() {
                    // A block mapping's start mark is unreliable; its first key's is exact.
                    let mut pos = pos;
                    let kind = match frame {
                        Frame::Seq(items) => Kind::Seq(items),
                        Frame::Map(entries, _) => {
                            if let Some((k, _)) = entries.first() {
                                if k.pos < pos {
                                    pos = k.pos.clone();
                                }
                            }
                            Kind::Map(entries)
                        }
                    };
                    self.push_value(Node { pos, kind }, anchor);
                }
            }
            Event::Alias(id) => {
                let pos = self.pos(&mark);
                match self.anchors.iter().rev().find(|(a, ..)| *a == id) {
                    Some((_, _, w)) if *w > self.budget => {
                        let budget = alias_budget(0);
                        self.stop(
                            &pos,
                            "aliases here expand the document past what its text holds (each alias is a copy of its anchor)".to_owned(),
                            &format!("write the values out, or use fewer nested aliases (they may add at most {budget} values, or four times the file's size)"),
                        );
                    }
                    Some((_, n, w)) => {
                        self.budget -= *w;
                        let mut n = n.clone();
                        n.pos = pos;
                        self.push_value(n, 0);
                    }
                    None => self
                        .errors
                        .push(Diagnostic::new(&pos, "alias to an unknown anchor")),
                }
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
}

/// The line and column (1-based, in characters) of byte `offset` of `bytes`.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// A spec file's bytes as text: UTF-8, without NUL bytes; a leading byte-order mark is
/// dropped (YAML allows it), one anywhere else is an error. Each problem is located.
pub fn text_of(file: &Arc<Path>, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let at = |offset: usize| {
        let (line, col) = line_col(&bytes, offset);
        Pos::new(file, line, col)
    };
    let text = match String::from_utf8(bytes.clone()) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            return Err(Diagnostic::new(
                &at(offset),
                format!(
                    "the file is not UTF-8 text: byte 0x{:02x} here does not start a character",
                    bytes[offset]
                ),
            )
            .hint("save the spec as UTF-8"));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let skipped = bytes.len() - text.len();
    if let Some(i) = text.find('\0') {
        return Err(Diagnostic::new(&at(i + skipped), "a NUL byte: spec files are text")
            .hint("remove it (a YAML parser would take it for the end of the file and drop what follows)"));
    }
    if let Some(i) = text.find('\u{feff}') {
        return Err(Diagnostic::new(
            &at(i + skipped),
            "a byte-order mark (U+FEFF) inside the file",
        )
        .hint("remove it; only the file's very first character may be one"));
    }
    Ok(text)
}

/// Parses one YAML document. A syntax error is reported at its position; an empty file is
/// a null root. Nesting is limited to [`MAX_DEPTH`] and what aliases add to
/// [`alias_budget`], so memory stays in proportion to the text.
pub fn parse(file: &Arc<Path>, text: &str) -> Result<Node, Vec<Diagnostic>> {
    let mut b = Builder {
        file: Arc::clone(file),
        stack: Vec::new(),
        anchors: Vec::new(),
        root: None,
        docs: 0,
        errors: Vec::new(),
        budget: alias_budget(text.len()),
        stopped: false,
    };
    if let Some(i) = text.find('\0') {
        let (line, col) = line_col(text.as_bytes(), i);
        return Err(vec![
            Diagnostic::new(&Pos::new(file, line, col), "a NUL byte: spec files are text")
                .hint("remove it (a YAML parser would take it for the end of the file and drop what follows)"),
        ]);
    }
    // Events one by one, not `Parser::load`: it recurses per nesting level and so
    // overflows the stack on deep input before any limit of ours could apply.
    let mut parser = Parser::new_from_str(text.strip_prefix('\u{feff}').unwrap_or(text));
    let result = loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break Ok(()),
            Ok((ev, mark)) => {
                b.on_event(ev, mark);
                if b.stopped {
                    break Ok(());
                }
            }
            Err(e) => break Err(e),
        }
    };
    if let Err(e) = result {
        let m = e.marker();
        let pos = Pos::new(file, m.line(), m.col() + 1);
        let mut msg = format!("YAML syntax error: {}", e.info());
        if e.info().contains("mapping values are not allowed") {
            msg.push_str(" (a value containing `: ` must be quoted)");
        }
        b.errors.push(
            Diagnostic::new(&pos, msg)
                .hint("fix the YAML syntax here (indentation, quoting, or a missing `:`); quote text that contains `: ` or starts with `[`, `{`, `*`, `&`, `!`, `%`, `@` or a backquote"),
        );
    }
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    Ok(b.root.unwrap_or(Node {
        pos: Pos::new(file, 1, 1),
        kind: Kind::Scalar {
            text: String::new(),
            plain: true,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<Path> {
        Arc::from(Path::new("t.yaml"))
    }

    #[test]
    fn positions_are_one_based() {
        let n = parse(&file(), "a:\n  b: [x, y]\n").unwrap();
        let Kind::Map(e) = &n.kind else { panic!() };
        assert_eq!((e[0].0.pos.line, e[0].0.pos.col), (1, 1));
        let Kind::Map(inner) = &e[0].1.kind else {
            panic!()
        };
        assert_eq!((inner[0].0.pos.line, inner[0].0.pos.col), (2, 3));
        let Kind::Seq(items) = &inner[0].1.kind else {
            panic!()
        };
        assert_eq!((items[1].pos.line, items[1].pos.col), (2, 10));
    }

    #[test]
    fn syntax_error_has_position() {
        let e = parse(&file(), "a:\n  b: c: d\n").unwrap_err();
        assert_eq!(e[0].pos.line, 2);
        assert!(
            e[0].message.starts_with("YAML syntax error"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn quoted_scalars_are_not_plain() {
        let n = parse(&file(), "a: 'true'\n").unwrap();
        let Kind::Map(e) = &n.kind else { panic!() };
        assert_eq!(
            e[0].1.kind,
            Kind::Scalar {
                text: "true".into(),
                plain: false
            }
        );
    }
}
