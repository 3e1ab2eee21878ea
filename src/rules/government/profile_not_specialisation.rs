use crate::rules::declare_rule;

declare_rule! {
    /// An agency's profile accepts a payload the standard it profiles rejects.
    ///
    /// ## What it checks
    /// Every `[[profiles]]` entry of `agency.toml`: the compatibility engine asks whether every
    /// instance of the profile's schema is an instance of the `profile-of` standard version. When
    /// it is not, the finding carries a witness payload, re-checked with the real validators: the
    /// profile accepts it, the standard rejects it. When the engine cannot decide, the finding is a
    /// warning that says why. A profile that only narrows the standard passes.
    ///
    /// ## Why it matters
    /// A province's profile is what its districts and towns build on. If it is wider than the
    /// national standard, data that conforms locally is refused nationally, and nobody notices
    /// until an exchange fails.
    ///
    /// ## Example
    /// A profile of `address@2.0.0` that copies the standard instead of building on it, and
    /// lets four-digit postcodes through:
    /// ```json
    /// { "type": "object", "required": ["locality", "country"],
    ///   "properties": { "postcode": { "type": "string", "pattern": "^[0-9]{4,5}$" } } }
    /// ```
    ///
    /// ## Passes
    /// ```json
    /// { "allOf": [{ "$ref": "https://nif.gov.example/standards/address/2.0.0/address.schema.json" }],
    ///   "properties": { "province": { "const": "EX-NO" } } }
    /// ```
    ///
    /// ## Clause
    /// Examplia NIF section 4.2: a profile specialises a national standard and accepts nothing the
    /// standard rejects.
    pub static PROFILE_NOT_SPECIALISATION = { code: "GOV010", name: "profile-not-specialisation", severity: Error, kind: Vertical };
}
