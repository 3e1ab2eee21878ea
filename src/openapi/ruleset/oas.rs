//! `spectral:oas`: the generic OpenAPI rules, under the names Spectral users know. Rules the
//! specification checks already cover (`path-params`, `oas3-schema`...) point at those checks
//! with `x-nifcheck-builtin`, so a ruleset can change their severity by the familiar name.

/// The name rulesets extend.
pub(crate) const OAS_RULESET_NAME: &str = "spectral:oas";

/// The ruleset, written for nifcheck.
pub(crate) const OAS_RULESET: &str = include_str!("oas.yaml");

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::path::PathBuf;

    use super::super::{Source, load};
    use crate::finding::Severity;

    /// Every rule of Spectral's `oas` ruleset (`@stoplight/spectral-rulesets` 1.23.1, with
    /// Spectral CLI 6.16.3): name, default severity, recommended.
    const SPECTRAL_OAS: &[(&str, Severity, bool)] = &[
        ("operation-success-response", Severity::Warning, true),
        ("oas2-operation-formData-consume-check", Severity::Warning, true),
        ("operation-operationId-unique", Severity::Error, true),
        ("operation-parameters", Severity::Warning, true),
        ("operation-tag-defined", Severity::Warning, true),
        ("path-params", Severity::Error, true),
        ("contact-properties", Severity::Warning, false),
        ("duplicated-entry-in-enum", Severity::Warning, true),
        ("info-contact", Severity::Warning, true),
        ("info-description", Severity::Warning, true),
        ("info-license", Severity::Warning, false),
        ("license-url", Severity::Warning, false),
        ("no-eval-in-markdown", Severity::Warning, true),
        ("no-script-tags-in-markdown", Severity::Warning, true),
        ("openapi-tags-alphabetical", Severity::Warning, false),
        ("openapi-tags-uniqueness", Severity::Error, true),
        ("openapi-tags", Severity::Warning, false),
        ("operation-description", Severity::Warning, true),
        ("operation-operationId", Severity::Warning, true),
        ("operation-operationId-valid-in-url", Severity::Warning, true),
        ("operation-singular-tag", Severity::Warning, false),
        ("operation-tags", Severity::Warning, true),
        ("path-declarations-must-exist", Severity::Warning, true),
        ("path-keys-no-trailing-slash", Severity::Warning, true),
        ("path-not-include-query", Severity::Warning, true),
        ("tag-description", Severity::Warning, false),
        ("no-$ref-siblings", Severity::Error, true),
        ("array-items", Severity::Error, true),
        ("typed-enum", Severity::Warning, true),
        ("oas2-api-host", Severity::Warning, true),
        ("oas2-api-schemes", Severity::Warning, true),
        ("oas2-discriminator", Severity::Error, true),
        ("oas2-host-not-example", Severity::Warning, false),
        ("oas2-host-trailing-slash", Severity::Warning, true),
        ("oas2-parameter-description", Severity::Warning, false),
        ("oas2-operation-security-defined", Severity::Warning, true),
        ("oas2-valid-schema-example", Severity::Error, true),
        ("oas2-valid-media-example", Severity::Error, true),
        ("oas2-anyOf", Severity::Warning, true),
        ("oas2-oneOf", Severity::Warning, true),
        ("oas2-schema", Severity::Error, true),
        ("oas2-unused-definition", Severity::Warning, true),
        ("oas3-api-servers", Severity::Warning, true),
        ("oas3-examples-value-or-externalValue", Severity::Warning, true),
        ("oas3-operation-security-defined", Severity::Warning, true),
        ("oas3-parameter-description", Severity::Warning, false),
        ("oas3-server-not-example.com", Severity::Warning, false),
        ("oas3-server-trailing-slash", Severity::Warning, true),
        ("oas3-valid-media-example", Severity::Error, true),
        ("oas3-valid-schema-example", Severity::Error, true),
        ("oas3-schema", Severity::Error, true),
        ("oas3-unused-component", Severity::Warning, true),
        ("oas3-server-variables", Severity::Error, true),
        ("oas3-callbacks-in-callbacks", Severity::Warning, true),
        ("oas3_1-servers-in-webhook", Severity::Warning, true),
        ("oas3_1-callbacks-in-webhook", Severity::Warning, true),
        ("oas3_2-no-deprecated-xml-attribute", Severity::Warning, true),
    ];

    fn loaded(extends: &str) -> super::super::Ruleset {
        load(Source {
            name: "test.yaml".into(),
            base: PathBuf::new(),
            bytes: format!("extends: {extends}\n").into_bytes(),
        })
        .unwrap()
    }

    #[test]
    fn every_spectral_oas_rule_exists_with_its_severity_and_recommendation() {
        let all = loaded("[[spectral:oas, all]]");
        let recommended = loaded("spectral:oas");
        for (name, severity, is_recommended) in SPECTRAL_OAS {
            let Some(rule) = all.rules.iter().find(|r| r.name == *name) else {
                // A specification check: named for rulesets, severity from the registry.
                let entry = format!("\n  {name}: {{ x-nifcheck-builtin: ");
                assert!(
                    super::OAS_RULESET.contains(&entry),
                    "{name} is missing from spectral:oas"
                );
                continue;
            };
            assert_eq!(rule.severity, Some(*severity), "{name}");
            let on = recommended
                .rules
                .iter()
                .any(|r| r.name == *name && r.severity.is_some());
            assert_eq!(on, *is_recommended, "{name}: recommended");
        }
        // And nothing else, besides nifcheck's name for invalid references.
        for rule in &all.rules {
            assert!(
                SPECTRAL_OAS.iter().any(|(n, _, _)| *n == rule.name),
                "{} is not Spectral's",
                rule.name
            );
        }
    }

    #[test]
    fn a_ruleset_may_name_every_spectral_oas_rule() {
        let mut text = String::from("extends: spectral:oas\nrules:\n");
        for (name, _, _) in SPECTRAL_OAS {
            text.push_str(&format!("  {name}: info\n"));
        }
        let ruleset = load(Source {
            name: "test.yaml".into(),
            base: PathBuf::new(),
            bytes: text.into_bytes(),
        });
        assert!(ruleset.is_ok(), "{:?}", ruleset.err());
    }
}
