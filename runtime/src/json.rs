//! The JSON wire form of generated types: [`ToJson`] writes a request body, [`FromJson`]
//! reads a response.
//!
//! Generated types implement these two small traits instead of deriving serde's: one line
//! per field, no visitor machinery, so a crate of thousands of actions stays cheap to
//! compile. Serde's `Serialize`/`Deserialize` are there for callers who want them (this
//! crate's `serde` feature, see [`impl_serde!`](crate::impl_serde)), routed through these
//! traits.
//!
//! Reading is tolerant of what Tencent Cloud actually sends. A number where a string is
//! documented (and the reverse: `"Bandwidth": "10"` for an Integer), `0`/`1` for a boolean
//! and a `null` where a plain value is documented are accepted when no information is lost;
//! anything lossy (`-1` for an unsigned integer, `"ten"` for an integer, `1.5` for an
//! integer) fails with a [`JsonError`] that names the member, such as
//! `PlayerSessions[3].Port: string "x" is not a signed 64-bit integer`. Unknown members
//! are ignored, so new server fields never break a client.

use std::cell::Cell;
use std::fmt;

use serde_json::Map;
pub use serde_json::Value;

use crate::validate::{Seg, render_path};

/// A value that can be written as JSON.
pub trait ToJson {
    /// Appends this value's JSON to `w`.
    fn write_json(&self, w: &mut Writer);

    /// Whether an object member holding this value is left out (`None`).
    #[doc(hidden)]
    fn is_absent(&self) -> bool {
        false
    }
}

/// A value that can be read from JSON, tolerating documented-type drift.
pub trait FromJson: Sized {
    /// Reads the value.
    fn from_json(v: &Value) -> Result<Self, JsonError>;

    /// The value of a missing object member, when one is allowed (`None` for an `Option`).
    #[doc(hidden)]
    fn absent() -> Option<Self> {
        None
    }
}

/// Why a JSON value does not fit the documented type, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Path segments, innermost first (reversed for display).
    path: Vec<Seg>,
    problem: String,
}

impl JsonError {
    /// An error at the current value.
    pub fn new(problem: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            problem: problem.into(),
        }
    }

    fn at(mut self, s: Seg) -> Self {
        self.path.push(s);
        self
    }

    /// The path of the offending value, such as `PlayerSessions[3].Port` (empty for the
    /// top-level value).
    pub fn path(&self) -> String {
        render_path(self.path.iter().rev().copied())
    }

    /// What is wrong with the value.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.path(), self.problem)
        }
    }
}

impl std::error::Error for JsonError {}

/// What a value is, for messages: `string "x"`, `number 1.5`, `an object`.
fn found(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn mismatch(expected: &str, v: &Value) -> JsonError {
    JsonError::new(format!("expected {expected}, found {}", found(v)))
}

/// Reads a whole JSON document into `T`.
pub fn from_slice<T: FromJson>(bytes: &[u8]) -> Result<T, JsonError> {
    let v: Value =
        serde_json::from_slice(bytes).map_err(|e| JsonError::new(format!("invalid JSON: {e}")))?;
    T::from_json(&v)
}

/// Reads a whole JSON document into `T`.
pub fn from_str<T: FromJson>(s: &str) -> Result<T, JsonError> {
    from_slice(s.as_bytes())
}

/// Writes `v` as compact JSON.
pub fn to_vec<T: ToJson + ?Sized>(v: &T) -> Vec<u8> {
    let mut w = Writer::new(Vec::new());
    v.write_json(&mut w);
    w.into_inner()
}

/// Writes `v` as compact JSON.
pub fn to_string<T: ToJson + ?Sized>(v: &T) -> String {
    text(to_vec(v))
}

fn text(written: Vec<u8>) -> String {
    String::from_utf8(written).expect("the writer only writes UTF-8")
}

/// The `Debug` of generated structs: the type's name, then the value as it goes on the wire,
/// `DescribeZonesRequest {"Product":"cvm"}`; with `{:#?}` the JSON is indented, two spaces a
/// level.
///
/// One generic function instead of a derived `Debug` per struct keeps crates of thousands
/// of types cheap to compile, and the wire form is what Tencent Cloud's documents and
/// console show. Absent optional members are left out, as on the wire; a
/// [`Binary`](crate::Binary) shows its length (`"Binary(1048576 bytes)"`), as its own
/// `Debug` does, not its content. A sensitive member (a password, key or token: spec key
/// `sensitive`) shows [`REDACTED`] instead of its value, at any depth, in lists too.
pub fn debug<T: ToJson + ?Sized>(value: &T, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut w = Writer::masking();
    value.write_json(&mut w);
    let json = text(w.buf);
    f.write_str(name)?;
    f.write_str(" ")?;
    if f.alternate() {
        write_indented(&json, f)
    } else {
        f.write_str(&json)
    }
}

/// What `Debug`, the wire log and `tcapi-mock`'s call log show instead of a sensitive
/// member's value (spec key `sensitive`).
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// `value` as compact JSON for a log: as on the wire, but every sensitive member (spec key
/// `sensitive`, at any depth) is [`REDACTED`] and a [`Binary`](crate::Binary) shows its
/// length.
pub fn to_masked_string<T: ToJson + ?Sized>(value: &T) -> String {
    masked_with_names(value).0
}

/// [`to_masked_string`], and the wire names of the members it masked (each once, sorted).
pub(crate) fn masked_with_names<T: ToJson + ?Sized>(value: &T) -> (String, Vec<String>) {
    let mut w = Writer::masking();
    value.write_json(&mut w);
    let mut names = std::mem::take(&mut w.masked);
    names.sort_unstable();
    names.dedup();
    (text(w.buf), names)
}

/// Replaces, in `value`, the value of every object member (at any depth, in lists too) whose
/// name is in `names` by [`REDACTED`]. The one masking of JSON that is not written from a
/// typed value: a response body in the wire log (masked by the names its typed read masks),
/// a request body in `tcapi-mock`'s call log (by the names its spec marks sensitive).
pub fn mask_members(value: &mut Value, names: &[&str]) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if names.contains(&k.as_str()) {
                    *v = Value::String(REDACTED.to_owned());
                } else {
                    mask_members(v, names);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mask_members(v, names)),
        _ => {}
    }
}

