use crate::rules::declare_rule;

declare_rule! {
    /// A server variable is undefined, unused, or its default is not in its enum.
    ///
    /// ## What it checks
    /// For every Server Object: each `{variable}` of the URL is defined under `variables`, each defined
    /// variable is used in the URL, and a variable's `default` is one of its `enum` values. A default
    /// outside the enum is an error in 3.1 (MUST) and a warning in 3.0 (SHOULD).
    ///
    /// ## Why it matters
    /// The server URL is where every client sends its requests. A variable without a definition, or a
    /// default the API itself says is not allowed, yields a URL no one can call.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.gov/{env}/v1
    ///     variables: { env: { default: prod, enum: [test, acc] } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.gov/{env}/v1
    ///     variables: { env: { default: prod, enum: [test, acc, prod] } }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.6 (Server Variable Object): "If the enum is defined, the value MUST exist in
    /// the enum's values."
    pub static SERVER_VARIABLES = { code: "OAS011", name: "oas3-server-variables", severity: Error, kind: Api };
}
