//! Every output format, snapshotted over one shared sample (`fixtures/render/`), so a new format
//! is covered once it is in `Format::ALL`.

use nifcheck::report::render::Format;

use super::util::{corpus, run};

fn name(format: Format) -> &'static str {
    format.name()
}

#[test]
fn every_format_renders_the_shared_sample() {
    for format in Format::ALL {
        let (code, stdout, stderr) = run(&["--format", name(format), "validate", "fixtures/render"]);
        assert_eq!(code, 1, "{stderr}");
        // The framework digest changes with every edit of the reference framework; it is tested
        // on its own, so snapshots do not churn with it.
        insta::with_settings!({ filters => vec![(r"sha256:[0-9a-f]{64}", "sha256:[digest]")] }, {
            insta::assert_snapshot!(format!("format_{}", name(format)), stdout);
        });
    }
}

#[test]
fn reports_are_reproducible_byte_for_byte() {
    for format in Format::ALL {
        let first = run(&[
            "--format",
            name(format),
            "validate",
            "fixtures/render",
            "fixtures/payloads",
        ])
        .1;
        let second = run(&[
            "--format",
            name(format),
            "validate",
            "fixtures/payloads",
            "fixtures/render",
        ])
        .1;
        assert_eq!(
            first,
            second,
            "{} output depends on argument order or timing",
            name(format)
        );
    }
}

#[test]
fn sarif_follows_the_official_schema() {
    let Some(path) = corpus("sarif/sarif-schema-2.1.0.json") else {
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    for args in [
        &["validate", "fixtures/render"][..],
        &["validate", "fixtures/payloads"],
        &["validate", "fixtures/rules/PAY002/pass_conforming.json"],
    ] {
        let mut all = vec!["--format", "sarif"];
        all.extend_from_slice(args);
        let sarif: serde_json::Value = serde_json::from_str(&run(&all).1).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{}: {e}", e.instance_path().as_str()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn human_output_has_no_colour_when_asked() {
    let (_, stdout, _) = run(&["validate", "fixtures/render"]);
    assert!(!stdout.contains('\u{1b}'), "escape codes in non-terminal output");
    let (_, stdout, _) = run(&["--color", "always", "validate", "fixtures/render"]);
    assert!(stdout.contains('\u{1b}'), "--color always should colour");
}

#[test]
fn every_format_renders_a_lint_report() {
    for format in Format::ALL {
        let (code, stdout, stderr) = run(&[
            "--format",
            name(format),
            "--framework",
            "none",
            "lint",
            "fixtures/rules/OAS005/fail_mismatched_parameters.yaml",
            "fixtures/rules/OAS008/fail_example_breaks_schema.yaml",
        ]);
        assert_eq!(code, 1, "{stderr}");
        insta::assert_snapshot!(format!("lint_format_{}", name(format)), stdout);
    }
}

#[test]
fn gitlab_code_quality_has_what_gitlab_reads() {
    for args in [
        &["validate", "fixtures/render", "fixtures/payloads"][..],
        &["lint", "fixtures/apis/noncompliant/openapi.yaml"],
    ] {
        let mut all = vec!["--format", "gitlab", "--fail-on", "never"];
        all.extend_from_slice(args);
        let (code, stdout, stderr) = run(&all);
        assert_eq!(code, 0, "{stderr}");
        let issues: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let issues = issues.as_array().unwrap();
        assert!(!issues.is_empty());
        let mut fingerprints = std::collections::BTreeSet::new();
        for issue in issues {
            assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()), "{issue}");
            assert!(issue["check_name"].as_str().is_some(), "{issue}");
            let severity = issue["severity"].as_str().unwrap();
            assert!(
                ["info", "minor", "major", "critical", "blocker"].contains(&severity),
                "{issue}"
            );
            assert!(issue["location"]["path"].as_str().is_some(), "{issue}");
            assert!(
                issue["location"]["lines"]["begin"].as_u64().is_some_and(|l| l >= 1),
                "{issue}"
            );
            let fingerprint = issue["fingerprint"].as_str().unwrap().to_string();
            assert!(fingerprints.insert(fingerprint), "a fingerprint twice: {issue}");
        }
    }
}
