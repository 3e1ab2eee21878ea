//! The date and time types (Part 2 §3.2.7–§3.2.14): dateTime, time, date, gYearMonth, gYear,
//! gMonthDay, gDay and gMonth, each with an optional time zone. Values with a time zone are
//! compared on UTC; a value without one is compared with one that has it as Part 2 §3.2.7.4
//! says (it may be anywhere from -14:00 to +14:00, so the order can be indeterminate).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Which of the eight types a value belongs to: values of different types are never equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemporalKind {
    /// xs:dateTime
    DateTime,
    /// xs:time
    Time,
    /// xs:date
    Date,
    /// xs:gYearMonth
    GYearMonth,
    /// xs:gYear
    GYear,
    /// xs:gMonthDay
    GMonthDay,
    /// xs:gDay
    GDay,
    /// xs:gMonth
    GMonth,
}

/// A value of one of the date and time types. Fields a type does not have hold the reference
/// values Part 2 compares with (year 1972, December, the 31st), so every value has a place on
/// one time line.
#[derive(Debug, Clone)]
pub struct Temporal {
    kind: TemporalKind,
    year: i64,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// Digits after the seconds' point, without trailing zeros.
    fraction: Box<str>,
    /// Minutes east of UTC.
    timezone: Option<i16>,
}

/// Years have at most this many digits here (Part 2 allows any number; a larger year is
/// refused rather than misread).
const MAX_YEAR_DIGITS: usize = 15;
/// How far a value without a time zone may be from UTC (Part 2 §3.2.7.4).
const FOURTEEN_HOURS: i128 = 14 * 3600;

impl Temporal {
    /// Reads the lexical form of `kind`.
    pub fn parse(kind: TemporalKind, text: &str) -> Option<Temporal> {
        let mut cursor = Cursor { rest: text };
        let mut value = Temporal {
            kind,
            year: 1972,
            month: 12,
            day: 31,
            hour: 0,
            minute: 0,
            second: 0,
            fraction: Box::from(""),
            timezone: None,
        };
        match kind {
            TemporalKind::DateTime => {
                value.read_date(&mut cursor)?;
                cursor.expect('T')?;
                value.read_time(&mut cursor)?;
            }
            TemporalKind::Time => value.read_time(&mut cursor)?,
            TemporalKind::Date => value.read_date(&mut cursor)?,
            TemporalKind::GYearMonth => {
                value.year = cursor.year()?;
                cursor.expect('-')?;
                value.month = cursor.month()?;
                value.day = 1;
            }
            TemporalKind::GYear => {
                value.year = cursor.year()?;
                value.month = 1;
                value.day = 1;
            }
            TemporalKind::GMonthDay => {
                cursor.expect_str("--")?;
                value.month = cursor.month()?;
                cursor.expect('-')?;
                value.day = cursor.two_digits()?;
                // February 29th is a valid gMonthDay: the reference year 1972 is a leap year.
                if value.day == 0 || value.day > days_in_month(1972, value.month) {
                    return None;
                }
            }
            TemporalKind::GDay => {
                cursor.expect_str("---")?;
                value.day = cursor.two_digits()?;
                if !(1..=31).contains(&value.day) {
                    return None;
                }
            }
            TemporalKind::GMonth => {
                cursor.expect_str("--")?;
                // Not `--MM--`: the first edition's form, withdrawn by erratum E2-12 (the W3C
                // suite agrees since 2012).
                value.month = cursor.month()?;
                value.day = 1;
            }
        }
        value.timezone = cursor.timezone()?;
        if !cursor.rest.is_empty() {
            return None;
        }
        if value.hour == 24 {
            value.end_of_day();
        }
        Some(value)
    }

    fn read_date(&mut self, cursor: &mut Cursor<'_>) -> Option<()> {
        self.year = cursor.year()?;
        cursor.expect('-')?;
        self.month = cursor.month()?;
        cursor.expect('-')?;
        self.day = cursor.two_digits()?;
        (self.day >= 1 && self.day <= days_in_month(self.year, self.month)).then_some(())
    }

    fn read_time(&mut self, cursor: &mut Cursor<'_>) -> Option<()> {
        self.hour = cursor.two_digits()?;
        cursor.expect(':')?;
        self.minute = cursor.two_digits()?;
        cursor.expect(':')?;
        self.second = cursor.two_digits()?;
        if let Some(after_point) = cursor.rest.strip_prefix('.') {
            let digits = after_point.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            self.fraction = Box::from(after_point[..digits].trim_end_matches('0'));
            cursor.rest = &after_point[digits..];
        }
        let valid = self.hour < 24 && self.minute < 60 && self.second < 60
            // 24:00:00 is the end of a day, and nothing later.
            || self.hour == 24 && self.minute == 0 && self.second == 0 && self.fraction.is_empty();
        valid.then_some(())
    }

