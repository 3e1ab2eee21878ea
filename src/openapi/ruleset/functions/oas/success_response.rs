//! `oasOpSuccessResponse`: a Responses Object has a 2xx or 3xx response.

use serde_json::Value;

use super::super::{Problem, RuleFunction, Target};

#[derive(Debug)]
pub(crate) struct SuccessResponse;

impl RuleFunction for SuccessResponse {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(Value::Object(responses)) = target.value else {
            return Vec::new();
        };
        let success = responses.keys().any(|code| {
            matches!(code.as_str(), "2XX" | "3XX")
                || code.trim().parse::<f64>().is_ok_and(|n| (200.0..400.0).contains(&n))
        });
        if success {
            return Vec::new();
        }
        vec![Problem::here(
            "the operation has no success response: add a 2xx or 3xx response",
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::run;
    use super::*;

    #[test]
    fn needs_a_2xx_or_3xx() {
        let f: super::super::super::Function = Box::new(SuccessResponse);
        assert!(run(&f, Some(&serde_json::json!({"204": {}, "400": {}})), None).is_empty());
        assert!(run(&f, Some(&serde_json::json!({"2XX": {}})), None).is_empty());
        assert!(run(&f, Some(&serde_json::json!({"302": {}})), None).is_empty());
        let problems = run(&f, Some(&serde_json::json!({"default": {}, "404": {}})), None);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("the operation has no success response"));
        assert!(run(&f, None, None).is_empty());
    }
}
