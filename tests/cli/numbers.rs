//! Numbers keep their JSON text from the payload to the verdict: no `f64` in between.

use super::util::{run, temp_files};

/// Exit code and rules of `validate --schema schema.json payload`.
fn check(schema: &str, payload: &str) -> (i32, Vec<String>) {
    let dir = temp_files(&[("schema.json", schema.as_bytes()), ("payload.json", payload.as_bytes())]);
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (code, stdout, stderr) = run(&[
        "--format",
        "json",
        "validate",
        "--schema",
        &path("schema.json"),
        &path("payload.json"),
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    let rules = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect();
    (code, rules)
}

#[test]
fn a_hundred_digit_multiple_of_three_is_a_multiple_of_three() {
    let schema = r#"{"multipleOf": 3}"#;
    assert_eq!(check(schema, &"3".repeat(100)), (0, vec![]));
    assert_eq!(
        check(schema, &format!("{}4", "3".repeat(99))),
        (1, vec!["PAY002".to_string()])
    );
}

#[test]
fn a_tiny_fraction_is_not_an_integer() {
    let schema = r#"{"type": "integer"}"#;
    assert_eq!(check(schema, "1.0e-400"), (1, vec!["PAY002".to_string()]));
    assert_eq!(check(schema, "1e400"), (0, vec![]));
    assert_eq!(check(schema, "18446744073709551616.0"), (0, vec![]));
}

#[test]
fn a_number_beyond_f64_is_well_formed_and_compared_exactly() {
    assert_eq!(
        check(r#"{"items": {"type": "number"}}"#, r#"[1e400, -1e400]"#),
        (0, vec![])
    );
    assert_eq!(check(r#"{"maximum": 1e399}"#, "1e400"), (1, vec!["PAY002".to_string()]));
    assert_eq!(check(r#"{"maximum": 1e400}"#, "1e400"), (0, vec![]));
}

#[test]
fn ndjson_lines_keep_their_digits_too() {
    let dir = temp_files(&[
        ("schema.json", br#"{"multipleOf": 3}"#),
        (
            "numbers.ndjson",
            format!("{}\n{}4\n", "3".repeat(100), "3".repeat(99)).as_bytes(),
        ),
    ]);
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (code, stdout, _) = run(&[
        "--format",
        "json",
        "validate",
        "--schema",
        &path("schema.json"),
        &path("numbers.ndjson"),
    ]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_default();
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["findings"][0]["line"], 2);
}
