//! `spectral:oas`: the generic OpenAPI rules, under the names Spectral users know. Rules the
//! specification checks already cover (`path-params`, `oas3-schema`...) point at those checks
//! with `x-nifcheck-builtin`, so a ruleset can change their severity by the familiar name.

/// The name rulesets extend.
pub(crate) const OAS_RULESET_NAME: &str = "spectral:oas";

/// The ruleset, written for nifcheck.
pub(crate) const OAS_RULESET: &str = include_str!("oas.yaml");
