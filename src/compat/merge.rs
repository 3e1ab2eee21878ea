//! Flattening the left side of `A ⊆ B` into alternatives without `$ref`, `allOf`, `anyOf`,
//! `oneOf` or `if` at the top. Every step may only *enlarge* what A accepts (a keyword that
//! cannot be combined is dropped), so a proof that the enlarged A is included in B still holds
//! for A itself; witnesses are always re-checked against the real A.

use serde_json::{Map, Value};

use super::node::{Documents, Node};
use jsonschema::Draft;

/// Most alternatives one schema is split into before giving up precision.
const MAX_ALTERNATIVES: usize = 64;

/// The alternatives whose union over-approximates `node`. Empty means `node` accepts nothing.
pub(crate) fn flatten(docs: &Documents, node: &Node, depth: usize) -> Vec<Node> {
    if depth > 12 {
        return vec![node.derived(Value::Bool(true))];
    }
    let Some(map) = node.object() else {
        return if node.is_false() {
            Vec::new()
        } else {
            vec![node.clone()]
        };
    };
    if is_contradiction(map) {
        return Vec::new();
    }
    // `$ref`: its target, together with the siblings from 2019-09 on.
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let mut rest = map.clone();
        rest.remove("$ref");
        let Some(target) = docs.resolve(node, reference) else {
            return flatten(docs, &node.derived(Value::Object(rest)), depth + 1);
        };
        if matches!(node.draft, Draft::Draft4 | Draft::Draft6 | Draft::Draft7) || !has_assertions(&rest, node.draft) {
            return flatten(docs, &target, depth + 1);
        }
        let siblings = node.derived(Value::Object(rest));
        return product(docs, &[siblings, target], depth);
    }
    let mut base = map.clone();
    let mut parts: Vec<Node> = Vec::new();
    if let Some(Value::Array(all)) = base.remove("allOf") {
        parts.extend(
            all.iter()
                .enumerate()
                .map(|(i, s)| node.child(s, &format!("allOf/{i}"))),
        );
    }
    let mut choices: Vec<Vec<Node>> = Vec::new();
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = base.remove(key) {
            choices.push(
                branches
                    .iter()
                    .enumerate()
                    .map(|(i, s)| node.child(s, &format!("{key}/{i}")))
                    .collect(),
            );
        }
    }
    if let Some(condition) = base.remove("if") {
        let then = base.remove("then").unwrap_or(Value::Bool(true));
        let otherwise = base.remove("else").unwrap_or(Value::Bool(true));
        let with_then = node.derived(serde_json::json!({ "allOf": [condition, then] }));
        choices.push(vec![with_then, node.child(&otherwise, "else")]);
    }
    // `not` only removes instances: dropping it enlarges A.
    base.remove("not");
    if parts.is_empty() && choices.is_empty() {
        return vec![node.derived(Value::Object(base))];
    }
    let mut alternatives = vec![node.derived(Value::Object(base))];
    for part in parts {
        alternatives = cross(docs, &alternatives, &flatten(docs, &part, depth + 1), depth);
    }
    for branches in choices {
        let options: Vec<Node> = branches.iter().flat_map(|b| flatten(docs, b, depth + 1)).collect();
        alternatives = cross(docs, &alternatives, &options, depth);
    }
    alternatives
}

fn product(docs: &Documents, parts: &[Node], depth: usize) -> Vec<Node> {
    let mut alternatives = vec![parts[0].derived(Value::Bool(true))];
    for part in parts {
        alternatives = cross(docs, &alternatives, &flatten(docs, part, depth + 1), depth);
    }
    alternatives
}

fn cross(_docs: &Documents, left: &[Node], right: &[Node], _depth: usize) -> Vec<Node> {
    let mut out = Vec::new();
    for l in left {
        for r in right {
            if out.len() >= MAX_ALTERNATIVES {
                // Too many combinations: keep the left side alone (larger, so still sound).
                return left.to_vec();
            }
            if let Some(merged) = merge(l, r) {
                out.push(merged);
            }
        }
    }
    out
}

fn has_assertions(map: &Map<String, Value>, draft: Draft) -> bool {
    map.keys().any(|k| super::node::is_assertion(k, draft))
}

/// `allOf: [X, {"not": X}]` and the like: nothing is valid.
fn is_contradiction(map: &Map<String, Value>) -> bool {
    let Some(Value::Array(all)) = map.get("allOf") else {
        return false;
    };
    all.iter().any(|x| all.iter().any(|y| y.get("not") == Some(x)))
        || map
            .get("not")
            .is_some_and(|n| all.contains(n) || n == &Value::Bool(true))
}

