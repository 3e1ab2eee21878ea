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
    pub static OUTDATED = { code: "NIF003", name: "standard-version-outdated", severity: Warning, kind: Api };
}
