use crate::finding::{Finding, Severity};
use crate::framework::{Framework, Status};
use crate::openapi::api::Api;
use crate::openapi::standards::{components, declared_standard, newest};
use crate::openapi::workspace::Target;
use crate::rules::declare_rule;

declare_rule! {
    /// An API uses a deprecated or retired version of a standard.
    ///
    /// ## What it checks
    /// Every standard an API description references by `$id` or declares with `x-nif-standard`, against
    /// the framework's status of that version on the check date: deprecated is a warning, retired is an
    /// error. The finding names the current version.
    ///
    /// ## Why it matters
    /// Retired versions are no longer accepted by the agencies that consume them; deprecated ones have a
    /// date after which they will not be.
    ///
    /// ## Example
    /// ```yaml
    /// $ref: 'https://standards.examplia.gov/address/1.0.0/address.schema.json'   # retired
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// $ref: 'https://standards.examplia.gov/address/2.1.0/address.schema.json'
    /// ```
    ///
    /// ## Clause
    /// Examplia API Design Standard API-32: APIs use a version of each standard that is in force.
    pub static OUTDATED = { code: "NIF003", name: "api-standard-outdated", severity: Warning, kind: Api };
}

/// Every `$ref` to a standard, and every declaration, that names a version no longer in force.
pub(crate) fn check(api: &Api<'_>, framework: &Framework, out: &mut Vec<Finding>) {
    for entry in api.ws.all_references() {
        let Ok(Target::Standard(uri)) = &entry.target else {
            continue;
        };
        let base = uri.split('#').next().unwrap_or(uri);
        if let Ok(Some(index)) = framework.standard_by_uri(base) {
            outdated(api, framework, entry.doc, &entry.at, index, out);
        }
    }
    for component in components(api) {
        if let Some(Ok(index)) = component.declaration().map(|d| declared_standard(framework, d)) {
            outdated(api, framework, 0, &component.declaration_at(), index, out);
        }
    }
}

fn outdated(api: &Api<'_>, framework: &Framework, doc: usize, at: &str, index: usize, out: &mut Vec<Finding>) {
    let standard = &framework.standards[index];
    let (severity, state) = match standard.status() {
        Status::Deprecated => (Severity::Warning, "deprecated"),
        Status::Retired => (Severity::Error, "retired"),
        _ => return,
    };
    let current = newest(framework, &standard.entry.id)
        .filter(|&i| i != index)
        .map_or_else(String::new, |i| {
            format!("; the version in force is {}", framework.standards[i].label())
        });
    let mut finding = api.finding(&OUTDATED, doc, at, format!("{} is {state}{current}", standard.label()));
    finding.severity = severity;
    finding.standard = Some(standard.label());
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
            &schemas("    Citizen: { $ref: 'https://nif.gov.example/standards/person/1.2.0/person.schema.json' }\n"),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &schemas(
                "    Citizen: { $ref: 'https://nif.gov.example/standards/person/1.0.0/person.schema.json' }\n    Resident:\n      x-nif-standard: address@1.0.0\n      type: object\n",
            ),
        );
        assert_fails_with(&found, &OUTDATED);
    }
}
