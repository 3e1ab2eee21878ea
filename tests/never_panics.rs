//! Hostile input never panics, at small sizes, in every test run: each fuzz driver of
//! `entry_points.rs` gets its seed files (`fuzz/seeds/<target>/`) as they are, then with a few
//! random edits (a token of JSON, YAML, XML, CSV or TOML, or a byte, put in, taken out or
//! swapped). The fuzzers in `fuzz/` go deep and long; this keeps the ground they covered.

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::entry_points::{DRIVERS, Driver};

/// Edited inputs per target: the whole file runs in a few seconds in a debug build.
const CASES: u32 = 24;

/// Tokens the edits put in: the punctuation and keywords of the formats the drivers read.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "\n",
    " ",
    "-",
    "- ",
    "'",
    "null",
    "true",
    "1e308",
    "-0",
    "0.1",
    "99999999999999999999",
    "\"\"",
    "\"$ref\": \"#/\"",
    "\"$schema\"",
    "\"type\"",
    "\"items\"",
    "\"allOf\": [",
    "\"minItems\": 3",
    "\"pattern\": \"^(a|b)*$\"",
    "\\u0000",
    "\\ud800",
    "<",
    ">",
    "</",
    "/>",
    "<a>",
    "</a>",
    "xmlns=\"urn:x\"",
    "xmlns:p=\"urn:p\"",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?xml version=\"1.0\"?>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "<!DOCTYPE a>",
    "&a",
    "*a",
    "!!str",
    "---",
    "...",
    "? ",
    "|",
    ">-",
    "#",
    "$",
    "$..",
    "@",
    "[?@.a",
    "==",
    "~",
    "*",
    "[0:2:-1]",
    "match(@, 'a.*')",
    "\r\n",
    "\t",
    "=",
    "[[",
    "]]",
    "\"\"\"",
    "a.b",
    "1979-05-27",
    "\n===\n",
    "é",
    "\u{feff}",
    "\u{2028}",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, &'static str),
    Remove(usize, usize),
    Replace(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), prop::sample::select(TOKENS)).prop_map(|(at, token)| Edit::Insert(at, token)),
        2 => (any::<usize>(), 1..24usize).prop_map(|(at, n)| Edit::Remove(at, n)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Replace(at, byte)),
    ]
}

fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for edit in edits {
        match *edit {
            Edit::Insert(at, token) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, token.bytes());
            }
            Edit::Remove(at, n) => {
                let at = at % (bytes.len() + 1);
                bytes.drain(at..(at + n).min(bytes.len()));
            }
            Edit::Replace(at, byte) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = byte;
                }
            }
        }
    }
    bytes
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    let seeds: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(!seeds.is_empty(), "{} has no seeds", dir.display());
    seeds
}

fn driver(target: &str) -> Driver {
    DRIVERS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, driver)| *driver)
        .unwrap_or_else(|| panic!("no driver `{target}`"))
}

/// Every seed as it is, then `CASES` edited ones; a panic fails with the smallest input found.
fn never_panics(target: &str) {
    let driver = driver(target);
    let seeds = seeds(target);
    for seed in &seeds {
        driver(seed);
    }
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let inputs = (0..seeds.len(), prop::collection::vec(edit(), 1..6));
    let result = TestRunner::new(config).run(&inputs, |(seed, edits)| {
        driver(&apply(&seeds[seed], &edits));
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{target}: {failure}");
    }
}

#[test]
fn every_fuzz_target_has_a_driver_and_seeds() {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (name, _) in DRIVERS {
        assert!(
            fuzz.join("fuzz_targets").join(format!("{name}.rs")).is_file(),
            "no fuzz target {name}"
        );
        assert!(!seeds(name).is_empty());
    }
}

#[test]
fn json_payload() {
    never_panics("json_payload");
}

#[test]
fn ndjson_stream() {
    never_panics("ndjson_stream");
}

#[test]
fn xml_payload() {
    never_panics("xml_payload");
}

#[test]
fn openapi_lint() {
    never_panics("openapi_lint");
}

#[test]
fn jsonpath() {
    never_panics("jsonpath");
}

#[test]
fn ruleset() {
    never_panics("ruleset");
}

#[test]
fn framework_toml() {
    never_panics("framework_toml");
}

#[test]
fn codelist_csv() {
    never_panics("codelist_csv");
}

#[test]
fn bundle() {
    never_panics("bundle");
}

#[test]
fn schema_diff() {
    never_panics("schema_diff");
}
