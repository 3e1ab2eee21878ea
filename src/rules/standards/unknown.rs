use crate::finding::Finding;
use crate::framework::Framework;
use crate::openapi::api::Api;
use crate::openapi::standards::{components, declared_standard};
use crate::rules::declare_rule;

declare_rule! {
    /// `x-nif-standard` names a standard the framework does not have.
    ///
    /// ## What it checks
    /// That the value of every `x-nif-standard` is a standard reference (`person`, `person@1`,
    /// `person@1.2.0`) that the framework resolves.
    ///
    /// ## Why it matters
    /// A claim of conformance to a standard nobody publishes cannot be checked, and usually hides a typo.
    ///
    /// ## Example
    /// ```yaml
    /// x-nif-standard: persn@1
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// x-nif-standard: person@1
    /// ```
    ///
    /// ## Clause
    /// Examplia API Design Standard API-30.
    pub static UNKNOWN = { code: "NIF004", name: "standard-unknown", severity: Error, kind: Api };
}

/// Every declaration that names no standard of the framework.
pub(crate) fn check(api: &Api<'_>, framework: &Framework, out: &mut Vec<Finding>) {
    for component in components(api) {
        if let Some(Err(message)) = component.declaration().map(|d| declared_standard(framework, d)) {
            out.push(api.finding(&UNKNOWN, 0, &component.declaration_at(), message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::standards::testing::{assert_fails_with, assert_passes, findings, schemas};

    #[test]
    fn passes() {
        let found = findings(
            check,
            &schemas("    Citizen:\n      x-nif-standard: person@1\n      type: object\n"),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &schemas(
                "    Citizen:\n      x-nif-standard: persn@1\n      type: object\n    Resident:\n      x-nif-standard: 12\n      type: object\n",
            ),
        );
        assert_fails_with(&found, &UNKNOWN);
    }
}
