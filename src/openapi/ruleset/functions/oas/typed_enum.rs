//! `typedEnum`: every value of a schema's `enum` has the schema's `type` (in 3.0, `null` too
//! when the schema is `nullable`).

use serde_json::Value;

use super::super::{Problem, RuleFunction, Target};
use crate::openapi::api::Version;

#[derive(Debug)]
pub(crate) struct TypedEnum;

impl RuleFunction for TypedEnum {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(Value::Object(schema)) = target.value else {
            return Vec::new();
        };
        let (Some(Value::Array(values)), Some(declared)) = (schema.get("enum"), schema.get("type")) else {
            return Vec::new();
        };
        let mut types: Vec<&str> = match declared {
            Value::String(t) => vec![t.as_str()],
            Value::Array(list) if list.iter().all(Value::is_string) => list.iter().filter_map(Value::as_str).collect(),
            _ => return Vec::new(),
        };
        if target.version == Some(Version::V30) && schema.get("nullable") == Some(&Value::Bool(true)) {
            types.push("null");
        }
        let integers = types.contains(&"integer");
        values
            .iter()
            .enumerate()
            .filter(|(_, value)| !types.contains(&type_of(value, integers)))
            .map(|(i, value)| Problem {
                message: format!("enum value {value} is not of type {}", types.join(" or ")),
                path: vec!["enum".into(), i.to_string()],
                at_key: false,
            })
            .collect()
    }
}

/// The JSON type of a value; a whole number is an `integer` when that type is asked for.
fn type_of(value: &Value, integers: bool) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if integers && n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn problems(value: &Value, version: Version) -> Vec<Problem> {
        let referenced = HashSet::new();
        TypedEnum.check(&Target {
            value: Some(value),
            property: None,
            referenced: &referenced,
            version: Some(version),
        })
    }

    #[test]
    fn values_have_the_type() {
        let schema = serde_json::json!({"type": "integer", "enum": [1, 2.0, 2.5, "3"]});
        let found = problems(&schema, Version::V31);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path, ["enum", "2"]);
        assert_eq!(found[1].message, "enum value \"3\" is not of type integer");
        let nullable = serde_json::json!({"type": "string", "nullable": true, "enum": ["a", null]});
        assert!(problems(&nullable, Version::V30).is_empty());
        assert_eq!(problems(&nullable, Version::V31).len(), 1);
        let listed = serde_json::json!({"type": ["string", "null"], "enum": ["a", null]});
        assert!(problems(&listed, Version::V31).is_empty());
        assert!(problems(&serde_json::json!({"type": "number", "enum": [1, 1.5]}), Version::V31).is_empty());
    }
}
