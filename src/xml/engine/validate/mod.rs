//! The streaming validator: one pass of `quick-xml` events over the document, a stack of
//! element frames (declaration, type, content-model state, text of simple content), so memory
//! grows with nesting depth, plus the ID table.
//!
//! Errors are placed where they happen: an unexpected element at its start tag, naming what
//! was expected there; a missing element at the next sibling's start tag or the parent's end
//! tag, naming it. After a content error the model skips what is missing (or the unexpected
//! element), so one cause gives one error.

mod attributes;
mod ids;
mod keys;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceResolver, QName, ResolveResult};
use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::reader::NsReader;

use super::EngineError;
use super::content::{Hit, Incoming, Slot};
use super::model::{Content, ElemId, NameId, Names, Process, Schema, TypeRef, deriv};
use super::types::{Namespaces, SimpleType, Value, Variety as TypeVariety};
use crate::source::LineIndex;

/// The XML Schema instance namespace (`xsi:type`, `xsi:nil`…).
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Characters of a value the simple types quote in their messages.
const QUOTED_VALUE: usize = 60;

/// Text of one element kept for its value, at most: a bound on memory for hostile documents.
const MAX_VALUE: usize = 1 << 20;

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
    errors: Vec<Found>,
    /// The child of the root being read, and the records that have errors.
    current_record: Option<Record>,
    /// Every record is listed, not only those with errors (code lists read them all).
    every_record: bool,
    records: Vec<Record>,
    /// How many children of the root of each name went by.
    ordinals: HashMap<String, usize>,
    /// The names of the root's children, each once.
    record_names: Vec<String>,
    key: String,
    missing: Vec<usize>,
    ids: ids::Ids,
    keys: keys::Keys,
    /// Typed attribute values of the element being started, when identity constraints read them.
    attribute_values: Option<Vec<keys::AttributeValue>>,
}

impl<'s> Validator<'s> {
    /// A validator for `schema`.
    pub fn new(schema: &'s Schema) -> Self {
        Validator {
            schema,
            frames: Vec::new(),
            pool: Vec::new(),
            errors: Vec::new(),
            current_record: None,
            every_record: false,
            records: Vec::new(),
            ordinals: HashMap::new(),
            record_names: Vec::new(),
            key: String::new(),
            missing: Vec::new(),
            ids: ids::Ids::default(),
            keys: keys::Keys::default(),
            attribute_values: None,
        }
    }

    /// Lists every record in the outcome, not only those with errors.
    pub fn every_record(mut self) -> Self {
        self.every_record = true;
        self
    }

