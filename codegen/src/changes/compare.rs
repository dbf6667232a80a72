//! The walk over two models: service versions, actions, structs, enums and error codes,
//! each matched by name.

use std::collections::{BTreeMap, HashMap};

use super::{Change, ChangeKind, Item, Report, Role, ServiceChanges};
use crate::ir::{Action, Enum, ErrorCode, Field, Model, Service, Struct, Ty};

/// Compares two models: per service short name (of either model), every change from
/// `old` to `new` to the generated Rust API, classified by [`ChangeKind::breaking`].
/// Total: any two models give a report.
pub fn compare(old: &Model, new: &Model) -> Report {
    type Versions<'m> = (Vec<&'m Service>, Vec<&'m Service>);
    let mut by_name: BTreeMap<&str, Versions<'_>> = BTreeMap::new();
    for s in &old.services {
        by_name.entry(&s.name).or_default().0.push(s);
    }
    for s in &new.services {
        by_name.entry(&s.name).or_default().1.push(s);
    }
    let services = by_name
        .into_iter()
        .map(|(name, (old, new))| {
            let mut changes = Vec::new();
            for pair in paired(&old, &new, |s| s.version.as_str()) {
                match pair {
                    Pair::One(s, added) => changes.push(Change::new(
                        format!("{} {}", s.name, s.version),
                        &s.version,
                        added_or_removed(added, Item::Version),
                    )),
                    Pair::Both(o, n) => service(o, n, &mut changes),
                }
            }
            changes.sort_unstable();
            changes.dedup();
            ServiceChanges {
                name: name.to_owned(),
                changes,
            }
        })
        .collect();
    Report { services }
}

/// An item of one list, the other or both.
enum Pair<'a, T> {
    /// In the old list only (`false`) or the new one only (`true`).
    One(&'a T, bool),
    /// In both.
    Both(&'a T, &'a T),
}

/// Matches `old` and `new` items by `key`: in `old`'s order, then the new ones in `new`'s.
/// A key listed twice pairs its first occurrence.
fn paired<'a, T>(old: &'a [T], new: &'a [T], key: impl Fn(&T) -> &str) -> Vec<Pair<'a, T>> {
    let index = |items: &'a [T]| {
        let mut by: HashMap<&str, &'a T> = HashMap::with_capacity(items.len());
        for i in items.iter().rev() {
            by.insert(key(i), i);
        }
        by
    };
    let (old_by, new_by) = (index(old), index(new));
    let first =
        |by: &HashMap<&str, &'a T>, i: &'a T| by.get(key(i)).is_some_and(|f| std::ptr::eq(*f, i));
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    for o in old {
        match new_by.get(key(o)) {
            Some(&n) if first(&old_by, o) => out.push(Pair::Both(o, n)),
            Some(_) => {}
            None => out.push(Pair::One(o, false)),
        }
    }
    for n in new {
        if !old_by.contains_key(key(n)) && first(&new_by, n) {
            out.push(Pair::One(n, true));
        }
    }
    out
}

/// `Added(item)` or `Removed(item)`.
fn added_or_removed(added: bool, item: Item) -> ChangeKind {
    if added {
        ChangeKind::Added(item)
    } else {
        ChangeKind::Removed(item)
    }
}

/// Where changes of one service version go.
struct Sink<'c> {
    /// `cvm 2017-03-12`
    base: String,
    version: String,
    out: &'c mut Vec<Change>,
}

impl Sink<'_> {
    /// A change at `<base> <item>` (`item` empty: the version itself).
    fn push(&mut self, item: &str, kind: ChangeKind) {
        let path = if item.is_empty() {
            self.base.clone()
        } else {
            format!("{} {item}", self.base)
        };
        self.out.push(Change::new(path, &self.version, kind));
    }

    /// A rename when the Rust names differ.
    fn renamed(&mut self, item: &str, old: &str, new: &str) {
        if old != new {
            self.push(
                item,
                ChangeKind::Renamed {
                    old: old.to_owned(),
                    new: new.to_owned(),
                },
            );
        }
    }
}

