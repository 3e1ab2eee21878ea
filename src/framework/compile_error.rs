//! A schema that does not compile, said at its place: the `$ref` (or keyword) that fails, in the
//! schema file, with its line and column, so every output format can point at it.

use jsonschema::{ReferencingError, ValidationError, error::ValidationErrorKind};
use serde_json::Value;

use crate::error::Error;
use crate::source::{JsonIndex, escape_pointer_token, percent_decode};

/// The text of a schema file, kept so a compile error can point into it.
#[derive(Debug, Clone)]
pub struct SchemaText {
    /// The file as named on the command line.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// A compile error of `value` (read from `source`, when known) as a tool error at its place.
/// `refusals` are the references refused while compiling: a reference into a refused document
/// says so and how to allow it.
pub(crate) fn compile_error(
    source: Option<&SchemaText>,
    value: &Value,
    error: &ValidationError<'_>,
    refusals: &[String],
) -> Error {
    let (pointer, message) = match error.kind() {
        ValidationErrorKind::Referencing(problem) => {
            let found = failing_reference(value, problem);
            let reference = found
                .as_ref()
                .map_or_else(|| "a `$ref`".to_string(), |(_, r)| format!("`$ref` \"{r}\""));
            let refused = refusals.first().map(|r| format!(" ({r})")).unwrap_or_default();
            (
                found.map(|(pointer, _)| pointer),
                format!("the schema does not compile: {reference} does not resolve: {problem}{refused}"),
            )
        }
        _ => {
            let at = error.instance_path().as_str().to_string();
            let keyword = at.rsplit('/').next().filter(|k| !k.is_empty()).unwrap_or("the schema");
            (
                Some(at.clone()),
                format!("the schema does not compile: `{keyword}` at {at}: {error}"),
            )
        }
    };
    let help = (!refusals.is_empty()).then(|| {
        "a reference was refused: allow its host for this run with --allow-host HOST, or keep the referenced schema beside this one".to_string()
    });
    let Some(source) = source else {
        return Error::framework(message, help);
    };
    let index = JsonIndex::new(&source.text);
    let span = pointer
        .and_then(|p| index.locate(&p))
        .map_or(0..0, |s| s.key.map_or(s.start, |k| k.0)..s.end);
    Error::at(&source.name, &source.text, span, message, error.to_string(), help)
}

/// The `$ref` (its pointer in the schema, and its text) that the referencing error is about.
fn failing_reference(value: &Value, problem: &ReferencingError) -> Option<(String, String)> {
    let mut references = Vec::new();
    collect_references(value, String::new(), &mut references);
    let matches = |reference: &str| -> bool {
        let (document, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        match problem {
            ReferencingError::PointerToNowhere { pointer }
            | ReferencingError::InvalidPercentEncoding { pointer, .. }
            | ReferencingError::InvalidArrayIndex { pointer, .. } => percent_decode(fragment) == *pointer,
            ReferencingError::NoSuchAnchor { anchor } | ReferencingError::InvalidAnchor { anchor } => {
                fragment == anchor
            }
            ReferencingError::Unretrievable { uri, .. } => {
                let document = document.trim_start_matches("./");
                !document.is_empty() && uri.trim_end_matches('#').ends_with(document)
            }
            _ => false,
        }
    };
    references.into_iter().find(|(_, reference)| matches(reference))
}

/// Every `$ref`-like keyword of `value`: the pointer of its string and the string.
fn collect_references(value: &Value, at: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let pointer = format!("{at}/{}", escape_pointer_token(key));
                if let ("$ref" | "$dynamicRef" | "$recursiveRef", Value::String(reference)) = (key.as_str(), child) {
                    out.push((pointer.clone(), reference.clone()));
                }
                collect_references(child, pointer, out);
            }
        }
        Value::Array(items) => {
            for (n, child) in items.iter().enumerate() {
                collect_references(child, format!("{at}/{n}"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_to_nowhere_names_its_ref() {
        let text = "{\n  \"properties\": {\n    \"a\": { \"$ref\": \"#/$defs/missing\" }\n  }\n}";
        let value: Value = serde_json::from_str(text).unwrap_or_default();
        let problem = ReferencingError::PointerToNowhere {
            pointer: "/$defs/missing".into(),
        };
        assert_eq!(
            failing_reference(&value, &problem),
            Some(("/properties/a/$ref".into(), "#/$defs/missing".into()))
        );
    }

    #[test]
    fn an_unretrievable_document_names_its_ref() {
        let value = serde_json::json!({"allOf": [{"$ref": "other.json#/x"}, {"$ref": "./gone.json"}]});
        let problem = ReferencingError::Unretrievable {
            uri: "file:///schemas/gone.json".into(),
            source: "missing".into(),
        };
        assert_eq!(
            failing_reference(&value, &problem),
            Some(("/allOf/1/$ref".into(), "./gone.json".into()))
        );
    }
}
