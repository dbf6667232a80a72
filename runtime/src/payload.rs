//! Request bodies other than JSON: `multipart/form-data` uploads and raw
//! `application/octet-stream` bodies.
//!
//! Most actions take a JSON object ([`Payload::Json`], the default of
//! [`Action::payload`](crate::Action::payload)). Actions with binary parameters take a
//! [`Multipart`] form (text fields, JSON fields, file parts), and a few take the raw bytes as
//! the whole body with their parameters in headers ([`OctetStream`]). Generated requests
//! build both themselves: a request with a `Binary` member returns a form (each `Binary` a
//! file part with [`Multipart::binary`], scalars with [`Multipart::scalar`], lists and data
//! types with [`Multipart::json`]), an action whose spec has `octet_stream` a raw body with
//! [`OctetStream::scalar`] headers. Either way the request is signed with TC3-HMAC-SHA256
//! over the exact bytes sent: the `Content-Type` in the canonical headers is the one sent
//! (for a form, with its boundary), and the payload hash is the SHA-256 of the encoded body,
//! as the official SDKs do.
//!
//! The form encoding is `tencentcloud-sdk-python`'s: each part is
//! `--<boundary>\r\nContent-Disposition: form-data; name="<name>"`, then
//! `; filename="<file name>"` for a file part (and `Content-Type` when one is given), or
//! `Content-Type: application/json` for a JSON field, a blank line, the value and `\r\n`;
//! the form ends with `--<boundary>--\r\n`, and a form without parts is an empty body. The
//! boundary is 32 random hex digits, drawn again in the (astronomically unlikely) case it
//! occurs in a part. (The Node SDK writes file parts without a file name and with
//! `Content-Type: application/octet-stream`; Tencent Cloud takes both.)

use std::borrow::Cow;
use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};

use crate::binary::Binary;
use crate::json::ToJson;

/// A scalar member's value as the text of a form field or a header: a string as it is, a
/// number or a boolean as its JSON text (`20`, `0.5`, `true`).
///
/// Neither official SDK sends numbers or booleans in a form (the Python SDK fails on them,
/// the Node SDK leaves them out of what it signs); their JSON text is what a service that
/// reads form fields as JSON scalars, like the rest of API 3.0, understands.
pub trait FormText {
    /// The text.
    fn form_text(&self) -> Cow<'_, str>;
}

