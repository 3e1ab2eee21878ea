//! A description under check, as the checks read it: its documents and version, its
//! operations and their parameters after following `$ref`s.

use serde_json::Value;

use super::document::{ApiDocument, pointer};
use super::workspace::Workspace;
use crate::finding::Finding;

/// The OpenAPI versions nifcheck reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// 3.0.x: Schema Objects are an extended subset of JSON Schema draft 4 (`nullable`).
    V30,
    /// 3.1.x: Schema Objects are JSON Schema 2020-12.
    V31,
}

impl Version {
    /// `3.0` or `3.1`.
    pub fn label(self) -> &'static str {
        match self {
            Version::V30 => "3.0",
            Version::V31 => "3.1",
        }
    }
}

/// HTTP methods a Path Item Object may hold.
pub const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A description under check: its documents and its version.
pub struct Api<'w> {
    /// The description and the files it references.
    pub ws: &'w Workspace,
    /// Its OpenAPI version.
    pub version: Version,
}

/// One operation, with the path item it belongs to (after following a path item `$ref`).
pub struct Operation<'w> {
    /// The path template, `/persons/{nin}`.
    pub path: &'w str,
    /// `get`, `post`...
    pub method: &'w str,
    /// The document holding the operation (after following an operation written as a `$ref`).
    pub doc: usize,
    /// Pointer of the operation.
    pub pointer: String,
    /// The Operation Object.
    pub value: &'w Value,
    /// The document holding the path item.
    pub item_doc: usize,
    /// Pointer of the path item (in `item_doc`).
    pub item_pointer: String,
    /// The Path Item Object.
    pub item: &'w Value,
}

/// A parameter after following its `$ref`.
pub struct Parameter<'w> {
    /// The document holding the Parameter Object.
    pub doc: usize,
    /// Its pointer there.
    pub pointer: String,
    /// The Parameter Object.
    pub value: &'w Value,
    /// Where the parameter is listed (the `$ref` or the object itself), in `list_doc`.
    pub listed_at: String,
    /// The document of the list.
    pub list_doc: usize,
}

impl<'w> Api<'w> {
    /// The description itself.
    pub fn root(&self) -> &'w ApiDocument {
        &self.ws.documents[0]
    }

    /// Every operation of `paths`, in document order.
    pub fn operations(&self) -> Vec<Operation<'w>> {
        let mut out = Vec::new();
        let Some(paths) = self.root().value.get("paths").and_then(Value::as_object) else {
            return out;
        };
        for path in paths.keys() {
            let Some((doc, item_pointer, item)) = self.ws.follow(0, &pointer(["paths", path.as_str()])) else {
                continue;
            };
            let Some(item_map) = item.as_object() else { continue };
            for (method, value) in item_map {
                if !METHODS.contains(&method.as_str()) || !value.is_object() {
                    continue;
                }
                // An operation written as a `$ref` is not allowed (oas3-schema says so once);
                // the checks read what it leads to, so that one cause makes one finding.
                let written_at = format!("{item_pointer}{}", pointer([method.as_str()]));
                let (op_doc, op_pointer, value) = match self.ws.follow(doc, &written_at) {
                    Some(followed) => followed,
                    None => (doc, written_at, value),
                };
                if value.get("$ref").is_some() {
                    continue;
                }
                out.push(Operation {
                    path,
                    method,
                    doc: op_doc,
                    pointer: op_pointer,
                    value,
                    item_doc: doc,
                    item_pointer: item_pointer.clone(),
                    item,
                });
            }
        }
        out
    }

    /// The parameters listed at `list_pointer` (an array) of document `doc`, each resolved.
    pub fn parameters_at(&self, doc: usize, list_pointer: &str) -> Vec<Parameter<'w>> {
        let document = &self.ws.documents[doc];
        let Some(list) = document.get(list_pointer).and_then(Value::as_array) else {
            return Vec::new();
        };
        (0..list.len())
            .filter_map(|i| {
                let listed_at = format!("{list_pointer}/{i}");
                let (pdoc, pointer, value) = self.ws.follow(doc, &listed_at)?;
                Some(Parameter {
                    doc: pdoc,
                    pointer,
                    value,
                    listed_at,
                    list_doc: doc,
                })
            })
            .collect()
    }

    /// The parameters that apply to an operation: the path item's, overridden by the
    /// operation's own (same name and location).
    pub fn effective_parameters(&self, op: &Operation<'w>) -> Vec<Parameter<'w>> {
        let own = self.parameters_at(op.doc, &format!("{}/parameters", op.pointer));
        let mut all: Vec<Parameter<'w>> = self
            .parameters_at(op.item_doc, &format!("{}/parameters", op.item_pointer))
            .into_iter()
            .filter(|p| !own.iter().any(|o| same_parameter(o.value, p.value)))
            .collect();
        all.extend(own);
        all
    }

    /// A finding of `rule` in document `doc` at `at`.
    pub fn finding(&self, rule: &crate::rules::Rule, doc: usize, at: &str, message: impl Into<String>) -> Finding {
        self.ws.documents[doc].finding(rule, at, message)
    }
}

/// Whether two Parameter Objects name the same parameter (header names ignore case).
pub fn same_parameter(a: &Value, b: &Value) -> bool {
    let key = |p: &Value| {
        let location = p.get("in").and_then(Value::as_str).unwrap_or("").to_string();
        let name = p.get("name").and_then(Value::as_str).unwrap_or("");
        let name = if location == "header" {
            name.to_ascii_lowercase()
        } else {
            name.to_string()
        };
        (location, name)
    };
    key(a) == key(b)
}

/// The `{names}` of a URL or path template.
pub fn template_names(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        names.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    names
}
