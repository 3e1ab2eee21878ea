//! Witnesses: concrete instances valid under A and invalid under B. Candidates are built from A
//! (its enumerations, examples, bounds, formats, required and optional properties, and the
//! property names B cares about), then checked with the real validators; only a candidate both
//! validators agree on is ever reported.

use serde_json::{Map, Value, json};

use super::merge::flatten;
use super::node::{Documents, Node};
use super::prove::{finite_values, types_of};

/// Most candidates built for one schema.
const MAX_CANDIDATES: usize = 400;

/// Values of every type, for places A leaves open.
fn universe() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(1),
        json!(1.5),
        json!(""),
        json!("a"),
        json!("x-unexpected-value"),
        json!([]),
        json!({}),
    ]
}

/// The valid codes of a code list, by its id.
pub(crate) type CodeSource = Box<dyn Fn(&str) -> Vec<String>>;

/// Names and values B mentions, so candidates probe exactly where B is stricter, and the codes
/// of the framework's code lists.
#[derive(Default)]
pub(crate) struct Hints {
    /// Property names B constrains.
    pub names: Vec<String>,
    /// Strings B mentions (enumerations, constants).
    pub strings: Vec<String>,
    /// The valid codes of a code list, by id.
    pub codes: Option<CodeSource>,
}

impl Hints {
    /// Collects hints from a schema document.
    pub(crate) fn from(value: &Value) -> Self {
        let mut hints = Hints::default();
        collect(value, &mut hints, 0);
        hints.names.sort();
        hints.names.dedup();
        hints.names.truncate(40);
        hints.strings.sort();
        hints.strings.dedup();
        hints.strings.truncate(40);
        hints
    }
}

fn collect(value: &Value, hints: &mut Hints, depth: usize) {
    if depth > 12 {
        return;
    }
    match value {
        Value::Object(map) => {
            for key in ["properties", "dependentRequired", "dependencies"] {
                if let Some(Value::Object(props)) = map.get(key) {
                    hints.names.extend(props.keys().cloned());
                }
            }
            for name in map.get("required").and_then(Value::as_array).into_iter().flatten() {
                if let Some(n) = name.as_str() {
                    hints.names.push(n.to_string());
                }
            }
            for key in ["enum", "const"] {
                match map.get(key) {
                    Some(Value::String(s)) => hints.strings.push(s.clone()),
                    Some(Value::Array(items)) => hints
                        .strings
                        .extend(items.iter().filter_map(|v| v.as_str().map(str::to_string))),
                    _ => {}
                }
            }
            for (key, child) in map {
                if !matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    collect(child, hints, depth + 1);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect(i, hints, depth + 1)),
        _ => {}
    }
}

/// Candidate instances for `node`, most promising first.
pub(crate) fn candidates(docs: &Documents, node: &Node, hints: &Hints, depth: usize) -> Vec<Value> {
    let mut out = Vec::new();
    for alternative in flatten(docs, node, 0) {
        generate(docs, &alternative, hints, depth, &mut out);
        if out.len() >= MAX_CANDIDATES {
            break;
        }
    }
    out.truncate(MAX_CANDIDATES);
    out
}

fn generate(docs: &Documents, node: &Node, hints: &Hints, depth: usize, out: &mut Vec<Value>) {
    if let Some(values) = finite_values(node) {
        out.extend(values);
        return;
    }
    for key in ["examples", "default"] {
        match node.get(key) {
            Some(Value::Array(items)) if key == "examples" => out.extend(items.iter().cloned()),
            Some(value) if key == "default" => out.push(value.clone()),
            _ => {}
        }
    }
    if node.is_true() && node.object().is_none_or(|m| m.is_empty() || depth > 0) {
        out.extend(universe());
        if depth > 2 {
            return;
        }
    }
    for t in types_of(node) {
        match t {
            "null" => out.push(Value::Null),
            "boolean" => out.extend([json!(true), json!(false)]),
            "integer" | "number" => numbers(node, t == "integer", out),
            "string" => strings(node, hints, out),
            "array" if depth < 4 => arrays(docs, node, hints, depth, out),
            "object" if depth < 4 => objects(docs, node, hints, depth, out),
            "array" => out.push(json!([])),
            "object" => out.push(json!({})),
            _ => {}
        }
    }
}

fn numbers(node: &Node, integer: bool, out: &mut Vec<Value>) {
    let get = |k: &str| node.get(k).and_then(Value::as_f64);
    let step = get("multipleOf").unwrap_or(if integer { 1.0 } else { 0.5 });
    let mut values = vec![
        0.0,
        1.0,
        -1.0,
        2.0,
        10.0,
        1_000_000.0,
        -1_000_000.0,
        step,
        2.0 * step,
        3.0 * step,
        -step,
    ];
    for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
        if let Some(v) = get(key) {
            values.extend([
                v,
                v + step,
                v - step,
                v + 1.0,
                v - 1.0,
                (v / step).ceil() * step,
                (v / step).floor() * step,
            ]);
        }
    }
    if !integer {
        values.extend([0.5, 1.5, -0.5, 0.1, 2.25]);
    }
    for v in values {
        if integer || v.fract() == 0.0 {
            if v.abs() < 9e15 {
                out.push(json!(v as i64));
            }
        } else {
            out.push(json!(v));
        }
        if !integer {
            out.push(json!(v));
        }
    }
}

