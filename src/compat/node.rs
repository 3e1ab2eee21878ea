//! Schemas as the prover walks them: a value, the URI of the document it lives in (its base for
//! `$ref`), and the draft. Documents are indexed once by `$id` and `$anchor` so references
//! resolve offline, whichever document they point into.

use std::collections::HashMap;
use std::sync::Arc;

use jsonschema::Draft;
use serde_json::{Map, Value};

/// A subschema with what is needed to resolve its references.
#[derive(Debug, Clone)]
pub struct Node {
    /// The schema (a reference into a document, or a schema the prover built).
    pub value: Arc<Value>,
    /// The base URI its relative references resolve against.
    pub base: Arc<str>,
    /// `uri#pointer` when the node is a place in a document (used to detect recursion).
    pub location: Option<String>,
    /// The draft of its document.
    pub draft: Draft,
}

impl Node {
    /// The schema object, or `None` for a boolean schema.
    pub fn object(&self) -> Option<&Map<String, Value>> {
        self.value.as_object()
    }

    /// A keyword's value.
    pub fn get(&self, keyword: &str) -> Option<&Value> {
        self.value.get(keyword)
    }

    /// A child schema of this node (under the same base), e.g. `properties/name`.
    pub fn child(&self, value: &Value, step: &str) -> Node {
        let location = self.location.as_ref().map(|l| format!("{l}/{step}"));
        let base = match value.get(id_keyword(self.draft)).and_then(Value::as_str) {
            Some(id) => Arc::from(join(&self.base, id).as_str()),
            None => Arc::clone(&self.base),
        };
        Node {
            value: Arc::new(value.clone()),
            base,
            location,
            draft: self.draft,
        }
    }

    /// A schema built by the prover, resolving like this node.
    pub fn derived(&self, value: Value) -> Node {
        Node {
            value: Arc::new(value),
            base: Arc::clone(&self.base),
            location: None,
            draft: self.draft,
        }
    }

    /// `true` (accepts everything) once annotations are set aside.
    pub fn is_true(&self) -> bool {
        match &*self.value {
            Value::Bool(b) => *b,
            Value::Object(map) => map.keys().all(|k| !is_assertion(k, self.draft)),
            _ => false,
        }
    }

    /// `false` (accepts nothing).
    pub fn is_false(&self) -> bool {
        matches!(&*self.value, Value::Bool(false))
    }
}

/// `$id`, or `id` in draft 4.
pub(crate) fn id_keyword(draft: Draft) -> &'static str {
    if draft == Draft::Draft4 { "id" } else { "$id" }
}

/// Keywords that can make a value invalid (everything else is an annotation the validator
/// ignores, including unknown `x-` keywords other than nifcheck's own).
pub(crate) fn is_assertion(keyword: &str, draft: Draft) -> bool {
    const ALL: &[&str] = &[
        "type",
        "enum",
        "const",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "format",
        "items",
        "prefixItems",
        "additionalItems",
        "contains",
        "maxContains",
        "minContains",
        "maxItems",
        "minItems",
        "uniqueItems",
        "unevaluatedItems",
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
        "dependentSchemas",
        "dependencies",
        "unevaluatedProperties",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "x-codelist",
        "x-nifcheck-refused",
    ];
    // `then`/`else` without `if` assert nothing, but listing them keeps the rules simple.
    ALL.contains(&keyword) && !(draft == Draft::Draft4 && keyword == "const")
}

