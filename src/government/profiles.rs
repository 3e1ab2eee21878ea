//! Schemas an agency says stay within a standard: its profiles (GOV010) and the schemas of
//! the standards its services claim (GOV021). The compatibility engine proves inclusion; a
//! witness is believed only when the real validators agree, and an undecided answer is a
//! warning that says why.

use serde_json::Value;

use super::Agency;
use super::manifest::Profile;
use super::services::{SchemaAt, Services};
use crate::compat::{Inclusion, Verdict};
use crate::error::Result;
use crate::finding::{Finding, Related, Severity};
use crate::framework::{AdHocSchema, Framework, StandardRef};
use crate::openapi::document::{ApiDocument, pointer};
use crate::rules::{CLAIM_NOT_INCLUDED, PROFILE_NOT_SPECIALISATION, Rule};

/// What the prover and the validators concluded about `A ⊆ standard`.
enum Conclusion {
    Included,
    /// A payload A accepts and the standard rejects, and why the standard rejects it.
    Witness(Value, String),
    Undecided(String),
}

/// GOV010 for `[[profiles]]` entry `index`.
pub(super) fn check_profile(
    agency: &Agency,
    framework: &Framework,
    index: usize,
    profile: &Profile,
) -> Result<Vec<Finding>> {
    let path = agency.file(&profile.schema);
    let Some(standard) = profile
        .profile_of
        .parse::<StandardRef>()
        .ok()
        .and_then(|r| framework.resolve(&r).ok())
    else {
        return Ok(Vec::new());
    };
    let bytes = crate::source::read_policy::read(&path)?;
    let document = match ApiDocument::parse(&path.display().to_string(), std::fs::canonicalize(&path).ok(), bytes) {
        Ok(document) => document,
        Err(finding) => return Ok(vec![*finding]),
    };
    let absolute = std::fs::canonicalize(&path).map_err(|e| crate::Error::read(&path, e))?;
    let uri = document
        .value
        .get("$id")
        .and_then(Value::as_str)
        .map_or_else(|| format!("file://{}", absolute.display()), str::to_string);
    let accepts = |instance: &Value| -> Option<bool> {
        let ad_hoc = AdHocSchema {
            value: document.value.clone(),
            base_uri: Some(uri.clone()),
            local_root: std::fs::canonicalize(&agency.root).ok(),
            resources: Vec::new(),
            source: None,
        };
        framework.compile_ad_hoc(&ad_hoc).ok().map(|v| v.is_valid(instance))
    };
    let conclusion = conclude(
        framework,
        vec![(uri.clone(), document.value.clone())],
        &uri,
        "",
        standard,
        &accepts,
    );
    let label = framework.standards[standard].label();
    let entry = format!("/profiles/{index}");
    let finding = |rule: &Rule, message: String| {
        let mut finding = agency.finding(rule, &entry, message);
        finding.standard = Some(label.clone());
        finding.related.push(document.related("", "the profile"));
        finding
    };
    Ok(match conclusion {
        Conclusion::Included => Vec::new(),
        Conclusion::Witness(instance, why) => {
            let mut f = finding(
                &PROFILE_NOT_SPECIALISATION,
                format!("the profile {} accepts payloads {label} rejects: {why}", profile.schema),
            );
            f.witness = Some(instance);
            vec![f]
        }
        Conclusion::Undecided(reason) => {
            let mut f = finding(
                &PROFILE_NOT_SPECIALISATION,
                format!(
                    "could not decide whether the profile {} stays within {label}: {reason}",
                    profile.schema
                ),
            );
            f.severity = Severity::Warning;
            vec![f]
        }
    })
}

