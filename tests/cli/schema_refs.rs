//! `validate --schema FILE` whose `$ref`s reach other documents: beside the schema (relative,
//! or through the schema's own `$id`), on a host allowed for the run (`--allow-host`), or
//! nowhere (a compile error at the `$ref`, in every format).

use std::path::Path;

use super::http_server::Server;
use super::util::{nifcheck, run, temp_files};

/// A schema published under `https://schemas.example/`, its `license` defined in `base.json`.
fn schema_referring_to(reference: &str) -> String {
    format!(
        "{{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"$id\": \"https://schemas.example/demo.json\",\n  \"type\": \"object\",\n  \"properties\": {{\n    \"license\": {{ \"$ref\": \"{reference}\" }}\n  }}\n}}\n"
    )
}

const BASE: &[u8] = br#"{ "definitions": { "license": { "type": "string", "enum": ["MIT", "Apache-2.0"] } } }"#;
const GOOD: &[u8] = br#"{ "license": "MIT" }"#;
const BAD: &[u8] = br#"{ "license": "GPL" }"#;

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// Exit code and the findings' rules of `validate --schema schema.json good.json bad.json`.
fn verdicts(dir: &Path, extra: &[&str]) -> (i32, Vec<String>, String) {
    let mut args = vec!["--format", "json", "validate", "--schema"];
    let (schema, good, bad) = (path(dir, "schema.json"), path(dir, "good.json"), path(dir, "bad.json"));
    args.extend([schema.as_str(), good.as_str(), bad.as_str()]);
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    let rules = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap_or(""),
                f["file"].as_str().unwrap_or("")
            )
        })
        .collect();
    (code, rules, stdout)
}

/// With `base.json` beside the schema, a schema whose license refers to it through
/// `reference` passes the good payload and fails the bad one, and nothing else is reported.
fn assert_the_local_base_decides(reference: &str) {
    let schema = schema_referring_to(reference);
    let dir = temp_files(&[
        ("schema.json", schema.as_bytes()),
        ("base.json", BASE),
        ("good.json", GOOD),
        ("bad.json", BAD),
    ]);
    let (code, rules, _) = verdicts(dir.path(), &[]);
    assert_eq!(
        (code, rules),
        (1, vec![format!("PAY002 {}", path(dir.path(), "bad.json"))])
    );
}

#[test]
fn a_relative_ref_with_a_fragment_reads_the_file_beside_the_schema() {
    assert_the_local_base_decides("base.json#/definitions/license");
}

#[test]
fn an_absolute_url_under_the_schemas_id_reads_the_local_copy() {
    assert_the_local_base_decides("https://schemas.example/base.json#/definitions/license");
}

#[test]
fn a_remote_ref_is_refused_offline_and_says_how_to_allow_it() {
    let schema = schema_referring_to("https://other.example/base.json#/definitions/license");
    let dir = temp_files(&[
        ("schema.json", schema.as_bytes()),
        ("good.json", GOOD),
        ("bad.json", BAD),
    ]);
    let (code, rules, stdout) = verdicts(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(rules.len(), 2, "{stdout}");
    assert!(rules.iter().all(|r| r.starts_with("FWK001")), "{rules:?}");
    assert!(stdout.contains("--allow-host other.example"), "{stdout}");
}

#[test]
fn allow_host_fetches_a_remote_ref_for_one_run_through_the_cache() {
    let served = temp_files(&[("schemas/base.json", BASE)]);
    let server = Server::start(served.path().to_path_buf());
    let schema = schema_referring_to(&server.url("schemas/base.json#/definitions/license"));
    let dir = temp_files(&[
        ("schema.json", schema.as_bytes()),
        ("good.json", GOOD),
        ("bad.json", BAD),
    ]);
    let cache = path(dir.path(), "cache");
    let host = server.host();
    let with_cache = ["--cache-dir", cache.as_str(), "--http-timeout", "5"];

    let (code, rules, stdout) = verdicts(dir.path(), &with_cache);
    assert_eq!(code, 1);
    assert!(rules.iter().all(|r| r.starts_with("FWK001")), "{rules:?}");
    assert!(stdout.contains(&format!("--allow-host {host}")), "{stdout}");
    assert!(server.requests().is_empty(), "nothing is fetched unless allowed");

    let mut allowed = with_cache.to_vec();
    allowed.extend(["--allow-host", host.as_str()]);
    let (code, rules, _) = verdicts(dir.path(), &allowed);
    assert_eq!(
        (code, rules),
        (1, vec![format!("PAY002 {}", path(dir.path(), "bad.json"))])
    );
    assert_eq!(server.requests().len(), 1);

    // The cached copy serves an offline run.
    allowed.push("--offline");
    let (code, rules, _) = verdicts(dir.path(), &allowed);
    assert_eq!(
        (code, rules),
        (1, vec![format!("PAY002 {}", path(dir.path(), "bad.json"))])
    );
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_ref_that_leads_nowhere_is_named_with_its_place_in_every_format() {
    let schema = schema_referring_to("base.json#/definitions/licence");
    let dir = temp_files(&[
        ("schema.json", schema.as_bytes()),
        ("base.json", BASE),
        ("good.json", GOOD),
    ]);
    let schema_path = path(dir.path(), "schema.json");
    let good = path(dir.path(), "good.json");

    let (code, stdout, stderr) = run(&["validate", "--schema", &schema_path, &good]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("`$ref` \"base.json#/definitions/licence\""), "{stderr}");
    assert!(stderr.contains("schema.json:6:18"), "{stderr}");

    let (code, stdout, _) = run(&["--format", "json", "validate", "--schema", &schema_path, &good]);
    assert_eq!(code, 2);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_default();
    super::util::assert_matches_report_schema(&report);
    let finding = &report["findings"][0];
    assert_eq!(
        (
            &finding["rule"],
            &finding["kind"],
            &finding["file"],
            &finding["line"],
            &finding["column"]
        ),
        (
            &"FWK003".into(),
            &"framework".into(),
            &schema_path.clone().into(),
            &6.into(),
            &18.into()
        )
    );
    assert!(
        finding["message"]
            .as_str()
            .is_some_and(|m| m.contains("base.json#/definitions/licence"))
    );

    for format in ["sarif", "junit", "github", "tar", "markdown"] {
        let out = nifcheck(&["--format", format, "validate", "--schema", &schema_path, &good])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(
            stdout.contains("FWK003") && stdout.contains("base.json#/definitions/licence"),
            "{format}: {stdout}"
        );
    }
}

#[test]
fn a_keyword_that_does_not_compile_is_named_with_its_place() {
    let dir = temp_files(&[
        (
            "schema.json",
            b"{\n  \"properties\": {\n    \"code\": { \"pattern\": \"[\" }\n  }\n}\n",
        ),
        ("good.json", GOOD),
    ]);
    let (code, stdout, _) = run(&[
        "--format",
        "github",
        "validate",
        "--schema",
        &path(dir.path(), "schema.json"),
        &path(dir.path(), "good.json"),
    ]);
    assert_eq!(code, 2);
    assert!(stdout.contains("line=3,col=15,title=FWK003"), "{stdout}");
    assert!(stdout.contains("`pattern`"), "{stdout}");
}