    /// Every error of `text` (already scanned: well-formed and safe), positioned by line and
    /// column.
    pub fn run(self, text: &str) -> Result<Vec<EngineError>, EngineError> {
        let lines = LineIndex::new(text);
        let outcome = self.run_reader(NsReader::from_str(text))?;
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
        let mut ns_buf = String::new();
        loop {
            buf.clear();
            let start = reader.buffer_position();
            let (ns, event) = reader.read_resolved_event_into(&mut buf).map_err(|e| EngineError {
                message: e.to_string(),
                line: None,
                column: None,
            })?;
            let ns = match ns {
                ResolveResult::Bound(ns) => {
                    ns_buf.clear();
                    ns_buf.push_str(ns.0);
                    Some(ns_buf.as_str())
                }
                _ => None,
            };
            let resolver = reader.resolver();
            match event {
                Event::Start(e) => self.start(resolver, &e, ns, start),
                Event::Empty(e) => {
                    self.start(resolver, &e, ns, start);
                    self.end(resolver, start, reader.buffer_position());
                }
                Event::End(_) => self.end(resolver, start, reader.buffer_position()),
                Event::Text(t) => self.text(&t.xml10_content(), start),
                Event::CData(c) => self.text(AsRef::<str>::as_ref(&c), start),
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => quick_xml::escape::resolve_predefined_entity(&r)
                            .unwrap_or("")
                            .to_string(),
                    };
                    self.text(&resolved, start);
                }
                Event::Eof => break,
                _ => {}
            }
        }
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
            record.alone = self
                .ordinals
                .get(&self.record_names[record.name])
                .is_some_and(|&n| n == 1);
        }
        Ok(Outcome {
            errors: self.errors,
            records: self.records,
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
        Names::key_into(&mut self.key, ns, local);
        self.schema.names.find(&self.key)
    }

    fn start(&mut self, resolver: &NamespaceResolver, e: &BytesStart<'_>, ns: Option<&str>, at: u64) {
        let local = e.local_name().into_inner().to_string();
        let name = self.name_of(ns, &local);
        let incoming = Incoming { name, ns };
        let written = e.name().0.to_string();
        if self.frames.len() == 1 {
            let count = self.ordinals.entry(written.clone()).or_insert(0);
            *count += 1;
            let name = match self.record_names.iter().position(|n| *n == written) {
                Some(i) => i,
                None => {
                    self.record_names.push(written.clone());
                    self.record_names.len() - 1
                }
            };
            let record = Record {
                start: at,
                end: 0,
                ordinal: *count,
                alone: false,
                name,
            };
            self.current_record = Some(record);
            if self.every_record {
                self.record_with_error(record);
            }
        }
        let global = name.and_then(|n| self.schema.global_elements.get(&n).copied());
        let (decl, mode) = match self.frames.last_mut() {
            None => match global {
                Some(d) => (Some(d), self.decl_mode(d)),
                None => (None, Mode::Undeclared),
            },
            Some(parent) => {
                parent.has_children = true;
                match parent.mode {
                    Mode::Skip | Mode::Undeclared => (None, Mode::Skip),
                    Mode::Lax => match global {
                        Some(d) => (Some(d), self.decl_mode(d)),
                        None => (None, Mode::Lax),
                    },
                    Mode::Typed(ty) => self.child(ty, incoming, &written, global, at),
                }
            }
        };
        let mut frame = Frame {
            start: at,
            decl,
            mode,
            slots: self.pool.pop().unwrap_or_default(),
            text: String::new(),
            nil: false,
            has_children: false,
            text_reported: false,
        };
        let identity = decl
            .and_then(|d| self.schema.elements.get(d))
            .map_or(&[][..], |d| d.identity.as_slice());
        self.attribute_values = self.keys.wanted(identity).then(Vec::new);
        let mode = match mode {
            Mode::Undeclared | Mode::Lax if has_xsi_type(resolver, e) => Mode::Typed(TypeRef::AnyType),
            Mode::Undeclared => {
                let message = if self.frames.is_empty() {
                    format!("no declaration for the root element <{written}> in the schema")
                } else {
                    format!("no declaration for <{written}>, which the wildcard here requires")
                };
                self.error(at, message);
                Mode::Skip
            }
            mode => mode,
        };
        frame.mode = mode;
        if let Mode::Typed(ty) = mode {
            let ty = self.xsi_and_attributes(resolver, e, decl, ty, &mut frame, &written, at);
            frame.mode = ty;
            if let Mode::Typed(ty) = frame.mode
                && let Some(model) = self.schema.content_model(ty)
            {
                model.start(&mut frame.slots);
            }
        }
        let identity = decl
            .and_then(|d| self.schema.elements.get(d))
            .map_or(&[][..], |d| d.identity.as_slice());
        let before = self.errors.len();
        if self.keys.wanted(identity) {
            let attributes = self.attribute_values.take().unwrap_or_default();
            let name = (ns.map(str::to_string), local);
            let depth = self.frames.len();
            self.keys
                .start(self.schema, depth, name, identity, &attributes, at, &mut self.errors);
        }
        self.adopt(before);
        self.frames.push(frame);
    }

    /// Errors pushed since `from` by the ID and identity tables belong to the current record.
    fn adopt(&mut self, from: usize) {
        let Some(current) = self.current_record else { return };
        for i in from..self.errors.len() {
            if self.errors[i].record.is_none() && self.errors[i].offset >= current.start {
                let index = self.record_with_error(current);
                self.errors[i].record = Some(index);
            }
        }
    }

    fn decl_mode(&self, decl: ElemId) -> Mode {
        self.schema.elements.get(decl).map_or(Mode::Skip, |d| Mode::Typed(d.ty))
    }

    /// The declaration and mode of a child of an element of type `ty`.
    fn child(
        &mut self,
        ty: TypeRef,
        incoming: Incoming<'_>,
        written: &str,
        global: Option<ElemId>,
        at: u64,
    ) -> (Option<ElemId>, Mode) {
        let schema = self.schema;
        let complex = match ty {
            TypeRef::AnyType => {
                return match global {
                    Some(d) => (Some(d), self.decl_mode(d)),
                    None => (None, Mode::Lax),
                };
            }
            TypeRef::Simple(_) => None,
            TypeRef::Complex(c) => schema.complex.get(c),
        };
        let Some(model) = complex.and_then(|_| schema.content_model(ty)) else {
            let Some(frame) = self.frames.last_mut() else {
                return (None, Mode::Skip);
            };
            if !frame.text_reported {
                frame.text_reported = true;
                self.error(
                    at,
                    format!("<{written}> is not allowed here: the element's type allows no child elements"),
                );
            }
            return (None, Mode::Skip);
        };
        let mut slots = self
            .frames
            .last_mut()
            .map(|f| std::mem::take(&mut f.slots))
            .unwrap_or_default();
        self.missing.clear();
        let mut hit = model.step(&mut slots, incoming, false, &mut self.missing);
        if hit.is_none() {
            let mut trial = slots.clone();
            if let Some(found) = model.step(&mut trial, incoming, true, &mut self.missing) {
                let names = self.leaf_names(ty, &self.missing.clone());
                self.error(at, format!("missing {names} before <{written}>"));
                slots = trial;
                hit = Some(found);
            } else {
                let mut expected = Vec::new();
                model.expected(&slots, &mut expected);
                let names = self.leaf_names(ty, &expected);
                let message = if expected.is_empty() {
                    format!("<{written}> is not expected here: nothing more may come at this point")
                } else {
                    format!("<{written}> is not expected here; expected {names}")
                };
                self.error(at, message);
            }
        }
        let result = match hit {
            Some(Hit::Element(d)) => (Some(d), self.decl_mode(d)),
            Some(Hit::Any(w)) => match (w.process, global) {
                (Process::Skip, _) => (None, Mode::Skip),
                (_, Some(d)) => (Some(d), self.decl_mode(d)),
                (Process::Lax, None) => (None, Mode::Lax),
                (Process::Strict, None) => (None, Mode::Undeclared),
            },
            None => match global {
                Some(d) => (Some(d), self.decl_mode(d)),
                None => (None, Mode::Skip),
            },
        };
        if let Some(frame) = self.frames.last_mut() {
            frame.slots = slots;
        }
        result
    }

    /// `one of <a>, <b>` for leaves of the model of `ty`.
    fn leaf_names(&self, ty: TypeRef, leaves: &[usize]) -> String {
        let Some(model) = self.schema.content_model(ty) else {
            return String::new();
        };
        let mut names: Vec<String> = Vec::new();
        for &leaf in leaves {
            let (elements, wildcard) = model.leaf(leaf);
            // A substitution group is named by its head, the first declared.
            if let Some((name, _)) = elements
                .iter()
                .find(|(_, d)| {
                    self.schema
                        .elements
                        .get(*d)
                        .is_some_and(|decl| decl.head.is_none() || elements.len() == 1)
                })
                .or(elements.first())
            {
                names.push(format!("<{}>", self.schema.display(*name)));
            }
            if wildcard.is_some() {
                names.push("any element the wildcard allows".into());
            }
        }
        names.dedup();
        match names.len() {
            0 => "nothing".into(),
            1 => names.remove(0),
            _ => format!("one of {}", names.join(", ")),
        }
    }

    fn text(&mut self, text: &str, at: u64) {
        let schema = self.schema;
        let Some(frame) = self.frames.last_mut() else { return };
        let element_only = match frame.mode {
            Mode::Typed(TypeRef::Complex(c)) => match schema.complex.get(c).map(|c| &c.content) {
                Some(Content::Elements { mixed, .. }) => !mixed,
                Some(Content::Empty) => true,
                _ => false,
            },
            _ => false,
        };
        if element_only {
            if !frame.text_reported && !text.trim().is_empty() {
                frame.text_reported = true;
                // At the text itself, after the white space before it.
                let blank = (text.len() - text.trim_start().len()) as u64;
                self.error(at + blank, super::super::findings::STRAY_TEXT.to_string());
            }
            return;
        }
        if frame.text.len() + text.len() <= MAX_VALUE {
            frame.text.push_str(text);
        }
    }

    fn end(&mut self, resolver: &NamespaceResolver, at: u64, after: u64) {
        let Some(frame) = self.frames.pop() else { return };
        let before = self.errors.len();
        let value = match frame.mode {
            Mode::Typed(ty) => self.finish(resolver, &frame, ty, at),
            _ => None,
        };
        let depth = self.frames.len();
        self.keys.end(self.schema, depth, value, at, &mut self.errors);
        self.adopt(before);
        if depth == 1 {
            if let (Some(current), Some(last)) = (&self.current_record, self.records.last_mut())
                && last.start == current.start
            {
                last.end = after;
            }
            self.current_record = None;
        }
        let mut slots = frame.slots;
        slots.clear();
        self.pool.push(slots);
    }

    /// Checks an ending element; its typed simple value, if it has one.
    fn finish(&mut self, resolver: &NamespaceResolver, frame: &Frame, ty: TypeRef, at: u64) -> Option<keys::Field> {
        let schema = self.schema;
        let name = frame
            .decl
            .and_then(|d| schema.elements.get(d))
            .map_or_else(String::new, |d| schema.display(d.name));
        if frame.nil {
            if frame.has_children || !frame.text.trim().is_empty() {
                self.error(
                    frame.start,
                    format!("<{name}> has xsi:nil=\"true\" and so must be empty"),
                );
            }
            return None;
        }
        if let Some(model) = schema.content_model(ty)
            && !model.complete(&frame.slots)
        {
            let mut required = Vec::new();
            model.required(&frame.slots, &mut required);
            let names = self.leaf_names(ty, &required);
            self.error(
                at,
                format!("<{name}> is incomplete: missing {names} before its end tag"),
            );
        }
        let value_constraint = frame
            .decl
            .and_then(|d| schema.elements.get(d))
            .and_then(|d| d.value.as_ref());
        let simple = simple_of(schema, ty);
        let defaulted = frame.text.is_empty() && !frame.has_children && value_constraint.is_some();
        let value = match simple {
            Some(simple) if !defaulted => {
                self.ids
                    .value(schema, simple, &frame.text, frame.start, &mut self.errors);
                self.check_value(
                    resolver,
                    simple,
                    &frame.text,
                    &format!("<{name}>: value {{v}}"),
                    frame.start,
                )
            }
            _ => None,
        };
        if defaulted
            && let Some(default) = value_constraint
            && let Some(s) = simple
        {
            // The default (or fixed) value stands for the empty element: it must be valid for
            // the element's actual type (an xsi:type may have changed it).
            let bindings: Vec<(String, String)> = default
                .scope
                .iter()
                .map(|(p, n)| (p.to_string(), n.to_string()))
                .collect();
            if let Some(Err(error)) = schema.simple.get(s).map(|t| t.def.validate(&default.text, &bindings)) {
                self.error(frame.start, format!("<{name}> (its default value): {}", error.message));
            }
        }
        if value_constraint.is_some_and(|v| v.fixed) && frame.has_children {
            self.error(
                frame.start,
                format!("<{name}> has a fixed value and so may hold no elements"),
            );
        }
        if let Some(fixed) = value_constraint.filter(|v| v.fixed)
            && !frame.has_children
            && !defaulted
        {
            let expected = simple.and_then(|s| schema.simple.get(s)).and_then(|s| {
                let bindings: Vec<(String, String)> = fixed
                    .scope
                    .iter()
                    .map(|(p, n)| (p.to_string(), n.to_string()))
                    .collect();
                s.def.validate(&fixed.text, &bindings).ok()
            });
            let differs = match (&value, expected) {
                (Some(v), Some(e)) => *v != e,
                _ => collapse(&frame.text) != collapse(&fixed.text),
            };
            if differs {
                self.error(
                    frame.start,
                    format!(
                        "<{name}> must have the fixed value '{}', not '{}'",
                        fixed.text,
                        frame.text.trim()
                    ),
                );
            }
        }
        if !self.keys.active() {
            return None;
        }
        if defaulted {
            let default = value_constraint?;
            let def = &schema.simple.get(simple?)?.def;
            let bindings: Vec<(String, String)> = default
                .scope
                .iter()
                .map(|(p, n)| (p.to_string(), n.to_string()))
                .collect();
            return def
                .validate(&default.text, &bindings)
                .ok()
                .map(|v| (v, default.text.clone()));
        }
        value.map(|v| (v, frame.text.clone()))
    }
}

