//! Objects and arrays: the schema A gives each property or position, against B's.

use serde_json::Value;

use super::{Outcome, Prover, closed, no, regex_matches, same, strings};
use crate::compat::node::Node;

impl Prover<'_> {
    /// The schema A gives to a property named `name`.
    pub(super) fn a_property(&self, a: &Node, name: &str) -> Node {
        if let Some(schema) = a.get("properties").and_then(|p| p.get(name)) {
            return a.child(schema, &format!("properties/{name}"));
        }
        if let Some(patterns) = a.get("patternProperties").and_then(Value::as_object) {
            for (pattern, schema) in patterns {
                if regex_matches(pattern, name) {
                    return a.child(schema, &format!("patternProperties/{pattern}"));
                }
            }
        }
        match a.get("additionalProperties") {
            Some(schema) => a.child(schema, "additionalProperties"),
            None => a.derived(Value::Bool(true)),
        }
    }

    /// `additionalProperties` / `patternProperties` of B against every property A may have.
    pub(super) fn open_properties(&mut self, a: &Node, b: &Node, keyword: &str, path: &str) -> Outcome {
        let b_props = b.get("properties").and_then(Value::as_object);
        let b_patterns: Vec<(String, Node)> = b
            .get("patternProperties")
            .and_then(Value::as_object)
            .map(|p| {
                p.iter()
                    .map(|(k, v)| (k.clone(), b.child(v, &format!("patternProperties/{k}"))))
                    .collect()
            })
            .unwrap_or_default();
        let b_additional = b
            .get("additionalProperties")
            .map(|v| b.child(v, "additionalProperties"));
        let mut outcome = Outcome::Yes;
        // Named properties of A.
        for (name, schema) in a.get("properties").and_then(Value::as_object).into_iter().flatten() {
            let a_side = a.child(schema, &format!("properties/{name}"));
            let here = format!("{path}/{name}");
            let matching: Vec<&Node> = b_patterns
                .iter()
                .filter(|(p, _)| regex_matches(p, name))
                .map(|(_, n)| n)
                .collect();
            if keyword == "patternProperties" {
                for pattern in matching {
                    outcome = outcome.and(self.includes(&a_side, pattern, &here));
                }
            } else if matching.is_empty()
                && !b_props.is_some_and(|p| p.contains_key(name))
                && let Some(additional) = &b_additional
            {
                outcome = outcome.and(self.includes(&a_side, additional, &here));
            }
        }
        // Everything else A allows, with whatever name: it must fit every place of B it may land.
        let mut open: Vec<Node> = a
            .get("patternProperties")
            .and_then(Value::as_object)
            .map(|p| {
                p.iter()
                    .map(|(k, v)| a.child(v, &format!("patternProperties/{k}")))
                    .collect()
            })
            .unwrap_or_default();
        match a.get("additionalProperties") {
            Some(schema) => open.push(a.child(schema, "additionalProperties")),
            None => open.push(a.derived(Value::Bool(true))),
        }
        let targets: Vec<Node> = if keyword == "patternProperties" {
            b_patterns.iter().map(|(_, n)| n.clone()).collect()
        } else {
            b_additional.into_iter().collect()
        };
        for space in open.iter().filter(|n| !n.is_false()) {
            for target in &targets {
                let step = self.includes(space, target, &format!("{path}/*"));
                outcome = outcome.and(match step {
                    Outcome::No { .. } => no(path, keyword),
                    other => other,
                });
            }
        }
        outcome
    }

    pub(super) fn dependencies(&mut self, a: &Node, keyword: &str, value: &Value, path: &str) -> Outcome {
        let a_required = strings(a.get("required"));
        let mut outcome = Outcome::Yes;
        for (trigger, needs) in value.as_object().into_iter().flatten() {
            let Some(needs) = needs.as_array() else {
                outcome = outcome.and(same(a, keyword, value, path));
                continue;
            };
            let needs: Vec<String> = needs.iter().filter_map(|n| n.as_str().map(str::to_string)).collect();
            let impossible = closed(a) && a.get("properties").is_none_or(|p| p.get(trigger).is_none());
            let own = a
                .get(keyword)
                .and_then(|d| d.get(trigger))
                .and_then(Value::as_array)
                .map(|v| {
                    v.iter()
                        .filter_map(|n| n.as_str().map(str::to_string))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            if !(impossible || needs.iter().all(|n| a_required.contains(n) || own.contains(n))) {
                outcome = outcome.and(no(&format!("{path}/{trigger}"), keyword));
            }
        }
        outcome
    }

    pub(super) fn items(&mut self, a: &Node, b: &Node, path: &str) -> Outcome {
        let (a_prefix, a_rest) = tuple(a);
        let (b_prefix, b_rest) = tuple(b);
        let a_max = a
            .get("maxItems")
            .and_then(Value::as_f64)
            .map(|m| m as usize)
            .or_else(|| closed_length(a));
        let at = |i: usize| -> Option<Node> {
            if a_max.is_some_and(|m| i >= m) {
                return None;
            }
            Some(a_prefix.get(i).cloned().unwrap_or_else(|| a_rest.clone()))
        };
        let mut outcome = Outcome::Yes;
        for (i, b_item) in b_prefix.iter().enumerate() {
            if let Some(a_item) = at(i) {
                outcome = outcome.and(self.includes(&a_item, b_item, &format!("{path}/{i}")));
            }
        }
        if !b_rest.is_true() {
            let start = b_prefix.len();
            for (j, a_item) in a_prefix.iter().enumerate().skip(start) {
                if at(j).is_some() {
                    outcome = outcome.and(self.includes(a_item, &b_rest, &format!("{path}/{j}")));
                }
            }
            if at(a_prefix.len().max(start)).is_some() {
                outcome = outcome.and(self.includes(&a_rest, &b_rest, &format!("{path}/*")));
            }
        }
        outcome
    }
}

/// Positional schemas and the schema of the rest, for every draft's spelling.
fn tuple(node: &Node) -> (Vec<Node>, Node) {
    let child = |v: &Value, step: &str| node.child(v, step);
    if let Some(Value::Array(prefix)) = node.get("prefixItems") {
        let rest = node
            .get("items")
            .map_or_else(|| node.derived(Value::Bool(true)), |i| child(i, "items"));
        return (
            prefix
                .iter()
                .enumerate()
                .map(|(i, p)| child(p, &format!("prefixItems/{i}")))
                .collect(),
            rest,
        );
    }
    match node.get("items") {
        Some(Value::Array(prefix)) => {
            let rest = node
                .get("additionalItems")
                .map_or_else(|| node.derived(Value::Bool(true)), |i| child(i, "additionalItems"));
            (
                prefix
                    .iter()
                    .enumerate()
                    .map(|(i, p)| child(p, &format!("items/{i}")))
                    .collect(),
                rest,
            )
        }
        Some(items) => (Vec::new(), child(items, "items")),
        None => (Vec::new(), node.derived(Value::Bool(true))),
    }
}

/// The most items A's positional form allows, when its rest is `false`.
pub(super) fn closed_length(a: &Node) -> Option<usize> {
    let (prefix, rest) = tuple(a);
    rest.is_false().then_some(prefix.len())
}
