//! The example step, which emits OAS008 (media type, parameter and header examples) and
//! OAS009 (schema examples and defaults): both kinds are checked in one pass because they
//! share the compiled schemas.
//!
//! Every document of the description is registered once; each schema that has examples is
//! compiled once, by a `$ref` to its place, and the work runs in parallel.

use std::collections::BTreeMap;

use jsonschema::Draft;
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::api::{Api, Version};
use crate::finding::Finding;
use crate::framework::{CompileOptions, DocumentCompiler, Framework};
use crate::rules::{Rule, VALID_MEDIA_EXAMPLE, VALID_SCHEMA_EXAMPLE};
use crate::source::escape_pointer_token;

/// Keywords whose values are schemas, or maps / lists of schemas.
const SCHEMA_IN: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
];
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];
/// Per schema, enough to show the problem.
const MAX_ERRORS: usize = 5;

/// What example checks need besides the description: the framework's standards and options.
pub(crate) struct ExampleSchemas<'a> {
    /// The framework, whose standards the description may reference.
    pub framework: Option<&'a Framework>,
    /// Options when there is no framework.
    pub options: CompileOptions,
}

/// One value to check against one schema.
struct Sample {
    rule: &'static Rule,
    doc: usize,
    pointer: String,
    what: &'static str,
}

impl ExampleSchemas<'_> {
    pub(crate) fn check(&self, api: &Api<'_>, out: &mut Vec<Finding>) {
        let mut wanted: BTreeMap<(usize, String), Vec<Sample>> = BTreeMap::new();
        for doc in 0..api.ws.documents.len() {
            collect(api, doc, &api.ws.documents[doc].value, &mut String::new(), &mut wanted);
        }
        if wanted.is_empty() {
            return;
        }
        let mut translations = Vec::new();
        let documents = (0..api.ws.documents.len())
            .map(|doc| {
                let (value, wraps) = prepare(&api.ws.documents[doc].value, api.version);
                translations.push(wraps);
                (api.ws.uri(doc), value)
            })
            .collect();
        let compiler = match DocumentCompiler::new(self.framework, &self.options, documents) {
            Ok(c) => c,
            Err(e) => {
                out.push(api.root().finding(&VALID_SCHEMA_EXAMPLE, "", e.to_string()));
                return;
            }
        };
        let broken_references = api.ws.all_references().iter().any(|r| r.target.is_err());
        let draft = match api.version {
            Version::V30 => Draft::Draft4,
            Version::V31 => Draft::Draft202012,
        };
        let found: Vec<Finding> = wanted
            .into_par_iter()
            .flat_map_iter(|((doc, schema), samples)| {
                let translated = translate(&translations[doc], &schema);
                let uri = format!("{}#{}", api.ws.uri(doc), percent_encode(&translated));
                let mut findings = Vec::new();
                let validator = match compiler.compile(&uri, draft) {
                    Ok(v) => v,
                    // A reference that does not resolve is OAS003's finding already.
                    Err(_) if broken_references => return findings.into_iter(),
                    Err(e) => {
                        let rule = samples.first().map_or(&VALID_SCHEMA_EXAMPLE, |s| s.rule);
                        let mut finding = api.finding(rule, doc, &schema, format!("the schema does not compile: {e}"));
                        finding.severity = crate::finding::Severity::Warning;
                        findings.push(finding);
                        return findings.into_iter();
                    }
                };
                for sample in samples {
                    let document = &api.ws.documents[sample.doc];
                    let Some(value) = document.get(&sample.pointer) else {
                        continue;
                    };
                    for error in validator.iter_errors(value).take(MAX_ERRORS) {
                        let at = format!("{}{}", sample.pointer, error.instance_path().as_str());
                        // A code-list keyword's message carries its own rule and hint.
                        let text = error.to_string();
                        let (message, hint) = match crate::rules::untag_message(&text) {
                            Some((_, message, hint)) => (message.to_string(), Some(hint.to_string())),
                            None => (text.clone(), None),
                        };
                        let mut finding = document.finding(
                            sample.rule,
                            &at,
                            format!("{} does not match its schema: {message}", sample.what),
                        );
                        finding.help = hint.filter(|h| !h.is_empty());
                        finding
                            .related
                            .push(api.ws.documents[doc].related(&schema, "the schema"));
                        findings.push(finding);
                    }
                }
                findings.into_iter()
            })
            .collect();
        out.extend(found);
    }
}

