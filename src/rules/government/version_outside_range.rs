use crate::rules::declare_rule;

declare_rule! {
    /// A consumer expects a standard range that the producer's operation does not serve.
    ///
    /// ## What it checks
    /// For every `[[consumes]]` entry whose `expects` is a standard requirement
    /// (`person@^1.2`): the versions of that standard the producer's operation serves, read from
    /// the `$ref`s its 2xx response schema makes to the framework's standards (through its own
    /// components), or, when it makes none, from the service's `implements`. A served version
    /// outside the range is a finding at the consumer's entry, with the producer's schema in
    /// `related`. It is `horizontal` when both agencies sit at one level and `vertical` otherwise.
    ///
    /// ## Why it matters
    /// The two agencies have agreed on different versions of one standard: the consumer is
    /// built for a version the producer does not send, and every later change on either side
    /// widens the gap.
    ///
    /// ## Example
    /// ```toml
    /// # lookUpTaxpayer answers person 1.0.0
    /// [[consumes]]
    /// agency = "nat-tax-authority"
    /// service = "taxpayer-register"
    /// operation = "lookUpTaxpayer"
    /// expects = "person@^1.2"
    /// ```
    ///
    /// ## Passes
    /// ```toml
    /// # getAddress answers address 2.0.0
    /// [[consumes]]
    /// agency = "nat-interior"
    /// service = "address-register"
    /// operation = "getAddress"
    /// expects = "address@^2"
    /// ```
    ///
    /// ## Clause
    /// Examplia Interoperability Framework, exchanges: both sides of an exchange use one version range of a standard.
    pub static VERSION_OUTSIDE_RANGE = { code: "GOV002", name: "version-outside-range", severity: Error, kind: Horizontal };
}
