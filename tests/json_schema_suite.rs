//! The official JSON-Schema-Test-Suite, run through the code path of `nifcheck validate --schema FILE`
//! with no framework: `nifcheck::framework::compile_without_framework` (fancy-regex patterns, the
//! `x-codelist` keyword, the retriever that refuses the network, `format` asserted on request).
//!
//! The suite lives at `$NIFCHECK_CORPUS/json-schema-test-suite` (`tests/<draft>/…` and `remotes/`);
//! without it every test here prints why it was skipped and passes (under `CI=true` it fails).
//!
//! Cases that are known to fail are listed in `tests/json_schema_suite_known_failures.txt`, one per
//! line as `<draft>/<file>::<group>::<test> # reason`. A draft's test fails when a case fails that is
//! not listed, and also when a listed case passes (so the list stays honest).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use nifcheck::framework::{AdHocSchema, CompileOptions, Date, compile_without_framework};
use serde_json::Value;

const KNOWN_FAILURES: &str = include_str!("json_schema_suite_known_failures.txt");

/// Where the suite's `remotes/` files are expected to be served.
const REMOTE_BASE: &str = "http://localhost:1234/";

/// Drafts in the order they are reported: folder name and meta-schema URI.
const DRAFTS: [(&str, &str); 5] = [
    ("draft4", "http://json-schema.org/draft-04/schema#"),
    ("draft6", "http://json-schema.org/draft-06/schema#"),
    ("draft7", "http://json-schema.org/draft-07/schema#"),
    ("draft2019-09", "https://json-schema.org/draft/2019-09/schema"),
    ("draft2020-12", "https://json-schema.org/draft/2020-12/schema"),
];

#[test]
fn draft4() {
    run_draft("draft4");
}

#[test]
fn draft6() {
    run_draft("draft6");
}

#[test]
fn draft7() {
    run_draft("draft7");
}

#[test]
fn draft2019_09() {
    run_draft("draft2019-09");
}

#[test]
fn draft2020_12() {
    run_draft("draft2020-12");
}

/// One draft's outcome.
struct Outcome {
    draft: &'static str,
    passed: usize,
    total: usize,
    known: usize,
    /// Failing cases that are not listed, with what went wrong.
    unexpected: Vec<String>,
    /// Listed cases that now pass.
    fixed: Vec<String>,
}

impl Outcome {
    fn summary(&self) -> String {
        format!(
            "{}: {}/{} passed, {} known failures",
            self.draft, self.passed, self.total, self.known
        )
    }
}

