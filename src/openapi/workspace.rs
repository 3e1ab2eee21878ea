//! A description and every file its `$ref`s reach: relative files next to it, the
//! framework's standards by their `$id` (offline), and remote documents only from the hosts
//! the framework allows.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::document::ApiDocument;
use super::reference_table::{MAX_HOPS, Place, ReferenceTable};
use crate::finding::Finding;
use crate::framework::Framework;
use crate::remote::Fetcher;
use crate::source::percent_decode;

/// Values whose `$ref` members are data, not references.
const DATA_KEYWORDS: &[&str] = &["example", "default", "enum", "const"];

/// Whether the member `key` of the object at `pointer` holds data: a data keyword, except a
/// Responses Object's `default`, which is a response.
pub(crate) fn is_data(key: &str, pointer: &str) -> bool {
    DATA_KEYWORDS.contains(&key) && !(key == "default" && pointer.ends_with("/responses"))
}

/// Where a `$ref` leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A value inside one of the workspace's documents.
    Local {
        /// The document.
        doc: usize,
        /// JSON Pointer inside it.
        pointer: String,
    },
    /// A schema the framework publishes, by its absolute URI.
    Standard(String),
}

/// The documents of one description.
pub struct Workspace {
    /// The description itself first, then each file its references reached.
    pub documents: Vec<ApiDocument>,
    /// Files that could not be read or parsed, as findings.
    pub problems: Vec<Finding>,
    by_key: HashMap<String, usize>,
    /// `$ref` targets that could not be loaded, with the reason.
    unloadable: HashMap<String, String>,
    framework_uris: BTreeSet<String>,
    references: std::sync::OnceLock<Vec<Reference>>,
    /// The folder of the description: local references may not leave it.
    local_root: Option<PathBuf>,
}

/// What references may reach besides local files.
#[derive(Default, Clone)]
pub struct Reach {
    /// URIs of every schema the framework publishes.
    pub framework_uris: BTreeSet<String>,
    /// Fetches from the framework's allowed hosts.
    pub fetcher: Option<Arc<Fetcher>>,
}

impl Reach {
    /// What `framework`'s references may reach.
    pub fn of(framework: Option<&Framework>) -> crate::Result<Reach> {
        let Some(framework) = framework else {
            return Ok(Reach::default());
        };
        Ok(Reach {
            framework_uris: framework.schema_documents()?.into_iter().map(|(uri, _)| uri).collect(),
            fetcher: framework.fetcher().cloned(),
        })
    }
}

impl Workspace {
    /// Loads `root` and, transitively, every document its references name.
    pub fn load(root: ApiDocument, reach: &Reach) -> Workspace {
        let mut workspace = Workspace {
            by_key: HashMap::new(),
            documents: Vec::new(),
            problems: Vec::new(),
            unloadable: HashMap::new(),
            framework_uris: reach.framework_uris.clone(),
            references: std::sync::OnceLock::new(),
            local_root: root.path.as_deref().and_then(Path::parent).map(Path::to_path_buf),
        };
        workspace.add(root);
        let mut next = 0;
        while next < workspace.documents.len() {
            let mut wanted = Vec::new();
            references(&workspace.documents[next].value, &mut String::new(), &mut |_, r| {
                wanted.push(r.to_string());
            });
            // A discriminator's mapping names schemas by reference too, possibly in other files.
            mapping_targets(&workspace.documents[next].value, &mut String::new(), &mut wanted);
            for reference in wanted {
                if let Some(key) = workspace.document_key(next, &reference)
                    && !workspace.by_key.contains_key(&key)
                    && !workspace.unloadable.contains_key(&key)
                {
                    workspace.fetch(&key, reach);
                }
            }
            next += 1;
        }
        workspace
    }

    fn add(&mut self, document: ApiDocument) -> usize {
        let key = key_of(&document);
        self.documents.push(document);
        self.by_key.insert(key, self.documents.len() - 1);
        self.documents.len() - 1
    }

    fn fetch(&mut self, key: &str, reach: &Reach) {
        let loaded = if let Some(path) = key.strip_prefix("file://") {
            self.local(Path::new(&percent_decode(path)))
                .map(|bytes| (display_path(Path::new(path)), Some(PathBuf::from(path)), bytes))
        } else {
            remote(key, reach).map(|bytes| (key.to_string(), None, bytes))
        };
        match loaded {
            Ok((name, path, bytes)) => match ApiDocument::parse(&name, path, bytes) {
                Ok(document) => {
                    let index = self.add(document);
                    self.by_key.insert(key.to_string(), index);
                }
                Err(finding) => {
                    self.unloadable
                        .insert(key.to_string(), format!("{name} is not a readable JSON or YAML file"));
                    self.problems.push(*finding);
                }
            },
            Err(reason) => {
                self.unloadable.insert(key.to_string(), reason);
            }
        }
    }

