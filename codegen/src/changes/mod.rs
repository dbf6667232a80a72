//! What changed in the generated Rust API between two spec trees, per service: the report
//! behind `tcapi-codegen changes`, the version bump of a service's crate and its
//! changelog entry.
//!
//! [`compare`] walks two resolved models ([`Model`](crate::ir::Model), from
//! [`load_and_check`](crate::load_and_check)) and lists, per service short name, every
//! change to what the generator emits: service versions, actions, request and response
//! members, data types and their members, enum values and error codes. Each change is
//! classified breaking or not by [`ChangeKind::breaking`], whose documentation is the rule
//! table. Like an emitter, this module reads the IR alone.
//!
//! Items are matched by wire name (actions, data types, members, enum values, error codes)
//! or, for enums, by their Rust name; a Rust name that changes under an unchanged wire name
//! is a [`ChangeKind::Renamed`]. The common error codes (`common.yaml`, the runtime's
//! enum) belong to no service and are not compared.

mod compare;
mod git;
mod render;
#[cfg(test)]
mod tests;
mod version;

use std::fmt;

pub use compare::compare;
pub use git::SpecsAtRevision;
pub use version::{Bump, VersionError, next_version};

/// Every service of either model, by short name, with what changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    services: Vec<ServiceChanges>,
}

impl Report {
    /// Every service of either model (changed or not), ordered by short name.
    pub fn services(&self) -> impl Iterator<Item = &ServiceChanges> {
        self.services.iter()
    }

    /// The services with at least one change, ordered by short name.
    pub fn changed(&self) -> impl Iterator<Item = &ServiceChanges> {
        self.services.iter().filter(|s| !s.changes.is_empty())
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changed().next().is_none()
    }

    /// `N services changed (B breaking), M unchanged`.
    pub fn summary(&self) -> String {
        let changed = self.changed().count();
        let breaking = self.changed().filter(|s| s.is_breaking()).count();
        let unchanged = self.services.len() - changed;
        let noun = if changed == 1 { "service" } else { "services" };
        format!("{changed} {noun} changed ({breaking} breaking), {unchanged} unchanged")
    }
}

/// The changes of one service (all its API versions), in a deterministic order (by path,
/// then kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceChanges {
    /// Short name (`cvm`).
    pub name: String,
    /// Changes ordered by path, then kind.
    pub changes: Vec<Change>,
}

impl ServiceChanges {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// How many changes are breaking.
    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    /// Which part of the crate's version `current` (`MAJOR.MINOR.PATCH`) these changes
    /// bump, as Cargo reads versions: below 1.0.0 a breaking change bumps the minor number
    /// and any other change the patch number; from 1.0.0 on a breaking change bumps the
    /// major number, an addition (something [`ChangeKind::Added`]) the minor number and
    /// any other change the patch number. No change: [`Bump::None`].
    pub fn bump(&self, current: &str) -> Result<Bump, VersionError> {
        let v = version::Version::parse(current)?;
        Ok(if self.changes.is_empty() {
            Bump::None
        } else if self.is_breaking() {
            if v.major == 0 {
                Bump::Minor
            } else {
                Bump::Major
            }
        } else if v.major > 0 && self.changes.iter().any(|c| c.kind.is_addition()) {
            Bump::Minor
        } else {
            Bump::Patch
        })
    }

    /// The crate's CHANGELOG.md section for `version` released on `date`: a `##` heading,
    /// then `### Breaking`, `### Added` and `### Changed` lists (empty ones left out),
    /// names in backticks, in the changes' order.
    pub fn changelog_entry(&self, version: &str, date: &str) -> String {
        render::changelog_entry(self, version, date)
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// Where: the service short name, the API version, then the item by wire names
    /// (`cvm 2017-03-12 DescribeInstances.request.Limit`, `cvm 2017-03-12
    /// types.Placement.Zone`, `car 2022-01-10 ApplyConcurrent.errors.InternalError`,
    /// `car 2022-01-10 types.enum.UserApplicationVersionApplicationVersionStatus.Usable`).
    pub path: String,
    /// The API version the change is in (`2017-03-12`).
    pub version: String,
    /// What changed.
    pub kind: ChangeKind,
    /// Whether code compiled against the old generated API may no longer compile (or now
    /// means something else): [`ChangeKind::breaking`].
    pub breaking: bool,
}

impl Change {
    /// A change at `path` in API `version`, classified by [`ChangeKind::breaking`].
    pub fn new(path: String, version: &str, kind: ChangeKind) -> Self {
        let breaking = kind.breaking();
        Change {
            path,
            version: version.to_owned(),
            kind,
            breaking,
        }
    }

