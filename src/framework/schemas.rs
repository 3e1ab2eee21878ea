//! Turning JSON Schemas into validators: one offline registry holding every standard's schema,
//! the `x-codelist` keyword, format assertion, and a retriever that refuses the network.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jsonschema::{Keyword, PatternOptions, Registry, Resource, ValidationError, Validator};
use serde_json::{Map, Value};

use super::CodeLists;
use super::codelist_keyword::{CodeListKeyword, RefusedReference};
use super::retriever::{Access, Local, Mirror, PolicyRetriever, REFUSED_HINT, REFUSED_KEYWORD};
use crate::date::Date;
use crate::remote::{Cache, FetchOptions};

/// How validators are built: the framework's code lists, the date codes are checked on,
/// whether `format` asserts, and how remote references allowed by the framework are fetched.
#[derive(Clone)]
pub struct CompileOptions {
    /// Assert `format` (default on, whatever the draft says).
    pub formats: bool,
    /// The day code-list validity is checked on.
    pub as_of: Date,
    /// Cache and HTTP settings for the references the framework's `allowed-hosts` permit;
    /// `None` refuses every remote reference.
    pub remote: Option<(Cache, FetchOptions)>,
    /// Hosts remote references may reach in this run besides the framework's `allowed-hosts`
    /// (`--allow-host`), with the same policy, cache and client.
    pub allowed_hosts: Vec<String>,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            formats: true,
            as_of: Date::today(),
            remote: None,
            allowed_hosts: Vec::new(),
        }
    }
}

impl CompileOptions {
    /// A fetcher for `framework_hosts` and the hosts named for this run; `None` when there is no
    /// host to fetch from or no network settings.
    pub(crate) fn fetcher(&self, framework_hosts: &[String]) -> Option<Arc<crate::remote::Fetcher>> {
        let mut hosts = framework_hosts.to_vec();
        hosts.extend(self.allowed_hosts.iter().cloned());
        let (cache, fetch) = self.remote.clone()?;
        (!hosts.is_empty()).then(|| {
            Arc::new(crate::remote::Fetcher::new(
                cache,
                fetch,
                crate::remote::HostPolicy::allow_list(&hosts),
            ))
        })
    }
}

impl AdHocSchema {
    /// Where the schema's `$id` folder may be found locally: beside the schema file.
    pub(crate) fn mirror(&self) -> Option<Mirror> {
        let id = self
            .value
            .get("$id")
            .or_else(|| self.value.get("id"))
            .and_then(Value::as_str)?;
        Mirror::of(id, self.base_uri.as_deref()?)
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
    /// The file's name and text, so a compile error can point into it.
    pub source: Option<super::SchemaText>,
}

/// Every standard's schema in one registry, so `$ref`s between standards resolve offline.
pub(crate) struct SchemaSet {
    registry: Registry<'static>,
    access: Access,
    /// Parsed schema documents by standard index.
    pub documents: Vec<Arc<Value>>,
    /// URI each standard's schema is registered under (its `$id`, or a `file:` URI inside the framework).
    pub uris: Vec<String>,
    /// Standard index by URI.
    pub by_uri: HashMap<String, usize>,
}

impl SchemaSet {
    /// Builds the registry from `(uri, document)` pairs, one per standard.
    pub(crate) fn new(documents: Vec<(String, Value)>, access: Access) -> Result<Self, String> {
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
            .retriever(PolicyRetriever(access.clone()))
            .extend(resources)
            .and_then(jsonschema::RegistryBuilder::prepare)
            .map_err(|e| e.to_string())?;
        Ok(SchemaSet {
            registry,
            access,
            documents: docs,
            uris,
            by_uri,
        })
    }

    /// What the schemas' references may reach, and what they were refused.
    pub(crate) fn access(&self) -> &Access {
        &self.access
    }

    /// Compiles the standard at `index` (by a `$ref` to its URI, so its `$id` is its base).
    pub(crate) fn compile_standard(
        &self,
        index: usize,
        code_lists: &Arc<CodeLists>,
        options: &CompileOptions,
    ) -> Result<Validator, ValidationError<'static>> {
        let uri = self.uris.get(index).cloned().unwrap_or_default();
        let root = serde_json::json!({ "$ref": uri });
        // The root only points at the standard's schema, which is read in its own draft: it
        // was registered (every document it reaches too) before this root. The root's draft
        // decides one thing more: jsonschema checks the root against that draft's meta-schema,
        // building its validator first, and the draft 4 one is the cheapest to build (the
        // 2020-12 one cost a one-file run a quarter of its instructions).
        let opts = base_options(code_lists, options, self.access.clone())
            .with_draft(jsonschema::Draft::Draft4)
            .with_registry(&self.registry);
        opts.build(&root)
    }

