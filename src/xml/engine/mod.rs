//! The XSD engine behind a trait of our own, so the rest of nifcheck never depends on one
//! implementation: today `uppsala` (pure Rust). Everything the engine does not do well
//! (positions of attributes, element paths, big files, safety, help texts) is done around it.

pub mod types;

use super::schema::{SchemaGraph, ScratchDir, flat_name};
use crate::error::{Error, Result};

/// One problem the engine found, positioned in the text it was given (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineError {
    /// What is wrong, in the engine's words.
    pub message: String,
    /// Line in the validated text.
    pub line: Option<usize>,
    /// Column in the validated text.
    pub column: Option<usize>,
}

/// Validates whole XML documents against one compiled schema.
pub trait XsdEngine: Send + Sync {
    /// Every problem of `text`. `Err` when the engine cannot parse the text at all (our own
    /// scanner reports well-formedness first, so this is rare).
    fn validate(&self, text: &str) -> std::result::Result<Vec<EngineError>, EngineError>;
}

/// The `uppsala` engine.
pub struct Uppsala {
    validator: uppsala::XsdValidator,
    /// Patterns as compiled and as written: messages show them as written.
    patterns: Vec<(String, String)>,
}

/// Elements nest at most this deep in what the engine parses; our scanner refuses deeper
/// documents before the engine sees them.
pub const MAX_DEPTH: u32 = 256;

impl Uppsala {
    /// Compiles the graph. `main` replaces the text of its first document (the record wrapper
    /// schema of big files includes the real one).
    pub fn build(graph: &SchemaGraph, main: Option<String>) -> Result<Self> {
        let mut files = graph.flattened();
        // The engine treats its base file as already loaded, so a wrapper schema gets a name of
        // its own: otherwise its include of the real schema would be skipped as a cycle.
        let (main_name, main_text) = match main {
            Some(text) => {
                files.push(("main.xsd".to_string(), text.clone()));
                ("main.xsd".to_string(), text)
            }
            None => (flat_name(0), files.first().map(|(_, t)| t.clone()).unwrap_or_default()),
        };
        let dir = ScratchDir::write(&files)?;
        let parser = uppsala::Parser::new().with_forbid_dtd(false).with_max_depth(MAX_DEPTH);
        let doc = parser.parse(&main_text).map_err(|e| broken(graph, &e.to_string()))?;
        let base = dir.path().join(main_name);
        let validator = uppsala::XsdValidator::from_schema_with_base_path(&doc, Some(&base))
            .map_err(|e| broken(graph, &e.to_string()))?;
        drop(dir);
        let patterns = graph
            .docs
            .iter()
            .flat_map(|doc| {
                super::patterns::rewrites(&doc.text)
                    .into_iter()
                    .filter_map(|edit| Some((edit.replacement, edit.written?)))
            })
            .collect();
        Ok(Uppsala { validator, patterns })
    }
}

fn broken(graph: &SchemaGraph, message: &str) -> Error {
    Error::framework(
        format!("XML Schema {} does not load: {message}", graph.name),
        Some("fix the schema; nifcheck cannot check XML payloads against a broken XSD".to_string()),
    )
}

impl XsdEngine for Uppsala {
    fn validate(&self, text: &str) -> std::result::Result<Vec<EngineError>, EngineError> {
        let parser = uppsala::Parser::new()
            .with_forbid_dtd(true)
            .with_forbid_entities(true)
            .with_max_depth(MAX_DEPTH);
        let doc = parser.parse(text).map_err(|e| EngineError {
            message: e.to_string(),
            line: None,
            column: None,
        })?;
        Ok(self
            .validator
            .validate(&doc)
            .into_iter()
            .map(|e| EngineError {
                message: self.as_written(e.message),
                line: e.line,
                column: e.column,
            })
            .collect())
    }
}

impl Uppsala {
    /// A message with the patterns nifcheck rewrote for the engine shown as the schema writes them.
    fn as_written(&self, message: String) -> String {
        if self.patterns.is_empty() || !message.contains("pattern") {
            return message;
        }
        let mut message = message;
        for (compiled, written) in &self.patterns {
            if message.contains(compiled.as_str()) {
                message = message.replace(compiled.as_str(), written);
            }
        }
        message
    }
}

pub mod content;
pub mod model;
pub mod validate;

/// nifcheck's own engine: the schema read once into [`model::Schema`], documents validated in
/// one streaming pass by [`validate::Validator`].
pub struct Native {
    schema: model::Schema,
}

impl Native {
    /// Reads and compiles the graph; a schema error names its document, line and column.
    pub fn build(graph: &SchemaGraph) -> Result<Self> {
        Ok(Native {
            schema: model::load(graph)?,
        })
    }

    /// The schema model.
    pub fn schema(&self) -> &model::Schema {
        &self.schema
    }
}

impl XsdEngine for Native {
    fn validate(&self, text: &str) -> std::result::Result<Vec<EngineError>, EngineError> {
        validate::Validator::new(&self.schema).run(text)
    }
}
