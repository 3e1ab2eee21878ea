//! Emitted by `diff`, through the breaking-change catalogue (`compat/evolution.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// The new API description has an operation the old one did not.
    ///
    /// ## What it checks
    /// Lists every path and method of NEW that OLD lacks.
    ///
    /// ## Why it matters
    /// New operations are compatible, but release notes and consumers should hear about them.
    ///
    /// ## Example
    /// NEW adds `POST /v1/persons/{nin}/addresses`.
    ///
    /// ## Passes
    /// No new operation.
    ///
    /// ## Clause
    /// API change log.
    pub static OPERATION_ADDED = { code: "EVO014", name: "operation-added", severity: Info, kind: Evolution };
}
