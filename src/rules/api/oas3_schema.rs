use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, Resource, ValidationError, Validator};
use serde_json::Value;

use crate::finding::Finding;
use crate::openapi::api::{Api, Version};
use crate::rules::declare_rule;
use crate::source::parse_yaml;

declare_rule! {
    /// The description breaks the official OpenAPI JSON Schema.
    ///
    /// ## What it checks
    /// The document against the official JSON Schema of its OpenAPI version (3.0 or 3.1, embedded from the
    /// OpenAPI Initiative, Apache-2.0). Each violation is reported at the value that breaks it: a missing
    /// `info.title`, an unknown field in a Parameter Object, a `type` that is not one of the allowed names.
    ///
    /// ## Why it matters
    /// Generators, gateways and portals read descriptions with the specification in hand. A description the
    /// official schema rejects may load in one tool and break the next, so consumers cannot rely on it.
    ///
    /// ## Example
    /// ```yaml
    /// openapi: 3.1.0
    /// info: { version: 1.0.0 }     # title is required
    /// paths: {}
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// openapi: 3.1.0
    /// info: { title: Registry, version: 1.0.0 }
    /// paths: {}
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.1 (OpenAPI Object) and each object's "REQUIRED" fields.
    pub static OAS3_SCHEMA = { code: "OAS002", name: "oas3-schema", severity: Error, kind: Api };
}

const V30: &str = include_str!("../../../schemas/vendor/openapi/3.0/schema.yaml");
const V31_BASE: &str = include_str!("../../../schemas/vendor/openapi/3.1/schema-base.yaml");
const V31_RESOURCES: &[&str] = &[
    include_str!("../../../schemas/vendor/openapi/3.1/schema.yaml"),
    include_str!("../../../schemas/vendor/openapi/3.1/dialect.yaml"),
    include_str!("../../../schemas/vendor/openapi/3.1/meta.yaml"),
];
/// Enough to show what is wrong without drowning the report when a whole file is off.
const MAX_FINDINGS: usize = 200;

static VALIDATORS: [OnceLock<Result<Validator, String>>; 2] = [OnceLock::new(), OnceLock::new()];

fn validator(version: Version) -> Result<&'static Validator, String> {
    let slot = &VALIDATORS[version as usize];
    slot.get_or_init(|| build(version)).as_ref().map_err(Clone::clone)
}

fn build(version: Version) -> Result<Validator, String> {
    let yaml = |text: &str| parse_yaml(text).map(|(v, _)| v).map_err(|e| e.message);
    match version {
        Version::V30 => jsonschema::options()
            .with_draft(Draft::Draft4)
            .build(&yaml(V30)?)
            .map_err(|e| e.to_string()),
        Version::V31 => {
            let mut resources = Vec::new();
            for text in V31_RESOURCES {
                let value = yaml(text)?;
                let id = value.get("$id").and_then(Value::as_str).unwrap_or_default().to_string();
                resources.push((id, Resource::from_contents(value)));
            }
            let registry = Registry::new()
                .extend(resources)
                .and_then(jsonschema::RegistryBuilder::prepare)
                .map_err(|e| e.to_string())?;
            jsonschema::options()
                .with_draft(Draft::Draft202012)
                .with_registry(&registry)
                .build(&yaml(V31_BASE)?)
                .map_err(|e| e.to_string())
        }
    }
}

/// The description against the official OpenAPI JSON Schema of its version.
pub(crate) fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    let root = api.root();
    let validator = match validator(api.version) {
        Ok(v) => v,
        Err(e) => {
            out.push(root.finding(
                &OAS3_SCHEMA,
                "",
                format!("the OpenAPI {} schema did not load: {e}", api.version.label()),
            ));
            return;
        }
    };
    if validator.is_valid(&root.value) {
        return;
    }
    let mut leaves = Vec::new();
    for error in validator.iter_errors(&root.value) {
        leaves_of(&root.value, &error, &mut leaves);
    }
    leaves.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    leaves.dedup();
    let unlisted = leaves.len().saturating_sub(MAX_FINDINGS);
    let listed = leaves.len() - unlisted;
    for (i, (pointer, mut message)) in leaves.into_iter().take(MAX_FINDINGS).enumerate() {
        if unlisted > 0 && i + 1 == listed {
            message.push_str(&format!(
                " (the first {MAX_FINDINGS} problems are listed; {unlisted} more are not)"
            ));
        }
        let mut finding = root.finding(&OAS3_SCHEMA, &pointer, message);
        finding.help = Some(format!(
            "see the OpenAPI {} specification for the object at {}",
            api.version.label(),
            if pointer.is_empty() { "the top" } else { &pointer }
        ));
        out.push(finding);
    }
}

/// The errors that explain a failure: for `oneOf`/`anyOf`, those of the branch that came
/// closest (the one whose errors go deepest into the value, then the one with fewest).
fn leaves_of(root: &Value, error: &ValidationError<'_>, out: &mut Vec<(String, String)>) {
    let pointer = error.instance_path().as_str().to_string();
    match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let is_reference = root.pointer(&pointer).and_then(|v| v.get("$ref")).is_some();
            let best = context
                .iter()
                .filter(|branch| !branch.is_empty())
                .filter(|branch| is_reference == mentions_ref(branch))
                .max_by_key(|branch| (depth(branch), usize::MAX - branch.len()))
                .or_else(|| context.iter().filter(|b| !b.is_empty()).max_by_key(|b| depth(b)));
            match best {
                Some(branch) => {
                    for inner in branch {
                        leaves_of(root, inner, out);
                    }
                }
                None => out.push((pointer, error.to_string())),
            }
        }
        _ => out.push((pointer, short(&error.to_string()))),
    }
}

fn depth(branch: &[ValidationError<'_>]) -> usize {
    branch
        .iter()
        .map(|e| e.instance_path().as_str().matches('/').count())
        .max()
        .unwrap_or(0)
}

/// Whether a branch failed because a `$ref` was required (the Reference Object branch).
fn mentions_ref(branch: &[ValidationError<'_>]) -> bool {
    branch
        .iter()
        .any(|e| matches!(e.kind(), ValidationErrorKind::Required { property } if property == "$ref"))
}

/// Keeps messages about big values short: the value is in the snippet anyway.
fn short(message: &str) -> String {
    if message.len() <= 240 {
        return message.to_string();
    }
    let cut = (0..=200).rev().find(|&i| message.is_char_boundary(i)).unwrap_or(0);
    format!("{}…", &message[..cut])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rules::api::testing::{assert_fails_with, assert_passes, described, findings};

    #[test]
    fn passes() {
        let found = findings(check, &described("paths: {}\n"));
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(check, &described("paths: { /persons: { get: { responses: 5 } } }\n"));
        assert_fails_with(&found, &OAS3_SCHEMA);
    }

    #[test]
    fn both_official_schemas_load() {
        assert!(validator(Version::V30).is_ok(), "{:?}", validator(Version::V30).err());
        assert!(validator(Version::V31).is_ok(), "{:?}", validator(Version::V31).err());
    }

    #[test]
    fn past_the_cap_the_last_finding_says_how_many_more() {
        let paths: String = (0..MAX_FINDINGS + 7)
            .map(|i| format!("  /p{i}: {{ get: {{ responses: 5 }} }}\n"))
            .collect();
        let found = findings(check, &described(&format!("paths:\n{paths}")));
        assert_eq!(found.len(), MAX_FINDINGS);
        let last = &found[MAX_FINDINGS - 1].1;
        assert!(
            last.ends_with(&format!("{MAX_FINDINGS} problems are listed; 7 more are not)")),
            "{last}"
        );
    }
}