/// One service version in both models.
fn service(o: &Service, n: &Service, out: &mut Vec<Change>) {
    let mut sink = Sink {
        base: format!("{} {}", n.name, n.version),
        version: n.version.clone(),
        out,
    };
    sink.renamed("", &o.module, &n.module);

    for pair in paired(&o.actions, &n.actions, |a| a.name.as_str()) {
        match pair {
            Pair::One(a, added) => sink.push(&a.name, added_or_removed(added, Item::Action)),
            // Most actions are unchanged: one comparison, no paths built.
            Pair::Both(oa, na) if oa == na => {}
            Pair::Both(oa, na) => action(&mut sink, oa, na),
        }
    }

    for pair in paired(&o.types, &n.types, |t| t.wire.as_str()) {
        match pair {
            Pair::One(t, added) => sink.push(
                &format!("types.{}", t.wire),
                added_or_removed(added, Item::Type),
            ),
            Pair::Both(ot, nt) if ot == nt => {}
            Pair::Both(ot, nt) => {
                let at = format!("types.{}", nt.wire);
                sink.renamed(&at, &ot.name, &nt.name);
                if ot.usage.input != nt.usage.input {
                    sink.push(&at, added_or_removed(nt.usage.input, Item::Constructor));
                }
                members(&mut sink, &at, Role::Type, ot, nt);
            }
        }
    }
    enums(&mut sink, "types.enum", &o.type_enums, &n.type_enums);

    for pair in paired(&o.waiters, &n.waiters, |w| w.function.as_str()) {
        let at = |w: &crate::ir::Waiter| format!("waiters.{}", w.name);
        match pair {
            Pair::One(w, added) => sink.push(
                &at(w),
                added_or_removed(
                    added,
                    Item::Waiter {
                        function: w.function.clone(),
                    },
                ),
            ),
            Pair::Both(ow, nw) if ow == nw => {}
            Pair::Both(_, nw) => sink.push(&at(nw), ChangeKind::WaiterChanged),
        }
    }

    // The service's error enum exists while an action takes its errors from the service.
    let emitted = |s: &Service| s.actions.iter().any(|a| a.errors_from_service);
    match (emitted(o), emitted(n)) {
        (true, true) => {
            sink.renamed("errors", &o.error_name, &n.error_name);
            codes(&mut sink, "errors", &o.errors, &n.errors);
        }
        (false, false) => {}
        (_, now) => sink.push("errors", added_or_removed(now, Item::ErrorEnum)),
    }
}

/// One action in both versions.
fn action(sink: &mut Sink<'_>, o: &Action, n: &Action) {
    let at = n.name.as_str();
    sink.renamed(at, &o.module, &n.module);
    if o.streaming != n.streaming {
        sink.push(at, added_or_removed(n.streaming, Item::Streaming));
    }
    match (&o.pagination, &n.pagination) {
        (Some(op), Some(np)) if op != np => sink.push(at, ChangeKind::PaginationChanged),
        (None, Some(_)) => sink.push(at, ChangeKind::Added(Item::Paginator)),
        (Some(_), None) => sink.push(at, ChangeKind::Removed(Item::Paginator)),
        _ => {}
    }
    let request = format!("{at}.request");
    members(sink, &request, Role::Request, &o.request, &n.request);
    let response = format!("{at}.response");
    members(sink, &response, Role::Response, &o.response, &n.response);
    enums(sink, &format!("{at}.enum"), &o.enums, &n.enums);

    // The codes of the action's error type: its own, or the service's (compared once, for
    // the service, while both versions take them from there). A switch between the two
    // is one change: the error type itself is another enum, and listing the codes of one
    // list missing from the other (hundreds for a large service) would bury it.
    let errors = format!("{at}.errors");
    match (o.errors_from_service, n.errors_from_service) {
        (true, true) => {}
        (false, false) => {
            sink.renamed(&errors, &o.error_name, &n.error_name);
            codes(sink, &errors, &o.errors, &n.errors);
        }
        (_, now) => sink.push(&errors, ChangeKind::ErrorSourceChanged { service: now }),
    }
}

/// The members of a struct in both versions, and its `Default` derive.
fn members(sink: &mut Sink<'_>, at: &str, role: Role, o: &Struct, n: &Struct) {
    if o.derives_default() != n.derives_default() {
        sink.push(at, added_or_removed(n.derives_default(), Item::Default));
    }
    if o.fields == n.fields {
        return;
    }
    for pair in paired(&o.fields, &n.fields, |f| f.wire.as_str()) {
        match pair {
            Pair::One(f, added) => {
                let s = if added { n } else { o };
                let item = Item::Member {
                    role,
                    param: s.usage.input && !f.optional,
                    ty: rust_type(f),
                };
                sink.push(&format!("{at}.{}", f.wire), added_or_removed(added, item));
            }
            Pair::Both(of, nf) if of == nf => {}
            Pair::Both(of, nf) => {
                let at = format!("{at}.{}", nf.wire);
                sink.renamed(&at, &of.rust, &nf.rust);
                field(sink, &at, o.usage.input && n.usage.input, of, nf);
            }
        }
    }
}

