use crate::rules::declare_rule;

declare_rule! {
    /// An agency implements or uses a standard version the framework has deprecated or retired.
    ///
    /// ## What it checks
    /// The standard versions an agency's manifest names (`implements` claims, `profile-of`, the
    /// `standard` of samples) and the ones its profiles `$ref`, against their status in the
    /// framework: deprecated is a warning, retired an error. The finding names the version in
    /// force. (A `$ref` to an outdated version inside an API description is `NIF003`, which
    /// `check` reports through the linter.)
    ///
    /// ## Why it matters
    /// A deprecated version has a date after which nobody will accept it; a retired one is already
    /// refused. Whole levels of government drift when lower levels keep what the top has dropped.
    ///
    /// ## Example
    /// ```toml
    /// implements = ["person@1.0.0"]   # deprecated
    /// ```
    ///
    /// ## Passes
    /// ```toml
    /// implements = ["person@1.2.0"]   # mandatory
    /// ```
    ///
    /// ## Clause
    /// Examplia NIF section 3.3: a deprecated version is replaced before it is retired.
    pub static OUTDATED_STANDARD_USED = { code: "GOV012", name: "outdated-standard-used", severity: Warning, kind: Vertical };
}