/// The simple type of an element's content, for simple types and simple content.
fn simple_of(schema: &Schema, ty: TypeRef) -> Option<super::model::SimpleId> {
    match ty {
        TypeRef::Simple(s) => Some(s),
        TypeRef::Complex(c) => match schema.complex.get(c).map(|c| &c.content) {
            Some(Content::Simple(s)) => Some(*s),
            _ => None,
        },
        TypeRef::AnyType => None,
    }
}

/// Whether the element has an `xsi:type` attribute.
fn has_xsi_type(resolver: &NamespaceResolver, e: &BytesStart<'_>) -> bool {
    e.attributes().flatten().any(|a| {
        let (ns, local) = resolver.resolve_attribute(a.key);
        local.into_inner() == "type" && matches!(ns, ResolveResult::Bound(ns) if ns.0 == XSI)
    })
}

/// A simple type's message with the value it starts by replaced by `it`.
fn strip_value(message: &str) -> String {
    if let Some(rest) = message.strip_prefix('\'')
        && let Some(end) = rest.find("' ")
    {
        return format!("it {}", &rest[end + 2..]);
    }
    message.to_string()
}

/// The instance's namespace bindings, for QName values.
struct InstanceNamespaces<'r>(&'r NamespaceResolver);

impl Namespaces for InstanceNamespaces<'_> {
    fn resolve(&self, prefix: &str) -> Option<&str> {
        // A name with the prefix resolves like an element name: the default namespace for "".
        let probe = if prefix.is_empty() {
            "x".to_string()
        } else {
            format!("{prefix}:x")
        };
        match self.0.resolve_element(QName(&probe)).0 {
            ResolveResult::Bound(ns) => Some(ns.0),
            _ => None,
        }
    }
}

