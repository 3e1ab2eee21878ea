//! `xor`: exactly one of `properties` is defined.

use serde_json::Value;

use super::{Function, Problem, RuleFunction, Target, string_list};

#[derive(Debug)]
pub(crate) struct Xor {
    properties: Vec<String>,
}

pub(crate) fn build(options: &Value) -> Result<Function, String> {
    let properties = string_list(options, "properties")?;
    if properties.len() < 2 {
        return Err("xor needs at least two functionOptions.properties".into());
    }
    Ok(Box::new(Xor { properties }))
}

impl RuleFunction for Xor {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(Value::Object(map)) = target.value else {
            return Vec::new();
        };
        let present = self.properties.iter().filter(|p| map.contains_key(p.as_str())).count();
        if present == 1 {
            return Vec::new();
        }
        let names = self
            .properties
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        vec![Problem::here(format!(
            "exactly one of {names} must be defined, not {present}"
        ))]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn exactly_one() {
        let f = build(&serde_json::json!({"properties": ["a", "b"]})).unwrap();
        assert!(run(&f, Some(&serde_json::json!({"a": 1})), None).is_empty());
        assert_eq!(run(&f, Some(&serde_json::json!({"a": 1, "b": 2})), None).len(), 1);
        assert_eq!(run(&f, Some(&serde_json::json!({})), None).len(), 1);
    }
}
