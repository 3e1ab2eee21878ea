//! Emitted by `diff`, through the breaking-change catalogue (`compat/evolution.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// The new schema accepts an instance the old one rejected.
    ///
    /// ## What it checks
    /// `nifcheck diff OLD NEW --direction forward` (or `full`): every instance valid under NEW must be
    /// valid under OLD, as for a response that consumers of the old version parse. The witness is an
    /// instance NEW accepts and OLD rejects.
    ///
    /// ## Why it matters
    /// Consumers built for the old version receive data they cannot handle: a new enumeration value, a
    /// longer string, a property they refuse.
    ///
    /// ## Example
    /// OLD `{"enum": ["F", "M"]}`, NEW `{"enum": ["F", "M", "X"]}`: `"X"` is the witness.
    ///
    /// ## Passes
    /// OLD `{"enum": ["F", "M", "X"]}`, NEW `{"enum": ["F", "M"]}`.
    ///
    /// ## Clause
    /// Response compatibility: a response may only narrow.
    pub static SCHEMA_WIDENED = { code: "EVO002", name: "schema-widened", severity: Error, kind: Evolution };
}
