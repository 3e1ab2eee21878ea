//! `length`: a string's characters, an array's items, an object's members or a number's value
//! lie between `min` and `max`.

use serde_json::Value;

use super::{Function, Problem, RuleFunction, Target, describe};

#[derive(Debug)]
pub(crate) struct Length {
    min: Option<f64>,
    max: Option<f64>,
}

pub(crate) fn build(options: &Value) -> Result<Function, String> {
    let get = |key: &str| match options.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or(format!("functionOptions.{key} must be a number")),
    };
    let (min, max) = (get("min")?, get("max")?);
    if min.is_none() && max.is_none() {
        return Err("length needs functionOptions.min or functionOptions.max".into());
    }
    Ok(Box::new(Length { min, max }))
}

impl RuleFunction for Length {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let size = match target.value {
            Some(Value::String(s)) => s.chars().count() as f64,
            Some(Value::Array(a)) => a.len() as f64,
            Some(Value::Object(o)) => o.len() as f64,
            Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
            _ => return Vec::new(),
        };
        let mut problems = Vec::new();
        if let Some(min) = self.min
            && size < min
        {
            problems.push(Problem::here(format!(
                "{} must be at least {min} long",
                describe(target)
            )));
        }
        if let Some(max) = self.max
            && size > max
        {
            problems.push(Problem::here(format!(
                "{} must be at most {max} long",
                describe(target)
            )));
        }
        problems
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn bounds() {
        let f = build(&serde_json::json!({"min": 2, "max": 3})).unwrap();
        assert!(run(&f, Some(&serde_json::json!("ab")), None).is_empty());
        assert_eq!(run(&f, Some(&serde_json::json!([1])), None).len(), 1);
        assert_eq!(
            run(&f, Some(&serde_json::json!({"a":1,"b":2,"c":3,"d":4})), None).len(),
            1
        );
    }
}