/// Outcomes of the drafts that have finished, so the last one can print a total.
static FINISHED: Mutex<Vec<(&'static str, usize, usize, usize)>> = Mutex::new(Vec::new());

fn run_draft(draft: &'static str) {
    let Some(suite) = suite_root() else {
        return;
    };
    let outcome = match check_draft(&suite, draft) {
        Ok(outcome) => outcome,
        Err(e) => panic!("{draft}: cannot run the JSON-Schema-Test-Suite: {e}"),
    };

    let mut report = String::new();
    for case in &outcome.unexpected {
        let _ = writeln!(report, "FAIL (not in known failures) {case}");
    }
    for case in &outcome.fixed {
        let _ = writeln!(
            report,
            "LISTED BUT DOES NOT FAIL (remove its line from json_schema_suite_known_failures.txt): {case}"
        );
    }
    let summary = outcome.summary();
    let _ = write!(report, "{summary}");
    println!("{report}");
    record_total(&outcome);

    assert!(
        outcome.unexpected.is_empty() && outcome.fixed.is_empty(),
        "{summary}: {} unexpected failures, {} listed cases now pass\n{report}",
        outcome.unexpected.len(),
        outcome.fixed.len()
    );
}

/// Prints the total once every draft has reported (only when all five run in this process).
fn record_total(outcome: &Outcome) {
    let Ok(mut finished) = FINISHED.lock() else {
        return;
    };
    finished.push((outcome.draft, outcome.passed, outcome.total, outcome.known));
    if finished.len() == DRAFTS.len() {
        let passed: usize = finished.iter().map(|f| f.1).sum();
        let total: usize = finished.iter().map(|f| f.2).sum();
        let known: usize = finished.iter().map(|f| f.3).sum();
        println!("all drafts: {passed}/{total} passed, {known} known failures");
    }
}

/// The suite's folder, or `None` (after saying why on stderr) when it is not there.
fn suite_root() -> Option<PathBuf> {
    // Both halves must be there: the cases, and the documents they reference.
    crate::corpus::path("json-schema-test-suite/tests")?;
    crate::corpus::path("json-schema-test-suite/remotes")?;
    crate::corpus::path("json-schema-test-suite")
}

fn check_draft(suite: &Path, draft: &'static str) -> Result<Outcome, String> {
    let meta_schema = DRAFTS
        .iter()
        .find(|(name, _)| *name == draft)
        .map(|(_, uri)| *uri)
        .ok_or_else(|| format!("unknown draft {draft}"))?;
    let known = known_failures(draft)?;
    let resources = remotes(&suite.join("remotes"))?;
    let draft_dir = suite.join("tests").join(draft);
    let mut files = Vec::new();
    json_files(&draft_dir, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(format!("no test files in {}", draft_dir.display()));
    }

    // Whether each case passed; a case that appears twice (none does today) passes only if both pass.
    let mut results: BTreeMap<String, Result<(), String>> = BTreeMap::new();
    for path in &files {
        let rel = relative(&draft_dir, path)?;
        // `format` is asserted (`formats: true`) only in `optional/format/`, where the suite tests
        // it as an assertion. Everywhere else `formats: false`: 2019-09 and 2020-12 make `format` an
        // annotation, and the required draft 4/6/7 `format.json` files only check that non-strings
        // are ignored. That includes 2020-12 `optional/format-assertion.json`, whose point is that a
        // meta-schema declaring the format-assertion vocabulary turns assertion on by itself.
        let formats = rel.starts_with("optional/format/");
        let options = CompileOptions {
            formats,
            as_of: Date::today(),
            remote: None,
            allowed_hosts: Vec::new(),
        };
        for group in read_json(path)?
            .as_array()
            .ok_or_else(|| format!("{rel}: not a list of test groups"))?
        {
            let group_name = text_field(group, "description", &rel)?;
            let tests = group
                .get("tests")
                .and_then(Value::as_array)
                .ok_or_else(|| format!("{rel}: group `{group_name}` has no `tests` list"))?;
            let schema = group
                .get("schema")
                .ok_or_else(|| format!("{rel}: group `{group_name}` has no `schema`"))?;
            let compiled = compile_without_framework(
                &AdHocSchema {
                    value: with_meta_schema(schema, meta_schema),
                    base_uri: None,
                    local_root: None,
                    resources: resources.clone(),
                    source: None,
                },
                &options,
            );
            for test in tests {
                let test_name = text_field(test, "description", &rel)?;
                let data = test
                    .get("data")
                    .ok_or_else(|| format!("{rel}: test `{test_name}` has no `data`"))?;
                let expected = test
                    .get("valid")
                    .and_then(Value::as_bool)
                    .ok_or_else(|| format!("{rel}: test `{test_name}` has no boolean `valid`"))?;
                let result = match &compiled {
                    Err(e) => Err(format!("schema does not compile: {e}")),
                    Ok(validator) => match validator.is_valid(data) {
                        got if got == expected => Ok(()),
                        got => Err(format!("expected valid={expected}, got valid={got}")),
                    },
                };
                let key = format!("{draft}/{rel}::{group_name}::{test_name}");
                let entry = results.entry(key).or_insert(Ok(()));
                if entry.is_ok() {
                    *entry = result;
                }
            }
        }
    }

    let mut passed = 0;
    let mut known_count = 0;
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for (key, result) in &results {
        match (result, known.contains(key.as_str())) {
            (Ok(()), false) => passed += 1,
            (Ok(()), true) => {
                passed += 1;
                fixed.push(key.clone());
            }
            (Err(_), true) => known_count += 1,
            (Err(why), false) => unexpected.push(format!("{key}: {why}")),
        }
    }
    // Listed cases that no longer exist in the suite are stale too.
    for key in &known {
        if !results.contains_key(*key) {
            fixed.push(format!("{key} (no such case in the suite)"));
        }
    }
    Ok(Outcome {
        draft,
        passed,
        total: results.len(),
        known: known_count,
        unexpected,
        fixed,
    })
}

/// The schema with the draft's `$schema` added when it declares none (boolean schemas stay as they are).
fn with_meta_schema(schema: &Value, meta_schema: &str) -> Value {
    let mut schema = schema.clone();
    if let Value::Object(map) = &mut schema
        && !map.contains_key("$schema")
    {
        map.insert("$schema".to_string(), Value::String(meta_schema.to_string()));
    }
    schema
}

/// The known-failure keys of one draft, from the list file.
fn known_failures(draft: &str) -> Result<BTreeSet<&'static str>, String> {
    let prefix = format!("{draft}/");
    let mut keys = BTreeSet::new();
    for (n, line) in KNOWN_FAILURES.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, reason)) = line.split_once(" # ") else {
            return Err(format!(
                "json_schema_suite_known_failures.txt:{}: no ` # reason` after the case",
                n + 1
            ));
        };
        let key = key.trim_end();
        if reason.trim().is_empty() || key.split("::").count() != 3 {
            return Err(format!(
                "json_schema_suite_known_failures.txt:{}: expected `<draft>/<file>::<group>::<test> # reason`",
                n + 1
            ));
        }
        if key.starts_with(&prefix) && !keys.insert(key) {
            return Err(format!(
                "json_schema_suite_known_failures.txt:{}: `{key}` is listed twice",
                n + 1
            ));
        }
    }
    Ok(keys)
}

