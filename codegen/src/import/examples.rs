//! Documented examples: the request body is split from its HTTP preamble (`POST / HTTP/1.1`,
//! headers, `<Common request parameters>`), or rebuilt as JSON from a documented GET query
//! (`https://host/?Action=X&A.0.B=v`) using the request's member types; the response is kept
//! as documented. Examples whose JSON does not parse are left out and counted.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::source::{ApiMember, ApiObject};

/// Why an example was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    /// The request body is not a JSON object.
    RequestNotJson,
    /// A GET query names a parameter the request does not have, or a value of the wrong type.
    QueryMismatch,
    /// The response is not a JSON object with `Response`.
    ResponseNotJson,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Skip::RequestNotJson => "request body is not a JSON object",
            Skip::QueryMismatch => "GET query does not match the request parameters",
            Skip::ResponseNotJson => "response is not a JSON object with `Response`",
        })
    }
}

/// Extracts the request body as JSON text.
pub fn request_json(
    input: &str,
    request: &ApiObject,
    objects: &IndexMap<String, ApiObject>,
) -> Result<String, Skip> {
    let trimmed = input.trim();
    let looks_get =
        trimmed.starts_with("http") && trimmed.contains("?Action=") && !trimmed.contains('{');
    if looks_get || (trimmed.starts_with("http") && !trimmed.contains("\n\n")) {
        return query_to_json(trimmed, request, objects);
    }
    let start = trimmed.find('{').ok_or(Skip::RequestNotJson)?;
    json_object_text(&trimmed[start..]).ok_or(Skip::RequestNotJson)
}

/// Checks the response and returns it tidied.
pub fn response_json(output: &str) -> Result<String, Skip> {
    let trimmed = output.trim();
    let value: Value = serde_json::from_str(trimmed).map_err(|_| Skip::ResponseNotJson)?;
    if !value.get("Response").is_some_and(Value::is_object) {
        return Err(Skip::ResponseNotJson);
    }
    Ok(tidy(trimmed))
}

/// The text of a JSON object, tidied, if it parses as one.
fn json_object_text(text: &str) -> Option<String> {
    let text = text.trim();
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(_)) => Some(tidy(text)),
        _ => None,
    }
}

/// Whitespace outside JSON strings only (raw control characters cannot occur inside a
/// string that parsed): no `\r`, tabs as four spaces, no trailing spaces.
fn tidy(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for (i, line) in json.replace('\r', "").split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.replace('\t', "    ").trim_end());
    }
    out
}

/// Rebuilds the JSON body from a GET query, typing values by the request's members.
fn query_to_json(
    url: &str,
    request: &ApiObject,
    objects: &IndexMap<String, ApiObject>,
) -> Result<String, Skip> {
    let query = url
        .split_once('?')
        .map(|(_, q)| q)
        .ok_or(Skip::QueryMismatch)?;
    let pairs: Vec<&str> = if query.contains("\n&") {
        query.split("\n&").collect()
    } else {
        query.split('&').collect()
    };
    let mut root = Value::Object(Map::new());
    for pair in pairs {
        let pair = pair.trim();
        if pair.is_empty() || pair.starts_with('<') {
            continue;
        }
        let (key, value) = pair.split_once('=').ok_or(Skip::QueryMismatch)?;
        if matches!(key, "Action" | "Version" | "Region" | "Language") {
            continue;
        }
        let path: Vec<&str> = key.split('.').collect();
        insert(
            &mut root,
            &path,
            value,
            Some(&request.members),
            None,
            objects,
        )?;
    }
    serde_json::to_string_pretty(&root).map_err(|_| Skip::QueryMismatch)
}

