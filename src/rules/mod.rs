//! The rule registry. A rule is one file whose doc comment is its documentation: what
//! `nifcheck explain CODE` prints and what `nifcheck rules` summarises. Codes are API: a code is
//! never reused, even after its rule is retired.

mod api;
mod evolution;
mod framework;
mod government;
mod payload;
mod standards;

use crate::finding::{Kind, Severity};
use crate::framework::KeywordProblem;

pub use api::{
    DISCRIMINATOR_MAPPING, INVALID_REF, OAS3_SCHEMA, OPERATION_ID_UNIQUE, OPERATION_PARAMETERS,
    OPERATION_SECURITY_DEFINED, PATH_PARAMS, SERVER_VARIABLES, UNSUPPORTED_OPENAPI_VERSION, VALID_MEDIA_EXAMPLE,
    VALID_SCHEMA_EXAMPLE,
};
pub use evolution::{
    COMPATIBILITY_UNKNOWN, OPERATION_ADDED, OPERATION_REMOVED, REQUEST_NARROWED, REQUIRED_PARAMETER_ADDED,
    RESPONSE_WIDENED, SCHEMA_NARROWED, SCHEMA_WIDENED,
};
pub use framework::{MINOR_VERSION_NARROWS, REMOTE_REFERENCE_REFUSED};
pub use government::{PROVIDER_MISSING, RESPONSE_NOT_ACCEPTED, SILO, VERSION_OUTSIDE_RANGE};
pub use payload::DOCTYPE_REFUSED;
pub use payload::{
    CODE_NOT_IN_LIST, CODE_NOT_VALID_ON_DATE, DUPLICATE_KEY, NESTING_TOO_DEEP, NOT_WELL_FORMED, OUTDATED_STANDARD,
    SCHEMA_VIOLATION,
};
pub use standards::{
    AGENCY_UNKNOWN, STANDARD_OUTDATED, STANDARD_PROFILE_INCOMPATIBLE, STANDARD_REDEFINED, STANDARD_UNKNOWN,
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

/// Every rule, in documentation order.
pub static RULES: &[&Rule] = &[
    &NOT_WELL_FORMED,
    &SCHEMA_VIOLATION,
    &DUPLICATE_KEY,
    &CODE_NOT_IN_LIST,
    &CODE_NOT_VALID_ON_DATE,
    &NESTING_TOO_DEEP,
    &OUTDATED_STANDARD,
    &DOCTYPE_REFUSED,
    &REMOTE_REFERENCE_REFUSED,
    &MINOR_VERSION_NARROWS,
    &SCHEMA_NARROWED,
    &SCHEMA_WIDENED,
    &COMPATIBILITY_UNKNOWN,
    &OPERATION_REMOVED,
    &REQUIRED_PARAMETER_ADDED,
    &REQUEST_NARROWED,
    &RESPONSE_WIDENED,
    &OPERATION_ADDED,
    &UNSUPPORTED_OPENAPI_VERSION,
    &OAS3_SCHEMA,
    &INVALID_REF,
    &OPERATION_ID_UNIQUE,
    &PATH_PARAMS,
    &OPERATION_SECURITY_DEFINED,
    &OPERATION_PARAMETERS,
    &VALID_MEDIA_EXAMPLE,
    &VALID_SCHEMA_EXAMPLE,
    &DISCRIMINATOR_MAPPING,
    &SERVER_VARIABLES,
    &STANDARD_PROFILE_INCOMPATIBLE,
    &STANDARD_REDEFINED,
    &STANDARD_OUTDATED,
    &STANDARD_UNKNOWN,
    &AGENCY_UNKNOWN,
    &RESPONSE_NOT_ACCEPTED,
    &VERSION_OUTSIDE_RANGE,
    &SILO,
    &PROVIDER_MISSING,
];

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
        for rule in RULES {
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
        for rule in RULES {
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
