//! xs:float and xs:double (Part 2 §3.2.4, §3.2.5). In XSD 1.0 their order is total: `NaN`
//! equals itself and is greater than every other value, and positive zero is greater than
//! negative zero (so `0` and `-0` are different values). That is exactly IEEE 754's
//! `totalOrder` once every NaN is the same NaN, which is what this type keeps.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A float or double value (a float is kept as the `f64` its `f32` converts to, exactly).
#[derive(Debug, Clone, Copy)]
pub struct FloatValue(f64);

impl FloatValue {
    /// Reads an xs:double lexical form.
    pub fn parse_double(text: &str) -> Option<FloatValue> {
        special(text)
            .or_else(|| mantissa_exponent(text).and_then(|()| text.parse::<f64>().ok()))
            .map(FloatValue::new)
    }

    /// Reads an xs:float lexical form, rounded to the nearest `f32` as Part 2 says.
    pub fn parse_float(text: &str) -> Option<FloatValue> {
        special(text)
            .map(|v| v as f32)
            .or_else(|| mantissa_exponent(text).and_then(|()| text.parse::<f32>().ok()))
            .map(|v| FloatValue::new(f64::from(v)))
    }

    fn new(value: f64) -> FloatValue {
        FloatValue(if value.is_nan() { f64::NAN } else { value })
    }

    /// The number.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// `INF`, `-INF` and `NaN`; XSD 1.0 has no `+INF`.
fn special(text: &str) -> Option<f64> {
    match text {
        "INF" => Some(f64::INFINITY),
        "-INF" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ => None,
    }
}

/// A decimal mantissa with an optional `E`/`e` exponent, and nothing else (Rust's own parser
/// also takes `inf`, `infinity` and `nan` in any case, which XSD does not).
fn mantissa_exponent(text: &str) -> Option<()> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let unsigned = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let (int_part, frac_part) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty()) || !digits(int_part) || !digits(frac_part) {
        return None;
    }
    if let Some(exponent) = exponent {
        let unsigned = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if unsigned.is_empty() || !digits(unsigned) {
            return None;
        }
    }
    Some(())
}

impl PartialEq for FloatValue {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0) == Ordering::Equal
    }
}

impl Eq for FloatValue {}

impl Hash for FloatValue {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl Ord for FloatValue {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl PartialOrd for FloatValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for FloatValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_nan() {
            f.write_str("NaN")
        } else if self.0.is_infinite() {
            f.write_str(if self.0 > 0.0 { "INF" } else { "-INF" })
        } else {
            write!(f, "{:E}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FloatValue;

    #[test]
    fn lexical_forms() {
        for valid in [
            "INF",
            "-INF",
            "NaN",
            "1E4",
            "1e-5",
            "-1.5E+3",
            "+1",
            "100.",
            ".5",
            "0",
            "-0",
            "12.78e-2",
            "1267.43233E12",
        ] {
            assert!(FloatValue::parse_double(valid).is_some(), "double {valid}");
            assert!(FloatValue::parse_float(valid).is_some(), "float {valid}");
        }
        for invalid in [
            "+INF", "inf", "nan", "Infinity", "", "E4", "1E", "1e+", "1.2.3", "1E4.5", " 1", "0x1p3", "1_000", ".", "-",
        ] {
            assert!(FloatValue::parse_double(invalid).is_none(), "double {invalid}");
            assert!(FloatValue::parse_float(invalid).is_none(), "float {invalid}");
        }
    }

    #[test]
    fn nan_equals_itself_and_zeros_differ() {
        let v = |t: &str| FloatValue::parse_double(t).unwrap_or_else(|| panic!("{t}"));
        assert_eq!(v("NaN"), v("NaN"));
        assert_ne!(v("0"), v("-0"));
        assert!(v("-0") < v("0"));
        assert!(v("INF") < v("NaN"));
        assert!(v("-INF") < v("-1E300"));
        assert_eq!(v("1E2"), v("100"));
        assert_eq!(v("1.0"), v("1"));
    }

    #[test]
    fn float_rounds_to_single_precision() {
        let f = |t: &str| FloatValue::parse_float(t).unwrap_or_else(|| panic!("{t}"));
        assert_eq!(f("0.1").get(), f64::from(0.1f32));
        assert_eq!(f("16777217"), f("16777216"));
        assert!(f("1E40").get().is_infinite());
    }
}