/// Writes compact JSON (as [`Writer`] makes it) with a line per member or item: a newline
/// and indent after `{`, `[` and `,`, one before a closing bracket, and `": "` between a
/// key and its value; `{}` and `[]` stay as they are. Text inside strings is copied.
fn write_indented(json: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    fn newline(f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
        f.write_str("\n")?;
        (0..depth).try_for_each(|_| f.write_str("  "))
    }
    let bytes = json.as_bytes();
    let (mut depth, mut in_string, mut escaped, mut start) = (0usize, false, false, 0);
    for (i, &c) in bytes.iter().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        // Every byte handled below is ASCII, so `i` is on a character boundary.
        let before = &json[start..i];
        match c {
            b'"' => in_string = true,
            // An empty `{}` or `[]` is copied as it is.
            b'{' | b'[' if !matches!(bytes.get(i + 1), Some(b'}' | b']')) => {
                f.write_str(before)?;
                f.write_str(&json[i..=i])?;
                depth += 1;
                newline(f, depth)?;
                start = i + 1;
            }
            b'}' | b']' if !matches!(bytes.get(i.wrapping_sub(1)), Some(b'{' | b'[')) => {
                f.write_str(before)?;
                depth = depth.saturating_sub(1);
                newline(f, depth)?;
                start = i;
            }
            b',' => {
                f.write_str(before)?;
                f.write_str(",")?;
                newline(f, depth)?;
                start = i + 1;
            }
            b':' => {
                f.write_str(before)?;
                f.write_str(": ")?;
                start = i + 1;
            }
            _ => {}
        }
    }
    f.write_str(&json[start..])
}

/// The members of a JSON object, read one documented member at a time.
///
/// Generated readers take every member with [`get`](Self::get) or
/// [`required`](Self::required), which give a value straight away (a default where the
/// member is unusable) and keep the first error, then hand the finished value to
/// [`finish`](Self::finish), which returns that error if there was one. One check per
/// object instead of one `?` per member keeps large crates cheap to compile; the error is
/// the one reading member by member would stop at.
pub struct Object<'a> {
    members: Option<&'a Map<String, Value>>,
    error: Cell<Option<JsonError>>,
}

impl<'a> Object<'a> {
    /// `v` as an object, or an error naming what it is instead.
    pub fn new(v: &'a Value) -> Result<Self, JsonError> {
        let o = Self::of(v);
        o.finish(()).map(|()| o)
    }

    /// `v` as an object; when it is something else, the error is kept for
    /// [`finish`](Self::finish) and every member reads as missing.
    pub fn of(v: &'a Value) -> Self {
        match v {
            Value::Object(m) => Self {
                members: Some(m),
                error: Cell::new(None),
            },
            other => Self {
                members: None,
                error: Cell::new(Some(mismatch("an object", other))),
            },
        }
    }

