//! Values in their value spaces. Two values are equal when XSD 1.0 says so (`1.0` and `1` as
//! decimals, `P1D` and `PT24H`, `12:00:00-05:00` and `17:00:00Z`), and values of different
//! primitive types are never equal: identity constraints (`key`, `unique`, `keyref`) and
//! enumerations compare through this type.

use super::lexical::datetime::Temporal;
use super::lexical::decimal::Decimal;
use super::lexical::duration::Duration;
use super::lexical::float::FloatValue;
use std::cmp::Ordering;
use std::fmt;

/// A typed value. Every type derived from a primitive gives that primitive's variant (an
/// xs:int is a `Decimal`, an xs:token a `String`), so `Eq` and `Hash` compare across them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// A value of xs:anySimpleType itself, kept as written.
    Untyped(String),
    /// xs:string and the types derived from it, after whitespace processing.
    String(String),
    /// xs:boolean.
    Boolean(bool),
    /// xs:decimal and every integer type.
    Decimal(Decimal),
    /// xs:float.
    Float(FloatValue),
    /// xs:double.
    Double(FloatValue),
    /// xs:duration.
    Duration(Duration),
    /// The date and time types (the kind is part of the value).
    Temporal(Temporal),
    /// xs:hexBinary: the octets.
    HexBinary(Vec<u8>),
    /// xs:base64Binary: the octets.
    Base64Binary(Vec<u8>),
    /// xs:anyURI.
    AnyUri(String),
    /// xs:QName: namespace name (`None` for no namespace) and local part.
    QName(Option<String>, String),
    /// xs:NOTATION: namespace name and local part, as for QName.
    Notation(Option<String>, String),
    /// A value of a list type: its items in order.
    List(Vec<Value>),
}

impl Value {
    /// The order of the value space, for the range facets: `None` when the values are of
    /// different primitives, the primitive has no order, or the order is indeterminate
    /// (durations of months against days, a date with a time zone against one without).
    pub fn partial_cmp_value(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Decimal(a), Value::Decimal(b)) => Some(a.cmp(b)),
            (Value::Float(a), Value::Float(b)) | (Value::Double(a), Value::Double(b)) => Some(a.cmp(b)),
            (Value::Duration(a), Value::Duration(b)) => a.partial_cmp_value(b),
            (Value::Temporal(a), Value::Temporal(b)) => a.partial_cmp_value(b),
            _ => None,
        }
    }
}

/// The canonical representation where Part 2 defines one (`1.0`, `1.0E2`, `P1DT12H`, upper
/// case hex), the string itself for string types, and `{namespace}local` for QNames: how
/// messages about identity constraints show a value.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Untyped(s) | Value::String(s) | Value::AnyUri(s) => f.write_str(s),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Decimal(d) => write!(f, "{d}"),
            Value::Float(v) | Value::Double(v) => write!(f, "{v}"),
            Value::Duration(d) => write!(f, "{d}"),
            Value::Temporal(t) => write!(f, "{t}"),
            Value::HexBinary(octets) => octets.iter().try_for_each(|o| write!(f, "{o:02X}")),
            Value::Base64Binary(octets) => f.write_str(&base64(octets)),
            Value::QName(Some(ns), local) | Value::Notation(Some(ns), local) => write!(f, "{{{ns}}}{local}"),
            Value::QName(None, local) | Value::Notation(None, local) => f.write_str(local),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
        }
    }
}

