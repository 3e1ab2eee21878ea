//! `or`: at least one of `properties` is defined.

use serde_json::Value;

use super::{Function, Problem, RuleFunction, Target, string_list};

#[derive(Debug)]
pub(crate) struct Or {
    properties: Vec<String>,
}

pub(crate) fn build(options: &Value) -> Result<Function, String> {
    let properties = string_list(options, "properties")?;
    if properties.is_empty() {
        return Err("or needs functionOptions.properties".into());
    }
    Ok(Box::new(Or { properties }))
}

impl RuleFunction for Or {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(Value::Object(map)) = target.value else {
            return Vec::new();
        };
        if self.properties.iter().any(|p| map.contains_key(p.as_str())) {
            return Vec::new();
        }
        let names = self
            .properties
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        vec![Problem::here(format!("at least one of {names} must be defined"))]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn at_least_one() {
        let f = build(&serde_json::json!({"properties": ["a", "b"]})).unwrap();
        assert!(run(&f, Some(&serde_json::json!({"a": 1, "b": 2})), None).is_empty());
        assert_eq!(run(&f, Some(&serde_json::json!({"c": 1})), None).len(), 1);
    }
}
