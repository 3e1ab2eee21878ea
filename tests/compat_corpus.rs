//! The compatibility engine against labelled pairs: the JSON Schema containment test suite and
//! the jsonsubschema cases (`$NIFCHECK_CORPUS/compat`). Per set and category it prints how many
//! pairs were decided, how many decisions were right, and the wrong *compatible* verdicts, which
//! must be zero: a wrong "compatible" is the one answer nifcheck may never give.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use nifcheck::compat::{Inclusion, Verdict};
use nifcheck::framework::{CodeLists, CompileOptions};
use serde_json::Value;

#[derive(Default)]
struct Tally {
    total: usize,
    decided: usize,
    correct: usize,
    wrong_compatible: Vec<String>,
    wrong_incompatible: Vec<String>,
    /// Witnesses checked again with a validator built apart from the engine, and confirmed.
    rechecked: usize,
    confirmed: usize,
}

fn corpus() -> Option<PathBuf> {
    crate::corpus::path("compat")
}

fn with_draft(mut schema: Value, meta: &str) -> Value {
    if meta.contains("draft-04") {
        const_as_enum(&mut schema);
    }
    if let Some(map) = schema.as_object_mut() {
        map.entry("$schema").or_insert_with(|| Value::String(meta.to_string()));
    }
    schema
}

/// The suite writes singletons as `const` in every draft; draft 4 has no `const` (a draft-4
/// validator ignores it), so they are spelled as the one-value `enum` the suite means.
fn const_as_enum(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else { return };
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(branches)) = map.get_mut(key) {
            branches.iter_mut().for_each(const_as_enum);
        }
    }
}

/// Labels whose expected answer contradicts what JSON Schema validators do, each with a reason.
fn disagreements() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/compat_known_disagreements.txt"
    ))
    .unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            l.split_once(" # ")
                .map(|(k, r)| (k.trim().to_string(), r.trim().to_string()))
        })
        .collect()
}

