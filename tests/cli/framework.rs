//! `nifcheck framework list|show|verify`, and broken frameworks.

use super::util::{run, temp_files};

#[test]
fn list_shows_standards_and_code_lists() {
    let (code, stdout, _) = run(&["framework", "list"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("person@1.2.0") && stdout.contains("mandatory") && stdout.contains("district@"),
        "{stdout}"
    );
    let (code, stdout, _) = run(&["framework", "list", "--format", "json"]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(list["framework"]["id"], "examplia-nif");
    assert!(list["standards"].as_array().unwrap().len() >= 15);
}

#[test]
fn show_describes_a_standard_or_a_code_list() {
    let (code, stdout, _) = run(&["framework", "show", "person@1.2"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("person@1.2.0 — Person (mandatory)"), "{stdout}");
    assert!(stdout.contains("* nin"), "{stdout}");
    let (code, stdout, _) = run(&["framework", "show", "district", "--format", "json"]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let retired = list["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "EX-NO-03")
        .unwrap();
    assert_eq!(retired["valid_to"], "2023-06-30");
}

#[test]
fn verify_compiles_everything() {
    let (code, stdout, _) = run(&["framework", "verify"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("15 standards compile"), "{stdout}");
}

#[test]
fn a_broken_manifest_points_at_line_and_column() {
    let dir = temp_files(&[(
        "framework.toml",
        b"[framework]\nid = \"Bad Id\"\nversion = \"1\"\ntitle = \"t\"\npublisher = \"p\"\nlevels = [\"national\"]\n",
    )]);
    let (code, _, stderr) = run(&["--framework", &dir.path().display().to_string(), "framework", "list"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("framework.toml:2:1") || stderr.contains("framework.toml:2:6"),
        "{stderr}"
    );
    assert!(stderr.contains("does not match"), "{stderr}");
}

#[test]
fn a_broken_schema_points_into_the_schema_file() {
    let dir = temp_files(&[
        (
            "framework.toml",
            b"[framework]\nid = \"t\"\nversion = \"1\"\ntitle = \"t\"\npublisher = \"p\"\nlevels = [\"national\"]\n\n[[standards]]\nid = \"person\"\nversion = \"1.0.0\"\ntitle = \"Person\"\nstatus = \"mandatory\"\njson-schema = \"person.json\"\n",
        ),
        ("person.json", b"{\n  \"type\": \"object\",\n  \"properties\": {\n    \"nin\": {\"type\": \"strng\"}\n  }\n}\n"),
    ]);
    let (code, _, stderr) = run(&["--framework", &dir.path().display().to_string(), "framework", "verify"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("person.json:4:"), "{stderr}");
    let (code, _, stderr) = run(&["--framework", "/nonexistent/framework", "framework", "list"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("has no framework.toml"), "{stderr}");
}
