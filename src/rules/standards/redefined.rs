use crate::rules::declare_rule;

declare_rule! {
    /// A component redefines a national standard instead of reusing it.
    ///
    /// ## What it checks
    /// Components whose properties look like a national standard (most of the standard's required
    /// properties, allowing common synonyms and case styles such as `given_name`, `firstName` for
    /// `givenName`) but which neither `$ref` the standard nor declare it with `x-nif-standard`.
    ///
    /// ## Why it matters
    /// Every redefinition is a silo in the making: its own field names, its own rules, its own drift.
    /// Reusing the standard is what lets two agencies exchange the record without a mapping.
    ///
    /// ## Example
    /// ```yaml
    /// Citizen:
    ///   type: object
    ///   required: [nin, given_name, familyName, dateOfBirth]
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// Citizen:
    ///   $ref: 'https://standards.examplia.gov/person/1.2.0/person.schema.json'
    /// ```
    ///
    /// ## Clause
    /// Examplia API Design Standard API-31: national data standards are reused, never redefined.
    pub static REDEFINED = { code: "NIF002", name: "standard-redefined", severity: Warning, kind: Api };
}
