//! Request bodies that are not JSON, read into the parameter object the checks take:
//! `multipart/form-data` forms (actions with `Binary` members) and raw
//! `application/octet-stream` bodies with their members in headers (`octet_stream` actions).
//!
//! A file part becomes the member's base64 text (the JSON form of `Binary`), a JSON part
//! (a list or data type) its parsed value, a text part a string; so the same parameter
//! checks run whatever the body's encoding, and scenario rules match decoded values.
//!
//! The form reader is our own ~150 lines rather than a crate: the body is already in
//! memory and bounded by the server's size limit, and the crates (`multer`) stream from an
//! async body, which the signature check has already consumed. Every bound is explicit:
//! at most [`MAX_PARTS`] parts, [`MAX_PART_HEADERS`] bytes of headers per part, a boundary of
//! at most 70 characters (RFC 2046), one linear search per delimiter.

use serde_json::{Map, Value};
use tcapi::Binary;
use tcapi_codegen::ir::{Payload, Ty};

use crate::catalog::ActionSpec;

/// The most parts a form may have.
pub const MAX_PARTS: usize = 1000;
/// The most bytes of headers one part may have.
pub const MAX_PART_HEADERS: usize = 16 * 1024;

/// The longest base64 text of a `Binary` member kept in a call record; a longer one is
/// replaced by `<N bytes of base64>`, so recorded calls (10,000 by default) of large
/// uploads do not hold their files.
pub const MAX_RECORDED_BINARY: usize = 64 * 1024;

/// Replaces the large `Binary` members of a checked request by their size.
pub fn elide_large_binary(action: &ActionSpec, request: &mut Value) {
    let Value::Object(m) = request else {
        return;
    };
    for f in action.request.fields.iter().filter(|f| f.ty == Ty::Binary) {
        if let Some(v) = m.get_mut(&f.wire) {
            if let Some(len) = v
                .as_str()
                .map(str::len)
                .filter(|&l| l > MAX_RECORDED_BINARY)
            {
                *v = Value::String(format!("<{len} bytes of base64>"));
            }
        }
    }
}

/// Why a body was refused: the common error code and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `InvalidParameter`, `MissingParameter`, ...
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

fn invalid(message: impl Into<String>) -> Refusal {
    Refusal {
        code: "InvalidParameter",
        message: message.into(),
    }
}

/// Whether a `Content-Type` value is of the media type `media` (case-insensitive,
/// parameters ignored).
pub fn is_media(content_type: &str, media: &str) -> bool {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .eq_ignore_ascii_case(media)
}

/// The `boundary` parameter of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Result<&str, Refusal> {
    let b = content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"'))
        .ok_or_else(|| invalid("the multipart form's Content-Type has no `boundary` parameter"))?;
    let ok_char = |c: char| c.is_ascii_alphanumeric() || "'()+_,-./:=? ".contains(c);
    if b.is_empty() || b.len() > 70 || !b.chars().all(ok_char) || b.ends_with(' ') {
        return Err(invalid(format!(
            "the multipart boundary {b:?} is not 1 to 70 characters of the set RFC 2046 allows"
        )));
    }
    Ok(b)
}

/// One part of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// `name` of its `Content-Disposition`.
    pub name: String,
    /// `filename`, for a file part.
    pub filename: Option<String>,
    /// Its `Content-Type`, when it has one.
    pub content_type: Option<String>,
    /// Its content.
    pub data: &'a [u8],
}

fn malformed(why: impl std::fmt::Display) -> Refusal {
    invalid(format!("the multipart form is malformed: {why}"))
}

