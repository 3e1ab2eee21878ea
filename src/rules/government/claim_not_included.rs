use crate::rules::declare_rule;

declare_rule! {
    /// A service's schema for a claimed standard accepts payloads the standard rejects.
    ///
    /// ## What it checks
    /// For every `implements` claim, the service's schemas that stand for that standard: a
    /// component declaring it with `x-nif-standard` (any version), or a component named after it
    /// (`Person` for `person`) that is not a plain `$ref`. Each must be included in the claimed
    /// version; when it is not, the finding carries a witness payload, re-checked with the real
    /// validators. When the compatibility engine cannot decide, the finding is a warning that
    /// says why.
    ///
    /// ## Why it matters
    /// A claim is a promise to every consumer: what the service sends, the standard accepts. A
    /// schema wider than the standard breaks that promise for some payloads only, the hardest
    /// kind of failure to find.
    ///
    /// ## Example
    /// ```yaml
    /// Payment:
    ///   x-nif-standard: payment@1.0.0
    ///   properties: { amount: { type: number } }   # the standard wants a decimal string
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// Payment:
    ///   $ref: 'https://nif.gov.example/standards/payment/1.0.0/payment.schema.json'
    /// ```
    ///
    /// ## Clause
    /// Examplia NIF section 6.2: a service that implements a standard sends only what the standard
    /// accepts.
    pub static CLAIM_NOT_INCLUDED = { code: "GOV021", name: "claim-not-included", severity: Error, kind: Standard };
}
