//! Emitted by `diff`, through the breaking-change catalogue (`compat/evolution.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// nifcheck could not decide whether one schema accepts everything another accepts.
    ///
    /// ## What it checks
    /// Inclusion is decided for most of JSON Schema; some constructs (different regular expressions,
    /// `$dynamicRef`, `unevaluatedProperties`, some `oneOf` and `not` combinations) are not. Rather
    /// than guess, nifcheck says where it stopped and why. No witness was found either.
    ///
    /// ## Why it matters
    /// An undecided change needs a person to look at it: it may be breaking.
    ///
    /// ## Example
    /// OLD `{"pattern": "^[0-9]{11}$"}`, NEW `{"pattern": "^[0-9]{5,11}$"}`: the patterns differ
    /// and no string separating them was found.
    ///
    /// ## Passes
    /// OLD and NEW with the same pattern.
    ///
    /// ## Clause
    /// Semantic versioning of standards.
    pub static COMPATIBILITY_UNKNOWN = { code: "EVO003", name: "compatibility-unknown", severity: Warning, kind: Evolution };
}
