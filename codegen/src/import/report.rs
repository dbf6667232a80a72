//! What an import did, in figures.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

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
    /// Members with at least one structured constraint.
    pub constrained_members: usize,
    /// Structured constraints by kind (`length`, `ascii`, `items`, `range`, `enum`).
    pub constraints: BTreeMap<&'static str, usize>,
    /// Constraints read from prose but dropped because the documented example breaks them.
    pub contradicted_constraints: usize,
    /// Data types written under another name because theirs is taken in Rust (`Result`).
    pub renamed_types: usize,
    /// Enums read from prose but left as prose because their values collide as Rust variants.
    pub enums_left_as_prose: usize,
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
             ({} hidden members left out, {} with raw_name, {} renamed with rust_name; {} data types renamed); {} \
             members got a structured constraint ({}; {} dropped as contradicted by their example, {} enums left as \
             prose as their values collide in Rust); {} examples{}; {} actions with their own error codes ({} entries), {} service error codes{}{}{}; kept {} hand-written actions and {} hand-written types; wrote {} files, {} unchanged.",
            self.definitions,
            self.services.len(),
            self.actions,
            self.deprecated_actions,
            self.objects,
            self.members,
            self.hidden_members,
            self.raw_names,
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
            self.enums_left_as_prose,
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
        )
    }
}
