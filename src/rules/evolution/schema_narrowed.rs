//! Emitted by `diff`, through the breaking-change catalogue (`compat/evolution.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// The new schema rejects an instance the old one accepted.
    ///
    /// ## What it checks
    /// `nifcheck diff OLD NEW` (direction `backward`, the default, or `full`): every instance valid
    /// under OLD must be valid under NEW. The finding carries a witness, a concrete instance that OLD
    /// accepts and NEW rejects, checked with the validator against both, and the place and keyword of
    /// NEW that reject it.
    ///
    /// ## Why it matters
    /// Producers that still send what the old version allowed are refused by receivers that moved to
    /// the new one. Within one major version of a standard this breaks the framework's promise that a
    /// minor version accepts everything its predecessor accepted.
    ///
    /// ## Example
    /// OLD `{"type": "string", "maxLength": 100}`, NEW `{"type": "string", "maxLength": 50}`:
    /// a 60-character string is the witness.
    ///
    /// ## Passes
    /// OLD `{"type": "string", "maxLength": 50}`, NEW `{"type": "string", "maxLength": 100}`.
    ///
    /// ## Clause
    /// Semantic versioning of standards: a minor or patch version only widens.
    pub static SCHEMA_NARROWED = { code: "EVO001", name: "schema-narrowed", severity: Error, kind: Evolution };
}
