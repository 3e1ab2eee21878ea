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

/// `work` applied to every item, on as many threads as the machine has cores, the results in
/// the items' order. The suites compile hundreds of schemas, each independent of the others.
pub(crate) fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let at = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(at) else { break };
                        mine.push((at, work(item)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    done.sort_by_key(|(at, _)| *at);
    done.into_iter().map(|(_, result)| result).collect()
}

#[test]
fn parallel_work_keeps_the_order_of_its_items() {
    let items: Vec<usize> = (0..100).collect();
    assert_eq!(
        in_parallel(&items, |n| n * 2),
        (0..100).map(|n| n * 2).collect::<Vec<_>>()
    );
    assert!(in_parallel(&[] as &[usize], |n| *n).is_empty());
}
