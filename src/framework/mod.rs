//! The framework model: manifest, standards, code lists, rulesets and exceptions, loaded from a
//! folder or from the reference framework embedded in the binary. Validators are compiled once
//! per standard, on first use, and shared by every thread.

mod bundle;
mod codelist;
mod codelist_keyword;
mod compile_error;

mod exceptions;
mod files;
mod load;
mod lock;
mod manifest;
mod remote;
mod retriever;
pub(crate) mod schemas;
mod standard;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use jsonschema::Validator;

pub use crate::date::Date;
pub use bundle::{pack, unpack};
pub use codelist::{Code, CodeList, CodeProblem};
pub use codelist_keyword::{KeywordProblem, untag as untag_keyword_message};
pub use compile_error::SchemaText;
pub use files::{FrameworkFiles, SUMS_FILE, belongs_to_framework, digest_of, file_digest};
pub use lock::{LOCK_FILE, Lock, LockedFramework};
pub use manifest::{CodeListEntry, ExceptionEntry, FrameworkMeta, Manifest, RulesetEntry, StandardEntry, Status};
pub use remote::{Materialized, is_remote, materialize};
/// What a schema's `$ref` may reach: the policy the framework's schemas compile with, which the
/// prover reuses so that both resolve references alike.
pub use retriever::{
    Access as ReferenceAccess, Local as LocalReferences, PolicyRetriever as ReferenceRetriever,
    local_file as local_reference,
};
pub use schemas::{AdHocSchema, CompileOptions, DocumentCompiler, detect_draft};
pub use standard::{Standard, StandardRef};

use crate::error::{Error, Result};
use schemas::SchemaSet;

/// Where to load a framework from.
#[derive(Debug, Clone)]
pub enum FrameworkSource {
    /// The reference framework inside the binary (the default).
    Embedded,
    /// A folder holding `framework.toml` (or the manifest file itself).
    Dir(PathBuf),
    /// No framework: only the checks that come from the specifications themselves.
    None,
    /// A framework published at a URL; [`materialize`] turns it into a folder.
    Remote(String),
}

impl FrameworkSource {
    /// Parses `--framework`: `none`, `reference` (or `embedded`), a URL, or a path.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "none" => Ok(FrameworkSource::None),
            "reference" | "embedded" | "default" => Ok(FrameworkSource::Embedded),
            url if is_remote(url) => Ok(FrameworkSource::Remote(url.to_string())),
            path => {
                let path = PathBuf::from(path);
                let dir = if path.is_file() {
                    path.parent().map(PathBuf::from).unwrap_or_default()
                } else {
                    path
                };
                Ok(FrameworkSource::Dir(dir))
            }
        }
    }
}

/// A code list loaded on first use.
type LazyList = OnceLock<Result<Arc<CodeList>>>;

/// Code lists by id, each loaded on first use.
pub struct CodeLists {
    files: FrameworkFiles,
    entries: HashMap<String, (CodeListEntry, LazyList)>,
}

impl CodeLists {
    fn new(files: FrameworkFiles, entries: &[CodeListEntry]) -> Self {
        let entries = entries
            .iter()
            .map(|e| (e.id.clone(), (e.clone(), OnceLock::new())))
            .collect();
        CodeLists { files, entries }
    }

    /// No code lists at all (`--framework none`).
    pub fn empty() -> Self {
        CodeLists {
            files: FrameworkFiles::Embedded,
            entries: HashMap::new(),
        }
    }

    /// The list with this id, loading it on first use.
    pub fn get(&self, id: &str) -> Result<Arc<CodeList>> {
        self.cell(id)?.clone()
    }

    /// The loaded list (or why it does not load) with this id; an error when there is none.
    fn cell(&self, id: &str) -> Result<&Result<Arc<CodeList>>> {
        let (entry, cell) = self
            .entries
            .get(id)
            .ok_or_else(|| Error::framework(format!("the framework has no code list `{id}`"), None))?;
        Ok(cell.get_or_init(|| CodeList::load(&self.files, entry).map(Arc::new)))
    }

    /// The ids of the lists loaded so far, sorted.
    #[cfg(test)]
    pub(crate) fn loaded(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .entries
            .iter()
            .filter(|(_, (_, cell))| cell.get().is_some())
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    }

    /// Whether the list with this id is loaded from cells split when the binary was built (the
    /// embedded framework's lists, each of which a unit test loads): it cannot fail to load, so
    /// a schema that names it may leave it unloaded until a value is checked against it. `None`
    /// when there is no such list.
    fn loads_from_prepared_cells(&self, id: &str) -> Option<bool> {
        let (entry, _) = self.entries.get(id)?;
        Some(self.files.prepared_cells(&entry.file).is_some())
    }
}

/// The framework a report was made against.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct FrameworkInfo {
    /// The framework's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// `sha256:` over every file of the framework, in path order.
    pub digest: String,
}