    /// A local file a reference names: the same rule as `validate --schema` (a regular file
    /// inside the description's folder), so nothing else on the machine reaches a report.
    fn local(&self, path: &Path) -> Result<Vec<u8>, String> {
        use crate::source::read_policy::Refusal;
        let Some(root) = &self.local_root else {
            return Err(format!(
                "local reference to {} refused: a description read from standard input or sent in a request has no folder to read it from",
                path.display()
            ));
        };
        crate::framework::local_reference(path, root).map_err(|refusal| match refusal {
            Refusal::Outside { .. } => format!(
                "{} is outside the description's folder {}; nifcheck reads only files inside it",
                path.display(),
                root.display()
            ),
            other => other.to_string(),
        })
    }

    /// The key of the document a reference from `from` names, when it names another file.
    fn document_key(&self, from: usize, reference: &str) -> Option<String> {
        let (base, _) = reference.split_once('#').unwrap_or((reference, ""));
        if base.is_empty() {
            return None;
        }
        if base.contains("://") {
            return Some(base.to_string());
        }
        let document = &self.documents[from];
        if let Some(parent) = document.path.as_deref().and_then(Path::parent) {
            return Some(format!(
                "file://{}",
                normalize(&parent.join(percent_decode(base))).display()
            ));
        }
        let remote_base = document.name.contains("://").then_some(document.name.as_str())?;
        let cut = remote_base.rfind('/')?;
        Some(format!("{}/{base}", &remote_base[..cut]))
    }

    /// Where `reference`, written in document `from`, leads.
    pub fn resolve(&self, from: usize, reference: &str) -> Result<Target, String> {
        let (base, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = percent_decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(format!(
                "`#{fragment}` is not a JSON Pointer; nifcheck resolves only pointer fragments"
            ));
        }
        let doc = if base.is_empty() {
            from
        } else if self.framework_uris.contains(base) {
            return Ok(Target::Standard(reference.to_string()));
        } else {
            let key = self.document_key(from, reference).ok_or("the reference has no base")?;
            match self.by_key.get(&key) {
                Some(&doc) => doc,
                None => {
                    return Err(self
                        .unloadable
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| format!("{base} could not be loaded")));
                }
            }
        };
        if self.documents[doc].get(&fragment).is_none() {
            return Err(format!("{} has nothing at `#{fragment}`", self.documents[doc].name));
        }
        Ok(Target::Local { doc, pointer: fragment })
    }

    /// Follows `$ref`s from the value at (`doc`, `pointer`) to a value that is not one.
    /// `None` when a reference is broken, leaves the workspace, or loops.
    pub fn follow(&self, doc: usize, pointer: &str) -> Option<(usize, String, &Value)> {
        let mut at = (doc, pointer.to_string());
        for _ in 0..MAX_HOPS {
            let value = self.documents[at.0].get(&at.1)?;
            match value.get("$ref").and_then(Value::as_str) {
                None => return Some((at.0, at.1, value)),
                Some(reference) => match self.resolve(at.0, reference).ok()? {
                    Target::Local { doc, pointer } => at = (doc, pointer),
                    Target::Standard(_) => return None,
                },
            }
        }
        None
    }

    /// The URI document `doc` is registered under when its schemas are compiled.
    pub fn uri(&self, doc: usize) -> String {
        let document = &self.documents[doc];
        if document.path.is_some() || document.name.contains("://") {
            key_of(document)
        } else {
            format!("urn:nifcheck:input:{doc}")
        }
    }

    /// Every `$ref` of every document, with where it leads; found once, on first use.
    pub fn all_references(&self) -> &[Reference] {
        self.references.get_or_init(|| {
            let mut out = Vec::new();
            for (doc, document) in self.documents.iter().enumerate() {
                references(&document.value, &mut String::new(), &mut |pointer, reference| {
                    out.push((doc, format!("{pointer}/$ref"), reference.to_string()));
                });
            }
            out.into_iter()
                .map(|(doc, at, reference)| Reference {
                    target: self.resolve(doc, &reference),
                    doc,
                    at,
                    reference,
                })
                .collect()
        })
    }
}

