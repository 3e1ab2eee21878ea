//! Running the binary from the repository root, and reading what it wrote.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The repository root: fixtures are addressed relative to it so reports name stable paths.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `nifcheck ARGS` in the repository root, with a fixed date and no colour. Its default cache
/// folder (compiled schemas, fetched frameworks) is under the build's scratch folder, never the
/// user's own.
pub(crate) fn nifcheck(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("nifcheck").expect("binary");
    cmd.current_dir(root())
        .env("XDG_CACHE_HOME", concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "400")
        .env("SOURCE_DATE_EPOCH", "1764374400")
        .env_remove("CLICOLOR_FORCE")
        .args(["--as-of", "2026-11-29"])
        .args(args)
        // A run that hangs is killed and fails its test instead of holding up the whole run.
        // Far above any run's time: not a speed check (those are benchmarks).
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

/// Runs and returns exit code, stdout and stderr.
pub(crate) fn run(args: &[&str]) -> (i32, String, String) {
    let out: Output = nifcheck(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Runs with `--format json` and parses the report, checking it against the published schema.
pub(crate) fn report(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"));
    assert_matches_report_schema(&report);
    (code, report)
}

/// Every JSON report must follow `schemas/report.schema.json`.
pub(crate) fn assert_matches_report_schema(report: &Value) {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{}: {e}", e.instance_path().as_str()))
        .collect();
    assert!(errors.is_empty(), "report breaks report.schema.json: {errors:#?}");
}

/// The findings of a report as `(rule, line, column)`.
pub(crate) fn places(report: &Value) -> Vec<(String, u64, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// Two fields of every finding, as strings: `pairs(&report, "rule", "pointer")`.
pub(crate) fn pairs(report: &Value, first: &str, second: &str) -> Vec<(String, String)> {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (text(&f[first]), text(&f[second])))
        .collect()
}

/// Writes files into a fresh temporary folder.
pub(crate) fn temp_files(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// The corpus folder, or `None` (after saying so) when the tests run without it outside CI.
pub(crate) fn corpus(what: &str) -> Option<PathBuf> {
    crate::corpus::path(what)
}

/// A copy of the folder `from` and everything in it at `to`.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