/// Splits a form into its parts (RFC 7578). Text before the first delimiter and after the
/// closing one is ignored, as RFC 2046 says. An empty body is a form without parts: the
/// official SDKs send one when no member is set.
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, Refusal> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let next_delimiter = format!("\r\n--{boundary}");
    let finder = memchr::memmem::Finder::new(next_delimiter.as_bytes());
    // The first delimiter starts the body or follows a preamble line.
    let mut at = if body.starts_with(delimiter) {
        delimiter.len()
    } else {
        finder
            .find(body)
            .map(|i| i + next_delimiter.len())
            .ok_or_else(|| {
                malformed(format!(
                    "the boundary `{boundary}` does not occur in the body"
                ))
            })?
    };
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // Transport padding (spaces, tabs) may follow a delimiter.
        let pad = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if !rest[pad..].starts_with(b"\r\n") {
            return Err(malformed(format!(
                "part {}: the delimiter is not followed by CRLF",
                parts.len() + 1
            )));
        }
        if parts.len() == MAX_PARTS {
            return Err(malformed(format!("more than {MAX_PARTS} parts")));
        }
        let start = at + pad + 2;
        let (headers, content_start) = if body[start..].starts_with(b"\r\n") {
            (&[][..], start + 2)
        } else {
            let window = &body[start..body.len().min(start + MAX_PART_HEADERS + 4)];
            let Some(n) = memchr::memmem::find(window, b"\r\n\r\n") else {
                return Err(malformed(format!(
                    "part {}: no blank line ends its headers within {MAX_PART_HEADERS} bytes",
                    parts.len() + 1
                )));
            };
            (&body[start..start + n], start + n + 4)
        };
        let Some(len) = finder.find(&body[content_start..]) else {
            return Err(malformed(format!(
                "part {}: no delimiter ends it (the form must end with `--{boundary}--`)",
                parts.len() + 1
            )));
        };
        let mut part: Part<'a> = part_headers(headers, parts.len() + 1)?;
        part.data = &body[content_start..content_start + len];
        parts.push(part);
        at = content_start + len + next_delimiter.len();
    }
}

fn part_headers(headers: &[u8], n: usize) -> Result<Part<'static>, Refusal> {
    let text = std::str::from_utf8(headers)
        .map_err(|_| malformed(format!("part {n}: its headers are not UTF-8")))?;
    let mut disposition = None;
    let mut content_type = None;
    for line in text.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            return Err(malformed(format!(
                "part {n}: the header line {line:?} has no `:`"
            )));
        };
        let value = value.trim();
        if name.trim().eq_ignore_ascii_case("content-disposition") {
            disposition = Some(value);
        } else if name.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.to_owned());
        }
    }
    let Some(disposition) = disposition else {
        return Err(malformed(format!(
            "part {n} has no Content-Disposition header"
        )));
    };
    let params = disposition_params(disposition);
    if !params
        .first()
        .is_some_and(|(k, v)| v.is_none() && k.eq_ignore_ascii_case("form-data"))
    {
        return Err(malformed(format!(
            "part {n}: its Content-Disposition is not `form-data; name=\"...\"`: {disposition:?}"
        )));
    }
    let get = |key: &str| {
        params
            .iter()
            .skip(1)
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.clone())
    };
    let name = get("name")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| malformed(format!("part {n} has no `name` in its Content-Disposition")))?;
    Ok(Part {
        name,
        filename: get("filename"),
        content_type,
        data: &[],
    })
}

/// `form-data; name="a;b"; filename=x` → `[("form-data", None), ("name", Some("a;b")), ...]`;
/// quoted values may hold `;` and `\"`.
fn disposition_params(s: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ';' {
                break;
            }
            key.push(c);
            chars.next();
        }
        let mut value = None;
        if chars.peek() == Some(&'=') {
            chars.next();
            let mut v = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => v.extend(chars.next()),
                        '"' => break,
                        c => v.push(c),
                    }
                }
                // Up to the next `;`.
                for c in chars.by_ref() {
                    if c == ';' {
                        break;
                    }
                }
            } else {
                for c in chars.by_ref() {
                    if c == ';' {
                        break;
                    }
                    v.push(c);
                }
                v = v.trim().to_owned();
            }
            value = Some(v);
        } else {
            chars.next();
        }
        let key = key.trim().to_owned();
        if !key.is_empty() {
            out.push((key, value));
        }
        if chars.peek().is_none() {
            return out;
        }
    }
}