/// One `$ref` of the description.
#[derive(Debug)]
pub struct Reference {
    /// The document it is written in.
    pub doc: usize,
    /// Pointer of the `$ref` member.
    pub at: String,
    /// The reference as written.
    pub reference: String,
    /// Where it leads, or why it does not resolve.
    pub target: Result<Target, String>,
}

/// Follows references for JSONPath selection: rules see the description with its `$ref`s
/// resolved, and what they find is placed where it is defined. Every chain is resolved once,
/// when this is made, and only read afterwards.
pub struct Resolved<'w> {
    table: ReferenceTable<'w>,
}

impl<'w> Resolved<'w> {
    /// Resolves every reference of `ws`.
    pub fn new(ws: &'w Workspace) -> Resolved<'w> {
        Resolved {
            table: ReferenceTable::build(ws),
        }
    }

    /// The end of the chain of references starting at `value`. A chain that ends at a
    /// framework standard stops at its last value in the description.
    fn end(&self, value: &Value) -> Option<&Place<'w>> {
        self.table.end(value)
    }

    /// `value` as the functions of a resolved rule see it: the references in its first
    /// `depth` levels replaced by what they lead to. `None` when it has none there, so the
    /// value is used as it is. Ruleset checks look at the shape near the selected value;
    /// resolving a whole description for each of thousands of selections would not end.
    pub fn inline(&self, value: &Value, depth: usize) -> Option<Value> {
        has_reference(value, depth).then(|| self.inline_inner(value, depth, &mut Vec::new()))
    }

    fn inline_inner(&self, value: &Value, depth: usize, stack: &mut Vec<usize>) -> Value {
        if depth == 0 {
            return value.clone();
        }
        match value {
            Value::Object(map) => {
                if let Some(place) = self.end(value) {
                    let id = std::ptr::from_ref(place.value) as usize;
                    if stack.contains(&id) {
                        return value.clone();
                    }
                    stack.push(id);
                    let out = self.inline_inner(place.value, depth, stack);
                    stack.pop();
                    return out;
                }
                Value::Object(
                    map.iter()
                        .map(|(k, v)| (k.clone(), self.inline_inner(v, depth - 1, stack)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.inline_inner(v, depth - 1, stack)).collect()),
            other => other.clone(),
        }
    }
}

/// Whether a `$ref` object appears in the first `depth` levels of `value`.
fn has_reference(value: &Value, depth: usize) -> bool {
    match value {
        Value::Object(map) => {
            map.get("$ref").is_some_and(Value::is_string)
                || (depth > 0 && map.values().any(|v| has_reference(v, depth - 1)))
        }
        Value::Array(items) => depth > 0 && items.iter().any(|v| has_reference(v, depth - 1)),
        _ => false,
    }
}

/// The document a value is in is known from the table, so `doc` is not needed to resolve.
impl<'w> crate::jsonpath::Resolver<'w> for Resolved<'w> {
    fn follow(&self, _doc: usize, value: &Value) -> Option<(&'w Value, usize)> {
        self.end(value).map(|place| (place.value, place.doc))
    }

    fn location(&self, _doc: usize, reference: &Value) -> Option<Vec<crate::jsonpath::Segment<'w>>> {
        self.end(reference).map(|place| place.path.clone())
    }
}

