//! XML payloads: safe parsing, XSD validation by nifcheck's own streaming engine, element paths
//! and positions for every finding, code lists bound in `xs:appinfo`, and files of any size.
//!
//! The flow for one document: [`scan`] refuses what is unsafe or not well-formed, the
//! [`engine`] validates in one streaming pass, [`findings`] places and explains each error,
//! [`codes`] checks the code lists. Big files go through [`stream`], which never holds the whole
//! document: the engine streams it, and only records with findings are read again to place them.

pub mod codes;
pub mod compile_cache;
mod compiled;
pub mod engine;
pub mod findings;
pub mod index;
pub mod outline;
pub mod package;
pub mod scan;
pub mod schema;
pub mod stream;

use std::sync::Arc;

use crate::error::Result;
use crate::finding::{Finding, Snippet};
use crate::framework::{CodeLists, Date};

pub use compile_cache::{CacheUse, CompileCache, CompiledSchema};
pub use engine::{EngineError, Native, XsdEngine};
pub use outline::Outline;

use compiled::Compiled;
pub use schema::{Folder, Scan, SchemaGraph, SchemaStore};

/// A compiled XML Schema and what nifcheck read from it.
pub struct XmlSchema {
    /// Validates documents, whole or streamed.
    pub engine: Box<dyn XsdEngine>,
    /// The schema documents.
    pub graph: SchemaGraph,
    /// Help texts and code-list bindings.
    pub outline: Outline,
    /// `person@1.2.0`, or the schema file.
    pub label: Option<Arc<str>>,
    /// Index of the framework standard, when it is one.
    pub standard: Option<usize>,
    /// The framework's code lists and the day they are checked on.
    pub code_lists: Option<(Arc<CodeLists>, Date)>,
}

impl XmlSchema {
    /// Loads and compiles `main` from a store.
    pub fn load(store: &dyn SchemaStore, main: &str) -> Result<Self> {
        Self::load_cached(store, main, None)
    }

    /// Loads `main` from a store, compiled or read from the compile cache when there is one.
    pub fn load_cached(store: &dyn SchemaStore, main: &str, cache: Option<&CompileCache>) -> Result<Self> {
        Self::through_cache(&|scan| SchemaGraph::load_scanned(store, main, scan), cache)
    }

    /// Loads and compiles the schema file of `validate --schema FILE.xsd`, with its imports and
    /// includes read from its package ([`package`]).
    pub fn load_file(path: &std::path::Path) -> Result<Self> {
        Self::load_file_cached(path, None)
    }

    /// [`XmlSchema::load_file`], through the compile cache when there is one.
    pub fn load_file_cached(path: &std::path::Path, cache: Option<&CompileCache>) -> Result<Self> {
        Self::through_cache(&|scan| Ok(package::load_scanned(path, scan)?.graph), cache)
    }

    /// Reads the graph `load` reads, and its compiled schema from the cache when there is one.
    /// The cache is asked with the documents found by their markup alone ([`Scan::Markup`]):
    /// an entry's key is every document's path and bytes, so only an entry compiled from
    /// exactly these documents, every one parsed then, is found. Otherwise the graph is
    /// compiled as [`Scan::Parse`] reads it, with its errors.
    fn through_cache(load: &dyn Fn(Scan) -> Result<SchemaGraph>, cache: Option<&CompileCache>) -> Result<Self> {
        let Some(cache) = cache else {
            return Self::compile(load(Scan::Parse)?, None);
        };
        match load(Scan::Markup) {
            Ok(graph) => match cache.get::<Compiled>(&graph) {
                Some(compiled) => Ok(Self::read_back(graph, compiled)),
                None if graph.parses_as_scanned() => Self::compile_afresh(graph, Some(cache)),
                None => Self::compile(load(Scan::Parse)?, Some(cache)),
            },
            Err(_) => Self::compile(load(Scan::Parse)?, Some(cache)),
        }
    }

    /// Compiles a loaded graph, or reads it back from the cache: the documents are always read
    /// (their bytes are the cache's key), never compiled twice.
    fn compile(graph: SchemaGraph, cache: Option<&CompileCache>) -> Result<Self> {
        if let Some(compiled) = cache.and_then(|c| c.get::<Compiled>(&graph)) {
            return Ok(Self::read_back(graph, compiled));
        }
        Self::compile_afresh(graph, cache)
    }