    fn member(&self, name: &str) -> Option<&'a Value> {
        self.members.and_then(|m| m.get(name))
    }

    /// Keeps `e` unless an earlier error is kept already.
    fn fail(&self, e: JsonError) {
        let first = self.error.take();
        self.error.set(Some(first.unwrap_or(e)));
    }

    fn read<T: FromJson + Default>(&self, name: &'static str, v: &Value) -> T {
        T::from_json(v).unwrap_or_else(|e| {
            self.fail(e.at(Seg::Field(name)));
            T::default()
        })
    }

    /// A member that becomes `T::default()` when missing or `null` (`None` for an
    /// `Option`). A value that does not fit `T` is kept as the error and reads as the
    /// default.
    pub fn get<T: FromJson + Default>(&self, name: &'static str) -> T {
        match self.member(name) {
            None | Some(Value::Null) => T::default(),
            Some(v) => self.read(name, v),
        }
    }

    /// A member that must be present: a missing one is kept as the error (`missing member
    /// `Name``) and reads as `T::default()`, as does a value that does not fit `T`.
    pub fn required<T: FromJson + Default>(&self, name: &'static str) -> T {
        match self.member(name) {
            Some(v) => self.read(name, v),
            None => {
                self.fail(missing(name));
                T::default()
            }
        }
    }

    /// `value` if every member read so far fitted, else the first error.
    pub fn finish<T>(&self, value: T) -> Result<T, JsonError> {
        match self.error.take() {
            None => Ok(value),
            Some(e) => Err(e),
        }
    }

    /// A documented member: `T::absent()` when it is missing (an error unless `T` is an
    /// `Option`), else the member read as `T`. For types without a `Default`; after an
    /// earlier member failed, that first error.
    pub fn field<T: FromJson>(&self, name: &'static str) -> Result<T, JsonError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        match self.member(name) {
            Some(v) => T::from_json(v).map_err(|e| e.at(Seg::Field(name))),
            None => T::absent().ok_or_else(|| missing(name)),
        }
    }

    /// A documented member that becomes `T::default()` when missing or `null`: responses
    /// read this way so one absent value does not fail the whole response.
    pub fn field_or_default<T: FromJson + Default>(
        &self,
        name: &'static str,
    ) -> Result<T, JsonError> {
        let value = self.get(name);
        self.finish(value)
    }
}

fn missing(name: &'static str) -> JsonError {
    JsonError::new(format!("missing member `{name}`")).at(Seg::Field(name))
}

/// Reads a string enum from its wire value with `parse` (generated enums use their
/// `from_wire`); a number or boolean is taken as its text, `null` as the empty string.
pub fn enum_from_json<T>(v: &Value, parse: impl FnOnce(&str) -> T) -> Result<T, JsonError> {
    match v {
        Value::String(s) => Ok(parse(s)),
        Value::Null => Ok(parse("")),
        Value::Number(n) => Ok(parse(&n.to_string())),
        Value::Bool(b) => Ok(parse(if *b { "true" } else { "false" })),
        other => Err(mismatch("a string", other)),
    }
}

impl FromJson for String {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        enum_from_json(v, str::to_owned)
    }
}

macro_rules! integer {
    ($t:ty, $what:literal) => {
        impl FromJson for $t {
            fn from_json(v: &Value) -> Result<Self, JsonError> {
                let out_of_range = |n: &dyn fmt::Display| {
                    JsonError::new(format!("{n} is out of range for {}", $what))
                };
                match v {
                    Value::Number(n) => {
                        if let Some(i) = n.as_i64() {
                            <$t>::try_from(i).map_err(|_| out_of_range(&i))
                        } else if let Some(u) = n.as_u64() {
                            <$t>::try_from(u).map_err(|_| out_of_range(&u))
                        } else {
                            let f = n.as_f64().unwrap_or(f64::NAN);
                            if f.fract() == 0.0 && f >= <$t>::MIN as f64 && f <= <$t>::MAX as f64 {
                                Ok(f as $t)
                            } else {
                                Err(JsonError::new(format!("{f} is not {}", $what)))
                            }
                        }
                    }
                    Value::String(s) => {
                        let t = s.trim();
                        if t.is_empty() {
                            return Ok(0);
                        }
                        t.parse::<$t>()
                            .map_err(|_| JsonError::new(format!("string {s:?} is not {}", $what)))
                    }
                    Value::Bool(b) => Ok(<$t>::from(*b)),
                    Value::Null => Ok(0),
                    other => Err(mismatch($what, other)),
                }
            }
        }
    };
}
integer!(i64, "a signed 64-bit integer");
integer!(u64, "an unsigned 64-bit integer");

impl FromJson for f64 {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        match v {
            Value::Number(n) => Ok(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => {
                let t = s.trim();
                if t.is_empty() {
                    return Ok(0.0);
                }
                t.parse::<f64>()
                    .map_err(|_| JsonError::new(format!("string {s:?} is not a number")))
            }
            Value::Null => Ok(0.0),
            other => Err(mismatch("a number", other)),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Number(n) => match (n.as_u64(), n.as_f64()) {
                (Some(0), _) => Ok(false),
                (Some(1), _) => Ok(true),
                _ => Err(JsonError::new(format!("{n} is not a boolean"))),
            },
            Value::String(s) => match s.trim() {
                "true" | "True" | "TRUE" | "1" => Ok(true),
                "false" | "False" | "FALSE" | "0" | "" => Ok(false),
                _ => Err(JsonError::new(format!("string {s:?} is not a boolean"))),
            },
            Value::Null => Ok(false),
            other => Err(mismatch("a boolean", other)),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, x)| T::from_json(x).map_err(|e| e.at(Seg::Index(i))))
                .collect(),
            Value::Null => Ok(Vec::new()),
            other => Err(mismatch("a list", other)),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        T::from_json(v).map(Box::new)
    }
}

