//! The streaming validator: one pass of `quick-xml` events over the document, a stack of
//! element frames (declaration, type, content-model state, text of simple content), so memory
//! grows with nesting depth, plus the ID table.
//!
//! Here the pass itself (events, errors, records); `elements` the frames, `attributes`,
//! `xsi` (`xsi:type`, `xsi:nil`), `simple` (values of simple content), `ids` and
//! `keys` (ID/IDREF and identity constraints), and `pipeline` the two-thread pass for big
//! documents.
//!
//! Errors are placed where they happen: an unexpected element at its start tag, naming what
//! was expected there; a missing element at the next sibling's start tag or the parent's end
//! tag, naming it. After a content error the model skips what is missing (or the unexpected
//! element), so one cause gives one error.

mod attributes;
mod elements;
mod ids;
mod keys;
mod pipeline;
mod simple;
mod xsi;

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::name::{NamespaceResolver, ResolveResult};
use quick_xml::reader::NsReader;

use super::EngineError;
use super::content::Slot;
use super::model::{ElemId, NameId, Schema, TypeRef};
use crate::source::LineIndex;
use crate::xml::scan::{Problem, Scanner};

/// The XML Schema instance namespace (`xsi:type`, `xsi:nil`…).
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// One error: what is wrong, the byte offset it is reported at, and the record it is in.
#[derive(Debug, Clone)]
pub struct Found {
    /// What is wrong.
    pub message: String,
    /// Byte offset in the document.
    pub offset: u64,
    /// Index in [`Outcome::records`] of the child of the root it is in (`None`: the root's own
    /// tags, or the document as a whole).
    pub record: Option<usize>,
}

impl Found {
    fn new(message: String, offset: u64) -> Self {
        Found {
            message,
            offset,
            record: None,
        }
    }
}

/// A child of the root element, as big files are reported: where it is and its position among
/// the root's children of its name.
#[derive(Debug, Clone, Copy)]
pub struct Record {
    /// Byte offset of its `<`.
    pub start: u64,
    /// Byte offset after its end tag (0 until it ends).
    pub end: u64,
    /// 1-based position among the root's children of its name.
    pub ordinal: usize,
    /// The only child of the root of its name (its path then has no position).
    pub alone: bool,
    name: usize,
}

/// What one pass found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every error, in the order found.
    pub errors: Vec<Found>,
    /// The records errors are in.
    pub records: Vec<Record>,
    /// Why the document was refused before validation ended, when the pass scanned it
    /// ([`Validator::scanning`]): nothing else is reported then.
    pub refused: Option<Problem>,
    /// The root element's name as written, when the pass scanned the document.
    pub root: Option<String>,
}

/// How an element is validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Against its type.
    Typed(TypeRef),
    /// Not at all (a skip wildcard, or an element already reported).
    Skip,
    /// Laxly: children validated when declared.
    Lax,
    /// Strictly, with no declaration: only an `xsi:type` can say how.
    Undeclared,
}

struct Frame {
    /// Byte offset of the start tag: errors about the element's value are reported there.
    start: u64,
    decl: Option<ElemId>,
    mode: Mode,
    slots: Vec<Slot>,
    text: String,
    nil: bool,
    has_children: bool,
    text_reported: bool,
}

/// Validates one document against one schema.
pub struct Validator<'s> {
    schema: &'s Schema,
    frames: Vec<Frame>,
    pool: Vec<Vec<Slot>>,
    /// Text buffers of ended frames, reused.
    texts: Vec<String>,
    /// Which attribute uses an element has, reused from element to element.
    seen_uses: Vec<bool>,
    errors: Vec<Found>,
    /// The child of the root being read, and the records that have errors.
    current_record: Option<Record>,
    /// Every record is listed, not only those with errors (code lists read them all).
    every_record: bool,
    records: Vec<Record>,
    /// How many children of the root of each name went by, by the name's index in
    /// `record_names`.
    ordinals: Vec<usize>,
    /// The names of the root's children, each once, with their index.
    record_names: HashMap<String, usize>,
    /// The namespaces of the document's last names and their index in the schema's names
    /// (`Names::namespace`), most recent last: a document writes few namespaces, over and
    /// over.
    namespaces: Vec<(Option<String>, Option<usize>)>,
    missing: Vec<usize>,
    ids: ids::Ids,
    keys: keys::Keys,
    /// Typed attribute values of the element being started, when identity constraints read them.
    attribute_values: Option<Vec<keys::AttributeValue>>,
    /// The well-formedness and safety checks, when this pass makes them.
    scanner: Option<Scanner>,
    /// What the scanner refused.
    refused: Option<Problem>,
    /// The root element's name as written, as the scan read it.
    root: Option<String>,
}

