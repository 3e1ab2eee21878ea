use crate::rules::declare_rule;

declare_rule! {
    /// Two operations share an `operationId`.
    ///
    /// ## What it checks
    /// That no two operations of a description have the same `operationId`. The finding points at the
    /// second one and names the first.
    ///
    /// ## Why it matters
    /// Code generators turn operation ids into method names and links refer to operations by id; a
    /// repeated id silently drops an operation or points a link at the wrong one.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /persons: { get: { operationId: getPerson } }
    ///   /persons/{id}: { get: { operationId: getPerson } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// paths:
    ///   /persons: { get: { operationId: listPersons } }
    ///   /persons/{id}: { get: { operationId: getPerson } }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.10 (Operation Object): "The id MUST be unique among all operations described
    /// in the API."
    pub static OPERATION_ID_UNIQUE = { code: "OAS004", name: "operation-operationId-unique", severity: Error, kind: Api };
}