/// GOV021 for every claim: the service's schemas standing for the claimed standard (declared
/// with `x-nif-standard`, or named after it and not a plain `$ref`) must be included in it.
pub(super) fn check_claims(agency: &Agency, framework: &Framework, services: &Services) -> Vec<Finding> {
    let mut out = Vec::new();
    for service in &services.list {
        let Some(ws) = &service.workspace else { continue };
        let Some(root) = ws.documents.first() else { continue };
        let Some(schemas) = root.value.pointer("/components/schemas").and_then(Value::as_object) else {
            continue;
        };
        for (k, claim) in service.entry.implements.iter().enumerate() {
            let Some(standard) = claim
                .parse::<StandardRef>()
                .ok()
                .and_then(|r| framework.resolve(&r).ok())
            else {
                continue;
            };
            let id = &framework.standards[standard].entry.id;
            for (name, schema) in schemas {
                if !stands_for(name, schema, id) {
                    continue;
                }
                let at = pointer(["components", "schemas", name.as_str()]);
                let schema_at = SchemaAt {
                    doc: 0,
                    pointer: at.clone(),
                };
                let accepts = |instance: &Value| -> Option<bool> {
                    Services::validator(service, &schema_at, Some(framework), framework.options())
                        .ok()
                        .map(|v| v.is_valid(instance))
                };
                let document = crate::compat::evolution::prepare_openapi(root.value.clone());
                let conclusion = conclude(
                    framework,
                    vec![(ws.uri(0), document)],
                    &ws.uri(0),
                    &at,
                    standard,
                    &accepts,
                );
                let label = framework.standards[standard].label();
                let (message, witness, severity) = match conclusion {
                    Conclusion::Included => continue,
                    Conclusion::Witness(instance, why) => (
                        format!("`{name}` stands for the claimed {label} but accepts payloads it rejects: {why}"),
                        Some(instance),
                        CLAIM_NOT_INCLUDED.severity,
                    ),
                    Conclusion::Undecided(reason) => (
                        format!("could not decide whether `{name}` stays within the claimed {label}: {reason}"),
                        None,
                        Severity::Warning,
                    ),
                };
                let mut finding = root.finding(&CLAIM_NOT_INCLUDED, &at, message);
                root.place(&mut finding, &at, true);
                finding.kind = CLAIM_NOT_INCLUDED.kind;
                finding.severity = severity;
                finding.witness = witness;
                finding.standard = Some(label);
                finding.agency = Some(agency.id().to_string());
                let claim_at = format!("/services/{}/implements/{k}", service.index);
                finding.related.push(Related {
                    file: agency.manifest_file(),
                    line: agency.locate(&claim_at).map(|p| p.0),
                    pointer: Some(claim_at),
                    message: format!("service `{}` claims {claim}", service.entry.id),
                });
                out.push(finding);
            }
        }
    }
    out
}

/// Does a component stand for standard `id`? It declares it, or bears its name without
/// merely referring to something else.
fn stands_for(name: &str, schema: &Value, id: &str) -> bool {
    let declared = schema
        .get("x-nif-standard")
        .and_then(Value::as_str)
        .and_then(|t| t.parse::<StandardRef>().ok());
    if let Some(declared) = declared {
        return declared.id == id;
    }
    let plain_ref = schema.as_object().is_some_and(|m| m.contains_key("$ref"));
    let squash = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    !plain_ref && squash(name) == squash(id)
}

/// `A ⊆ standard`, where A is at `fragment` of the document registered as `uri`. A witness
/// counts only when `accepts` (A's real validator) takes it and the standard's refuses it.
fn conclude(
    framework: &Framework,
    documents: Vec<(String, Value)>,
    uri: &str,
    fragment: &str,
    standard: usize,
    accepts: &dyn Fn(&Value) -> Option<bool>,
) -> Conclusion {
    let inclusion = match Inclusion::for_framework(framework, documents) {
        Ok(inclusion) => inclusion,
        Err(e) => return Conclusion::Undecided(e.to_string()),
    };
    let Some(root) = inclusion.root(uri) else {
        return Conclusion::Undecided(format!("{uri} could not be read as a schema"));
    };
    let a = if fragment.is_empty() {
        Some(root)
    } else {
        inclusion.resolve(&root, &format!("#{fragment}"))
    };
    let b = framework.schema_uri(standard).ok().and_then(|u| inclusion.root(&u));
    let (Some(a), Some(b)) = (a, b) else {
        return Conclusion::Undecided("the schemas could not be found to compare".into());
    };
    match inclusion.check(&a, &b) {
        Verdict::Compatible => Conclusion::Included,
        Verdict::Unknown { reason, .. } => Conclusion::Undecided(reason),
        Verdict::Incompatible(witness) => {
            let standard_rejects = framework
                .validator(standard)
                .ok()
                .map(|v| !v.is_valid(&witness.instance));
            if accepts(&witness.instance) == Some(true) && standard_rejects == Some(true) {
                Conclusion::Witness(witness.instance, witness.message)
            } else {
                Conclusion::Undecided(format!(
                    "the compatibility engine found {} as a counter-example, but the validators do not confirm it",
                    witness.instance
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_component_stands_for_the_standard_it_declares_or_is_named_after() {
        assert!(stands_for(
            "Payment",
            &json!({"x-nif-standard": "payment@1.0.0"}),
            "payment"
        ));
        assert!(!stands_for(
            "Payment",
            &json!({"x-nif-standard": "person@1"}),
            "payment"
        ));
        assert!(stands_for(
            "BirthRegistration",
            &json!({"type": "object"}),
            "birth-registration"
        ));
        // A plain `$ref` under the standard's name is reuse.
        assert!(!stands_for(
            "Person",
            &json!({"$ref": "https://x/person.json"}),
            "person"
        ));
        assert!(!stands_for("Citizen", &json!({"type": "object"}), "person"));
    }
}