/// Every file under `remotes/`, keyed by the URI the suite serves it at, except `remotes/v1/`.
///
/// `remotes/v1/` belongs to the suite's next, unreleased dialect: its files declare
/// `"$schema": "https://json-schema.org/v1"`, which the jsonschema crate does not know, and one
/// resource with an unknown meta-schema makes the whole registry (and so every compile) fail with
/// "Unknown meta-schema". No test of drafts 4 to 2020-12 refers to `http://localhost:1234/v1/`.
fn remotes(dir: &Path) -> Result<Vec<(String, Value)>, String> {
    let mut files = Vec::new();
    json_files(dir, &mut files)?;
    files.sort();
    let mut resources = Vec::new();
    for path in &files {
        let rel = relative(dir, path)?;
        if rel.starts_with("v1/") {
            continue;
        }
        let mut doc = read_json(path)?;
        // `remotes/draftN/` documents follow draft N without saying so; say it for them, as the
        // suite's own runners do, so their `id`/`$id` anchors are read the way that draft reads them.
        let folder = rel.split('/').next().unwrap_or_default();
        if let (Some((_, meta)), Some(object)) = (DRAFTS.iter().find(|(d, _)| *d == folder), doc.as_object_mut()) {
            object
                .entry("$schema")
                .or_insert_with(|| Value::String((*meta).to_string()));
        }
        resources.push((format!("{REMOTE_BASE}{rel}"), doc));
    }
    Ok(resources)
}

/// Every `*.json` file below `dir`, recursively.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?.path();
        if path.is_dir() {
            json_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// `path` relative to `base`, with `/` separators.
fn relative(base: &Path, path: &Path) -> Result<String, String> {
    let rel = path
        .strip_prefix(base)
        .map_err(|_| format!("{} is not below {}", path.display(), base.display()))?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts
        .map(|p| p.join("/"))
        .ok_or_else(|| format!("{} is not UTF-8", path.display()))
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: invalid JSON: {e}", path.display()))
}

fn text_field(value: &Value, field: &str, rel: &str) -> Result<String, String> {
    value
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("{rel}: an entry has no string `{field}`"))
}
