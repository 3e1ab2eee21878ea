//! Emitted by `diff`, through the breaking-change catalogue (`compat/evolution.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// An operation's request body or parameter accepts less than before.
    ///
    /// ## What it checks
    /// For every operation in both descriptions: the new schema of each parameter and of each request
    /// body media type must accept every instance the old one accepted (`OLD ⊆ NEW`), including
    /// enumerations that lost values. The finding carries a witness.
    ///
    /// ## Why it matters
    /// Requests that worked are refused after the upgrade.
    ///
    /// ## Example
    /// The request body's `maritalStatus` enum loses `"widowed"`.
    ///
    /// ## Passes
    /// The enum gains a value.
    ///
    /// ## Clause
    /// API versioning: requests may only widen.
    pub static REQUEST_NARROWED = { code: "EVO012", name: "request-narrowed", severity: Error, kind: Evolution };
}
