//! Parsing one JSON document: exact positions for every way it can be broken, and detection of
//! duplicate keys on the way (serde_json keeps the last value silently).

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::rules::{self, Rule};
use crate::source::LineIndex;

/// A parsed document.
#[derive(Debug)]
pub(crate) struct Parsed<'t> {
    /// The text without its byte order mark.
    pub text: &'t str,
    /// The value.
    pub value: Value,
    /// Some object repeats a key: worth a slower second look.
    pub has_duplicates: bool,
}

/// Why a document could not be parsed, and where.
#[derive(Debug)]
pub(crate) struct ParseProblem<'t> {
    /// The rule it breaks (not well-formed, or nested too deep).
    pub rule: &'static Rule,
    /// What went wrong.
    pub message: String,
    /// The text (decoded up to the problem when the bytes are not UTF-8).
    pub text: &'t str,
    /// Byte offset of the problem in `text`.
    pub offset: usize,
}

/// Parses bytes as one JSON document.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed<'_>, ParseProblem<'_>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = std::str::from_utf8(valid).unwrap_or_default();
            return Err(ParseProblem {
                rule: &rules::NOT_WELL_FORMED,
                message: format!("invalid UTF-8 at byte {}: payloads must be UTF-8", e.valid_up_to()),
                text,
                offset: text.len(),
            });
        }
    };
    if text.trim().is_empty() {
        return Err(ParseProblem {
            rule: &rules::NOT_WELL_FORMED,
            message: "empty payload: expected a JSON document".into(),
            text,
            offset: 0,
        });
    }
    let duplicates = Cell::new(false);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let result = ValueSeed {
        duplicates: &duplicates,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match result {
        Ok(value) => Ok(Parsed {
            text,
            value,
            has_duplicates: duplicates.get(),
        }),
        Err(e) => Err(problem(text, &e)),
    }
}

fn problem<'t>(text: &'t str, e: &serde_json::Error) -> ParseProblem<'t> {
    let mut offset = LineIndex::new(text).offset_of(text, e.line(), e.column().max(1));
    if e.is_eof() {
        // Point at the last thing the document has, not at the blank line after it.
        offset = text.trim_end().char_indices().next_back().map_or(0, |(i, _)| i);
    }
    let detail = e.to_string();
    let detail = detail
        .rsplit_once(" at line ")
        .map_or(detail.as_str(), |(head, _)| head);
    let (rule, message) = if detail.contains("recursion limit exceeded") {
        (&rules::NESTING_TOO_DEEP, "nesting deeper than 128 levels".to_string())
    } else if e.is_eof() {
        (&rules::NOT_WELL_FORMED, format!("truncated payload: {detail}"))
    } else {
        (&rules::NOT_WELL_FORMED, format!("not well-formed JSON: {detail}"))
    };
    ParseProblem {
        rule,
        message,
        text,
        offset,
    }
}

/// The key serde_json's `arbitrary_precision` hands a number's text under (serde_json's own
/// `Value` recognises it the same way).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Builds a `serde_json::Value` exactly as serde_json does, noting repeated keys.
#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    duplicates: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            // With serde_json's `arbitrary_precision` a number arrives as a one-entry map holding
            // its exact text under this key, so the number keeps every digit. A payload object
            // spelling the same single entry reads as that number, as in serde_json's own `Value`.
            if object.is_empty()
                && key == NUMBER_TOKEN
                && let Value::String(text) = &value
                && let Ok(number) = text.parse::<Number>()
            {
                match map.next_key::<String>()? {
                    None => return Ok(Value::Number(number)),
                    Some(next) => {
                        object.insert(key, value);
                        let following = map.next_value_seed(self)?;
                        if object.insert(next, following).is_some() {
                            self.duplicates.set(true);
                        }
                        continue;
                    }
                }
            }
            if object.insert(key, value).is_some() {
                self.duplicates.set(true);
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(input: &[u8]) -> (String, String, usize) {
        match parse(input) {
            Ok(_) => panic!("expected a problem"),
            Err(p) => (p.rule.code.to_string(), p.message, p.offset),
        }
    }

    #[test]
    fn parses_like_serde_json_and_sees_duplicates() {
        let parsed = parse(b"\xEF\xBB\xBF{\"a\": 1, \"b\": [true, null, 1.5], \"a\": 2}");
        let parsed = parsed.unwrap_or_else(|p| panic!("{}", p.message));
        assert_eq!(parsed.value, serde_json::json!({"a": 2, "b": [true, null, 1.5]}));
        assert!(parsed.has_duplicates);
        assert!(!parse(b"{\"a\": {\"a\": 1}}").is_ok_and(|p| p.has_duplicates));
    }

    #[test]
    fn numbers_keep_every_digit() {
        let digits = "3".repeat(100);
        let text = format!("{{\"big\": {digits}, \"tiny\": 1.0e-400, \"huge\": 1e400}}");
        let parsed = parse(text.as_bytes()).unwrap_or_else(|p| panic!("{}", p.message));
        let number = |key: &str| parsed.value.get(key).map(ToString::to_string);
        assert_eq!(number("big"), Some(digits));
        assert_eq!(number("tiny"), Some("1.0e-400".to_string()));
        assert_eq!(number("huge"), Some("1e+400".to_string()));
        // An object spelling serde_json's private number entry stays an object unless it is exactly that.
        let parsed =
            parse(br#"{"$serde_json::private::Number": "12", "b": 1}"#).unwrap_or_else(|p| panic!("{}", p.message));
        assert_eq!(parsed.value.as_object().map(serde_json::Map::len), Some(2));
    }

    #[test]
    fn reports_every_kind_of_breakage_with_a_place() {
        assert_eq!(broken(b"   \n").0, "PAY001");
        let (code, message, offset) = broken(b"{\"a\": \"\xff\"}");
        assert_eq!((code.as_str(), offset), ("PAY001", 7));
        assert!(message.contains("UTF-8"));
        let (_, message, offset) = broken(b"{\n  \"a\": [1, 2");
        assert!(message.starts_with("truncated"), "{message}");
        assert_eq!(offset, 13);
        let (_, message, offset) = broken(b"{\"a\": 1} x");
        assert!(message.contains("trailing"), "{message}");
        assert_eq!(offset, 9);
        let deep = "[".repeat(100_000);
        assert_eq!(broken(deep.as_bytes()).0, "PAY006");
    }
}