/// Resolves `reference` against `base` (RFC 3986, enough for schema URIs).
pub fn join(base: &str, reference: &str) -> String {
    if reference.contains("://") || reference.starts_with("urn:") {
        return reference.to_string();
    }
    let base_doc = base.split('#').next().unwrap_or(base);
    if let Some(fragment) = reference.strip_prefix('#') {
        return format!("{base_doc}#{fragment}");
    }
    let (reference, fragment) = match reference.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (reference, None),
    };
    let joined = if reference.starts_with('/') {
        let origin_end = base_doc
            .find("://")
            .map_or(0, |i| base_doc[i + 3..].find('/').map_or(base_doc.len(), |j| i + 3 + j));
        format!("{}{}", &base_doc[..origin_end], normalize(reference))
    } else {
        let dir = base_doc.rfind('/').map_or("", |i| &base_doc[..=i]);
        let (origin, path) = match dir.find("://") {
            Some(i) => {
                let path_start = dir[i + 3..].find('/').map_or(dir.len(), |j| i + 3 + j);
                (&dir[..path_start], &dir[path_start..])
            }
            None => ("", dir),
        };
        format!("{origin}{}", normalize(&format!("{path}{reference}")))
    };
    match fragment {
        Some(f) => format!("{joined}#{f}"),
        None => joined,
    }
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Every document the prover may reach, with their embedded `$id`s and `$anchor`s.
#[derive(Debug, Default)]
pub struct Documents {
    /// Document URI (no fragment) → (value, draft).
    docs: HashMap<String, (Arc<Value>, Draft)>,
    /// Absolute `$id` or `uri#anchor` → (document URI, JSON pointer).
    named: HashMap<String, (String, String)>,
}

impl Documents {
    /// Adds a document under a URI; its embedded identifiers are indexed.
    pub fn add(&mut self, uri: &str, value: Arc<Value>, draft: Draft) {
        let uri = uri.split('#').next().unwrap_or(uri).to_string();
        let mut found = Vec::new();
        index(&value, &uri, "", draft, &mut found);
        for (name, pointer) in found {
            self.named.entry(name).or_insert_with(|| (uri.clone(), pointer));
        }
        self.docs.insert(uri, (value, draft));
    }

    /// The root node of a document.
    pub fn root(&self, uri: &str) -> Option<Node> {
        let uri = uri.split('#').next().unwrap_or(uri);
        let (value, draft) = self.docs.get(uri)?;
        Some(Node {
            value: Arc::clone(value),
            base: Arc::from(uri),
            location: Some(format!("{uri}#")),
            draft: *draft,
        })
    }

    /// The first `$ref` reachable from `node` that does not resolve, if any.
    pub fn unresolved(&self, node: &Node) -> Option<String> {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![node.clone()];
        while let Some(current) = stack.pop() {
            if seen.len() > 20_000 {
                return None;
            }
            let mut references = Vec::new();
            references_in(&current.value, &mut references);
            for reference in references {
                match self.resolve(&current, &reference) {
                    None => return Some(reference),
                    Some(target) => {
                        if seen.insert(target.location.clone().unwrap_or_default()) {
                            stack.push(target);
                        }
                    }
                }
            }
        }
        None
    }

    /// The `enum` and `const` values of every schema reachable from `node` through references
    /// (at most `limit`), to mutate examples into witnesses.
    pub fn reachable_values(&self, node: &Node, limit: usize) -> Vec<Value> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![node.clone()];
        while let Some(current) = stack.pop() {
            if out.len() >= limit || seen.len() > 20_000 {
                break;
            }
            values_in(&current.value, &mut out);
            let mut references = Vec::new();
            references_in(&current.value, &mut references);
            for reference in references {
                if let Some(target) = self.resolve(&current, &reference)
                    && seen.insert(target.location.clone().unwrap_or_default())
                {
                    stack.push(target);
                }
            }
        }
        out.truncate(limit);
        out
    }

    /// Resolves `$ref` of `node`.
    pub fn resolve(&self, node: &Node, reference: &str) -> Option<Node> {
        let target = join(&node.base, reference);
        let (doc_uri, fragment) = target.split_once('#').map_or((target.as_str(), ""), |(d, f)| (d, f));
        let (doc_uri, pointer) = if fragment.is_empty() || fragment.starts_with('/') {
            match self.named.get(doc_uri) {
                Some((doc, at)) => (doc.clone(), format!("{at}{}", unescape_fragment(fragment))),
                None => (doc_uri.to_string(), unescape_fragment(fragment)),
            }
        } else {
            let (doc, at) = self.named.get(&target)?;
            (doc.clone(), at.clone())
        };
        let (value, draft) = self.docs.get(&doc_uri)?;
        let found = value.pointer(&pointer)?;
        // The base of the target is the innermost `$id` on its path.
        let base = innermost_base(value, &doc_uri, &pointer, *draft);
        Some(Node {
            value: Arc::new(found.clone()),
            base: Arc::from(base.as_str()),
            location: Some(format!("{doc_uri}#{pointer}")),
            draft: *draft,
        })
    }
}

