use serde_json::Value;

use crate::finding::Finding;
use crate::openapi::api::Api;
use crate::openapi::workspace::Target;
use crate::rules::declare_rule;

declare_rule! {
    /// A discriminator maps a value to a schema that does not exist.
    ///
    /// ## What it checks
    /// That every value of a `discriminator.mapping` names an existing schema: a key of
    /// `components.schemas`, or a reference that resolves. Also that `propertyName` is a property the
    /// schema can have.
    ///
    /// ## Why it matters
    /// Clients pick the type of a polymorphic payload through the mapping; a dangling entry makes that
    /// payload impossible to read.
    ///
    /// ## Example
    /// ```yaml
    /// discriminator:
    ///   propertyName: kind
    ///   mapping: { birth: '#/components/schemas/BirthEvent' }   # no such schema
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// discriminator:
    ///   propertyName: kind
    ///   mapping: { birth: '#/components/schemas/BirthRegistration' }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.25 (Discriminator Object): mapping values are "schema names or references".
    pub static DISCRIMINATOR_MAPPING = { code: "OAS010", name: "oas3-discriminator-mapping", severity: Error, kind: Api };
}

/// Discriminator mappings name existing schemas.
pub(crate) fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    for (doc, document) in api.ws.documents.iter().enumerate() {
        let mut found = Vec::new();
        discriminators(&document.value, &mut String::new(), &mut found);
        let schemas = api.root().get("/components/schemas").and_then(Value::as_object);
        for (at, discriminator) in found {
            let Some(mapping) = discriminator.get("mapping").and_then(Value::as_object) else {
                continue;
            };
            for (key, target) in mapping {
                let Some(target) = target.as_str() else { continue };
                let ok = if target.contains('#') || target.contains('/') || target.contains('.') {
                    matches!(
                        api.ws.resolve(doc, target),
                        Ok(Target::Local { .. } | Target::Standard(_))
                    )
                } else {
                    schemas.is_some_and(|s| s.contains_key(target))
                };
                if !ok {
                    let mapping_at = format!("{at}/mapping/{}", crate::source::escape_pointer_token(key));
                    let mut finding = document.finding(
                        &DISCRIMINATOR_MAPPING,
                        &mapping_at,
                        format!("discriminator value `{key}` maps to `{target}`, which does not exist"),
                    );
                    finding.help = Some("map it to a key of components.schemas or to a reference that resolves".into());
                    out.push(finding);
                }
            }
        }
    }
}

/// Every Discriminator Object: a `discriminator` object beside schema keywords.
fn discriminators<'v>(value: &'v Value, pointer: &mut String, out: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "examples" || crate::openapi::workspace::is_data(key, pointer) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::source::escape_pointer_token(key));
                if key == "discriminator" && child.get("propertyName").is_some() {
                    out.push((pointer.clone(), child));
                } else {
                    discriminators(child, pointer, out);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                discriminators(child, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::api::testing::{assert_fails_with, assert_passes, described, findings};

    #[test]
    fn passes() {
        let found = findings(
            check,
            &described(
                "components:\n  schemas:\n    Pet: { type: object, discriminator: { propertyName: kind, mapping: { dog: Dog } } }\n    Dog: { type: object }\n",
            ),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &described(
                "components:\n  schemas:\n    Pet: { type: object, discriminator: { propertyName: kind, mapping: { dog: Dog } } }\n",
            ),
        );
        assert_fails_with(&found, &DISCRIMINATOR_MAPPING);
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_mapping_to_a_schema_in_another_file_passes() {
        use crate::openapi::api::Version;
        use crate::openapi::document::ApiDocument;
        use crate::openapi::workspace::{Reach, Workspace};
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pets.yaml"), "Dog:\n  type: object\n").unwrap();
        let text = described(
            "components:\n  schemas:\n    Pet: { type: object, discriminator: { propertyName: kind, mapping: { dog: 'pets.yaml#/Dog' } } }\n",
        );
        let check_with = |text: &str| {
            let document =
                ApiDocument::parse("api.yaml", Some(dir.path().join("api.yaml")), text.as_bytes().to_vec()).unwrap();
            let ws = Workspace::load(document, &Reach::default());
            let mut out = Vec::new();
            check(
                &Api {
                    ws: &ws,
                    version: Version::V31,
                },
                &mut out,
            );
            out.into_iter().map(|f| (f.rule, f.message)).collect::<Vec<_>>()
        };
        assert_passes(&check_with(&text));
        assert_fails_with(&check_with(&text.replace("#/Dog", "#/Cat")), &DISCRIMINATOR_MAPPING);
    }
}