/// A compact JSON writer over a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
    /// Writing for [`debug`] or a log: bytes are shown by their length, not as base64, and
    /// sensitive members as [`REDACTED`].
    for_debug: bool,
    /// The wire names of the sensitive members masked so far (only when `for_debug`).
    masked: Vec<String>,
}

impl Writer {
    /// A writer appending to `buf`.
    pub fn new(buf: Vec<u8>) -> Self {
        Self {
            buf,
            for_debug: false,
            masked: Vec::new(),
        }
    }

    /// A writer for logs and `Debug`: sensitive members are written as [`REDACTED`], bytes
    /// as their length.
    fn masking() -> Self {
        Self {
            for_debug: true,
            ..Self::default()
        }
    }

    /// Whether this writes a `Debug` text rather than a wire body.
    pub(crate) fn for_debug(&self) -> bool {
        self.for_debug
    }

    /// The buffer written so far.
    pub fn into_inner(self) -> Vec<u8> {
        self.buf
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// Starts an object; write its members with [`ObjectWriter::field`], then
    /// [`ObjectWriter::end`] it.
    pub fn object(&mut self) -> ObjectWriter<'_> {
        self.buf.push(b'{');
        ObjectWriter {
            w: self,
            first: true,
        }
    }

    /// Writes a JSON string, escaped.
    pub fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let b = &mut self.buf;
        b.reserve(s.len() + 2);
        b.push(b'"');
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &c) in bytes.iter().enumerate() {
            let esc: &[u8] = match c {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0x00..=0x1f => &[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(c >> 4)],
                    HEX[usize::from(c & 0xf)],
                ],
                _ => continue,
            };
            b.extend_from_slice(&bytes[start..i]);
            b.extend_from_slice(esc);
            start = i + 1;
        }
        b.extend_from_slice(&bytes[start..]);
        b.push(b'"');
    }

    fn raw(&mut self, s: &[u8]) {
        self.buf.extend_from_slice(s);
    }
}

/// Writes the members of one object (see [`Writer::object`]).
pub struct ObjectWriter<'a> {
    w: &'a mut Writer,
    first: bool,
}

impl ObjectWriter<'_> {
    /// Writes a member, unless its value is absent (`None`).
    pub fn field<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) {
        if value.is_absent() {
            return;
        }
        if !self.first {
            self.w.buf.push(b',');
        }
        self.first = false;
        self.w.string(name);
        self.w.buf.push(b':');
        value.write_json(self.w);
    }

    /// Writes a secret member (spec key `sensitive`: a password, key or token): on the wire
    /// exactly as [`ObjectWriter::field`]; in [`debug`] and [`to_masked_string`] (the wire
    /// log, the mock's call log) its value is [`REDACTED`], whatever its type.
    pub fn sensitive<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) {
        if !self.w.for_debug {
            return self.field(name, value);
        }
        if value.is_absent() {
            return;
        }
        self.w.masked.push(name.to_owned());
        self.field(name, REDACTED);
    }

    /// Closes the object.
    pub fn end(self) {
        self.w.buf.push(b'}');
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

macro_rules! display_number {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, w: &mut Writer) {
                use std::io::Write as _;
                write!(w.buf, "{self}").expect("writing to a Vec cannot fail");
            }
        }
    )*};
}
display_number!(i64, u64, i32, u32);

impl ToJson for f64 {
    fn write_json(&self, w: &mut Writer) {
        if self.is_finite() {
            // serde_json's shortest round-trip form (`1e+300`, not 301 digits).
            serde_json::to_writer(&mut w.buf, self).expect("writing to a Vec cannot fail");
        } else {
            w.raw(b"null");
        }
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.raw(if *self { b"true" } else { b"false" });
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(v) => v.write_json(w),
            None => w.raw(b"null"),
        }
    }

    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.buf.push(b'[');
        for (i, x) in self.iter().enumerate() {
            if i > 0 {
                w.buf.push(b',');
            }
            x.write_json(w);
        }
        w.buf.push(b']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }

    fn is_absent(&self) -> bool {
        (**self).is_absent()
    }
}

impl ToJson for Value {
    fn write_json(&self, w: &mut Writer) {
        serde_json::to_writer(&mut w.buf, self).expect("writing a Value to a Vec cannot fail");
    }
}

impl FromJson for Value {
    fn from_json(v: &Value) -> Result<Self, JsonError> {
        Ok(v.clone())
    }

    fn absent() -> Option<Self> {
        Some(Value::Null)
    }
}

