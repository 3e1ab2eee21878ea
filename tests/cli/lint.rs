//! `nifcheck lint`: loading JSON and YAML across files, the specification's checks, rulesets,
//! exit codes and hostile input.

use super::util::{pairs, places, report, run, temp_files};

const MINIMAL: &str = "openapi: 3.1.0\ninfo:\n  title: Register\n  version: 1.0.0\npaths: {}\n";

#[test]
fn a_clean_description_conforms_without_a_framework() {
    let dir = temp_files(&[("api.yaml", MINIMAL.as_bytes())]);
    let path = dir.path().join("api.yaml");
    let (code, report) = report(&["--framework", "none", "lint", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["score"], 100);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn json_and_yaml_place_the_same_problem_alike() {
    let yaml = "openapi: 3.1.0\ninfo:\n  title: Register\n  version: 1.0.0\npaths:\n  /a/{id}:\n    get:\n      responses: {}\n";
    let json = "{\n\"openapi\": \"3.1.0\",\n\"info\": {\"title\": \"Register\", \"version\": \"1.0.0\"},\n\"paths\": {\n  \"/a/{id}\": {\n    \"get\": {\"responses\": {}}}}}\n";
    let dir = temp_files(&[("api.yaml", yaml.as_bytes()), ("api.json", json.as_bytes())]);
    for (name, line, column) in [("api.yaml", 7, 5), ("api.json", 6, 5)] {
        let path = dir.path().join(name);
        let (code, report) = report(&["--framework", "none", "lint", path.to_str().unwrap()]);
        assert_eq!(code, 1);
        let found = places(&report);
        assert!(
            found.contains(&("OAS005".to_string(), line, column)),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn references_across_files_resolve_and_broken_ones_are_placed_in_their_file() {
    let (code, report) = report(&["--framework", "none", "lint", "tests/data/lint/multi/openapi.yaml"]);
    assert_eq!(code, 1);
    let found: Vec<(String, String)> = pairs(&report, "rule", "file");
    assert!(
        found.contains(&("OAS003".into(), "tests/data/lint/multi/openapi.yaml".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "OAS003".into(),
            "tests/data/lint/multi/schemas/registration.yaml".into()
        )),
        "{found:?}"
    );
    // The example is checked against the schema in the other file: registrationId is a string.
    let example = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "OAS008")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(example["line"], 19);
    assert!(example["message"].as_str().unwrap().contains("\"string\""));
    assert_eq!(
        example["related"][0]["file"],
        "tests/data/lint/multi/schemas/registration.yaml"
    );
}

#[test]
fn remote_references_are_refused_without_an_allowed_host() {
    let text = format!("{MINIMAL}components:\n  schemas:\n    P:\n      $ref: 'https://schemas.example.org/p.json'\n");
    let dir = temp_files(&[("api.yaml", text.as_bytes())]);
    let path = dir.path().join("api.yaml");
    let (code, report) = report(&["--framework", "none", "lint", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "OAS003");
    assert_eq!(finding["line"], 9);
    assert!(finding["message"].as_str().unwrap().contains("refused"));
}

#[test]
fn yaml_1_2_keeps_norway_a_string_and_duplicate_keys_are_findings() {
    let text = "openapi: 3.1.0\ninfo:\n  title: Register\n  version: 1.0.0\n  title: Again\npaths: {}\ncomponents:\n  schemas:\n    Country:\n      type: string\n      enum: [NO, SE]\n      example: NO\n";
    let dir = temp_files(&[("api.yaml", text.as_bytes())]);
    let path = dir.path().join("api.yaml");
    let (code, report) = report(&["--framework", "none", "lint", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(places(&report), vec![("PAY003".to_string(), 5, 3)]);
}

#[test]
fn hostile_yaml_is_a_finding_not_a_crash() {
    let mut bomb = String::from("openapi: 3.1.0\na: &a [x, x, x, x, x, x, x, x, x]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, name) = (pair[0], pair[1]);
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    let deep = format!("openapi: 3.1.0\nx: {}\n", "[".repeat(50_000));
    let dir = temp_files(&[
        ("bomb.yaml", bomb.as_bytes()),
        ("deep.yaml", deep.as_bytes()),
        ("bin.yaml", &[0xff, 0xfe, 0]),
    ]);
    for name in ["bomb.yaml", "deep.yaml", "bin.yaml"] {
        let path = dir.path().join(name);
        let (code, report) = report(&["--framework", "none", "lint", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}");
        let finding = &report["findings"][0];
        assert_eq!(finding["rule"], "PAY001", "{name}: {report:#}");
        assert!(finding["line"].as_u64().is_some(), "{name}");
    }
}

#[test]
fn swagger_2_is_reported_at_its_version() {
    let (code, report) = report(&[
        "--framework",
        "none",
        "lint",
        "fixtures/rules/OAS001/fail_swagger_2.yaml",
    ]);
    assert_eq!(code, 1);
    assert_eq!(places(&report), vec![("OAS001".to_string(), 1, 10)]);
}

#[test]
fn unreadable_files_and_empty_folders_are_tool_errors() {
    let (code, _, stderr) = run(&["lint", "no/such/api.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/api.yaml"), "{stderr}");
    let dir = temp_files(&[("notes.txt", b"x")]);
    let (code, _, stderr) = run(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no API descriptions found"), "{stderr}");
}
