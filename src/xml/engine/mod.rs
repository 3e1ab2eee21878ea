//! The XSD engine behind a trait of our own: nifcheck's own streaming XSD 1.0 engine. The
//! schema is read once into a [`model`], content models are compiled ([`content`]), simple
//! types come from [`types`], and [`validate`] checks a document in one pass.

pub mod types;

use super::schema::SchemaGraph;
use crate::error::Result;

/// Elements nest at most this deep; the safety scan refuses deeper documents first.
pub const MAX_DEPTH: u32 = 256;

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

/// Validates XML documents against one compiled schema.
pub trait XsdEngine: Send + Sync {
    /// Every problem of `text`. `Err` when the engine cannot parse the text at all (our own
    /// scanner reports well-formedness first, so this is rare).
    fn validate(&self, text: &str) -> std::result::Result<Vec<EngineError>, EngineError>;

    /// Every problem of a document read from `reader`, in one streaming pass that also makes
    /// the well-formedness and safety checks of [`crate::xml::scan`] (a refused document has
    /// only [`validate::Outcome::refused`]): byte offsets and the records (children of the
    /// root) they are in. `every_record` lists every record, not only those with problems.
    fn validate_stream(
        &self,
        reader: &mut (dyn std::io::BufRead + Send),
        every_record: bool,
    ) -> std::result::Result<validate::Outcome, EngineError>;
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

    fn validate_stream(
        &self,
        reader: &mut (dyn std::io::BufRead + Send),
        every_record: bool,
    ) -> std::result::Result<validate::Outcome, EngineError> {
        let validator = validate::Validator::new(&self.schema);
        let every_record = every_record || self.schema.late_errors();
        let validator = if every_record {
            validator.every_record()
        } else {
            validator
        };
        let reader = quick_xml::reader::NsReader::from_reader(reader);
        // With a second core, reading and parsing run beside the validation.
        if std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
            validator.run_pipelined(reader)
        } else {
            validator.scanning().run_reader(reader)
        }
    }
}