impl FormText for str {
    fn form_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl FormText for String {
    fn form_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl FormText for bool {
    fn form_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl FormText for i64 {
    fn form_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

impl FormText for u64 {
    fn form_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

impl FormText for f64 {
    /// The JSON writer's text, so a form field reads as the same number as a JSON body.
    fn form_text(&self) -> Cow<'_, str> {
        Cow::Owned(crate::json::to_string(self))
    }
}

/// How a request's body is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// The request's JSON ([`ToJson`]), `Content-Type: application/json`.
    Json,
    /// A `multipart/form-data` form.
    Multipart(Multipart),
    /// Raw bytes, `Content-Type: application/octet-stream`, parameters in headers.
    OctetStream(OctetStream),
}

/// The `Content-Type` of a form without its boundary.
pub const CONTENT_TYPE_MULTIPART: &str = "multipart/form-data";

/// The `Content-Type` of a raw body.
pub const CONTENT_TYPE_OCTET_STREAM: &str = "application/octet-stream";

#[derive(Clone, PartialEq, Eq)]
enum Value {
    Text(String),
    Json(Bytes),
    File {
        filename: String,
        content_type: Option<String>,
        data: Bytes,
    },
}

#[derive(Clone, PartialEq, Eq)]
struct Part {
    name: String,
    value: Value,
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // File contents can be large and binary: their length only.
        match &self.value {
            Value::Text(t) => write!(f, "{}: text({} bytes)", self.name, t.len()),
            Value::Json(j) => write!(f, "{}: json({} bytes)", self.name, j.len()),
            Value::File { filename, data, .. } => {
                write!(f, "{}: file {filename:?} ({} bytes)", self.name, data.len())
            }
        }
    }
}

/// A `multipart/form-data` form: fields and file parts, in order.
///
/// ```
/// use tcapi::payload::Multipart;
/// let form = Multipart::new()
///     .text("Name", "report")
///     .json("Tags", &vec!["a".to_owned(), "b".to_owned()])
///     .file("File", "report.pdf", b"%PDF-1.7 ...".to_vec());
/// assert_eq!(form.len(), 3);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
}

/// Why a form or a raw body cannot be sent: the part or header and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadError {
    /// The part name or header name.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

fn quotable(s: &str) -> bool {
    !s.bytes().any(|b| matches!(b, b'"' | b'\r' | b'\n' | 0))
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether it has no part.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// A text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            value: Value::Text(value.into()),
        });
        self
    }

    /// A structured field (a list or an object), sent as JSON with
    /// `Content-Type: application/json`.
    pub fn json<T: ToJson + ?Sized>(mut self, name: impl Into<String>, value: &T) -> Self {
        self.parts.push(Part {
            name: name.into(),
            value: Value::Json(Bytes::from(crate::json::to_vec(value))),
        });
        self
    }

    /// A file part with its file name (the official SDKs use the parameter name).
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            value: Value::File {
                filename: filename.into(),
                content_type: None,
                data: data.into(),
            },
        });
        self
    }

    /// A `Binary` member as the official SDKs send one: a file part whose file name is the
    /// member's name (`name="File"; filename="File"`), without a part `Content-Type`.
    pub fn binary(self, name: &str, value: &Binary) -> Self {
        self.file(name, name, Bytes::copy_from_slice(value.as_bytes()))
    }

    /// A scalar member as a text field ([`FormText`]).
    pub fn scalar<T: FormText + ?Sized>(self, name: &str, value: &T) -> Self {
        self.text(name, value.form_text())
    }

    /// A file part with its own `Content-Type` (e.g. `image/png`).
    pub fn file_with_type(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            value: Value::File {
                filename: filename.into(),
                content_type: Some(content_type.into()),
                data: data.into(),
            },
        });
        self
    }

    /// Checks every name and file name (no `"`, CR, LF or NUL: they would break the part
    /// headers) and content type.
    pub fn check(&self) -> Result<(), PayloadError> {
        for p in &self.parts {
            let bad = |message: &str| PayloadError {
                path: p.name.clone(),
                message: message.to_owned(),
            };
            if p.name.is_empty() || !quotable(&p.name) {
                return Err(bad(
                    "a form field name must be non-empty without `\"`, CR, LF or NUL",
                ));
            }
            if let Value::File {
                filename,
                content_type,
                ..
            } = &p.value
            {
                if !quotable(filename) {
                    return Err(bad("a file name must not contain `\"`, CR, LF or NUL"));
                }
                if content_type.as_deref().is_some_and(|t| {
                    t.is_empty() || !t.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
                }) {
                    return Err(bad("a part's content type must be printable ASCII"));
                }
            }
        }
        Ok(())
    }

    fn contains(&self, boundary: &[u8]) -> bool {
        let hit = |data: &[u8]| data.windows(boundary.len()).any(|w| w == boundary);
        self.parts.iter().any(|p| match &p.value {
            Value::Text(t) => hit(t.as_bytes()),
            Value::Json(j) => hit(j),
            Value::File { data, .. } => hit(data),
        })
    }

    /// A boundary that occurs in no part.
    pub fn boundary(&self) -> String {
        loop {
            let b = crate::action::client_token().replace('-', "");
            if !self.contains(b.as_bytes()) {
                return b;
            }
        }
    }

    /// The encoded body with `boundary` (see the module docs for the exact bytes).
    pub fn encode(&self, boundary: &str) -> Bytes {
        if self.parts.is_empty() {
            return Bytes::new();
        }
        let size: usize = self
            .parts
            .iter()
            .map(|p| {
                let v = match &p.value {
                    Value::Text(t) => t.len(),
                    Value::Json(j) => j.len() + 32,
                    Value::File {
                        filename,
                        content_type,
                        data,
                    } => {
                        data.len()
                            + filename.len()
                            + content_type.as_ref().map_or(0, |t| t.len() + 16)
                            + 16
                    }
                };
                boundary.len() + p.name.len() + v + 56
            })
            .sum::<usize>()
            + boundary.len()
            + 8;
        let mut out = BytesMut::with_capacity(size);
        for p in &self.parts {
            out.put_slice(b"--");
            out.put_slice(boundary.as_bytes());
            out.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.put_slice(p.name.as_bytes());
            out.put_slice(b"\"");
            let data: &[u8] = match &p.value {
                Value::Text(t) => {
                    out.put_slice(b"\r\n");
                    t.as_bytes()
                }
                Value::Json(j) => {
                    out.put_slice(b"\r\nContent-Type: application/json\r\n");
                    j
                }
                Value::File {
                    filename,
                    content_type,
                    data,
                } => {
                    out.put_slice(b"; filename=\"");
                    out.put_slice(filename.as_bytes());
                    out.put_slice(b"\"\r\n");
                    if let Some(t) = content_type {
                        out.put_slice(b"Content-Type: ");
                        out.put_slice(t.as_bytes());
                        out.put_slice(b"\r\n");
                    }
                    data
                }
            };
            out.put_slice(b"\r\n");
            out.put_slice(data);
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"--");
        out.put_slice(boundary.as_bytes());
        out.put_slice(b"--\r\n");
        out.freeze()
    }
}

