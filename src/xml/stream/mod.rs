//! Files of any size. The engine streams by itself, so a big file is read in passes that keep
//! memory flat: one pass that makes the safety checks and validates, noting the byte offset of
//! each error and the record (child of the root) it is in, then, only when there are findings
//! (or code lists to check), a pass that takes the text of those records and places the
//! findings in them exactly as in a whole document.

use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use super::engine::validate::{Outcome, Record};
use super::index::ElementIndex;
use super::{EngineError, XmlSchema, codes, findings};
use crate::error::{Error, Result};
use crate::finding::{Finding, Snippet};

/// Files at least this big are validated as a stream, without being read into memory whole.
pub const THRESHOLD: u64 = 1 << 20;

/// Bytes read at a time.
const BUFFER: usize = 64 << 10;

/// Streams a file.
pub fn check_file(path: &std::path::Path, file: &str, schema: &XmlSchema) -> Result<Vec<Finding>> {
    check_stream(
        &|| crate::source::read_policy::open(path, None).map_err(crate::Error::from),
        file,
        schema,
    )
}

/// Findings for a document in memory: streamed when it is big, like a file.
pub fn check_bytes(bytes: &[u8], file: &str, schema: &XmlSchema) -> Vec<Finding> {
    if bytes.len() as u64 >= THRESHOLD
        && let Ok(findings) = check_stream(&|| Ok(bytes), file, schema)
    {
        return findings;
    }
    super::check_document(bytes, file, schema)
}

/// Findings for a file, whole or streamed: streamed when it is big.
pub fn check_path(path: &std::path::Path, file: &str, schema: &XmlSchema) -> Result<Vec<Finding>> {
    check_path_streaming_from(path, file, schema, THRESHOLD)
}

/// [`check_path`] with files of `threshold` bytes or more streamed. Both ways give the same
/// findings; tests choose the threshold to exercise either way.
pub fn check_path_streaming_from(
    path: &std::path::Path,
    file: &str,
    schema: &XmlSchema,
    threshold: u64,
) -> Result<Vec<Finding>> {
    let size = std::fs::metadata(path).map_err(|e| Error::read(path, e))?.len();
    if size >= threshold {
        return check_file(path, file, schema);
    }
    let bytes = crate::source::read_policy::read(path)?;
    Ok(super::check_document(&bytes, file, schema))
}

/// The passes over what `open` reads (opened once per pass).
fn check_stream<R: Read + Send>(open: &dyn Fn() -> Result<R>, file: &str, schema: &XmlSchema) -> Result<Vec<Finding>> {
    let codes_bound = schema.code_lists.is_some() && !schema.outline.code_lists.is_empty();
    let mut source = BufReader::with_capacity(BUFFER, open()?);
    let outcome = match schema.engine.validate_stream(&mut source, codes_bound) {
        Ok(outcome) => outcome,
        Err(error) => Outcome::default().with_failure(error),
    };
    if let Some(problem) = &outcome.refused {
        let mut cursor = Cursor::new(open()?);
        let line = cursor.line_at(problem.offset)?;
        let (line_number, column) = (line.number, line.column_of(problem.offset));
        let mut finding = super::problem_finding(problem, &line.text, file, 0);
        finding.line = Some(line_number);
        finding.column = Some(column);
        return Ok(vec![finding]);
    }
    if outcome.errors.is_empty() && !codes_bound {
        return Ok(Vec::new());
    }
    let root = outcome.root.clone().unwrap_or_default();
    place(Cursor::new(open()?), &outcome, &root, file, schema, codes_bound)
}

trait WithFailure {
    fn with_failure(self, error: EngineError) -> Outcome;
}

impl WithFailure for Outcome {
    /// An outcome holding only a read failure, reported at the start of the document.
    fn with_failure(mut self, error: EngineError) -> Outcome {
        self.errors.push(super::engine::validate::Found {
            message: error.message,
            offset: 0,
            record: None,
        });
        self
    }
}

