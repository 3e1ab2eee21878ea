//! `refSiblings`: an object with a `$ref` has nothing beside it (in OpenAPI 3.0 and Swagger
//! 2.0 a sibling of `$ref` is ignored, which is never what its author meant).

use serde_json::Value;

use super::super::{Problem, RuleFunction, Target};

#[derive(Debug)]
pub(crate) struct RefSiblings;

impl RuleFunction for RefSiblings {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(Value::Object(map)) = target.value else {
            return Vec::new();
        };
        if !map.contains_key("$ref") {
            return Vec::new();
        }
        map.keys()
            .filter(|key| *key != "$ref")
            .map(|key| Problem {
                message: format!("`{key}` sits beside `$ref`, where it is ignored"),
                path: vec![key.clone()],
                at_key: false,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::run;
    use super::*;

    #[test]
    fn each_sibling_is_named() {
        let f: super::super::super::Function = Box::new(RefSiblings);
        let value = serde_json::json!({"$ref": "#/a", "description": "x", "nullable": true});
        let problems = run(&f, Some(&value), None);
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[0].message,
            "`description` sits beside `$ref`, where it is ignored"
        );
        assert_eq!(problems[0].path, ["description"]);
        assert!(run(&f, Some(&serde_json::json!({"$ref": "#/a"})), None).is_empty());
    }
}