impl Validator<'_> {
    /// Why a value is not valid, as `is not valid: it is …`: a union names its members, a list
    /// the item that fails.
    fn reason(&self, def: &SimpleType, text: &str, message: &str) -> String {
        let because = match def.variety() {
            TypeVariety::Union(members) => format!(
                "it is none of the member types of the union {} ({})",
                def.display_name(),
                members
                    .iter()
                    .map(|m| m.display_name().replace("an anonymous restriction", "a restriction"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TypeVariety::List(item) => {
                let failing = text
                    .split_whitespace()
                    .find(|i| item.validate(i, &crate::xml::engine::types::NoNamespaces).is_err());
                match failing {
                    Some(bad) => {
                        let inner = self.reason(item, bad, "");
                        let inner = inner.strip_prefix("is not valid: it ").unwrap_or(inner.as_str());
                        format!("its item '{bad}' {inner}")
                    }
                    None => strip_value(message),
                }
            }
            TypeVariety::Atomic(_) => strip_value(message),
        };
        format!("is not valid: {because}")
    }

    /// Checks a value of simple type `ty`; its typed value when valid.
    fn check_value(
        &mut self,
        resolver: &NamespaceResolver,
        ty: super::model::SimpleId,
        text: &str,
        subject: &str,
        at: u64,
    ) -> Option<Value> {
        let def = &self.schema.simple.get(ty)?.def;
        match def.validate(text, &InstanceNamespaces(resolver)) {
            Ok(value) => Some(value),
            Err(error) => {
                let reason = self.reason(def, text, &error.message);
                let quoted = crate::xml::engine::types::quote(text.trim());
                // A long value is quoted clipped; say how much was left out, as findings do.
                let length = text.trim().chars().count();
                let left_out = if length > QUOTED_VALUE {
                    format!(" ({} more characters)", length - QUOTED_VALUE)
                } else {
                    String::new()
                };
                self.error(
                    at,
                    format!("{} {reason}{left_out}", subject.replacen("{v}", &quoted, 1)),
                );
                None
            }
        }
    }
}

/// White space collapsed, for comparisons of fixed values.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Validator<'_> {
    /// Reads `xsi:type` and `xsi:nil` and checks the attributes; the mode the element is then
    /// validated in.
    #[allow(clippy::too_many_arguments)]
    fn xsi_and_attributes(
        &mut self,
        resolver: &NamespaceResolver,
        e: &BytesStart<'_>,
        decl: Option<ElemId>,
        declared: TypeRef,
        frame: &mut Frame,
        written: &str,
        at: u64,
    ) -> Mode {
        let schema = self.schema;
        let decl_info = decl.and_then(|d| schema.elements.get(d));
        if decl_info.is_some_and(|d| d.is_abstract) {
            self.error(
                at,
                format!("<{written}> is declared abstract: use a member of its substitution group"),
            );
        }
        let mut ty = declared;
        let mut nil = None;
        for attribute in e.attributes().flatten() {
            let (resolved, local) = resolver.resolve_attribute(attribute.key);
            let is_xsi = matches!(resolved, ResolveResult::Bound(ns) if ns.0 == XSI);
            if !is_xsi {
                continue;
            }
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            match local.into_inner() {
                "type" => {
                    let value = value.trim();
                    let (prefix, name_local) = value.split_once(':').unwrap_or(("", value));
                    let ns = match resolver
                        .resolve_element(quick_xml::name::QName(if prefix.is_empty() {
                            name_local
                        } else {
                            value
                        }))
                        .0
                    {
                        ResolveResult::Bound(ns) => Some(ns.0.to_string()),
                        _ => None,
                    };
                    let found = self
                        .name_of(ns.as_deref(), name_local)
                        .and_then(|n| schema.types.get(&n).copied().or_else(|| builtin_named(schema, n)));
                    let Some(found) = found else {
                        self.error(at, format!("xsi:type '{value}' names no type of the schema"));
                        return Mode::Skip;
                    };
                    let blocked = decl_info.map_or(0, |d| d.block)
                        | match declared {
                            TypeRef::Complex(c) => schema.complex.get(c).map_or(0, |c| c.block),
                            _ => 0,
                        };
                    if !schema.derives(found, declared, blocked & (deriv::EXTENSION | deriv::RESTRICTION)) {
                        self.error(
                            at,
                            match declared {
                                TypeRef::Simple(d) => format!(
                                    "xsi:type '{value}' does not derive from its declared type '{}'",
                                    schema.simple.get(d).map_or_else(String::new, |t| t.def.display_name())
                                ),
                                _ => format!("xsi:type '{value}' is not derived from the declared element type"),
                            },
                        );
                        return Mode::Skip;
                    }
                    if let TypeRef::Complex(c) = found
                        && schema.complex.get(c).is_some_and(|c| c.is_abstract)
                    {
                        self.error(at, format!("xsi:type '{value}' is an abstract type"));
                        return Mode::Skip;
                    }
                    ty = found;
                }
                "nil" => nil = Some(matches!(value.trim(), "true" | "1")),
                _ => {}
            }
        }
        if let TypeRef::Complex(c) = ty
            && ty == declared
            && schema.complex.get(c).is_some_and(|c| c.is_abstract)
        {
            self.error(
                at,
                format!(
                    "<{written}>: its type '{}' is abstract: name a derived type with xsi:type",
                    schema.type_name(ty)
                ),
            );
        }
        // cvc-elt 3.1: a declaration that is not nillable admits no xsi:nil at all, even "false".
        if let Some(is_nil) = nil {
            if !decl_info.is_some_and(|d| d.nillable) {
                let written_nil = if is_nil { "true" } else { "false" };
                self.error(
                    at,
                    format!("<{written}> is not nillable, yet has xsi:nil=\"{written_nil}\""),
                );
            } else if is_nil {
                frame.nil = true;
                if decl_info.is_some_and(|d| d.value.as_ref().is_some_and(|v| v.fixed)) {
                    self.error(at, format!("<{written}> has a fixed value and may not be nil"));
                }
            }
        }
        self.attributes(resolver, e, ty, written, at);
        Mode::Typed(ty)
    }
}

fn builtin_named(schema: &Schema, name: NameId) -> Option<TypeRef> {
    if schema.names.ns(name) != Some(super::model::tree::XSD) {
        return None;
    }
    if schema.names.local(name) == "anyType" {
        return Some(TypeRef::AnyType);
    }
    schema
        .simple
        .iter()
        .position(|s| s.name == Some(name))
        .map(TypeRef::Simple)
}

#[cfg(test)]
mod tests;
