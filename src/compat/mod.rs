//! Schema inclusion: is every instance valid under A also valid under B? The answer is
//! *compatible* (proved), *incompatible* with a witness (a concrete instance that A accepts and
//! B rejects, checked with the real validator for both), or *unknown* with the reason. A
//! witness found by the search always wins over the proof, so a wrong *compatible* needs both
//! the prover and the search to miss.

pub mod automata;
pub mod diff;
pub mod evolution;
mod merge;
mod node;
mod prove;
mod sample;
mod schema_key;
mod witness;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

pub use node::{Documents, Node, join as join_uri};
use prove::{Oracle, Outcome, Prover};
use schema_key::SchemaKey;
use witness::{Hints, candidates};

use crate::error::{Error, Result};
use crate::framework::schemas::base_options;
use crate::framework::{CodeLists, CompileOptions, detect_draft};
use crate::framework::{LocalReferences as Local, ReferenceAccess as Access, ReferenceRetriever as PolicyRetriever};

/// A concrete instance that A accepts and B rejects.
#[derive(Debug, Clone, PartialEq)]
pub struct Witness {
    /// The instance.
    pub instance: Value,
    /// Where in it B first disagrees (JSON Pointer).
    pub path: String,
    /// The keyword of B that rejects it.
    pub keyword: String,
    /// B's validation message.
    pub message: String,
}

/// The answer to `A ⊆ B`.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Every instance of A is an instance of B.
    Compatible,
    /// Not so, and here is an instance that shows it.
    Incompatible(Witness),
    /// Not decided.
    Unknown {
        /// Where the prover stopped.
        path: String,
        /// Why.
        reason: String,
    },
}

impl Verdict {
    /// `compatible`, `incompatible` or `unknown`.
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Compatible => "compatible",
            Verdict::Incompatible(_) => "incompatible",
            Verdict::Unknown { .. } => "unknown",
        }
    }
}

/// A set of schema documents to compare, with the validators to check witnesses.
pub struct Inclusion {
    docs: Documents,
    registry: Registry<'static>,
    code_lists: Arc<CodeLists>,
    options: CompileOptions,
    access: Access,
    compiled: Mutex<HashMap<SchemaKey, Option<Arc<Validator>>>>,
    /// Pairs of referenced schemas known to be the same (or not), across questions.
    same: Mutex<HashMap<String, bool>>,
}

impl Inclusion {
    /// Registers documents by URI (the schemas to compare and anything they refer to); any
    /// other reference is refused.
    pub fn new(documents: Vec<(String, Value)>, code_lists: Arc<CodeLists>, options: CompileOptions) -> Result<Self> {
        Self::with_access(documents, code_lists, options, Access::new(Local::Nothing, None))
    }

    /// Every standard of a framework plus `documents`, with the framework's code lists and the
    /// references its `allowed-hosts` permit.
    pub fn for_framework(framework: &crate::framework::Framework, documents: Vec<(String, Value)>) -> Result<Self> {
        let mut all = framework.schema_documents()?;
        all.extend(documents);
        let access = framework.reference_access()?;
        Self::with_access(
            all,
            Arc::clone(framework.code_lists()),
            framework.options().clone(),
            access,
        )
    }

    fn with_access(
        documents: Vec<(String, Value)>,
        code_lists: Arc<CodeLists>,
        options: CompileOptions,
        access: Access,
    ) -> Result<Self> {
        let mut docs = Documents::default();
        let mut resources = Vec::new();
        for (uri, value) in documents {
            let draft = detect_draft(&value);
            resources.push((uri.clone(), draft.create_resource(value.clone())));
            docs.add(&uri, Arc::new(value), draft);
        }
        let registry = Registry::new()
            .retriever(PolicyRetriever(access.clone()))
            .extend(resources)
            .and_then(jsonschema::RegistryBuilder::prepare)
            .map_err(|e| Error::framework(format!("the schemas to compare do not load: {e}"), None))?;
        Ok(Inclusion {
            docs,
            registry,
            code_lists,
            options,
            access,
            compiled: Mutex::default(),
            same: Mutex::default(),
        })
    }

