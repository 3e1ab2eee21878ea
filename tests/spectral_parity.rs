//! `spectral:oas` against Spectral on the corpus descriptions: for each description and each
//! rule, nifcheck finds as many problems as Spectral did, or the difference is explained.
//!
//! Spectral does not run here: its counts are recorded in `tests/spectral_known_differences.txt`
//! (`spectral FILE RULE COUNT`), next to each explained difference (`differs FILE RULE COUNT #
//! reason`, with nifcheck's count). The test fails when a rule differs without an explanation,
//! and when an explained difference is gone or its count changed, so the list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use nifcheck::framework::CompileOptions;
use nifcheck::openapi::Linter;
use nifcheck::openapi::ruleset::{Source, load};
use nifcheck::payload::{Framing, Input, Origin};

const RECORD: &str = include_str!("spectral_known_differences.txt");

/// (file, rule) → count.
type Counts = BTreeMap<(String, String), usize>;

/// Spectral's counts and the explained differences (nifcheck's counts), from the record.
fn record() -> (Counts, Counts) {
    let (mut spectral, mut differs) = (Counts::new(), Counts::new());
    for (n, line) in RECORD.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (fields, reason) = line.split_once(" # ").unwrap_or((line, ""));
        let fields: Vec<&str> = fields.split_whitespace().collect();
        let [kind, file, rule, count] = fields[..] else {
            panic!("line {}: expected `KIND FILE RULE COUNT`: {line}", n + 1);
        };
        let count: usize = count.parse().unwrap_or_else(|_| panic!("line {}: bad count", n + 1));
        let key = (file.to_string(), rule.to_string());
        match kind {
            "spectral" => spectral.insert(key, count),
            "differs" => {
                assert!(
                    !reason.trim().is_empty(),
                    "line {}: a difference needs its reason",
                    n + 1
                );
                differs.insert(key, count)
            }
            other => panic!("line {}: unknown kind {other}", n + 1),
        };
    }
    (spectral, differs)
}

/// nifcheck's findings per rule name on the descriptions, with `extends: spectral:oas`.
fn nifcheck_counts(files: &[(&String, PathBuf)]) -> Counts {
    let ruleset = load(Source {
        name: "spectral-oas.yaml".into(),
        base: PathBuf::new(),
        bytes: b"extends: spectral:oas\n".to_vec(),
    })
    .unwrap();
    let linter = Linter::new(None, CompileOptions::default(), vec![ruleset]).unwrap();
    let inputs: Vec<Input> = files
        .iter()
        .map(|(_, path)| Input {
            name: path.display().to_string(),
            origin: Origin::File(path.clone()),
            framing: Framing::Single,
        })
        .collect();
    let mut counts = Counts::new();
    for ((file, _), linted) in files.iter().zip(linter.lint(&inputs).unwrap()) {
        for finding in linted.findings {
            let rule = nifcheck::rules::find(&finding.rule).map_or(finding.rule.clone(), |r| r.name.to_string());
            *counts.entry(((*file).clone(), rule)).or_default() += 1;
        }
    }
    counts
}

#[test]
fn spectral_oas_counts_match_spectral_or_are_explained() {
    let (spectral, differs) = record();
    let files: BTreeSet<&String> = spectral.keys().map(|(file, _)| file).collect();
    assert!(files.len() >= 4, "the record covers {files:?}");
    let mut paths = Vec::new();
    for file in files {
        let Some(path) = crate::corpus::path(&format!("openapi/{file}")) else {
            return;
        };
        paths.push((file, path));
    }
    let ours = nifcheck_counts(&paths);
    let keys: BTreeSet<&(String, String)> = spectral.keys().chain(ours.keys()).chain(differs.keys()).collect();
    let mut problems = Vec::new();
    for key in keys {
        let (theirs, mine) = (
            spectral.get(key).copied().unwrap_or(0),
            ours.get(key).copied().unwrap_or(0),
        );
        let (file, rule) = key;
        match differs.get(key) {
            None if theirs != mine => problems.push(format!(
                "{file} {rule}: Spectral {theirs}, nifcheck {mine}: fix it, or explain it with `differs {file} {rule} {mine} # reason`"
            )),
            Some(_) if theirs == mine => problems.push(format!(
                "{file} {rule}: now equal to Spectral ({mine}): remove its `differs` line"
            )),
            Some(&explained) if explained != mine => problems.push(format!(
                "{file} {rule}: nifcheck now finds {mine}, the explained difference says {explained}: update or fix"
            )),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
