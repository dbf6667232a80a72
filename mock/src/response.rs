//! Tencent Cloud's response envelope, and the minimal valid response of an action that
//! documents no example.

use serde_json::{Map, Value};
use tcapi_codegen::ir::{Enum, Struct, Ty};

/// `{"Response":{<fields>,"RequestId":"<id>"}}`. `fields` must not hold `RequestId`.
pub fn success_body(fields: &Map<String, Value>, request_id: &str) -> Vec<u8> {
    finish_success(&success_prefix(fields), request_id)
}

/// The bytes of a success envelope before its `RequestId`: `{"Response":{<fields>,`.
/// Computed once for an action's default answer.
pub fn success_prefix(fields: &Map<String, Value>) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + fields.len() * 24);
    out.extend_from_slice(b"{\"Response\":{");
    for (k, v) in fields {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, k);
        out.push(b':');
        let _ = serde_json::to_writer(&mut out, v);
        out.push(b',');
    }
    out
}

/// A success envelope from its prefix and a request id.
pub fn finish_success(prefix: &[u8], request_id: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(prefix.len() + request_id.len() + 20);
    out.extend_from_slice(prefix);
    out.extend_from_slice(b"\"RequestId\":");
    let _ = serde_json::to_writer(&mut out, request_id);
    out.extend_from_slice(b"}}");
    out
}

/// `{"Response":{"Error":{"Code","Message"},"RequestId"}}`.
pub fn error_body(code: &str, message: &str, request_id: &str) -> Vec<u8> {
    let v = serde_json::json!({
        "Response": {
            "Error": {"Code": code, "Message": message},
            "RequestId": request_id,
        }
    });
    serde_json::to_vec(&v).unwrap_or_default()
}

/// A fresh request id in the UUID v4 form Tencent Cloud uses.
pub fn request_id() -> String {
    let a = fastrand::u64(..);
    let b = fastrand::u64(..);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0x0fff) as u16,
        0x8000 | ((b >> 48) as u16 & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// How deep a minimal response nests data types before leaving them empty (recursive
/// types would otherwise never end).
const MAX_DEPTH: usize = 6;

/// The smallest response that fits the documented shape: every field that is not
/// nullable gets a zero value (`""`, `0`, `false`, `[]`, the first enum value, a data type
/// with its own fields), nullable fields are `null`.
pub fn minimal_response<'a>(
    response: &Struct,
    types: &dyn Fn(&str) -> Option<&'a Struct>,
    enums: &dyn Fn(&str) -> Option<&'a Enum>,
) -> Map<String, Value> {
    fields(response, types, enums, 0)
}

fn fields<'a>(
    s: &Struct,
    types: &dyn Fn(&str) -> Option<&'a Struct>,
    enums: &dyn Fn(&str) -> Option<&'a Enum>,
    depth: usize,
) -> Map<String, Value> {
    s.fields
        .iter()
        .map(|f| {
            let v = if f.nullable {
                Value::Null
            } else {
                zero(&f.ty, types, enums, depth)
            };
            (f.wire.clone(), v)
        })
        .collect()
}

fn zero<'a>(
    t: &Ty,
    types: &dyn Fn(&str) -> Option<&'a Struct>,
    enums: &dyn Fn(&str) -> Option<&'a Enum>,
    depth: usize,
) -> Value {
    match t {
        Ty::String(_) => Value::String(String::new()),
        Ty::I64 | Ty::U64 => Value::from(0),
        Ty::F64 => Value::from(0.0),
        Ty::Bool => Value::Bool(false),
        // Binary members travel base64-encoded in JSON.
        Ty::Binary => Value::String(String::new()),
        Ty::List(_) => Value::Array(Vec::new()),
        Ty::Enum(name) => Value::String(
            enums(name)
                .and_then(|e| e.values.first())
                .map(|(wire, _, _)| wire.clone())
                .unwrap_or_default(),
        ),
        Ty::Struct(_, wire) => match types(wire) {
            Some(s) if depth < MAX_DEPTH => Value::Object(fields(s, types, enums, depth + 1)),
            _ => Value::Object(Map::new()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_look_like_uuid_v4() {
        for _ in 0..100 {
            let id = request_id();
            let parts: Vec<&str> = id.split('-').collect();
            assert_eq!(
                parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12],
                "{id}"
            );
            assert!(parts[2].starts_with('4'), "{id}");
            assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{id}");
            assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn success_body_is_an_envelope() {
        let mut m = Map::new();
        m.insert("SessionId".into(), Value::from("s-1"));
        let body = success_body(&m, "rid");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"Response": {"SessionId": "s-1", "RequestId": "rid"}})
        );
        let v: Value = serde_json::from_slice(&success_body(&Map::new(), "r")).unwrap();
        assert_eq!(v, serde_json::json!({"Response": {"RequestId": "r"}}));
    }

    #[test]
    fn error_body_escapes() {
        let v: Value = serde_json::from_slice(&error_body("A.B", "say \"hi\"\n", "r")).unwrap();
        assert_eq!(v["Response"]["Error"]["Message"], "say \"hi\"\n");
        assert_eq!(v["Response"]["Error"]["Code"], "A.B");
    }
}
