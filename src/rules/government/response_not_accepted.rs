use crate::rules::declare_rule;

declare_rule! {
    /// A producer's response admits a payload the consumer's expectation rejects.
    ///
    /// ## What it checks
    /// For every `[[consumes]]` entry of an agency: whether every payload the producer's 2xx JSON
    /// response schema for the consumed operation admits is accepted by what the consumer
    /// expects, either its own JSON Schema file or a standard range (`address@^2`, checked
    /// against the version in force in that range). When it is not, the finding carries a
    /// witness: a payload valid under the producer's schema and invalid under the consumer's,
    /// found by the compatibility prover and re-checked with the validator. The finding sits at
    /// the consumer's `[[consumes]]` entry; `related` names the producer's schema. It is
    /// `horizontal` when both agencies sit at one level and `vertical` otherwise. When the prover
    /// cannot decide, the finding is a warning that says why.
    ///
    /// ## Why it matters
    /// The producer may send the witness today, and the consumer's system will refuse it: the
    /// exchange breaks at run time, in production, between two organisations.
    ///
    /// ## Example
    /// ```toml
    /// # the consumer requires `sex`; lookUpPerson answers person 1.2.0, where it is optional
    /// [[consumes]]
    /// agency = "nat-civil-registry"
    /// service = "civil-registry"
    /// operation = "lookUpPerson"
    /// expects = "schemas/person-expected.schema.json"
    /// ```
    ///
    /// ## Passes
    /// ```toml
    /// # lookUpPerson answers person 1.2.0, the version in force in ^1.2
    /// [[consumes]]
    /// agency = "nat-civil-registry"
    /// service = "civil-registry"
    /// operation = "lookUpPerson"
    /// expects = "person@^1.2"
    /// ```
    ///
    /// ## Clause
    /// Examplia Interoperability Framework, exchanges: a consumer accepts everything its producer may send.
    pub static RESPONSE_NOT_ACCEPTED = { code: "GOV001", name: "response-not-accepted", severity: Error, kind: Horizontal };
}