/// A raw `application/octet-stream` body and the action's parameters sent as headers.
#[derive(Clone, PartialEq, Eq)]
pub struct OctetStream {
    body: Bytes,
    headers: Vec<(String, String)>,
}

impl fmt::Debug for OctetStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OctetStream")
            .field("body_len", &self.body.len())
            .field("headers", &self.headers)
            .finish()
    }
}

/// Headers the client sets itself; a raw body's parameters may not replace them.
const RESERVED: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "content-type",
    "host",
    "transfer-encoding",
    "x-tc-action",
    "x-tc-language",
    "x-tc-region",
    "x-tc-requestclient",
    "x-tc-timestamp",
    "x-tc-token",
    "x-tc-version",
];

impl OctetStream {
    /// The body, sent as is.
    pub fn new(body: impl Into<Bytes>) -> Self {
        Self {
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// A parameter sent as a header (e.g. `X-TC-...` headers the action documents).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A scalar member as a parameter header ([`FormText`]).
    pub fn scalar<T: FormText + ?Sized>(self, name: &str, value: &T) -> Self {
        self.header(name, value.form_text())
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The parameter headers, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// Checks the headers: valid names and values, none that the client sets itself.
    pub fn check(&self) -> Result<(), PayloadError> {
        for (name, value) in &self.headers {
            let bad = |message: String| PayloadError {
                path: name.clone(),
                message,
            };
            let token = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !token {
                return Err(bad("not a valid header name".into()));
            }
            if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
                return Err(bad(format!(
                    "`{name}` is set by the client and cannot be a parameter"
                )));
            }
            if !value
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
            {
                return Err(bad("a header value must be printable ASCII".into()));
            }
        }
        Ok(())
    }

    /// The body and the parameter headers.
    pub fn into_parts(self) -> (Bytes, Vec<(String, String)>) {
        (self.body, self.headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_encoding_is_the_official_sdks() {
        let form = Multipart::new()
            .text("Name", "名字")
            .json("Tags", &vec!["a".to_owned()])
            .file("File", "File", Bytes::from_static(b"\x00\xff\r\n--x"))
            .file_with_type("Image", "a.png", "image/png", Bytes::from_static(b"PNG"));
        let body = form.encode("B0");
        let want = concat!(
            "--B0\r\nContent-Disposition: form-data; name=\"Name\"\r\n\r\n名字\r\n",
            "--B0\r\nContent-Disposition: form-data; name=\"Tags\"\r\nContent-Type: application/json\r\n\r\n[\"a\"]\r\n",
            "--B0\r\nContent-Disposition: form-data; name=\"File\"; filename=\"File\"\r\n\r\n"
        )
        .as_bytes()
        .iter()
        .copied()
        .chain(*b"\x00\xff\r\n--x\r\n")
        .chain(*b"--B0\r\nContent-Disposition: form-data; name=\"Image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--B0--\r\n")
        .collect::<Vec<u8>>();
        assert_eq!(&body[..], &want[..]);
        assert_eq!(Multipart::new().encode("B"), "");
    }

    #[test]
    fn members_of_generated_requests_become_parts_and_headers() {
        let file = Binary::from(b"\x00\x01");
        let form = Multipart::new()
            .binary("File", &file)
            .scalar("Name", "a")
            .scalar("Count", &-3i64)
            .scalar("Size", &u64::MAX)
            .scalar("Ratio", &0.25f64)
            .scalar("On", &true);
        let body = form.encode("B");
        let text = String::from_utf8_lossy(&body);
        assert!(
            text.starts_with("--B\r\nContent-Disposition: form-data; name=\"File\"; filename=\"File\"\r\n\r\n\u{0}\u{1}\r\n"),
            "{text}"
        );
        for part in [
            "\r\n\r\na\r\n",
            "\r\n\r\n-3\r\n",
            "\r\n\r\n18446744073709551615\r\n",
            "\r\n\r\n0.25\r\n",
            "\r\n\r\ntrue\r\n",
        ] {
            assert!(text.contains(part), "{part:?} in {text}");
        }
        assert_eq!(1e300f64.form_text(), "1e+300", "the JSON writer's text");
        assert_eq!(false.form_text(), "false");
        let raw = OctetStream::new(file.into_bytes())
            .scalar("X-A", &7u64)
            .scalar("X-B", "v");
        assert_eq!(
            raw.headers(),
            [
                ("X-A".to_owned(), "7".to_owned()),
                ("X-B".to_owned(), "v".to_owned())
            ]
        );
        assert!(raw.check().is_ok());
    }

    #[test]
    fn boundaries_are_fresh_and_never_in_a_part() {
        let form = Multipart::new().text("A", "x");
        let a = form.boundary();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, form.boundary());
        assert!(
            !Multipart::new()
                .text("A", a.clone())
                .contains(b"no-such-thing")
        );
        assert!(Multipart::new().text("A", a.clone()).contains(a.as_bytes()));
    }

    #[test]
    fn bad_names_and_headers_are_refused_with_their_name() {
        let e = Multipart::new().text("A\"B", "x").check().unwrap_err();
        assert_eq!(e.path, "A\"B");
        assert!(Multipart::new().text("", "x").check().is_err());
        assert!(
            Multipart::new()
                .file("F", "a\r\nb", Vec::new())
                .check()
                .is_err()
        );
        assert!(
            Multipart::new()
                .file("F", "名.txt", Vec::new())
                .check()
                .is_ok()
        );
        let e = OctetStream::new(Vec::new())
            .header("Authorization", "x")
            .check()
            .unwrap_err();
        assert!(e.message.contains("set by the client"), "{e:?}");
        assert!(
            OctetStream::new(Vec::new())
                .header("X-TC-Key", "v\n")
                .check()
                .is_err()
        );
        assert!(
            OctetStream::new(Vec::new())
                .header("Bad Name", "v")
                .check()
                .is_err()
        );
        assert!(
            OctetStream::new(Vec::new())
                .header("X-TC-Key", "v 1")
                .check()
                .is_ok()
        );
    }
}
