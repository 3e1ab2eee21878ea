use crate::rules::declare_rule;

declare_rule! {
    /// The payload uses a deprecated or retired version of a standard.
    ///
    /// ## What it checks
    /// The status of the standard version a payload is checked against. A `deprecated` version
    /// gives a warning naming the version in force; a `retired` one gives an error. It is
    /// reported once per file (at the `$schema` that names it, when there is one).
    ///
    /// ## Why it matters
    /// Deprecated versions are on their way out: receivers will stop accepting them. Retired
    /// versions are no longer part of the framework at all.
    ///
    /// ## Example
    /// ```json
    /// { "$schema": "https://nif.gov.example/standards/person/1.0.0/person.schema.json" }
    /// ```
    /// when person 1.0.0 is deprecated and 1.2.0 is mandatory.
    ///
    /// ## Passes
    /// ```json
    /// { "$schema": "https://nif.gov.example/standards/person/1.2.0/person.schema.json" }
    /// ```
    ///
    /// ## Clause
    /// The framework's standard life cycle (`status` in `framework.toml`).
    pub static OUTDATED_STANDARD = { code: "PAY007", name: "outdated-standard", severity: Warning, kind: Payload };
}