/// Calls `found` with the pointer of each object holding a string `$ref`, and the reference.
pub fn references(value: &Value, pointer: &mut String, found: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found(pointer, reference);
            }
            for (key, child) in map {
                if is_data(key, pointer) || key == "$ref" {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::source::escape_pointer_token(key));
                if key == "examples" && child.is_object() {
                    // An Example Object's `value` is data; everything else may be a `$ref`.
                    if let Value::Object(examples) = child {
                        for (name, example) in examples {
                            let len = pointer.len();
                            pointer.push('/');
                            pointer.push_str(&crate::source::escape_pointer_token(name));
                            if let Some(Value::String(reference)) = example.get("$ref") {
                                found(pointer, reference);
                            }
                            pointer.truncate(len);
                        }
                    }
                } else if key != "examples" {
                    references(child, pointer, found);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                references(child, pointer, found);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The values of every discriminator `mapping` below `value` that are references (a schema
/// name alone is looked up in `components.schemas`).
fn mapping_targets(value: &Value, pointer: &mut String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if is_data(key, pointer) {
                    continue;
                }
                if key == "discriminator"
                    && let Some(Value::Object(mapping)) = child.get("mapping")
                {
                    out.extend(
                        mapping
                            .values()
                            .filter_map(Value::as_str)
                            .filter(|target| target.contains(['#', '/', '.']))
                            .map(str::to_string),
                    );
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::source::escape_pointer_token(key));
                mapping_targets(child, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                mapping_targets(item, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn key_of(document: &ApiDocument) -> String {
    match &document.path {
        Some(path) => format!("file://{}", path.display()),
        None => document.name.clone(),
    }
}

fn remote(url: &str, reach: &Reach) -> Result<Vec<u8>, String> {
    let Some(fetcher) = &reach.fetcher else {
        return Err(format!(
            "remote reference {url} refused: nifcheck fetches only from the hosts a framework's allowed-hosts names"
        ));
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("{url} is not a URL: {e}"))?;
    crate::remote::check_url(&parsed, fetcher.policy()).map_err(|e| format!("remote reference refused: {e}"))?;
    fetcher.get(&parsed).map(|f| f.body).map_err(|e| e.to_string())
}

/// A path with `.` and `..` removed, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A path as the user would write it: relative to the working directory when below it.
fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative.unwrap_or_else(|| path.to_path_buf()).display().to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn doc(name: &str, path: Option<PathBuf>, text: &str) -> ApiDocument {
        ApiDocument::parse(name, path, text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn local_references_resolve_and_broken_ones_say_why() {
        let ws = Workspace::load(
            doc(
                "a.json",
                None,
                r##"{"a": {"$ref": "#/b"}, "b": {"c": 1}, "x": {"$ref": "#/nope"}}"##,
            ),
            &Reach::default(),
        );
        assert_eq!(
            ws.resolve(0, "#/b"),
            Ok(Target::Local {
                doc: 0,
                pointer: "/b".into()
            })
        );
        assert!(ws.resolve(0, "#/nope").unwrap_err().contains("nothing at"));
        assert_eq!(ws.follow(0, "/a").map(|f| f.1), Some("/b".to_string()));
        assert_eq!(ws.all_references().len(), 2);
    }

    #[test]
    fn relative_files_load_and_remote_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("schemas")).unwrap();
        std::fs::write(dir.path().join("schemas/p.yaml"), "Person:\n  type: object\n").unwrap();
        let root = dir.path().join("api.yaml");
        let text = "a:\n  $ref: schemas/p.yaml#/Person\nb:\n  $ref: https://example.org/x.json\n";
        let ws = Workspace::load(doc("api.yaml", Some(root), text), &Reach::default());
        assert_eq!(ws.documents.len(), 2);
        assert!(matches!(
            ws.resolve(0, "schemas/p.yaml#/Person"),
            Ok(Target::Local { doc: 1, .. })
        ));
        assert!(
            ws.resolve(0, "https://example.org/x.json")
                .unwrap_err()
                .contains("refused")
        );
    }

    #[test]
    fn example_values_are_not_references() {
        let value: Value = serde_json::json!({"example": {"$ref": "#/x"}, "examples": {"a": {"value": {"$ref": "#/y"}}, "b": {"$ref": "#/z"}}});
        let mut found = Vec::new();
        references(&value, &mut String::new(), &mut |p, r| {
            found.push((p.to_string(), r.to_string()))
        });
        assert_eq!(found, vec![("/examples/b".to_string(), "#/z".to_string())]);
    }

    #[test]
    fn a_default_response_is_not_data() {
        let value: Value =
            serde_json::json!({"responses": {"default": {"$ref": "#/r"}}, "schema": {"default": {"$ref": "#/d"}}});
        let mut found = Vec::new();
        references(&value, &mut String::new(), &mut |p, r| {
            found.push((p.to_string(), r.to_string()))
        });
        assert_eq!(found, vec![("/responses/default".to_string(), "#/r".to_string())]);
    }

    #[test]
    fn reference_loops_end() {
        let ws = Workspace::load(
            doc("a.json", None, r##"{"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}}"##),
            &Reach::default(),
        );
        assert!(ws.follow(0, "/a").is_none());
    }

    #[test]
    fn discriminator_mappings_load_the_files_they_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pets.yaml"), "Dog:\n  type: object\n").unwrap();
        let text = "components:\n  schemas:\n    Pet:\n      discriminator:\n        propertyName: kind\n        mapping: { dog: 'pets.yaml#/Dog' }\n";
        let ws = Workspace::load(
            doc("api.yaml", Some(dir.path().join("api.yaml")), text),
            &Reach::default(),
        );
        assert_eq!(ws.documents.len(), 2);
        assert!(matches!(
            ws.resolve(0, "pets.yaml#/Dog"),
            Ok(Target::Local { doc: 1, .. })
        ));
    }
}