    /// Compiles a schema named on the command line, with the framework's standards reachable.
    pub(crate) fn compile_ad_hoc(
        &self,
        schema: &AdHocSchema,
        code_lists: &Arc<CodeLists>,
        options: &CompileOptions,
    ) -> Result<Validator, (ValidationError<'static>, Vec<String>)> {
        let access = Access {
            local: Local::folder(schema.local_root.clone()),
            refused: Arc::default(),
            ..self.access.clone()
        }
        .for_documents(schema.mirror(), [&schema.value]);
        compile_with(Some(&self.registry), schema, code_lists, options, access.clone())
            .map_err(|e| (e, access.refusals()))
    }
}

/// Compiles a schema against an optional framework registry.
pub(crate) fn compile_with(
    registry: Option<&Registry<'static>>,
    schema: &AdHocSchema,
    code_lists: &Arc<CodeLists>,
    options: &CompileOptions,
    access: Access,
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
                .retriever(PolicyRetriever(access.clone()))
                .prepare()
                .map_err(|e| ValidationError::custom(e.to_string()))?;
            Some(&extended)
        }
    };
    let mut opts = base_options(code_lists, options, access).with_draft(detect_draft(&schema.value));
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

pub(crate) fn base_options<'a>(
    code_lists: &Arc<CodeLists>,
    options: &CompileOptions,
    access: Access,
) -> jsonschema::ValidationOptions<'a> {
    let lists = Arc::clone(code_lists);
    let as_of = options.as_of;
    jsonschema::options()
        .with_retriever(PolicyRetriever(access))
        .should_validate_formats(options.formats)
        // fancy-regex keeps ECMA-262 look-arounds working; the budget is the one every other
        // place that runs a pattern uses (`crate::ecma_regex`).
        .with_pattern_options(PatternOptions::fancy_regex().backtrack_limit(crate::ecma_regex::BACKTRACK_LIMIT))
        .with_keyword("x-codelist", move |_parent: &Map<String, Value>, value: &Value, _at| {
            let id = value
                .as_str()
                .ok_or_else(|| ValidationError::schema("x-codelist names a code list by its id"))?;
            let keyword = CodeListKeyword::new(&lists, id, as_of)
                .map_err(|e| ValidationError::schema(format!("x-codelist `{id}`: {e}")))?;
            Ok(Box::new(keyword) as Box<dyn for<'i> Keyword<'i>>)
        })
        .with_keyword(REFUSED_KEYWORD, |parent: &Map<String, Value>, value: &Value, _at| {
            let reason = value.as_str().unwrap_or("reference refused").to_string();
            let hint = parent
                .get(REFUSED_HINT)
                .and_then(Value::as_str)
                .unwrap_or("publish the schema inside the framework")
                .to_string();
            Ok(Box::new(RefusedReference { reason, hint }) as Box<dyn for<'i> Keyword<'i>>)
        })
}

/// Compiles many schemas that live inside other documents (an API description and the files
/// it references), with the framework's standards reachable. The documents are registered
/// once, so each compile only builds its own validator.
pub struct DocumentCompiler {
    registry: Registry<'static>,
    code_lists: Arc<CodeLists>,
    options: CompileOptions,
    access: Access,
}

impl DocumentCompiler {
    /// Registers `documents` (`(uri, value)` pairs) beside the framework's standards.
    /// `options` apply when there is no framework; a framework brings its own.
    pub fn new(
        framework: Option<&super::Framework>,
        options: &CompileOptions,
        documents: Vec<(String, Value)>,
    ) -> crate::Result<Self> {
        let fail = |e: String| crate::Error::framework(format!("the description's schemas do not load: {e}"), None);
        let (standards, code_lists, options, access) = match framework {
            Some(framework) => (
                framework.schema_documents()?,
                Arc::clone(framework.code_lists()),
                framework.options().clone(),
                framework.reference_access()?,
            ),
            None => (
                Vec::new(),
                Arc::new(CodeLists::empty()),
                options.clone(),
                Access::new(Local::Nothing, None),
            ),
        };
        let resources: Vec<(String, Resource)> = standards
            .into_iter()
            .chain(documents)
            .map(|(uri, doc)| (uri, Resource::from_contents(doc)))
            .collect();
        let registry = Registry::new()
            .retriever(PolicyRetriever(access.clone()))
            .extend(resources)
            .and_then(jsonschema::RegistryBuilder::prepare)
            .map_err(|e| fail(e.to_string()))?;
        Ok(DocumentCompiler {
            registry,
            code_lists,
            options,
            access,
        })
    }

    /// Compiles the schema at `uri` (a document URI with a JSON Pointer fragment).
    pub fn compile(&self, uri: &str, draft: jsonschema::Draft) -> Result<Validator, String> {
        base_options(&self.code_lists, &self.options, self.access.clone())
            .with_draft(draft)
            .with_registry(&self.registry)
            .build(&serde_json::json!({ "$ref": uri }))
            .map_err(|e| e.to_string())
    }
}
