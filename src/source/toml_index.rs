//! TOML documents (framework manifests, `nifcheck.toml`) as JSON values with spans, so a
//! manifest is checked by the same JSON Schema machinery and its errors point into the TOML.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

use super::{NodeSpan, escape_pointer_token};

/// A parsed TOML document.
#[derive(Debug)]
pub struct TomlDocument {
    /// The document as JSON (datetimes become strings).
    pub value: Value,
    spans: HashMap<String, NodeSpan>,
}

impl TomlDocument {
    /// The span of the value at a JSON Pointer.
    pub fn span(&self, pointer: &str) -> Option<NodeSpan> {
        self.spans.get(pointer).copied()
    }
}

/// Checks a parsed TOML document against the JSON Schema of its format (`schema`, the schema's
/// text); every problem is labelled at its place in the TOML.
pub fn check_toml_against_schema(
    name: &str,
    text: &str,
    doc: &TomlDocument,
    schema: &str,
    format: &str,
    schema_file: &str,
) -> crate::Result<()> {
    let broken = |e: &dyn std::fmt::Display| crate::Error::framework(format!("{schema_file} is broken: {e}"), None);
    let schema: Value = serde_json::from_str(schema).map_err(|e| broken(&e))?;
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| broken(&e))?;
    let places: Vec<_> = validator
        .iter_errors(&doc.value)
        .map(|e| {
            let pointer = e.instance_path().as_str().to_string();
            let span = match e.kind() {
                // An unknown key is labelled where it is written, not at its table.
                jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
                    .first()
                    .and_then(|key| doc.span(&format!("{pointer}/{}", escape_pointer_token(key))))
                    .or_else(|| doc.span(&pointer))
                    .map_or(0..0, |s| s.key.map_or(s.start, |k| k.0)..s.end),
                _ => doc
                    .span(&pointer)
                    .map_or(0..0, |s| s.key.map_or(s.start, |k| k.0)..s.end),
            };
            (span, e.masked().to_string())
        })
        .collect();
    if places.is_empty() {
        return Ok(());
    }
    let message = format!("{name} does not follow {format} ({} problem(s))", places.len());
    Err(crate::Error::at_many(
        name,
        text,
        places,
        message,
        Some(format!("the format is documented in {schema_file}")),
    ))
}

/// Parses TOML text. The error carries the message and the byte range it points at.
pub fn parse_toml(text: &str) -> Result<TomlDocument, (String, Option<std::ops::Range<usize>>)> {
    let table = DeTable::parse(text).map_err(|e| (e.message().to_string(), e.span()))?;
    let mut spans = HashMap::new();
    let span = table.span();
    spans.insert(
        String::new(),
        NodeSpan {
            start: span.start,
            end: span.end,
            key: None,
        },
    );
    let value = convert_table(table.get_ref(), "", &mut spans);
    Ok(TomlDocument { value, spans })
}

fn convert_table(table: &DeTable<'_>, pointer: &str, spans: &mut HashMap<String, NodeSpan>) -> Value {
    let mut map = Map::new();
    for (key, value) in table {
        let child = format!("{pointer}/{}", escape_pointer_token(key.get_ref()));
        let (k, v) = (key.span(), value.span());
        spans.insert(
            child.clone(),
            NodeSpan {
                start: v.start,
                end: v.end,
                key: Some((k.start, k.end)),
            },
        );
        map.insert(key.get_ref().to_string(), convert(value.get_ref(), &child, spans));
    }
    Value::Object(map)
}

fn convert(value: &DeValue<'_>, pointer: &str, spans: &mut HashMap<String, NodeSpan>) -> Value {
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            i64::from_str_radix(
                digits
                    .trim_start_matches("0x")
                    .trim_start_matches("0o")
                    .trim_start_matches("0b"),
                i.radix(),
            )
            .map_or_else(|_| Value::String(i.as_str().to_string()), Value::from)
        }
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(f.as_str().to_string()), Value::Number),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(n, item)| {
                    let child = format!("{pointer}/{n}");
                    let s = item.span();
                    spans.insert(
                        child.clone(),
                        NodeSpan {
                            start: s.start,
                            end: s.end,
                            key: None,
                        },
                    );
                    convert(item.get_ref(), &child, spans)
                })
                .collect(),
        ),
        DeValue::Table(t) => convert_table(t, pointer, spans),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_with_spans() {
        let text = "[framework]\nid = \"x\"\nn = 0x10\n\n[[standards]]\nid = \"person\"\nwhen = 2024-01-02\n";
        let doc = parse_toml(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(doc.value["framework"]["n"], 16);
        assert_eq!(doc.value["standards"][0]["when"], "2024-01-02");
        let span = doc.span("/standards/0/id").unwrap_or(NodeSpan {
            start: 0,
            end: 0,
            key: None,
        });
        assert_eq!(&text[span.start..span.end], "\"person\"");
    }

    #[test]
    fn reports_syntax_errors_with_a_span() {
        let err = parse_toml("[framework\nid = 1").err();
        assert!(err.is_some_and(|(_, span)| span.is_some()));
    }
}
