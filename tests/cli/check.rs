//! `nifcheck check`: one agency as a CI gate, with and without its government and a baseline.

use std::path::Path;

use super::util::{report, root, run, temp_files};

const AGENCIES: &str = "fixtures/government/agencies";

/// Copies a fixture folder (flat, with one level of subfolders) into `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn rules_of(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_conforming_agency_passes() {
    let (code, report) = report(&["check", &format!("{AGENCIES}/prov-north-admin")]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["errors"], 0);
    let files = report["summary"]["files"].as_u64().unwrap();
    assert!(files >= 4, "manifest, description, profile and sample: {files}");
}

#[test]
fn a_failing_agency_fails_with_a_witness_at_its_manifest_entry() {
    let (code, report) = report(&["check", &format!("{AGENCIES}/prov-south-admin")]);
    assert_eq!(code, 1);
    let profile = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "GOV010")
        .expect("GOV010");
    assert_eq!(profile["agency"], "prov-south-admin");
    assert_eq!(profile["kind"], "vertical");
    assert_eq!(profile["pointer"], "/profiles/0");
    assert_eq!(profile["file"], format!("{AGENCIES}/prov-south-admin/agency.toml"));
    assert_eq!(profile["line"], 13);
    assert!(profile["witness"].is_object());
    assert!(
        profile["related"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("address-south.schema.json")
    );
    // Every finding names an agency: this one, or a consumer whose expectation of it fails
    // (check takes in what its consumers expect of it).
    for finding in report["findings"].as_array().unwrap() {
        let about_this_agency = finding["agency"] == "prov-south-admin"
            || finding["related"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["message"].as_str().unwrap_or_default().contains("prov-south-admin"));
        assert!(about_this_agency, "{finding:#}");
    }
}

#[test]
fn the_human_report_and_every_format_work() {
    let dir = format!("{AGENCIES}/loc-riverside-city");
    let (code, stdout, _) = run(&["check", &dir]);
    assert_eq!(code, 1);
    assert!(stdout.contains("GOV030") && stdout.contains("GOV013"), "{stdout}");
    insta::assert_snapshot!("check_human_loc_riverside_city", stdout);
    for format in ["sarif", "junit", "github"] {
        let (code, stdout, stderr) = run(&["check", &dir, "--format", format]);
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(stdout.contains("GOV030"), "{format}: {stdout}");
    }
}

#[test]
fn the_government_is_found_or_named() {
    let dir = format!("{AGENCIES}/nat-treasury");
    let (found, by_search) = report(&["check", &dir]);
    let (named, by_flag) = report(&["check", &dir, "--government", "fixtures/government"]);
    assert_eq!((found, named), (1, 1));
    assert_eq!(rules_of(&by_search), rules_of(&by_flag));
    assert!(rules_of(&by_flag).contains(&"GOV021".to_string()));
    // The government's check date stands when --as-of is not given: `as-of = "2026-06-30"`.
    let (code, stdout, _) = run(&["check", &dir, "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
}

#[test]
fn an_agency_outside_the_named_government_is_refused() {
    let (code, _, stderr) = run(&[
        "check",
        "fixtures/rules/GOV030/fail_optional_member_missing",
        "--government",
        "fixtures/government",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("outside the folder"), "{stderr}");
}

#[test]
fn a_path_escaping_the_agency_folder_is_exit_2_at_its_line() {
    let dir = temp_files(&[(
        "agency/agency.toml",
        b"[agency]\nid = \"nat-civil-registry\"\nname = \"Civil Registry Office\"\nlevel = \"national\"\n\n[[profiles]]\nschema = \"../../secret.schema.json\"\nprofile-of = \"address@2.0.0\"\n",
    )]);
    let folder = dir.path().join("agency");
    let (code, _, stderr) = run(&["check", folder.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("leaves the folder"), "{stderr}");
    assert!(stderr.contains("agency.toml:7:10"), "{stderr}");
}

#[test]
fn a_broken_manifest_is_exit_2_at_its_line_and_column() {
    let dir = temp_files(&[(
        "agency/agency.toml",
        b"[agency]\nid = \"nat-civil-registry\"\nname = \"Civil Registry Office\"\nlevel = \"nationall\"\n",
    )]);
    let folder = dir.path().join("agency");
    let (code, _, stderr) = run(&["check", folder.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a level"), "{stderr}");
    assert!(stderr.contains("agency.toml:4:9"), "{stderr}");
    let dir = temp_files(&[(
        "agency/agency.toml",
        b"[agency]\nid = \"x\"\nname = 3\nlevel = \"national\"\n",
    )]);
    let (code, _, stderr) = run(&["check", dir.path().join("agency").to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("agency.toml:3:1"), "{stderr}");
    assert!(stderr.contains("is not of type \"string\""), "{stderr}");
}

#[test]
fn a_folder_without_agency_toml_is_a_usage_error() {
    let (code, _, stderr) = run(&["check", "fixtures/payloads"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("holds no agency.toml"), "{stderr}");
}

#[test]
fn a_baseline_fails_only_on_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let agency = dir.path().join("agency");
    copy_folder(&root().join("fixtures/rules/GOV012/fail_deprecated_claim"), &agency);
    let agency_arg = agency.to_str().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline_arg = baseline.to_str().unwrap();
    let (code, _, _) = run(&["check", agency_arg, "--format", "json", "--output", baseline_arg]);
    assert_eq!(code, 1, "the deprecated claim fails without a baseline");

    // The same findings: kept, waived, and the run passes.
    let (code, same) = report(&["check", agency_arg, "--baseline", baseline_arg]);
    assert_eq!(code, 0, "{same:#}");
    let findings = same["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["severity"] == "info"));
    assert!(
        findings
            .iter()
            .all(|f| f["waived_by"].as_str().is_some_and(|w| w.starts_with("baseline ")))
    );

    // One new finding: only it counts.
    let mut manifest = std::fs::read_to_string(agency.join("agency.toml")).unwrap();
    manifest.push_str("\n[[samples]]\nfiles = \"sample.json\"\nstandard = \"address@2.0.0\"\nexpect = \"invalid\"\n");
    std::fs::write(agency.join("agency.toml"), manifest).unwrap();
    std::fs::write(
        agency.join("sample.json"),
        br#"{"street": "Quay Street", "locality": "Riverside", "postcode": "10421", "district": "EX-NO-01", "province": "EX-NO", "country": "EX"}"#,
    )
    .unwrap();
    let (code, new) = report(&["check", agency_arg, "--baseline", baseline_arg]);
    assert_eq!(code, 1);
    let counted: Vec<&serde_json::Value> = new["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["waived_by"].is_null())
        .collect();
    assert_eq!(counted.len(), 1, "{counted:#?}");
    assert_eq!(counted[0]["rule"], "GOV030");
    assert_eq!(new["summary"]["errors"], 1);
}

#[test]
fn a_baseline_that_is_not_a_report_is_exit_2() {
    let dir = temp_files(&[("old.json", b"[1, 2]")]);
    let old = dir.path().join("old.json");
    let (code, _, stderr) = run(&[
        "check",
        &format!("{AGENCIES}/prov-north-admin"),
        "--baseline",
        old.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a nifcheck JSON report"), "{stderr}");
}
