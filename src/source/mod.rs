//! Documents with positions: the text, and an index from JSON Pointer to byte spans.
//!
//! Position mapping is only done for documents that have findings, so the valid path stays
//! a plain parse and validate.

mod json_index;
mod line_index;
mod toml_index;
mod yaml_index;

pub use json_index::{DuplicateKey, JsonIndex, escape_pointer_token};
pub use line_index::LineIndex;
pub use toml_index::{TomlDocument, parse_toml};
pub use yaml_index::{YamlError, parse_yaml};

/// Parses a JSON document (a schema, a description) whose errors are tool errors: the error
/// points at the line and column in the file. A byte order mark is accepted.
pub fn parse_json_document(name: &str, text: &str) -> crate::Result<serde_json::Value> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        let at = LineIndex::new(text).offset_of(text, e.line(), e.column());
        crate::Error::at(
            name,
            text,
            at..at,
            format!("{name} is not valid JSON"),
            e.to_string(),
            None,
        )
    })
}

/// Where a value sits in its document: byte range of the value, and of its key when it is a
/// member of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpan {
    /// First byte of the value.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Byte range of the member's key (with quotes), when the value is an object member.
    pub key: Option<(usize, usize)>,
}