    fn read_back(graph: SchemaGraph, compiled: Compiled) -> Self {
        Self::of(engine::Native::from_schema(compiled.schema), graph, compiled.outline)
    }

    /// Compiles a loaded graph, and keeps it in the cache when there is one.
    fn compile_afresh(graph: SchemaGraph, cache: Option<&CompileCache>) -> Result<Self> {
        // Each document is parsed once, for the engine's model and for the outline.
        let trees = engine::model::parse_documents(&graph)?;
        let schema = engine::model::load_trees(&graph, &trees)?;
        let outline = Outline::read(&trees);
        drop(trees);
        let compiled = Compiled { schema, outline };
        if let Some(cache) = cache {
            cache.put(&graph, &compiled);
        }
        Ok(Self::of(
            engine::Native::from_schema(compiled.schema),
            graph,
            compiled.outline,
        ))
    }

    fn of(engine: engine::Native, graph: SchemaGraph, outline: Outline) -> Self {
        XmlSchema {
            engine: Box::new(engine),
            graph,
            outline,
            label: None,
            standard: None,
            code_lists: None,
        }
    }
}

/// Whether a payload is XML: by extension, or by a leading `<` after an optional byte order
/// mark and white space.
pub fn is_xml(name: Option<&std::path::Path>, bytes: &[u8]) -> bool {
    if name
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
    {
        return true;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// The text of a document and what the scan learned, or the finding that refuses it.
fn admit<'t>(bytes: &'t [u8], file: &str) -> std::result::Result<(&'t str, scan::Scanned), Box<Finding>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            let problem = scan::Problem {
                rule: &crate::rules::NOT_WELL_FORMED,
                message: format!("not UTF-8 at byte {}", e.valid_up_to()),
                help: "nifcheck reads XML payloads encoded in UTF-8".into(),
                offset: e.valid_up_to() as u64,
            };
            return Err(Box::new(problem_finding(&problem, valid, file, 0)));
        }
    };
    match scan::scan(text) {
        Ok(scanned) => Ok((text, scanned)),
        Err(problem) => Err(Box::new(problem_finding(&problem, text, file, 0))),
    }
}

/// The finding that refuses a document before any schema is chosen, if any.
pub fn refusal(bytes: &[u8], file: &str) -> Option<Finding> {
    admit(bytes, file).err().map(|f| *f)
}

/// Findings of one in-memory document.
pub fn check_document(bytes: &[u8], file: &str, schema: &XmlSchema) -> Vec<Finding> {
    let (text, scanned) = match admit(bytes, file) {
        Ok(admitted) => admitted,
        Err(finding) => return vec![*finding],
    };
    let cleaned = scan::for_engine(text, &scanned);
    let errors = match schema.engine.validate(&cleaned) {
        Ok(errors) => errors,
        Err(error) => vec![error],
    };
    let codes_bound = schema.code_lists.is_some() && !schema.outline.code_lists.is_empty();
    if errors.is_empty() && !codes_bound {
        return Vec::new();
    }
    let index = index::ElementIndex::build(text, "", None);
    let cx = findings::Context {
        file,
        first_line: 0,
        standard: schema.label.as_deref(),
        outline: &schema.outline,
    };
    let mut out = if errors.is_empty() {
        Vec::new()
    } else {
        findings::describe(&errors, text, &index, &cx)
    };
    out.extend(codes::check(text, &index, &cx, schema));
    out
}

/// A finding for a document refused before validation.
pub fn problem_finding(problem: &scan::Problem, text: &str, file: &str, first_line: usize) -> Finding {
    let offset = usize::try_from(problem.offset).unwrap_or(0).min(text.len());
    let (line, column) = crate::source::LineIndex::new(text).line_col(text, offset);
    let rule = problem.rule;
    let mut finding = Finding::new(rule.code, rule.severity, rule.kind, file, problem.message.clone());
    finding.line = Some(line + first_line);
    finding.column = Some(column);
    finding.help = Some(problem.help.clone());
    finding.snippet = Some(Snippet {
        text: Arc::from(text),
        first_line,
        span: (offset, (offset + 1).min(text.len())),
    });
    finding
}