    /// The path without the service name and API version (`DescribeInstances.request.Limit`);
    /// empty for a whole service version.
    pub fn item(&self) -> &str {
        let rest = self.path.split_once(' ').map_or("", |(_, r)| r);
        rest.strip_prefix(self.version.as_str())
            .unwrap_or(rest)
            .trim_start()
    }
}

/// What changed at a [`Change::path`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Something new.
    Added(Item),
    /// Something gone.
    Removed(Item),
    /// A member's type changed: its Rust type (`rust`, `old` and `new` are Rust types with
    /// `Option` and `Box`), or only its spec type under the same Rust type (`DateTime` to
    /// `String`; `old` and `new` are spec types).
    Retyped {
        /// The old type.
        old: String,
        /// The new type.
        new: String,
        /// Whether the Rust type changed.
        rust: bool,
    },
    /// A member's documented required-ness changed.
    RequiredChanged {
        /// Whether it is now required.
        required: bool,
        /// Whether the struct's `new` changed with it (a member of a struct with a
        /// constructor became, or stopped being, one of its parameters; its field type
        /// gained or lost its `Option`).
        signature: bool,
    },
    /// An enum now says whether the server may return values it does not list.
    OpenChanged {
        /// Whether it is now open.
        open: bool,
    },
    /// An action's error type is now the service's enum (`XError` an alias of it), or its
    /// own enum again. One change: the codes of either list are not compared one by one.
    ErrorSourceChanged {
        /// Whether the errors are now the service's.
        service: bool,
    },
    /// An action's paginator pages by other members or another kind (`client.paginate`
    /// still takes the request; the pages it asks for differ).
    PaginationChanged,
    /// A named waiter waits for other states, on another action or with other timing (the
    /// function keeps its name and type).
    WaiterChanged,
    /// A member is now marked sensitive (masked in `Debug` and logs), or no longer.
    SensitiveChanged {
        /// Whether it is now sensitive.
        sensitive: bool,
    },
    /// A Rust name changed under an unchanged wire name (a service's module, an action's
    /// module, a data type, a member's field, an enum's variant, an error variant, the
    /// service's error enum).
    Renamed {
        /// The old Rust name.
        old: String,
        /// The new Rust name.
        new: String,
    },
}

/// What was added or removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// An API version of the service (its module and cargo feature).
    Version,
    /// An action (its module, request, response and error types).
    Action,
    /// A data type.
    Type,
    /// An enum of a member's values.
    Enum,
    /// A member of a request, response or data type.
    Member {
        /// Which struct it is in.
        role: Role,
        /// Whether it is a parameter of the struct's `new`.
        param: bool,
        /// Its Rust type (with `Option` and `Box`).
        ty: String,
    },
    /// A value of an enum.
    EnumValue {
        /// Its variant.
        variant: String,
    },
    /// An error code of an action's or the service's error enum.
    ErrorCode {
        /// Its variant.
        variant: String,
    },
    /// The service's error enum (emitted while an action takes its errors from the
    /// service).
    ErrorEnum,
    /// A data type's `new`, setters and `Validate` impl (emitted while it is sent in a
    /// request).
    Constructor,
    /// A struct's `Default` derive (requests and data types whose members are all optional,
    /// and whatever is received).
    Default,
    /// An action's `StreamingAction` impl (`Client::send_streaming`).
    Streaming,
    /// An action's `Paginated` impl (`Client::paginate`).
    Paginator,
    /// A named waiter of the service (a function of its `waiters` module).
    Waiter {
        /// The function.
        function: String,
    },
}

/// Which struct a member is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// An action's request.
    Request,
    /// An action's response.
    Response,
    /// A data type.
    Type,
}

