//! What the standards checks (the `NIF` family in `rules/standards/`) share: which schemas
//! declare a standard, what a schema says about objects, which version of a standard is in
//! force.

use std::collections::BTreeSet;

use serde_json::Value;

use super::api::Api;
use super::workspace::Target;
use crate::framework::{Framework, StandardRef};
use crate::source::escape_pointer_token;

/// The extension that declares which standard a schema profiles.
pub(crate) const DECLARATION: &str = "x-nif-standard";

/// A schema of `components.schemas`: its name, its pointer, the schema.
pub(crate) struct Component<'w> {
    /// Its key under `components.schemas`.
    pub name: &'w str,
    /// Its pointer in the description.
    pub at: String,
    /// The Schema Object.
    pub schema: &'w Value,
}

impl<'w> Component<'w> {
    /// The value of its declaration, when it has one.
    pub(crate) fn declaration(&self) -> Option<&'w Value> {
        self.schema.get(DECLARATION)
    }

    /// The pointer of its declaration.
    pub(crate) fn declaration_at(&self) -> String {
        format!("{}/{DECLARATION}", self.at)
    }
}

/// The schemas of the description's `components.schemas`, in document order.
pub(crate) fn components<'w>(api: &Api<'w>) -> Vec<Component<'w>> {
    let Some(schemas) = api.root().get("/components/schemas").and_then(Value::as_object) else {
        return Vec::new();
    };
    schemas
        .iter()
        .map(|(name, schema)| Component {
            name,
            at: format!("/components/schemas/{}", escape_pointer_token(name)),
            schema,
        })
        .collect()
}

/// The standard a declaration names, or why it names none.
pub(crate) fn declared_standard(framework: &Framework, declared: &Value) -> Result<usize, String> {
    let Some(text) = declared.as_str() else {
        return Err(format!("{DECLARATION} must be a string such as person@1.2"));
    };
    let reference = text.parse::<StandardRef>().map_err(|e| format!("{DECLARATION}: {e}"))?;
    framework.resolve(&reference).map_err(|e| format!("{DECLARATION}: {e}"))
}

/// The newest version of a standard that is in force.
pub(crate) fn newest(framework: &Framework, id: &str) -> Option<usize> {
    let reference = StandardRef {
        id: id.to_string(),
        req: None,
        text: id.to_string(),
    };
    framework.resolve(&reference).ok()
}

/// The name list of a standard's `required`.
pub(crate) fn required_of(standard: &Value) -> impl Iterator<Item = &str> {
    standard
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

pub(crate) type Properties<'w> = Vec<(String, (String, &'w Value))>;

/// What a schema says about objects: its properties (with their pointers), its required
/// names, and the standards it includes by `$ref`; its local `allOf` members included.
pub(crate) struct Shape<'w> {
    /// Each property: its name, its pointer and its schema.
    pub properties: Properties<'w>,
    /// The names it requires.
    pub required: BTreeSet<String>,
    /// The standards it includes, by schema URI.
    pub standards: BTreeSet<String>,
}

/// What the schema at `at` of the description says about objects.
pub(crate) fn shape<'w>(api: &Api<'w>, at: &str) -> Shape<'w> {
    let mut properties = Vec::new();
    let mut required = BTreeSet::new();
    let mut standards = BTreeSet::new();
    let mut stack = vec![at.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(pointer) = stack.pop() {
        if let Some(reference) = api.ws.documents[0]
            .get(&pointer)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
            && let Ok(Target::Standard(uri)) = api.ws.resolve(0, reference)
        {
            standards.insert(uri.split('#').next().unwrap_or(&uri).to_string());
            continue;
        }
        let Some((0, pointer, schema)) = api.ws.follow(0, &pointer) else {
            continue;
        };
        if !seen.insert(pointer.clone()) {
            continue;
        }
        if let Some(map) = schema.get("properties").and_then(Value::as_object) {
            for (name, value) in map {
                let p = format!("{pointer}/properties/{}", escape_pointer_token(name));
                properties.push((name.clone(), (p, value)));
            }
        }
        required.extend(
            schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string),
        );
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            stack.extend((0..all.len()).map(|i| format!("{pointer}/allOf/{i}")));
        }
    }
    Shape {
        properties,
        required,
        standards,
    }
}

/// Whether a schema `$ref`s a standard anywhere inside it.
pub(crate) fn reuses_standard(api: &Api<'_>, schema: &Value) -> bool {
    let mut found = false;
    super::workspace::references(schema, &mut String::new(), &mut |_, reference| {
        found |= matches!(api.ws.resolve(0, reference), Ok(Target::Standard(_)));
    });
    found
}
