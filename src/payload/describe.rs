//! What a JSON Schema error means for a person: the message, the place it points at (the
//! value, a member's key, or the object that lacks a property) and help.

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use crate::rules::{self, Rule};
use crate::source::escape_pointer_token;

/// Which part of a value a finding points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The value itself.
    Value,
    /// The key of the member holding the value (an unexpected property).
    Key,
    /// The first character of the value (an object missing a property).
    Start,
}

/// One problem, ready to be placed in its document.
#[derive(Debug)]
pub(crate) struct Described {
    /// The rule broken.
    pub rule: &'static Rule,
    /// JSON Pointer of the instance location.
    pub pointer: String,
    /// What to point at.
    pub anchor: Anchor,
    /// What is wrong.
    pub message: String,
    /// How to put it right.
    pub help: Option<String>,
    /// The property a missing or unexpected finding is about, for spelling hints.
    pub property: Option<Property>,
}

/// A property named by a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Property {
    /// Required but absent (the finding's pointer is the object).
    Missing(String),
    /// Present but not allowed (the finding's pointer is the member).
    Unexpected(String),
}

/// A misspelled property gives two findings: the right name is missing, the wrong one is
/// unexpected. Each gets a help that names the other.
pub(crate) fn suggest_spellings(found: &mut [Described]) {
    let missing: Vec<(String, String)> = found
        .iter()
        .filter_map(|d| match &d.property {
            Some(Property::Missing(name)) => Some((d.pointer.clone(), name.clone())),
            _ => None,
        })
        .collect();
    for d in found.iter_mut() {
        let Some(Property::Unexpected(name)) = &d.property else {
            continue;
        };
        let parent = d.pointer.rsplit_once('/').map_or("", |(p, _)| p);
        let close = missing.iter().find(|(at, wanted)| {
            at == parent
                && (wanted.eq_ignore_ascii_case(name)
                    || (wanted.chars().count() >= 4 && strsim::levenshtein(wanted, name) <= 2))
        });
        if let Some((_, wanted)) = close {
            d.help = Some(format!("did you mean \"{wanted}\"? the standard requires it here"));
        }
    }
}

const MAX_MESSAGE: usize = 240;

/// Turns one validation error into one or more problems (an unexpected-properties error names
/// each property separately, so each points at its own key).
pub(crate) fn describe(error: &ValidationError<'_>) -> Vec<Described> {
    let pointer = error.instance_path().as_str().to_string();
    let one = |rule, anchor, message: String, help: Option<String>| {
        vec![Described {
            rule,
            pointer: pointer.clone(),
            anchor,
            message: shorten(message),
            help,
            property: None,
        }]
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => unexpected
            .iter()
            .map(|name| Described {
                rule: &rules::SCHEMA_VIOLATION,
                pointer: format!("{pointer}/{}", escape_pointer_token(name)),
                anchor: Anchor::Key,
                message: shorten(format!("unexpected property \"{name}\"")),
                help: Some("the standard does not define this property here; check its spelling".into()),
                property: Some(Property::Unexpected(name.clone())),
            })
            .collect(),
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().map_or_else(|| property.to_string(), str::to_string);
            let mut found = one(
                &rules::SCHEMA_VIOLATION,
                Anchor::Start,
                format!("missing required property \"{name}\""),
                None,
            );
            for d in &mut found {
                d.property = Some(Property::Missing(name.clone()));
            }
            found
        }
        ValidationErrorKind::Custom { message, .. } => match rules::untag_message(message) {
            Some((rule, text, hint)) => one(
                rule,
                Anchor::Value,
                text.to_string(),
                (!hint.is_empty()).then(|| hint.to_string()),
            ),
            None => one(&rules::SCHEMA_VIOLATION, Anchor::Value, message.clone(), None),
        },
        ValidationErrorKind::Format { format } => one(
            &rules::SCHEMA_VIOLATION,
            Anchor::Value,
            format!("{} is not a valid {format}", show(error.instance())),
            format_help(format),
        ),
        ValidationErrorKind::Enum { options } => one(
            &rules::SCHEMA_VIOLATION,
            Anchor::Value,
            format!("{} is not one of the allowed values", show(error.instance())),
            Some(format!("allowed values: {}", list_values(options))),
        ),
        ValidationErrorKind::Constant { expected_value } => one(
            &rules::SCHEMA_VIOLATION,
            Anchor::Value,
            format!("{} is not the required value", show(error.instance())),
            Some(format!("expected {expected_value}")),
        ),
        ValidationErrorKind::Pattern { pattern } => one(
            &rules::SCHEMA_VIOLATION,
            Anchor::Value,
            format!("{} does not match the required pattern", show(error.instance())),
            Some(format!("the pattern is {pattern}")),
        ),
        _ => {
            let message = if is_small(error.instance()) {
                error.to_string()
            } else {
                error.masked().to_string()
            };
            one(&rules::SCHEMA_VIOLATION, Anchor::Value, message, None)
        }
    }
}

fn is_small(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_)) && value.to_string().len() <= 80
}

fn show(value: &Value) -> String {
    match value {
        Value::Object(_) => "the object".into(),
        Value::Array(_) => "the array".into(),
        v => shorten(v.to_string()),
    }
}

fn shorten(mut text: String) -> String {
    if text.len() > MAX_MESSAGE {
        let mut cut = MAX_MESSAGE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}

fn list_values(options: &Value) -> String {
    let Some(items) = options.as_array() else {
        return options.to_string();
    };
    let shown: Vec<String> = items.iter().take(12).map(Value::to_string).collect();
    let more = items.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn format_help(format: &str) -> Option<String> {
    let text = match format {
        "date" => "a calendar date written YYYY-MM-DD (RFC 3339 full-date), such as 2024-02-29",
        "date-time" => "an RFC 3339 date-time with a time zone, such as 2024-05-01T09:30:00Z",
        "time" => "an RFC 3339 time with a time zone, such as 09:30:00+02:00",
        "email" | "idn-email" => "an e-mail address, such as registry@civil.gov.example",
        "uuid" => "a UUID, such as 8c0e2b7a-5f1d-4c3e-9a61-2d4f0b7c9e15",
        "uri" | "iri" => "an absolute URI with a scheme, such as https://agency.gov.example/",
        "uri-reference" | "iri-reference" => "a URI or relative reference",
        "ipv4" => "a dotted-quad IPv4 address, such as 192.0.2.10",
        "ipv6" => "an IPv6 address, such as 2001:db8::1",
        "hostname" | "idn-hostname" => "a host name, such as registry.gov.example",
        "duration" => "an ISO 8601 duration, such as P1Y2M",
        _ => return None,
    };
    Some(format!("expected {text}"))
}
