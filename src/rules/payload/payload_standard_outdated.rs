//! Emitted by the payload step when it picks the standard a payload is checked against
//! (`payload/mod.rs`).

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
    pub static PAYLOAD_STANDARD_OUTDATED = { code: "PAY007", name: "payload-standard-outdated", severity: Warning, kind: Payload };
}
