//! Emitted by the example step (`openapi/examples.rs`), which checks OAS008 and OAS009 in one
//! pass over schemas it compiles once.

use crate::rules::declare_rule;

declare_rule! {
    /// An example of a media type, parameter or header does not match its schema.
    ///
    /// ## What it checks
    /// Every `example` and every `examples` entry (its `value`, after following `$ref`s) of a Media Type,
    /// Parameter or Header Object against the schema beside it, with the schema rules of the document's
    /// OpenAPI version (`nullable` in 3.0). Each mismatch is reported at the example value that breaks
    /// it.
    ///
    /// ## Why it matters
    /// Examples are what developers copy first and what mock servers return. An example the schema rejects
    /// teaches consumers a payload the API will not accept.
    ///
    /// ## Example
    /// ```yaml
    /// content:
    ///   application/json:
    ///     schema: { type: object, required: [nin] }
    ///     example: { name: Ada }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// content:
    ///   application/json:
    ///     schema: { type: object, required: [nin] }
    ///     example: { nin: "EX123456789", name: Ada }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.14 (Media Type Object): "The example object SHOULD be in the correct format
    /// as specified by the media type"; section 4.8.19 (Example Object).
    pub static VALID_MEDIA_EXAMPLE = { code: "OAS008", name: "oas3-valid-media-example", severity: Warning, kind: Api };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::api::testing::{assert_fails_with, assert_passes, described, examples, findings};

    #[test]
    fn passes() {
        let found = findings(
            examples,
            &described(
                "paths:\n  /persons:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { type: object, required: [nin] }\n              example: { nin: EX1 }\n",
            ),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            examples,
            &described(
                "paths:\n  /persons:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { type: object, required: [nin] }\n              example: { name: Ada }\n",
            ),
        );
        assert_fails_with(&found, &VALID_MEDIA_EXAMPLE);
    }

    #[test]
    fn the_default_response_is_checked() {
        let found = findings(
            examples,
            &described(
                "paths:\n  /persons:\n    get:\n      responses:\n        default:\n          description: problem\n          content:\n            application/json:\n              schema: { type: object, required: [status] }\n              example: { title: oops }\n",
            ),
        );
        assert_fails_with(&found, &VALID_MEDIA_EXAMPLE);
    }

    #[test]
    fn a_parameter_named_schema_is_not_a_schema() {
        // A file of reusable parameters, one of them named `schema`: its own schema and
        // example are checked, the parameter itself is not read as a schema.
        let text = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  parameters:\n    schema:\n      name: schema\n      in: query\n      schema: { type: string, example: fine }\n      example: fine\n";
        assert_passes(&findings(examples, text));
        let broken = text.replace("example: fine\n", "example: 12\n");
        assert_fails_with(&findings(examples, &broken), &VALID_MEDIA_EXAMPLE);
    }
}
