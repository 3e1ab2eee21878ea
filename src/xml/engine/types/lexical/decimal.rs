//! xs:decimal and the integers derived from it (Part 2 §3.2.3, §3.3.13–§3.3.25). Values keep
//! their digits as text: xs:integer is unbounded and a decimal may have any number of
//! fraction digits, so no machine number can hold every value exactly.

use std::cmp::Ordering;
use std::fmt;

/// An exact decimal number: `1.0`, `01.00` and `+1` are the same value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    negative: bool,
    /// Integer digits without leading zeros, then fraction digits without trailing zeros;
    /// empty for zero (so zero has one representation whatever its sign).
    digits: Digits,
    /// How many of `digits` are integer digits.
    int_len: usize,
}

impl Decimal {
    /// Reads a decimal lexical form: optional sign, digits with an optional `.` (`100.`, `.5`
    /// and `-0` are valid), no exponent, at least one digit.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, unsigned) = split_sign(text);
        let (int_part, frac_part) = match unsigned.split_once('.') {
            Some((i, f)) => (i, f),
            None => (unsigned, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !all_digits(int_part) || !all_digits(frac_part) {
            return None;
        }
        Some(Decimal::from_parts(negative, int_part, frac_part))
    }

    /// Reads an integer lexical form: optional sign and digits only (xs:integer's pattern).
    pub fn parse_integer(text: &str) -> Option<Decimal> {
        let (negative, digits) = split_sign(text);
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
        Some(Decimal::from_parts(negative, digits, ""))
    }

    fn from_parts(negative: bool, int_part: &str, frac_part: &str) -> Decimal {
        let int_part = int_part.trim_start_matches('0');
        let frac_part = frac_part.trim_end_matches('0');
        let digits = Digits::new(int_part, frac_part);
        let negative = negative && !digits.is_empty();
        Decimal {
            negative,
            digits,
            int_len: int_part.len(),
        }
    }

    /// The value of an `i128` (the bounds of the built-in integer types).
    pub fn from_i128(value: i128) -> Decimal {
        let text = value.unsigned_abs().to_string();
        Decimal::from_parts(value < 0, &text, "")
    }

    /// Whether the value has no fraction digits (it is in xs:integer's value space).
    pub fn is_integer(&self) -> bool {
        self.digits.as_str().len() == self.int_len
    }

    /// The value as an `i128` when it is an integer that fits: the built-in integer types are
    /// all within `i128`.
    pub fn to_i128(&self) -> Option<i128> {
        if !self.is_integer() {
            return None;
        }
        if self.digits.is_empty() {
            return Some(0);
        }
        let magnitude: i128 = self.digits.as_str().parse().ok()?;
        Some(if self.negative { -magnitude } else { magnitude })
    }

    /// Significant digits, as the totalDigits facet counts them (at least 1: zero has one).
    pub fn total_digits(&self) -> usize {
        self.digits.as_str().len().max(1)
    }

    /// Digits after the point, as the fractionDigits facet counts them.
    pub fn fraction_digits(&self) -> usize {
        self.digits.as_str().len() - self.int_len
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        self.int_len
            .cmp(&other.int_len)
            // Same number of integer digits: the digit strings compare as numbers, because
            // neither has leading zeros and a shorter fraction is a prefix with zeros after it.
            .then_with(|| self.digits.as_str().cmp(other.digits.as_str()))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The canonical representation of Part 2 §3.2.3.2 (`1.0`, `-0.5`, `100.0`).
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        let (int_part, frac_part) = self.digits.as_str().split_at(self.int_len);
        f.write_str(if int_part.is_empty() { "0" } else { int_part })?;
        f.write_str(".")?;
        f.write_str(if frac_part.is_empty() { "0" } else { frac_part })
    }
}

/// Significant digits up to this many are kept inline: amounts and quantities validate
/// without an allocation.
const INLINE_DIGITS: usize = 30;

/// The digits of a decimal, inline when short. Each number of digits has one representation,
/// so the derived comparisons are those of the digit strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Digits {
    Inline { len: u8, bytes: [u8; INLINE_DIGITS] },
    Heap(Box<str>),
}

impl Digits {
    fn new(int_part: &str, frac_part: &str) -> Digits {
        let len = int_part.len() + frac_part.len();
        match u8::try_from(len) {
            Ok(short) if len <= INLINE_DIGITS => {
                let mut bytes = [0u8; INLINE_DIGITS];
                bytes[..int_part.len()].copy_from_slice(int_part.as_bytes());
                bytes[int_part.len()..len].copy_from_slice(frac_part.as_bytes());
                Digits::Inline { len: short, bytes }
            }
            _ => Digits::Heap(format!("{int_part}{frac_part}").into_boxed_str()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Only ASCII digits are ever stored.
            Digits::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default(),
            Digits::Heap(digits) => digits,
        }
    }

    fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
}

fn split_sign(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn lexical_forms_of_the_specification() {
        for valid in [
            "100.",
            ".5",
            "+1",
            "-0",
            "0",
            "-1.23",
            "+100000.00",
            "210",
            "00012.3400",
        ] {
            assert!(Decimal::parse(valid).is_some(), "{valid}");
        }
        for invalid in [
            "", ".", "+", "-", "1e5", "1.2.3", "12.5.3", " 1", "1 ", "1,5", "0x10", "+-1", "INF", "١",
        ] {
            assert!(Decimal::parse(invalid).is_none(), "{invalid}");
        }
    }

    #[test]
    fn integers_have_no_point() {
        assert!(Decimal::parse_integer("-0012").is_some());
        for invalid in ["1.", "1.0", "", "+", "1e2", ".0"] {
            assert!(Decimal::parse_integer(invalid).is_none(), "{invalid}");
        }
    }

    #[test]
    fn equal_values_of_different_forms() {
        assert_eq!(d("1.0"), d("1"));
        assert_eq!(d("01.00"), d("1"));
        assert_eq!(d("+0"), d("-0"));
        assert_eq!(d("-0.0"), d(".0"));
        assert_eq!(d("100."), d("100"));
        assert_ne!(d("10"), d("1"));
        assert_ne!(d("0.1"), d("1"));
    }

    #[test]
    fn order_follows_the_numbers() {
        let ascending = [
            "-100",
            "-99.99",
            "-1",
            "-0.5",
            "0",
            "0.05",
            "0.5",
            "1",
            "9.999",
            "10",
            "123456789012345678901234567890",
        ];
        for pair in ascending.windows(2) {
            assert!(d(pair[0]) < d(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn digits_and_canonical_form() {
        assert_eq!(d("0012.3400").total_digits(), 4);
        assert_eq!(d("0012.3400").fraction_digits(), 2);
        assert_eq!(d("0").total_digits(), 1);
        assert_eq!(d("-0012.3400").to_string(), "-12.34");
        assert_eq!(d("100.").to_string(), "100.0");
        assert_eq!(d("-.5").to_string(), "-0.5");
        assert_eq!(d("-0").to_string(), "0.0");
        assert_eq!(d("-42").to_i128(), Some(-42));
        assert_eq!(d("1.5").to_i128(), None);
        assert_eq!(Decimal::from_i128(i128::from(i64::MIN)), d("-9223372036854775808"));
        // Long values are kept on the heap, and compare with short ones as numbers.
        let long = "1234567890".repeat(4);
        assert_eq!(d(&format!("{long}.5")).to_string(), format!("{long}.5"));
        assert!(d(&long) > d("99999999999999999999999999999"));
        assert_eq!(d(&format!("000{long}.000")), d(&long));
    }
}
