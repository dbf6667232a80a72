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
    if has_bidi(s) {
        Cow::Owned(s.chars().filter(|c| !BIDI_CONTROLS.contains(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether `s` holds a bidirectional control. Every one is encoded `E2 80 AA`–`E2 80 AE` or
/// `E2 81 A6`–`E2 81 A9`: looking for those bytes is several times faster than decoding each
/// character and comparing it with the nine (whole pages of docs go through here).
fn has_bidi(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut rest = bytes;
    while let Some(i) = rest.iter().position(|&b| b == 0xE2) {
        if let [_, second, third, ..] = rest[i..] {
            if matches!((second, third), (0x80, 0xAA..=0xAE) | (0x81, 0xA6..=0xA9)) {
                return true;
            }
        }
        rest = &rest[i + 1..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_bidi_controls() {
        assert_eq!(without_bidi("a\u{202E}b\u{2066}c é"), "abc é");
        assert!(matches!(without_bidi("plain 中文"), Cow::Borrowed(_)));
    }

    #[test]
    fn finds_exactly_the_bidi_controls() {
        for c in BIDI_CONTROLS {
            assert!(has_bidi(&format!("a › {c}")), "{c:?}");
        }
        // Every other character of the block they are in, and at the end of the text.
        for c in ('\u{2000}'..='\u{20FF}').filter(|c| !BIDI_CONTROLS.contains(c)) {
            assert!(!has_bidi(&format!("x{c}y{c}")), "{c:?}");
        }
    }
}
