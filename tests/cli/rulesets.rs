//! `nifcheck lint --ruleset FILE`: a Spectral user's rulesets, written in the style of the
//! published government rulesets, give findings under their own names, severities and
//! messages, where Spectral places them.

use super::util::{report, run};

const API: &str = "tests/data/rulesets/api.yaml";

/// `(rule, severity, line, column, message)` of every finding.
fn findings(ruleset: &str) -> Vec<(String, String, u64, u64, String)> {
    let (code, report) = report(&["--framework", "none", "lint", "--ruleset", ruleset, API]);
    assert_eq!(code, 1, "{report:#}");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(found: &[(String, String, u64, u64, String)], rule: &str, severity: &str, line: u64, column: u64) -> bool {
    found
        .iter()
        .any(|f| f.0 == rule && f.1 == severity && f.2 == line && f.3 == column)
}

#[test]
fn a_national_style_ruleset_applies_with_its_own_names_severities_and_messages() {
    let found = findings("tests/data/rulesets/nl-style.yaml");
    // Numeric severity 0 is error; a finding about a member name sits at the member's value,
    // where Spectral puts it.
    assert!(has(&found, "paths-kebab-case", "error", 9, 5), "{found:#?}");
    let kebab = found.iter().find(|f| f.0 == "paths-kebab-case").unwrap();
    assert!(kebab.4.starts_with("/Permits/ is not kebab-case: "), "{}", kebab.4);
    assert!(has(&found, "paths-no-trailing-slash", "error", 9, 5));
    // The 404 response is a $ref: the rule sees it resolved, and the finding is placed where
    // the response is defined, at the deepest part of the missing field that exists.
    let problem = found.iter().find(|f| f.0 == "problem-json").unwrap();
    assert_eq!((problem.2, problem.3), (35, 9));
    assert!(has(&found, "schema-pascal-case", "info", 40, 7));
    // The override turns property-casing off below the permit schema's properties.
    assert!(!found.iter().any(|f| f.0 == "property-casing"), "{found:#?}");
    // `extends: [[spectral:oas, off]]` leaves its rules off unless named.
    assert!(!found.iter().any(|f| f.0 == "info-description"));
}

#[test]
fn without_the_override_the_rule_fires_for_the_property() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(super::util::root().join("tests/data/rulesets/nl-style.yaml")).unwrap();
    let without = text.split("overrides:").next().unwrap();
    let ruleset = dir.path().join("nl.yaml");
    std::fs::write(&ruleset, without).unwrap();
    let found = findings(ruleset.to_str().unwrap());
    let casing = found.iter().find(|f| f.0 == "property-casing").unwrap();
    assert_eq!((casing.1.as_str(), casing.2, casing.3), ("warning", 43, 11));
    assert_eq!(casing.4, "Property permit_id is not camelCase");
}

#[test]
fn a_standards_style_ruleset_uses_aliases_extends_and_core_functions() {
    let found = findings("tests/data/rulesets/uk-style.yaml");
    assert!(has(&found, "servers-use-https", "error", 6, 10), "{found:#?}");
    assert!(
        found
            .iter()
            .any(|f| f.4 == "http://permits.gov.example/api/v1/ is not https")
    );
    assert!(has(&found, "operation-id-camel-case", "warning", 10, 20));
    assert!(has(&found, "query-params-have-schema", "error", 27, 7));
    assert!(has(&found, "info-has-terms-or-license", "warning", 3, 3));
    // Recommended spectral:oas rules come along; the one the ruleset turned off does not.
    assert!(has(&found, "oas3-server-trailing-slash", "warning", 6, 10));
    assert!(found.iter().any(|f| f.0 == "operation-tags"));
    assert!(!found.iter().any(|f| f.0 == "info-contact"));
}

#[test]
fn what_nifcheck_cannot_run_is_a_framework_error_naming_the_rule() {
    let (code, _, stderr) = run(&["lint", "--ruleset", "tests/data/rulesets/bad-function.yaml", API]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("rule `custom`") && stderr.contains("myJavascriptFunction"),
        "{stderr}"
    );
    assert!(stderr.contains("bad-function.yaml:5:17"), "{stderr}");
    let (code, _, stderr) = run(&["lint", "--ruleset", "tests/data/rulesets/bad-path.yaml", API]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("rule `script-path`") && stderr.contains("$.paths[(@.length-1)]"),
        "{stderr}"
    );
}

#[test]
fn the_reference_ruleset_loads_and_its_findings_carry_the_clause() {
    let (code, report) = report(&["lint", API]);
    assert_eq!(code, 1);
    let https = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "api-01-https-only")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert!(https["help"].as_str().unwrap().starts_with("API-01:"));
    assert_eq!(https["line"], 6);
}