/// Walks the non-schema parts of a document for Media Type, Parameter and Header Objects
/// with examples, and every schema for its own examples and default.
fn collect(
    api: &Api<'_>,
    doc: usize,
    value: &Value,
    pointer: &mut String,
    out: &mut BTreeMap<(usize, String), Vec<Sample>>,
) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            for (i, item) in items.iter().enumerate() {
                with_token(pointer, &i.to_string(), |p| collect(api, doc, item, p, out));
            }
        }
        return;
    };
    let schema = map
        .get("schema")
        .filter(|s| (s.is_object() || s.is_boolean()) && !is_parameter(s));
    if let Some(schema) = schema {
        let schema_at = format!("{pointer}/schema");
        media_examples(api, doc, map, pointer, &schema_at, out);
        schemas(doc, schema, &mut schema_at.clone(), api.version, out);
    }
    for (key, child) in map {
        match key.as_str() {
            "schema" if schema.is_some() => {}
            // A Responses Object's `default` is a response, not a value.
            "default" if pointer.ends_with("/responses") => {
                with_token(pointer, key, |p| collect(api, doc, child, p, out));
            }
            "example" | "examples" | "default" | "enum" | "const" => {}
            "schemas" if pointer == "/components" => {
                if let Value::Object(defs) = child {
                    for (name, schema) in defs {
                        let mut at = format!("/components/schemas/{}", escape_pointer_token(name));
                        schemas(doc, schema, &mut at, api.version, out);
                    }
                }
            }
            _ => with_token(pointer, key, |p| collect(api, doc, child, p, out)),
        }
    }
}

/// A Parameter Object (it has `in`): in a file of parameters, a parameter may be named
/// `schema`, and it is not the schema of the object holding it.
fn is_parameter(value: &Value) -> bool {
    value.get("in").is_some_and(Value::is_string) && value.get("name").is_some_and(Value::is_string)
}

fn media_examples(
    api: &Api<'_>,
    doc: usize,
    map: &Map<String, Value>,
    pointer: &str,
    schema_at: &str,
    out: &mut BTreeMap<(usize, String), Vec<Sample>>,
) {
    let mut samples = Vec::new();
    if map.contains_key("example") {
        samples.push(Sample {
            rule: &VALID_MEDIA_EXAMPLE,
            doc,
            pointer: format!("{pointer}/example"),
            what: "the example",
        });
    }
    if let Some(Value::Object(examples)) = map.get("examples") {
        for name in examples.keys() {
            let at = format!("{pointer}/examples/{}", escape_pointer_token(name));
            let Some((edoc, epointer, example)) = api.ws.follow(doc, &at) else {
                continue;
            };
            if example.get("value").is_some() {
                samples.push(Sample {
                    rule: &VALID_MEDIA_EXAMPLE,
                    doc: edoc,
                    pointer: format!("{epointer}/value"),
                    what: "the example",
                });
            }
        }
    }
    if !samples.is_empty() {
        // Keyed by where the schema is defined, so a component used by many media types is
        // compiled once.
        let key = api
            .ws
            .follow(doc, schema_at)
            .map_or_else(|| (doc, schema_at.to_string()), |(d, p, _)| (d, p));
        out.entry(key).or_default().extend(samples);
    }
}

/// Every schema below `value` with an example, examples or default.
fn schemas(
    doc: usize,
    value: &Value,
    pointer: &mut String,
    version: Version,
    out: &mut BTreeMap<(usize, String), Vec<Sample>>,
) {
    let Value::Object(map) = value else { return };
    let mut samples = Vec::new();
    let mut sample = |at: String, what| {
        samples.push(Sample {
            rule: &VALID_SCHEMA_EXAMPLE,
            doc,
            pointer: at,
            what,
        })
    };
    if map.contains_key("example") {
        sample(format!("{pointer}/example"), "the example");
    }
    if version == Version::V31
        && let Some(Value::Array(items)) = map.get("examples")
    {
        for i in 0..items.len() {
            sample(format!("{pointer}/examples/{i}"), "the example");
        }
    }
    if map.contains_key("default") {
        sample(format!("{pointer}/default"), "the default");
    }
    if !samples.is_empty() {
        out.entry((doc, pointer.clone())).or_default().extend(samples);
    }
    for (key, child) in map {
        if SCHEMA_IN.contains(&key.as_str()) && child.is_object() {
            with_token(pointer, key, |p| schemas(doc, child, p, version, out));
        }
        if SCHEMA_MAPS.contains(&key.as_str())
            && let Value::Object(members) = child
        {
            with_token(pointer, key, |p| {
                for (name, schema) in members {
                    with_token(p, name, |p| schemas(doc, schema, p, version, out));
                }
            });
        }
        if SCHEMA_LISTS.contains(&key.as_str())
            && let Value::Array(items) = child
        {
            with_token(pointer, key, |p| {
                for (i, schema) in items.iter().enumerate() {
                    with_token(p, &i.to_string(), |p| schemas(doc, schema, p, version, out));
                }
            });
        }
    }
}

