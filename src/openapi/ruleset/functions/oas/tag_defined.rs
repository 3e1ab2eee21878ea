//! `oasTagDefined`: every tag an operation lists is one of the description's global `tags`.

use serde_json::Value;

use super::super::{Problem, RuleFunction, Target};
use crate::openapi::api::METHODS;

#[derive(Debug)]
pub(crate) struct TagDefined;

impl RuleFunction for TagDefined {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(root) = target.value else { return Vec::new() };
        let global: Vec<&str> = root
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|tag| tag.get("name").and_then(Value::as_str))
            .collect();
        let mut problems = Vec::new();
        let Some(paths) = root.get("paths").and_then(Value::as_object) else {
            return problems;
        };
        for (path, item) in paths {
            let Some(item) = item.as_object() else { continue };
            for (method, operation) in item.iter().filter(|(m, _)| METHODS.contains(&m.as_str())) {
                let Some(tags) = operation.get("tags").and_then(Value::as_array) else {
                    continue;
                };
                for (i, tag) in tags.iter().enumerate() {
                    if tag.as_str().is_some_and(|t| global.contains(&t)) {
                        continue;
                    }
                    problems.push(Problem {
                        message: format!("tag {tag} is not among the global tags"),
                        path: vec![
                            "paths".into(),
                            path.clone(),
                            method.clone(),
                            "tags".into(),
                            i.to_string(),
                        ],
                        at_key: false,
                    });
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::run;
    use super::*;

    #[test]
    fn operation_tags_are_global_tags() {
        let f: super::super::super::Function = Box::new(TagDefined);
        let root = serde_json::json!({
            "tags": [{"name": "persons"}],
            "paths": {"/p": {"get": {"tags": ["persons", "births"]}, "parameters": []}}
        });
        let problems = run(&f, Some(&root), None);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, ["paths", "/p", "get", "tags", "1"]);
        assert_eq!(problems[0].message, "tag \"births\" is not among the global tags");
    }
}