/// How many namespaces [`Validator::name_of`] remembers.
const RECENT_NAMESPACES: usize = 8;

impl<'s> Validator<'s> {
    /// A validator for `schema`.
    pub fn new(schema: &'s Schema) -> Self {
        Validator {
            schema,
            frames: Vec::new(),
            pool: Vec::new(),
            texts: Vec::new(),
            seen_uses: Vec::new(),
            errors: Vec::new(),
            current_record: None,
            every_record: false,
            records: Vec::new(),
            ordinals: Vec::new(),
            record_names: HashMap::new(),
            namespaces: Vec::new(),
            missing: Vec::new(),
            ids: ids::Ids::default(),
            keys: keys::Keys::default(),
            attribute_values: None,
            scanner: None,
            refused: None,
            root: None,
        }
    }

    /// Checks well-formedness and the safety rules in the same pass ([`crate::xml::scan`]),
    /// for a document that was not scanned before.
    pub fn scanning(mut self) -> Self {
        self.scanner = Some(Scanner::default());
        self
    }

    /// Lists every record in the outcome, not only those with errors.
    pub fn every_record(mut self) -> Self {
        self.every_record = true;
        self
    }

    /// Every error of `text` (already scanned: well-formed and safe), positioned by line and
    /// column.
    pub fn run(self, text: &str) -> Result<Vec<EngineError>, EngineError> {
        let outcome = self.run_reader(NsReader::from_str(text))?;
        if outcome.errors.is_empty() {
            return Ok(Vec::new());
        }
        // Lines are counted only for a document with errors.
        let lines = LineIndex::new(text);
        Ok(outcome
            .errors
            .into_iter()
            .map(|found| {
                let offset = usize::try_from(found.offset).unwrap_or(0).min(text.len());
                let (line, _) = lines.line_col(text, offset);
                // Columns in bytes, as findings place them.
                let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..offset]).map_or(0, |i| i + 1);
                let column = offset - line_start + 1;
                EngineError {
                    message: found.message,
                    line: Some(line),
                    column: Some(column),
                }
            })
            .collect())
    }

    /// Every error of what `reader` reads, in one pass, memory bounded by the nesting depth (and
    /// the ID and identity tables): errors carry byte offsets and the record (child of the
    /// root) they are in.
    pub fn run_reader<R: BufRead>(mut self, mut reader: NsReader<R>) -> Result<Outcome, EngineError> {
        reader
            .resolver_mut()
            .set_max_namespace_bindings(crate::xml::scan::MAX_NAMESPACE_BINDINGS);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let start = reader.buffer_position();
            // Read without resolving, then resolve through the reader's resolver: the name's
            // namespace is then borrowed, not copied, while the event is handled.
            let event = match reader.read_event_into(&mut buf) {
                Ok(event) => event,
                Err(e) if self.scanner.is_some() => {
                    self.refused = Some(Scanner::read_error(e, reader.error_position()));
                    break;
                }
                Err(e) => {
                    return Err(EngineError {
                        message: e.to_string(),
                        line: None,
                        column: None,
                    });
                }
            };
            let resolver = reader.resolver();
            let resolved = match &event {
                Event::Start(e) | Event::Empty(e) => resolver.resolve_element(e.name()).0,
                _ => ResolveResult::Unbound,
            };
            if let Some(scanner) = self.scanner.as_mut() {
                let unbound = match &resolved {
                    ResolveResult::Unknown(prefix) => Some(prefix.as_str()),
                    _ => None,
                };
                if let Err(problem) = scanner.check(unbound, &event, start, reader.buffer_position()) {
                    self.refused = Some(problem);
                    break;
                }
            }
            let ns = match resolved {
                ResolveResult::Bound(ns) => Some(ns.0),
                _ => None,
            };
            if !self.handle(resolver, event, ns, start, reader.buffer_position()) {
                break;
            }
        }
        self.outcome()
    }

    /// Handles one event read from byte `start` to byte `after`, the namespace of an element's
    /// name resolved (`ns`); `false` at the end of the document.
    fn handle(
        &mut self,
        resolver: &NamespaceResolver,
        event: Event<'_>,
        ns: Option<&str>,
        start: u64,
        after: u64,
    ) -> bool {
        match event {
            Event::Start(e) => self.start(resolver, &e, ns, start),
            Event::Empty(e) => {
                self.start(resolver, &e, ns, start);
                self.end(resolver, start, after);
            }
            Event::End(_) => self.end(resolver, start, after),
            Event::Text(t) => self.text(&t.xml10_content(), start),
            Event::CData(c) => self.text(AsRef::<str>::as_ref(&c), start),
            Event::GeneralRef(r) => {
                let mut utf8 = [0u8; 4];
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => &*c.encode_utf8(&mut utf8),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).unwrap_or(""),
                };
                self.text(resolved, start);
            }
            Event::Eof => return false,
            _ => {}
        }
        true
    }

    /// What the pass found, once the document is read.
    fn outcome(mut self) -> Result<Outcome, EngineError> {
        if let Some(refused) = self.refused.take() {
            return Ok(Outcome {
                refused: Some(refused),
                ..Outcome::default()
            });
        }
        let root = match self.scanner.take() {
            Some(scanner) => scanner.finish().root,
            None => self.root.take(),
        };
        self.current_record = None;
        self.ids.finish(&mut self.errors);
        // Errors found late (an IDREF naming no ID, a keyref without its key) belong to the
        // record they point into; every record is listed when such errors can occur.
        for found in self.errors.iter_mut().filter(|f| f.record.is_none()) {
            let i = self.records.partition_point(|r| r.start <= found.offset);
            if let Some(index) = i.checked_sub(1)
                && self.records.get(index).is_some_and(|r| found.offset < r.end)
            {
                found.record = Some(index);
            }
        }
        // Document order (a value is checked at its end tag but reported at its start tag).
        self.errors.sort_by_key(|f| f.offset);
        for record in &mut self.records {
            record.alone = self.ordinals.get(record.name) == Some(&1);
        }
        Ok(Outcome {
            errors: self.errors,
            records: self.records,
            refused: None,
            root,
        })
    }

    fn error(&mut self, at: u64, message: String) {
        let record = self.current_record.map(|r| self.record_with_error(r));
        self.errors.push(Found {
            message,
            offset: at,
            record,
        });
    }

    /// The index in `records` of the current record, added on its first error.
    fn record_with_error(&mut self, record: Record) -> usize {
        if let Some(last) = self.records.last()
            && last.start == record.start
        {
            return self.records.len() - 1;
        }
        self.records.push(record);
        self.records.len() - 1
    }

    fn name_of(&mut self, ns: Option<&str>, local: &str) -> Option<NameId> {
        let namespace = match self.namespaces.iter().rev().find(|(n, _)| n.as_deref() == ns) {
            Some(&(_, index)) => index,
            None => {
                let index = self.schema.names.namespace(ns);
                if self.namespaces.len() == RECENT_NAMESPACES {
                    self.namespaces.remove(0);
                }
                self.namespaces.push((ns.map(str::to_string), index));
                index
            }
        };
        self.schema.names.find_in(namespace?, local)
    }
}

#[cfg(test)]
mod tests;