/// Serde's `serialize` through [`ToJson`] (what [`impl_serde!`](crate::impl_serde) uses).
#[cfg(feature = "serde")]
pub fn serialize<T: ToJson + ?Sized, S: serde::Serializer>(
    value: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    // Re-read what the writer wrote and replay it into `s`, member order kept (a `Value`
    // in between would sort the members).
    let bytes = to_vec(value);
    serde_transcode::transcode(&mut serde_json::Deserializer::from_slice(&bytes), s)
}

/// Serde's `deserialize` through [`FromJson`] (what [`impl_serde!`](crate::impl_serde)
/// uses).
#[cfg(feature = "serde")]
pub fn deserialize<'de, T: FromJson, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let v = <Value as serde::Deserialize>::deserialize(d)?;
    T::from_json(&v).map_err(serde::de::Error::custom)
}

/// Implements serde's `Serialize` and/or `Deserialize` for a type through its [`ToJson`] and
/// [`FromJson`] impls, when this crate's `serde` feature is on; without it the macro expands
/// to nothing, so generated crates pay for serde only when someone wants it.
///
/// ```
/// # struct Thing;
/// # impl tcapi::json::ToJson for Thing { fn write_json(&self, w: &mut tcapi::json::Writer) { w.string("x") } }
/// # impl tcapi::json::FromJson for Thing {
/// #     fn from_json(_: &tcapi::json::Value) -> Result<Self, tcapi::json::JsonError> { Ok(Thing) }
/// # }
/// tcapi::impl_serde!(Serialize, Deserialize for Thing);
/// ```
#[cfg(feature = "serde")]
#[macro_export]
macro_rules! impl_serde {
    (Serialize, Deserialize for $t:ty) => {
        $crate::impl_serde!(Serialize for $t);
        $crate::impl_serde!(Deserialize for $t);
    };
    (Serialize for $t:ty) => {
        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::json::serialize(self, s)
            }
        }
    };
    (Deserialize for $t:ty) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::json::deserialize(d)
            }
        }
    };
}

