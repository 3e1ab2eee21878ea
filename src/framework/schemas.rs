//! Turning JSON Schemas into validators: one offline registry holding every standard's schema,
//! the `x-codelist` keyword, format assertion, and a retriever that refuses the network.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jsonschema::{Keyword, PatternOptions, Registry, Resource, Retrieve, Uri, ValidationError, Validator};
use serde_json::{Map, Value};

use super::codelist::CodeProblem;
use super::{CodeLists, date::Date};
use crate::rules;

/// How validators are built: the framework's code lists, the date codes are checked on, and
/// whether `format` asserts.
#[derive(Clone)]
pub struct CompileOptions {
    /// Assert `format` (default on, whatever the draft says).
    pub formats: bool,
    /// The day code-list validity is checked on.
    pub as_of: Date,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            formats: true,
            as_of: Date::today(),
        }
    }
}

/// A schema the user names directly (`--schema FILE`), with what its references may reach.
#[derive(Debug, Clone)]
pub struct AdHocSchema {
    /// The schema document.
    pub value: Value,
    /// Its base URI (a `file://` URI for files).
    pub base_uri: Option<String>,
    /// `file://` references below this folder may be read.
    pub local_root: Option<PathBuf>,
    /// Further documents to register by URI (the test suite's remotes).
    pub resources: Vec<(String, Value)>,
}

/// Refuses every reference not in the registry, except local files below an allowed folder.
struct OfflineRetriever {
    local_root: Option<PathBuf>,
}

impl Retrieve for OfflineRetriever {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.scheme().as_str() == "file" {
            let path = PathBuf::from(percent_decode(uri.path().as_str()));
            let inside = self
                .local_root
                .as_ref()
                .is_some_and(|root| path.canonicalize().is_ok_and(|p| p.starts_with(root)));
            if !inside {
                return Err(format!("local reference {uri} is outside the schema's folder").into());
            }
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            return serde_json::from_str(&text)
                .map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()).into());
        }
        Err(format!(
            "remote reference {uri} is not part of the framework; nifcheck does not fetch schemas from the network"
        )
        .into())
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every standard's schema in one registry, so `$ref`s between standards resolve offline.
pub struct SchemaSet {
    registry: Registry<'static>,
    /// Parsed schema documents by standard index.
    pub documents: Vec<Arc<Value>>,
    /// URI each standard's schema is registered under (its `$id`, or a `file:` URI inside the framework).
    pub uris: Vec<String>,
    /// Standard index by URI.
    pub by_uri: HashMap<String, usize>,
}

impl SchemaSet {
    /// Builds the registry from `(uri, document)` pairs, one per standard.
    pub fn new(documents: Vec<(String, Value)>) -> Result<Self, String> {
        let mut by_uri = HashMap::new();
        let mut uris = Vec::new();
        let mut docs = Vec::new();
        let mut resources = Vec::new();
        for (n, (uri, doc)) in documents.into_iter().enumerate() {
            by_uri.insert(uri.trim_end_matches('#').to_string(), n);
            resources.push((uri.clone(), Resource::from_contents(doc.clone())));
            uris.push(uri);
            docs.push(Arc::new(doc));
        }
        let registry = Registry::new()
            .retriever(OfflineRetriever { local_root: None })
            .extend(resources)
            .and_then(jsonschema::RegistryBuilder::prepare)
            .map_err(|e| e.to_string())?;
        Ok(SchemaSet {
            registry,
            documents: docs,
            uris,
            by_uri,
        })
    }

    /// Compiles the standard at `index` (by a `$ref` to its URI, so its `$id` is its base).
    pub fn compile_standard(
        &self,
        index: usize,
        code_lists: &Arc<CodeLists>,
        options: &CompileOptions,
    ) -> Result<Validator, ValidationError<'static>> {
        let uri = self.uris.get(index).cloned().unwrap_or_default();
        let root = serde_json::json!({ "$ref": uri });
        let draft = self
            .documents
            .get(index)
            .map(|d| detect_draft(d))
            .unwrap_or(jsonschema::Draft::Draft202012);
        let opts = base_options(code_lists, options, None)
            .with_draft(draft)
            .with_registry(&self.registry);
        opts.build(&root)
    }

    /// Compiles a schema named on the command line, with the framework's standards reachable.
    pub fn compile_ad_hoc(
        &self,
        schema: &AdHocSchema,
        code_lists: &Arc<CodeLists>,
        options: &CompileOptions,
    ) -> Result<Validator, ValidationError<'static>> {
        compile_with(Some(&self.registry), schema, code_lists, options)
    }
}

