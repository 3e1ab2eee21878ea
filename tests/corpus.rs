//! Where the test corpus is: `$NIFCHECK_CORPUS/<what>`. Without it a corpus test says it is
//! skipped and passes, so a contributor without the corpus can still run every other test. Under
//! `CI=true` a missing corpus fails instead: a CI run that skips its largest suites proves nothing.

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
