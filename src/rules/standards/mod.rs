//! Reuse of national standards in API descriptions: the `NIF` family. What the checks share
//! (which schemas declare a standard, what a schema says about objects) is in
//! `openapi/standards.rs`.

mod agency_unknown;
mod outdated;
mod profile_incompatible;
mod redefined;
mod unknown;

pub use agency_unknown::AGENCY_UNKNOWN;
pub use outdated::OUTDATED as API_STANDARD_OUTDATED;
pub use profile_incompatible::PROFILE_INCOMPATIBLE as STANDARD_PROFILE_INCOMPATIBLE;
pub use redefined::REDEFINED as STANDARD_REDEFINED;
pub use unknown::UNKNOWN as STANDARD_UNKNOWN;

pub(crate) use redefined::canonical_property;

use super::Rule;
use crate::finding::Finding;
use crate::framework::Framework;
use crate::openapi::api::Api;

/// A check of the description against the framework's standards: adds its findings.
pub(crate) type Check = fn(&Api<'_>, &Framework, &mut Vec<Finding>);

/// The family in documentation order, each rule with its check.
pub(crate) static FAMILY: &[(&Rule, Check)] = &[
    (&STANDARD_PROFILE_INCOMPATIBLE, profile_incompatible::check),
    (&STANDARD_REDEFINED, redefined::check),
    (&API_STANDARD_OUTDATED, outdated::check),
    (&STANDARD_UNKNOWN, unknown::check),
    (&AGENCY_UNKNOWN, agency_unknown::check),
];

/// Runs every check of the family.
pub(crate) fn check(api: &Api<'_>, framework: &Framework) -> Vec<Finding> {
    use rayon::prelude::*;
    FAMILY
        .par_iter()
        .flat_map_iter(|(_, check)| {
            let mut out = Vec::new();
            check(api, framework, &mut out);
            out
        })
        .collect()
}

/// What the rule files' tests share: the reference framework, and what one check finds in a
/// description.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::LazyLock;

    use super::Check;
    use crate::framework::{CompileOptions, Framework, FrameworkSource};
    use crate::openapi::api::Api;
    use crate::openapi::document::ApiDocument;
    use crate::openapi::workspace::{Reach, Workspace};

    static REFERENCE: LazyLock<Framework> =
        LazyLock::new(
            || match Framework::load(&FrameworkSource::Embedded, CompileOptions::default()) {
                Ok(Some(framework)) => framework,
                Ok(None) => panic!("the reference framework is missing"),
                Err(e) => panic!("the reference framework does not load: {e}"),
            },
        );

    /// The codes and messages `check` finds, against the reference framework, in a 3.1
    /// description with `body` after its `openapi` line.
    pub(crate) fn findings(check: Check, body: &str) -> Vec<(String, String)> {
        let text = format!("openapi: 3.1.0\n{body}");
        let document = match ApiDocument::parse("api.yaml", None, text.into_bytes()) {
            Ok(document) => document,
            Err(finding) => panic!("the test description does not parse: {}", finding.message),
        };
        let reach = match Reach::of(Some(&REFERENCE)) {
            Ok(reach) => reach,
            Err(e) => panic!("{e}"),
        };
        let ws = Workspace::load(document, &reach);
        let api = Api {
            ws: &ws,
            version: crate::openapi::api::Version::V31,
        };
        let mut out = Vec::new();
        check(&api, &REFERENCE, &mut out);
        out.into_iter().map(|f| (f.rule, f.message)).collect()
    }

    /// `paths: {}` and these `components.schemas`, after an `info`.
    pub(crate) fn schemas(schemas: &str) -> String {
        format!("info: {{ title: t, version: '1' }}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}")
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
