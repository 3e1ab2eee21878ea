use crate::rules::declare_rule;

declare_rule! {
    /// A minor or patch version of a standard rejects a payload its predecessor accepted.
    ///
    /// ## What it checks
    /// `nifcheck framework verify` compares each version of a standard with the next version
    /// of the same major version, through the compatibility prover: every payload the older
    /// version accepts must be accepted by the newer one. When the prover finds a payload the
    /// newer version rejects, the finding sits on the newer version's schema, names the older
    /// one in `related`, and carries that payload as its witness. A pair the prover cannot
    /// decide is reported as EVO003 instead.
    ///
    /// ## Why it matters
    /// Semantic versioning is the promise agencies build on: a requirement such as
    /// `person@^1.2` lets a producer move to 1.3 without asking every consumer. A minor version
    /// that narrows breaks every agency that still sends what 1.2 allowed.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "name": { "type": "string", "maxLength": 50 } } }
    /// ```
    /// as `person@1.1.0`, where `person@1.0.0` allowed `"maxLength": 100`.
    ///
    /// ## Passes
    /// ```json
    /// { "properties": { "name": { "type": "string", "maxLength": 200 } } }
    /// ```
    /// as `person@1.1.0`: a minor version may widen.
    ///
    /// ## Clause
    /// Framework versioning policy: within one major version a standard may only widen.
    pub static MINOR_VERSION_NARROWS = { code: "FWK002", name: "minor-version-narrows", severity: Error, kind: Framework };
}
