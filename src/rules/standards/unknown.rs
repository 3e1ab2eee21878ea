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
