use crate::rules::declare_rule;

declare_rule! {
    /// Path templates and path parameters do not match.
    ///
    /// ## What it checks
    /// For each path and operation: every `{variable}` of the path template has a path parameter, every
    /// path parameter appears in the template, each path parameter has `required: true`, a variable is not
    /// used twice in one template, and no two paths are the same template with different variable names
    /// (`/persons/{id}` and `/persons/{nin}`).
    ///
    /// ## Why it matters
    /// A client cannot build the URL of an operation whose variables are not described, and a server
    /// router cannot tell two equivalent templates apart.
    ///
    /// ## Example
    /// ```yaml
    /// /persons/{nin}:
    ///   get:
    ///     parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// /persons/{nin}:
    ///   get:
    ///     parameters: [{ name: nin, in: path, required: true, schema: { type: string } }]
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 sections 4.8.8 (Paths Object: "Templated paths with the same hierarchy but different
    /// templated names MUST NOT exist") and 4.8.12 (Parameter Object: the name "MUST correspond to a
    /// template expression"; `required` "MUST be true" for path parameters).
    pub static PATH_PARAMS = { code: "OAS005", name: "path-params", severity: Error, kind: Api };
}
