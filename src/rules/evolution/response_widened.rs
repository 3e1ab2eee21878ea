//! Emitted by `diff`, through the breaking-change catalogue (`compat/evolution.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// An operation's response may now contain what the old response never did.
    ///
    /// ## What it checks
    /// For every operation and response status in both descriptions: the new response schema of each
    /// media type must accept nothing the old one rejected (`NEW ⊆ OLD`), including enumerations that
    /// gained values. The finding carries a witness.
    ///
    /// ## Why it matters
    /// Clients parse responses by the old contract and fail on the new values.
    ///
    /// ## Example
    /// The response's `status` enum gains `"suspended"`.
    ///
    /// ## Passes
    /// The response loses an optional property that clients tolerate missing.
    ///
    /// ## Clause
    /// API versioning: responses may only narrow.
    pub static RESPONSE_WIDENED = { code: "EVO013", name: "response-widened", severity: Error, kind: Evolution };
}