fn values_in(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("enum", Value::Array(items)) => out.extend(items.iter().cloned()),
                    ("const", v) => out.push(v.clone()),
                    ("examples" | "default", _) => {}
                    _ => values_in(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| values_in(i, out)),
        _ => {}
    }
}

/// Every `$ref` string inside a schema (not inside data such as `enum`).
pub(crate) fn references_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    ("enum" | "const" | "examples" | "default", _) => {}
                    _ => references_in(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| references_in(i, out)),
        _ => {}
    }
}

fn unescape_fragment(fragment: &str) -> String {
    let mut out = Vec::new();
    let bytes = fragment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn innermost_base(root: &Value, doc_uri: &str, pointer: &str, draft: Draft) -> String {
    let mut base = doc_uri.to_string();
    let mut current = root;
    if let Some(id) = current.get(id_keyword(draft)).and_then(Value::as_str) {
        base = join(&base, id);
    }
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match current {
            Value::Object(map) => map.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else { break };
        current = next;
        if let Some(id) = current.get(id_keyword(draft)).and_then(Value::as_str)
            && !id.starts_with('#')
        {
            base = join(&base, id);
        }
    }
    base
}

fn index(value: &Value, base: &str, pointer: &str, draft: Draft, out: &mut Vec<(String, String)>) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            for (n, item) in items.iter().enumerate() {
                index(item, base, &format!("{pointer}/{n}"), draft, out);
            }
        }
        return;
    };
    let mut base = base.to_string();
    if let Some(id) = map.get(id_keyword(draft)).and_then(Value::as_str) {
        if let Some(anchor) = id.strip_prefix('#') {
            out.push((
                format!("{}#{anchor}", base.split('#').next().unwrap_or(&base)),
                pointer.to_string(),
            ));
        } else {
            base = join(&base, id);
            out.push((base.split('#').next().unwrap_or(&base).to_string(), pointer.to_string()));
        }
    }
    for key in ["$anchor", "$dynamicAnchor"] {
        if let Some(anchor) = map.get(key).and_then(Value::as_str) {
            out.push((
                format!("{}#{anchor}", base.split('#').next().unwrap_or(&base)),
                pointer.to_string(),
            ));
        }
    }
    for (key, child) in map {
        // `enum`, `const`, examples and defaults hold data, not schemas.
        if matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
            continue;
        }
        let escaped = key.replace('~', "~0").replace('/', "~1");
        index(child, &base, &format!("{pointer}/{escaped}"), draft, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_references() {
        assert_eq!(
            join("https://a.example/s/p/x.json", "../q/y.json"),
            "https://a.example/s/q/y.json"
        );
        assert_eq!(
            join("https://a.example/s/x.json", "#/$defs/a"),
            "https://a.example/s/x.json#/$defs/a"
        );
        assert_eq!(
            join("https://a.example/s/x.json", "/y.json#f"),
            "https://a.example/y.json#f"
        );
        assert_eq!(join("file:///tmp/a/x.json", "y.json"), "file:///tmp/a/y.json");
        assert_eq!(join("urn:x", "https://b.example/"), "https://b.example/");
    }

    #[test]
    fn resolves_pointers_ids_and_anchors() {
        let mut docs = Documents::default();
        let doc = serde_json::json!({
            "$id": "https://a.example/root.json",
            "$defs": {
                "a": {"type": "string"},
                "b": {"$id": "inner.json", "$defs": {"c": {"type": "integer"}}},
                "d": {"$anchor": "named", "type": "null"}
            }
        });
        docs.add("https://a.example/root.json", Arc::new(doc), Draft::Draft202012);
        let root = docs
            .root("https://a.example/root.json")
            .unwrap_or_else(|| panic!("root"));
        let get = |r: &str| docs.resolve(&root, r).map(|n| n.value.as_ref().clone());
        assert_eq!(get("#/$defs/a"), Some(serde_json::json!({"type": "string"})));
        assert_eq!(get("inner.json#/$defs/c"), Some(serde_json::json!({"type": "integer"})));
        assert_eq!(
            get("#named"),
            Some(serde_json::json!({"$anchor": "named", "type": "null"}))
        );
        assert_eq!(get("#/nothing"), None);
    }
}
