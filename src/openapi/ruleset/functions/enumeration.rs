//! `enumeration`: the value is one of `values`.

use serde_json::Value;

use super::{Function, Problem, RuleFunction, Target, describe};

#[derive(Debug)]
pub(crate) struct Enumeration {
    values: Vec<Value>,
}

pub(crate) fn build(options: &Value) -> Result<Function, String> {
    let values = options
        .get("values")
        .and_then(Value::as_array)
        .ok_or("enumeration needs functionOptions.values, a list")?;
    Ok(Box::new(Enumeration { values: values.clone() }))
}

impl RuleFunction for Enumeration {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(value) = target.value else { return Vec::new() };
        if self.values.contains(value) {
            return Vec::new();
        }
        let allowed: Vec<String> = self.values.iter().map(Value::to_string).collect();
        vec![Problem::here(format!(
            "{} must be one of {}, not {value}",
            describe(target),
            allowed.join(", ")
        ))]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn values() {
        let f = build(&serde_json::json!({"values": ["a", 1]})).unwrap();
        assert!(run(&f, Some(&serde_json::json!(1)), None).is_empty());
        assert_eq!(run(&f, Some(&serde_json::json!("b")), None).len(), 1);
    }
}
