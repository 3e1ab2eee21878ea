//! `nifcheck validate`: choosing the schema, inputs, thresholds and output files.

use super::util::{nifcheck, places, report, run, temp_files};

const PERSON: &str = "fixtures/payloads/person/riverside-resident.json";

#[test]
fn a_conforming_payload_exits_zero() {
    let (code, stdout, _) = run(&["validate", PERSON]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("conforms: 0 errors"), "{stdout}");
}

#[test]
fn every_error_is_reported_with_its_place() {
    let (code, report) = report(&["validate", "fixtures/rules/PAY002/fail_pattern_and_date.json"]);
    assert_eq!(code, 1);
    assert_eq!(places(&report), [("PAY002".into(), 3, 10), ("PAY002".into(), 5, 16)]);
    assert_eq!(report["findings"][0]["pointer"], "/nin");
    assert_eq!(report["findings"][0]["standard"], "person@1.2.0");
    assert_eq!(
        report["findings"][1]["help"],
        "expected a calendar date written YYYY-MM-DD (RFC 3339 full-date), such as 2024-02-29"
    );
    assert_eq!(report["summary"]["conforms"], false);
}

#[test]
fn missing_properties_point_at_the_object_and_unexpected_ones_at_their_key() {
    let (_, report) = report(&["validate", "fixtures/payloads/person/misspelled-property.json"]);
    let findings = report["findings"].as_array().unwrap();
    let required = findings
        .iter()
        .find(|f| f["message"].as_str().unwrap().starts_with("missing"))
        .unwrap();
    assert_eq!(
        (
            required["pointer"].as_str(),
            required["line"].as_u64(),
            required["column"].as_u64()
        ),
        (Some(""), Some(1), Some(1))
    );
    let unexpected = findings
        .iter()
        .find(|f| f["message"] == "unexpected property \"birthdate\"")
        .unwrap();
    assert_eq!(unexpected["pointer"], "/birthdate");
    assert_eq!(
        unexpected["help"],
        "did you mean \"birthDate\"? the standard requires it here"
    );
    let text =
        std::fs::read_to_string(super::util::root().join("fixtures/payloads/person/misspelled-property.json")).unwrap();
    let line = text
        .lines()
        .nth(unexpected["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    assert_eq!(
        line.chars().nth(unexpected["column"].as_u64().unwrap() as usize - 1),
        Some('"')
    );
    assert!(line.contains("\"birthdate\""));
}

#[test]
fn a_code_list_of_a_folder_framework_that_does_not_load_stops_the_compile() {
    // A list read from a folder is loaded when the schema naming it compiles, so its error is
    // the schema's (exit 2), before any payload is checked, valid or not.
    let dir = temp_files(&[
        (
            "framework.toml",
            b"[framework]\nid = \"t\"\nversion = \"1\"\ntitle = \"t\"\npublisher = \"p\"\nlevels = [\"national\"]\n\n[[standards]]\nid = \"thing\"\nversion = \"1.0.0\"\ntitle = \"Thing\"\nstatus = \"mandatory\"\njson-schema = \"thing.json\"\n\n[[code-lists]]\nid = \"colour\"\nversion = \"1\"\ntitle = \"Colours\"\nfile = \"colour.csv\"\n",
        ),
        ("colour.csv", b"code,label\nRED,Red\nRED,Crimson\n"),
        (
            "thing.json",
            br#"{"type": "object", "properties": {"colour": {"type": "string", "x-codelist": "colour"}}}"#,
        ),
        ("p.json", br#"{"size": 1}"#),
    ]);
    let framework = dir.path().display().to_string();
    let payload = dir.path().join("p.json").display().to_string();
    let (code, _, stderr) = run(&["--framework", &framework, "validate", "--standard", "thing", &payload]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("x-codelist `colour`"), "{stderr}");
    assert!(stderr.contains("code `RED` appears twice"), "{stderr}");
}

#[test]
fn standard_option_picks_the_newest_matching_version() {
    let (code, report) = report(&[
        "validate",
        "--standard",
        "person@1",
        "fixtures/rules/PAY002/pass_conforming.json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"], serde_json::json!([]));
    let (code, _, stderr) = run(&["validate", "--standard", "person@9", PERSON]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no standard matches `person@9`") && stderr.contains("person@1.2.0"),
        "{stderr}"
    );
}

/// The version in force is the mandatory one, even when a newer version is recommended or a
/// draft: the reference framework has address 2.0.0 mandatory and 2.1.0 recommended.
#[test]
fn standard_option_without_a_version_means_the_version_in_force() {
    let dir = temp_files(&[("address.json", br#"{"line1": 7}"#)]);
    let payload = dir.path().join("address.json").display().to_string();
    let (code, in_force) = report(&["validate", "--standard", "address", &payload]);
    assert_eq!(code, 1);
    assert_eq!(in_force["findings"][0]["standard"], "address@2.0.0", "{in_force:#}");
    let (_, newer) = report(&["validate", "--standard", "address@2.1", &payload]);
    assert_eq!(newer["findings"][0]["standard"], "address@2.1.0", "{newer:#}");
    let (code, stdout, _) = run(&["framework", "show", "address"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("address@2.0.0"), "{stdout}");
}

#[test]
fn schema_option_takes_any_json_schema_and_its_relative_refs() {
    let dir = temp_files(&[
        ("schema.json", br#"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"id": {"$ref": "defs.json#/definitions/id"}}}"#),
        ("defs.json", br#"{"definitions": {"id": {"type": "string", "format": "date"}}}"#),
        ("good.json", br#"{"id": "2024-02-29"}"#),
        ("bad.json", br#"{"id": "2023-02-29"}"#),
    ]);
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (code, report) = report(&[
        "validate",
        "--framework",
        "none",
        "--schema",
        &path("schema.json"),
        &path("good.json"),
        &path("bad.json"),
    ]);
    assert_eq!(code, 1);
    assert_eq!(report["framework"], serde_json::Value::Null);
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert_eq!(report["findings"][0]["message"], "\"2023-02-29\" is not a valid date");
    let (code, _) = super::util::report(&[
        "validate",
        "--no-formats",
        "--schema",
        &path("schema.json"),
        &path("bad.json"),
    ]);
    assert_eq!(code, 0);
}

#[test]
fn remote_references_are_refused_as_findings() {
    let dir = temp_files(&[
        (
            "schema.json",
            br#"{"properties": {"a": {"$ref": "https://evil.example.net/x.json"}, "b": {"$ref": "../outside.json"}}}"#,
        ),
        ("p.json", b"{\"a\": 1, \"b\": 2}"),
    ]);
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (code, report) = report(&["validate", "--schema", &path("schema.json"), &path("p.json")]);
    assert_eq!(code, 1);
    let found = super::util::pairs(&report, "rule", "pointer");
    assert_eq!(
        found,
        [("FWK001", "/a"), ("FWK001", "/b")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(
        report["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("https://evil.example.net/x.json")
    );
    assert!(
        report["findings"][1]["message"]
            .as_str()
            .unwrap()
            .contains("outside the schema's folder")
    );
}

#[test]
fn project_file_maps_globs_to_standards() {
    let dir = temp_files(&[
        ("nifcheck.toml", b"[[validate]]\nfiles = \"people/*.json\"\nstandard = \"person@1.2\"\n"),
        ("people/ana.json", br#"{"nin": "19840312345", "name": {"givenName": "Ana", "familyName": "Moreno"}, "birthDate": "1984-02-30"}"#),
    ]);
    let out = nifcheck(&["--format", "json", "validate", "people"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"][0]["standard"], "person@1.2.0");
    assert_eq!(report["findings"][0]["pointer"], "/birthDate");
}

#[test]
fn a_payload_without_any_schema_is_a_usage_error_with_a_hint() {
    let dir = temp_files(&[("p.json", b"{\"a\": 1}")]);
    let (code, _, stderr) = run(&["validate", &dir.path().join("p.json").display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no schema to validate it against") && stderr.contains("--standard"),
        "{stderr}"
    );
}

#[test]
fn unreadable_inputs_are_tool_errors_naming_the_file() {
    let (code, _, stderr) = run(&["validate", "fixtures/payloads/person/does-not-exist.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("does-not-exist.json"), "{stderr}");
    let (code, _, stderr) = run(&["validate", "fixtures/payloads/*.xml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no file matches"), "{stderr}");
}

#[test]
fn stdin_is_read_as_one_document_or_as_lines() {
    let text = std::fs::read(super::util::root().join("fixtures/rules/PAY004/fail_unknown_country.json")).unwrap();
    let out = nifcheck(&["--format", "json", "validate", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"][0]["file"], "<stdin>");
    assert_eq!(report["findings"][0]["rule"], "PAY004");
    let lines = "{\"a\": 1}\n\n{\"a\": \"x\"}\n";
    let out = nifcheck(&[
        "--format",
        "json",
        "--framework",
        "none",
        "validate",
        "--ndjson",
        "--schema",
        "tests/data/int-a.schema.json",
        "-",
    ])
    .write_stdin(lines)
    .output()
    .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["documents"], 2);
    assert_eq!(report["findings"][0]["line"], 3);
}

#[test]
fn ndjson_findings_carry_the_line_of_the_file() {
    let (code, report) = report(&["validate", "fixtures/payloads/person/people.ndjson"]);
    assert_eq!(code, 1);
    let errors: Vec<u64> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(errors, [7, 12, 17]);
    assert_eq!(report["summary"]["documents"], 20);
}

#[test]
fn fail_on_sets_the_threshold() {
    let deprecated = "fixtures/rules/PAY007/fail_deprecated_version.json";
    assert_eq!(run(&["validate", deprecated]).0, 0);
    assert_eq!(run(&["--fail-on", "warning", "validate", deprecated]).0, 1);
    assert_eq!(
        run(&[
            "--fail-on",
            "never",
            "validate",
            "fixtures/rules/PAY002/fail_pattern_and_date.json"
        ])
        .0,
        0
    );
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.sarif");
    let (code, stdout, _) = run(&[
        "--format",
        "sarif",
        "--output",
        &target.display().to_string(),
        "validate",
        "fixtures/payloads/payment",
    ]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["version"], "2.1.0");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn exceptions_in_force_waive_findings_and_expired_ones_do_not() {
    let dir = temp_files(&[
        ("fw/framework.toml", include_bytes!("../data/waiver-framework.toml")),
        ("fw/person.schema.json", br#"{"type": "object", "required": ["nin"]}"#),
        ("health/p.json", b"{}"),
        ("tax/p.json", b"{}"),
    ]);
    let fw = dir.path().join("fw").display().to_string();
    let out = nifcheck(&[
        "--format",
        "json",
        "--framework",
        &fw,
        "validate",
        "--standard",
        "person",
        "health/p.json",
        "tax/p.json",
    ])
    .current_dir(dir.path())
    .output()
    .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let severities = super::util::pairs(&report, "file", "severity");
    assert_eq!(
        severities,
        [("health/p.json", "info"), ("tax/p.json", "error")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(
        report["findings"][0]["waived_by"]
            .as_str()
            .unwrap()
            .contains("until 2099-12-31")
    );
    assert_eq!(out.status.code(), Some(1));
}
