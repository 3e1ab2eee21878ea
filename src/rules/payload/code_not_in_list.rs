//! Emitted by the code-list keyword of the JSON Schema validator
//! (`framework/codelist_keyword.rs`) and by the XSD engine (`xml/codes.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// A value bound to a code list is not one of its codes.
    ///
    /// ## What it checks
    /// Values whose schema says `"x-codelist": "<list>"` must be codes of that framework code
    /// list (countries, currencies, districts, agencies…). The finding names the list and its
    /// version, and suggests the closest valid code when there is one. In an XSD the binding is
    /// `<nif:codelist>list</nif:codelist>` in the `xs:appinfo` of an element, attribute or simple
    /// type.
    ///
    /// ## Why it matters
    /// Code lists are how agencies agree on meaning. A district code that is not in the
    /// national register cannot be routed, counted or joined with other agencies' data.
    ///
    /// ## Example
    /// ```json
    /// { "country": "UK", "currency": "EURO" }
    /// ```
    /// The ISO 3166-1 code for the United Kingdom is `GB`; the ISO 4217 code for the euro is `EUR`.
    ///
    /// ## Passes
    /// ```json
    /// { "country": "GB", "currency": "EUR" }
    /// ```
    ///
    /// ## Clause
    /// The framework's code lists; the binding is the schema's `x-codelist` keyword.
    pub static CODE_NOT_IN_LIST = { code: "PAY004", name: "code-not-in-list", severity: Error, kind: Payload };
}
