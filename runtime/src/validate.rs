//! Client-side validation of documented constraints.
//!
//! Generated `validate()` methods walk a request with a [`Validator`], which records every
//! violation with its path (`PlayerIds[3]`, `PlayerDataMap.Key`) instead of stopping at the
//! first. Paths are only rendered when a violation is found, so a valid request costs no
//! allocation.

use std::fmt;

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where: wire names joined by `.`, with `[i]` for list items, e.g. `PlayerIds[3]`.
    pub path: String,
    /// What is wrong, e.g. `must have at most 25 items, has 26`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every violation found in one request (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// The violations, in the order the fields were checked.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }
    /// How many constraints are broken.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether nothing is broken.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} invalid parameter(s): ", self.0.len())?;
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Types whose documented constraints can be checked before sending.
pub trait Validate {
    /// Records every violation of this value (and nested values) into `v`.
    fn validate_into(&self, v: &mut Validator) {
        let _ = v;
    }

    /// Checks every constraint; returns all violations at once.
    fn validate(&self) -> Result<(), Violations> {
        let mut v = Validator::new();
        self.validate_into(&mut v);
        v.finish()
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, v: &mut Validator) {
        if let Some(x) = self {
            x.validate_into(v);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, v: &mut Validator) {
        (**self).validate_into(v);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, v: &mut Validator) {
        for (i, x) in self.iter().enumerate() {
            v.enter_index(i);
            x.validate_into(v);
            v.leave();
        }
    }
}

/// One step of a path to a value: a member (wire name) or a list index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg {
    Field(&'static str),
    Index(usize),
}

/// A path as users read it: `PlayerSessions[3].Port`.
pub(crate) fn render_path(segments: impl IntoIterator<Item = Seg>) -> String {
    let mut s = String::new();
    for seg in segments {
        match seg {
            Seg::Field(name) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(name);
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// Walks a value, tracking the current path, collecting violations.
#[derive(Debug, Default)]
pub struct Validator {
    path: Vec<Seg>,
    found: Vec<Violation>,
}

impl Validator {
    /// A validator at the root of a request.
    pub fn new() -> Self {
        Self::default()
    }

    /// Descends into a field (wire name).
    pub fn enter(&mut self, field: &'static str) {
        self.path.push(Seg::Field(field));
    }

    /// Descends into a list item.
    pub fn enter_index(&mut self, index: usize) {
        self.path.push(Seg::Index(index));
    }

    /// Goes back up one level.
    pub fn leave(&mut self) {
        self.path.pop();
    }

    /// The current path, rendered (`PlayerIds[3]`).
    pub fn path(&self) -> String {
        render_path(self.path.iter().copied())
    }

    /// Records a violation at the current path.
    pub fn report(&mut self, message: impl Into<String>) {
        let path = self.path();
        self.found.push(Violation {
            path,
            message: message.into(),
        });
    }

    /// Ends the walk.
    pub fn finish(self) -> Result<(), Violations> {
        if self.found.is_empty() {
            Ok(())
        } else {
            Err(Violations(self.found))
        }
    }

    /// String length in characters (Unicode scalar values) within `min..=max`.
    pub fn length(&mut self, value: &str, min: Option<u64>, max: Option<u64>) {
        let n = value.chars().count() as u64;
        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
            let what = bounds(min, max);
            self.report(format!("length must be {what} characters, is {n}"));
        }
    }

    /// Only ASCII characters.
    pub fn ascii(&mut self, value: &str) {
        if let Some((i, c)) = value.char_indices().find(|(_, c)| !c.is_ascii()) {
            self.report(format!("must be ASCII only, has {c:?} at byte {i}"));
        }
    }

    /// List item count within `min..=max`.
    pub fn items(&mut self, count: usize, min: Option<u64>, max: Option<u64>) {
        let n = count as u64;
        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
            let what = bounds(min, max);
            self.report(format!("must have {what} items, has {n}"));
        }
    }

    /// Integer within `min..=max`.
    pub fn range_i64(&mut self, value: i64, min: Option<i64>, max: Option<i64>) {
        if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
            let what = bounds(min, max);
            self.report(format!("must be {what}, is {value}"));
        }
    }

    /// Unsigned integer within `min..=max`.
    pub fn range_u64(&mut self, value: u64, min: Option<u64>, max: Option<u64>) {
        if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
            let what = bounds(min, max);
            self.report(format!("must be {what}, is {value}"));
        }
    }

    /// Float within `min..=max`.
    pub fn range_f64(&mut self, value: f64, min: Option<f64>, max: Option<f64>) {
        if value.is_nan() || min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
            let what = bounds(min, max);
            self.report(format!("must be {what}, is {value}"));
        }
    }

    /// String is one of the documented values.
    pub fn one_of(&mut self, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.report(format!(
                "must be one of {}, is {value:?}",
                allowed.join(" | ")
            ));
        }
    }

    /// Whole-string match of a documented pattern (compiled once per call site).
    pub fn pattern(&mut self, value: &str, regex: &regex_lite::Regex, source: &str) {
        if !regex.is_match(value) {
            self.report(format!("must match the pattern {source}, is {value:?}"));
        }
    }
}

fn bounds<T: fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("between {a} and {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "anything".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_fields_and_indexes() {
        let mut v = Validator::new();
        v.enter("PlayerIds");
        v.enter_index(3);
        v.length("", Some(1), Some(256));
        v.leave();
        v.leave();
        v.enter("PlayerDataMap");
        v.enter("Key");
        v.ascii("ключ");
        let err = v.finish().unwrap_err();
        assert_eq!(err.0[0].path, "PlayerIds[3]");
        assert_eq!(
            err.0[0].message,
            "length must be between 1 and 256 characters, is 0"
        );
        assert_eq!(err.0[1].path, "PlayerDataMap.Key");
        assert!(err.0[1].message.starts_with("must be ASCII only"));
        assert_eq!(
            err.to_string(),
            "2 invalid parameter(s): PlayerIds[3]: length must be between 1 and 256 characters, is 0; PlayerDataMap.Key: must be ASCII only, has 'к' at byte 0"
        );
    }

    #[test]
    fn boundaries_are_inclusive() {
        let mut v = Validator::new();
        v.items(1, Some(1), Some(25));
        v.items(25, Some(1), Some(25));
        v.range_i64(-5, Some(-5), None);
        v.range_u64(10, None, Some(10));
        v.length("ab", Some(2), Some(2));
        assert!(v.finish().is_ok());
        let mut v = Validator::new();
        v.items(0, Some(1), Some(25));
        v.items(26, Some(1), Some(25));
        v.range_f64(f64::NAN, None, None);
        assert_eq!(v.finish().unwrap_err().len(), 3);
    }
}
