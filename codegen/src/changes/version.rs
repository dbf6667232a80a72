//! Crate versions: `MAJOR.MINOR.PATCH` parsed strictly and bumped.

use std::fmt;

/// Which number of a crate's version to increment (see [`ServiceChanges::bump`]).
///
/// [`ServiceChanges::bump`]: super::ServiceChanges::bump
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// No change: the version stays.
    None,
    /// `x.y.z` → `x.y.(z+1)`.
    Patch,
    /// `x.y.z` → `x.(y+1).0`.
    Minor,
    /// `x.y.z` → `(x+1).0.0`.
    Major,
}

/// A version that is not `MAJOR.MINOR.PATCH`, or one that cannot be bumped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionError {
    input: String,
    reason: &'static str,
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a version MAJOR.MINOR.PATCH (like 0.1.0): {}",
            self.input.escape_debug(),
            self.reason
        )
    }
}

impl std::error::Error for VersionError {}

/// `MAJOR.MINOR.PATCH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Version {
    pub(super) major: u64,
    pub(super) minor: u64,
    pub(super) patch: u64,
}

impl Version {
    /// Three decimal numbers separated by dots, no leading zeros, no pre-release or build
    /// suffix, no surrounding space.
    pub(super) fn parse(s: &str) -> Result<Version, VersionError> {
        let err = |reason| VersionError {
            input: s.chars().take(64).collect(),
            reason,
        };
        if s.contains(['-', '+']) {
            return Err(err(
                "pre-release and build suffixes (`-rc.1`, `+meta`) are not supported",
            ));
        }
        let parts: Vec<&str> = s.split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            return Err(err("expected three numbers separated by dots"));
        };
        let number = |p: &str| -> Result<u64, VersionError> {
            if p.is_empty() {
                return Err(err("a number is empty"));
            }
            if !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err("each part must be decimal digits only"));
            }
            if p.len() > 1 && p.starts_with('0') {
                return Err(err("a number has a leading zero"));
            }
            p.parse().map_err(|_| err("a number is too large"))
        };
        Ok(Version {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
        })
    }

    fn bumped(self, bump: Bump, input: &str) -> Result<Version, VersionError> {
        let overflow = || VersionError {
            input: input.chars().take(64).collect(),
            reason: "the number to increment is at its maximum",
        };
        let next = |n: u64| n.checked_add(1).ok_or_else(overflow);
        Ok(match bump {
            Bump::None => self,
            Bump::Patch => Version {
                patch: next(self.patch)?,
                ..self
            },
            Bump::Minor => Version {
                minor: next(self.minor)?,
                patch: 0,
                ..self
            },
            Bump::Major => Version {
                major: next(self.major)?,
                minor: 0,
                patch: 0,
            },
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The version after `bump` of `current` (`MAJOR.MINOR.PATCH`): `next_version("0.1.3",
/// Bump::Minor)` is `0.2.0`. Anything else than three plain decimal numbers (a pre-release
/// suffix, a leading zero, spaces) is an error, as is a number that cannot be incremented.
pub fn next_version(current: &str, bump: Bump) -> Result<String, VersionError> {
    Ok(Version::parse(current)?.bumped(bump, current)?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bump_increments_one_number_and_resets_the_lower_ones() {
        let cases = [
            ("0.1.0", Bump::None, "0.1.0"),
            ("0.1.0", Bump::Patch, "0.1.1"),
            ("0.1.0", Bump::Minor, "0.2.0"),
            ("0.1.7", Bump::Minor, "0.2.0"),
            ("0.1.7", Bump::Major, "1.0.0"),
            ("1.4.2", Bump::Patch, "1.4.3"),
            ("1.4.2", Bump::Minor, "1.5.0"),
            ("1.4.2", Bump::Major, "2.0.0"),
            ("0.0.0", Bump::Patch, "0.0.1"),
            ("10.20.30", Bump::Minor, "10.21.0"),
        ];
        for (current, bump, next) in cases {
            assert_eq!(
                next_version(current, bump).as_deref(),
                Ok(next),
                "{current} {bump:?}"
            );
        }
    }

    #[test]
    fn garbage_is_an_error_that_says_why() {
        let cases = [
            ("", "three numbers"),
            ("1", "three numbers"),
            ("1.2", "three numbers"),
            ("1.2.3.4", "three numbers"),
            ("1..3", "empty"),
            ("1.2.", "empty"),
            ("v1.2.3", "decimal digits"),
            (" 1.2.3", "decimal digits"),
            ("1.2.3 ", "decimal digits"),
            ("1.x.3", "decimal digits"),
            ("1.２.3", "decimal digits"),
            ("01.2.3", "leading zero"),
            ("1.2.3-rc.1", "pre-release"),
            ("1.2.3+build", "build"),
            ("+1.2.3", "build"),
            ("1.2.99999999999999999999", "too large"),
        ];
        for (input, says) in cases {
            let e = next_version(input, Bump::Patch).unwrap_err().to_string();
            assert!(e.contains(says), "{input:?}: {e}");
            assert!(e.contains("MAJOR.MINOR.PATCH"), "{input:?}: {e}");
        }
        let max = format!("1.2.{}", u64::MAX);
        let e = next_version(&max, Bump::Patch).unwrap_err().to_string();
        assert!(e.contains("maximum"), "{e}");
        // The other numbers may be at their maximum when they are not incremented.
        assert_eq!(
            next_version(&max, Bump::Minor).as_deref(),
            Ok("1.3.0"),
            "a reset number does not overflow"
        );
        assert_eq!(next_version(&max, Bump::None).as_deref(), Ok(max.as_str()));
    }
}
