//! `schema`: the value is valid against a JSON Schema (drafts 4 to 2020-12).

use std::sync::Arc;

use jsonschema::{Draft, Validator};
use serde_json::Value;

use super::{Function, Problem, RuleFunction, Target};

#[derive(Debug)]
pub(crate) struct Schema {
    validator: Arc<Validator>,
    all_errors: bool,
}

pub(crate) fn build(options: &Value) -> Result<Function, String> {
    let schema = options.get("schema").ok_or("schema needs functionOptions.schema")?;
    let draft = match options.get("dialect").and_then(Value::as_str) {
        None | Some("auto") => crate::framework::detect_draft(schema),
        Some("draft4") => Draft::Draft4,
        Some("draft6") => Draft::Draft6,
        Some("draft7") => Draft::Draft7,
        Some("draft2019-09") => Draft::Draft201909,
        Some("draft2020-12") => Draft::Draft202012,
        Some(other) => return Err(format!("dialect `{other}` is not one nifcheck knows")),
    };
    let validator = jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| format!("functionOptions.schema does not compile: {e}"))?;
    Ok(Box::new(Schema {
        validator: Arc::new(validator),
        all_errors: options.get("allErrors").and_then(Value::as_bool).unwrap_or(false),
    }))
}

impl RuleFunction for Schema {
    fn deep(&self) -> bool {
        true
    }

    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        // As in Spectral, a value that is absent does not satisfy a schema.
        let Some(value) = target.value else {
            return vec![Problem::here(format!("{} must exist", super::describe(target)))];
        };
        if self.validator.is_valid(value) {
            return Vec::new();
        }
        let limit = if self.all_errors { usize::MAX } else { 1 };
        self.validator
            .iter_errors(value)
            .take(limit)
            .map(|error| Problem {
                message: short(&error.to_string()),
                path: error
                    .instance_path()
                    .as_str()
                    .split('/')
                    .skip(1)
                    .map(|t| t.replace("~1", "/").replace("~0", "~"))
                    .collect(),
                at_key: false,
            })
            .collect()
    }
}

/// The validator's messages quote the whole value; the finding already points at it.
fn short(message: &str) -> String {
    const MAX: usize = 160;
    if message.len() <= MAX {
        return message.to_string();
    }
    let cut = (0..=MAX).rev().find(|&i| message.is_char_boundary(i)).unwrap_or(0);
    format!("{}…", &message[..cut])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn validates_with_paths() {
        let f =
            build(&serde_json::json!({"schema": {"type": "object", "properties": {"a": {"type": "string"}}}})).unwrap();
        assert!(run(&f, Some(&serde_json::json!({"a": "x"})), None).is_empty());
        let problems = run(&f, Some(&serde_json::json!({"a": 1})), None);
        assert_eq!(problems[0].path, vec!["a".to_string()]);
        assert!(build(&serde_json::json!({"schema": {"type": 12}})).is_err());
        assert_eq!(run(&f, None, Some("tags"))[0].message, "`tags` must exist");
    }
}