fn with_token(pointer: &mut String, token: &str, f: impl FnOnce(&mut String)) {
    let len = pointer.len();
    pointer.push('/');
    pointer.push_str(&escape_pointer_token(token));
    f(pointer);
    pointer.truncate(len);
}

/// The document as the validator must read it. In 3.0, `nullable: true` admits null: beside a
/// `type` it becomes a type list; otherwise the schema is wrapped in `anyOf: [null, schema]`,
/// which moves what is below it. The places wrapped are returned, outermost first, so
/// pointers into the original can be translated.
fn prepare(value: &Value, version: Version) -> (Value, Vec<String>) {
    let mut value = without_examples(value);
    let mut wraps = Vec::new();
    if version == Version::V30 {
        nullable(&mut value, &mut String::new(), &mut wraps);
    }
    (value, wraps)
}

/// A copy without `example` and `examples` members: they are annotations to a validator, and
/// in a large description they are a good part of its size. Samples are read from the
/// original.
fn without_examples(value: &Value) -> Value {
    strip(value, false)
}

/// `names`: the object's keys are names (of properties, schemas), not keywords.
fn strip(value: &Value, names: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| names || !matches!(k.as_str(), "example" | "examples"))
                .map(|(k, v)| {
                    let holds_names = !names && NAME_MAPS.contains(&k.as_str());
                    (k.clone(), strip(v, holds_names))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| strip(v, false)).collect()),
        other => other.clone(),
    }
}

/// Keywords whose members are named by the author: a property may be called `example`.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "schemas",
];

fn nullable(value: &mut Value, pointer: &mut String, wraps: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true)) && !map.contains_key("$ref") {
                map.remove("nullable");
                match map.get_mut("type") {
                    Some(Value::String(t)) => {
                        let t = std::mem::take(t);
                        map.insert("type".into(), serde_json::json!([t, "null"]));
                        if let Some(Value::Array(values)) = map.get_mut("enum")
                            && !values.contains(&Value::Null)
                        {
                            values.push(Value::Null);
                        }
                    }
                    Some(_) => {}
                    None => {
                        let inner = std::mem::take(map);
                        map.insert("anyOf".into(), serde_json::json!([{ "type": "null" }, inner]));
                        wraps.push(pointer.clone());
                        let len = pointer.len();
                        pointer.push_str("/anyOf/1");
                        if let Some(inner) = map.get_mut("anyOf").and_then(|a| a.get_mut(1)) {
                            nullable(inner, pointer, wraps);
                        }
                        pointer.truncate(len);
                        return;
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                if key == "examples" || super::workspace::is_data(key, pointer) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
                nullable(child, pointer, wraps);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                nullable(child, pointer, wraps);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// A pointer of the original document in the prepared one.
fn translate(wraps: &[String], pointer: &str) -> String {
    let mut out = pointer.to_string();
    for wrap in wraps {
        if out.len() > wrap.len() && out.starts_with(wrap.as_str()) && out.as_bytes()[wrap.len()] == b'/' {
            out.insert_str(wrap.len(), "/anyOf/1");
        }
    }
    out
}

/// A JSON Pointer as a URI fragment.
fn percent_encode(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for b in pointer.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_validator_copy_drops_examples_but_not_properties_named_so() {
        let doc = serde_json::json!({"example": 1, "properties": {"example": {"type": "string", "example": "x"}}});
        assert_eq!(
            without_examples(&doc),
            serde_json::json!({"properties": {"example": {"type": "string"}}})
        );
    }

    #[test]
    fn nullable_without_type_wraps_and_translates() {
        let doc = serde_json::json!({"a": {"nullable": true, "allOf": [{"properties": {"b": {"nullable": true, "type": "string"}}}]}});
        let (prepared, wraps) = prepare(&doc, Version::V30);
        assert_eq!(wraps, vec!["/a".to_string()]);
        let at = translate(&wraps, "/a/allOf/0/properties/b");
        assert_eq!(at, "/a/anyOf/1/allOf/0/properties/b");
        assert_eq!(
            prepared.pointer(&at).unwrap()["type"],
            serde_json::json!(["string", "null"])
        );
        assert_eq!(translate(&wraps, "/a"), "/a");
    }
}
