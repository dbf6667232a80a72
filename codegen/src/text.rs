//! Text safety every medium shares: bidirectional control characters, which can make text
//! read differently from what it holds ("Trojan Source"), are removed from spec prose on its
//! way into rustdoc, Markdown and HTML. (String literals escape them instead: `\u{202e}`.)

use std::borrow::Cow;

/// The bidirectional embedding, override and isolate controls (the characters rustc's
/// deny-by-default `text_direction_codepoint_in_literal` and `_in_comment` lints reject).
pub const BIDI_CONTROLS: &[char] = &[
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// `s` without bidirectional controls; borrowed when it holds none (nearly always).
pub fn without_bidi(s: &str) -> Cow<'_, str> {
    // Every control is encoded in UTF-8 from the byte 0xE2: text without one (nearly all)
    // is passed by a byte search instead of a test of every character.
    if s.as_bytes().contains(&0xE2) && s.contains(BIDI_CONTROLS) {
        Cow::Owned(s.chars().filter(|c| !BIDI_CONTROLS.contains(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_bidi_controls() {
        assert_eq!(without_bidi("a\u{202E}b\u{2066}c é"), "abc é");
        assert!(matches!(without_bidi("plain 中文"), Cow::Borrowed(_)));
    }
}
