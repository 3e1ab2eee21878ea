//! A JSON value that serialises its numbers as numbers through any serde serializer. With
//! serde_json's `arbitrary_precision` (numbers keep their exact text) a `Value`'s number
//! serialises as a private one-entry map that only serde_json's own serializer turns back into a
//! number; a template engine or a snapshot tool would see the map.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// `value`, with its numbers serialised as integers where they are, else as `f64`, else (beyond
/// `f64`'s range) as their text.
pub struct PlainNumbers<'a>(pub &'a Value);

impl Serialize for PlainNumbers<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Number(number) => {
                if let Some(n) = number.as_u64() {
                    serializer.serialize_u64(n)
                } else if let Some(n) = number.as_i64() {
                    serializer.serialize_i64(n)
                } else if let Some(n) = number.as_f64() {
                    serializer.serialize_f64(n)
                } else {
                    serializer.serialize_str(&number.to_string())
                }
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&PlainNumbers(item))?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, item) in members {
                    map.serialize_entry(key, &PlainNumbers(item))?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Through a serializer other than serde_json's own: the template engine's.
    #[test]
    fn numbers_stay_numbers_for_other_serializers() {
        let value: Value = serde_json::from_str(r#"{"a": 7, "b": -2, "c": 1.5, "d": 1e400}"#).unwrap_or_default();
        let template = minijinja::Value::from(minijinja::value::Serde(&PlainNumbers(&value)));
        let get = |key: &str| {
            template
                .get_attr(key)
                .map(|v| (format!("{:?}", v.kind()), v.to_string()))
                .unwrap_or_default()
        };
        assert_eq!(get("a"), ("Number".to_string(), "7".to_string()));
        assert_eq!(get("b"), ("Number".to_string(), "-2".to_string()));
        assert_eq!(get("c"), ("Number".to_string(), "1.5".to_string()));
        assert_eq!(get("d"), ("String".to_string(), "1e+400".to_string()));
    }
}