/// The parameters of a form, by the action's members: file parts of `Binary` members as
/// base64, JSON parts of lists and data types parsed, text parts as strings.
pub fn form_params(action: &ActionSpec, parts: &[Part<'_>]) -> Result<Map<String, Value>, Refusal> {
    let mut out = Map::new();
    for p in parts {
        let ty = action
            .request
            .fields
            .iter()
            .find(|f| f.wire == p.name)
            .map(|f| &f.ty);
        let value = match ty {
            Some(Ty::Binary) => Value::String(Binary::from(p.data).to_base64()),
            Some(Ty::List(_) | Ty::Struct(..)) => serde_json::from_slice(p.data)
                .map_err(|e| invalid(format!("the form field `{}` is not JSON: {e}", p.name)))?,
            _ => {
                Value::String(String::from_utf8(p.data.to_vec()).map_err(|_| {
                    invalid(format!("the form field `{}` is not UTF-8 text", p.name))
                })?)
            }
        };
        if out.insert(p.name.clone(), value).is_some() {
            return Err(invalid(format!(
                "the form field `{}` is given twice",
                p.name
            )));
        }
    }
    Ok(out)
}

/// The parameters of a raw body: the body member as base64, each header member from its
/// header (`header` looks a header up by name, case-insensitively).
pub fn octet_params<'h>(
    action: &ActionSpec,
    body: &[u8],
    header: impl Fn(&str) -> Option<&'h [u8]>,
) -> Result<Map<String, Value>, Refusal> {
    let Payload::OctetStream {
        body: member,
        headers,
    } = &action.payload
    else {
        return Err(invalid(format!(
            "`{}` takes its parameters as JSON or as a multipart form, not as a raw application/octet-stream body",
            action.name
        )));
    };
    let mut out = Map::new();
    let body_field = action.request.fields.iter().find(|f| &f.wire == member);
    if body.is_empty() {
        if body_field.is_some_and(|f| f.required) {
            return Err(Refusal {
                code: "MissingParameter",
                message: format!(
                    "the body is empty: `{}` takes `{member}` as its raw body",
                    action.name
                ),
            });
        }
    } else {
        out.insert(
            member.clone(),
            Value::String(Binary::from(body).to_base64()),
        );
    }
    for (m, h) in headers {
        match header(h) {
            None => {
                if action
                    .request
                    .fields
                    .iter()
                    .any(|f| &f.wire == m && f.required)
                {
                    return Err(Refusal {
                        code: "MissingParameter",
                        message: format!("the required parameter `{m}` (header {h}) is missing"),
                    });
                }
            }
            Some(v) => {
                let text = std::str::from_utf8(v)
                    .map_err(|_| invalid(format!("the header {h} (`{m}`) is not UTF-8 text")))?;
                out.insert(m.clone(), Value::String(text.to_owned()));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_official_sdks_form_reads_back() {
        let body = b"--B0\r\nContent-Disposition: form-data; name=\"Name\"\r\n\r\n\xe5\x90\x8d\r\n--B0\r\nContent-Disposition: form-data; name=\"Tags\"\r\nContent-Type: application/json\r\n\r\n[\"a\"]\r\n--B0\r\nContent-Disposition: form-data; name=\"File\"; filename=\"File\"\r\n\r\n\x00\xff\r\n--x\r\n--B0--\r\n";
        let parts = parse(body, "B0").unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].name, "Name");
        assert_eq!(parts[0].data, "名".as_bytes());
        assert_eq!(parts[1].content_type.as_deref(), Some("application/json"));
        assert_eq!(parts[2].filename.as_deref(), Some("File"));
        assert_eq!(parts[2].data, b"\x00\xff\r\n--x");
    }

    /// Random forms written by the runtime's encoder (the one the client sends) read back
    /// part for part; random corruptions of them are refused or read, never a panic.
    #[test]
    fn random_forms_round_trip_and_corruptions_never_panic() {
        use tcapi::payload::Multipart;
        let mut rng = fastrand::Rng::with_seed(0xf0_4d5);
        let names = ["File", "Name", "名称", "a;b", "Tags", "X"];
        let pieces: [&[u8]; 7] = [b"\r\n", b"--", b"\x00", b"\xff", b"abc", b"\r\n--", b"\""];
        for _ in 0..400 {
            let mut form = Multipart::new();
            let mut want = Vec::new();
            for i in 0..rng.usize(0..6) {
                let name = format!("{}{i}", names[rng.usize(..names.len())]);
                let data: Vec<u8> = (0..rng.usize(0..8))
                    .flat_map(|_| pieces[rng.usize(..pieces.len())].iter().copied())
                    .collect();
                if rng.bool() {
                    form = form.file(name.clone(), name.clone(), data.clone());
                    want.push((name.clone(), Some(name), data));
                } else {
                    let text = String::from_utf8_lossy(&data).into_owned();
                    form = form.text(name.clone(), text.clone());
                    want.push((name, None, text.into_bytes()));
                }
            }
            let boundary = form.boundary();
            let body = form.encode(&boundary);
            let parts = parse(&body, &boundary).unwrap();
            let got: Vec<(String, Option<String>, Vec<u8>)> = parts
                .iter()
                .map(|p| (p.name.clone(), p.filename.clone(), p.data.to_vec()))
                .collect();
            assert_eq!(got, want);
            for _ in 0..5 {
                let mut bad = body.to_vec();
                if bad.is_empty() {
                    break;
                }
                for _ in 0..rng.usize(1..4) {
                    let at = rng.usize(..bad.len());
                    match rng.u32(0..3) {
                        0 => bad[at] = rng.u8(..),
                        1 => {
                            bad.remove(at);
                        }
                        _ => bad.truncate(at),
                    }
                    if bad.is_empty() {
                        break;
                    }
                }
                let _ = parse(&bad, &boundary);
            }
        }
    }

    #[test]
    fn the_node_sdks_file_parts_read_back_too() {
        // No file name, a part Content-Type instead.
        let body = b"--n\r\nContent-Disposition: form-data; name=\"File\"\r\nContent-Type: application/octet-stream\r\n\r\n\x01\x02\r\n--n--\r\n";
        let parts = parse(body, "n").unwrap();
        assert_eq!(parts[0].filename, None);
        assert_eq!(
            parts[0].content_type.as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(parts[0].data, b"\x01\x02");
    }

    #[test]
    fn quoted_names_preambles_and_empty_forms() {
        let body = b"preamble\r\n--b\r\nContent-Disposition: form-data; name=\"a;\\\"b\"; filename=f.bin\r\n\r\n\r\n--b--";
        let parts = parse(body, "b").unwrap();
        assert_eq!(parts[0].name, "a;\"b");
        assert_eq!(parts[0].filename.as_deref(), Some("f.bin"));
        assert_eq!(parts[0].data, b"");
        assert_eq!(parse(b"--b--\r\n", "b").unwrap(), Vec::new());
        assert_eq!(parse(b"", "b").unwrap(), Vec::new());
    }

    #[test]
    fn malformed_forms_say_what_is_wrong() {
        for (body, what) in [
            (&b"nothing here"[..], "does not occur"),
            (b"--bX", "not followed by CRLF"),
            (
                b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",
                "no delimiter ends it",
            ),
            (
                b"--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--",
                "no Content-Disposition",
            ),
            (
                b"--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b--",
                "is not `form-data",
            ),
            (
                b"--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--",
                "has no `name`",
            ),
            (b"--b\r\nbroken header\r\n\r\nv\r\n--b--", "has no `:`"),
        ] {
            let e = parse(body, "b").unwrap_err();
            assert_eq!(e.code, "InvalidParameter");
            assert!(e.message.contains(what), "{what}: {}", e.message);
        }
        let many = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n"
            .repeat(MAX_PARTS + 1)
            + "--b--";
        assert!(
            parse(many.as_bytes(), "b")
                .unwrap_err()
                .message
                .contains("more than")
        );
        let long = format!(
            "--b\r\nX: {}\r\n\r\nv\r\n--b--",
            "x".repeat(MAX_PART_HEADERS)
        );
        assert!(
            parse(long.as_bytes(), "b")
                .unwrap_err()
                .message
                .contains("blank line")
        );
    }

    #[test]
    fn boundaries_from_the_content_type() {
        assert_eq!(
            boundary("multipart/form-data; boundary=abc").unwrap(),
            "abc"
        );
        assert_eq!(
            boundary("multipart/form-data; charset=x; Boundary=\"a b\"").unwrap(),
            "a b"
        );
        assert!(boundary("multipart/form-data").is_err());
        assert!(boundary(&format!("multipart/form-data; boundary={}", "a".repeat(71))).is_err());
        assert!(is_media(
            "Multipart/Form-Data; boundary=x",
            "multipart/form-data"
        ));
        assert!(is_media(
            " application/octet-stream ",
            "application/octet-stream"
        ));
        assert!(!is_media(
            "application/octet-streams",
            "application/octet-stream"
        ));
    }
}
