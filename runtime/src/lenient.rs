//! Tolerant deserialization for documented scalar types.
//!
//! Tencent Cloud sometimes sends a number where a string is documented (and the reverse),
//! and documented examples do the same (`"Bandwidth": "10"` for an Integer). Generated
//! fields of scalar type (and `Option`/`Vec` of them) deserialize through [`de()`], which
//! accepts such drift when no information is lost and fails with a precise message
//! otherwise. A `null` where a plain (non-`Option`) value is documented becomes the type's
//! default rather than failing the whole response.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// Deserializes any [`Lenient`] type; used as `#[serde(deserialize_with = "...")]`.
pub fn de<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<T, D::Error> {
    T::de(d)
}

/// Deserializes a struct, enum or list value, turning `null` into the type's default; used
/// for documented non-nullable output fields so one unexpected `null` does not fail a
/// whole response.
pub fn or_default<'de, D: Deserializer<'de>, T: serde::Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(<Option<T> as serde::Deserialize>::deserialize(d)?.unwrap_or_default())
}

/// A type with a tolerant wire form.
pub trait Lenient: Sized {
    /// Deserializes, tolerating documented-type drift.
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

struct StringV;
impl Visitor<'_> for StringV {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
}

impl Lenient for String {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringV)
    }
}

macro_rules! int_visitor {
    ($name:ident, $t:ty, $what:literal) => {
        struct $name;
        impl Visitor<'_> for $name {
            type Value = $t;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str($what)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                <$t>::try_from(v)
                    .map_err(|_| E::custom(format_args!("{v} is out of range for {}", $what)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                <$t>::try_from(v)
                    .map_err(|_| E::custom(format_args!("{v} is out of range for {}", $what)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                if v.fract() == 0.0 && v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64 {
                    Ok(v as $t)
                } else {
                    Err(E::custom(format_args!("{v} is not {}", $what)))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                let t = v.trim();
                if t.is_empty() {
                    return Ok(0);
                }
                t.parse::<$t>()
                    .map_err(|_| E::custom(format_args!("string {v:?} is not {}", $what)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<$t, E> {
                Ok(v as $t)
            }
            fn visit_unit<E: de::Error>(self) -> Result<$t, E> {
                Ok(0)
            }
        }
    };
}
int_visitor!(I64V, i64, "a signed 64-bit integer");
int_visitor!(U64V, u64, "an unsigned 64-bit integer");

impl Lenient for i64 {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(I64V)
    }
}

impl Lenient for u64 {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(U64V)
    }
}

struct F64V;
impl Visitor<'_> for F64V {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(0.0);
        }
        t.parse::<f64>()
            .map_err(|_| E::custom(format_args!("string {v:?} is not a number")))
    }
    fn visit_unit<E: de::Error>(self) -> Result<f64, E> {
        Ok(0.0)
    }
}

impl Lenient for f64 {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(F64V)
    }
}

struct BoolV;
impl Visitor<'_> for BoolV {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::custom(format_args!("{v} is not a boolean"))),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_i64(v as i64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim() {
            "true" | "True" | "TRUE" | "1" => Ok(true),
            "false" | "False" | "FALSE" | "0" | "" => Ok(false),
            _ => Err(E::custom(format_args!("string {v:?} is not a boolean"))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

impl Lenient for bool {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BoolV)
    }
}

struct OptionV<T>(PhantomData<T>);
impl<'de, T: Lenient> Visitor<'de> for OptionV<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::de(d).map(Some)
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(OptionV(PhantomData))
    }
}

struct Item<T>(T);
impl<'de, T: Lenient> serde::Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::de(d).map(Item)
    }
}

struct VecV<T>(PhantomData<T>);
impl<'de, T: Lenient> Visitor<'de> for VecV<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Item(x)) = seq.next_element::<Item<T>>()? {
            out.push(x);
        }
        Ok(out)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(VecV(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: Lenient>(s: &str) -> Result<T, String> {
        let mut d = serde_json::Deserializer::from_str(s);
        T::de(&mut d).map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_as_strings_and_back() {
        assert_eq!(parse::<i64>("\"10\""), Ok(10));
        assert_eq!(parse::<i64>("10"), Ok(10));
        assert_eq!(parse::<u64>("2.0"), Ok(2));
        assert_eq!(parse::<String>("8000"), Ok("8000".to_owned()));
        assert_eq!(parse::<f64>("\"1.5\""), Ok(1.5));
        assert_eq!(parse::<bool>("1"), Ok(true));
        assert_eq!(parse::<Option<i64>>("null"), Ok(None));
        assert_eq!(parse::<i64>("null"), Ok(0));
        assert_eq!(parse::<Vec<u64>>("[1,\"2\"]"), Ok(vec![1, 2]));
        assert_eq!(
            parse::<Option<Vec<String>>>("[1]"),
            Ok(Some(vec!["1".into()]))
        );
    }

    #[test]
    fn lossy_drift_is_an_error() {
        assert!(parse::<u64>("-1").unwrap_err().contains("out of range"));
        assert!(
            parse::<i64>("\"ten\"")
                .unwrap_err()
                .contains("is not a signed 64-bit integer")
        );
        assert!(parse::<i64>("1.5").is_err());
        assert!(parse::<bool>("2").is_err());
        assert!(parse::<Vec<String>>("{}").is_err());
    }
}
