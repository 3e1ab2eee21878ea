use crate::rules::declare_rule;

declare_rule! {
    /// The description breaks the official OpenAPI JSON Schema.
    ///
    /// ## What it checks
    /// The document against the official JSON Schema of its OpenAPI version (3.0 or 3.1, embedded from the
    /// OpenAPI Initiative, Apache-2.0). Each violation is reported at the value that breaks it: a missing
    /// `info.title`, an unknown field in a Parameter Object, a `type` that is not one of the allowed names.
    ///
    /// ## Why it matters
    /// Generators, gateways and portals read descriptions with the specification in hand. A description the
    /// official schema rejects may load in one tool and break the next, so consumers cannot rely on it.
    ///
    /// ## Example
    /// ```yaml
    /// openapi: 3.1.0
    /// info: { version: 1.0.0 }     # title is required
    /// paths: {}
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// openapi: 3.1.0
    /// info: { title: Registry, version: 1.0.0 }
    /// paths: {}
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.1 (OpenAPI Object) and each object's "REQUIRED" fields.
    pub static OAS3_SCHEMA = { code: "OAS002", name: "oas3-schema", severity: Error, kind: Api };
}
