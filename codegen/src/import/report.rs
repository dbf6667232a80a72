//! What an import did, in figures.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::source::Set;

/// What merging the two sets did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MergeFigures {
    /// Actions only the set merged second defines (added).
    pub actions_added: usize,
    /// Members of shared objects only the set merged second defines (added).
    pub members_added: usize,
    /// Members whose type differs between the sets (the first set's is kept).
    pub type_conflicts: usize,
    /// Examples both sets document (kept once).
    pub examples_shared: usize,
    /// Constraints of one kind read from both texts with different figures (dropped).
    pub constraints_disagreeing: usize,
}

/// Figures of one set's input.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SetFigures {
    /// Definition files read.
    pub definitions: usize,
    /// Actions it defines (of the service versions imported).
    pub actions: usize,
    /// Members for which its text yields at least one structured constraint.
    pub constrained_members: usize,
    /// Structured constraints its text yields (each kind of each member counts once).
    pub constraints: usize,
}

/// Figures of one import run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Definition files read.
    pub definitions: usize,
    /// Services imported (names).
    pub services: BTreeSet<String>,
    /// Actions written to imported files.
    pub actions: usize,
    /// Of those, deprecated (`status: deprecated`).
    pub deprecated_actions: usize,
    /// Actions left out because the hand-written file defines them.
    pub kept_hand_written_actions: usize,
    /// Data types written.
    pub objects: usize,
    /// Data types left out because the hand-written file defines them.
    pub kept_hand_written_types: usize,
    /// Parameters and fields written.
    pub members: usize,
    /// Members hidden in the definitions (`disabled: true`), left out.
    pub hidden_members: usize,
    /// Members written with `raw_name: true` (wire name not PascalCase).
    pub raw_names: usize,
    /// Members written with `sensitive: true` by the name rule (`import::sensitive`).
    pub sensitive_members: usize,
    /// Members with at least one structured constraint.
    pub constrained_members: usize,
    /// Structured constraints by kind (`length`, `ascii`, `items`, `range`, `enum`).
    pub constraints: BTreeMap<&'static str, usize>,
    /// Members given a documented `default` read from prose (documentation only).
    pub defaults: usize,
    /// Members given a documented `unit` read from prose (documentation only).
    pub units: usize,
    /// Constraints read from prose but dropped because the documented example breaks them.
    pub contradicted_constraints: usize,
    /// Of those, constraints read from Chinese text that a documented request example breaks.
    pub contradicted_by_requests: usize,
    /// Data types written under another name because theirs is taken in Rust (`Result`).
    pub renamed_types: usize,
    /// Enums whose values collide as Rust variants (`on`, `ON`), given `enum.variants`.
    pub enums_with_named_variants: usize,
    /// Error codes left out because their Rust variant is built in or taken by another code.
    pub error_codes_clashing: usize,
    /// Examples written.
    pub examples: usize,
    /// Examples left out, by reason.
    pub skipped_examples: BTreeMap<String, usize>,
    /// Error code entries written (service lists, once per file).
    pub error_codes: usize,
    /// Imported actions with their own error list (`errors_source: go-sdk`).
    pub actions_with_own_errors: usize,
    /// Error code entries written in those lists.
    pub own_error_codes: usize,
    /// Error codes left out because they are not dot-separated PascalCase.
    pub error_codes_not_pascal: usize,
    /// Services imported without error codes (no `--error-codes`, or no `errorcodes.py` for them).
    pub without_error_codes: BTreeSet<String>,
    /// Files written (content changed).
    pub files_written: Vec<String>,
    /// Files already up to date.
    pub files_unchanged: usize,
    /// Renames and other remarks, one line each.
    pub notes: Vec<String>,
    /// Figures per input set.
    pub per_set: BTreeMap<Set, SetFigures>,
    /// What merging the sets did.
    pub merge: MergeFigures,
    /// What could not be represented and was left out: `file: object: member: why`.
    pub problems: Vec<String>,
    /// Members left out (unknown type, undefined reference, listed twice).
    pub skipped_members: usize,
    /// Actions left out (request or response object not defined).
    pub skipped_actions: usize,
    /// Definition files left out (unreadable, bad names, a second file of one version).
    pub skipped_files: usize,
    /// Services whose error enum is renamed with `error_enum` (an action takes `<Service>Error`).
    pub renamed_error_enums: usize,
    /// Actions given a `pagination` key, by kind (`offset`, `page`, `token`).
    pub paginated: BTreeMap<&'static str, usize>,
    /// Actions with a paging member left without `pagination` (the rule is ambiguous), by
    /// reason.
    pub unpaginated: BTreeMap<String, usize>,
}

