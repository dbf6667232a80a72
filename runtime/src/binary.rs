//! [`Binary`]: the bytes of a spec member of type `Binary` (a file's content).
//!
//! Tencent documents such members (e.g. `cii` `DescribeQualityScore.File`) as parts of a
//! `multipart/form-data` request, not as JSON members. This type is their value in generated
//! structs. A generated request with a `Binary` member sends it as a file part of a form
//! (its [`Action::payload`](crate::Action::payload), see [`crate::payload`]), or as the raw
//! body of an `octet_stream` action; in the JSON wire traits (used for JSON bodies, the
//! `serde` feature and the documented examples) a `Binary` is a standard base64 string
//! (RFC 4648, with padding).

use std::fmt;

use crate::json::{FromJson, JsonError, ToJson, Value, Writer};

/// Bytes, written to JSON as base64.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Binary(pub Vec<u8>);

impl Binary {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The standard base64 text of the bytes.
    pub fn to_base64(&self) -> String {
        encode(&self.0)
    }

    /// Decodes standard base64 (padding optional, ASCII whitespace ignored).
    pub fn from_base64(text: &str) -> Result<Binary, String> {
        decode(text).map(Binary)
    }
}

impl fmt::Debug for Binary {
    /// The length only: a file's content in a log line helps nobody.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Binary {
    fn from(v: Vec<u8>) -> Self {
        Binary(v)
    }
}

impl From<&[u8]> for Binary {
    fn from(v: &[u8]) -> Self {
        Binary(v.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for Binary {
    fn from(v: &[u8; N]) -> Self {
        Binary(v.to_vec())
    }
}

impl From<Binary> for Vec<u8> {
    fn from(b: Binary) -> Self {
        b.0
    }
}

impl ToJson for Binary {
    fn write_json(&self, w: &mut Writer) {
        if w.for_debug() {
            // `Debug` of the struct holding it: the length, as `Binary`'s own `Debug`.
            w.string(&format!("{self:?}"));
        } else {
            w.string(&encode(&self.0));
        }
    }
}

impl FromJson for Binary {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        match v {
            Value::String(s) => decode(s)
                .map(Binary)
                .map_err(|why| JsonError::new(format!("not base64 ({why})"))),
            Value::Null => Ok(Binary::default()),
            other => Err(JsonError::new(format!(
                "expected a base64 string, found {}",
                match other {
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    Value::Array(_) => "an array",
                    _ => "an object",
                }
            ))),
        }
    }
}

// Base64 by hand: 40 lines against a dependency for one member type of one service.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits, mut padding) = (0u32, 0u32, 0usize);
    for (at, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            c if c.is_ascii_whitespace() => continue,
            _ => return Err(format!("unexpected character at byte {at}")),
        };
        if padding > 0 {
            return Err(format!("data after padding at byte {at}"));
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // 2 or 4 bits left over are the padding of a partial group; 6 means a lone character.
    if bits >= 6 || padding > 2 || acc != 0 {
        return Err("truncated or not canonical".to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (raw, b64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(raw.as_bytes()), b64);
            assert_eq!(decode(b64).unwrap(), raw.as_bytes());
        }
        assert_eq!(decode("Zm9vYg").unwrap(), b"foob", "padding is optional");
        assert!(decode("Zm9v!").is_err());
        assert!(decode("Z").is_err());
        assert!(decode("Zg==Zg").is_err());
    }

    #[test]
    fn every_byte_string_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        for n in 0..all.len() {
            let b = Binary::from(&all[n..]);
            assert_eq!(Binary::from_base64(&b.to_base64()).unwrap(), b);
        }
    }

    #[test]
    fn debug_of_a_holder_shows_the_length_not_the_bytes() {
        struct Upload(Binary);
        impl ToJson for Upload {
            fn write_json(&self, w: &mut Writer) {
                let mut o = w.object();
                o.field("File", &self.0);
                o.end();
            }
        }
        impl fmt::Debug for Upload {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                crate::json::debug(self, "Upload", f)
            }
        }
        let u = Upload(Binary(vec![7; 1 << 20]));
        assert_eq!(
            format!("{u:?}"),
            r#"Upload {"File":"Binary(1048576 bytes)"}"#
        );
        // The wire form is still the content.
        assert_eq!(crate::json::to_string(&u).len(), 1_398_115);
    }

    #[test]
    fn json_is_a_base64_string() {
        let b = Binary::from(b"\x00\xffhi");
        let mut w = Writer::default();
        b.write_json(&mut w);
        assert_eq!(String::from_utf8(w.into_inner()).unwrap(), "\"AP9oaQ==\"");
        let back = Binary::from_json(&Value::String("AP9oaQ==".into())).unwrap();
        assert_eq!(back, b);
        assert!(Binary::from_json(&Value::Bool(true)).is_err());
        assert!(Binary::from_json(&Value::String("***".into())).is_err());
        assert_eq!(format!("{b:?}"), "Binary(4 bytes)");
    }
}
