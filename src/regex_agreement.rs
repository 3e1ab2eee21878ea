//! One verdict per pattern and string wherever a pattern is written: a schema's `pattern` (the
//! `jsonschema` validator itself), a ruleset's `pattern` function, a JSONPath filter's
//! `.match()`; and for property names, a schema's `patternProperties` and the compatibility
//! prover.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use serde_json::json;

use crate::compat::{Inclusion, Verdict};
use crate::framework::{AdHocSchema, CodeLists, CompileOptions, compile_without_framework};
use crate::jsonpath::JsonPath;
use crate::openapi::ruleset::functions::{self, test_support};

/// Pattern, string, whether the pattern matches somewhere in the string.
const TABLE: &[(&str, &str, bool)] = &[
    (r"^\d+$", "123", true),
    (r"^\d+$", "\u{0661}\u{0662}", false),
    (r"^\D$", "\u{0661}", true),
    (r"^\w+$", "abc_1", true),
    (r"^\w+$", "café", false),
    (r"^\s$", "\u{a0}", true),
    (r"^\s$", "\u{feff}", true),
    (r"^\s$", "\u{85}", false),
    (r"^a.c$", "abc", true),
    (r"^a.c$", "a\u{2028}c", false),
    (r"^a.c$", "a\nc", false),
    (r"abc$", "abc\n", false),
    (r"^abc", "xabc", false),
    (r"b", "abc", true),
    (r"^(?=.*[0-9])[a-z0-9]+$", "abc1", true),
    (r"^(?=.*[0-9])[a-z0-9]+$", "abc", false),
    (r"^(?=.*\d)\w+$", "ab1", true),
    (r"^(?=.*\d)", "ab\u{0663}", false),
    (r"^(?!x-)", "x-a", false),
    (r"^(?!x-)", "y-a", true),
    (r"(?<!x)y", "xy", false),
    (r"(?<!x)y", "zy", true),
    (r"^(a)\1$", "aa", true),
    (r"^(a)\1$", "ab", false),
    (r"^[a-z]{2,3}$", "abcd", false),
    (r"^\p{Lu}", "Émile", true),
    (r"^[^\d]+$", "a\u{0661}", true),
];

/// Where a `patternProperties` key reads differently from a `pattern` value: the validator
/// runs a key with look-arounds as written, so `\d` there is any Unicode digit.
const PROPERTY_NAMES_DIFFER: &[(&str, &str)] = &[(r"^(?=.*\d)", "ab\u{0663}")];

/// Patterns every one of them refuses.
const INVALID: &[&str] = &["(", "[a", "a{2,1}", "*a"];

fn schema_matches(pattern: &str, text: &str) -> bool {
    let schema = AdHocSchema {
        value: json!({ "pattern": pattern }),
        base_uri: None,
        local_root: None,
        resources: Vec::new(),
        source: None,
    };
    compile_without_framework(&schema, &CompileOptions::default())
        .unwrap()
        .is_valid(&json!(text))
}

fn ruleset_matches(pattern: &str, text: &str) -> bool {
    let function = functions::build("pattern", Some(&json!({ "match": pattern }))).unwrap();
    test_support::run(&function, Some(&json!(text)), None).is_empty()
}

fn filter_matches(pattern: &str, text: &str) -> bool {
    let path = JsonPath::parse(&format!("$[?(@.match(/{pattern}/))]")).unwrap();
    !path.select(&json!([text])).is_empty()
}

fn property_schema_matches(pattern: &str, text: &str) -> bool {
    let schema = AdHocSchema {
        value: json!({ "patternProperties": { pattern: true }, "additionalProperties": false }),
        base_uri: None,
        local_root: None,
        resources: Vec::new(),
        source: None,
    };
    compile_without_framework(&schema, &CompileOptions::default())
        .unwrap()
        .is_valid(&json!({ text: 0 }))
}

/// A has exactly one property, `text`; B allows only properties that match `pattern`.
fn prover_matches(pattern: &str, text: &str) -> bool {
    let a = json!({ "type": "object", "required": [text], "additionalProperties": false,
                    "properties": { text: { "type": "string" } } });
    let b = json!({ "type": "object", "additionalProperties": false,
                    "patternProperties": { pattern: { "type": "string" } } });
    let inclusion = Inclusion::new(
        vec![
            ("https://t.example/a.json".into(), a),
            ("https://t.example/b.json".into(), b),
        ],
        Arc::new(CodeLists::empty()),
        CompileOptions::default(),
    )
    .unwrap();
    let (a, b) = (
        inclusion.root("https://t.example/a.json").unwrap(),
        inclusion.root("https://t.example/b.json").unwrap(),
    );
    match inclusion.check(&a, &b) {
        Verdict::Compatible => true,
        Verdict::Incompatible(_) => false,
        unknown @ Verdict::Unknown { .. } => panic!("/{pattern}/ on {text:?}: {unknown:?}"),
    }
}

#[test]
fn a_pattern_means_the_same_everywhere() {
    let mut disagreements = Vec::new();
    for &(pattern, text, expected) in TABLE {
        let verdicts = [
            (
                "ecma_regex",
                crate::ecma_regex::compile(pattern).unwrap().is_match(text),
            ),
            ("schema", schema_matches(pattern, text)),
            ("ruleset pattern", ruleset_matches(pattern, text)),
            ("JSONPath .match()", filter_matches(pattern, text)),
        ];
        let name_expected = expected != PROPERTY_NAMES_DIFFER.contains(&(pattern, text));
        let name_verdicts = [
            (
                "ecma_regex (property name)",
                crate::ecma_regex::compile_property_pattern(pattern)
                    .unwrap()
                    .is_match(text),
            ),
            ("schema patternProperties", property_schema_matches(pattern, text)),
            ("prover", prover_matches(pattern, text)),
        ];
        let all = verdicts.into_iter().map(|(place, verdict)| (place, verdict, expected));
        let names = name_verdicts
            .into_iter()
            .map(|(place, verdict)| (place, verdict, name_expected));
        for (place, verdict, expected) in all.chain(names) {
            if verdict != expected {
                disagreements.push(format!("{place}: /{pattern}/ on {text:?} gives {verdict}"));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn an_invalid_pattern_is_refused_everywhere() {
    for pattern in INVALID {
        assert!(crate::ecma_regex::compile(pattern).is_err(), "{pattern}");
        let schema = AdHocSchema {
            value: json!({ "pattern": pattern }),
            base_uri: None,
            local_root: None,
            resources: Vec::new(),
            source: None,
        };
        assert!(
            compile_without_framework(&schema, &CompileOptions::default()).is_err(),
            "{pattern}"
        );
        assert!(
            functions::build("pattern", Some(&json!({ "match": pattern }))).is_err(),
            "{pattern}"
        );
        assert!(
            JsonPath::parse(&format!("$[?(@.match('{pattern}'))]")).is_err(),
            "{pattern}"
        );
    }
}
