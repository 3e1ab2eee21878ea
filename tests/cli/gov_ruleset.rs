//! The reference framework's government API ruleset (`gov-api.spectral.yaml`) against two
//! fixtures: a clean, multi-file description of the Civil Registry Office that must conform
//! with no finding at all, and non-compliant descriptions that break every one of its rules.

use std::collections::BTreeSet;

use serde_json::Value;

use super::util::{report, root, run};

const RULESET: &str = "schemas/reference/rulesets/gov-api.spectral.yaml";
const CLEAN: &str = "fixtures/apis/civil-registry/openapi.yaml";
const NONCOMPLIANT: &[&str] = &[
    "fixtures/apis/noncompliant/openapi.yaml",
    "fixtures/apis/noncompliant/bare.yaml",
];

/// The `spectral:oas` rules that `recommended` turns on, which the ruleset extends.
const OAS_RECOMMENDED: &[&str] = &[
    "array-items",
    "duplicated-entry-in-enum",
    "info-contact",
    "info-description",
    "no-$ref-siblings",
    "no-eval-in-markdown",
    "no-script-tags-in-markdown",
    "oas3-api-servers",
    "oas3-examples-value-or-externalValue",
    "oas3-server-trailing-slash",
    "oas3-unused-component",
    "oas3_1-callbacks-in-webhook",
    "oas3_1-servers-in-webhook",
    "oas3-callbacks-in-callbacks",
    "operation-description",
    "operation-operationId",
    "operation-operationId-valid-in-url",
    "operation-success-response",
    "operation-tags",
    "path-declarations-must-exist",
    "path-keys-no-trailing-slash",
    "path-not-include-query",
];

/// The names of the rules the ruleset file defines, read with nifcheck's own YAML reader.
fn gov_rule_names() -> Vec<String> {
    let text = std::fs::read_to_string(root().join(RULESET)).unwrap();
    let (value, _) = nifcheck::source::parse_yaml(&text).unwrap();
    let names: Vec<String> = value["rules"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(names.len(), 39, "{names:?}");
    names
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

fn noncompliant_report() -> Value {
    let mut args = vec!["lint"];
    args.extend_from_slice(NONCOMPLIANT);
    let (code, report) = report(&args);
    assert_eq!(code, 1, "{report:#}");
    report
}

#[test]
fn gov_ruleset_the_clean_api_conforms_without_any_finding() {
    let (code, report) = report(&["lint", CLEAN]);
    let found: Vec<String> = findings(&report)
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}:{} {}",
                f["rule"], f["file"], f["line"], f["column"], f["message"]
            )
        })
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["conforms"], true);
    assert_eq!(report["summary"]["score"], 100);
    // The same in the human format: exit 0 and no problem reported.
    let (code, stdout, _) = run(&["lint", CLEAN]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("conforms"), "{stdout}");
}

#[test]
fn gov_ruleset_every_rule_fires_on_the_noncompliant_apis() {
    let report = noncompliant_report();
    let fired: BTreeSet<&str> = findings(&report).iter().filter_map(|f| f["rule"].as_str()).collect();
    let missing: Vec<String> = gov_rule_names()
        .into_iter()
        .chain(OAS_RECOMMENDED.iter().map(|r| (*r).to_string()))
        .filter(|rule| !fired.contains(rule.as_str()))
        .collect();
    assert!(missing.is_empty(), "rules that never fired: {missing:?}");
    for finding in findings(&report) {
        assert!(
            finding["line"].as_u64().is_some_and(|l| l > 0) && finding["column"].as_u64().is_some_and(|c| c > 0),
            "a finding without a place: {finding:#}"
        );
        assert!(
            finding["file"]
                .as_str()
                .unwrap()
                .starts_with("fixtures/apis/noncompliant/"),
            "{finding:#}"
        );
    }
}

#[test]
fn gov_ruleset_noncompliant_findings_snapshot() {
    let report = noncompliant_report();
    let mut rows: Vec<(String, String, u64, u64, String)> = findings(&report)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    insta::assert_json_snapshot!("gov_ruleset_noncompliant", rows);
}
