use crate::rules::declare_rule;

declare_rule! {
    /// The document is not an API description of any format nifcheck knows.
    ///
    /// ## What it checks
    /// That the document is an object with an `openapi` field (or a `swagger` field, which OAS001 then
    /// reports). A document with neither is not recognised: this one warning is all the specification
    /// checks say, and only the ruleset rules that are not limited to a format (no `formats`, in the rule
    /// or its ruleset) run, as in Spectral. The linter emits it while reading the version.
    ///
    /// ## Why it matters
    /// A file picked up by a folder or a glob may be a plain JSON or YAML file, not a description: a
    /// warning says so without drowning it in findings that assume it is one.
    ///
    /// ## Example
    /// ```yaml
    /// title: Registry
    /// version: 1.0.0
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// openapi: 3.1.0
    /// info: { title: Registry, version: 1.0.0 }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.1 (OpenAPI Object): "openapi: REQUIRED."
    pub static UNRECOGNIZED_FORMAT = { code: "OAS012", name: "unrecognized-format", severity: Warning, kind: Api };
}
