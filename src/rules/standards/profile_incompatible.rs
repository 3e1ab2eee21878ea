use crate::rules::declare_rule;

declare_rule! {
    /// A schema that declares a national standard accepts what the standard rejects.
    ///
    /// ## What it checks
    /// A schema with `x-nif-standard: person@1.2` (any standard reference) claims to be a profile of that
    /// standard: everything it accepts, the standard must accept. nifcheck checks each property it
    /// declares exists in the standard with a compatible type, that every property the standard requires
    /// is required, and then asks the compatibility engine whether the schema is included in the
    /// standard; when it is not, the finding carries a witness payload the profile accepts and the
    /// standard rejects.
    ///
    /// ## Why it matters
    /// A profile that is wider than its standard lets an agency send data the rest of government cannot
    /// read, while claiming conformance: the silo stays, hidden behind a label.
    ///
    /// ## Example
    /// ```yaml
    /// Citizen:
    ///   x-nif-standard: person@1.2
    ///   type: object
    ///   properties: { nin: { type: string }, shoeSize: { type: integer } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// Citizen:
    ///   x-nif-standard: person@1.2
    ///   allOf: [{ $ref: 'https://standards.examplia.gov/person/1.2.0/person.schema.json' }]
    /// ```
    ///
    /// ## Clause
    /// Examplia API Design Standard API-30: a schema that represents a national data standard declares it
    /// and stays within it.
    pub static PROFILE_INCOMPATIBLE = { code: "NIF001", name: "standard-profile-incompatible", severity: Error, kind: Api };
}