fn base64(octets: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(octets.len().div_ceil(3) * 4);
    for chunk in octets.chunks(3) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(bits >> (18 - 6 * i) & 0x3F) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::xml::engine::types::{Builtin, NoNamespaces, Value};
    use std::cmp::Ordering;
    use std::collections::HashSet;

    fn v(builtin: Builtin, text: &str) -> Value {
        builtin
            .type_def()
            .validate(text, &NoNamespaces)
            .unwrap_or_else(|e| panic!("{text} as {builtin:?}: {}", e.message))
    }

    #[test]
    fn equality_follows_the_value_spaces() {
        use Builtin::*;
        let equal = [
            (v(Decimal, "1.0"), v(Decimal, "1")),
            (v(Decimal, "01.00"), v(Integer, "1")),
            (v(Int, "+0"), v(Decimal, "-0")),
            (v(Byte, "5"), v(UnsignedLong, "0005")),
            (v(Double, "INF"), v(Double, "INF")),
            (v(Double, "NaN"), v(Double, "NaN")),
            (v(Double, "1e2"), v(Double, "100")),
            (
                v(DateTime, "2002-10-10T12:00:00-05:00"),
                v(DateTime, "2002-10-10T17:00:00Z"),
            ),
            (v(Duration, "P1D"), v(Duration, "PT24H")),
            (v(HexBinary, "0a"), v(HexBinary, "0A")),
            (v(Boolean, "1"), v(Boolean, "true")),
            (v(Token, "  a   b "), v(String, "a b")),
            (v(NmTokens, " a  b "), v(NmTokens, "a b")),
            (v(IdRefs, "a b"), v(IdRefs, "a\tb")),
        ];
        for (a, b) in &equal {
            assert_eq!(a, b);
            let set: HashSet<&Value> = [a, b].into_iter().collect();
            assert_eq!(set.len(), 1, "{a:?} and {b:?} hash alike");
        }
        let different = [
            (v(Decimal, "1"), v(Double, "1")),
            (v(Float, "1"), v(Double, "1")),
            (v(Double, "0"), v(Double, "-0")),
            (v(String, "a"), v(AnyUri, "a")),
            (v(HexBinary, "00"), v(Base64Binary, "AA==")),
            (v(DateTime, "2002-10-10T12:00:00Z"), v(DateTime, "2002-10-10T12:00:00")),
            (v(Date, "2002-10-10"), v(GYearMonth, "2002-10")),
            (v(Duration, "P1M"), v(Duration, "P30D")),
            (v(NmTokens, "a b"), v(NmTokens, "b a")),
            (v(String, "a "), v(String, "a")),
        ];
        for (a, b) in &different {
            assert_ne!(a, b);
        }
    }

    #[test]
    fn canonical_display() {
        use Builtin::*;
        let shown = |b: Builtin, text: &str| v(b, text).to_string();
        assert_eq!(shown(Decimal, "+012.50"), "12.5");
        assert_eq!(shown(Int, "-007"), "-7.0");
        assert_eq!(shown(Double, "100"), "1E2");
        assert_eq!(shown(Boolean, "1"), "true");
        assert_eq!(shown(HexBinary, "0fb7"), "0FB7");
        assert_eq!(shown(Base64Binary, "aGVs bG8="), "aGVsbG8=");
        assert_eq!(shown(Base64Binary, "aGVsbA=="), "aGVsbA==");
        assert_eq!(shown(Base64Binary, "aGVsbG8h"), "aGVsbG8h");
        assert_eq!(shown(NmTokens, " a  b "), "a b");
        assert_eq!(shown(Duration, "PT36H"), "P1DT12H");
    }

    #[test]
    fn order_for_the_range_facets() {
        use Builtin::*;
        assert_eq!(v(Decimal, "1.5").partial_cmp_value(&v(Int, "2")), Some(Ordering::Less));
        assert_eq!(
            v(Double, "INF").partial_cmp_value(&v(Double, "NaN")),
            Some(Ordering::Less)
        );
        assert_eq!(v(Decimal, "1").partial_cmp_value(&v(Double, "1")), None);
        assert_eq!(v(String, "a").partial_cmp_value(&v(String, "b")), None);
        assert_eq!(v(Duration, "P1M").partial_cmp_value(&v(Duration, "P30D")), None);
        assert_eq!(
            v(Date, "2002-10-10").partial_cmp_value(&v(Date, "2002-10-11")),
            Some(Ordering::Less)
        );
    }
}
