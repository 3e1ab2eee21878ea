//! xs:duration (Part 2 §3.2.6). A duration is a number of months and a number of seconds:
//! `P1Y` equals `P12M` and `P1D` equals `PT24H`, but `P1M` and `P30D` are neither equal nor
//! ordered, because their order depends on the month they are added to (Part 2 §3.2.6.2
//! decides it on four reference dates).

use super::datetime::days_from_civil;
use std::cmp::Ordering;
use std::fmt;

/// A duration value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Duration {
    negative: bool,
    months: u64,
    seconds: u128,
    /// Digits after the seconds' point, without trailing zeros.
    fraction: Box<str>,
}

/// Numbers in a duration have at most this many digits here (Part 2 allows any number; a
/// larger one is refused rather than misread).
const MAX_DIGITS: usize = 18;

/// The dates Part 2 adds two durations to, to order them.
const REFERENCES: [(i64, u8); 4] = [(1696, 9), (1697, 2), (1903, 3), (1903, 7)];

impl Duration {
    /// Reads `-?PnYnMnDTnHnMnS`: at least one field, and `T` only before a time field.
    pub fn parse(text: &str) -> Option<Duration> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let rest = rest.strip_prefix('P')?;
        let (date_part, time_part) = match rest.split_once('T') {
            Some((date, time)) => (date, Some(time)),
            None => (rest, None),
        };
        let mut fields = 0;
        let mut months: u64 = 0;
        let mut seconds: u128 = 0;
        let mut fraction: &str = "";
        let mut cursor = date_part;
        for (designator, unit) in [('Y', 12u64), ('M', 1)] {
            if let Some(n) = field(&mut cursor, designator)? {
                months = months.checked_add(n.checked_mul(unit)?)?;
                fields += 1;
            }
        }
        if let Some(days) = field(&mut cursor, 'D')? {
            seconds += u128::from(days) * 86400;
            fields += 1;
        }
        if !cursor.is_empty() {
            return None;
        }
        if let Some(time) = time_part {
            let mut cursor = time;
            let before = fields;
            for (designator, unit) in [('H', 3600u128), ('M', 60)] {
                if let Some(n) = field(&mut cursor, designator)? {
                    seconds += u128::from(n) * unit;
                    fields += 1;
                }
            }
            if let Some((whole, frac)) = seconds_field(cursor)? {
                seconds += u128::from(whole);
                fraction = frac;
                fields += 1;
                cursor = "";
            }
            if !cursor.is_empty() || fields == before {
                return None;
            }
        }
        if fields == 0 {
            return None;
        }
        let fraction = fraction.trim_end_matches('0');
        let zero = months == 0 && seconds == 0 && fraction.is_empty();
        Some(Duration {
            negative: negative && !zero,
            months,
            seconds,
            fraction: Box::from(fraction),
        })
    }

    /// The order of Part 2 §3.2.6.2: the same on all four reference dates, or none.
    pub fn partial_cmp_value(&self, other: &Duration) -> Option<Ordering> {
        if self == other {
            return Some(Ordering::Equal);
        }
        let mut verdict = None;
        for (year, month) in REFERENCES {
            let order = self.end_from(year, month).cmp(&other.end_from(year, month));
            match verdict {
                None => verdict = Some(order),
                Some(previous) if previous != order => return None,
                Some(_) => {}
            }
        }
        verdict
    }

    /// The instant reached from the first of `month` of `year`: whole seconds since 1970 and
    /// a fraction (written as digits of a value in [0, 1)).
    fn end_from(&self, year: i64, month: u8) -> (i128, String) {
        let signed_months = i128::from(self.months);
        let signed_months = if self.negative { -signed_months } else { signed_months };
        let total = i128::from(year) * 12 + i128::from(month) - 1 + signed_months;
        let (end_year, end_month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        // Years out of i64's range cannot come from durations of at most 18 digits.
        let end_year = i64::try_from(end_year).unwrap_or(i64::MAX);
        let end_month = u8::try_from(end_month).unwrap_or(1);
        let days = i128::from(days_from_civil(end_year, end_month, 1));
        let seconds = i128::try_from(self.seconds).unwrap_or(i128::MAX);
        let base = days * 86400;
        if !self.negative {
            return (base + seconds, self.fraction.to_string());
        }
        if self.fraction.is_empty() {
            return (base - seconds, String::new());
        }
        // -(s + 0.f) = -(s + 1) + (1 - 0.f)
        (base - seconds - 1, complement(&self.fraction))
    }
}

/// The digits of 1 - 0.`digits` (`digits` has no trailing zero, so neither has the result).
fn complement(digits: &str) -> String {
    let bytes = digits.as_bytes();
    let mut out: Vec<u8> = bytes.iter().map(|d| b'9' - (d - b'0')).collect();
    if let Some(last) = out.last_mut() {
        *last += 1;
    }
    String::from_utf8(out).unwrap_or_default()
}

