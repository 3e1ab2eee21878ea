//! The RFC 9535 JSONPath Compliance Test Suite, run through `nifcheck::jsonpath` (`JsonPath::parse`
//! and `JsonPath::select_nodelist`, which keeps selection order and duplicates): every selector
//! is parsed, an invalid one must be refused, a valid one must select the expected nodes (values
//! and normalized paths; for a test with `results`, any one of the allowed orders).
//!
//! The suite lives at `$NIFCHECK_CORPUS/jsonpath-cts/cts.json`. Without it the test says why it
//! was skipped and passes, except under `CI=true`, where a missing suite is a failure.
//!
//! Tests known to fail are listed in `tests/jsonpath_cts_known_failures.txt`, one per line as
//! `<test name> # reason`. The test fails when an unlisted test fails, and also when a listed
//! one passes (so the list only shrinks).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use nifcheck::jsonpath::{JsonPath, Node};
use serde_json::Value;

const KNOWN_FAILURES: &str = include_str!("jsonpath_cts_known_failures.txt");

#[test]
fn jsonpath_compliance_test_suite() {
    let Some(suite) = suite_file() else {
        return;
    };
    let text = std::fs::read_to_string(&suite).unwrap_or_else(|e| panic!("{}: {e}", suite.display()));
    let cts: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", suite.display()));
    let tests = cts
        .get("tests")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{}: no `tests` array", suite.display()));
    let known = known_failures().unwrap_or_else(|e| panic!("{e}"));

    let (mut passed, mut unexpected, mut fixed) = (0, Vec::new(), Vec::new());
    let mut names = BTreeSet::new();
    for test in tests {
        let name = test.get("name").and_then(Value::as_str).unwrap_or_default();
        names.insert(name);
        let outcome = run(test);
        match (outcome, known.contains_key(name)) {
            (Ok(()), false) => passed += 1,
            (Ok(()), true) => fixed.push(name.to_owned()),
            (Err(why), false) => unexpected.push(format!("{name}: {why}")),
            (Err(_), true) => {}
        }
    }
    let stale: Vec<&str> = known.keys().filter(|name| !names.contains(*name)).copied().collect();

    let mut report = String::new();
    for failure in &unexpected {
        let _ = writeln!(report, "FAIL (not in known failures) {failure}");
    }
    for name in &fixed {
        let _ = writeln!(
            report,
            "LISTED BUT PASSES (remove its line from jsonpath_cts_known_failures.txt): {name}"
        );
    }
    for name in &stale {
        let _ = writeln!(report, "LISTED BUT NOT IN THE SUITE: {name}");
    }
    let summary = format!("{passed}/{} passed, {} known failures", tests.len(), known.len());
    let _ = write!(report, "{summary}");
    println!("{report}");
    assert!(
        unexpected.is_empty() && fixed.is_empty() && stale.is_empty(),
        "{summary}\n{report}"
    );
}

/// `Ok` when nifcheck does what the test expects, else what it did instead.
fn run(test: &Value) -> Result<(), String> {
    let selector = test
        .get("selector")
        .and_then(Value::as_str)
        .ok_or("the test has no selector")?;
    let parsed = JsonPath::parse(selector);
    if test.get("invalid_selector") == Some(&Value::Bool(true)) {
        return match parsed {
            Ok(_) => Err("an invalid selector was accepted".to_owned()),
            Err(_) => Ok(()),
        };
    }
    let path = parsed.map_err(|e| format!("a valid selector was refused: {e}"))?;
    let document = test.get("document").ok_or("the test has no document")?;
    let selected = path.select_nodelist(document);
    let values: Vec<Value> = selected
        .iter()
        .map(|s| match s.node {
            Node::Value(value) => value.clone(),
            Node::Key(key) => Value::from(key),
            Node::Index(index) => Value::from(index),
        })
        .collect();
    let paths: Vec<Value> = selected.iter().map(|s| Value::from(s.normalized_path())).collect();

    let allowed = match (test.get("result"), test.get("results")) {
        (Some(result), _) => vec![(result, test.get("result_paths"))],
        (None, Some(Value::Array(results))) => {
            let all_paths = test.get("results_paths").and_then(Value::as_array);
            results
                .iter()
                .enumerate()
                .map(|(i, result)| (result, all_paths.and_then(|p| p.get(i))))
                .collect()
        }
        _ => return Err("the test has neither result nor results".to_owned()),
    };
    let agrees = |(result, result_paths): &(&Value, Option<&Value>)| {
        result.as_array() == Some(&values) && result_paths.is_none_or(|p| p.as_array() == Some(&paths))
    };
    if allowed.iter().any(agrees) {
        Ok(())
    } else {
        Err(format!("selected {} at {}", Value::from(values), Value::from(paths)))
    }
}

/// The suite's file, or `None` (after saying why) when it is not there; under `CI=true` a
/// missing suite fails instead, so CI never passes by skipping.
fn suite_file() -> Option<PathBuf> {
    let file = std::env::var_os("NIFCHECK_CORPUS").map(|corpus| PathBuf::from(corpus).join("jsonpath-cts/cts.json"));
    let missing = match &file {
        None => "NIFCHECK_CORPUS is not set".to_owned(),
        Some(file) if !file.is_file() => format!("{} is missing", file.display()),
        Some(_) => return file,
    };
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the JSONPath compliance test suite must run in CI: {missing}"
    );
    eprintln!("skipped: {missing}");
    None
}

/// Test name → reason, from `jsonpath_cts_known_failures.txt`.
fn known_failures() -> Result<BTreeMap<&'static str, &'static str>, String> {
    let mut known = BTreeMap::new();
    for (number, line) in KNOWN_FAILURES.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, reason) = line.rsplit_once(" # ").ok_or_else(|| {
            format!(
                "jsonpath_cts_known_failures.txt:{}: no ` # reason` after the name",
                number + 1
            )
        })?;
        if reason.trim().is_empty() {
            return Err(format!(
                "jsonpath_cts_known_failures.txt:{}: the reason is empty",
                number + 1
            ));
        }
        if known.insert(name, reason).is_some() {
            return Err(format!(
                "jsonpath_cts_known_failures.txt:{}: `{name}` is listed twice",
                number + 1
            ));
        }
    }
    Ok(known)
}
