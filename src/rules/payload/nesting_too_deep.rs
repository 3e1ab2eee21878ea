//! Emitted by the parsers (`payload/parse.rs`, `xml/scan.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// The payload nests arrays or objects deeper than nifcheck reads (128 levels).
    ///
    /// ## What it checks
    /// That no value is nested more than 128 arrays or objects deep. Parsing stops at the place
    /// where the limit is crossed and reports it there. XML elements may nest 256 levels deep.
    /// The other reading limits of a payload are reported here too: an NDJSON line longer than
    /// 64 MiB (at its start; the line is skipped), an XML element of more than 4,096 attributes,
    /// more than 1,024 XML namespace bindings in scope.
    ///
    /// ## Why it matters
    /// No government data standard nests that deep; a payload that does is either broken or an
    /// attack meant to exhaust the receiver's stack. Refusing it early keeps every receiver safe.
    ///
    /// ## Example
    /// ```json
    /// [[[[[[[[[[ … 200 levels … ]]]]]]]]]]
    /// ```
    ///
    /// ## Passes
    /// ```json
    /// { "person": { "address": { "district": "EX-NO-02" } } }
    /// ```
    ///
    /// ## Clause
    /// Framework safety policy: bounded nesting depth.
    pub static NESTING_TOO_DEEP = { code: "PAY006", name: "nesting-too-deep", severity: Error, kind: Payload };
}