/// One member in both versions; `constructor`: its struct has `new` in both.
fn field(sink: &mut Sink<'_>, at: &str, constructor: bool, o: &Field, n: &Field) {
    if o.sensitive != n.sensitive {
        sink.push(
            at,
            ChangeKind::SensitiveChanged {
                sensitive: n.sensitive,
            },
        );
    }
    let optional_flipped = o.optional != n.optional;
    let signature = constructor && optional_flipped;
    let required_changed = o.required != n.required;
    if required_changed {
        sink.push(
            at,
            ChangeKind::RequiredChanged {
                required: n.required,
                signature,
            },
        );
    }
    // A flipped `Option` that the required-ness change explains is reported once, as that.
    let explained = signature && required_changed;
    let inner_changed = o.boxed != n.boxed || !same_rust_type(&o.ty, &n.ty);
    if inner_changed || (optional_flipped && !explained) {
        sink.push(
            at,
            ChangeKind::Retyped {
                old: rust_type(o),
                new: rust_type(n),
                rust: true,
            },
        );
    } else if o.ty != n.ty {
        sink.push(
            at,
            ChangeKind::Retyped {
                old: o.spec_type.clone(),
                new: n.spec_type.clone(),
                rust: false,
            },
        );
    }
}

/// The enums of one module in both versions, by Rust name.
fn enums(sink: &mut Sink<'_>, at: &str, old: &[Enum], new: &[Enum]) {
    for pair in paired(old, new, |e| e.name.as_str()) {
        match pair {
            Pair::One(e, added) => sink.push(
                &format!("{at}.{}", e.name),
                added_or_removed(added, Item::Enum),
            ),
            Pair::Both(oe, ne) if oe == ne => {}
            Pair::Both(oe, ne) => {
                let at = format!("{at}.{}", ne.name);
                if oe.open != ne.open {
                    sink.push(&at, ChangeKind::OpenChanged { open: ne.open });
                }
                for pair in paired(&oe.values, &ne.values, |(wire, _, _)| wire.as_str()) {
                    match pair {
                        Pair::One((wire, variant, _), added) => {
                            let variant = variant.clone();
                            let kind = added_or_removed(added, Item::EnumValue { variant });
                            sink.push(&format!("{at}.{wire}"), kind);
                        }
                        Pair::Both((_, ov, _), (wire, nv, _)) => {
                            sink.renamed(&format!("{at}.{wire}"), ov, nv)
                        }
                    }
                }
            }
        }
    }
}

/// The codes of one error enum in both versions.
fn codes(sink: &mut Sink<'_>, at: &str, old: &[ErrorCode], new: &[ErrorCode]) {
    for pair in paired(old, new, |c| c.code.as_str()) {
        match pair {
            Pair::One(c, added) => {
                let variant = c.variant.clone();
                let kind = added_or_removed(added, Item::ErrorCode { variant });
                sink.push(&format!("{at}.{}", c.code), kind);
            }
            Pair::Both(oc, nc) => {
                sink.renamed(&format!("{at}.{}", nc.code), &oc.variant, &nc.variant)
            }
        }
    }
}

/// A field's Rust type as the emitter writes it in an action module (`Option<Vec<Tag>>`,
/// `Option<Box<Node>>`), with data types by their Rust names.
pub(super) fn rust_type(f: &Field) -> String {
    let mut t = inner_type(&f.ty);
    if f.boxed {
        t = format!("Box<{t}>");
    }
    if f.optional {
        t = format!("Option<{t}>");
    }
    t
}

/// Whether two types are one Rust type (every string kind is a `String`; data types and
/// enums by Rust name).
fn same_rust_type(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::String(_), Ty::String(_)) => true,
        (Ty::List(a), Ty::List(b)) => same_rust_type(a, b),
        (Ty::Struct(a, _), Ty::Struct(b, _)) | (Ty::Enum(a), Ty::Enum(b)) => a == b,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// The Rust type of a present value (`Vec<String>`); every string kind is a `String`.
fn inner_type(t: &Ty) -> String {
    match t {
        Ty::String(_) => "String".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::U64 => "u64".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Binary => "Binary".to_owned(),
        Ty::List(inner) => format!("Vec<{}>", inner_type(inner)),
        Ty::Struct(name, _) | Ty::Enum(name) => name.clone(),
    }
}
