//! `nifcheck framework verify`: checks a framework itself before it is published. Every
//! standard compiles, every code list and ruleset loads, no schema makes a refused reference,
//! and within one major version each standard version accepts everything its predecessor
//! accepted (a narrowing is an FWK002 finding with a witness; a pair the prover cannot decide
//! is an EVO003 warning that says why).
//!
//! It sits beside the other checks, not in `framework`: it needs the prover and the ruleset
//! loader, and the framework model must not depend on what is built on it.

use serde::Serialize;
use serde_json::json;

use crate::compat::{Inclusion, Verdict};
use crate::finding::{Finding, Related};
use crate::framework::Framework;
use crate::rules::{COMPATIBILITY_UNKNOWN, MINOR_VERSION_NARROWS, Rule};
use crate::{Error, Result};

/// What was verified, beside the findings.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Verification {
    /// Standard versions whose schemas compile.
    pub standards: usize,
    /// Code lists that load.
    pub code_lists: usize,
    /// Codes in them.
    pub codes: usize,
    /// Rules in the framework's rulesets.
    pub ruleset_rules: usize,
    /// Each version against the next one of the same major version.
    pub evolution: Vec<Step>,
    /// Findings about the framework (FWK002, EVO003).
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

/// One version against its successor.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// `person@1.0.0 → person@1.1.0`.
    pub check: String,
    /// `compatible`, `incompatible` or `unknown`.
    pub verdict: &'static str,
}

/// Verifies a framework. A standard that does not compile, a code list or ruleset that does
/// not load, or a refused reference is an error: the framework is broken, not non-conforming.
pub fn verify(framework: &Framework) -> Result<Verification> {
    let mut codes = 0;
    for entry in &framework.manifest.code_lists {
        codes += framework.code_lists().get(&entry.id)?.codes.len();
    }
    for index in 0..framework.standards.len() {
        framework.validator(index)?;
    }
    // A ruleset that does not load would only show up when an API is linted.
    let ruleset_rules = crate::openapi::framework_rulesets(framework)?
        .iter()
        .map(|r| r.rules.len())
        .sum();
    let refused = framework.refused_references()?;
    if !refused.is_empty() {
        return Err(Error::framework(
            format!(
                "the framework's schemas make {} refused reference(s):\n  {}",
                refused.len(),
                refused.join("\n  ")
            ),
            Some("name the hosts in allowed-hosts, or keep the referenced schemas inside the framework".into()),
        ));
    }
    let (evolution, findings) = minor_versions(framework)?;
    Ok(Verification {
        standards: framework.standards.len(),
        code_lists: framework.manifest.code_lists.len(),
        codes,
        ruleset_rules,
        evolution,
        findings,
    })
}

/// Each version of a standard against the next one of the same major version.
fn minor_versions(framework: &Framework) -> Result<(Vec<Step>, Vec<Finding>)> {
    let inclusion = Inclusion::for_framework(framework, Vec::new())?;
    let mut order: Vec<usize> = (0..framework.standards.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&framework.standards[a], &framework.standards[b]);
        x.entry.id.cmp(&y.entry.id).then(x.version.cmp(&y.version))
    });
    let (mut steps, mut findings) = (Vec::new(), Vec::new());
    for pair in order.windows(2) {
        let (old, new) = (&framework.standards[pair[0]], &framework.standards[pair[1]]);
        if old.entry.id != new.entry.id || old.version.major != new.version.major {
            continue;
        }
        let (Some(a), Some(b)) = (
            inclusion.root(&framework.schema_uri(pair[0])?),
            inclusion.root(&framework.schema_uri(pair[1])?),
        ) else {
            continue;
        };
        let verdict = inclusion.check(&a, &b);
        let check = format!("{} → {}", old.label(), new.label());
        let finding = |rule: &Rule, message: String| {
            let mut f = Finding::new(rule.code, rule.severity, rule.kind, &new.entry.json_schema, message);
            f.standard = Some(new.label());
            f.related.push(Related {
                file: old.entry.json_schema.clone(),
                pointer: None,
                line: None,
                message: format!("{} is the version before", old.label()),
            });
            f
        };
        match &verdict {
            Verdict::Incompatible(witness) => {
                let mut f = finding(
                    &MINOR_VERSION_NARROWS,
                    format!(
                        "{} rejects a payload that {} accepts: {}",
                        new.label(),
                        old.label(),
                        witness.message
                    ),
                );
                f.pointer = Some(witness.path.clone());
                f.witness = Some(witness.instance.clone());
                f.help = Some(
                    "within one major version a standard may only widen; publish the change as a new major version"
                        .into(),
                );
                findings.push(f);
            }
            Verdict::Unknown { reason, .. } => findings.push(finding(
                &COMPATIBILITY_UNKNOWN,
                format!(
                    "{check}: whether {} accepts all {} accepts is not decided: {reason}",
                    new.label(),
                    old.label()
                ),
            )),
            Verdict::Compatible => {}
        }
        steps.push(Step {
            check,
            verdict: verdict.name(),
        });
    }
    Ok((steps, findings))
}

impl Verification {
    /// The verification as a JSON value, for the report's `verification` member.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_else(|_| json!({}))
    }
}