impl ChangeKind {
    /// Whether the change breaks code written against the old generated API. The rule
    /// table, from what the Rust emitter writes today (`codegen/src/rust/`, see
    /// `generated/car/src/car.rs`):
    ///
    /// | change | breaking | why |
    /// |---|---|---|
    /// | service version, action, data type, enum added | no | new modules and items; nothing that compiled refers to them (an enum arrives with an added or retyped member, which carries the break) |
    /// | service version, action, data type, enum removed | yes | the module or item is gone |
    /// | member added as a parameter of `new` (a required member of a request or of a data type sent in one) | yes | `new` gains a parameter |
    /// | any other member added (optional input members, response and received members) | no | every generated struct is `#[non_exhaustive]`, so no code outside the crate builds one with a struct literal or destructures it exhaustively: the new field (and setter) is an addition |
    /// | member removed | yes | the field (and its setter or `new` parameter) is gone |
    /// | member retyped, Rust type changed (`Ty`, `Option`, `Box`) | yes | the field's type and its setter's or `new`'s parameter change |
    /// | member's spec type changed under the same Rust type (`DateTime` → `String`) | no | the same Rust type; documentation only |
    /// | required-ness changed in a struct with a constructor (request, data type sent in a request) | yes | the member joins or leaves `new`'s parameters and its field gains or loses `Option` |
    /// | required-ness changed elsewhere (responses, received data types, nullable members) | no | output fields are `Option` by nullability, not required-ness: documentation only |
    /// | enum value added | no | value enums are `#[non_exhaustive]`: every `match` outside the crate already has a wildcard arm (a value that arrived as `Unknown` now arrives as the new variant, which the wildcard covered) |
    /// | enum value removed | yes | the variant is gone |
    /// | enum open ↔ closed (`Enum::open`) | no | both have `Unknown(String)`; only the documentation differs |
    /// | error code added (an action's or the service's) | no | error enums are `#[non_exhaustive]`: every `match` already has a wildcard |
    /// | error code removed | yes | the variant is gone |
    /// | service error enum added | no | a new item |
    /// | service error enum removed (no action takes the service's errors any more) | yes | the enum is gone |
    /// | action's errors switched between its own enum and the service's | yes | `XError` becomes an alias of the service enum (or a distinct enum again): code that treats the two as different types, or as the same, stops compiling |
    /// | data type constructor added (now sent in a request) | no | `new`, setters and `Validate` added |
    /// | data type constructor removed (no longer sent) | yes | `new`, setters and `Validate` gone |
    /// | `Default` derive added | no | a new impl |
    /// | `Default` derive removed | yes | `X::default()` stops compiling |
    /// | streaming added | no | a new `StreamingAction` impl |
    /// | streaming removed | yes | `send_streaming` no longer accepts the request |
    /// | paginator added | no | a new `Paginated` impl |
    /// | paginator removed | yes | `paginate` no longer accepts the request |
    /// | paginator changed (kind or members) | no | the same impl and API; other pages are asked for |
    /// | waiter added | no | a new function |
    /// | waiter removed | yes | the function is gone |
    /// | waiter changed (action, states, timing) | no | the same function and type; it waits differently |
    /// | member marked sensitive, or no longer | no | `Debug` and logs mask it or not; the wire form and the API are the same |
    /// | Rust name changed under the same wire name | yes | every path to the old name breaks |
    ///
    /// The rows for added members and enum values hold because the emitter marks every
    /// struct and value enum `#[non_exhaustive]` (`rust::structs::definition`,
    /// `rust::enums`); they are the rows to change with it.
    pub fn breaking(&self) -> bool {
        match self {
            ChangeKind::Added(item) => match item {
                Item::Version | Item::Action | Item::Type | Item::Enum => false,
                Item::Member { param, .. } => *param,
                Item::EnumValue { .. } => false,
                Item::ErrorCode { .. } | Item::ErrorEnum => false,
                Item::Constructor | Item::Default | Item::Streaming => false,
                Item::Paginator | Item::Waiter { .. } => false,
            },
            ChangeKind::Removed(_) => true,
            ChangeKind::Retyped { rust, .. } => *rust,
            ChangeKind::RequiredChanged { signature, .. } => *signature,
            ChangeKind::OpenChanged { .. } => false,
            ChangeKind::PaginationChanged | ChangeKind::WaiterChanged => false,
            ChangeKind::SensitiveChanged { .. } => false,
            ChangeKind::ErrorSourceChanged { .. } => true,
            ChangeKind::Renamed { .. } => true,
        }
    }

    /// Whether the change adds to the API (an [`ChangeKind::Added`]); from 1.0.0 on a
    /// non-breaking addition bumps the minor version, any other non-breaking change the
    /// patch version.
    pub fn is_addition(&self) -> bool {
        matches!(self, ChangeKind::Added(_))
    }
}

impl fmt::Display for Report {
    /// Per changed service a summary line (`cvm: 2 breaking, 1 other`) and its changes,
    /// one a line; then [`Report::summary`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render::report(self, f)
    }
}

impl fmt::Display for ChangeKind {
    /// A short description, names and types in backticks: ``request member added
    /// (`Option<i64>`)``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render::kind(self, f)
    }
}
