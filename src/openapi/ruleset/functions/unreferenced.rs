//! `unreferencedReusableObject`: every member of a map of reusable objects (the given
//! value, such as `components.schemas`) is the target of some `$ref`.

use serde_json::Value;

use super::{Function, Problem, RuleFunction, Target};
use crate::source::escape_pointer_token;

#[derive(Debug)]
pub(crate) struct Unreferenced {
    location: String,
}

pub(crate) fn build(options: &Value) -> Result<Function, String> {
    let location = options.get("reusableObjectsLocation").and_then(Value::as_str).ok_or(
        "unreferencedReusableObject needs functionOptions.reusableObjectsLocation, such as #/components/schemas",
    )?;
    let location = location
        .strip_prefix('#')
        .ok_or("reusableObjectsLocation must be a local reference starting with #/")?;
    Ok(Box::new(Unreferenced {
        location: location.trim_end_matches('/').to_string(),
    }))
}

impl RuleFunction for Unreferenced {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(Value::Object(map)) = target.value else {
            return Vec::new();
        };
        map.keys()
            .filter(|name| {
                let at = format!("{}/{}", self.location, escape_pointer_token(name));
                !target.referenced.contains(&at)
            })
            .map(|name| Problem {
                message: format!("`{name}` is never referenced"),
                path: vec![name.clone()],
                at_key: true,
            })
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn reports_unused_members() {
        let f = build(&serde_json::json!({"reusableObjectsLocation": "#/components/schemas"})).unwrap();
        let referenced: HashSet<String> = ["/components/schemas/A".to_string()].into();
        let value = serde_json::json!({"A": {}, "B": {}});
        let problems = f.check(&Target {
            value: Some(&value),
            property: Some("schemas"),
            referenced: &referenced,
            version: None,
        });
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, vec!["B".to_string()]);
    }
}