/// A loaded framework.
pub struct Framework {
    /// The manifest as written.
    pub manifest: Manifest,
    /// Where its files are.
    pub files: FrameworkFiles,
    /// `sha256:` over all its files.
    pub digest: String,
    /// Every standard version.
    pub standards: Vec<Standard>,
    code_lists: Arc<CodeLists>,
    options: CompileOptions,
    schemas: OnceLock<Result<Arc<SchemaSet>>>,
    /// Each standard's schema URI, when known without reading every schema (the embedded
    /// framework): then a standard is compiled from its own schema and those it refers to.
    prepared_uris: Option<Arc<Vec<String>>>,
    /// Every reference the framework's schemas were refused, whichever registry asked.
    refused: load::Refusals,
    validators: Vec<OnceLock<Result<Arc<Validator>>>>,
    /// Fetches the remote references `allowed-hosts` permits.
    remote: Option<Arc<crate::remote::Fetcher>>,
    /// The same framework judged on other dates, built on first use.
    on_dates: Mutex<HashMap<Date, Arc<Framework>>>,
}

impl Framework {
    /// Fetches from the hosts the framework's `allowed-hosts` names, when it names any.
    pub fn fetcher(&self) -> Option<&Arc<crate::remote::Fetcher>> {
        self.remote.as_ref()
    }

    /// Loads and checks a framework. `None` for `--framework none`.
    pub fn load(source: &FrameworkSource, options: CompileOptions) -> Result<Option<Self>> {
        let files = match source {
            FrameworkSource::None => return Ok(None),
            FrameworkSource::Embedded => FrameworkFiles::Embedded,
            FrameworkSource::Dir(dir) => FrameworkFiles::Dir(dir.clone()),
            FrameworkSource::Remote(url) => {
                return Err(Error::usage(
                    format!("fetch {url} with framework::materialize before loading it"),
                    None,
                ));
            }
        };
        let manifest = load::manifest(&files)?;
        let standards = load::standards(&files, &manifest)?;
        let digest = files.digest()?;
        let code_lists = Arc::new(CodeLists::new(files.clone(), &manifest.code_lists));
        let validators = standards.iter().map(|_| OnceLock::new()).collect();
        let remote = options.fetcher(&manifest.framework.allowed_hosts);
        let prepared_uris = load::prepared_uris(&files, &standards).map(Arc::new);
        Ok(Some(Framework {
            manifest,
            files,
            digest,
            standards,
            code_lists,
            options,
            schemas: OnceLock::new(),
            prepared_uris,
            refused: load::Refusals::default(),
            validators,
            remote,
            on_dates: Mutex::new(HashMap::new()),
        }))
    }

    /// This framework with its code lists checked on `as_of` instead: the same manifest,
    /// files and schemas, validators compiled anew. Built once per date and kept, so every
    /// agency of a run shares it.
    pub fn on_date(&self, as_of: Date) -> Arc<Framework> {
        let mut on_dates = self.on_dates.lock().unwrap_or_else(PoisonError::into_inner);
        let dated = on_dates.entry(as_of).or_insert_with(|| {
            // The schemas are the same on every date: shared when already read.
            let schemas = OnceLock::new();
            if let Some(set) = self.schemas.get() {
                let _ = schemas.set(set.clone());
            }
            Arc::new(Framework {
                manifest: self.manifest.clone(),
                files: self.files.clone(),
                digest: self.digest.clone(),
                standards: self.standards.clone(),
                code_lists: Arc::clone(&self.code_lists),
                options: CompileOptions {
                    as_of,
                    ..self.options.clone()
                },
                schemas,
                prepared_uris: self.prepared_uris.clone(),
                refused: Arc::clone(&self.refused),
                validators: self.standards.iter().map(|_| OnceLock::new()).collect(),
                remote: self.remote.clone(),
                on_dates: Mutex::new(HashMap::new()),
            })
        });
        Arc::clone(dated)
    }

    /// What reports say about this framework.
    pub fn info(&self) -> FrameworkInfo {
        FrameworkInfo {
            id: self.manifest.framework.id.clone(),
            version: self.manifest.framework.version.clone(),
            digest: self.digest.clone(),
        }
    }

    /// The framework's code lists.
    pub fn code_lists(&self) -> &Arc<CodeLists> {
        &self.code_lists
    }

    /// The options validators are compiled with.
    pub fn options(&self) -> &CompileOptions {
        &self.options
    }

    /// Resolves a reference to a standard, or says which versions exist.
    pub fn resolve(&self, reference: &StandardRef) -> Result<usize> {
        let found = reference
            .select(&self.standards)
            .and_then(|s| self.standards.iter().position(|x| std::ptr::eq(x, s)));
        found.ok_or_else(|| {
            let known: Vec<String> = self
                .standards
                .iter()
                .filter(|s| s.entry.id == reference.id)
                .map(Standard::label)
                .collect();
            let help = if known.is_empty() {
                let mut ids: Vec<&str> = self.standards.iter().map(|s| s.entry.id.as_str()).collect();
                ids.dedup();
                format!("standards in {}: {}", self.manifest.framework.id, ids.join(", "))
            } else {
                format!("versions of {}: {}", reference.id, known.join(", "))
            };
            Error::usage(format!("no standard matches `{reference}`"), Some(help))
        })
    }

