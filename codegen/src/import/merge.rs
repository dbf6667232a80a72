//! One definition per service version out of both sets (`tccli-intl-en`, English, and
//! `tccli`, Chinese).
//!
//! The rule (also in specs/README.md, "Importing"): nothing either set knows is lost, and
//! English text wins where both have text.
//!
//! - Actions, objects and members of either set are all kept: those of the English set in its
//!   order, then those only the Chinese set has, in its order.
//! - Text (action, object and member descriptions, member examples): the English set's when it
//!   has any, otherwise the Chinese set's as it is. A member's other text is kept aside
//!   ([`OtherText`]) so constraints are read from both.
//! - Flags: an action is deprecated when either set says so; a member is required, always
//!   sent or nullable when either set says so, and hidden only when both hide it.
//! - A member whose type differs between the sets keeps the English set's type; the
//!   difference is noted.
//! - Examples: the English set's, then the Chinese set's that are not the same request and
//!   response.
//! - Metadata (service name, version) is the English set's; the display name is the first
//!   non-empty one.

use super::report::ImportReport;
use super::source::{ApiAction, ApiMember, ApiObject, Definition, OtherText};

/// Merges `other` into `base` (both of one service version; `base` is from the set merged
/// first). Differences that cannot both be kept are noted in `report`.
pub fn merge(base: &mut Definition, other: Definition, report: &mut ImportReport) {
    let where_ = base.path.display().to_string();
    base.sets.extend(other.sets);
    let (api, other_api) = (&mut base.api, other.api);
    if api.metadata.service_name_cn.trim().is_empty() {
        api.metadata.service_name_cn = other_api.metadata.service_name_cn;
    }
    for (name, theirs) in other_api.actions {
        match api.actions.get_mut(&name) {
            Some(ours) => action(ours, theirs),
            None => {
                report.merge.actions_added += 1;
                api.actions.insert(name, theirs);
            }
        }
    }
    for (name, theirs) in other_api.objects {
        match api.objects.get_mut(&name) {
            Some(ours) => object(ours, theirs, &format!("{where_}: {name}"), report),
            None => {
                api.objects.insert(name, theirs);
            }
        }
    }
    for (name, theirs) in other.examples.actions {
        let ours = base.examples.actions.entry(name).or_default();
        for ex in theirs {
            let same = ours
                .iter()
                .any(|o| same_json(&o.input, &ex.input) && same_json(&o.output, &ex.output));
            if same {
                report.merge.examples_shared += 1;
            } else {
                ours.push(ex);
            }
        }
    }
}

/// Whether two documented requests or responses say the same: their JSON (from the first
/// `{`, past an HTTP preamble that names each site's host and is in each set's language)
/// parses to the same value, or, when it does not parse, the texts agree but for whitespace.
fn same_json(a: &str, b: &str) -> bool {
    let json = |s: &str| {
        s.find('{')
            .and_then(|i| serde_json::from_str::<serde_json::Value>(&s[i..]).ok())
    };
    match (json(a), json(b)) {
        (Some(x), Some(y)) => x == y,
        _ => {
            let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            squash(a) == squash(b)
        }
    }
}

fn first_text(ours: &mut String, theirs: String) {
    if ours.trim().is_empty() {
        *ours = theirs;
    }
}

fn action(ours: &mut ApiAction, theirs: ApiAction) {
    first_text(&mut ours.document, theirs.document);
    if theirs.status.as_deref() == Some("deprecated") {
        ours.status = theirs.status;
    }
}

fn object(ours: &mut ApiObject, theirs: ApiObject, where_: &str, report: &mut ImportReport) {
    first_text(&mut ours.document, theirs.document);
    if ours.usage != theirs.usage {
        // Used one way in one set and another way in the other: both ways.
        ours.usage = match (ours.usage.as_deref(), theirs.usage.as_deref()) {
            (None, _) | (_, None) => None,
            _ => Some("both".to_owned()),
        };
    }
    for m in theirs.members {
        match ours.members.iter_mut().find(|o| o.name == m.name) {
            Some(o) => member(o, m, where_, report),
            None => {
                report.merge.members_added += 1;
                ours.members.push(m);
            }
        }
    }
}

fn member(ours: &mut ApiMember, theirs: ApiMember, where_: &str, report: &mut ImportReport) {
    if (ours.kind.as_str(), ours.member.as_str()) != (theirs.kind.as_str(), theirs.member.as_str())
    {
        report.merge.type_conflicts += 1;
        report.notes.push(format!(
            "{where_}: member `{}` is `{} {}` in the {} set and `{} {}` in the {} set; the {} set's type is kept",
            ours.name,
            ours.kind,
            ours.member,
            ours.from.label(),
            theirs.kind,
            theirs.member,
            theirs.from.label(),
            ours.from.label(),
        ));
    }
    let or = |a: Option<bool>, b: Option<bool>| match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(false) || b.unwrap_or(false)),
    };
    ours.required = or(ours.required, theirs.required);
    ours.output_required = or(ours.output_required, theirs.output_required);
    ours.value_allowed_null = or(ours.value_allowed_null, theirs.value_allowed_null);
    ours.disabled = match (ours.disabled, theirs.disabled) {
        (Some(true), Some(true)) => Some(true),
        (None, None) => None,
        _ => Some(false),
    };
    let their_example = theirs.example.filter(|e| !e.trim().is_empty());
    if ours.document.trim().is_empty() {
        // Theirs is the only text: it becomes the member's text.
        ours.document = theirs.document;
        ours.from = theirs.from;
        if ours.example.as_deref().is_none_or(|e| e.trim().is_empty()) {
            ours.example = their_example;
        }
    } else {
        if ours.example.as_deref().is_none_or(|e| e.trim().is_empty()) {
            ours.example = their_example.clone();
        }
        ours.other = Some(OtherText {
            set: theirs.from,
            document: theirs.document,
            example: their_example,
        });
    }
}