    /// 24:00:00 is 00:00:00 of the next day.
    fn end_of_day(&mut self) {
        self.hour = 0;
        if self.kind != TemporalKind::DateTime {
            return;
        }
        if self.day < days_in_month(self.year, self.month) {
            self.day += 1;
        } else if self.month < 12 {
            self.day = 1;
            self.month += 1;
        } else {
            self.day = 1;
            self.month = 1;
            // There is no year 0 in XSD 1.0: -0001 is followed by 0001.
            self.year = if self.year == -1 { 1 } else { self.year + 1 };
        }
    }

    /// The type of the value.
    pub fn kind(&self) -> TemporalKind {
        self.kind
    }

    /// Whether the value has a time zone.
    pub fn has_timezone(&self) -> bool {
        self.timezone.is_some()
    }

    /// Seconds on one time line (local time when there is no time zone), and the fraction.
    fn instant(&self) -> (i128, &str) {
        let days = days_from_civil(self.year, self.month, self.day);
        let local = i128::from(days) * 86400
            + i128::from(self.hour) * 3600
            + i128::from(self.minute) * 60
            + i128::from(self.second);
        let offset = i128::from(self.timezone.unwrap_or(0)) * 60;
        (local - offset, &self.fraction)
    }

    /// The order of Part 2 §3.2.7.4; `None` when it is indeterminate or the types differ.
    pub fn partial_cmp_value(&self, other: &Temporal) -> Option<Ordering> {
        if self.kind != other.kind {
            return None;
        }
        let (mine, theirs) = (self.instant(), other.instant());
        match (self.timezone.is_some(), other.timezone.is_some()) {
            (true, true) | (false, false) => Some(mine.cmp(&theirs)),
            (true, false) => compare_with_local(mine, theirs),
            (false, true) => compare_with_local(theirs, mine).map(Ordering::reverse),
        }
    }
}

/// `zoned` against `local` placed anywhere from +14:00 (earliest) to -14:00 (latest).
fn compare_with_local(zoned: (i128, &str), local: (i128, &str)) -> Option<Ordering> {
    let earliest = (local.0 - FOURTEEN_HOURS, local.1);
    let latest = (local.0 + FOURTEEN_HOURS, local.1);
    if zoned < earliest {
        Some(Ordering::Less)
    } else if zoned > latest {
        Some(Ordering::Greater)
    } else {
        None
    }
}

/// Equal when the order says equal: a value with a time zone never equals one without.
impl PartialEq for Temporal {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.timezone.is_some() == other.timezone.is_some()
            && self.instant() == other.instant()
    }
}

impl Eq for Temporal {}

impl Hash for Temporal {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.kind.hash(state);
        self.timezone.is_some().hash(state);
        self.instant().hash(state);
    }
}

impl fmt::Display for Temporal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = |f: &mut fmt::Formatter<'_>| {
            if self.year < 0 {
                write!(f, "-{:04}", self.year.unsigned_abs())
            } else {
                write!(f, "{:04}", self.year)
            }
        };
        let time = |f: &mut fmt::Formatter<'_>| {
            write!(f, "{:02}:{:02}:{:02}", self.hour, self.minute, self.second)?;
            if !self.fraction.is_empty() {
                write!(f, ".{}", self.fraction)?;
            }
            Ok(())
        };
        match self.kind {
            TemporalKind::DateTime => {
                year(f)?;
                write!(f, "-{:02}-{:02}T", self.month, self.day)?;
                time(f)?;
            }
            TemporalKind::Time => time(f)?,
            TemporalKind::Date => {
                year(f)?;
                write!(f, "-{:02}-{:02}", self.month, self.day)?;
            }
            TemporalKind::GYearMonth => {
                year(f)?;
                write!(f, "-{:02}", self.month)?;
            }
            TemporalKind::GYear => year(f)?,
            TemporalKind::GMonthDay => write!(f, "--{:02}-{:02}", self.month, self.day)?,
            TemporalKind::GDay => write!(f, "---{:02}", self.day)?,
            TemporalKind::GMonth => write!(f, "--{:02}", self.month)?,
        }
        match self.timezone {
            None => Ok(()),
            Some(0) => f.write_str("Z"),
            Some(minutes) => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let minutes = minutes.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
        }
    }
}

