//! `pattern`: a string matches `match` and does not match `notMatch`.

use std::sync::Arc;

use serde_json::Value;

use crate::ecma_regex::EcmaRegex;

use super::{Function, Problem, RuleFunction, Target, regex};

#[derive(Debug)]
pub(crate) struct Pattern {
    matches: Option<(String, Arc<EcmaRegex>)>,
    not_match: Option<(String, Arc<EcmaRegex>)>,
}

pub(crate) fn build(options: &Value) -> Result<Function, String> {
    let get = |key: &str| -> Result<Option<(String, Arc<EcmaRegex>)>, String> {
        match options.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some((text.clone(), regex(text)?))),
            Some(_) => Err(format!("functionOptions.{key} must be a string")),
        }
    };
    let (matches, not_match) = (get("match")?, get("notMatch")?);
    if matches.is_none() && not_match.is_none() {
        return Err("pattern needs functionOptions.match or functionOptions.notMatch".into());
    }
    Ok(Box::new(Pattern { matches, not_match }))
}

impl RuleFunction for Pattern {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(Value::String(text)) = target.value else {
            return Vec::new();
        };
        let mut problems = Vec::new();
        if let Some((source, re)) = &self.matches
            && !re.is_match(text)
        {
            problems.push(Problem::here(format!("`{text}` must match the pattern `{source}`")));
        }
        if let Some((source, re)) = &self.not_match
            && re.is_match(text)
        {
            problems.push(Problem::here(format!("`{text}` must not match the pattern `{source}`")));
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
    fn match_and_not_match() {
        let f = build(&serde_json::json!({"match": "^https://", "notMatch": "/example\\.com/i"})).unwrap();
        assert!(run(&f, Some(&serde_json::json!("https://api.gov")), None).is_empty());
        assert_eq!(run(&f, Some(&serde_json::json!("http://api.gov")), None).len(), 1);
        assert_eq!(run(&f, Some(&serde_json::json!("https://EXAMPLE.com")), None).len(), 1);
        assert!(build(&serde_json::json!({"match": "("})).is_err());
        assert!(build(&serde_json::json!({})).is_err());
    }
}