/// `A ⊆ B`, or an error when the pair cannot even be loaded.
fn decide(a: &Value, b: &Value) -> Result<Verdict, String> {
    let inclusion = Inclusion::new(
        vec![
            ("https://pair.example/a.json".into(), a.clone()),
            ("https://pair.example/b.json".into(), b.clone()),
        ],
        Arc::new(CodeLists::empty()),
        CompileOptions {
            formats: false,
            ..CompileOptions::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let (Some(ra), Some(rb)) = (
        inclusion.root("https://pair.example/a.json"),
        inclusion.root("https://pair.example/b.json"),
    ) else {
        return Err("roots".into());
    };
    Ok(inclusion.check(&ra, &rb))
}

/// A witness must be valid under A and invalid under B for a validator that knows nothing of the
/// engine (its own registry, its own compilation).
fn recheck(a: &Value, b: &Value, witness: &Value) -> Option<bool> {
    // Formats are annotations here, as in `decide`.
    let valid = |schema: &Value| {
        let draft = nifcheck::framework::detect_draft(schema);
        jsonschema::options()
            .with_draft(draft)
            .should_validate_formats(false)
            .build(schema)
            .ok()
            .map(|v| v.is_valid(witness))
    };
    Some(valid(a)? && !valid(b)?)
}

fn record(tally: &mut Tally, label: String, expected: bool, verdict: Result<Verdict, String>, pair: (&Value, &Value)) {
    tally.total += 1;
    match verdict {
        Ok(Verdict::Compatible) => {
            tally.decided += 1;
            if expected {
                tally.correct += 1;
            } else {
                tally.wrong_compatible.push(label);
            }
        }
        Ok(Verdict::Incompatible(witness)) => {
            tally.decided += 1;
            if let Some(ok) = recheck(pair.0, pair.1, &witness.instance) {
                tally.rechecked += 1;
                tally.confirmed += usize::from(ok);
            }
            if expected {
                tally
                    .wrong_incompatible
                    .push(format!("{label} (witness {})", witness.instance));
            } else {
                tally.correct += 1;
            }
        }
        _ => {}
    }
}

fn report(name: &str, tallies: &BTreeMap<String, Tally>) -> (usize, Vec<String>) {
    let known = disagreements();
    let mut wrong = Vec::new();
    let mut all = (0, 0, 0);
    for (category, t) in tallies {
        println!(
            "{name} {category}: decided {}/{}, correct {}/{}, wrong compatible {}, wrong incompatible {}, witnesses rechecked {}/{} confirmed",
            t.decided,
            t.total,
            t.correct,
            t.decided,
            t.wrong_compatible.len(),
            t.wrong_incompatible.len(),
            t.confirmed,
            t.rechecked
        );
        assert_eq!(
            t.confirmed, t.rechecked,
            "{name} {category}: a witness did not separate the schemas"
        );
        for w in t.wrong_incompatible.iter().chain(&t.wrong_compatible) {
            let label = w.split(" (witness").next().unwrap_or(w);
            match known.get(label) {
                Some(reason) => println!("  known disagreement {label}: {reason}"),
                None => println!("  UNEXPLAINED {w}"),
            }
        }
        wrong.extend(
            t.wrong_incompatible
                .iter()
                .chain(&t.wrong_compatible)
                .filter(|w| !known.contains_key(w.split(" (witness").next().unwrap_or(w)))
                .cloned(),
        );
        all = (all.0 + t.total, all.1 + t.decided, all.2 + t.correct);
    }
    println!("{name} all: decided {}/{}, correct {}/{}", all.1, all.0, all.2, all.1);
    (all.1, wrong)
}

#[test]
fn containment_suite() {
    let Some(dir) = corpus() else {
        return;
    };
    let root = dir.join("jsc-containment-testsuite/tests");
    let drafts = [
        ("draft4", "http://json-schema.org/draft-04/schema#"),
        ("draft7", "http://json-schema.org/draft-07/schema#"),
        ("draft2020-12", "https://json-schema.org/draft/2020-12/schema"),
    ];
    let mut wrong = Vec::new();
    for (draft, meta) in drafts {
        let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
        for category in sorted(&root.join(draft)) {
            let name = file_name(&category);
            let tally = tallies.entry(name.clone()).or_default();
            for file in sorted(&category) {
                let Ok(text) = std::fs::read_to_string(&file) else {
                    continue;
                };
                let Ok(Value::Array(cases)) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                for case in cases {
                    let (a, b) = (
                        with_draft(case["schema1"].clone(), meta),
                        with_draft(case["schema2"].clone(), meta),
                    );
                    let label = format!("{draft}/{name}/{}#{}", file_name(&file), case["id"]);
                    if let Some(expected) = case["tests"]["s1SubsetEqOfs2"].as_bool() {
                        record(tally, label.clone(), expected, decide(&a, &b), (&a, &b));
                    }
                    if let Some(expected) = case["tests"]["s2SubsetEqOfs1"].as_bool() {
                        record(tally, format!("{label} reversed"), expected, decide(&b, &a), (&b, &a));
                    }
                }
            }
        }
        wrong.extend(report(&format!("containment {draft}"), &tallies).1);
    }
    assert!(
        wrong.is_empty(),
        "unexplained wrong verdicts (a wrong compatible is a release blocker): {wrong:#?}"
    );
}

#[test]
fn jsonsubschema_cases() {
    let Some(cases) = crate::corpus::path("compat/jsonsubschema/jsonsubschema-cases.json") else {
        return;
    };
    let text = std::fs::read_to_string(cases).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let meta = "http://json-schema.org/draft-04/schema#";
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for case in doc["cases"].as_array().into_iter().flatten() {
        let Some(expected) = case["expected"].as_bool() else {
            continue;
        };
        if !case["upstream_skipped"].is_null() {
            continue;
        }
        let file = case["source_file"]
            .as_str()
            .unwrap_or("?")
            .trim_start_matches("test/")
            .to_string();
        let tally = tallies.entry(file).or_default();
        let (a, b) = (
            with_draft(case["s1"].clone(), meta),
            with_draft(case["s2"].clone(), meta),
        );
        let label = case["id"].as_str().unwrap_or("?").to_string();
        record(tally, label.clone(), expected, decide(&a, &b), (&a, &b));
        if case["relation"] == "equivalent" && expected {
            record(tally, format!("{label} reversed"), expected, decide(&b, &a), (&b, &a));
        }
    }
    let (_, wrong) = report("jsonsubschema", &tallies);
    assert!(
        wrong.is_empty(),
        "unexplained wrong verdicts (a wrong compatible is a release blocker): {wrong:#?}"
    );
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