/// Leap years by the rule of Part 2 Appendix D, applied to the year as written.
pub(crate) fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.rem_euclid(400) == 0 || (year.rem_euclid(4) == 0 && year.rem_euclid(100) != 0) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar, XSD 1.0 years (no year 0).
pub(crate) fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let year = if year < 0 { year + 1 } else { year };
    let (month, day) = (i64::from(month), i64::from(day));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Reads fixed-width fields left to right.
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn expect(&mut self, c: char) -> Option<()> {
        self.rest = self.rest.strip_prefix(c)?;
        Some(())
    }

    fn expect_str(&mut self, s: &str) -> Option<()> {
        self.rest = self.rest.strip_prefix(s)?;
        Some(())
    }

    fn two_digits(&mut self) -> Option<u8> {
        let bytes = self.rest.as_bytes();
        match bytes {
            [a, b, ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
                self.rest = &self.rest[2..];
                Some((a - b'0') * 10 + (b - b'0'))
            }
            _ => None,
        }
    }

    fn month(&mut self) -> Option<u8> {
        self.two_digits().filter(|m| (1..=12).contains(m))
    }

    /// At least four digits, no leading zero beyond four, never 0000.
    fn year(&mut self) -> Option<i64> {
        let negative = self.rest.starts_with('-');
        let unsigned = if negative { &self.rest[1..] } else { self.rest };
        let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
        if !(4..=MAX_YEAR_DIGITS).contains(&digits) || (digits > 4 && unsigned.starts_with('0')) {
            return None;
        }
        let magnitude: i64 = unsigned[..digits].parse().ok()?;
        if magnitude == 0 {
            return None;
        }
        self.rest = &unsigned[digits..];
        Some(if negative { -magnitude } else { magnitude })
    }

    /// `Z`, `+hh:mm` or `-hh:mm` (hours 00 to 14, nothing past 14:00), or nothing.
    fn timezone(&mut self) -> Option<Option<i16>> {
        if let Some(rest) = self.rest.strip_prefix('Z') {
            self.rest = rest;
            return Some(Some(0));
        }
        let negative = match self.rest.as_bytes().first() {
            Some(b'+') => false,
            Some(b'-') => true,
            _ => return Some(None),
        };
        self.rest = &self.rest[1..];
        let hours = self.two_digits()?;
        self.expect(':')?;
        let minutes = self.two_digits()?;
        if hours > 14 || minutes > 59 || (hours == 14 && minutes > 0) {
            return None;
        }
        let total = i16::from(hours) * 60 + i16::from(minutes);
        Some(Some(if negative { -total } else { total }))
    }
}

#[cfg(test)]
mod tests {
    use super::{Temporal, TemporalKind};
    use TemporalKind::*;
    use std::cmp::Ordering;

    fn t(kind: TemporalKind, text: &str) -> Temporal {
        Temporal::parse(kind, text).unwrap_or_else(|| panic!("{kind:?} {text} should parse"))
    }

    #[test]
    fn valid_and_invalid_lexical_forms() {
        let valid = [
            (DateTime, "2002-10-10T12:00:00-05:00"),
            (DateTime, "2002-10-10T17:00:00Z"),
            (DateTime, "2002-10-10T12:00:00.123456789"),
            (DateTime, "-0044-03-15T12:00:00"),
            (DateTime, "12345-01-01T00:00:00"),
            (DateTime, "2000-02-29T00:00:00"),
            (DateTime, "1999-12-31T24:00:00"),
            (DateTime, "2002-10-10T12:00:00+14:00"),
            (DateTime, "2002-10-10T12:00:00-14:00"),
            (Time, "13:20:00"),
            (Time, "13:20:00.5+01:00"),
            (Time, "24:00:00"),
            (Time, "00:00:00Z"),
            (Date, "2002-10-10"),
            (Date, "2002-10-10+13:00"),
            (Date, "-2002-10-10Z"),
            (Date, "2004-02-29"),
            (Date, "2000-02-29"),
            (GYearMonth, "1999-05"),
            (GYearMonth, "1999-05Z"),
            (GYear, "1999"),
            (GYear, "-0001"),
            (GYear, "10000"),
            (GMonthDay, "--02-29"),
            (GMonthDay, "--12-31+02:00"),
            (GDay, "---31"),
            (GDay, "---01Z"),
            (GMonth, "--05"),
            (GMonth, "--12Z"),
        ];
        for (kind, text) in valid {
            assert!(Temporal::parse(kind, text).is_some(), "{kind:?} {text}");
        }
        let invalid = [
            (DateTime, "2002-10-10"),
            (DateTime, "2002-10-10T12:00"),
            (DateTime, "2002-10-10 12:00:00"),
            (DateTime, "2002-10-10T12:00:00+15:00"),
            (DateTime, "2002-10-10T12:00:00+14:01"),
            (DateTime, "2002-10-10T12:00:00+05:60"),
            (DateTime, "2002-10-10T12:00:00+0500"),
            (DateTime, "2002-10-10T24:00:01"),
            (DateTime, "2002-10-10T24:30:00"),
            (DateTime, "2002-10-10T24:00:00.5"),
            (DateTime, "2002-10-10T25:00:00"),
            (DateTime, "2002-10-10T12:60:00"),
            (DateTime, "2002-10-10T12:00:60"),
            (DateTime, "2002-10-10T12:00:00."),
            (DateTime, "2002-10-10T12:00:00Z "),
            (DateTime, "0000-01-01T00:00:00"),
            (DateTime, "02002-01-01T00:00:00"),
            (DateTime, "202-01-01T00:00:00"),
            (DateTime, "+2002-01-01T00:00:00"),
            (Date, "2001-02-29"),
            (Date, "1900-02-29"),
            (Date, "2002-04-31"),
            (Date, "2002-13-01"),
            (Date, "2002-00-01"),
            (Date, "2002-01-00"),
            (Date, "2002-1-01"),
            (Date, "2002-01-01T"),
            (Time, "1:20:00"),
            (Time, "13:20"),
            (Time, "13:20:00ZZ"),
            (GYearMonth, "1999"),
            (GYearMonth, "1999-13"),
            (GYear, "99"),
            (GYear, "0000"),
            (GYear, "01999"),
            (GMonthDay, "--02-30"),
            (GMonthDay, "--04-31"),
            (GMonthDay, "-02-01"),
            (GDay, "---32"),
            (GDay, "---00"),
            (GDay, "--01"),
            (GMonth, "--13"),
            (GMonth, "-05"),
            (GMonth, "--05-"),
            (GMonth, "--05--"),
        ];
        for (kind, text) in invalid {
            assert!(Temporal::parse(kind, text).is_none(), "{kind:?} {text}");
        }
    }

