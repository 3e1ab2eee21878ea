//! Emitted by the JSON and YAML readers (`payload/document.rs`, `openapi/document.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// An object has the same key twice.
    ///
    /// ## What it checks
    /// That no JSON object repeats a member name. The finding points at the repeated key and
    /// names the line of the first one.
    ///
    /// ## Why it matters
    /// RFC 8259 leaves the meaning of duplicate names open: some parsers keep the first value,
    /// most keep the last, some refuse the document. Two agencies reading the same message can
    /// therefore see different data, and a schema check sees only one of the values.
    ///
    /// ## Example
    /// ```json
    /// { "district": "EX-NO-01", "district": "EX-NO-02" }
    /// ```
    ///
    /// ## Passes
    /// ```json
    /// { "district": "EX-NO-02" }
    /// ```
    ///
    /// ## Clause
    /// RFC 8259 section 4: "The names within an object SHOULD be unique."
    pub static DUPLICATE_KEY = { code: "PAY003", name: "duplicate-key", severity: Error, kind: Payload };
}
