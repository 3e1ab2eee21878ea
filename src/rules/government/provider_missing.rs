use crate::rules::declare_rule;

declare_rule! {
    /// A consumed agency, service or operation that no agency provides.
    ///
    /// ## What it checks
    /// For every `[[consumes]]` entry: that the government holds the named agency, that the
    /// agency declares the named service, and that the service's OpenAPI description has an
    /// operation with the named `operationId`. The finding sits at the consumer's entry and says
    /// which part is missing, with a close match when there is one.
    ///
    /// ## Why it matters
    /// A dependency on something nobody provides is either a typo, a service that was renamed
    /// or retired without its consumers knowing, or a provider outside the government's view:
    /// all three break the exchange.
    ///
    /// ## Example
    /// ```toml
    /// [[consumes]]
    /// agency = "dist-riverside-council"
    /// service = "waste-collection"
    /// operation = "getCollectionRound"   # renamed getCollectionSchedule in version 2
    /// expects = "schemas/collection-round.schema.json"
    /// ```
    ///
    /// ## Passes
    /// ```toml
    /// [[consumes]]
    /// agency = "dist-riverside-council"
    /// service = "waste-collection"
    /// operation = "getCollectionSchedule"
    /// expects = "schemas/collection-schedule.schema.json"
    /// ```
    ///
    /// ## Clause
    /// Examplia Interoperability Framework, exchanges: every consumed service is registered by its provider.
    pub static PROVIDER_MISSING = { code: "GOV004", name: "provider-missing", severity: Error, kind: Horizontal };
}
