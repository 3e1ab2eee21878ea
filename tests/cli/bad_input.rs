//! Hostile and broken payloads are findings with a place, never a panic or a hang.

use super::util::{places, report, temp_files};

fn check(name: &str, bytes: &[u8]) -> Vec<(String, u64, u64)> {
    let dir = temp_files(&[(name, bytes)]);
    let path = dir.path().join(name).display().to_string();
    let (code, report) = report(&["validate", "--standard", "person@1.2", &path]);
    assert_eq!(code, 1, "{report}");
    places(&report)
}

#[test]
fn empty_file() {
    assert_eq!(check("empty.json", b""), [("PAY001".into(), 1, 1)]);
    assert_eq!(check("blank.json", b"  \n\n"), [("PAY001".into(), 1, 1)]);
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    assert_eq!(
        check("latin1.json", b"{\n  \"nin\": \"caf\xe9\"\n}"),
        [("PAY001".into(), 2, 14)]
    );
}

#[test]
fn truncated_json_points_at_its_end() {
    assert_eq!(
        check("cut.json", b"{\n  \"nin\": \"1984031"),
        [("PAY001".into(), 2, 17)]
    );
}

#[test]
fn trailing_garbage() {
    assert_eq!(check("two.json", b"{}\n{}"), [("PAY001".into(), 2, 1)]);
}

#[test]
fn absurd_nesting_is_refused_without_overflowing_the_stack() {
    let deep = "[".repeat(1_000_000);
    assert_eq!(check("deep.json", deep.as_bytes()), [("PAY006".into(), 1, 128)]);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = temp_files(&[("bom.json", b"\xEF\xBB\xBF{\"nin\": \"19840312345\", \"name\": {\"givenName\": \"A\", \"familyName\": \"B\"}, \"birthDate\": \"1984-03-12\"}")]);
    let (code, report) = report(&[
        "validate",
        "--standard",
        "person@1.2",
        &dir.path().join("bom.json").display().to_string(),
    ]);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn duplicate_keys_point_at_the_repeat_and_name_the_first() {
    let dir = temp_files(&[(
        "dup.json",
        b"{\n  \"nin\": \"19840312345\",\n  \"nin\": \"19840312346\"\n}",
    )]);
    let (_, report) = report(&[
        "validate",
        "--standard",
        "person@1.2",
        &dir.path().join("dup.json").display().to_string(),
    ]);
    let dup = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "PAY003")
        .unwrap();
    assert_eq!((dup["line"].as_u64(), dup["column"].as_u64()), (Some(3), Some(3)));
    assert_eq!(dup["related"][0]["line"], 2);
}

#[test]
fn broken_lines_in_ndjson_do_not_stop_the_others() {
    let lines = b"{\"nin\": \"1\"}\n{\"nin\": \n\xff\n{\"nin\": \"19840312345\", \"name\": {\"givenName\": \"A\", \"familyName\": \"B\"}, \"birthDate\": \"1984-03-12\"}";
    let found = check("mixed.ndjson", lines);
    let rules: Vec<(&str, u64)> = found.iter().map(|(r, l, _)| (r.as_str(), *l)).collect();
    assert_eq!(
        rules,
        [
            ("PAY002", 1),
            ("PAY002", 1),
            ("PAY002", 1),
            ("PAY001", 2),
            ("PAY001", 3)
        ]
    );
}

/// A finding 70,000 columns into a line (minified JSON) is reported as a plain line with its
/// place: no panic, no 70 kB line on the terminal.
#[test]
fn a_finding_far_into_a_long_line_is_reported_plainly() {
    let long = "a".repeat(70_000);
    let payload = format!(r#"{{"name": "{long}", "x": "not a number"}}"#);
    let dir = temp_files(&[
        (
            "schema.json",
            br#"{"type": "object", "properties": {"x": {"type": "integer"}}}"#,
        ),
        ("long.json", payload.as_bytes()),
    ]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    let (code, stdout, stderr) = super::util::run(&["validate", "--schema", &path("schema.json"), &path("long.json")]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("long.json:1:70019"),
        "{}",
        &stdout[..stdout.len().min(500)]
    );
    assert!(stdout.len() < 2_000, "{} bytes of output", stdout.len());
}

/// A huge offending value is clipped in the human, GitHub and Markdown output, saying how much
/// was left out: an XML value the engine quotes in its message, and a JSON value over many lines.
#[test]
fn huge_values_are_clipped_in_output_for_people() {
    let value = "9".repeat(300_000);
    let xml = format!("<Register>\n  <Birth id=\"b1\"><Child>c</Child><Date>{value}</Date></Birth>\n</Register>\n");
    let array: Vec<String> = (0..50_000).map(|i| format!("  {i}")).collect();
    let json = format!("{{\"items\": [\n{}\n]}}\n", array.join(",\n"));
    let dir = temp_files(&[
        ("huge.xml", xml.as_bytes()),
        ("huge.json", json.as_bytes()),
        (
            "max3.json",
            br#"{"type": "object", "properties": {"items": {"type": "array", "maxItems": 3}}}"#,
        ),
    ]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    let xsd = super::util::root()
        .join("fixtures/rules/PAY002/schema.xsd")
        .display()
        .to_string();
    for format in ["human", "github", "markdown"] {
        let (code, stdout, stderr) =
            super::util::run(&["--format", format, "validate", "--schema", &xsd, &path("huge.xml")]);
        assert_eq!(code, 1, "{stderr}");
        assert!(stdout.len() < 5_000, "{format}: {} bytes of output", stdout.len());
        assert!(stdout.contains("more characters)"), "{format}: {stdout}");
    }
    let (code, report) = report(&["validate", "--schema", &xsd, &path("huge.xml")]);
    assert_eq!(code, 1);
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.len() < 1_200 && message.ends_with("more characters)"),
        "{message}"
    );
    let (code, stdout, stderr) = super::util::run(&["validate", "--schema", &path("max3.json"), &path("huge.json")]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.len() < 5_000, "{} bytes of output", stdout.len());
    assert!(stdout.contains("more lines, not shown"), "{stdout}");
}
