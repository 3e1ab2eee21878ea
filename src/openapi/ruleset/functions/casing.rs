//! `casing`: a string is written in one case style (flat, camel, pascal, kebab, cobol, snake,
//! macro), optionally without digits, optionally in parts joined by a separator.

use std::sync::Arc;

use serde_json::Value;

use crate::ecma_regex::{self, EcmaRegex};

use super::{Function, Problem, RuleFunction, Target};

#[derive(Debug)]
pub(crate) struct Casing {
    style: String,
    whole: Arc<EcmaRegex>,
    /// With a leading separator allowed, the separator alone passes (the root path `/`).
    lone_separator: Option<String>,
}

pub(crate) fn build(options: &Value) -> Result<Function, String> {
    let style = options
        .get("type")
        .and_then(Value::as_str)
        .ok_or("casing needs functionOptions.type")?;
    let digits = !options.get("disallowDigits").and_then(Value::as_bool).unwrap_or(false);
    let part = part_pattern(style, digits)?;
    let mut lone_separator = None;
    let whole = match options.get("separator") {
        None => format!("^{part}$"),
        Some(separator) => {
            let char = separator
                .get("char")
                .and_then(Value::as_str)
                .filter(|c| c.chars().count() <= 1)
                .ok_or("functionOptions.separator.char must be one character, or empty for none")?;
            let allow_leading = separator.get("allowLeading").and_then(Value::as_bool).unwrap_or(false);
            if char.is_empty() {
                // An empty separator separates nothing: the style alone decides.
                format!("^{part}$")
            } else {
                if allow_leading {
                    lone_separator = Some(char.to_string());
                }
                let char = escape(char);
                let leading = if allow_leading {
                    format!("{char}?")
                } else {
                    String::new()
                };
                format!("^{leading}{part}(?:{char}{part})*$")
            }
        }
    };
    let whole = ecma_regex::compile(&whole).map_err(|e| e.to_string())?;
    Ok(Box::new(Casing {
        style: style.to_string(),
        whole,
        lone_separator,
    }))
}

/// The separator as a literal in a pattern.
fn escape(separator: &str) -> String {
    separator
        .chars()
        .flat_map(|c| (r"\.+*?()|[]{}^$".contains(c).then_some('\\')).into_iter().chain([c]))
        .collect()
}

/// One word group in the style. Digits, when allowed, may follow the first letter.
fn part_pattern(style: &str, digits: bool) -> Result<String, String> {
    let d = if digits { "0-9" } else { "" };
    Ok(match style {
        "flat" => format!("[a-z][a-z{d}]*"),
        "camel" => format!("[a-z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*"),
        "pascal" => format!("[A-Z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*"),
        "kebab" => format!("[a-z][a-z{d}]*(?:-[a-z{d}]+)*"),
        "cobol" => format!("[A-Z][A-Z{d}]*(?:-[A-Z{d}]+)*"),
        "snake" => format!("[a-z][a-z{d}]*(?:_[a-z{d}]+)*"),
        "macro" => format!("[A-Z][A-Z{d}]*(?:_[A-Z{d}]+)*"),
        other => {
            return Err(format!(
                "casing type `{other}` is not one of flat, camel, pascal, kebab, cobol, snake, macro"
            ));
        }
    })
}

impl RuleFunction for Casing {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(Value::String(text)) = target.value else {
            return Vec::new();
        };
        if text.is_empty() || self.lone_separator.as_ref() == Some(text) || self.whole.is_match(text) {
            return Vec::new();
        }
        vec![Problem::here(format!("`{text}` is not {} case", self.style))]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    fn ok(options: Value, text: &str) -> bool {
        run(&build(&options).unwrap(), Some(&Value::String(text.into())), None).is_empty()
    }

    #[test]
    fn styles() {
        let camel = serde_json::json!({"type": "camel"});
        assert!(ok(camel.clone(), "getPerson"));
        assert!(ok(camel.clone(), "getPersonV2"));
        assert!(!ok(camel.clone(), "GetPerson"));
        assert!(!ok(camel, "get_person"));
        assert!(ok(serde_json::json!({"type": "kebab"}), "birth-registrations"));
        assert!(!ok(serde_json::json!({"type": "kebab"}), "birthRegistrations"));
        assert!(!ok(
            serde_json::json!({"type": "kebab", "disallowDigits": true}),
            "v2-items"
        ));
        assert!(ok(serde_json::json!({"type": "macro"}), "X_RATE_LIMIT"));
        assert!(ok(serde_json::json!({"type": "pascal"}), "BirthRegistration"));
        assert!(ok(serde_json::json!({"type": "cobol"}), "X-RATE"));
        let path = serde_json::json!({"type": "kebab", "separator": {"char": "/", "allowLeading": true}});
        assert!(ok(path.clone(), "/birth-registrations/items"));
        assert!(!ok(path.clone(), "/birthRegistrations"));
        assert!(ok(path, "/"));
        let none = serde_json::json!({"type": "kebab", "separator": {"char": "", "allowLeading": true}});
        assert!(ok(none.clone(), "birth-registrations"));
        assert!(!ok(none.clone(), "/birth-registrations"));
        assert!(!ok(none, "birthRegistrations"));
        assert!(build(&serde_json::json!({"type": "kebab", "separator": {"char": "//"}})).is_err());
        assert!(build(&serde_json::json!({"type": "title"})).is_err());
    }
}
