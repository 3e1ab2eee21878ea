//! `uniquenessTags`: no two entries of a list of tags have the same name.

use serde_json::Value;

use super::super::{Problem, RuleFunction, Target};

#[derive(Debug)]
pub(crate) struct TagsUniqueness;

impl RuleFunction for TagsUniqueness {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(Value::Array(tags)) = target.value else {
            return Vec::new();
        };
        let names: Vec<Option<&Value>> = tags.iter().map(|tag| tag.get("name")).collect();
        names
            .iter()
            .enumerate()
            .filter(|(i, name)| name.is_some() && names[..*i].contains(name))
            .map(|(i, name)| Problem {
                message: format!(
                    "tag name {} is used twice in this list",
                    name.map_or_else(String::new, Value::to_string)
                ),
                path: vec![i.to_string(), "name".into()],
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
    fn each_repeat_is_reported_once() {
        let f: super::super::super::Function = Box::new(TagsUniqueness);
        let tags = serde_json::json!([{"name": "a"}, {"name": "b"}, {"name": "a"}, {"name": "a"}]);
        let problems = run(&f, Some(&tags), None);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].path, ["2", "name"]);
        assert_eq!(problems[0].message, "tag name \"a\" is used twice in this list");
        assert!(run(&f, Some(&serde_json::json!([{"name": "a"}, {"name": "b"}])), None).is_empty());
    }
}
