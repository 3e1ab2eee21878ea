//! `nifcheck diff` and the evolution check of `framework verify`.

use super::util::{report, run, temp_files};
use nifcheck::source::PlainNumbers;

fn rules_of(report: &serde_json::Value) -> Vec<(String, String)> {
    super::util::pairs(report, "rule", "message")
}

#[test]
fn compatible_minor_versions_exit_zero() {
    let (code, report) = report(&["diff", "person@1.1", "person@1.2"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["verdict"], "compatible");
}

#[test]
fn a_breaking_major_version_comes_with_a_witness() {
    let (code, report) = report(&["diff", "address@1.0", "address@2.0"]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["verdict"], "incompatible");
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "EVO001");
    assert!(finding["witness"].is_object(), "{finding:#}");
    // The witness really is valid under 1.0 and invalid under 2.0.
    let dir = temp_files(&[("w.json", finding["witness"].to_string().as_bytes())]);
    let w = dir.path().join("w.json").display().to_string();
    assert_eq!(run(&["validate", "--standard", "address@1.0.0", &w]).0, 0);
    assert_eq!(run(&["validate", "--standard", "address@2.0.0", &w]).0, 1);
}

#[test]
fn directions_decide_which_way_inclusion_must_hold() {
    let dir = temp_files(&[
        ("old.json", br#"{"type": "string", "enum": ["F", "M"]}"#),
        ("new.json", br#"{"type": "string", "enum": ["F", "M", "X"]}"#),
    ]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    let (code, _) = report(&["diff", &path("old.json"), &path("new.json")]);
    assert_eq!(code, 0, "widening is backward compatible");
    let (code, report) = report(&["diff", "--direction", "forward", &path("old.json"), &path("new.json")]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["rule"], "EVO002");
    assert_eq!(report["findings"][0]["witness"], "X");
    let (code, report) = super::util::report(&["diff", "--direction", "full", &path("old.json"), &path("new.json")]);
    assert_eq!((code, report["findings"].as_array().unwrap().len()), (1, 1));
}

/// diff goes through the same collect step as every command: the framework's exceptions waive
/// its findings, and `--fail-on` decides the exit code.
#[test]
fn exceptions_waive_and_fail_on_decides() {
    let dir = temp_files(&[
        (
            "fw/framework.toml",
            b"[framework]\nid = \"t\"\nversion = \"1\"\ntitle = \"t\"\npublisher = \"p\"\nlevels = [\"national\"]\n\n[[exceptions]]\nrule = \"EVO001\"\nscope = \"**/waived/*.json\"\nowner = \"o\"\nreason = \"r\"\nexpires = \"2999-12-31\"\n",
        ),
        ("waived/old.json", br#"{"type": "string", "maxLength": 9}"#),
        ("waived/new.json", br#"{"type": "string", "maxLength": 5}"#),
    ]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    let framework = path("fw");
    let (code, report) = report(&[
        "--framework",
        &framework,
        "diff",
        &path("waived/old.json"),
        &path("waived/new.json"),
    ]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["findings"][0]["rule"], "EVO001");
    assert_eq!(report["findings"][0]["severity"], "info");
    assert_eq!(report["summary"]["verdict"], "incompatible");
    let (code, _, _) = run(&[
        "diff",
        "--fail-on",
        "never",
        &path("waived/old.json"),
        &path("waived/new.json"),
    ]);
    assert_eq!(code, 0);
    let (code, _, _) = run(&["diff", &path("waived/old.json"), &path("waived/new.json")]);
    assert_eq!(code, 1);
}

#[test]
fn undecided_pairs_say_why_and_fail() {
    let dir = temp_files(&[
        ("old.json", br#"{"type": "string", "pattern": "^(?=a)[a-z]+$"}"#),
        ("new.json", br#"{"type": "string", "pattern": "^[a-z]+$"}"#),
    ]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    let (code, report) = report(&["diff", &path("old.json"), &path("new.json")]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["verdict"], "unknown");
    assert_eq!(report["findings"][0]["rule"], "EVO003");
    let (code, _, _) = run(&["diff", "--fail-on", "error", &path("old.json"), &path("new.json")]);
    assert_eq!(code, 0);
}

#[test]
fn openapi_descriptions_are_compared_per_operation() {
    let (code, report) = report(&["diff", "tests/data/openapi/v1.json", "tests/data/openapi/v2.json"]);
    assert_eq!(code, 1);
    let rules = rules_of(&report);
    let codes: Vec<&str> = rules.iter().map(|(r, _)| r.as_str()).collect();
    for expected in ["EVO010", "EVO011", "EVO012", "EVO013", "EVO014"] {
        assert!(codes.contains(&expected), "{expected} missing from {rules:#?}");
    }
    let removed = rules.iter().find(|(r, _)| r == "EVO010").unwrap();
    assert!(removed.1.contains("DELETE /v1/persons/{nin}"), "{removed:?}");
    assert!(
        !rules.iter().any(|(r, m)| r == "EVO010" && m.contains("GET")),
        "a renamed path variable is the same operation"
    );
    insta::assert_json_snapshot!("diff_openapi", PlainNumbers(&report["findings"]));
}

#[test]
fn verify_fails_when_a_minor_version_narrows() {
    let dir = temp_files(&[
        (
            "framework.toml",
            b"[framework]\nid = \"t\"\nversion = \"1\"\ntitle = \"t\"\npublisher = \"p\"\nlevels = [\"national\"]\n\n[[standards]]\nid = \"person\"\nversion = \"1.0.0\"\ntitle = \"P\"\nstatus = \"mandatory\"\njson-schema = \"p1.json\"\n\n[[standards]]\nid = \"person\"\nversion = \"1.1.0\"\ntitle = \"P\"\nstatus = \"mandatory\"\njson-schema = \"p2.json\"\n",
        ),
        ("p1.json", br#"{"type": "object", "properties": {"name": {"type": "string", "maxLength": 100}}}"#),
        ("p2.json", br#"{"type": "object", "properties": {"name": {"type": "string", "maxLength": 50}}}"#),
    ]);
    let framework = dir.path().display().to_string();
    let (code, stdout, _) = run(&["--framework", &framework, "framework", "verify"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("person@1.1.0 rejects a payload that person@1.0.0 accepts") && stdout.contains("FWK002"),
        "{stdout}"
    );
    for format in ["json", "sarif", "junit", "github", "tar", "markdown"] {
        let (code, stdout, stderr) = run(&["--framework", &framework, "framework", "verify", "--format", format]);
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(stdout.contains("FWK002"), "{format}: {stdout}");
    }
    let (_, report) = report(&["--framework", &framework, "framework", "verify"]);
    let finding = &report["findings"][0];
    assert_eq!(
        (&finding["rule"], &finding["standard"]),
        (&"FWK002".into(), &"person@1.1.0".into())
    );
    assert!(
        finding["witness"]["name"]
            .as_str()
            .is_some_and(|n| n.chars().count() > 50),
        "{finding}"
    );
    assert_eq!(report["verification"]["evolution"][0]["verdict"], "incompatible");
    let (code, _, _) = run(&["--framework", &framework, "framework", "verify", "--fail-on", "never"]);
    assert_eq!(code, 0);
}

#[test]
fn code_lists_are_compared_code_by_code() {
    let dir = temp_files(&[
        ("sex.json", br#"{"type": "string", "x-codelist": "sex"}"#),
        ("sex-v2.json", br#"{"type": "string", "x-codelist": "sex-v2"}"#),
        (
            "person.json",
            br#"{"type": "object", "properties": {"sex": {"type": "string", "x-codelist": "sex"}}}"#,
        ),
        (
            "person-v2.json",
            br#"{"type": "object", "properties": {"sex": {"type": "string", "x-codelist": "sex-v2"}}}"#,
        ),
    ]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    let (code, same) = report(&["diff", &path("sex.json"), &path("sex.json")]);
    assert_eq!((code, same["summary"]["verdict"].as_str()), (0, Some("compatible")));
    let (code, report) = report(&["diff", &path("person.json"), &path("person-v2.json")]);
    assert_eq!(code, 1);
    let witness = &report["findings"][0]["witness"];
    let sex = witness["sex"].as_str().unwrap();
    assert!(["F", "M", "X", "U"].contains(&sex), "{witness}");
    assert_eq!(report["findings"][0]["pointer"], "/sex");
}

#[test]
fn examples_of_a_description_become_witnesses_when_schemas_are_too_hard_to_build() {
    // The id pattern has a look-ahead no sampler can satisfy; the response example can.
    let (code, report) = report(&[
        "diff",
        "tests/data/openapi/examples-old.json",
        "tests/data/openapi/examples-new.json",
    ]);
    assert_eq!(code, 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "EVO013");
    assert_eq!(
        finding["witness"],
        serde_json::json!({"id": "AB12CD34", "status": "archived"})
    );
}

/// A schema that asks for a trillion items must not make nifcheck build such a witness: the
/// comparison ends at once, with a verdict.
#[test]
fn huge_minimum_counts_build_no_huge_witness() {
    let dir = temp_files(&[
        (
            "old.json",
            br#"{"type": "array", "items": {"type": "string"}, "minItems": 1000000000000}"#,
        ),
        (
            "new.json",
            br#"{"type": "array", "items": {"type": "integer"}, "minItems": 1000000000000}"#,
        ),
        (
            "old-s.json",
            br#"{"type": "string", "minLength": 18446744073709551615}"#,
        ),
        (
            "new-s.json",
            br#"{"type": "string", "minLength": 18446744073709551615, "pattern": "^a"}"#,
        ),
    ]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    for (old, new) in [("old.json", "new.json"), ("old-s.json", "new-s.json")] {
        let (code, report) = report(&["diff", &path(old), &path(new)]);
        assert!(code == 0 || code == 1, "{report:#}");
        assert!(report["summary"]["verdict"].is_string(), "{report:#}");
    }
}

/// Definitions that each use the next one twice: 2^24 paths lead to the last of 24. A
/// comparison that walked every path ran for minutes; each pair of definitions is compared once.
#[test]
fn a_dag_of_references_is_compared_in_linear_time() {
    let dag = |depth: usize, max_length: u32| {
        let mut defs = serde_json::Map::new();
        for i in 0..depth {
            let next = format!("#/$defs/d{}", i + 1);
            defs.insert(
                format!("d{i}"),
                serde_json::json!({"type": "object", "properties": {"l": {"$ref": next}, "r": {"$ref": next}}}),
            );
        }
        defs.insert(
            format!("d{depth}"),
            serde_json::json!({"type": "string", "maxLength": max_length}),
        );
        serde_json::json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/$defs/d0",
            "$defs": defs,
        })
        .to_string()
    };
    let dir = temp_files(&[
        ("old-24.json", dag(24, 12).as_bytes()),
        ("new-24.json", dag(24, 10).as_bytes()),
        ("old-20.json", dag(20, 12).as_bytes()),
        ("new-20.json", dag(20, 10).as_bytes()),
    ]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    // 24 levels of references nest deeper than the prover follows: a verdict, at once.
    let (code, deep) = report(&["diff", &path("old-24.json"), &path("new-24.json")]);
    assert!(code == 0 || code == 1, "{deep:#}");
    assert!(deep["summary"]["verdict"].is_string(), "{deep:#}");
    // 20 levels (2^20 paths): the widening is proven; the narrowing is found (a witness 20
    // objects deep is more than the witness search builds, so it stays undecided, and fails).
    let (code, narrowed) = report(&["diff", &path("old-20.json"), &path("new-20.json")]);
    assert_eq!(code, 1, "{narrowed:#}");
    assert_ne!(narrowed["summary"]["verdict"], "compatible", "{narrowed:#}");
    let (code, widened) = report(&["diff", &path("new-20.json"), &path("old-20.json")]);
    assert_eq!(
        (code, &widened["summary"]["verdict"]),
        (0, &"compatible".into()),
        "{widened:#}"
    );
}