/// `n` followed by `designator` at the start of `cursor`: `Some(None)` when the field is
/// absent, `None` when it is malformed.
fn field(cursor: &mut &str, designator: char) -> Option<Option<u64>> {
    let digits = cursor.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !cursor[digits..].starts_with(designator) {
        return Some(None);
    }
    if digits > MAX_DIGITS {
        return None;
    }
    let value = cursor[..digits].parse().ok()?;
    *cursor = &cursor[digits + 1..];
    Some(Some(value))
}

/// The seconds field (`5S`, `5.25S`, `.5S`, `5.S`), which ends the time part.
fn seconds_field(cursor: &str) -> Option<Option<(u64, &str)>> {
    let Some(number) = cursor.strip_suffix('S') else {
        return Some(None);
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) || whole.len() > MAX_DIGITS {
        return None;
    }
    let whole = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    Some(Some((whole, fraction)))
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str("P")?;
        let (years, months) = (self.months / 12, self.months % 12);
        let (days, rest) = (self.seconds / 86400, self.seconds % 86400);
        let (hours, minutes, seconds) = (rest / 3600, rest % 3600 / 60, rest % 60);
        if years > 0 {
            write!(f, "{years}Y")?;
        }
        if months > 0 {
            write!(f, "{months}M")?;
        }
        if days > 0 {
            write!(f, "{days}D")?;
        }
        if rest > 0 || !self.fraction.is_empty() {
            f.write_str("T")?;
            if hours > 0 {
                write!(f, "{hours}H")?;
            }
            if minutes > 0 {
                write!(f, "{minutes}M")?;
            }
            if seconds > 0 || !self.fraction.is_empty() {
                write!(f, "{seconds}")?;
                if !self.fraction.is_empty() {
                    write!(f, ".{}", self.fraction)?;
                }
                f.write_str("S")?;
            }
        } else if self.months == 0 && self.seconds == 0 {
            f.write_str("T0S")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Duration;
    use std::cmp::Ordering;

    fn d(text: &str) -> Duration {
        Duration::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn lexical_forms() {
        for valid in [
            "P1Y2M3DT4H5M6.7S",
            "P1Y",
            "-P1Y",
            "PT1S",
            "PT0.5S",
            "PT.5S",
            "PT5.S",
            "P0D",
            "P1M",
            "PT36H",
            "P0Y0M0DT0H0M0S",
            "P1DT2H",
        ] {
            assert!(Duration::parse(valid).is_some(), "{valid}");
        }
        for invalid in [
            "", "P", "PT", "P1YT", "-P", "P-1Y", "1Y", "P1D2H", "P1M1Y", "PT1H1H", "P1.5Y", "PT1S2M", "P1Y ", "+P1Y",
            "PT.S", "P1W", "pt1s", "P1DT",
        ] {
            assert!(Duration::parse(invalid).is_none(), "{invalid}");
        }
    }

    #[test]
    fn equal_values() {
        assert_eq!(d("P1Y"), d("P12M"));
        assert_eq!(d("P1D"), d("PT24H"));
        assert_eq!(d("PT1.50S"), d("PT1.5S"));
        assert_eq!(d("-P0D"), d("PT0S"));
        assert_ne!(d("P1M"), d("P30D"));
        assert_ne!(d("P1Y"), d("-P1Y"));
    }

    #[test]
    fn partial_order_of_the_specification() {
        assert_eq!(d("P1Y").partial_cmp_value(&d("P364D")), Some(Ordering::Greater));
        assert_eq!(d("P1Y").partial_cmp_value(&d("P365D")), None);
        assert_eq!(d("P1Y").partial_cmp_value(&d("P366D")), None);
        assert_eq!(d("P1Y").partial_cmp_value(&d("P367D")), Some(Ordering::Less));
        assert_eq!(d("P1M").partial_cmp_value(&d("P27D")), Some(Ordering::Greater));
        assert_eq!(d("P1M").partial_cmp_value(&d("P30D")), None);
        assert_eq!(d("P1M").partial_cmp_value(&d("P32D")), Some(Ordering::Less));
        assert_eq!(d("-PT1.5S").partial_cmp_value(&d("-PT1.25S")), Some(Ordering::Less));
        assert_eq!(d("-PT1S").partial_cmp_value(&d("PT0.5S")), Some(Ordering::Less));
        assert_eq!(d("PT1H").partial_cmp_value(&d("PT59M60S")), Some(Ordering::Equal));
    }

    #[test]
    fn canonical_display() {
        assert_eq!(d("PT36H").to_string(), "P1DT12H");
        assert_eq!(d("-P14M").to_string(), "-P1Y2M");
        assert_eq!(d("PT0.50S").to_string(), "PT0.5S");
        assert_eq!(d("P0D").to_string(), "PT0S");
    }
}
