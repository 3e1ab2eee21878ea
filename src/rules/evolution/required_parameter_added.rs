//! Emitted by `diff`, through the breaking-change catalogue (`compat/evolution.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// An operation requires a parameter that the old version did not require.
    ///
    /// ## What it checks
    /// For every operation in both descriptions: a parameter (path, query, header or cookie) that is
    /// required in NEW must have been required in OLD.
    ///
    /// ## Why it matters
    /// Existing clients do not send it and are refused.
    ///
    /// ## Example
    /// NEW adds `{"name": "purpose", "in": "query", "required": true}`.
    ///
    /// ## Passes
    /// NEW adds the parameter with `required: false`.
    ///
    /// ## Clause
    /// API versioning: new inputs are optional.
    pub static REQUIRED_PARAMETER_ADDED = { code: "EVO011", name: "required-parameter-added", severity: Error, kind: Evolution };
}
