use crate::rules::declare_rule;

declare_rule! {
    /// A service claims a standard version that nothing in its description uses.
    ///
    /// ## What it checks
    /// Every `implements` entry of a `[[services]]` entry: the service's description (or a file
    /// it references) must `$ref` that version's `$id`, or declare it with `x-nif-standard`.
    ///
    /// ## Why it matters
    /// Claims feed the adoption figures a standards body publishes. A claim with nothing behind it
    /// makes a service look conformant while it exchanges something else.
    ///
    /// ## Example
    /// ```toml
    /// implements = ["document-reference@1.0.0"]   # no schema of the API refers to it
    /// ```
    ///
    /// ## Passes
    /// ```toml
    /// implements = ["organisation@1.0.0"]   # the API $refs organisation 1.0.0
    /// ```
    ///
    /// ## Clause
    /// Examplia NIF section 6.1: an agency claims only the standards its services implement.
    pub static CLAIM_UNUSED = { code: "GOV020", name: "claim-unused", severity: Warning, kind: Standard };
}
