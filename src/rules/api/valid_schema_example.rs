//! Emitted by the example step (`openapi/examples.rs`), which checks OAS008 and OAS009 in one
//! pass over schemas it compiles once.

use crate::rules::declare_rule;

declare_rule! {
    /// A schema's own `example`, `examples` or `default` does not match it.
    ///
    /// ## What it checks
    /// The `example` (3.0), each item of `examples` (3.1) and the `default` of every Schema Object against
    /// that schema. Reported at the value.
    ///
    /// ## Why it matters
    /// A default the schema rejects is applied by servers and generated clients all the same; an example
    /// that fails its schema misleads readers of the documentation.
    ///
    /// ## Example
    /// ```yaml
    /// NationalId: { type: string, pattern: '^EX[0-9]{9}$', example: '123' }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// NationalId: { type: string, pattern: '^EX[0-9]{9}$', example: 'EX123456789' }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.24 (Schema Object, `example`: "SHOULD" match); JSON Schema Validation 9.2
    /// (`default` "SHOULD be valid against the associated schema").
    pub static VALID_SCHEMA_EXAMPLE = { code: "OAS009", name: "oas3-valid-schema-example", severity: Warning, kind: Api };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::api::testing::{assert_fails_with, assert_passes, described, examples, findings};

    #[test]
    fn passes() {
        let found = findings(
            examples,
            &described("components: { schemas: { Age: { type: integer, minimum: 0, example: 42 } } }\n"),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            examples,
            &described("components: { schemas: { Age: { type: integer, minimum: 0, default: -1 } } }\n"),
        );
        assert_fails_with(&found, &VALID_SCHEMA_EXAMPLE);
    }
}
