//! What a compiled witness checker is kept under: a schema's value, base URI and draft. Equal
//! schemas met at different places of a comparison share one validator.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use jsonschema::Draft;
use serde_json::Value;

/// A schema as the prover compiles it. Hashing walks the value once when the key is made;
/// equality compares the values only when the hashes agree. Writing the schema out as text to
/// key it, as the prover once did, cost more than most of the checks it keyed.
pub(super) struct SchemaKey {
    value: Arc<Value>,
    base: Arc<str>,
    draft: Draft,
    hash: u64,
}

impl SchemaKey {
    pub(super) fn new(value: &Arc<Value>, base: &Arc<str>, draft: Draft) -> Self {
        let mut hasher = hasher_of(value, base);
        draft.hash(&mut hasher);
        SchemaKey {
            value: Arc::clone(value),
            base: Arc::clone(base),
            draft,
            hash: hasher.finish(),
        }
    }
}

impl Hash for SchemaKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.hash.hash(state);
    }
}

impl PartialEq for SchemaKey {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash
            && self.draft == other.draft
            && self.base == other.base
            && (Arc::ptr_eq(&self.value, &other.value) || self.value == other.value)
    }
}

impl Eq for SchemaKey {}

/// A hasher fed with a schema's value and base URI, for a key to extend or to finish.
pub(super) fn hasher_of(value: &Value, base: &str) -> std::hash::DefaultHasher {
    let mut hasher = std::hash::DefaultHasher::new();
    hash_value(value, &mut hasher);
    base.hash(&mut hasher);
    hasher
}

/// Feeds a JSON value to `state` so that equal values (as `Value`'s `==` sees them) hash alike.
fn hash_value(value: &Value, state: &mut impl Hasher) {
    match value {
        Value::Null => state.write_u8(0),
        Value::Bool(b) => {
            state.write_u8(1);
            b.hash(state);
        }
        Value::Number(n) => {
            state.write_u8(2);
            n.hash(state);
        }
        Value::String(s) => {
            state.write_u8(3);
            s.hash(state);
        }
        Value::Array(items) => {
            state.write_u8(4);
            state.write_usize(items.len());
            for item in items {
                hash_value(item, state);
            }
        }
        Value::Object(map) => {
            state.write_u8(5);
            state.write_usize(map.len());
            // The map is ordered by key, so equal maps are visited in the same order.
            for (key, item) in map {
                key.hash(state);
                hash_value(item, state);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::json;

    use super::*;

    fn key(value: Value, base: &str, draft: Draft) -> SchemaKey {
        SchemaKey::new(&Arc::new(value), &Arc::from(base), draft)
    }

    #[test]
    fn equal_schemas_share_a_key_and_any_difference_parts_them() {
        let base = "https://nif.gov.example/a.json";
        let schema = json!({"type": "object", "properties": {"b": {"minimum": 1.5}, "a": [1, "x", null]}});
        let mut kept = HashMap::new();
        kept.insert(key(schema.clone(), base, Draft::Draft202012), 1);
        assert_eq!(kept.get(&key(schema.clone(), base, Draft::Draft202012)), Some(&1));
        let others = [
            key(schema.clone(), "https://nif.gov.example/b.json", Draft::Draft202012),
            key(schema.clone(), base, Draft::Draft7),
            key(
                json!({"type": "object", "properties": {"b": {"minimum": 2}, "a": [1, "x", null]}}),
                base,
                Draft::Draft202012,
            ),
            key(
                json!({"type": "object", "properties": {"b": {"minimum": 1.5}, "a": ["x", 1, null]}}),
                base,
                Draft::Draft202012,
            ),
            key(json!([[]]), base, Draft::Draft202012),
            key(json!([[], []]), base, Draft::Draft202012),
        ];
        for other in others {
            assert_eq!(kept.get(&other), None);
        }
    }
}
