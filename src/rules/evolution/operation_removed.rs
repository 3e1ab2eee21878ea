//! Emitted by `diff`, through the breaking-change catalogue (`compat/evolution.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// An operation of the old API description is missing from the new one.
    ///
    /// ## What it checks
    /// `nifcheck diff OLD.json NEW.json` on two OpenAPI descriptions: every path and method of OLD
    /// must still exist in NEW (path templates are compared with their variable names ignored).
    ///
    /// ## Why it matters
    /// Every client that calls the operation breaks.
    ///
    /// ## Example
    /// OLD has `GET /v1/persons/{nin}`, NEW does not.
    ///
    /// ## Passes
    /// NEW keeps `GET /v1/persons/{id}` (only the variable name changed).
    ///
    /// ## Clause
    /// API versioning: removing an operation needs a new major version.
    pub static OPERATION_REMOVED = { code: "EVO010", name: "operation-removed", severity: Error, kind: Evolution };
}