    /// The root schema of a registered document.
    pub fn root(&self, uri: &str) -> Option<Node> {
        self.docs.root(uri)
    }

    /// Resolves a reference from a node.
    pub fn resolve(&self, from: &Node, reference: &str) -> Option<Node> {
        self.docs.resolve(from, reference)
    }

    /// Whether the real validator accepts `value` under `node` (`None`: it does not compile).
    pub fn validates(&self, node: &Node, value: &Value) -> Option<bool> {
        self.validator(node).map(|v| v.is_valid(value))
    }

    /// `A ⊆ B`.
    pub fn check(&self, a: &Node, b: &Node) -> Verdict {
        let mut prover = Prover::new(&self.docs, self);
        // An unchanged schema has no witness to look for.
        if prover.equivalent(a, b) {
            return Verdict::Compatible;
        }
        for side in [a, b] {
            if let Some(missing) = self.docs.unresolved(side) {
                return Verdict::Unknown {
                    path: String::new(),
                    reason: format!("the schemas refer to `{missing}`, which is not available to compare"),
                };
            }
        }
        let outcome = prover.includes(a, b, "");
        if let Some(witness) = self.find_witness(a, b) {
            return Verdict::Incompatible(witness);
        }
        match outcome {
            Outcome::Yes => Verdict::Compatible,
            Outcome::No { path, keyword } => Verdict::Unknown {
                reason: format!(
                    "A seems to accept values that B's `{keyword}` rejects at {}, but no instance showing it was found",
                    display(&path)
                ),
                path,
            },
            Outcome::Unknown { path, reason } => Verdict::Unknown { path, reason },
        }
    }

    /// `A ⊆ B`, trying known-good instances of A (an API description's examples) and their
    /// variants as witnesses when the schemas are too large to build instances from.
    pub fn check_with_examples(&self, a: &Node, b: &Node, examples: &[Value]) -> Verdict {
        let verdict = self.check(a, b);
        if matches!(verdict, Verdict::Unknown { .. })
            && let Some(witness) = self.mutate_examples(a, b, examples)
        {
            return Verdict::Incompatible(witness);
        }
        verdict
    }

    /// A witness among known-good instances of A (an API description's examples, sample
    /// payloads) and their variants, for when the prover cannot build one.
    pub fn witness_from_examples(&self, a: &Node, b: &Node, examples: &[Value]) -> Option<Witness> {
        self.mutate_examples(a, b, examples)
    }