/// The most items or characters a candidate witness holds.
const LARGEST_CANDIDATE: usize = 4096;

fn strings(node: &Node, hints: &Hints, out: &mut Vec<Value>) {
    let count = |key: &str| {
        node.get(key)
            .and_then(Value::as_u64)
            .map(|m| usize::try_from(m).unwrap_or(usize::MAX))
    };
    let min = count("minLength").unwrap_or(0);
    let max = count("maxLength")
        .unwrap_or_else(|| min.max(8).saturating_add(8))
        .min(LARGEST_CANDIDATE);
    if let Some(format) = node.get("format").and_then(Value::as_str) {
        out.extend(format_samples(format).into_iter().map(Value::from));
    }
    if let (Some(list), Some(codes)) = (node.get("x-codelist").and_then(Value::as_str), &hints.codes) {
        let valid = codes(list);
        out.extend(
            hints
                .strings
                .iter()
                .filter(|s| valid.contains(s))
                .cloned()
                .map(Value::from),
        );
        out.extend(valid.into_iter().take(3).map(Value::from));
    }
    if let Some(pattern) = node.get("pattern").and_then(Value::as_str) {
        out.extend(
            (0..4)
                .filter_map(|variant| super::sample::sample(pattern, variant))
                .map(Value::from),
        );
    }
    for length in [min, min.saturating_add(1), max, max.saturating_sub(1), 1, 3] {
        if length >= min && length <= max {
            out.push(Value::String("a".repeat(length)));
            out.push(Value::String("Z9".repeat(length).chars().take(length).collect()));
        }
    }
    out.extend(hints.strings.iter().cloned().map(Value::from));
    out.extend(
        [
            "abc",
            "ABC",
            "123",
            "a b",
            "é",
            "x-unexpected-value",
            "2024-01-31",
            "name@example.org",
        ]
        .map(Value::from),
    );
}

fn format_samples(format: &str) -> Vec<&'static str> {
    match format {
        "date" => vec!["2024-01-31", "2024-02-29", "1999-12-31"],
        "date-time" => vec!["2024-01-31T10:00:00Z", "2024-01-31T10:00:00+02:00"],
        "time" => vec!["10:00:00Z"],
        "email" | "idn-email" => vec!["name@example.org"],
        "uuid" => vec!["8c0e2b7a-5f1d-4c3e-9a61-2d4f0b7c9e15"],
        "uri" | "iri" | "uri-reference" | "iri-reference" => vec!["https://example.org/a", "urn:x:y"],
        "ipv4" => vec!["192.0.2.10"],
        "ipv6" => vec!["2001:db8::1"],
        "hostname" | "idn-hostname" => vec!["example.org"],
        _ => vec![],
    }
}

fn arrays(docs: &Documents, node: &Node, hints: &Hints, depth: usize, out: &mut Vec<Value>) {
    let items = node
        .get("items")
        .filter(|i| !i.is_array())
        .map_or_else(|| node.derived(Value::Bool(true)), |i| node.child(i, "items"));
    let mut item_values = candidates(docs, &items, hints, depth + 1);
    item_values.truncate(8);
    let min = node
        .get("minItems")
        .and_then(Value::as_u64)
        .map_or(0, |m| usize::try_from(m).unwrap_or(usize::MAX));
    out.push(json!([]));
    // A schema may ask for more items than any witness should hold: such a witness is not
    // built, and the proof answers without it.
    if min < LARGEST_CANDIDATE {
        for value in &item_values {
            out.push(Value::Array(vec![value.clone(); min.max(1)]));
            out.push(Value::Array(vec![value.clone(); min.max(1) + 1]));
        }
    }
    if item_values.len() >= 2 {
        out.push(Value::Array(item_values[..2].to_vec()));
    }
}

fn objects(docs: &Documents, node: &Node, hints: &Hints, depth: usize, out: &mut Vec<Value>) {
    let props = node
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let required: Vec<String> = node
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let values_of = |name: &str| -> Vec<Value> {
        let schema = match props.get(name) {
            Some(s) => node.child(s, &format!("properties/{name}")),
            None => node.get("additionalProperties").map_or_else(
                || node.derived(Value::Bool(true)),
                |s| node.child(s, "additionalProperties"),
            ),
        };
        let mut values = candidates(docs, &schema, hints, depth + 1);
        values.truncate(12);
        values
    };
    let mut base = Map::new();
    for name in &required {
        if let Some(first) = values_of(name).into_iter().next() {
            base.insert(name.clone(), first);
        }
    }
    out.push(Value::Object(base.clone()));
    // Each required property with its other values, then each optional property in turn.
    let mut names: Vec<String> = required.clone();
    names.extend(props.keys().filter(|k| !required.contains(k)).cloned());
    let open = node.get("additionalProperties") != Some(&Value::Bool(false));
    if open {
        names.extend(hints.names.iter().filter(|n| !props.contains_key(*n)).cloned());
        names.push("x-unexpected-property".into());
    }
    let mut everything = base.clone();
    for name in names {
        for value in values_of(&name) {
            let mut variant = base.clone();
            variant.insert(name.clone(), value.clone());
            everything.entry(name.clone()).or_insert(value);
            out.push(Value::Object(variant));
        }
    }
    out.push(Value::Object(everything));
}
