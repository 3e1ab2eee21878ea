//! The rule registry. A rule is one file whose doc comment is its documentation: what
//! `nifcheck explain CODE` prints and what `nifcheck rules` summarises. A self-contained check
//! (the `api` and `standards` families) lives in the same file with its pass and fail cases;
//! a code that a step of the pipeline emits has a docs-only file naming that step. Each
//! family's `FAMILY` lists its rules once; [`RULES`] and the linter's checks derive from those
//! lists. Codes are API: a code is never reused, even after its rule is retired.

pub(crate) mod api;
mod evolution;
mod framework;
mod government;
mod payload;
mod reference;
pub(crate) mod standards;

use std::sync::LazyLock;

use crate::finding::{Kind, Severity};
pub use reference::{markdown, markdown_reference};

use crate::framework::KeywordProblem;

pub use api::{
    DISCRIMINATOR_MAPPING, INVALID_REF, OAS3_SCHEMA, OPERATION_ID_UNIQUE, OPERATION_PARAMETERS,
    OPERATION_SECURITY_DEFINED, PATH_PARAMS, SERVER_VARIABLES, UNRECOGNIZED_FORMAT, UNSUPPORTED_OPENAPI_VERSION,
    VALID_MEDIA_EXAMPLE, VALID_SCHEMA_EXAMPLE,
};
pub use evolution::{
    COMPATIBILITY_UNKNOWN, OPERATION_ADDED, OPERATION_REMOVED, REQUEST_NARROWED, REQUIRED_PARAMETER_ADDED,
    RESPONSE_WIDENED, SCHEMA_NARROWED, SCHEMA_WIDENED,
};
pub use framework::{
    MINOR_VERSION_NARROWS, REMOTE_REFERENCE_REFUSED, SCHEMA_DOES_NOT_COMPILE, SCHEMA_LOCATION_REFUSED,
};
pub use government::{
    CLAIM_NOT_INCLUDED, CLAIM_UNUSED, CODE_NOT_IN_NATIONAL_LIST, MANDATORY_VERSION_MISSING, NEGATIVE_SAMPLE_PASSES,
    OUTDATED_STANDARD_USED, PROFILE_NOT_SPECIALISATION,
};
pub use government::{PROVIDER_MISSING, RESPONSE_NOT_ACCEPTED, SILO, VERSION_OUTSIDE_RANGE};
pub use payload::DOCTYPE_REFUSED;
pub use payload::{
    CODE_NOT_IN_LIST, CODE_NOT_VALID_ON_DATE, DUPLICATE_KEY, NESTING_TOO_DEEP, NOT_WELL_FORMED,
    PAYLOAD_STANDARD_OUTDATED, SCHEMA_VIOLATION,
};
pub use standards::{
    AGENCY_UNKNOWN, API_STANDARD_OUTDATED, STANDARD_PROFILE_INCOMPATIBLE, STANDARD_REDEFINED, STANDARD_UNKNOWN,
};

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, `PAY002`.
    pub code: &'static str,
    /// Kebab-case name, `schema-violation`.
    pub name: &'static str,
    /// Severity of its findings unless a framework says otherwise.
    pub severity: Severity,
    /// What its findings are about.
    pub kind: Kind,
    /// The doc comment, Markdown.
    pub docs: &'static str,
}

impl Rule {
    /// The first sentence of the docs.
    pub fn summary(&self) -> &'static str {
        self.docs
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("")
    }

    /// The docs with the one space `///` leaves at the start of each line removed.
    pub fn documentation(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Declares a rule from a doc comment and its metadata.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis static $name:ident = {
        code: $code:literal, name: $rule_name:literal, severity: $severity:ident, kind: $kind:ident $(,)?
    };) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $rule_name,
            severity: $crate::finding::Severity::$severity,
            kind: $crate::finding::Kind::$kind,
            docs: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, in documentation order: family by family, each family's list in its `mod.rs`.
pub static RULES: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    let checked = api::FAMILY.iter().map(|(rule, _)| *rule);
    let standards = standards::FAMILY.iter().map(|(rule, _)| *rule);
    payload::FAMILY
        .iter()
        .chain(framework::FAMILY)
        .chain(evolution::FAMILY)
        .copied()
        .chain(checked)
        .chain(standards)
        .chain(government::FAMILY.iter().copied())
        .collect()
});

/// Looks a rule up by code (`PAY002`, any case) or name (`schema-violation`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Custom JSON Schema keywords can only return a message; a tagged message carries the rule
/// code and a hint through it. The separator never occurs in text a person writes.
/// Unpacks the error message of one of nifcheck's schema keywords: the rule it falls under, the
/// message and the hint.
pub(crate) fn untag_message(text: &str) -> Option<(&'static Rule, &str, &str)> {
    let (problem, message, hint) = crate::framework::untag_keyword_message(text)?;
    let rule = match problem {
        KeywordProblem::CodeNotInList => &CODE_NOT_IN_LIST,
        KeywordProblem::CodeNotValidOnDate => &CODE_NOT_VALID_ON_DATE,
        KeywordProblem::ReferenceRefused => &REMOTE_REFERENCE_REFUSED,
    };
    Some((rule, message, hint))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for rule in RULES.iter() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            let (family, number) = rule.code.split_at(3);
            assert!(
                ["PAY", "FWK", "EVO", "OAS", "NIF", "GOV"].contains(&family),
                "unknown family in {}",
                rule.code
            );
            assert!(
                number.len() == 3 && number.chars().all(|c| c.is_ascii_digit()),
                "{}",
                rule.code
            );
        }
    }

    #[test]
    fn every_rule_documents_itself() {
        for rule in RULES.iter() {
            let docs = rule.documentation();
            for heading in ["## What it checks", "## Why it matters", "## Example", "## Passes"] {
                assert!(docs.contains(heading), "{} lacks `{heading}`", rule.code);
            }
            assert!(!rule.summary().is_empty());
        }
    }

    #[test]
    fn keyword_problems_fall_under_their_rules() {
        let text = "\u{1f}code-not-in-list\u{1f}\"XX\" is not a code\u{1f}did you mean?";
        let (rule, message, hint) = untag_message(text).unwrap_or((&SCHEMA_VIOLATION, "", ""));
        assert_eq!(
            (rule.code, message, hint),
            ("PAY004", "\"XX\" is not a code", "did you mean?")
        );
        assert!(untag_message("plain").is_none());
    }
}
