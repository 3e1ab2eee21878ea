//! The reference framework's own examples: every valid example conforms to its standard, every
//! invalid one produces the finding its `.expect.json` names.

use std::path::Path;

use super::util::{report, root};

#[test]
fn reference_examples_behave_as_labelled() {
    let standards = root().join("schemas/reference/standards");
    let mut checked = 0;
    for standard in sorted(&standards) {
        for version in sorted(&standard) {
            let id = format!("{}@{}", file_name(&standard), file_name(&version));
            let valid = version.join("examples/valid");
            let invalid = version.join("examples/invalid");
            let (code, valid_report) = report(&["validate", "--standard", &id, &valid.display().to_string()]);
            assert_eq!(code, 0, "{id}: valid examples fail: {valid_report:#}");
            for example in sorted(&invalid)
                .into_iter()
                .filter(|p| !file_name(p).ends_with(".expect.json"))
            {
                let expect_path = example.with_extension("expect.json");
                let expect: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&expect_path).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
                let (code, found_report) = report(&["validate", "--standard", &id, &example.display().to_string()]);
                assert_eq!(code, 1, "{} should fail", example.display());
                let found = found_report["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["rule"] == expect["rule"] && f["pointer"] == expect["pointer"]);
                assert!(
                    found,
                    "{}: expected {expect}, got {:#}",
                    example.display(),
                    found_report["findings"]
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 45, "only {checked} invalid examples found");
}

fn sorted(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
