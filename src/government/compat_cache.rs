//! Compatibility answers shared by every exchange of a run. Many exchanges carry the same
//! schemas (every consumer of `getAddress` receives one response schema, every `address@^2`
//! expectation is one standard), so each answer is keyed by the digests of its two sides and
//! proved once however many exchanges ask it.
//!
//! A side's digest covers everything its answer depends on: the schema's canonical JSON, its
//! draft, and, in place of each `$ref`, the digest of what the reference leads to. Two copies
//! of one schema in different files share a digest; a schema whose referenced file changed
//! does not. A cache belongs to one framework (its standards, code lists and check date).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::compat::{Inclusion, Node, Verdict};

/// The digest of one side of a question.
pub type SchemaDigest = [u8; 32];

/// An answer computed once, however many threads ask for it.
type Answer = Arc<OnceLock<Verdict>>;

/// Answers to `A ⊆ B` by the digests of A and B.
#[derive(Default)]
pub struct CompatCache {
    answers: Mutex<HashMap<(SchemaDigest, SchemaDigest), Answer>>,
    /// Witnesses found among examples when the prover could not decide, by the digests of
    /// both sides and of the examples.
    from_examples: Mutex<HashMap<(SchemaDigest, SchemaDigest, SchemaDigest), Answer>>,
    proved: AtomicUsize,
}

impl CompatCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// `A ⊆ B`, proved on the first question and remembered. Two threads asking the same
    /// question at once prove it once: the second waits for the first.
    pub fn check(&self, inclusion: &Inclusion, a: &Node, b: &Node) -> Verdict {
        let key = (digest(inclusion, a), digest(inclusion, b));
        let cell = match self.answers.lock() {
            Ok(mut answers) => Arc::clone(answers.entry(key).or_default()),
            Err(_) => Arc::new(OnceLock::new()),
        };
        cell.get_or_init(|| {
            self.proved.fetch_add(1, Ordering::Relaxed);
            inclusion.check(a, b)
        })
        .clone()
    }

    /// `A ⊆ B`; when the prover cannot decide, known-good instances of A (examples, samples)
    /// and their variants are tried as witnesses.
    pub fn check_with_examples(&self, inclusion: &Inclusion, a: &Node, b: &Node, examples: &[Value]) -> Verdict {
        let verdict = self.check(inclusion, a, b);
        if !matches!(verdict, Verdict::Unknown { .. }) || examples.is_empty() {
            return verdict;
        }
        let mut hasher = Sha256::new();
        hasher.update(serde_json::to_vec(examples).unwrap_or_default());
        let key = (digest(inclusion, a), digest(inclusion, b), hasher.finalize().into());
        let cell = match self.from_examples.lock() {
            Ok(mut answers) => Arc::clone(answers.entry(key).or_default()),
            Err(_) => Arc::new(OnceLock::new()),
        };
        cell.get_or_init(|| {
            inclusion
                .witness_from_examples(a, b, examples)
                .map_or(verdict, Verdict::Incompatible)
        })
        .clone()
    }

    /// How many questions were proved rather than answered from the cache.
    pub fn proved(&self) -> usize {
        self.proved.load(Ordering::Relaxed)
    }
}

/// The digest of a node and everything it refers to.
pub(crate) fn digest(inclusion: &Inclusion, node: &Node) -> SchemaDigest {
    let mut walk = Walk {
        inclusion,
        done: HashMap::new(),
        open: Vec::new(),
    };
    walk.node(node)
}

struct Walk<'a> {
    inclusion: &'a Inclusion,
    /// Digests of places already walked, by `uri#pointer`.
    done: HashMap<String, String>,
    /// Places being walked: a reference back to one of them is a cycle.
    open: Vec<String>,
}

impl Walk<'_> {
    fn node(&mut self, node: &Node) -> SchemaDigest {
        if let Some(location) = &node.location {
            self.open.push(location.clone());
        }
        let mut value = (*node.value).clone();
        self.replace_references(node, &mut value);
        if node.location.is_some() {
            self.open.pop();
        }
        let mut hasher = Sha256::new();
        hasher.update(format!("{:?}\u{0}", node.draft).as_bytes());
        // serde_json's map keeps keys sorted, so this is the canonical form.
        hasher.update(serde_json::to_vec(&value).unwrap_or_default());
        hasher.finalize().into()
    }

    /// Replaces every `$ref` inside `value` (a part of `node`) by the digest of its target.
    fn replace_references(&mut self, node: &Node, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if matches!(key.as_str(), "enum" | "const" | "examples" | "default" | "example") {
                        continue;
                    }
                    if key == "$ref"
                        && let Value::String(reference) = child
                    {
                        *reference = self.reference(node, reference);
                    } else {
                        self.replace_references(node, child);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.replace_references(node, v)),
            _ => {}
        }
    }

    fn reference(&mut self, from: &Node, reference: &str) -> String {
        let Some(target) = self.inclusion.resolve(from, reference) else {
            return format!("unresolved:{}", crate::compat::join_uri(&from.base, reference));
        };
        let location = target.location.clone().unwrap_or_default();
        if let Some(known) = self.done.get(&location) {
            return known.clone();
        }
        if let Some(depth) = self.open.iter().position(|l| *l == location) {
            // A cycle: name it by how far up it leads, which copies of one schema share.
            return format!("cycle:{}", self.open.len() - depth);
        }
        let text = format!("sha256:{}", hex(&self.node(&target)));
        self.done.insert(location, text.clone());
        text
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::framework::{CodeLists, CompileOptions};

    fn inclusion(documents: Vec<(&str, Value)>) -> Inclusion {
        let documents = documents.into_iter().map(|(u, v)| (u.to_string(), v)).collect();
        Inclusion::new(documents, Arc::new(CodeLists::empty()), CompileOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn copies_share_a_digest_and_a_changed_reference_does_not() {
        let name =
            json!({"$defs": {"n": {"type": "string"}}, "type": "object", "properties": {"n": {"$ref": "#/$defs/n"}}});
        let other =
            json!({"$defs": {"n": {"type": "integer"}}, "type": "object", "properties": {"n": {"$ref": "#/$defs/n"}}});
        let inc = inclusion(vec![
            ("https://t.example/a.json", name.clone()),
            ("https://t.example/b.json", name),
            ("https://t.example/c.json", other),
        ]);
        let root = |uri: &str| inc.root(uri).unwrap_or_else(|| panic!("{uri}"));
        let (a, b, c) = (
            root("https://t.example/a.json"),
            root("https://t.example/b.json"),
            root("https://t.example/c.json"),
        );
        assert_eq!(digest(&inc, &a), digest(&inc, &b));
        assert_ne!(digest(&inc, &a), digest(&inc, &c));
    }

    #[test]
    fn a_question_is_proved_once() {
        let tree = json!({"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}});
        let inc = inclusion(vec![
            ("https://t.example/a.json", tree.clone()),
            ("https://t.example/b.json", tree),
            ("https://t.example/c.json", json!({"type": "object"})),
        ]);
        let root = |uri: &str| inc.root(uri).unwrap_or_else(|| panic!("{uri}"));
        let cache = CompatCache::new();
        let c = root("https://t.example/c.json");
        for uri in ["https://t.example/a.json", "https://t.example/b.json"] {
            assert_eq!(cache.check(&inc, &root(uri), &c), Verdict::Compatible);
        }
        assert_eq!(cache.proved(), 1);
    }
}
