//! `nifcheck rules`, `nifcheck explain`, and the pass/fail fixture of every rule.

use super::util::{report, root, run};
use nifcheck::source::PlainNumbers;

#[test]
fn rules_lists_every_code() {
    let (code, stdout, _) = run(&["rules"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("rules", stdout);
}

#[test]
fn explain_prints_the_rule_documentation() {
    let (code, stdout, _) = run(&["explain", "PAY005"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("PAY005 (code-not-valid-on-date)"), "{stdout}");
    assert!(stdout.contains("## Why it matters") && stdout.contains("## Passes"));
    let (code, stdout, _) = run(&["explain", "duplicate-key", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["code"], "PAY003");
    let (code, _, stderr) = run(&["explain", "PAY999"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no rule `PAY999`"));
}

/// One test per rule code, named by it (`rules::OAS003`), so a failure names its rule and the
/// rules run in parallel.
macro_rules! fixture_tests {
    ($($code:ident)*) => {
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $code() {
                fixtures_pass_and_fail(stringify!($code));
            }
        )*
        /// The codes with a fixture test.
        const FIXTURE_TESTS: &[&str] = &[$(stringify!($code)),*];
    };
}

fixture_tests! {
    PAY001 PAY002 PAY003 PAY004 PAY005 PAY006 PAY007 PAY008
    FWK001 FWK002 FWK003 FWK004
    EVO001 EVO002 EVO003 EVO010 EVO011 EVO012 EVO013 EVO014
    OAS001 OAS002 OAS003 OAS004 OAS005 OAS006 OAS007 OAS008 OAS009 OAS010 OAS011 OAS012
    NIF001 NIF002 NIF003 NIF004 NIF005
    GOV001 GOV002 GOV003 GOV004 GOV010 GOV011 GOV012 GOV013 GOV020 GOV021 GOV030
}

#[test]
fn every_rule_has_a_fixture_test() {
    let (_, stdout, _) = run(&["rules", "--format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let codes: Vec<&str> = rules.iter().map(|r| r["code"].as_str().unwrap()).collect();
    for code in &codes {
        assert!(
            FIXTURE_TESTS.contains(code),
            "{code} has no fixture test: add it to `fixture_tests!` in tests/cli/rules.rs"
        );
    }
    for code in FIXTURE_TESTS {
        assert!(codes.contains(code), "{code} has a fixture test but is not a rule");
    }
}

/// Every rule has `fixtures/rules/CODE/pass_*` and `fail_*`: a fail fixture produces the rule,
/// a pass fixture does not. A `schema.json` beside them is passed with `--schema`, and a
/// `schema.xsd` for the `.xml` fixtures; a folder may hold its own schema and payload. The
/// failing findings are snapshotted per rule.
fn fixtures_pass_and_fail(code: &str) {
    let dir = root().join("fixtures/rules").join(code);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|_| panic!("{code} has no fixtures folder"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let schema = files
        .iter()
        .any(|f| f == "schema.json")
        .then(|| format!("fixtures/rules/{code}/schema.json"));
    let xsd = files
        .iter()
        .any(|f| f == "schema.xsd")
        .then(|| format!("fixtures/rules/{code}/schema.xsd"));
    files.retain(|f| f != "schema.json" && f != "schema.xsd");
    assert!(
        files.iter().any(|f| f.starts_with("pass_")),
        "{code} lacks a pass_ fixture"
    );
    assert!(
        files.iter().any(|f| f.starts_with("fail_")),
        "{code} lacks a fail_ fixture"
    );
    let mut failing = Vec::new();
    for file in files {
        let path = format!("fixtures/rules/{code}/{file}");
        // A folder holds two versions (old.json, new.json) and maybe an `args` file: `diff`.
        let folder = root().join(&path);
        let extra = std::fs::read_to_string(folder.join("args")).unwrap_or_default();
        let (old, new) = (format!("{path}/old.json"), format!("{path}/new.json"));
        let (schema_in_folder, payload_in_folder) = (format!("{path}/schema.json"), format!("{path}/payload.json"));
        let xml_in_folder = format!("{path}/payload.xml");
        let xsd_in_folder = if folder.join("maindoc/schema.xsd").is_file() {
            format!("{path}/maindoc/schema.xsd")
        } else {
            format!("{path}/schema.xsd")
        };
        // A folder with an agency.toml is an agency: `check`; one with a framework.toml is a
        // framework: `framework verify`.
        let site = std::env::temp_dir().join(format!("nifcheck-rule-{code}-{file}-{}", std::process::id()));
        let site = site.display().to_string();
        // A folder with a government.toml is a government: `report`.
        let mut args = if folder.join("government.toml").is_file() {
            vec!["report", path.as_str(), "--out", site.as_str()]
        } else if folder.join("agency.toml").is_file() {
            vec!["check", path.as_str()]
        } else if folder.join("framework.toml").is_file() {
            vec!["--framework", path.as_str(), "framework", "verify"]
        } else if folder.join("payload.xml").is_file() {
            // A folder with an XSD package and a payload: `validate --schema`, the document
            // schema in `maindoc/` when the package has one.
            vec!["validate", "--schema", xsd_in_folder.as_str(), xml_in_folder.as_str()]
        } else if folder.join("schema.json").is_file() {
            // A folder with its own schema.json (and the files it refers to): `validate --schema`.
            vec![
                "validate",
                "--schema",
                schema_in_folder.as_str(),
                payload_in_folder.as_str(),
            ]
        } else if folder.is_dir() {
            vec!["diff", old.as_str(), new.as_str()]
        } else if code.starts_with("OAS") || code.starts_with("NIF") {
            vec!["lint", path.as_str()]
        } else {
            vec!["validate", path.as_str()]
        };
        args.extend(extra.split_whitespace());
        let schema = if file.ends_with(".xml") { &xsd } else { &schema };
        if let Some(schema) = schema {
            args.extend(["--schema", schema.as_str()]);
        }
        let (_, report) = report(&args);
        let _ = std::fs::remove_dir_all(&site);
        let hits: Vec<&serde_json::Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == code)
            .collect();
        if file.starts_with("pass_") {
            assert!(hits.is_empty(), "{path} should not produce {code}: {hits:?}");
        } else {
            assert!(!hits.is_empty(), "{path} should produce {code}");
            failing.extend(hits.into_iter().map(|f| {
                serde_json::json!({"file": f["file"], "line": f["line"], "column": f["column"], "pointer": f["pointer"], "message": f["message"], "help": f["help"]})
            }));
        }
    }
    insta::assert_json_snapshot!(format!("rule_{code}"), PlainNumbers(&serde_json::Value::Array(failing)));
}
