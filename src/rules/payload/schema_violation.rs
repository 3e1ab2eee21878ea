//! Emitted by the validators: the JSON Schema validator (`payload/describe.rs` words its
//! errors) and the XSD engine (`xml/`).

use crate::rules::declare_rule;

declare_rule! {
    /// The payload does not conform to its standard's schema.
    ///
    /// ## What it checks
    /// Every JSON Schema keyword of the standard (or of the schema given with `--schema`):
    /// types, required and unexpected properties, patterns, lengths, ranges, enumerations and
    /// `format` (dates, date-times, e-mail addresses, URIs, UUIDs…). Formats are asserted by
    /// default whatever the draft says; `--no-formats` turns that off. Every violation is
    /// reported, each at the value that breaks the rule; a missing property is reported at the
    /// object that lacks it, an unexpected property at its key. XML payloads are checked against
    /// the standard's XSD (or `--schema FILE.xsd`): every error at its element or attribute, with
    /// the element path (`/Register/Birth[2]/Child`) as pointer and the elements, values or
    /// pattern expected as help.
    ///
    /// ## Why it matters
    /// The standard is the contract between agencies. A payload that breaks it will be refused,
    /// or worse, silently misread, by every receiver that implements the standard.
    ///
    /// ## Example
    /// ```json
    /// { "nin": "1984031234", "birthDate": "1984-02-30" }
    /// ```
    /// `nin` has 10 digits instead of 11, and 30 February is not a date.
    ///
    /// ## Passes
    /// ```json
    /// { "nin": "19840312345", "birthDate": "1984-02-29" }
    /// ```
    ///
    /// ## Clause
    /// The standard's own schema, as published in the framework.
    pub static SCHEMA_VIOLATION = { code: "PAY002", name: "schema-violation", severity: Error, kind: Payload };
}