/// The conjunction of two flattened schemas, or `None` when it accepts nothing. Keywords that
/// cannot be combined keep the left side's value only (an over-approximation).
pub(crate) fn merge(left: &Node, right: &Node) -> Option<Node> {
    match (&*left.value, &*right.value) {
        (Value::Bool(false), _) | (_, Value::Bool(false)) => return None,
        (Value::Bool(true), _) => return Some(right.clone()),
        (_, Value::Bool(true)) => return Some(left.clone()),
        _ => {}
    }
    let (Some(l), Some(r)) = (left.object(), right.object()) else {
        return Some(left.clone());
    };
    if !has_assertions(l, left.draft) {
        return Some(right.clone());
    }
    if !has_assertions(r, right.draft) {
        return Some(left.clone());
    }
    // Merging keywords from another document would re-base its references: keep the left.
    let same_base = left.base == right.base || !right.value.to_string().contains("$ref");
    if !same_base {
        return Some(left.clone());
    }
    let mut out = l.clone();
    for (key, value) in r {
        let Some(existing) = out.get(key).cloned() else {
            out.insert(key.clone(), value.clone());
            continue;
        };
        if &existing == value {
            continue;
        }
        match key.as_str() {
            "type" => {
                let types = intersect_types(&existing, value);
                if types.is_empty() {
                    return None;
                }
                out.insert(key.clone(), Value::Array(types.into_iter().map(Value::from).collect()));
            }
            "minimum" | "minLength" | "minItems" | "minProperties" | "minContains" => {
                if let (Some(a), Some(b)) = (existing.as_f64(), value.as_f64()) {
                    out.insert(key.clone(), if b > a { value.clone() } else { existing });
                }
            }
            "maximum" | "maxLength" | "maxItems" | "maxProperties" | "maxContains" => {
                if let (Some(a), Some(b)) = (existing.as_f64(), value.as_f64()) {
                    out.insert(key.clone(), if b < a { value.clone() } else { existing });
                }
            }
            "exclusiveMinimum" if existing.is_number() && value.is_number() && value.as_f64() > existing.as_f64() => {
                out.insert(key.clone(), value.clone());
            }
            "exclusiveMaximum" if existing.is_number() && value.is_number() && value.as_f64() < existing.as_f64() => {
                out.insert(key.clone(), value.clone());
            }
            "required" => {
                let mut names: Vec<Value> = existing.as_array().cloned().unwrap_or_default();
                for name in value.as_array().into_iter().flatten() {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
                out.insert(key.clone(), Value::Array(names));
            }
            "enum" => {
                let kept: Vec<Value> = existing
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|v| value.as_array().is_some_and(|o| o.contains(v)))
                    .cloned()
                    .collect();
                if kept.is_empty() {
                    return None;
                }
                out.insert(key.clone(), Value::Array(kept));
            }
            "const" => return None,
            "uniqueItems" => {
                out.insert(
                    key.clone(),
                    Value::Bool(existing == Value::Bool(true) || value == &Value::Bool(true)),
                );
            }
            "properties" => {
                let mut props = existing.as_object().cloned().unwrap_or_default();
                for (name, schema) in value.as_object().into_iter().flatten() {
                    let combined = match props.get(name) {
                        Some(current) if current != schema => serde_json::json!({ "allOf": [current, schema] }),
                        _ => schema.clone(),
                    };
                    props.insert(name.clone(), combined);
                }
                out.insert(key.clone(), Value::Object(props));
            }
            "additionalProperties" | "items" if existing == Value::Bool(false) || value == &Value::Bool(false) => {
                out.insert(key.clone(), Value::Bool(false));
            }
            "additionalProperties" | "items" | "propertyNames" | "contains" if value.is_object() => {
                out.insert(key.clone(), serde_json::json!({ "allOf": [existing, value] }));
            }
            // pattern, format, multipleOf and the rest: the left value stays, the right is
            // dropped (A only grows).
            _ => {}
        }
    }
    Some(Node {
        value: std::sync::Arc::new(Value::Object(out)),
        ..left.clone()
    })
    .map(|mut n| {
        n.location = None;
        n
    })
}

/// The JSON types a schema's `type` names; `integer` is within `number`.
pub(crate) fn type_names(value: &Value) -> Vec<&'static str> {
    const ALL: [&str; 7] = ["null", "boolean", "object", "array", "number", "integer", "string"];
    let named: Vec<&str> = match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => return ALL.to_vec(),
    };
    ALL.iter()
        .copied()
        .filter(|t| named.contains(t) || (*t == "integer" && named.contains(&"number")))
        .collect()
}

fn intersect_types(left: &Value, right: &Value) -> Vec<&'static str> {
    let (l, r) = (type_names(left), type_names(right));
    let mut out: Vec<&'static str> = l.iter().copied().filter(|t| r.contains(t)).collect();
    // `number` ∩ `integer` is `integer`, which `type_names` already spells as both.
    if out.contains(&"number") && !(l.contains(&"number") && r.contains(&"number")) {
        out.retain(|t| *t != "number");
    }
    out
}
