//! A YAML document as a tree of nodes that remember where they stand in the file.
//!
//! Built from the events of `yaml-rust2` (a YAML 1.2 parser), so every value keeps its
//! `line:column` and the spec decoder can report every problem, not just the first.

use std::path::Path;
use std::sync::Arc;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
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

struct Builder {
    file: Arc<Path>,
    stack: Vec<(Pos, Frame, usize)>,
    anchors: Vec<(usize, Node)>,
    root: Option<Node>,
    docs: usize,
    errors: Vec<Diagnostic>,
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
            self.anchors.push((anchor, node.clone()));
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

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
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
                match self.anchors.iter().rev().find(|(a, _)| *a == id) {
                    Some((_, n)) => {
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

/// Parses one YAML document. A syntax error is reported at its position; an empty file is
/// a null root.
pub fn parse(file: &Arc<Path>, text: &str) -> Result<Node, Vec<Diagnostic>> {
    let mut b = Builder {
        file: Arc::clone(file),
        stack: Vec::new(),
        anchors: Vec::new(),
        root: None,
        docs: 0,
        errors: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut b, true) {
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
