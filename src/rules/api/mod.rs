//! The OpenAPI specification's own checks: the `OAS` family. What every description must
//! satisfy whatever the framework, so they all run with `--framework none`. Names follow
//! Spectral's `oas` ruleset where it has the same check.

mod discriminator_mapping;
mod invalid_ref;
mod oas3_schema;
mod operation_id_unique;
mod operation_parameters;
mod operation_security_defined;
mod path_params;
mod server_variables;
mod unrecognized_format;
mod unsupported_openapi_version;
mod valid_media_example;
mod valid_schema_example;

pub use discriminator_mapping::DISCRIMINATOR_MAPPING;
pub use invalid_ref::INVALID_REF;
pub use oas3_schema::OAS3_SCHEMA;
pub use operation_id_unique::OPERATION_ID_UNIQUE;
pub use operation_parameters::OPERATION_PARAMETERS;
pub use operation_security_defined::OPERATION_SECURITY_DEFINED;
pub use path_params::PATH_PARAMS;
pub use server_variables::SERVER_VARIABLES;
pub use unrecognized_format::UNRECOGNIZED_FORMAT;
pub use unsupported_openapi_version::UNSUPPORTED_OPENAPI_VERSION;
pub(crate) use unsupported_openapi_version::detect as detect_version;
pub use valid_media_example::VALID_MEDIA_EXAMPLE;
pub use valid_schema_example::VALID_SCHEMA_EXAMPLE;

use super::Rule;
use crate::finding::Finding;
use crate::openapi::api::Api;

/// A self-contained check: reads the description, adds its findings.
pub(crate) type Check = fn(&Api<'_>, &mut Vec<Finding>);

/// The family in documentation order, each rule with its check. A rule without one is
/// emitted by the step its doc comment names (the version comes first; examples are
/// compiled together).
pub(crate) static FAMILY: &[(&Rule, Option<Check>)] = &[
    (&UNSUPPORTED_OPENAPI_VERSION, None),
    (&OAS3_SCHEMA, Some(oas3_schema::check)),
    (&INVALID_REF, Some(invalid_ref::check)),
    (&OPERATION_ID_UNIQUE, Some(operation_id_unique::check)),
    (&PATH_PARAMS, Some(path_params::check)),
    (&OPERATION_SECURITY_DEFINED, Some(operation_security_defined::check)),
    (&OPERATION_PARAMETERS, Some(operation_parameters::check)),
    (&VALID_MEDIA_EXAMPLE, None),
    (&VALID_SCHEMA_EXAMPLE, None),
    (&DISCRIMINATOR_MAPPING, Some(discriminator_mapping::check)),
    (&SERVER_VARIABLES, Some(server_variables::check)),
    (&UNRECOGNIZED_FORMAT, None),
];

/// Runs every check of the family.
pub(crate) fn check(api: &Api<'_>) -> Vec<Finding> {
    use rayon::prelude::*;
    FAMILY
        .par_iter()
        .filter_map(|(_, check)| *check)
        .flat_map_iter(|check| {
            let mut out = Vec::new();
            check(api, &mut out);
            out
        })
        .collect()
}

/// What the rule files' tests share: a description from text, and what one check finds in it.
#[cfg(test)]
pub(crate) mod testing {
    use super::Check;
    use crate::openapi::api::Api;
    use crate::openapi::document::ApiDocument;
    use crate::openapi::workspace::{Reach, Workspace};

    /// The codes and messages `check` finds in the YAML description `text`.
    pub(crate) fn findings(check: Check, text: &str) -> Vec<(String, String)> {
        let document = match ApiDocument::parse("api.yaml", None, text.as_bytes().to_vec()) {
            Ok(document) => document,
            Err(finding) => panic!("the test description does not parse: {}", finding.message),
        };
        let ws = Workspace::load(document, &Reach::default());
        let version = match super::detect_version(&ws.documents[0]) {
            Ok(version) => version,
            Err(finding) => panic!("the test description has no version: {}", finding.message),
        };
        let api = Api { ws: &ws, version };
        let mut out = Vec::new();
        check(&api, &mut out);
        out.into_iter().map(|f| (f.rule, f.message)).collect()
    }

    /// A 3.1 description with `body` after its `info`.
    pub(crate) fn described(body: &str) -> String {
        format!("openapi: 3.1.0\ninfo: {{ title: t, version: '1' }}\n{body}")
    }

    /// The example step of the linter, which emits OAS008 and OAS009.
    pub(crate) fn examples(api: &Api<'_>, out: &mut Vec<crate::finding::Finding>) {
        crate::openapi::examples::ExampleSchemas {
            framework: None,
            options: crate::framework::CompileOptions::default(),
        }
        .check(api, out);
    }

    /// A pass case: nothing found.
    pub(crate) fn assert_passes(found: &[(String, String)]) {
        assert!(found.is_empty(), "{found:?}");
    }

    /// A fail case: something found, and only this rule.
    pub(crate) fn assert_fails_with(found: &[(String, String)], rule: &crate::rules::Rule) {
        assert!(
            !found.is_empty() && found.iter().all(|(code, _)| code == rule.code),
            "{found:?}"
        );
    }
}
