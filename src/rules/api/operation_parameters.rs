use crate::rules::declare_rule;

declare_rule! {
    /// A parameter is listed twice.
    ///
    /// ## What it checks
    /// That a path item's or an operation's `parameters` list does not contain two parameters with the
    /// same `name` and `in` (header names compare without case), after following `$ref`s.
    ///
    /// ## Why it matters
    /// Two definitions of one parameter contradict each other; which one a tool uses is undefined.
    ///
    /// ## Example
    /// ```yaml
    /// parameters:
    ///   - { name: page, in: query, schema: { type: integer } }
    ///   - { name: page, in: query, schema: { type: string } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// parameters:
    ///   - { name: page, in: query, schema: { type: integer } }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.10 (Operation Object): "The list MUST NOT include duplicated parameters. A
    /// unique parameter is defined by a combination of a name and location."
    pub static OPERATION_PARAMETERS = { code: "OAS007", name: "operation-parameters", severity: Error, kind: Api };
}
