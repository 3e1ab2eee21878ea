use std::collections::BTreeSet;

use serde_json::Value;

use crate::compat::{Inclusion, Verdict};
use crate::finding::Finding;
use crate::framework::Framework;
use crate::openapi::api::Api;
use crate::openapi::standards::{Shape, components, declared_standard, required_of, shape};
use crate::rules::declare_rule;

declare_rule! {
    /// A schema that declares a national standard accepts what the standard rejects.
    ///
    /// ## What it checks
    /// A schema with `x-nif-standard: person@1.2` (any standard reference) claims to be a profile of that
    /// standard: everything it accepts, the standard must accept. nifcheck checks each property it
    /// declares exists in the standard with a compatible type, that every property the standard requires
    /// is required, and then asks the compatibility engine whether the schema is included in the
    /// standard; when it is not, the finding carries a witness payload the profile accepts and the
    /// standard rejects.
    ///
    /// ## Why it matters
    /// A profile that is wider than its standard lets an agency send data the rest of government cannot
    /// read, while claiming conformance: the silo stays, hidden behind a label.
    ///
    /// ## Example
    /// ```yaml
    /// Citizen:
    ///   x-nif-standard: person@1.2
    ///   type: object
    ///   properties: { nin: { type: string }, shoeSize: { type: integer } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// Citizen:
    ///   x-nif-standard: person@1.2
    ///   allOf: [{ $ref: 'https://standards.examplia.gov/person/1.2.0/person.schema.json' }]
    /// ```
    ///
    /// ## Clause
    /// Examplia API Design Standard API-30: a schema that represents a national data standard declares it
    /// and stays within it.
    pub static PROFILE_INCOMPATIBLE = { code: "NIF001", name: "standard-profile-incompatible", severity: Error, kind: Api };
}

/// Every schema that declares a standard of the framework: property by property first, then,
/// when those agree, inclusion in the standard.
pub(crate) fn check(api: &Api<'_>, framework: &Framework, out: &mut Vec<Finding>) {
    let mut inclusion = None;
    for component in components(api) {
        if let Some(Ok(index)) = component.declaration().map(|d| declared_standard(framework, d)) {
            profile(api, framework, &component.at, index, &mut inclusion, out);
        }
    }
}

fn profile(
    api: &Api<'_>,
    framework: &Framework,
    at: &str,
    index: usize,
    inclusion: &mut Option<Option<Inclusion>>,
    out: &mut Vec<Finding>,
) {
    let label = framework.standards[index].label();
    let Ok(standard) = framework.schema_document(index) else {
        return;
    };
    let before = out.len();
    structural(api, at, &standard, &label, out);
    if out.len() > before {
        return;
    }
    let inclusion = inclusion.get_or_insert_with(|| {
        let doc = crate::compat::evolution::prepare_openapi(api.root().value.clone());
        Inclusion::for_framework(framework, vec![(api.ws.uri(0), doc)]).ok()
    });
    let Some(inclusion) = inclusion else { return };
    let (Some(root), Ok(uri)) = (inclusion.root(&api.ws.uri(0)), framework.schema_uri(index)) else {
        return;
    };
    let (Some(profile), Some(target)) = (inclusion.resolve(&root, &format!("#{at}")), inclusion.root(&uri)) else {
        return;
    };
    if let Verdict::Incompatible(witness) = inclusion.check(&profile, &target) {
        let mut finding = api.finding(
            &PROFILE_INCOMPATIBLE,
            0,
            at,
            format!("this schema accepts payloads {label} rejects: {}", witness.message),
        );
        api.root().place(&mut finding, at, true);
        finding.standard = Some(label);
        finding.witness = Some(witness.instance);
        out.push(finding);
    }
}

/// Property by property: declared properties exist in the standard with a compatible type,
/// and what the standard requires stays required.
fn structural(api: &Api<'_>, at: &str, standard: &Value, label: &str, out: &mut Vec<Finding>) {
    let Shape {
        properties,
        required,
        standards,
    } = shape(api, at);
    // Including the standard itself enforces its required properties and its closedness.
    let includes = standard
        .get("$id")
        .and_then(Value::as_str)
        .is_some_and(|id| standards.contains(id.trim_end_matches('#')));
    let standard_properties = standard.get("properties").and_then(Value::as_object);
    let closed = standard.get("additionalProperties") == Some(&Value::Bool(false))
        || standard.get("unevaluatedProperties") == Some(&Value::Bool(false));
    for (name, (pointer, schema)) in &properties {
        match standard_properties.and_then(|p| p.get(name)) {
            None if closed && !includes => {
                let mut finding = api.finding(
                    &PROFILE_INCOMPATIBLE,
                    0,
                    pointer,
                    format!("property `{name}` is not part of {label}, which allows no other properties"),
                );
                api.root().place(&mut finding, pointer, true);
                finding.standard = Some(label.to_string());
                out.push(finding);
            }
            None => {}
            Some(expected) => {
                let expected = follow_local(standard, expected);
                if let (Some(ours), Some(theirs)) = (types(schema), types(expected))
                    && !ours
                        .iter()
                        .all(|t| theirs.contains(t) || (t == "integer" && theirs.contains("number")))
                {
                    let mut finding = api.finding(
                        &PROFILE_INCOMPATIBLE,
                        0,
                        &format!("{pointer}/type"),
                        format!(
                            "property `{name}` is {} here but {} in {label}",
                            join(&ours),
                            join(&theirs)
                        ),
                    );
                    finding.standard = Some(label.to_string());
                    out.push(finding);
                }
            }
        }
    }
    for name in required_of(standard) {
        if !includes && !required.contains(name) {
            let mut finding = api.finding(
                &PROFILE_INCOMPATIBLE,
                0,
                at,
                format!("{label} requires `{name}`, but this schema does not"),
            );
            api.root().place(&mut finding, at, true);
            finding.standard = Some(label.to_string());
            finding.help = Some(format!("add `{name}` to `required`"));
            out.push(finding);
        }
    }
}

fn follow_local<'v>(document: &'v Value, schema: &'v Value) -> &'v Value {
    let mut at = schema;
    for _ in 0..8 {
        match at.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => match document.pointer(pointer) {
                Some(next) => at = next,
                None => return at,
            },
            None => return at,
        }
    }
    at
}

fn types(schema: &Value) -> Option<BTreeSet<String>> {
    match schema.get("type")? {
        Value::String(t) => Some([t.clone()].into()),
        Value::Array(list) => Some(list.iter().filter_map(Value::as_str).map(str::to_string).collect()),
        _ => None,
    }
}

fn join(types: &BTreeSet<String>) -> String {
    types.iter().cloned().collect::<Vec<_>>().join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::standards::testing::{assert_fails_with, assert_passes, findings, schemas};

    #[test]
    fn passes() {
        let found = findings(
            check,
            &schemas(
                "    Citizen:\n      x-nif-standard: person@1.2\n      allOf: [{ $ref: 'https://nif.gov.example/standards/person/1.2.0/person.schema.json' }]\n",
            ),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &schemas(
                "    Citizen:\n      x-nif-standard: person@1.2\n      type: object\n      required: [nin, name]\n      properties:\n        nin: { type: string }\n        name: { type: object }\n        birthDate: { type: integer }\n",
            ),
        );
        assert_fails_with(&found, &PROFILE_INCOMPATIBLE);
    }
}
