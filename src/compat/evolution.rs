//! Changes between two versions: of a schema (one inclusion question, or two for `full`) and of
//! an OpenAPI description (per operation: removed and added operations, newly required
//! parameters, request schemas that narrowed, response schemas that widened). Every change is a
//! finding of the `EVO` rules; schema changes carry their witness.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Inclusion, Node, Verdict};
use crate::finding::{Finding, Kind};
use crate::rules::{self, Rule};
use crate::source::escape_pointer_token;

/// Which way compatibility must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// NEW accepts everything OLD accepted (`OLD ⊆ NEW`).
    Backward,
    /// OLD accepts everything NEW accepts (`NEW ⊆ OLD`).
    Forward,
    /// Both.
    Full,
}

/// Where findings about OLD and NEW point.
#[derive(Debug, Clone)]
pub struct Sides<'a> {
    /// The old document's name as given.
    pub old_file: &'a str,
    /// The new document's name as given.
    pub new_file: &'a str,
}

/// The overall answer of a comparison.
pub fn overall(verdicts: &[Verdict]) -> &'static str {
    if verdicts.iter().any(|v| matches!(v, Verdict::Incompatible(_))) {
        "incompatible"
    } else if verdicts.iter().any(|v| matches!(v, Verdict::Unknown { .. })) {
        "unknown"
    } else {
        "compatible"
    }
}

