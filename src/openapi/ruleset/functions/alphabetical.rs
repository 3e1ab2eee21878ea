//! `alphabetical`: an array's items (or an object's keys) are in ascending order; with
//! `keyedBy`, array items are ordered by that property.

use serde_json::Value;

use super::{Function, Problem, RuleFunction, Target, describe};

#[derive(Debug)]
pub(crate) struct Alphabetical {
    keyed_by: Option<String>,
}

pub(crate) fn build(options: &Value) -> Result<Function, String> {
    let keyed_by = match options.get("keyedBy") {
        None | Some(Value::Null) => None,
        Some(Value::String(k)) => Some(k.clone()),
        Some(_) => return Err("functionOptions.keyedBy must be a string".into()),
    };
    Ok(Box::new(Alphabetical { keyed_by }))
}

fn key_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl RuleFunction for Alphabetical {
    fn deep(&self) -> bool {
        self.keyed_by.is_some()
    }

    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let keys: Vec<String> = match (target.value, &self.keyed_by) {
            (Some(Value::Array(items)), Some(by)) => items
                .iter()
                .map(|i| i.get(by).map(key_of).unwrap_or_default())
                .collect(),
            (Some(Value::Array(items)), None) => items.iter().map(key_of).collect(),
            (Some(Value::Object(map)), _) => map.keys().cloned().collect(),
            _ => return Vec::new(),
        };
        let Some(i) = keys.windows(2).position(|w| w[0] > w[1]) else {
            return Vec::new();
        };
        let is_object = matches!(target.value, Some(Value::Object(_)));
        vec![Problem {
            message: format!(
                "{} must be in alphabetical order: `{}` comes after `{}`",
                describe(target),
                keys[i + 1],
                keys[i]
            ),
            path: vec![if is_object {
                keys[i + 1].clone()
            } else {
                (i + 1).to_string()
            }],
            at_key: is_object,
        }]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn order() {
        let plain = build(&Value::Null).unwrap();
        assert!(run(&plain, Some(&serde_json::json!(["a", "b"])), None).is_empty());
        let problems = run(&plain, Some(&serde_json::json!(["b", "a"])), None);
        assert_eq!(problems[0].path, vec!["1".to_string()]);
        let keyed = build(&serde_json::json!({"keyedBy": "name"})).unwrap();
        assert_eq!(
            run(&keyed, Some(&serde_json::json!([{"name": "z"}, {"name": "a"}])), None).len(),
            1
        );
    }
}
