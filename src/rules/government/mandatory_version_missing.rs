use crate::rules::declare_rule;

declare_rule! {
    /// An agency uses a standard but not the version the framework makes mandatory.
    ///
    /// ## What it checks
    /// Every standard an agency's services use, by a `$ref` to one of its versions' `$id`, by an
    /// `implements` claim, or by a copy (a schema of a description's own components shaped like
    /// one of its versions, as GOV003 finds silos), and every standard its profiles specialise.
    /// When the version in force (the newest mandatory one) is used nowhere, nor a later minor
    /// version of the same major, the finding sits at the first place the standard is used
    /// (a manifest entry, then a `$ref`, then a copy) and names the others; at a copy, it names
    /// the service's entry too. A copy of the mandatory version counts as using it.
    ///
    /// ## Why it matters
    /// A mandatory version is what every other agency may rely on receiving. An agency that stays
    /// on an older version forces its partners to keep converting.
    ///
    /// ## Example
    /// ```toml
    /// [[services]]
    /// id = "health-register"
    /// openapi = "openapi.yaml"
    /// implements = ["person@1.1.0"]   # person 1.2.0 is mandatory
    /// ```
    ///
    /// ## Passes
    /// ```toml
    /// implements = ["person@1.2.0"]
    /// ```
    ///
    /// ## Clause
    /// Examplia NIF section 3.1: agencies implement the mandatory version of every standard they use.
    pub static MANDATORY_VERSION_MISSING = { code: "GOV011", name: "mandatory-version-missing", severity: Error, kind: Vertical };
}
