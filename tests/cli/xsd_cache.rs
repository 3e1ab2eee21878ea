//! The XSD compile cache: a second run reads the compiled schema back instead of compiling it,
//! a changed schema document is compiled again, and a damaged entry is compiled again without
//! an error. What the cache did is observed through the debug line `NIFCHECK_DEBUG` asks for.

use std::path::Path;

use serde_json::Value;

use super::util::nifcheck;
use super::xsd_package::{TYPES, framework, package};

/// Runs in `dir` with the cache in `dir/cache`: exit code, JSON report and the cache's debug line.
fn run_cached(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = nifcheck(&[&["--cache-dir", "cache", "--format", "json"], args].concat())
        .current_dir(dir)
        .env("NIFCHECK_DEBUG", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"));
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("debug: XSD compile cache "))
        .map(|l| l.rsplit(": ").next().unwrap_or(l).to_string())
        .unwrap_or_else(|| panic!("no cache line in {stderr}"));
    (out.status.code().unwrap_or(-1), report, line)
}

fn errors(report: &Value) -> u64 {
    report["summary"]["errors"].as_u64().unwrap()
}

/// What is done to a cache entry's bytes.
type Damage = fn(&[u8]) -> Vec<u8>;

/// Every entry of the cache, damaged by `damage`.
fn damage_entries(dir: &Path, damage: Damage) {
    let entries = std::fs::read_dir(dir.join("cache/xsd")).unwrap();
    let mut count = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, damage(&bytes)).unwrap();
        count += 1;
    }
    assert_eq!(count, 1, "one schema, one entry");
}

#[test]
fn a_schema_file_is_compiled_once_then_read_from_the_cache() {
    let dir = package("../common/Common.xsd");
    let args = ["validate", "--schema", "pkg/maindoc/Main.xsd", "invalid.xml"];
    let (code, first, used) = run_cached(dir.path(), &args);
    assert_eq!((code, used.as_str()), (1, "0 read, 1 compiled, 1 written"), "{first:#}");
    assert_eq!(errors(&first), 2, "{first:#}");
    let (code, second, used) = run_cached(dir.path(), &args);
    assert_eq!((code, used.as_str()), (1, "1 read, 0 compiled, 0 written"));
    assert_eq!(second, first, "the cached schema finds the same");

    // A document the schema includes changes: compiled again, and its change is seen.
    let relaxed = TYPES.replace("[A-Z]{2}", "[A-Za-z]{2}");
    std::fs::write(dir.path().join("pkg/common/Types.xsd"), relaxed).unwrap();
    let (code, changed, used) = run_cached(dir.path(), &args);
    assert_eq!((code, used.as_str()), (1, "0 read, 1 compiled, 1 written"));
    assert_eq!(errors(&changed), 1, "the lower-case ID is valid now: {changed:#}");
    let (_, _, used) = run_cached(dir.path(), &args);
    assert_eq!(used, "1 read, 0 compiled, 0 written");
}

#[test]
fn a_damaged_entry_is_compiled_again_without_an_error() {
    let dir = package("../common/Common.xsd");
    let args = ["validate", "--schema", "pkg/maindoc/Main.xsd", "invalid.xml"];
    let (_, sound, _) = run_cached(dir.path(), &args);
    let damages: [Damage; 4] = [
        |bytes| bytes[..bytes.len() / 2].to_vec(),
        |bytes| {
            let mut flipped = bytes.to_vec();
            let last = flipped.len() - 1;
            flipped[last] ^= 0x55;
            flipped
        },
        |_| Vec::new(),
        |_| b"not a compiled schema".to_vec(),
    ];
    for damage in damages {
        damage_entries(dir.path(), damage);
        let (code, report, used) = run_cached(dir.path(), &args);
        assert_eq!((code, used.as_str()), (1, "0 read, 1 compiled, 1 written"));
        assert_eq!(report, sound);
        let (_, _, used) = run_cached(dir.path(), &args);
        assert_eq!(used, "1 read, 0 compiled, 0 written", "the entry was written again");
    }
}

#[test]
fn a_framework_standard_is_read_from_the_cache() {
    let dir = framework("../common/Common.xsd");
    let args = [
        "--framework",
        "fw",
        "validate",
        "--standard",
        "order@1.0.0",
        "invalid.xml",
    ];
    let (code, first, used) = run_cached(dir.path(), &args);
    assert_eq!((code, used.as_str()), (1, "0 read, 1 compiled, 1 written"), "{first:#}");
    let (code, second, used) = run_cached(dir.path(), &args);
    assert_eq!((code, used.as_str()), (1, "1 read, 0 compiled, 0 written"));
    assert_eq!(second, first);
}

#[test]
fn runs_sharing_a_cache_at_once_all_succeed() {
    let dir = package("../common/Common.xsd");
    let args = ["validate", "--schema", "pkg/maindoc/Main.xsd", "invalid.xml"];
    let reports: Vec<(i32, Value)> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let (code, report, _) = run_cached(dir.path(), &args);
                    (code, report)
                })
            })
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    for (code, report) in &reports {
        assert_eq!(*code, 1);
        assert_eq!(report, &reports[0].1);
    }
    let (_, report, used) = run_cached(dir.path(), &args);
    assert_eq!(used, "1 read, 0 compiled, 0 written");
    assert_eq!(report, reports[0].1);
}
