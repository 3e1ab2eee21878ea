use std::collections::BTreeSet;

use crate::finding::Finding;
use crate::framework::Framework;
use crate::openapi::api::Api;
use crate::openapi::standards::{DECLARATION, components, newest, required_of, reuses_standard, shape};
use crate::rules::declare_rule;

declare_rule! {
    /// A component redefines a national standard instead of reusing it.
    ///
    /// ## What it checks
    /// Components whose properties look like a national standard (most of the standard's required
    /// properties, allowing common synonyms and case styles such as `given_name`, `firstName` for
    /// `givenName`) but which neither `$ref` the standard nor declare it with `x-nif-standard`.
    ///
    /// ## Why it matters
    /// Every redefinition is a silo in the making: its own field names, its own rules, its own drift.
    /// Reusing the standard is what lets two agencies exchange the record without a mapping.
    ///
    /// ## Example
    /// ```yaml
    /// Citizen:
    ///   type: object
    ///   required: [nin, given_name, familyName, dateOfBirth]
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// Citizen:
    ///   $ref: 'https://standards.examplia.gov/person/1.2.0/person.schema.json'
    /// ```
    ///
    /// ## Clause
    /// Examplia API Design Standard API-31: national data standards are reused, never redefined.
    pub static REDEFINED = { code: "NIF002", name: "standard-redefined", severity: Warning, kind: Api };
}

/// Every schema that neither declares nor references a standard but has most of the required
/// properties of one.
pub(crate) fn check(api: &Api<'_>, framework: &Framework, out: &mut Vec<Finding>) {
    for component in components(api) {
        if component.declaration().is_none() && !reuses_standard(api, component.schema) {
            redefinition(api, framework, component.name, &component.at, out);
        }
    }
}

/// Names agencies use for the same property, normalised (lower case, letters and digits).
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "nin",
        &[
            "nationalid",
            "nationalidnumber",
            "nationalidentificationnumber",
            "personalid",
            "citizenid",
            "idnumber",
            "personalnumber",
        ],
    ),
    ("name", &["fullname", "personname", "names"]),
    ("birthdate", &["dateofbirth", "dob", "birthday", "born"]),
    ("deathdate", &["dateofdeath", "dod"]),
    ("givenname", &["firstname", "forename", "givennames"]),
    ("familyname", &["lastname", "surname"]),
    ("street", &["streetname", "addressline1", "line1", "road"]),
    ("locality", &["city", "town", "village", "place"]),
    ("postcode", &["postalcode", "zip", "zipcode"]),
    ("province", &["region", "state"]),
    ("organisationid", &["orgid", "companyid", "companynumber", "businessid"]),
    ("legalname", &["companyname", "organisationname", "registeredname"]),
    (
        "registrationdate",
        &["registeredon", "incorporationdate", "dateofregistration"],
    ),
];

fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("organization", "organisation")
}

/// The name a property stands for: normalised, and a known synonym replaced by the
/// standard's name (`dateOfBirth` → `birthdate`).
pub(crate) fn canonical_property(name: &str) -> String {
    let name = normalise(name);
    SYNONYMS
        .iter()
        .find(|(_, others)| others.contains(&name.as_str()))
        .map_or(name, |(canonical, _)| (*canonical).to_string())
}

/// Whether a property name stands for a standard's property.
fn same_property(ours: &str, theirs: &str) -> bool {
    let (ours, theirs) = (normalise(ours), normalise(theirs));
    ours == theirs
        || SYNONYMS
            .iter()
            .any(|(canonical, others)| *canonical == theirs && others.contains(&ours.as_str()))
}

fn redefinition(api: &Api<'_>, framework: &Framework, name: &str, at: &str, out: &mut Vec<Finding>) {
    let properties = shape(api, at).properties;
    if properties.is_empty() {
        return;
    }
    let ids: BTreeSet<&str> = framework.standards.iter().map(|s| s.entry.id.as_str()).collect();
    let mut best: Option<(usize, usize, Vec<String>)> = None;
    for id in ids {
        let Some(index) = newest(framework, id) else { continue };
        let Ok(standard) = framework.schema_document(index) else {
            continue;
        };
        let required: Vec<&str> = required_of(&standard).collect();
        let matched: Vec<String> = required
            .iter()
            .filter(|r| properties.iter().any(|(p, _)| same_property(p, r)))
            .map(|r| (*r).to_string())
            .collect();
        let most = matched.len() >= 2 && matched.len() * 3 >= required.len() * 2;
        if most && best.as_ref().is_none_or(|b| matched.len() > b.1) {
            best = Some((index, matched.len(), matched));
        }
    }
    let Some((index, _, matched)) = best else { return };
    let standard = &framework.standards[index];
    let uri = framework.schema_uri(index).unwrap_or_default();
    let mut finding = api.finding(
        &REDEFINED,
        0,
        at,
        format!(
            "schema `{name}` looks like {} ({}) but neither references nor declares it",
            standard.label(),
            matched.join(", ")
        ),
    );
    api.root().place(&mut finding, at, true);
    finding.standard = Some(standard.label());
    finding.help = Some(format!(
        "reuse the standard: `$ref: '{uri}'`, or declare a profile with `{DECLARATION}: {}`",
        standard.label()
    ));
    out.push(finding);
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
                "    Citizen: { $ref: 'https://nif.gov.example/standards/person/1.2.0/person.schema.json' }\n    Dog: { type: object, properties: { name: { type: string }, breed: { type: string } } }\n",
            ),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &schemas(
                "    Citizen:\n      type: object\n      properties:\n        national_id: { type: string }\n        fullName: { type: string }\n        dateOfBirth: { type: string, format: date }\n",
            ),
        );
        assert_fails_with(&found, &REDEFINED);
    }
}