/// Inserts `value` at `path` below `node`. `members` are the members of the object at `node`
/// (when it is an object); `item` is the member whose list `node` is (when it is a list).
fn insert(
    node: &mut Value,
    path: &[&str],
    value: &str,
    members: Option<&[ApiMember]>,
    item: Option<&ApiMember>,
    objects: &IndexMap<String, ApiObject>,
) -> Result<(), Skip> {
    let (head, rest) = path.split_first().ok_or(Skip::QueryMismatch)?;
    if let Some(list_of) = item {
        let index: usize = head.parse().map_err(|_| Skip::QueryMismatch)?;
        let list = node.as_array_mut().ok_or(Skip::QueryMismatch)?;
        if index > list.len() {
            return Err(Skip::QueryMismatch);
        }
        let is_object = objects.contains_key(&list_of.member);
        if index == list.len() {
            list.push(if is_object {
                Value::Object(Map::new())
            } else {
                Value::Null
            });
        }
        let slot = &mut list[index];
        return if is_object {
            let inner = &objects[&list_of.member].members;
            if rest.is_empty() {
                return Err(Skip::QueryMismatch);
            }
            insert(slot, rest, value, Some(inner), None, objects)
        } else if rest.is_empty() {
            *slot = scalar(&list_of.member, value)?;
            Ok(())
        } else {
            Err(Skip::QueryMismatch)
        };
    }
    let members = members.ok_or(Skip::QueryMismatch)?;
    let member = members
        .iter()
        .find(|m| m.name == *head)
        .ok_or(Skip::QueryMismatch)?;
    let map = node.as_object_mut().ok_or(Skip::QueryMismatch)?;
    match member.kind.as_str() {
        "list" => {
            let slot = map
                .entry(member.name.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            if rest.is_empty() {
                return Err(Skip::QueryMismatch);
            }
            insert(slot, rest, value, None, Some(member), objects)
        }
        "object" => {
            let inner = &objects
                .get(&member.member)
                .ok_or(Skip::QueryMismatch)?
                .members;
            let slot = map
                .entry(member.name.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if rest.is_empty() {
                return Err(Skip::QueryMismatch);
            }
            insert(slot, rest, value, Some(inner), None, objects)
        }
        _ if rest.is_empty() => {
            map.insert(member.name.clone(), scalar(&member.member, value)?);
            Ok(())
        }
        _ => Err(Skip::QueryMismatch),
    }
}

/// A query value as JSON of the member's scalar type.
fn scalar(member: &str, value: &str) -> Result<Value, Skip> {
    Ok(match member {
        "int64" => Value::from(
            value
                .trim()
                .parse::<i64>()
                .map_err(|_| Skip::QueryMismatch)?,
        ),
        "uint64" => Value::from(
            value
                .trim()
                .parse::<u64>()
                .map_err(|_| Skip::QueryMismatch)?,
        ),
        "float" => Value::from(
            value
                .trim()
                .parse::<f64>()
                .map_err(|_| Skip::QueryMismatch)?,
        ),
        "bool" => match value.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(Skip::QueryMismatch),
        },
        _ => Value::String(value.to_owned()),
    })
}

/// The values documented request examples give each member: (object name, member name) →
/// the JSON values, walked from every action's request object into the data types it holds.
/// Constraints read from prose are checked against them (an example the definition's own
/// prose contradicts means the prose was misread or is wrong; either way it is not kept).
pub type DocumentedValues = std::collections::HashMap<(String, String), Vec<Value>>;

/// The most objects a walk descends through: definitions nest a few levels; cycles of types
/// (`Node.Children: [Node]`) end with the example's own depth, this bounds hostile input.
const MAX_DEPTH: usize = 32;

/// Adds the values of one request example (`request`: its JSON text, as [`request_json`]
/// gives it) of the request object `object`.
pub fn collect_values(
    request: &str,
    object: &str,
    objects: &IndexMap<String, ApiObject>,
    out: &mut DocumentedValues,
) {
    if let Ok(value) = serde_json::from_str::<Value>(request) {
        walk(&value, object, objects, out, 0);
    }
}

fn walk(
    value: &Value,
    object: &str,
    objects: &IndexMap<String, ApiObject>,
    out: &mut DocumentedValues,
    depth: usize,
) {
    let (Some(fields), Some(obj)) = (value.as_object(), objects.get(object)) else {
        return;
    };
    if depth >= MAX_DEPTH {
        return;
    }
    for m in &obj.members {
        let Some(v) = fields.get(&m.name) else {
            continue;
        };
        out.entry((object.to_owned(), m.name.clone()))
            .or_default()
            .push(v.clone());
        if objects.contains_key(&m.member) {
            match v {
                Value::Array(items) => {
                    for item in items {
                        walk(item, &m.member, objects, out, depth + 1);
                    }
                }
                v => walk(v, &m.member, objects, out, depth + 1),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> (ApiObject, IndexMap<String, ApiObject>) {
        let objects: IndexMap<String, ApiObject> = serde_json::from_str(
            r#"{
            "XRequest": {"document": "", "members": [
                {"name": "FleetId", "type": "string", "member": "string", "document": ""},
                {"name": "Count", "type": "int", "member": "int64", "document": ""},
                {"name": "Ids", "type": "list", "member": "uint64", "document": ""},
                {"name": "Disks", "type": "list", "member": "Disk", "document": ""},
                {"name": "Policy", "type": "object", "member": "Disk", "document": ""}
            ]},
            "Disk": {"document": "", "members": [
                {"name": "DiskType", "type": "string", "member": "string", "document": ""},
                {"name": "DiskSize", "type": "int", "member": "uint64", "document": ""}
            ]}
        }"#,
        )
        .unwrap();
        let mut objects = objects;
        let request = objects.shift_remove("XRequest").unwrap();
        (request, objects)
    }

    #[test]
    fn post_body_is_split_from_the_preamble() {
        let (req, objs) = schema();
        let input = "POST / HTTP/1.1\nHost: gse.tencentcloudapi.com\nContent-Type: application/json\nX-TC-Action: X\n<Common request parameters>\n\n{\n\t\"FleetId\": \"f-1\"   \r\n}";
        assert_eq!(
            request_json(input, &req, &objs).unwrap(),
            "{\n    \"FleetId\": \"f-1\"\n}"
        );
        assert_eq!(
            request_json("{\"a\": 1}", &req, &objs).unwrap(),
            "{\"a\": 1}"
        );
        assert_eq!(
            request_json("POST / HTTP/1.1\n\n{\"a\": ", &req, &objs),
            Err(Skip::RequestNotJson)
        );
    }

    #[test]
    fn get_query_is_rebuilt_with_types() {
        let (req, objs) = schema();
        let input = "https://gse.tencentcloudapi.com/?Action=X\n&FleetId=f-1\n&Count=2\n&Ids.0=7\n&Ids.1=8\n&Disks.0.DiskType=SSD\n&Disks.0.DiskSize=50\n&Policy.DiskSize=3\n&<Common request parameters>";
        let json: Value = serde_json::from_str(&request_json(input, &req, &objs).unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"FleetId": "f-1", "Count": 2, "Ids": [7, 8], "Disks": [{"DiskType": "SSD", "DiskSize": 50}], "Policy": {"DiskSize": 3}})
        );
        for bad in [
            "https://h/?Action=X&Nope=1",
            "https://h/?Action=X&Count=two",
            "https://h/?Action=X&Ids.3=1",
        ] {
            assert_eq!(
                request_json(bad, &req, &objs),
                Err(Skip::QueryMismatch),
                "{bad}"
            );
        }
    }

    #[test]
    fn response_needs_response_object() {
        assert!(response_json("{\"Response\": {\"RequestId\": \"x\"}}").is_ok());
        assert_eq!(
            response_json("{\"RequestId\": \"x\"}"),
            Err(Skip::ResponseNotJson)
        );
        assert_eq!(response_json("not json"), Err(Skip::ResponseNotJson));
    }

    #[test]
    fn request_values_are_collected_through_data_types() {
        let (req, mut objs) = schema();
        objs.insert("XRequest".to_owned(), req);
        let mut out = DocumentedValues::new();
        let request = r#"{"FleetId": "f-1", "Ids": [7, 8], "Disks": [{"DiskSize": 50}, {"DiskSize": 0}], "Policy": {"DiskType": "SSD"}, "Nope": 1}"#;
        collect_values(request, "XRequest", &objs, &mut out);
        collect_values(r#"{"FleetId": "f-2"}"#, "XRequest", &objs, &mut out);
        collect_values("not json", "XRequest", &objs, &mut out);
        let at = |o: &str, m: &str| out.get(&(o.to_owned(), m.to_owned())).cloned();
        assert_eq!(
            at("XRequest", "FleetId"),
            Some(vec![Value::from("f-1"), Value::from("f-2")])
        );
        assert_eq!(at("XRequest", "Ids"), Some(vec![serde_json::json!([7, 8])]));
        assert_eq!(
            at("Disk", "DiskSize"),
            Some(vec![Value::from(50), Value::from(0)])
        );
        assert_eq!(at("Disk", "DiskType"), Some(vec![Value::from("SSD")]));
        assert_eq!(
            at("XRequest", "Nope"),
            None,
            "only members of the definition"
        );
        assert_eq!(out.len(), 6);
    }

    #[test]
    fn a_request_value_that_breaks_a_constraint_drops_it() {
        use super::super::constraints::{Bounds, Constraints, Num};
        let mut c = Constraints {
            range: Some(Bounds {
                min: Some(Num::Int(1)),
                max: Some(Num::Int(100)),
            }),
            ..Constraints::default()
        };
        assert_eq!(c.drop_contradicted_value(&Value::from(100), false), 0);
        assert_eq!(
            c.drop_contradicted_value(&Value::from("7"), false),
            0,
            "numbers as text"
        );
        assert_eq!(c.drop_contradicted_value(&Value::Null, false), 0);
        assert_eq!(c.drop_contradicted_value(&Value::from(0), false), 1);
        assert!(c.range.is_none());

        let mut c = Constraints {
            items: Some(Bounds {
                min: Some(1),
                max: Some(2),
            }),
            length: Some(Bounds {
                min: Some(1),
                max: Some(3),
            }),
            enumeration: Some(vec!["a".into(), "bb".into()]),
            ..Constraints::default()
        };
        assert_eq!(
            c.drop_contradicted_value(&serde_json::json!(["a", "bb"]), true),
            0
        );
        assert_eq!(
            c.drop_contradicted_value(&serde_json::json!(["a", "c"]), true),
            1
        );
        assert!(c.enumeration.is_none() && c.items.is_some());
        assert_eq!(
            c.drop_contradicted_value(&serde_json::json!(["a", "b", ""]), true),
            2,
            "three items; an empty string"
        );
        assert!(c.items.is_none() && c.length.is_none());
    }
}