/// Findings for the errors of `outcome`, each placed in the text of its record.
fn place<R: Read>(
    mut cursor: Cursor<R>,
    outcome: &Outcome,
    root: &str,
    file: &str,
    schema: &XmlSchema,
    codes_bound: bool,
) -> Result<Vec<Finding>> {
    let base = format!("/{root}");
    let mut found = Vec::new();
    // Errors of the root's own tags, in document order with the records.
    let mut outside: Vec<&super::engine::validate::Found> =
        outcome.errors.iter().filter(|e| e.record.is_none()).collect();
    outside.sort_by_key(|e| e.offset);
    let mut next_outside = outside.into_iter().peekable();
    // The errors of each record, in the order found: one pass over the errors, not one per record.
    let mut by_record: Vec<&super::engine::validate::Found> =
        outcome.errors.iter().filter(|e| e.record.is_some()).collect();
    by_record.sort_by_key(|e| e.record);
    let mut by_record = by_record.into_iter().peekable();
    let mut errors = Vec::new();
    for (index, record) in outcome.records.iter().enumerate() {
        while let Some(error) = next_outside.next_if(|e| e.offset < record.start) {
            found.extend(outside_finding(&mut cursor, error, &base, file, schema)?);
        }
        errors.clear();
        while by_record.next_if(|e| e.record < Some(index)).is_some() {}
        while let Some(error) = by_record.next_if(|e| e.record == Some(index)) {
            errors.push(error);
        }
        if errors.is_empty() && !codes_bound {
            continue;
        }
        found.extend(record_findings(&mut cursor, record, &errors, &base, file, schema)?);
    }
    for error in next_outside {
        found.extend(outside_finding(&mut cursor, error, &base, file, schema)?);
    }
    Ok(found)
}

fn context<'a>(file: &'a str, first_line: usize, schema: &'a XmlSchema) -> findings::Context<'a> {
    findings::Context {
        file,
        first_line,
        standard: schema.label.as_deref(),
        outline: &schema.outline,
    }
}

/// The findings of one record: its text (indented to its column, so columns stay exact),
/// indexed with the root as base and the record's position among its same-named siblings.
fn record_findings<R: Read>(
    cursor: &mut Cursor<R>,
    record: &Record,
    errors: &[&super::engine::validate::Found],
    base: &str,
    file: &str,
    schema: &XmlSchema,
) -> Result<Vec<Finding>> {
    let (first_line, column, bytes) = cursor.take(record.start, record.end)?;
    let mut text = " ".repeat(column.saturating_sub(1));
    let indent = text.len();
    text.push_str(&String::from_utf8_lossy(&bytes));
    let index = ElementIndex::build(&text, base, (!record.alone).then_some(record.ordinal));
    let relative: Vec<EngineError> = errors
        .iter()
        .map(|e| {
            let offset = usize::try_from(e.offset.saturating_sub(record.start)).unwrap_or(0) + indent;
            let offset = offset.min(text.len());
            let (line, _) = index.line_col(&text, offset);
            let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..offset]).map_or(0, |i| i + 1);
            EngineError {
                message: e.message.clone(),
                line: Some(line),
                column: Some(offset - line_start + 1),
            }
        })
        .collect();
    let cx = context(file, first_line, schema);
    let mut out = findings::describe(&relative, &text, &index, &cx);
    out.extend(codes::check(&text, &index, &cx, schema));
    findings::keep_nearby_lines(&mut out, &text, first_line);
    Ok(out)
}

/// A finding of the root's own start or end tag (or of the document as a whole).
fn outside_finding<R: Read>(
    cursor: &mut Cursor<R>,
    error: &super::engine::validate::Found,
    base: &str,
    file: &str,
    schema: &XmlSchema,
) -> Result<Option<Finding>> {
    let line = cursor.line_at(error.offset)?;
    let column = line.column_of(error.offset);
    let rule = &crate::rules::SCHEMA_VIOLATION;
    let mut finding = Finding::new(rule.code, rule.severity, rule.kind, file, error.message.clone());
    finding.pointer = Some(base.to_string());
    finding.line = Some(line.number);
    finding.column = Some(column);
    finding.standard = schema.label.as_deref().map(str::to_string);
    let start = usize::try_from(error.offset.saturating_sub(line.start))
        .unwrap_or(0)
        .min(line.text.len());
    finding.snippet = Some(Snippet {
        text: Arc::from(line.text.as_str()),
        first_line: line.number - 1,
        span: (start, (start + 1).min(line.text.len())),
    });
    Ok(Some(finding))
}

