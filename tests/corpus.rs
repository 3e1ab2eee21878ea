//! Where the test corpus is: `$NIFCHECK_CORPUS/<what>`. Without it a corpus test says it is
//! skipped and passes, so a contributor without the corpus can still run every other test. Under
//! `CI=true` a missing corpus fails instead: a CI run that skips its largest suites proves nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// `$NIFCHECK_CORPUS/<what>` (a folder or a file), or `None` after saying it is skipped.
///
/// # Panics
/// When it is missing and the tests run under `CI=true`.
pub(crate) fn path(what: &str) -> Option<PathBuf> {
    let missing = match std::env::var_os("NIFCHECK_CORPUS").filter(|v| !v.is_empty()) {
        Some(root) if PathBuf::from(&root).join(what).exists() => return Some(PathBuf::from(root).join(what)),
        Some(root) => format!("{} is missing", PathBuf::from(root).join(what).display()),
        None => format!("NIFCHECK_CORPUS is not set (looking for {what})"),
    };
    assert!(!in_ci(), "{missing}: under CI=true the corpus must be there");
    eprintln!("skipped: {missing}");
    None
}

/// CI services set `CI=true`; `.ci/run` sets it too.
pub(crate) fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

#[test]
fn a_missing_corpus_is_reported_by_name() {
    if std::env::var_os("NIFCHECK_CORPUS").is_some() && !in_ci() {
        assert_eq!(path("no-such-folder-in-any-corpus"), None);
    }
}

/// A known-disagreements file: `<id> # <reason>` a line, `#` comments and blank lines skipped.
pub(crate) fn known_list(text: &str) -> BTreeMap<&str, &str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            l.split_once(" # ")
                .map_or((l.trim(), ""), |(id, why)| (id.trim(), why.trim()))
        })
        .collect()
}

/// Fails on a disagreement the list does not name, and on a listed one that now agrees, so a
/// known-disagreements file only ever shrinks and stays honest.
pub(crate) fn assert_only_known(known: &BTreeMap<&str, &str>, disagreements: &BTreeMap<String, String>) {
    let unexpected: Vec<String> = disagreements
        .iter()
        .filter(|(id, _)| !known.contains_key(id.as_str()))
        .map(|(id, why)| format!("{id} # {why}"))
        .collect();
    let fixed: Vec<&&str> = known.keys().filter(|id| !disagreements.contains_key(**id)).collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{} new disagreement(s):\n{}\n{} listed disagreement(s) now agree (remove their lines): {fixed:?}",
        unexpected.len(),
        unexpected.join("\n"),
        fixed.len()
    );
}