/// Implements serde's `Serialize` and/or `Deserialize` through [`ToJson`] and [`FromJson`]
/// when this crate's `serde` feature is on; it is off, so this expands to nothing.
#[cfg(not(feature = "serde"))]
#[macro_export]
macro_rules! impl_serde {
    ($($t:ident),+ for $ty:ty) => {};
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: FromJson>(s: &str) -> Result<T, String> {
        from_str::<T>(s).map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_as_strings_and_back() {
        assert_eq!(parse::<i64>("\"10\""), Ok(10));
        assert_eq!(parse::<i64>("10"), Ok(10));
        assert_eq!(parse::<i64>("-10"), Ok(-10));
        assert_eq!(parse::<u64>("2.0"), Ok(2));
        assert_eq!(parse::<u64>("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(parse::<String>("8000"), Ok("8000".to_owned()));
        assert_eq!(parse::<String>("true"), Ok("true".to_owned()));
        assert_eq!(parse::<String>("null"), Ok(String::new()));
        assert_eq!(parse::<f64>("\"1.5\""), Ok(1.5));
        assert_eq!(parse::<f64>("3"), Ok(3.0));
        assert_eq!(parse::<bool>("1"), Ok(true));
        assert_eq!(parse::<bool>("\"false\""), Ok(false));
        assert_eq!(parse::<Option<i64>>("null"), Ok(None));
        assert_eq!(parse::<i64>("null"), Ok(0));
        assert_eq!(parse::<i64>("\" 7 \""), Ok(7));
        assert_eq!(parse::<Vec<u64>>("[1,\"2\"]"), Ok(vec![1, 2]));
        assert_eq!(parse::<Vec<u64>>("null"), Ok(vec![]));
        assert_eq!(
            parse::<Option<Vec<String>>>("[1]"),
            Ok(Some(vec!["1".into()]))
        );
    }

    #[test]
    fn lossy_drift_is_an_error_with_its_path() {
        assert_eq!(
            parse::<u64>("-1").unwrap_err(),
            "-1 is out of range for an unsigned 64-bit integer"
        );
        assert_eq!(
            parse::<i64>("\"ten\"").unwrap_err(),
            "string \"ten\" is not a signed 64-bit integer"
        );
        assert!(parse::<i64>("1.5").is_err());
        assert!(parse::<bool>("2").is_err());
        assert_eq!(
            parse::<Vec<String>>("{}").unwrap_err(),
            "expected a list, found an object"
        );
        assert_eq!(
            parse::<Vec<Vec<i64>>>("[[1],[2,\"x\"]]").unwrap_err(),
            "[1][1]: string \"x\" is not a signed 64-bit integer"
        );
        assert!(parse::<i64>("{").unwrap_err().starts_with("invalid JSON"));
    }

    #[derive(Debug, PartialEq, Default)]
    struct Inner {
        port: i64,
        tags: Option<Vec<String>>,
    }
    impl FromJson for Inner {
        fn from_json(v: &Value) -> Result<Self, JsonError> {
            let o = Object::of(v);
            o.finish(Self {
                port: o.required("Port"),
                tags: o.get("Tags"),
            })
        }
    }
    impl ToJson for Inner {
        fn write_json(&self, w: &mut Writer) {
            let mut o = w.object();
            o.field("Port", &self.port);
            o.field("Tags", &self.tags);
            o.end();
        }
    }

    #[derive(Debug, PartialEq, Default)]
    struct Outer {
        name: String,
        inner: Inner,
        list: Vec<Inner>,
    }
    impl FromJson for Outer {
        fn from_json(v: &Value) -> Result<Self, JsonError> {
            let o = Object::of(v);
            o.finish(Self {
                name: o.get("Name"),
                inner: o.get("Inner"),
                list: o.get("List"),
            })
        }
    }
    crate::impl_serde!(Deserialize for Outer);
    crate::impl_serde!(Serialize, Deserialize for Inner);

    #[test]
    fn objects_ignore_unknown_members_and_name_the_failing_path() {
        let o: Outer = from_str(
            r#"{"Name":"n","Extra":[1,2],"Inner":{"Port":"80"},"List":[{"Port":1,"Tags":["a"]}]}"#,
        )
        .unwrap();
        assert_eq!(o.name, "n");
        assert_eq!(o.inner.port, 80);
        assert_eq!(o.list[0].tags, Some(vec!["a".to_owned()]));
        // Missing or null members of a response become defaults.
        assert_eq!(
            from_str::<Outer>(r#"{"Inner":null}"#).unwrap(),
            Outer::default()
        );
        let e = from_str::<Outer>(r#"{"List":[{"Port":1},{"Port":"x"}]}"#).unwrap_err();
        assert_eq!(e.path(), "List[1].Port");
        assert_eq!(
            e.to_string(),
            "List[1].Port: string \"x\" is not a signed 64-bit integer"
        );
        // A required member that is missing.
        let e = from_str::<Inner>("{}").unwrap_err();
        assert_eq!(e.to_string(), "Port: missing member `Port`");
        assert_eq!(
            from_str::<Inner>("[]").unwrap_err().to_string(),
            "expected an object, found a list"
        );
    }

    /// A reader mixing the three kinds of member read, as generated code does for a type
    /// whose member has no `Default`.
    #[derive(Debug, PartialEq)]
    struct Mixed {
        a: i64,
        inner: Inner,
        b: Option<bool>,
    }
    impl FromJson for Mixed {
        fn from_json(v: &Value) -> Result<Self, JsonError> {
            let o = Object::of(v);
            o.finish(Self {
                a: o.required("A"),
                inner: o.field("Inner")?,
                b: o.get("B"),
            })
        }
    }

    #[test]
    fn the_first_failing_member_is_the_error() {
        let ok: Mixed = from_str(r#"{"A":"1","Inner":{"Port":2},"B":1}"#).unwrap();
        assert_eq!((ok.a, ok.inner.port, ok.b), (1, 2, Some(true)));
        // Member by member, the first failure wins, whichever read meets the later ones.
        let first = |s: &str| from_str::<Mixed>(s).unwrap_err().to_string();
        assert_eq!(
            first(r#"{"A":"x","Inner":{},"B":2}"#),
            "A: string \"x\" is not a signed 64-bit integer"
        );
        assert_eq!(first(r#"{"Inner":{}}"#), "A: missing member `A`");
        assert_eq!(
            first(r#"{"A":1,"Inner":{},"B":2}"#),
            "Inner.Port: missing member `Port`"
        );
        assert_eq!(first(r#"{"A":1,"B":2}"#), "Inner: missing member `Inner`");
        assert_eq!(
            first(r#"{"A":1,"Inner":{"Port":1},"B":2}"#),
            "B: 2 is not a boolean"
        );
        // Not an object at all: that is the error, however the members read.
        assert_eq!(first("7"), "expected an object, found number 7");
        assert_eq!(
            from_str::<Outer>("\"s\"").unwrap_err().to_string(),
            "expected an object, found string \"s\""
        );
        // `null` for a required member is read as the type reads `null`.
        assert_eq!(
            from_str::<Inner>(r#"{"Port":null}"#).unwrap(),
            Inner::default()
        );
    }

    /// A login with a secret, as generated for a member marked `sensitive`.
    struct Login {
        user: String,
        password: Option<String>,
        keys: Vec<String>,
    }
    impl ToJson for Login {
        fn write_json(&self, w: &mut Writer) {
            let mut o = w.object();
            o.field("User", &self.user);
            o.sensitive("Password", &self.password);
            o.sensitive("Keys", &self.keys);
            o.end();
        }
    }
    struct Logins(Vec<Login>);
    impl ToJson for Logins {
        fn write_json(&self, w: &mut Writer) {
            let mut o = w.object();
            o.field("Logins", &self.0);
            o.end();
        }
    }
    impl fmt::Debug for Logins {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            debug(self, "Logins", f)
        }
    }

    #[test]
    fn sensitive_members_are_masked_in_debug_and_logs_only() {
        let logins = Logins(vec![
            Login {
                user: "u".into(),
                password: Some("hunter2".into()),
                keys: vec!["k1".into()],
            },
            Login {
                user: "v".into(),
                password: None,
                keys: vec![],
            },
        ]);
        assert_eq!(
            to_string(&logins),
            r#"{"Logins":[{"User":"u","Password":"hunter2","Keys":["k1"]},{"User":"v","Keys":[]}]}"#
        );
        let masked = r#"{"Logins":[{"User":"u","Password":"*** Sensitive Data Redacted ***","Keys":"*** Sensitive Data Redacted ***"},{"User":"v","Keys":"*** Sensitive Data Redacted ***"}]}"#;
        assert_eq!(to_masked_string(&logins), masked);
        assert_eq!(format!("{logins:?}"), format!("Logins {masked}"));
        let pretty = format!("{logins:#?}");
        assert!(
            !pretty.contains("hunter2") && !pretty.contains("k1"),
            "{pretty}"
        );
        assert!(pretty.contains(r#""Password": "*** Sensitive Data Redacted ***""#));
        let (_, names) = masked_with_names(&logins);
        assert_eq!(names, ["Keys", "Password"]);
    }

    #[test]
    fn members_are_masked_by_name_at_any_depth() {
        let mut v: Value = serde_json::from_str(
            r#"{"A":{"Password":"p","B":[{"Token":{"X":1}},{"Token":"t"}]},"Token2":"x"}"#,
        )
        .unwrap();
        mask_members(&mut v, &["Password", "Token"]);
        assert_eq!(
            v.to_string(),
            r#"{"A":{"B":[{"Token":"*** Sensitive Data Redacted ***"},{"Token":"*** Sensitive Data Redacted ***"}],"Password":"*** Sensitive Data Redacted ***"},"Token2":"x"}"#
        );
    }

    struct Named(Inner);
    impl fmt::Debug for Named {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            debug(&self.0, "Inner", f)
        }
    }

    #[test]
    fn debug_is_the_name_and_the_wire_form() {
        let v = Named(Inner {
            port: 1,
            tags: Some(vec!["a,b:{c}[\\\"]".to_owned(), String::new()]),
        });
        assert_eq!(
            format!("{v:?}"),
            r#"Inner {"Port":1,"Tags":["a,b:{c}[\\\"]",""]}"#
        );
        assert_eq!(
            format!("{v:#?}"),
            "Inner {\n  \"Port\": 1,\n  \"Tags\": [\n    \"a,b:{c}[\\\\\\\"]\",\n    \"\"\n  ]\n}"
        );
        let empty = Named(Inner {
            port: 0,
            tags: Some(vec![]),
        });
        assert_eq!(
            format!("{empty:#?}"),
            "Inner {\n  \"Port\": 0,\n  \"Tags\": []\n}"
        );
        // Inside derived `Debug`, the indented JSON is indented with its container.
        assert_eq!(
            format!("{:#?}", Some(empty)),
            "Some(\n    Inner {\n      \"Port\": 0,\n      \"Tags\": []\n    },\n)"
        );
    }

    /// `write_indented` as a `Display`, for the tests.
    struct Indented<'a>(&'a str);
    impl fmt::Display for Indented<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_indented(self.0, f)
        }
    }

    #[test]
    fn indented_json_reads_back_as_the_same_value() {
        for json in [
            "{}",
            "[]",
            "[[],{},[{}]]",
            r#"{"a":{"b":[1,2,{"c":"}{][,:\"\\"}]},"d":[]}"#,
            r#""just a string, with: {brackets}""#,
            "-1.5e3",
        ] {
            let out = Indented(json).to_string();
            let back: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{out}: {e}"));
            assert_eq!(back, serde_json::from_str::<Value>(json).unwrap(), "{out}");
        }
        assert_eq!(
            Indented(r#"{"a":[1,{}]}"#).to_string(),
            "{\n  \"a\": [\n    1,\n    {}\n  ]\n}"
        );
    }

    /// A response-like and a request-like reader of the same members, each written both
    /// ways: with `get`/`required` and one `finish`, and member by member with `?`.
    #[derive(Debug, PartialEq, Default)]
    struct Both {
        count: u64,
        name: String,
        inner: Inner,
        list: Vec<Inner>,
        flag: Option<bool>,
    }
    fn read_once(v: &Value, output: bool) -> Result<Both, String> {
        let o = Object::of(v);
        let r = if output {
            o.finish(Both {
                count: o.get("Count"),
                name: o.get("Name"),
                inner: o.get("Inner"),
                list: o.get("List"),
                flag: o.get("Flag"),
            })
        } else {
            o.finish(Both {
                count: o.required("Count"),
                name: o.required("Name"),
                inner: o.required("Inner"),
                list: o.required("List"),
                flag: o.get("Flag"),
            })
        };
        r.map_err(|e| e.to_string())
    }
    fn read_each(v: &Value, output: bool) -> Result<Both, String> {
        let read = || -> Result<Both, JsonError> {
            let o = Object::new(v)?;
            Ok(if output {
                Both {
                    count: o.field_or_default("Count")?,
                    name: o.field_or_default("Name")?,
                    inner: o.field_or_default("Inner")?,
                    list: o.field_or_default("List")?,
                    flag: o.field("Flag")?,
                }
            } else {
                Both {
                    count: o.field("Count")?,
                    name: o.field("Name")?,
                    inner: o.field("Inner")?,
                    list: o.field("List")?,
                    flag: o.field("Flag")?,
                }
            })
        };
        read().map_err(|e| e.to_string())
    }

    /// A member value of any kind: fitting, drifted, lossy or of the wrong shape.
    fn member() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Value::Null),
            Just(serde_json::json!(-1)),
            Just(serde_json::json!(7)),
            Just(serde_json::json!("8")),
            Just(serde_json::json!("x")),
            Just(serde_json::json!(true)),
            Just(serde_json::json!([])),
            Just(serde_json::json!([{"Port": 1}, {"Port": "y"}])),
            Just(serde_json::json!({})),
            Just(serde_json::json!({"Port": 2, "Tags": ["t"]})),
            Just(serde_json::json!({"Port": [1]})),
        ]
    }

    proptest::proptest! {
        #[test]
        fn one_finish_is_what_reading_member_by_member_gives(
            members in proptest::collection::vec(
                (proptest::sample::select(vec!["Count", "Name", "Inner", "List", "Flag", "Other"]), member()),
                0..6,
            ),
            not_an_object in proptest::option::of(member()),
            output in proptest::bool::ANY,
        ) {
            let v = match not_an_object {
                Some(other) if !other.is_object() => other,
                _ => Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()),
            };
            proptest::prop_assert_eq!(read_once(&v, output), read_each(&v, output), "{}", v);
        }
    }

    /// Any JSON value, with strings full of the bytes the indenter acts on.
    fn any_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let text =
            || proptest::string::string_regex(r#"[{}\[\],:"\\ a-zé中\n\u{1}]{0,8}"#).unwrap();
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e9f64..1e9).prop_map(Value::from),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((text(), inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn indenting_keeps_the_value(v in any_json()) {
            let compact = serde_json::to_string(&v).unwrap();
            let out = Indented(&compact).to_string();
            // Both read by the same parser (whose floats may not round-trip exactly).
            let back: Value = serde_json::from_str(&out).unwrap();
            proptest::prop_assert_eq!(back, serde_json::from_str::<Value>(&compact).unwrap());
            // Every line but the first starts with whole levels of two spaces, and no
            // line ends in a space.
            for line in out.lines().skip(1) {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                proptest::prop_assert_eq!(spaces % 2, 0, "{}", out);
            }
            proptest::prop_assert!(out.lines().all(|l| !l.ends_with(' ')), "{}", out);
        }
    }

    #[test]
    fn writer_escapes_and_skips_absent_members() {
        let s = to_string(&Inner {
            port: -3,
            tags: None,
        });
        assert_eq!(s, r#"{"Port":-3}"#);
        let s = to_string(&Inner {
            port: 1,
            tags: Some(vec!["a\"b\\c\n\u{1}é".to_owned(), String::new()]),
        });
        assert_eq!(s, r#"{"Port":1,"Tags":["a\"b\\c\n\u0001é",""]}"#);
        // What serde_json reads back is what was written.
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["Tags"][0], "a\"b\\c\n\u{1}é");
        assert_eq!(to_string(&1.5f64), "1.5");
        assert_eq!(to_string(&1e300f64), "1e+300");
        assert_eq!(to_string(&f64::NAN), "null");
        assert_eq!(to_string(&vec![true, false]), "[true,false]");
        assert_eq!(to_string(&u64::MAX), "18446744073709551615");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_impls_go_through_the_wire_traits() {
        let v = serde_json::to_value(Inner {
            port: 2,
            tags: None,
        })
        .unwrap();
        assert_eq!(v, serde_json::json!({"Port": 2}));
        let s = serde_json::to_string(&Inner {
            port: 2,
            tags: Some(vec!["x".to_owned()]),
        })
        .unwrap();
        assert_eq!(s, r#"{"Port":2,"Tags":["x"]}"#);
        let o: Outer = serde_json::from_str(r#"{"Inner":{"Port":"5"}}"#).unwrap();
        assert_eq!(o.inner.port, 5);
        let e = serde_json::from_str::<Outer>(r#"{"Inner":{"Port":"x"}}"#).unwrap_err();
        assert!(e.to_string().contains("Inner.Port: string \"x\""), "{e}");
    }
}