/// One line of the source.
struct Line {
    /// 1-based.
    number: usize,
    /// Byte offset of its first byte.
    start: u64,
    text: String,
}

impl Line {
    /// 1-based column (in characters) of an offset on this line.
    fn column_of(&self, offset: u64) -> usize {
        let within = usize::try_from(offset.saturating_sub(self.start))
            .unwrap_or(0)
            .min(self.text.len());
        self.text.as_bytes()[..within]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count()
            + 1
    }
}

/// Reads the source forward once, counting lines, and hands out the text of byte ranges.
struct Cursor<R: Read> {
    source: BufReader<R>,
    /// Bytes consumed.
    offset: u64,
    /// Lines ended before `offset`.
    newlines: usize,
    /// The bytes of the current line before `offset`.
    line_so_far: Vec<u8>,
}

impl<R: Read> Cursor<R> {
    fn new(source: R) -> Self {
        Cursor {
            source: BufReader::with_capacity(BUFFER, source),
            offset: 0,
            newlines: 0,
            line_so_far: Vec::new(),
        }
    }

    /// Moves to `to`, keeping the consumed bytes when `keep` is given.
    fn advance(&mut self, to: u64, mut keep: Option<&mut Vec<u8>>) -> Result<()> {
        while self.offset < to {
            let chunk = self
                .source
                .fill_buf()
                .map_err(|e| Error::read(std::path::Path::new("payload"), e))?;
            if chunk.is_empty() {
                break;
            }
            let take = chunk.len().min(usize::try_from(to - self.offset).unwrap_or(usize::MAX));
            let bytes = &chunk[..take];
            if let Some(kept) = keep.as_deref_mut() {
                kept.extend_from_slice(bytes);
            }
            match memchr::memrchr(b'\n', bytes) {
                Some(last) => {
                    self.newlines += memchr::memchr_iter(b'\n', bytes).count();
                    self.line_so_far.clear();
                    self.line_so_far.extend_from_slice(&bytes[last + 1..]);
                }
                None => self.line_so_far.extend_from_slice(bytes),
            }
            self.offset += take as u64;
            self.source.consume(take);
        }
        Ok(())
    }

    /// The 0-based line and 1-based column of `start`, and the bytes from `start` to `end`.
    fn take(&mut self, start: u64, end: u64) -> Result<(usize, usize, Vec<u8>)> {
        self.advance(start, None)?;
        let column = String::from_utf8_lossy(&self.line_so_far).chars().count() + 1;
        let line = self.newlines;
        let mut bytes = Vec::new();
        self.advance(end.max(start), Some(&mut bytes))?;
        Ok((line, column, bytes))
    }

    /// The whole line holding `offset`.
    fn line_at(&mut self, offset: u64) -> Result<Line> {
        self.advance(offset, None)?;
        let start = offset - self.line_so_far.len() as u64;
        let number = self.newlines + 1;
        let mut text = self.line_so_far.clone();
        let mut rest = Vec::new();
        loop {
            let chunk = self
                .source
                .fill_buf()
                .map_err(|e| Error::read(std::path::Path::new("payload"), e))?;
            if chunk.is_empty() {
                break;
            }
            match memchr::memchr(b'\n', chunk) {
                Some(end) => {
                    rest.extend_from_slice(&chunk[..end]);
                    break;
                }
                None => {
                    rest.extend_from_slice(chunk);
                    let len = chunk.len();
                    // The rest of a very long line is not needed for a snippet.
                    if rest.len() > BUFFER {
                        break;
                    }
                    self.advance(self.offset + len as u64, None)?;
                    rest.clear();
                    text = self.line_so_far.clone();
                }
            }
        }
        text.extend_from_slice(&rest);
        Ok(Line {
            number,
            start,
            text: String::from_utf8_lossy(&text).into_owned(),
        })
    }
}