/// Compares two schemas; returns the findings and the verdicts they came from.
pub fn compare_schemas(
    inclusion: &Inclusion,
    old: &Node,
    new: &Node,
    direction: Direction,
    sides: &Sides<'_>,
    at: Option<&str>,
) -> (Vec<Finding>, Vec<Verdict>) {
    let mut findings = Vec::new();
    let mut verdicts = Vec::new();
    let checks: &[(bool, &'static Rule)] = &[
        (
            matches!(direction, Direction::Backward | Direction::Full),
            &rules::SCHEMA_NARROWED,
        ),
        (
            matches!(direction, Direction::Forward | Direction::Full),
            &rules::SCHEMA_WIDENED,
        ),
    ];
    for &(wanted, rule) in checks {
        if !wanted {
            continue;
        }
        let narrowed = std::ptr::eq(rule, &rules::SCHEMA_NARROWED);
        let verdict = if narrowed {
            inclusion.check(old, new)
        } else {
            inclusion.check(new, old)
        };
        if let Some(finding) = finding_for(&verdict, rule, sides.new_file, at, narrowed) {
            findings.push(finding);
        }
        verdicts.push(verdict);
    }
    (findings, verdicts)
}

fn finding_for(
    verdict: &Verdict,
    rule: &'static Rule,
    file: &str,
    at: Option<&str>,
    narrowed: bool,
) -> Option<Finding> {
    let place = at.map(|a| format!(" at {a}")).unwrap_or_default();
    match verdict {
        Verdict::Compatible => None,
        Verdict::Incompatible(w) => {
            let (accepts, rejects) = if narrowed { ("OLD", "NEW") } else { ("NEW", "OLD") };
            let mut f = Finding::new(
                rule.code,
                rule.severity,
                Kind::Evolution,
                file,
                format!("{rejects} rejects an instance {accepts} accepts{place}: {}", w.message),
            );
            f.pointer = Some(w.path.clone());
            f.witness = Some(w.instance.clone());
            f.help = Some(format!(
                "the witness is valid under {accepts} and invalid under {rejects} (keyword `{}` at `{}`)",
                w.keyword,
                if w.path.is_empty() { "/" } else { &w.path }
            ));
            Some(f)
        }
        Verdict::Unknown { path, reason } => {
            let rule = &rules::COMPATIBILITY_UNKNOWN;
            let (a, b) = if narrowed { ("OLD", "NEW") } else { ("NEW", "OLD") };
            let reason = name_sides(reason, a, b);
            let mut f = Finding::new(
                rule.code,
                rule.severity,
                Kind::Evolution,
                file,
                format!("not decided{place}: {reason}"),
            );
            f.pointer = Some(path.clone());
            Some(f)
        }
    }
}

/// A finding about an operation or parameter, at its pointer.
fn change(rule: &'static Rule, file: &str, message: String, pointer: String) -> Finding {
    let mut f = Finding::new(rule.code, rule.severity, Kind::Evolution, file, message);
    f.pointer = Some(pointer);
    f
}

/// The prover speaks of A and B; a comparison of versions speaks of OLD and NEW.
fn name_sides(text: &str, a: &str, b: &str) -> String {
    text.split(' ')
        .map(|word| match word {
            "A" => a.to_string(),
            "B" => b.to_string(),
            "A's" => format!("{a}'s"),
            "B's" => format!("{b}'s"),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One operation of an OpenAPI description.
struct Operation {
    pointer: String,
    label: String,
    value: Value,
    path_parameters: Vec<Value>,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn operations(doc: &Value) -> BTreeMap<String, Operation> {
    let mut out = BTreeMap::new();
    for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let shared = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let key = format!("{} {}", method.to_uppercase(), template_shape(path));
            out.insert(
                key,
                Operation {
                    pointer: format!("/paths/{}/{method}", escape_pointer_token(path)),
                    label: format!("{} {path}", method.to_uppercase()),
                    value: op.clone(),
                    path_parameters: shared.clone(),
                },
            );
        }
    }
    out
}

/// `/persons/{nin}` and `/persons/{id}` are the same operation.
fn template_shape(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Compares two OpenAPI descriptions registered in `inclusion` as `old_uri` and `new_uri`.
pub fn compare_openapi(
    inclusion: &Inclusion,
    (old_uri, new_uri): (&str, &str),
    (old_doc, new_doc): (&Value, &Value),
    sides: &Sides<'_>,
) -> (Vec<Finding>, Vec<Verdict>) {
    let (old_ops, new_ops) = (operations(old_doc), operations(new_doc));
    let (Some(old_root), Some(new_root)) = (inclusion.root(old_uri), inclusion.root(new_uri)) else {
        return (Vec::new(), Vec::new());
    };
    let mut out = Changes::default();
    for (key, op) in &old_ops {
        if !new_ops.contains_key(key) {
            out.findings.push(change(
                &rules::OPERATION_REMOVED,
                sides.old_file,
                format!("{} was removed", op.label),
                op.pointer.clone(),
            ));
            out.verdicts.push(Verdict::Incompatible(super::Witness {
                instance: Value::Null,
                path: op.pointer.clone(),
                keyword: "paths".into(),
                message: format!("{} was removed", op.label),
            }));
        }
    }
    for (key, op) in &new_ops {
        let Some(old) = old_ops.get(key) else {
            out.findings.push(change(
                &rules::OPERATION_ADDED,
                sides.new_file,
                format!("{} was added", op.label),
                op.pointer.clone(),
            ));
            continue;
        };
        let ctx = OperationPair {
            inclusion,
            old_root: &old_root,
            new_root: &new_root,
            old,
            new: op,
            sides,
        };
        ctx.parameters(&mut out);
        ctx.request_body(&mut out);
        ctx.responses(&mut out);
    }
    (out.findings, out.verdicts)
}

struct OperationPair<'a> {
    inclusion: &'a Inclusion,
    old_root: &'a Node,
    new_root: &'a Node,
    old: &'a Operation,
    new: &'a Operation,
    sides: &'a Sides<'a>,
}

impl OperationPair<'_> {
    /// A node for `pointer` inside a document, following a `$ref` on the way.
    fn node(&self, root: &Node, pointer: &str) -> Option<Node> {
        let node = self.inclusion.resolve(root, &format!("#{pointer}"))?;
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) if node.value.as_object().is_some_and(|m| m.len() == 1) => {
                self.inclusion.resolve(&node, reference)
            }
            _ => Some(node),
        }
    }

    /// Parameters of an operation (path-level ones included) by (location, name), with the
    /// pointer of each.
    fn parameters_of(&self, root: &Node, op: &Operation) -> BTreeMap<(String, String), (Value, String)> {
        let item = op.pointer.rsplit_once('/').map_or("", |(item, _)| item);
        let own = op
            .value
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut out = BTreeMap::new();
        for (list, base) in [
            (&op.path_parameters, format!("{item}/parameters")),
            (&own, format!("{}/parameters", op.pointer)),
        ] {
            for (i, param) in list.iter().enumerate() {
                let mut pointer = format!("{base}/{i}");
                let mut param = param.clone();
                if let Some(reference) = param.get("$ref").and_then(Value::as_str).map(str::to_string)
                    && let Some(target) = self.inclusion.resolve(root, &reference)
                {
                    if let Some((_, at)) = target.location.as_deref().and_then(|l| l.split_once('#')) {
                        pointer = at.to_string();
                    }
                    param = (*target.value).clone();
                }
                let (Some(name), Some(place)) = (
                    param.get("name").and_then(Value::as_str),
                    param.get("in").and_then(Value::as_str),
                ) else {
                    continue;
                };
                out.insert((place.to_string(), name.to_string()), (param.clone(), pointer));
            }
        }
        out
    }

    fn parameters(&self, out: &mut Changes) {
        let old = self.parameters_of(self.old_root, self.old);
        let new = self.parameters_of(self.new_root, self.new);
        for ((place, name), (param, pointer)) in &new {
            let required = param.get("required") == Some(&Value::Bool(true));
            let was_required = old
                .get(&(place.clone(), name.clone()))
                .is_some_and(|(p, _)| p.get("required") == Some(&Value::Bool(true)));
            if place != "path" && required && !was_required {
                out.findings.push(change(
                    &rules::REQUIRED_PARAMETER_ADDED,
                    self.sides.new_file,
                    format!("{} now requires the {place} parameter `{name}`", self.new.label),
                    pointer.clone(),
                ));
            }
            if let Some((_, old_pointer)) = old.get(&(place.clone(), name.clone())) {
                let what = format!("{} {place} parameter `{name}`", self.new.label);
                self.schema_change(
                    (&format!("{old_pointer}/schema"), &format!("{pointer}/schema")),
                    true,
                    &what,
                    out,
                );
            }
        }
    }

    fn request_body(&self, out: &mut Changes) {
        let content = |op: &Operation| {
            op.value
                .get("requestBody")
                .and_then(|b| b.get("content"))
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (old, new) = (content(self.old), content(self.new));
        for media in old.keys() {
            let old_pointer = format!(
                "{}/requestBody/content/{}/schema",
                self.old.pointer,
                escape_pointer_token(media)
            );
            let new_pointer = format!(
                "{}/requestBody/content/{}/schema",
                self.new.pointer,
                escape_pointer_token(media)
            );
            if !new.contains_key(media) {
                out.findings.push(change(
                    &rules::REQUEST_NARROWED,
                    self.sides.new_file,
                    format!("{} no longer accepts {media} request bodies", self.new.label),
                    format!("{}/requestBody", self.new.pointer),
                ));
                continue;
            }
            let what = format!("{} request body ({media})", self.new.label);
            self.schema_change((&old_pointer, &new_pointer), true, &what, out);
        }
    }

    fn responses(&self, out: &mut Changes) {
        let responses = |op: &Operation| {
            op.value
                .get("responses")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (old, new) = (responses(self.old), responses(self.new));
        for (status, response) in &new {
            if !old.contains_key(status) {
                continue;
            }
            for media in response
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(m, _)| m)
            {
                let tail = format!(
                    "/responses/{}/content/{}/schema",
                    escape_pointer_token(status),
                    escape_pointer_token(media)
                );
                let what = format!("{} response {status} ({media})", self.new.label);
                let pointers = (
                    format!("{}{tail}", self.old.pointer),
                    format!("{}{tail}", self.new.pointer),
                );
                self.schema_change((&pointers.0, &pointers.1), false, &what, out);
            }
        }
    }

    /// The examples the description gives beside a schema (`example`, `examples.*.value` of its
    /// media type or parameter), in both versions.
    fn examples(&self, schema_pointer: &str) -> Vec<Value> {
        let holder = schema_pointer.strip_suffix("/schema").unwrap_or(schema_pointer);
        let mut out = Vec::new();
        for root in [self.new_root, self.old_root] {
            let Some(node) = self.inclusion.resolve(root, &format!("#{holder}")) else {
                continue;
            };
            if let Some(example) = node.get("example") {
                out.push(example.clone());
            }
            for named in node
                .get("examples")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.values())
            {
                let named = match named.get("$ref").and_then(Value::as_str) {
                    Some(reference) => self.inclusion.resolve(&node, reference).map(|n| (*n.value).clone()),
                    None => Some(named.clone()),
                };
                out.extend(named.and_then(|n| n.get("value").cloned()));
            }
        }
        out
    }

    /// Compares the schemas at two pointers: a request schema must accept all it accepted, a
    /// response schema nothing it rejected.
    fn schema_change(&self, (old_pointer, new_pointer): (&str, &str), request: bool, what: &str, out: &mut Changes) {
        let (Some(old), Some(new)) = (
            self.node(self.old_root, old_pointer),
            self.node(self.new_root, new_pointer),
        ) else {
            return;
        };
        let examples = self.examples(new_pointer);
        let (verdict, rule) = if request {
            (
                self.inclusion.check_with_examples(&old, &new, &examples),
                &rules::REQUEST_NARROWED,
            )
        } else {
            (
                self.inclusion.check_with_examples(&new, &old, &examples),
                &rules::RESPONSE_WIDENED,
            )
        };
        if let Some(mut f) = finding_for(&verdict, rule, self.sides.new_file, Some(what), request) {
            f.related.push(crate::finding::Related {
                file: self.sides.new_file.to_string(),
                pointer: Some(new_pointer.to_string()),
                line: None,
                message: "the schema".into(),
            });
            out.findings.push(f);
        }
        out.verdicts.push(verdict);
    }
}