    #[test]
    fn time_zones_compare_on_utc() {
        assert_eq!(
            t(DateTime, "2002-10-10T12:00:00-05:00"),
            t(DateTime, "2002-10-10T17:00:00Z")
        );
        assert_eq!(
            t(DateTime, "2002-10-10T12:00:00.500Z"),
            t(DateTime, "2002-10-10T12:00:00.5+00:00")
        );
        assert_eq!(t(DateTime, "1999-12-31T24:00:00Z"), t(DateTime, "2000-01-01T00:00:00Z"));
        assert_eq!(t(Time, "24:00:00"), t(Time, "00:00:00"));
        assert_ne!(t(DateTime, "2002-10-10T12:00:00Z"), t(DateTime, "2002-10-10T12:00:00"));
        assert_ne!(t(Date, "2002-10-10"), t(Date, "2002-10-11"));
        assert_eq!(
            t(DateTime, "2002-10-10T12:00:00Z").partial_cmp_value(&t(DateTime, "2002-10-10T12:00:00.1Z")),
            Some(Ordering::Less)
        );
    }

    #[test]
    fn with_and_without_time_zone_the_order_may_be_indeterminate() {
        let zoned = t(DateTime, "2000-01-15T12:00:00Z");
        let cmp = |local: &str| zoned.partial_cmp_value(&t(DateTime, local));
        assert_eq!(cmp("2000-01-16T12:00:00"), Some(Ordering::Less));
        assert_eq!(cmp("2000-01-14T12:00:00"), Some(Ordering::Greater));
        assert_eq!(cmp("2000-01-15T12:00:00"), None);
        assert_eq!(cmp("2000-01-16T02:00:00"), None);
        assert_eq!(cmp("2000-01-16T02:00:01"), Some(Ordering::Less));
        assert_eq!(
            t(DateTime, "2000-01-16T02:00:01").partial_cmp_value(&zoned),
            Some(Ordering::Greater)
        );
        assert_eq!(zoned.partial_cmp_value(&t(Date, "2000-01-15Z")), None);
    }

    #[test]
    fn years_before_the_common_era() {
        assert_eq!(
            t(Date, "-0001-12-31").partial_cmp_value(&t(Date, "0001-01-01")),
            Some(Ordering::Less)
        );
        assert_eq!(t(Date, "-0001-12-31").to_string(), "-0001-12-31");
        assert_eq!(t(DateTime, "-0001-12-31T24:00:00").to_string(), "0001-01-01T00:00:00");
    }

    #[test]
    fn display_keeps_the_fields() {
        assert_eq!(
            t(DateTime, "2002-10-10T12:00:00.50-05:00").to_string(),
            "2002-10-10T12:00:00.5-05:00"
        );
        assert_eq!(t(GMonth, "--05").to_string(), "--05");
        assert_eq!(t(GDay, "---07Z").to_string(), "---07Z");
    }
}
