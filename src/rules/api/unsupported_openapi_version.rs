use crate::rules::declare_rule;

declare_rule! {
    /// The document is not an OpenAPI 3.0 or 3.1 description.
    ///
    /// ## What it checks
    /// That the document has an `openapi` field whose value is a 3.0.x or 3.1.x version string. Swagger 2.0
    /// documents (`swagger: "2.0"`), unknown versions and numbers (`openapi: 3.0`, which YAML reads as a
    /// float) are reported at the field, or at line 1 when there is none; nothing else is checked.
    ///
    /// ## Why it matters
    /// Every other check depends on the version: the schema dialect, `nullable`, what a server or a
    /// security scheme may contain. Guessing would produce findings that are wrong for the real version.
    ///
    /// ## Example
    /// ```yaml
    /// swagger: "2.0"
    /// info: { title: Registry, version: 1.0.0 }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// openapi: 3.1.0
    /// info: { title: Registry, version: 1.0.0 }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.1 (Versions): "The `openapi` field MUST be used by tooling to interpret the
    /// OpenAPI Document."
    pub static UNSUPPORTED_OPENAPI_VERSION = { code: "OAS001", name: "unsupported-openapi-version", severity: Error, kind: Api };
}