/// What the comparison of two descriptions found.
#[derive(Default)]
struct Changes {
    findings: Vec<Finding>,
    verdicts: Vec<Verdict>,
}

/// Prepares an OpenAPI description for comparison: 3.0 schemas follow draft 4 with `nullable`,
/// which becomes a `null` type so the validator reads it as OpenAPI does.
pub fn prepare_openapi(mut doc: Value) -> Value {
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("3.1").to_string();
    if version.starts_with("3.0") {
        rewrite_nullable(&mut doc);
        if let Some(map) = doc.as_object_mut() {
            map.insert(
                "$schema".into(),
                Value::String("http://json-schema.org/draft-04/schema#".into()),
            );
        }
    }
    doc
}

fn rewrite_nullable(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true)) {
                match map.get_mut("type") {
                    Some(Value::String(t)) => {
                        let t = t.clone();
                        map.insert(
                            "type".into(),
                            Value::Array(vec![Value::String(t), Value::String("null".into())]),
                        );
                    }
                    Some(Value::Array(types)) => types.push(Value::String("null".into())),
                    _ => {}
                }
                if let Some(Value::Array(values)) = map.get_mut("enum")
                    && !values.contains(&Value::Null)
                {
                    values.push(Value::Null);
                }
            }
            map.values_mut().for_each(rewrite_nullable);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_nullable),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_compare_by_shape() {
        assert_eq!(
            template_shape("/persons/{nin}/addresses/{id}"),
            "/persons/{}/addresses/{}"
        );
    }

    #[test]
    fn nullable_becomes_a_null_type() {
        let doc = prepare_openapi(
            serde_json::json!({"openapi": "3.0.3", "components": {"schemas": {"a": {"type": "string", "nullable": true}}}}),
        );
        assert_eq!(
            doc["components"]["schemas"]["a"]["type"],
            serde_json::json!(["string", "null"])
        );
    }
}
