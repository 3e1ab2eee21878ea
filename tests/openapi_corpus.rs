//! Real OpenAPI descriptions and the specification's own pass/fail documents, from
//! `$NIFCHECK_CORPUS`, linted with the specification's checks only (`--framework none`).
//!
//! A real description may only produce an error where it truly breaks the specification;
//! each such case is listed here with the clause it breaks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use nifcheck::framework::CompileOptions;
use nifcheck::openapi::Linter;
use nifcheck::payload::{Framing, Input, Origin};
use nifcheck::report::Severity;

fn corpus(what: &str) -> Option<PathBuf> {
    crate::corpus::path(what)
}

/// The errors of one file, as `rule pointer`.
fn errors(path: &Path) -> Vec<String> {
    errors_of(&[path.to_path_buf()]).remove(0)
}

/// The errors of each file, as `rule pointer`; the files are linted side by side.
fn errors_of(paths: &[PathBuf]) -> Vec<Vec<String>> {
    let linter = Linter::new(None, CompileOptions::default(), Vec::new()).unwrap();
    let inputs: Vec<Input> = paths
        .iter()
        .map(|path| Input {
            name: path.display().to_string(),
            origin: Origin::File(path.clone()),
            framing: Framing::Single,
        })
        .collect();
    linter
        .lint(&inputs)
        .unwrap()
        .into_iter()
        .map(|linted| {
            let mut out: Vec<String> = linted
                .findings
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| format!("{} {}", f.rule, f.pointer.unwrap_or_default()))
                .collect();
            out.sort();
            out
        })
        .collect()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    all.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")));
    all.sort();
    all
}

/// Errors real descriptions truly have, each with the clause it breaks.
const REAL_ERRORS: &[(&str, &[&str])] = &[
    (
        // OpenAPI 3.0.3 section 4.7.8 (Paths Object): "Templated paths with the same hierarchy
        // but different templated names MUST NOT exist as they are identical."
        "github-api.github.com.json",
        &[
            "OAS005 /paths/~1orgs~1{org}~1attestations~1{subject_digest}",
            "OAS005 /paths/~1users~1{username}~1attestations~1{subject_digest}",
        ],
    ),
    ("nl-brp-bevragen-openapi.json", &[]),
    ("stripe-spec3.json", &[]),
    ("twilio_api_v2010.json", &[]),
];

#[test]
fn real_descriptions_have_only_their_true_errors() {
    let Some(dir) = corpus("openapi") else {
        return;
    };
    let paths: Vec<PathBuf> = REAL_ERRORS.iter().map(|(name, _)| dir.join(name)).collect();
    for ((name, expected), found) in REAL_ERRORS.iter().zip(errors_of(&paths)) {
        eprintln!("{name}: {} errors", found.len());
        assert_eq!(found, *expected, "{name}");
    }
}

/// Pass documents of the specification's own test suite that break a rule its JSON Schema
/// cannot express, with the clause.
const PASS_EXCEPTIONS: &[(&str, &[&str])] = &[
    (
        // 3.1 section 4.8.12.1: a path parameter's name "MUST correspond to a template
        // expression occurring within the path"; section 4.8.30: security scheme names "MUST
        // correspond to a security scheme which is declared". The file is an excerpt.
        "operation-object-example.yaml",
        &[
            "OAS005 /paths/~1pets~1{id}/put",
            "OAS005 /paths/~1pets~1{id}/put/parameters/0/name",
            "OAS006 /paths/~1pets~1{id}/put/security/0/petstore_auth",
        ],
    ),
    (
        // A remote reference to example.com: refused by nifcheck's safety policy (DESIGN.md
        // section 7), not a breach of the specification.
        "security-scheme-object-examples.yaml",
        &["OAS003 /components/securitySchemes/external/$ref"],
    ),
];

#[test]
fn the_specification_pass_documents_pass() {
    let Some(dir) = corpus("openapi-spec") else {
        return;
    };
    let mut checked = 0;
    for version in ["v3.0", "v3.1"] {
        for path in files(&dir.join(version).join("pass")) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let expected: &[&str] = PASS_EXCEPTIONS.iter().find(|(n, _)| *n == name).map_or(&[], |(_, e)| e);
            assert_eq!(errors(&path), expected, "{version}/pass/{name}");
            checked += 1;
        }
    }
    eprintln!("{checked} pass documents checked");
    assert!(checked >= 40);
}

#[test]
fn the_specification_fail_documents_fail() {
    let Some(dir) = corpus("openapi-spec/v3.1/fail") else {
        return;
    };
    let all = files(&dir);
    for path in &all {
        assert!(!errors(path).is_empty(), "{} should fail", path.display());
    }
    eprintln!("{} fail documents checked", all.len());
    assert!(all.len() >= 11);
}