    fn mutate_examples(&self, a: &Node, b: &Node, examples: &[Value]) -> Option<Witness> {
        let b_validator = self.validator(b)?;
        let pool = self.docs.reachable_values(a, 200);
        let witness = |instance: Value| -> Option<Witness> {
            if self.accepts(a, &instance) != Some(true) || b_validator.is_valid(&instance) {
                return None;
            }
            let error = b_validator.iter_errors(&instance).next()?;
            Some(Witness {
                path: error.instance_path().as_str().to_string(),
                keyword: error.kind().keyword().to_string(),
                message: error.to_string(),
                instance,
            })
        };
        for example in examples.iter().take(8) {
            if let Some(found) = witness(example.clone()) {
                return Some(found);
            }
            let mut leaves = Vec::new();
            leaf_pointers(example, String::new(), &mut leaves);
            for pointer in leaves.iter().take(300) {
                for value in &pool {
                    let mut variant = example.clone();
                    if let Some(slot) = variant.pointer_mut(pointer) {
                        *slot = value.clone();
                    }
                    if let Some(found) = witness(variant) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }

    fn find_witness(&self, a: &Node, b: &Node) -> Option<Witness> {
        let mut hints = Hints::from(&b.value);
        let (lists, as_of) = (Arc::clone(&self.code_lists), self.options.as_of);
        hints.codes = Some(Box::new(move |id: &str| {
            valid_codes(&lists, id, as_of).unwrap_or_default()
        }));
        // Strings that match A's patterns and not B's.
        let (mut a_patterns, mut b_patterns) = (vec![String::new()], Vec::new());
        keyword_strings(&a.value, "pattern", &mut a_patterns);
        keyword_strings(&b.value, "pattern", &mut b_patterns);
        for pa in a_patterns.iter().take(12) {
            for pb in b_patterns.iter().take(12).filter(|pb| *pb != pa) {
                if let automata::PatternInclusion::Separated(text) = automata::includes(pa, pb) {
                    hints.strings.insert(0, text);
                }
            }
        }
        // Codes A's lists allow and B's lists do not: the likeliest witnesses.
        let (mut a_lists, mut b_lists) = (Vec::new(), Vec::new());
        keyword_strings(&a.value, "x-codelist", &mut a_lists);
        keyword_strings(&b.value, "x-codelist", &mut b_lists);
        for la in &a_lists {
            for lb in b_lists.iter().filter(|lb| *lb != la) {
                let theirs = self.codes(lb).unwrap_or_default();
                hints.strings.splice(
                    0..0,
                    self.codes(la)
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|c| !theirs.contains(c))
                        .take(8),
                );
            }
        }
        let b_validator = self.validator(b)?;
        for candidate in candidates(&self.docs, a, &hints, 0) {
            if self.accepts(a, &candidate) == Some(true) && !b_validator.is_valid(&candidate) {
                let error = b_validator.iter_errors(&candidate).next()?;
                return Some(Witness {
                    path: error.instance_path().as_str().to_string(),
                    keyword: error.kind().keyword().to_string(),
                    message: error.to_string(),
                    instance: candidate,
                });
            }
        }
        None
    }

    fn validator(&self, node: &Node) -> Option<Arc<Validator>> {
        let key = SchemaKey::new(&node.value, &node.base, node.draft);
        if let Ok(cache) = self.compiled.lock()
            && let Some(found) = cache.get(&key)
        {
            return found.clone();
        }
        // A schema inside a registered document is compiled as a reference to its place: compiled
        // under its document's URI it would shadow that document, and its references into the
        // rest of the document would no longer resolve.
        let inner = node
            .location
            .as_deref()
            .and_then(|l| l.split_once('#'))
            .filter(|(_, pointer)| !pointer.is_empty());
        let (schema, base) = match inner {
            Some((uri, pointer)) => (
                serde_json::json!({ "$ref": format!("{uri}#{}", encode_fragment(pointer)) }),
                "urn:nifcheck:compat:place".to_string(),
            ),
            None => ((*node.value).clone(), node.base.to_string()),
        };
        let built = base_options(&self.code_lists, &self.options, self.access.clone())
            .with_draft(node.draft)
            .with_base_uri(base)
            .with_registry(&self.registry)
            .build(&schema)
            .ok()
            .map(Arc::new);
        if let Ok(mut cache) = self.compiled.lock() {
            cache.insert(key, built.clone());
        }
        built
    }
}

impl Oracle for Inclusion {
    fn accepts(&self, node: &Node, value: &Value) -> Option<bool> {
        self.validator(node).map(|v| v.is_valid(value))
    }

    fn formats(&self) -> bool {
        self.options.formats
    }

    fn remembered(&self, key: &str) -> Option<bool> {
        self.same.lock().ok()?.get(key).copied()
    }

    fn codes(&self, list: &str) -> Option<Vec<String>> {
        valid_codes(&self.code_lists, list, self.options.as_of)
    }

    fn remember(&self, key: &str, same: bool) {
        if let Ok(mut known) = self.same.lock() {
            known.insert(key.to_string(), same);
        }
    }
}

fn valid_codes(lists: &CodeLists, id: &str, as_of: crate::date::Date) -> Option<Vec<String>> {
    let list = lists.get(id).ok()?;
    Some(
        list.codes
            .iter()
            .filter(|c| list.check(&c.code, as_of).is_ok())
            .map(|c| c.code.clone())
            .collect(),
    )
}

/// JSON Pointers of every scalar inside an instance.
fn leaf_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                leaf_pointers(child, format!("{at}/{}", crate::source::escape_pointer_token(key)), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                leaf_pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

/// Every string value of `keyword` inside a schema, once each.
fn keyword_strings(value: &Value, keyword: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get(keyword)
                && !out.contains(text)
            {
                out.push(text.clone());
            }
            for (key, child) in map {
                if !matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    keyword_strings(child, keyword, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keyword_strings(v, keyword, out)),
        _ => {}
    }
}

/// A JSON Pointer as a URI fragment: characters a fragment may not hold are percent-encoded.
fn encode_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn display(path: &str) -> String {
    if path.is_empty() {
        "the root".into()
    } else {
        format!("`{path}`")
    }
}

/// The draft of a schema document (re-exported for callers that register documents).
pub fn draft_of(value: &Value) -> Draft {
    detect_draft(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn verdict(a: Value, b: Value) -> Verdict {
        let inclusion = Inclusion::new(
            vec![
                ("https://t.example/a.json".into(), a),
                ("https://t.example/b.json".into(), b),
            ],
            Arc::new(CodeLists::empty()),
            CompileOptions::default(),
        )
        .unwrap();
        let (Some(a), Some(b)) = (
            inclusion.root("https://t.example/a.json"),
            inclusion.root("https://t.example/b.json"),
        ) else {
            panic!("roots")
        };
        inclusion.check(&a, &b)
    }

    fn name(a: Value, b: Value) -> &'static str {
        verdict(a, b).name()
    }

    #[test]
    fn types_and_bounds() {
        assert_eq!(
            name(json!({"type": "integer"}), json!({"type": "number"})),
            "compatible"
        );
        assert_eq!(
            name(json!({"type": "number"}), json!({"type": "integer"})),
            "incompatible"
        );
        assert_eq!(
            name(
                json!({"type": "integer", "minimum": 5, "maximum": 10}),
                json!({"minimum": 1, "maximum": 20})
            ),
            "compatible"
        );
        assert_eq!(
            name(
                json!({"type": "integer", "minimum": 0}),
                json!({"type": "integer", "minimum": 1})
            ),
            "incompatible"
        );
        assert_eq!(
            name(
                json!({"type": "integer", "exclusiveMinimum": 0}),
                json!({"type": "integer", "minimum": 1})
            ),
            "compatible"
        );
        assert_eq!(
            name(
                json!({"type": "integer", "multipleOf": 4}),
                json!({"type": "integer", "multipleOf": 2})
            ),
            "compatible"
        );
        assert_eq!(
            name(
                json!({"type": "string", "maxLength": 5}),
                json!({"type": "string", "maxLength": 3})
            ),
            "incompatible"
        );
    }

    #[test]
    fn objects_required_and_closed() {
        let person = json!({"type": "object", "required": ["nin"], "properties": {"nin": {"type": "string"}}});
        let stricter = json!({"type": "object", "required": ["nin", "name"], "properties": {"nin": {"type": "string"}, "name": {"type": "string"}}});
        assert_eq!(name(stricter.clone(), person.clone()), "compatible");
        let Verdict::Incompatible(w) = verdict(person.clone(), stricter) else {
            panic!("expected a witness")
        };
        assert_eq!(w.keyword, "required");
        let closed =
            json!({"type": "object", "properties": {"nin": {"type": "string"}}, "additionalProperties": false});
        assert_eq!(name(person, closed), "incompatible");
    }

    #[test]
    fn applicators_and_references() {
        let a = json!({"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s"});
        assert_eq!(
            name(a.clone(), json!({"anyOf": [{"type": "string"}, {"type": "null"}]})),
            "compatible"
        );
        assert_eq!(
            name(json!({"anyOf": [{"type": "string"}, {"type": "null"}]}), a),
            "incompatible"
        );
        assert_eq!(
            name(
                json!({"allOf": [{"type": "string"}, {"not": {"type": "string"}}]}),
                json!(false)
            ),
            "compatible"
        );
        let tree = json!({"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}});
        assert_eq!(name(tree.clone(), tree), "compatible");
    }

    #[test]
    fn finite_left_sides_are_exact() {
        assert_eq!(
            name(json!({"enum": ["a", "b"]}), json!({"type": "string", "maxLength": 1})),
            "compatible"
        );
        assert_eq!(
            name(json!({"const": "abc"}), json!({"type": "string", "maxLength": 1})),
            "incompatible"
        );
    }
}