/// Compiles a schema against an optional framework registry.
pub fn compile_with(
    registry: Option<&Registry<'static>>,
    schema: &AdHocSchema,
    code_lists: &Arc<CodeLists>,
    options: &CompileOptions,
) -> Result<Validator, ValidationError<'static>> {
    let resources: Vec<(String, Resource)> = schema
        .resources
        .iter()
        .map(|(uri, doc)| (uri.clone(), Resource::from_contents(doc.clone())))
        .collect();
    let extended;
    let registry = match (registry, resources.is_empty()) {
        (Some(r), true) => Some(r),
        (base, _) => {
            let builder = match base {
                Some(r) => r.extend(resources),
                None => Registry::new().extend(resources),
            };
            let builder = builder.map_err(|e| ValidationError::custom(e.to_string()))?;
            extended = builder
                .retriever(OfflineRetriever {
                    local_root: schema.local_root.clone(),
                })
                .prepare()
                .map_err(|e| ValidationError::custom(e.to_string()))?;
            Some(&extended)
        }
    };
    let mut opts = base_options(code_lists, options, schema.local_root.clone()).with_draft(detect_draft(&schema.value));
    if let Some(base) = &schema.base_uri {
        opts = opts.with_base_uri(base.clone());
    }
    if let Some(registry) = registry {
        opts = opts.with_registry(registry);
    }
    opts.build(&schema.value)
}

/// The draft a schema declares through `$schema`; 2020-12 when it says nothing.
pub fn detect_draft(schema: &Value) -> jsonschema::Draft {
    use jsonschema::Draft;
    let Some(uri) = schema.get("$schema").and_then(Value::as_str) else {
        return Draft::Draft202012;
    };
    let uri = uri.trim_end_matches('#');
    if uri.contains("draft-04/") {
        Draft::Draft4
    } else if uri.contains("draft-06/") {
        Draft::Draft6
    } else if uri.contains("draft-07/") {
        Draft::Draft7
    } else if uri.contains("2019-09/") {
        Draft::Draft201909
    } else {
        Draft::Draft202012
    }
}

fn base_options<'a>(
    code_lists: &Arc<CodeLists>,
    options: &CompileOptions,
    local_root: Option<PathBuf>,
) -> jsonschema::ValidationOptions<'a> {
    let lists = Arc::clone(code_lists);
    let as_of = options.as_of;
    jsonschema::options()
        .with_retriever(OfflineRetriever { local_root })
        .should_validate_formats(options.formats)
        // fancy-regex keeps ECMA-262 look-arounds working; the limit keeps it from hanging.
        .with_pattern_options(PatternOptions::fancy_regex().backtrack_limit(1_000_000))
        .with_keyword("x-codelist", move |_parent: &Map<String, Value>, value: &Value, _at| {
            let id = value
                .as_str()
                .ok_or_else(|| ValidationError::schema("x-codelist names a code list by its id"))?;
            let list = lists
                .get(id)
                .map_err(|e| ValidationError::schema(format!("x-codelist `{id}`: {e}")))?;
            Ok(Box::new(CodeListKeyword { list, as_of }) as Box<dyn for<'i> Keyword<'i>>)
        })
}

/// `x-codelist`: the value must be a code of the list, valid on the check date.
struct CodeListKeyword {
    list: Arc<super::codelist::CodeList>,
    as_of: Date,
}

impl<'i> Keyword<'i> for CodeListKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        let Some(code) = instance.as_str() else {
            return Ok(());
        };
        let Err(problem) = self.list.check(code, self.as_of) else {
            return Ok(());
        };
        let list = self.list.label();
        let (rule, message) = match problem {
            CodeProblem::Unknown => (&rules::CODE_NOT_IN_LIST, format!("\"{code}\" is not a code of {list}")),
            CodeProblem::Retired(to) => (
                &rules::CODE_NOT_VALID_ON_DATE,
                format!("code \"{code}\" of {list} was retired after {to}"),
            ),
            CodeProblem::NotYetValid(from) => (
                &rules::CODE_NOT_VALID_ON_DATE,
                format!("code \"{code}\" of {list} is only valid from {from}"),
            ),
        };
        let hint = match (self.list.successor(code), self.list.closest(code, self.as_of)) {
            (Some(next), _) => format!("it was replaced by \"{}\" ({})", next.code, next.label),
            (None, Some(c)) if c.code != code => format!("did you mean \"{}\" ({})?", c.code, c.label),
            _ => self.list.valid_codes_hint(self.as_of),
        };
        Err(ValidationError::custom(rules::tag_message(rule, &message, &hint)))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance
            .as_str()
            .is_none_or(|code| self.list.check(code, self.as_of).is_ok())
    }
}
