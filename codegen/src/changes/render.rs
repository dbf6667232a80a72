//! The report as plain text (the CLI) and a service's changes as a CHANGELOG.md section.

use std::fmt::{self, Write as _};

use super::{Change, ChangeKind, Item, Report, Role, ServiceChanges};

/// The plain-text report: per changed service a summary line and its changes, then the
/// summary of the whole report.
pub(super) fn report(r: &Report, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for s in r.changed() {
        let breaking = s.breaking_count();
        writeln!(
            f,
            "{}: {breaking} breaking, {} other",
            shown(&s.name),
            s.changes.len() - breaking
        )?;
        for c in &s.changes {
            let tag = if c.breaking { "breaking" } else { "other   " };
            writeln!(f, "  {tag}  {}: {}", shown(&c.path), c.kind)?;
        }
    }
    writeln!(f, "{}", r.summary())
}

/// See [`ServiceChanges::changelog_entry`].
pub(super) fn changelog_entry(s: &ServiceChanges, version: &str, date: &str) -> String {
    let mut out = format!("## {} ({})\n", shown(version), shown(date));
    if s.changes.is_empty() {
        out.push_str("\nNo change to the API.\n");
        return out;
    }
    let section = |c: &Change| match (c.breaking, c.kind.is_addition()) {
        (true, _) => "Breaking",
        (false, true) => "Added",
        (false, false) => "Changed",
    };
    for title in ["Breaking", "Added", "Changed"] {
        let mut lines = s.changes.iter().filter(|c| section(c) == title).peekable();
        if lines.peek().is_none() {
            continue;
        }
        let _ = write!(out, "\n### {title}\n\n");
        for c in lines {
            let item = c.item();
            let _ = if item.is_empty() {
                writeln!(out, "- API version {}: {}", code(&c.version), c.kind)
            } else {
                writeln!(out, "- {} {}: {}", code(&c.version), code(item), c.kind)
            };
        }
    }
    out
}

/// See [`ChangeKind`]'s `Display`.
pub(super) fn kind(k: &ChangeKind, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match k {
        ChangeKind::Added(item) => item_text(item, "added", f),
        ChangeKind::Removed(item) => item_text(item, "removed", f),
        ChangeKind::Retyped { old, new, rust } => {
            if *rust {
                write!(f, "retyped {} → {}", code(old), code(new))
            } else {
                write!(
                    f,
                    "spec type {} → {} (same Rust type)",
                    code(old),
                    code(new)
                )
            }
        }
        ChangeKind::RequiredChanged {
            required,
            signature,
        } => {
            let now = if *required { "required" } else { "optional" };
            match (signature, required) {
                (true, true) => write!(f, "now {now} (a parameter of `new`, no longer `Option`)"),
                (true, false) => write!(f, "now {now} (a setter, no longer a parameter of `new`)"),
                (false, _) => write!(f, "now documented as {now} (same Rust API)"),
            }
        }
        ChangeKind::OpenChanged { open } => f.write_str(if *open {
            "enum now open (the server may return unlisted values)"
        } else {
            "enum now closed (the documented list is complete)"
        }),
        ChangeKind::ErrorSourceChanged { service } => f.write_str(if *service {
            "errors now the service's (the error type is an alias of the service's enum)"
        } else {
            "errors now the action's own (the error type is no longer the service's enum)"
        }),
        ChangeKind::Renamed { old, new } => {
            write!(f, "Rust name {} → {}", code(old), code(new))
        }
        ChangeKind::PaginationChanged => f.write_str("paginator changed (other paging members)"),
        ChangeKind::WaiterChanged => f.write_str("waiter changed (action, states or timing)"),
        ChangeKind::SensitiveChanged { sensitive } => f.write_str(if *sensitive {
            "now sensitive (masked in `Debug` and logs)"
        } else {
            "no longer sensitive (shown in `Debug` and logs)"
        }),
    }
}

fn item_text(item: &Item, verb: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match item {
        Item::Version => write!(f, "service version {verb}"),
        Item::Action => write!(f, "action {verb}"),
        Item::Type => write!(f, "data type {verb}"),
        Item::Enum => write!(f, "enum {verb}"),
        Item::Member { role, param, ty } => {
            let role = match role {
                Role::Request => "request member",
                Role::Response => "response member",
                Role::Type => "data type member",
            };
            let param = if *param { ", a parameter of `new`" } else { "" };
            write!(f, "{role} {verb} ({}{param})", code(ty))
        }
        Item::EnumValue { variant } => write!(f, "enum value {verb} (variant {})", code(variant)),
        Item::ErrorCode { variant } => write!(f, "error code {verb} (variant {})", code(variant)),
        Item::ErrorEnum => write!(f, "service error enum {verb}"),
        Item::Constructor => write!(f, "`new`, setters and `Validate` {verb}"),
        Item::Default => write!(f, "`Default` derive {verb}"),
        Item::Streaming => write!(f, "streaming {verb} (`StreamingAction`)"),
        Item::Paginator => write!(f, "paginator {verb} (`Paginated`)"),
        Item::Waiter { function } => write!(f, "waiter {verb} ({})", code(function)),
    }
}

/// Text from the specs as one safe line: control characters escaped, bidirectional
/// controls removed.
fn shown(s: &str) -> String {
    let s = crate::text::without_bidi(s);
    if !s.chars().any(char::is_control) {
        return s.into_owned();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `s` as Markdown inline code ([`shown`] first): fenced by more backticks than it holds
/// in a row, padded when it starts or ends with one.
pub(super) fn code(s: &str) -> String {
    let s = shown(s);
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}
