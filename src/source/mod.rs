//! Documents with positions: the text, and an index from JSON Pointer to byte spans.
//!
//! Position mapping is only done for documents that have findings, so the valid path stays
//! a plain parse and validate.

pub mod inputs;
mod json_index;
mod line_index;
mod plain_numbers;
pub mod printable;
pub mod read_policy;
mod toml_index;
mod yaml_index;

pub use json_index::{DuplicateKey, JsonIndex, escape_pointer_token};
pub use line_index::{LineCursor, LineIndex};
pub use plain_numbers::PlainNumbers;
pub use toml_index::{TomlDocument, check_toml_against_schema, parse_toml};
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

/// Decodes `%XX` escapes of a URI part (invalid escapes stay as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = || {
            bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match (bytes[i], if bytes[i] == b'%' { hex() } else { None }) {
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