    /// The standard whose schema has this `$id`, if any.
    pub fn standard_by_uri(&self, uri: &str) -> Result<Option<usize>> {
        let uri = uri.trim_end_matches('#');
        if let Some(uris) = &self.prepared_uris {
            // The last standard registered under a URI wins, as in the registry's map.
            return Ok(uris.iter().rposition(|known| known.trim_end_matches('#') == uri));
        }
        // Borrowed, not `schema_set()`: this runs for every payload, on every core.
        let set = self
            .schemas
            .get_or_init(|| self.read_schema_set().map(Arc::new))
            .as_ref()
            .map_err(Clone::clone)?;
        Ok(set.by_uri.get(uri).copied())
    }

    /// The compiled validator of a standard, built on first use.
    pub fn validator(&self, index: usize) -> Result<Arc<Validator>> {
        let cell = self
            .validators
            .get(index)
            .ok_or_else(|| Error::framework(format!("no standard number {index}"), None))?;
        cell.get_or_init(|| {
            let standard = &self.standards[index];
            // With every URI known, only this standard's schema and those it refers to are read.
            let (set, position) = match &self.prepared_uris {
                Some(uris) => (
                    Arc::new(load::schema_alone(
                        &self.files,
                        &self.standards,
                        uris,
                        index,
                        self.remote.clone(),
                        &self.refused,
                    )?),
                    0,
                ),
                None => (self.schema_set()?, index),
            };
            set.compile_standard(position, &self.code_lists, &self.options)
                .map(Arc::new)
                .map_err(|e| {
                    let doc = set.documents.get(position).map(|d| d.as_ref());
                    load::schema_error(&self.files, &standard.entry.json_schema, doc, &e)
                })
        })
        .clone()
    }

    /// Compiles a schema named on the command line; the framework's standards stay reachable.
    pub fn compile_ad_hoc(&self, schema: &AdHocSchema) -> Result<Validator> {
        let set = self.schema_set()?;
        set.compile_ad_hoc(schema, &self.code_lists, &self.options)
            .map_err(|(e, refusals)| compile_error::compile_error(schema.source.as_ref(), &schema.value, &e, &refusals))
    }

    /// The registry of every standard's schema, built on first use.
    pub(crate) fn schema_set(&self) -> Result<Arc<SchemaSet>> {
        self.schemas
            .get_or_init(|| self.read_schema_set().map(Arc::new))
            .clone()
    }

    fn read_schema_set(&self) -> Result<SchemaSet> {
        load::schema_set(&self.files, &self.standards, self.remote.clone(), &self.refused)
    }

    /// The references the framework's schemas make that were refused (remote hosts not on the
    /// allow-list, local files outside the framework), with the reason; filled as validators
    /// are compiled.
    pub fn refused_references(&self) -> Result<Vec<String>> {
        Ok(self.schema_set()?.access().refusals())
    }

    /// What the framework's schemas may refer to (its files, its allowed hosts).
    pub(crate) fn reference_access(&self) -> Result<retriever::Access> {
        Ok(self.schema_set()?.access().clone())
    }

    /// Every standard's schema with the URI it is registered under, for comparing standards.
    pub fn schema_documents(&self) -> Result<Vec<(String, serde_json::Value)>> {
        let set = self.schema_set()?;
        Ok(set
            .uris
            .iter()
            .cloned()
            .zip(set.documents.iter().map(|d| (**d).clone()))
            .collect())
    }

    /// The URI a standard's schema is registered under.
    pub fn schema_uri(&self, index: usize) -> Result<String> {
        self.schema_set()?
            .uris
            .get(index)
            .cloned()
            .ok_or_else(|| Error::framework(format!("no standard number {index}"), None))
    }

    /// The parsed JSON Schema of a standard.
    pub fn schema_document(&self, index: usize) -> Result<Arc<serde_json::Value>> {
        let set = self.schema_set()?;
        set.documents
            .get(index)
            .cloned()
            .ok_or_else(|| Error::framework(format!("no standard number {index}"), None))
    }
}

/// Compiles a schema with no framework at all (`--framework none`).
pub fn compile_without_framework(schema: &AdHocSchema, options: &CompileOptions) -> Result<Validator> {
    let access = retriever::Access::new(
        retriever::Local::folder(schema.local_root.clone()),
        options.fetcher(&[]),
    )
    .for_documents(schema.mirror(), [&schema.value]);
    schemas::compile_with(None, schema, &Arc::new(CodeLists::empty()), options, access.clone())
        .map_err(|e| compile_error::compile_error(schema.source.as_ref(), &schema.value, &e, &access.refusals()))
}

/// The embedded reference framework, for the tests of the modules built on it.
#[cfg(test)]
pub(crate) fn reference_for_tests() -> Framework {
    match Framework::load(&FrameworkSource::Embedded, CompileOptions::default()) {
        Ok(Some(framework)) => framework,
        other => panic!("the reference framework does not load: {:?}", other.err()),
    }
}
