use crate::rules::declare_rule;

declare_rule! {
    /// A discriminator maps a value to a schema that does not exist.
    ///
    /// ## What it checks
    /// That every value of a `discriminator.mapping` names an existing schema: a key of
    /// `components.schemas`, or a reference that resolves. Also that `propertyName` is a property the
    /// schema can have.
    ///
    /// ## Why it matters
    /// Clients pick the type of a polymorphic payload through the mapping; a dangling entry makes that
    /// payload impossible to read.
    ///
    /// ## Example
    /// ```yaml
    /// discriminator:
    ///   propertyName: kind
    ///   mapping: { birth: '#/components/schemas/BirthEvent' }   # no such schema
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// discriminator:
    ///   propertyName: kind
    ///   mapping: { birth: '#/components/schemas/BirthRegistration' }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.25 (Discriminator Object): mapping values are "schema names or references".
    pub static DISCRIMINATOR_MAPPING = { code: "OAS010", name: "oas3-discriminator-mapping", severity: Error, kind: Api };
}
