//! Emitted by the parsers: JSON and NDJSON in `payload/parse.rs`, XML in `xml/`, API
//! descriptions in `openapi/document.rs`.

use crate::rules::declare_rule;

declare_rule! {
    /// The payload is not well-formed: it cannot be parsed at all.
    ///
    /// ## What it checks
    /// That the payload is a complete, syntactically valid JSON document (or, in an NDJSON file,
    /// that every line is one) encoded in UTF-8. Empty files, truncated documents, trailing
    /// garbage and invalid UTF-8 are all reported here, at the line and column where parsing
    /// stopped. A UTF-8 byte order mark is accepted. An XML payload must be one well-formed,
    /// namespace-well-formed UTF-8 document: tags that match, declared prefixes, no undeclared
    /// entity, one root element.
    ///
    /// ## Why it matters
    /// A receiver that cannot parse a message cannot process it: the exchange fails before any
    /// standard is even consulted. Truncated files are a common sign of a broken export job.
    ///
    /// ## Example
    /// ```json
    /// { "nin": "19840312345", "name": { "given": "Ana"
    /// ```
    ///
    /// ## Passes
    /// ```json
    /// { "nin": "19840312345", "name": { "given": "Ana" } }
    /// ```
    ///
    /// ## Clause
    /// Every framework: payloads are UTF-8 JSON documents (RFC 8259).
    pub static NOT_WELL_FORMED = { code: "PAY001", name: "not-well-formed", severity: Error, kind: Payload };
}