/// The kind of a reason an action is left without `pagination`: the reason without the
/// member names it gives (`the total `X` is not an integer` → `the total `_` is not an
/// integer`; names in parentheses dropped).
pub fn reason_kind(why: &str) -> String {
    let mut out = String::new();
    let mut in_tick = false;
    let mut depth = 0usize;
    for c in why.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '`' if depth == 0 => {
                in_tick = !in_tick;
                out.push('`');
                if in_tick {
                    out.push('_');
                }
            }
            _ if depth > 0 || in_tick => {}
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl ImportReport {
    /// Records something left out: where (file, object, member) and why.
    pub fn problem(&mut self, file: &str, object: &str, member: Option<&str>, why: String) {
        self.problems.push(match member {
            Some(m) => format!("{file}: {object}: member `{m}`: {why}"),
            None => format!("{file}: {object}: {why}"),
        });
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<String> = self
            .constraints
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        let skipped: Vec<String> = self
            .skipped_examples
            .iter()
            .map(|(k, n)| format!("{n} ({k})"))
            .collect();
        write!(
            f,
            "Imported {} definition files of {} services: {} actions ({} deprecated), {} data types, {} members \
             ({} hidden members left out, {} with raw_name, {} marked sensitive by name, {} renamed with rust_name; {} data types renamed); {} \
             members got a structured constraint ({}; {} dropped as contradicted by their example ({} of them from Chinese text, by a request example), {} enums whose \
             values collide in Rust given `enum.variants`); {} examples{}; {} actions with their own error codes ({} entries), {} service error codes{}{}{}; kept {} hand-written actions and {} hand-written types; wrote {} files, {} unchanged.",
            self.definitions,
            self.services.len(),
            self.actions,
            self.deprecated_actions,
            self.objects,
            self.members,
            self.hidden_members,
            self.raw_names,
            self.sensitive_members,
            self.notes
                .iter()
                .filter(|n| n.contains("` becomes `"))
                .count(),
            self.renamed_types,
            self.constrained_members,
            if kinds.is_empty() {
                "none".to_owned()
            } else {
                kinds.join(", ")
            },
            self.contradicted_constraints,
            self.contradicted_by_requests,
            self.enums_with_named_variants,
            self.examples,
            if skipped.is_empty() {
                String::new()
            } else {
                format!(" ({} left out)", skipped.join(", "))
            },
            self.actions_with_own_errors,
            self.own_error_codes,
            self.error_codes,
            if self.error_codes_not_pascal > 0 {
                format!(
                    " ({} not in PascalCase left out)",
                    self.error_codes_not_pascal
                )
            } else {
                String::new()
            },
            if self.error_codes_clashing > 0 {
                format!(
                    " ({} whose Rust variant is taken left out)",
                    self.error_codes_clashing
                )
            } else {
                String::new()
            },
            if self.without_error_codes.is_empty() {
                String::new()
            } else {
                format!(", none for {} services", self.without_error_codes.len())
            },
            self.kept_hand_written_actions,
            self.kept_hand_written_types,
            self.files_written.len(),
            self.files_unchanged,
        )?;
        let total: usize = self.constraints.values().sum();
        write!(
            f,
            "\nStructured constraints: {total} ({:.2} per action)",
            per_action(total, self.actions)
        )?;
        for (set, s) in &self.per_set {
            write!(
                f,
                "; from the {} set's text {} ({:.2} per action of its {} actions in {} files, on {} members)",
                set.label(),
                s.constraints,
                per_action(s.constraints, s.actions),
                s.actions,
                s.definitions,
                s.constrained_members
            )?;
        }
        write!(
            f,
            ". Documented defaults: {}; units: {} (documentation only).",
            self.defaults, self.units
        )?;
        if self.per_set.len() > 1 {
            let m = &self.merge;
            write!(
                f,
                "\nMerged (service versions both sets define): {} actions and {} members only the second set has were added; {} members typed differently keep the first set's type; {} examples were in both (kept once); {} constraints were dropped as the sets' texts disagree.",
                m.actions_added,
                m.members_added,
                m.type_conflicts,
                m.examples_shared,
                m.constraints_disagreeing
            )?;
        }
        if self.renamed_error_enums > 0 {
            write!(
                f,
                "\n{} service error enums renamed with `error_enum` (an action takes `<Service>Error`).",
                self.renamed_error_enums
            )?;
        }
        if !self.paginated.is_empty() || !self.unpaginated.is_empty() {
            let kinds: Vec<String> = self
                .paginated
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            let total: usize = self.paginated.values().sum();
            let left: usize = self.unpaginated.values().sum();
            write!(
                f,
                "\nPaginators: {total} actions given `pagination` ({}); {left} with a paging member left without it",
                kinds.join(", ")
            )?;
            if left > 0 {
                let reasons: Vec<String> = self
                    .unpaginated
                    .iter()
                    .map(|(k, n)| format!("{n}: {k}"))
                    .collect();
                write!(f, " ({})", reasons.join("; "))?;
            }
            write!(f, ".")?;
        }
        if !self.problems.is_empty() {
            write!(
                f,
                "\nLeft out as not representable: {} files, {} actions, {} members ({} problems, listed above).",
                self.skipped_files,
                self.skipped_actions,
                self.skipped_members,
                self.problems.len()
            )?;
        }
        Ok(())
    }
}

fn per_action(n: usize, actions: usize) -> f64 {
    if actions == 0 {
        0.0
    } else {
        n as f64 / actions as f64
    }
}