#[test]
fn explain_knows_the_framework_ruleset_rules() {
    let (code, stdout, _) = run(&["explain", "api-23-no-nin-in-url"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("api-23-no-nin-in-url — ruleset rulesets/gov-api.spectral.yaml, severity: error"),
        "{stdout}"
    );
    assert!(stdout.contains("API-23: National identity numbers never appear in a URL"));
    let (code, _, stderr) = run(&["explain", "api-99"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no rule `api-99`"));
}

/// The specification's checks have the registry's severity; a ruleset that names them, or a
/// ruleset it extends, changes it.
#[test]
fn a_ruleset_sets_the_severity_of_a_specification_check() {
    let severities = |ruleset: Option<&str>| -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("base.yaml");
        std::fs::write(
            &base,
            "extends: spectral:oas\nrules:\n  oas3-operation-security-defined: info\n",
        )
        .unwrap();
        let file = dir.path().join("ruleset.yaml");
        let mut args = vec!["--framework", "none", "lint"];
        let path = file.display().to_string();
        if let Some(text) = ruleset {
            std::fs::write(&file, text).unwrap();
            args.extend(["--ruleset", path.as_str()]);
        }
        args.push("fixtures/rules/OAS006/fail_undefined_scheme.yaml");
        let (_, report) = report(&args);
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "OAS006")
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .collect()
    };
    let registry = severities(None);
    assert!(
        !registry.is_empty() && registry.iter().all(|s| s == "error"),
        "{registry:?}"
    );
    let extended = severities(Some("extends: spectral:oas\n"));
    assert_eq!(extended, registry);
    let changed = severities(Some(
        "extends: spectral:oas\nrules:\n  oas3-operation-security-defined: warn\n",
    ));
    assert!(changed.iter().all(|s| s == "warning") && changed.len() == registry.len());
    let inherited = severities(Some("extends: base.yaml\n"));
    assert!(inherited.iter().all(|s| s == "info") && inherited.len() == registry.len());
    let off = severities(Some(
        "extends: spectral:oas\nrules:\n  oas3-operation-security-defined: off\n",
    ));
    assert!(off.is_empty(), "{off:?}");
}

/// Findings per rule of `ruleset` on `api`, with `--framework none` (so only the specification
/// checks come along, under their codes).
fn counts_per_rule(ruleset: &str, api: &str) -> std::collections::BTreeMap<String, usize> {
    let (code, report) = report(&["--framework", "none", "lint", "--ruleset", ruleset, api]);
    assert!(code == 0 || code == 1, "{report:#}");
    let mut counts = std::collections::BTreeMap::new();
    for finding in report["findings"].as_array().unwrap() {
        *counts.entry(finding["rule"].as_str().unwrap().to_string()).or_default() += 1;
    }
    counts
}

fn expected(pairs: &[(&str, usize)]) -> std::collections::BTreeMap<String, usize> {
    pairs.iter().map(|(rule, n)| ((*rule).to_string(), *n)).collect()
}

/// A ruleset in the style of the Dutch API Design Rules linter (an empty casing separator,
/// JSONPath filters, spectral:oas rules named by severity) loads and finds what Spectral 6.16.3
/// finds with it, rule by rule (the counts were taken with Spectral on the same two files).
#[test]
fn a_logius_style_ruleset_loads_unchanged_and_finds_what_spectral_finds() {
    let mut found = counts_per_rule(
        "tests/data/rulesets/logius-style.yaml",
        "tests/data/rulesets/logius-api.yaml",
    );
    // The specification's own check sees the duplicate tag too; Spectral's ruleset has it off.
    assert_eq!(found.remove("OAS002"), Some(1));
    assert_eq!(
        found,
        expected(&[
            ("no-query-identifiers", 1),
            ("no-trailing-slash-on-servers", 1),
            ("openapi-tags-uniqueness", 1),
            ("operation-tag-defined", 1),
            ("path-segments-casing", 2),
            ("paths-kebab-case", 1),
            ("schema-names-pascal", 1),
            ("semver-in-info", 1),
            ("typed-enum", 1),
            ("version-header-on-success", 1),
        ])
    );
    let (_, report) = report(&[
        "--framework",
        "none",
        "lint",
        "--ruleset",
        "tests/data/rulesets/logius-style.yaml",
        "tests/data/rulesets/logius-api.yaml",
    ]);
    let header = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "version-header-on-success")
        .unwrap();
    // `{{path}}` is a JSON Pointer fragment to where the finding is, as Spectral writes it.
    assert_eq!(
        header["message"],
        "#/paths/~1vergunningen/get/responses/200 lacks the API-Version header"
    );
}

/// Every core function with every option its option schema allows, edge values included: the
/// ruleset loads, and each rule finds what Spectral 6.16.3 finds with it on the same file.
#[test]
fn every_core_function_option_spectral_accepts_is_accepted() {
    let found = counts_per_rule(
        "tests/data/rulesets/core-functions.yaml",
        "tests/data/rulesets/core-functions-api.yaml",
    );
    assert_eq!(
        found,
        expected(&[
            ("alphabetical-empty-options", 1),
            ("alphabetical-keyed", 1),
            ("alphabetical-no-options", 1),
            ("alphabetical-null-options", 1),
            ("casing-pascal", 1),
            ("casing-separator", 1),
            ("enumeration-empty", 1),
            ("enumeration-mixed", 2),
            ("length-max-fraction", 1),
            ("or-five", 1),
            ("pattern-match", 1),
            ("pattern-not-match-literal", 1),
            ("schema-draft2019", 1),
            ("schema-draft2020-all-errors", 2),
            ("schema-draft7", 1),
            ("truthy", 1),
            ("unreferenced", 1),
            ("xor-three", 1),
            ("xor-two", 1),
        ])
    );
}
