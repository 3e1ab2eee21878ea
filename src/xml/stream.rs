//! Files of any size. The engine builds a whole document in memory and its error positions
//! cost more the further into the document they are, so a big file is cut into its root's
//! children (the records) as `quick-xml` streams it, and the records are validated in batches
//! against a wrapper schema: the real schema plus one global element whose content is any
//! sequence of the root's element particles. Each record is validated against its own
//! declaration, the root's content model (order and counts of its children) is checked here,
//! and the root's attributes against the real schema. Only the current record and batch are in
//! memory; positions are exact because each record keeps its column and its line is counted
//! from the bytes that went by.

use quick_xml::reader::NsReader;
use rayon::prelude::*;
use std::io::{BufReader, Read};

use super::findings::{self, Context};
use super::identity::{self, Contribution};
use super::index::ElementIndex;
use super::outline::RootModel;
use super::scan::{self, Visit};
use super::{EngineError, Uppsala, XmlSchema, XsdEngine, codes, complement, problem_finding};
use crate::error::{Error, Result};
use crate::report::Finding;
use crate::rules;

/// Files at least this big are validated record by record.
pub const THRESHOLD: u64 = 8 << 20;

/// Bytes of records per batch handed to the engine.
const BATCH_BYTES: usize = 256 << 10;

/// The name of the wrapper element of the record schema.
const WRAPPER: &str = "nifcheck-records";

/// An engine for the children of one root element.
pub struct RecordEngine {
    engine: Uppsala,
    model: RootModel,
}

impl RecordEngine {
    /// Compiles the wrapper schema for a root.
    pub fn build(graph: &super::SchemaGraph, model: &RootModel) -> Result<Self> {
        let xs = "http://www.w3.org/2001/XMLSchema";
        let (prefix, declare) = if model.schema_attributes.contains(&format!(" xmlns:xs=\"{xs}\"")) {
            ("xs", "")
        } else if model.schema_attributes.contains(" xmlns:xs=") {
            ("nifcheck-xs", " xmlns:nifcheck-xs=\"http://www.w3.org/2001/XMLSchema\"")
        } else {
            ("xs", " xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"")
        };
        let mut text = format!("<{prefix}:schema{declare}{}>\n", model.schema_attributes);
        for (i, doc) in graph.docs.iter().enumerate() {
            let tns = target_namespace(&doc.text);
            let location = super::schema::flat_name(i);
            if tns == model.target_namespace {
                text.push_str(&format!("<{prefix}:include schemaLocation=\"{location}\"/>\n"));
            } else if i == model.doc || tns.is_some() {
                let ns = tns.map(|n| format!(" namespace=\"{n}\"")).unwrap_or_default();
                text.push_str(&format!("<{prefix}:import{ns} schemaLocation=\"{location}\"/>\n"));
            }
        }
        text.push_str(&format!(
            "<{prefix}:element name=\"{WRAPPER}\"><{prefix}:complexType><{prefix}:choice minOccurs=\"0\" maxOccurs=\"unbounded\">\n"
        ));
        for particle in &model.particles {
            text.push_str(&particle.source);
            text.push('\n');
        }
        // The root's identity constraints are not copied: the engine would hold them within a
        // batch only; `identity` holds them across the whole file.
        text.push_str(&format!(
            "</{prefix}:choice></{prefix}:complexType></{prefix}:element>\n</{prefix}:schema>\n"
        ));
        let engine = Uppsala::build(graph, Some(text))?;
        Ok(RecordEngine {
            engine,
            model: model.clone(),
        })
    }
}

/// The `targetNamespace` of a schema document.
pub fn target_namespace(text: &str) -> Option<String> {
    let dom = uppsala::parse(text).ok()?;
    let root = dom.document_element()?;
    dom.element(root)?.get_attribute("targetNamespace").map(str::to_string)
}

/// Keeps every byte read until told to forget, and counts lines and columns of what it forgets.
struct Tee<R> {
    inner: R,
    kept: Vec<u8>,
    /// Index in `kept` of the first byte not forgotten. Forgotten bytes are dropped in bulk:
    /// draining after every record would move the reader's whole read-ahead each time.
    head: usize,
    /// File offset of `kept[head]`.
    base: u64,
    /// 0-based line of `base`.
    line: usize,
    /// Characters between the last line start and `base`.
    column: usize,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl<R> Tee<R> {
    fn new(inner: R) -> Self {
        Tee {
            inner,
            kept: Vec::new(),
            head: 0,
            base: 0,
            line: 0,
            column: 0,
        }
    }

    fn slice(&self, from: u64, to: u64) -> &[u8] {
        let index = |offset: u64| {
            usize::try_from(offset.saturating_sub(self.base))
                .unwrap_or(usize::MAX)
                .saturating_add(self.head)
        };
        let (from, to) = (index(from), index(to).min(self.kept.len()));
        self.kept.get(from..to).unwrap_or(&[])
    }

    /// 0-based line and 1-based column of an offset not yet forgotten.
    fn position(&self, offset: u64) -> (usize, usize) {
        let before = self.slice(self.base, offset);
        let newlines = memchr::memchr_iter(b'\n', before).count();
        let column = match memchr::memrchr(b'\n', before) {
            Some(q) => chars(&before[q + 1..]),
            None => self.column + chars(before),
        };
        (self.line + newlines, column + 1)
    }

    fn forget_before(&mut self, offset: u64) {
        let n = usize::try_from(offset.saturating_sub(self.base))
            .unwrap_or(usize::MAX)
            .min(self.kept.len() - self.head);
        let gone = &self.kept[self.head..self.head + n];
        self.line += memchr::memchr_iter(b'\n', gone).count();
        self.column = match memchr::memrchr(b'\n', gone) {
            Some(q) => chars(&gone[q + 1..]),
            None => self.column + chars(gone),
        };
        self.head += n;
        self.base += n as u64;
        if self.head >= (1 << 20) || self.head > self.kept.len() / 2 {
            self.kept.drain(..self.head);
            self.head = 0;
        }
    }
}

/// One record waiting in a batch.
struct Record {
    text: String,
    /// 0-based line of the record's first line in the file.
    line: usize,
    /// 1-based ordinal among the root's children of the same name.
    ordinal: usize,
    /// Its ID and IDREF values, collected as it was cut.
    ids: Vec<Contribution>,
}

/// What the reading thread tells the checking thread, in document order.
enum Cut {
    /// The root's start tag and where it starts.
    Root(Vec<u8>, (usize, usize)),
    /// A child of the root starts: its name and place.
    Child(String, (usize, usize)),
    /// A whole child of the root: its text (indented to its column), 0-based first line, and
    /// ID and IDREF values.
    Record(String, usize, Vec<Contribution>),
    /// A record that cannot be read (not UTF-8).
    Refused(Box<Finding>),
}

/// Streams a file. `Ok(None)`: the root's content model cannot be split; the caller validates
/// the file whole. One thread reads and cuts the file while the others validate the batches
/// already cut, so reading and validating overlap.
pub fn check_file(path: &std::path::Path, file: &str, schema: &XmlSchema) -> Result<Option<Vec<Finding>>> {
    let open = || std::fs::File::open(path).map_err(|e| Error::read(path, e));
    // The root's name decides the engine: read up to the root's start tag first.
    let mut root_name = None;
    let mut reader = NsReader::from_reader(BufReader::with_capacity(64 << 10, open()?));
    let _ = scan::walk(&mut reader, &mut |visit, _| {
        if let Visit::Start { name, .. } = visit {
            root_name = Some(name.to_string());
        }
        false
    });
    let Some(root_name) = root_name else {
        return Ok(None);
    };
    let Some(records) = schema.record_engine(&root_name)? else {
        return Ok(None);
    };
    let tee = Tee::new(open()?);
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Cut>(4096);
    let (mut run, problem) = std::thread::scope(|scope| {
        let constraints = &records.model.identity;
        let reading = scope.spawn(move || read(tee, &sender, file, constraints));
        let mut run = Run::new(file, schema, &records, &root_name);
        for message in receiver {
            match message {
                Cut::Root(tag, at) => run.root(&tag, at),
                Cut::Child(name, at) => run.child(&name, at),
                Cut::Record(text, line, ids) => run.record(text, line, ids),
                Cut::Refused(finding) => run.findings.push(*finding),
            }
        }
        run.flush();
        (run, reading.join().ok().flatten())
    });
    let mut findings = std::mem::take(&mut run.findings);
    findings.extend(run.tables.resolve(&records.model.identity));
    match problem {
        None => findings.extend(run.order.finish(file, run.root_at)),
        Some(finding) => findings.push(finding),
    }
    Ok(Some(findings))
}

/// Reads the file, sending the root, each child's start and each whole child with its ID and
/// IDREF values; returns the finding that stopped the reading, if any.
fn read(
    tee: Tee<std::fs::File>,
    sender: &std::sync::mpsc::SyncSender<Cut>,
    file: &str,
    constraints: &[identity::Constraint],
) -> Option<Finding> {
    let mut reader = NsReader::from_reader(BufReader::with_capacity(64 << 10, tee));
    let mut record_start = 0u64;
    // The record's text keeps its indent (column - 1) in front, so offsets in it shift by that.
    let mut record_indent = 0usize;
    let mut ids = Vec::new();
    let collect_ids = constraints.iter().any(|c| matches!(c.kind.as_str(), "id" | "idref"));
    let walked = scan::walk(&mut reader, &mut |visit, buffered| {
        let tee = buffered.get_mut();
        let message = match visit {
            Visit::Start {
                depth: 0, start, end, ..
            } => {
                let message = Cut::Root(tee.slice(start, end).to_vec(), tee.position(start));
                tee.forget_before(end);
                Some(message)
            }
            Visit::Start {
                depth,
                start,
                end,
                empty,
                name,
                tag,
            } => {
                if depth == 1 {
                    record_start = start;
                    let at = tee.position(start);
                    record_indent = at.1 - 1;
                    if sender.send(Cut::Child(name.to_string(), at)).is_err() {
                        return false;
                    }
                }
                if collect_ids {
                    let offset = record_indent + usize::try_from(start - record_start).unwrap_or(0);
                    identity::tag_id_contributions(tag, offset, constraints, &mut ids);
                }
                (depth == 1 && empty).then(|| cut(tee, start, end, file, std::mem::take(&mut ids)))
            }
            Visit::End { depth: 1, end } => Some(cut(tee, record_start, end, file, std::mem::take(&mut ids))),
            _ => None,
        };
        message.is_none_or(|m| sender.send(m).is_ok())
    });
    let problem = walked.err()?;
    let tee = reader.get_ref().get_ref();
    let (line, _) = tee.position(problem.offset.max(tee.base));
    let text = String::from_utf8_lossy(tee.slice(tee.base, problem.offset.max(tee.base) + 1)).into_owned();
    let mut finding = problem_finding(&problem, &text, file, 0);
    finding.line = Some(line + 1);
    finding.snippet = None;
    Some(finding)
}

/// One whole record out of the read bytes, indented to its column so columns stay exact.
fn cut<R>(tee: &mut Tee<R>, start: u64, end: u64, file: &str, ids: Vec<Contribution>) -> Cut {
    let (line, column) = tee.position(start);
    let bytes = tee.slice(start, end);
    let message = match std::str::from_utf8(bytes) {
        Ok(t) => {
            let mut text = " ".repeat(column - 1);
            text.push_str(t);
            Cut::Record(text, line, ids)
        }
        Err(e) => {
            let problem = scan::Problem {
                rule: &rules::NOT_WELL_FORMED,
                message: format!("not UTF-8 at byte {}", start + e.valid_up_to() as u64),
                help: "nifcheck reads XML payloads encoded in UTF-8".into(),
                offset: 0,
            };
            let mut finding = problem_finding(&problem, "", file, 0);
            finding.line = Some(line + 1);
            Cut::Refused(Box::new(finding))
        }
    };
    tee.forget_before(end);
    message
}

/// The state of one streamed file.
struct Run<'a> {
    file: &'a str,
    schema: &'a XmlSchema,
    records: &'a RecordEngine,
    root_name: String,
    /// The root's expanded name, as the complement knows it.
    root: complement::model::Name,
    root_at: (usize, usize),
    /// The wrapper's start tag: the root's namespace declarations on the wrapper element.
    wrapper_start: String,
    wrapper_end: String,
    batch: Vec<Record>,
    batch_bytes: usize,
    ordinals: std::collections::HashMap<String, usize>,
    order: RootOrder,
    findings: Vec<Finding>,
    /// Values of the root's identity constraints seen so far.
    tables: identity::Tables,
}

impl<'a> Run<'a> {
    fn new(file: &'a str, schema: &'a XmlSchema, records: &'a RecordEngine, root_name: &str) -> Self {
        Run {
            file,
            schema,
            records,
            root_name: root_name.to_string(),
            root: (
                records.model.target_namespace.clone(),
                root_name.rsplit(':').next().unwrap_or(root_name).to_string(),
            ),
            root_at: (0, 1),
            wrapper_start: String::new(),
            wrapper_end: String::new(),
            batch: Vec::new(),
            batch_bytes: 0,
            ordinals: std::collections::HashMap::new(),
            order: RootOrder::new(&records.model, root_name),
            findings: Vec::new(),
            tables: identity::Tables::new(records.model.identity.len()),
        }
    }

    /// The root's start tag: its attributes are checked now, its namespaces carried over.
    fn root(&mut self, tag: &[u8], at: (usize, usize)) {
        self.root_at = at;
        let tag = String::from_utf8_lossy(tag).into_owned();
        let mut declarations = String::new();
        if let Ok(dom) = uppsala::parse(&format!("{}</{}>", tag, self.root_name))
            && let Some(root) = dom.document_element().and_then(|r| dom.element(r))
        {
            for (p, u) in &root.namespace_declarations {
                let u = u.replace('&', "&amp;").replace('"', "&quot;");
                if p.is_empty() {
                    declarations.push_str(&format!(" xmlns=\"{u}\""));
                } else {
                    declarations.push_str(&format!(" xmlns:{p}=\"{u}\""));
                }
            }
        }
        let (open, close) = match &self.records.model.target_namespace {
            Some(ns) => (
                format!(
                    "<nifcheck-w:{WRAPPER} xmlns:nifcheck-w=\"{}\"{declarations}>",
                    ns.replace('"', "&quot;")
                ),
                format!("</nifcheck-w:{WRAPPER}>"),
            ),
            None => (format!("<{WRAPPER}{declarations}>"), format!("</{WRAPPER}>")),
        };
        self.wrapper_start = open;
        self.wrapper_end = close;
        // The root's own attributes, against the real schema; its content is checked by the
        // record engine and `RootOrder`.
        let text = format!("{}{}</{}>", " ".repeat(at.1 - 1), tag, self.root_name);
        let errors = self.schema.complement.check(&text, complement::Entry::Document);
        if !errors.is_empty() {
            let index = ElementIndex::build(&text, "", None);
            let cx = self.context(at.0);
            self.findings.extend(findings::describe(&errors, &text, &index, &cx));
        }
        if let Ok(errors) = self.schema.engine.validate(&text) {
            let index = ElementIndex::build(&text, "", None);
            let about_attributes: Vec<EngineError> = errors
                .into_iter()
                .filter(|e| {
                    let quoted = e.message.split('\'').nth(1).unwrap_or("");
                    e.message.contains("ttribute")
                        || index
                            .elements
                            .first()
                            .is_some_and(|el| el.attributes.iter().any(|a| a.1 == quoted))
                })
                .collect();
            let cx = self.context(at.0);
            self.findings
                .extend(findings::describe(&about_attributes, &text, &index, &cx));
        }
    }

    fn context(&self, first_line: usize) -> Context<'a> {
        Context {
            file: self.file,
            first_line,
            standard: self.schema.label.as_deref(),
            outline: &self.schema.outline,
        }
    }

    fn child(&mut self, name: &str, at: (usize, usize)) {
        let ordinal = self.ordinals.entry(name.to_string()).or_insert(0);
        *ordinal += 1;
        let ordinal = *ordinal;
        if let Some(finding) = self.order.next(name, ordinal, at, self.file) {
            self.findings.push(finding);
        }
    }

    fn record(&mut self, text: String, line: usize, ids: Vec<Contribution>) {
        let ordinal = self.ordinals.get(&self.order.last_name).copied().unwrap_or(1);
        self.batch_bytes += text.len();
        self.batch.push(Record {
            text,
            line,
            ordinal,
            ids,
        });
        if self.batch_bytes >= BATCH_BYTES {
            self.flush();
        }
    }

    /// Validates the waiting records.
    fn flush(&mut self) {
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        if batch.is_empty() {
            return;
        }
        // Halves of a batch go to both cores; each half is one engine document.
        let halves: Vec<&[Record]> = batch.chunks(batch.len().div_ceil(2)).collect();
        let found: Vec<(Vec<Finding>, Vec<Vec<Contribution>>)> =
            halves.par_iter().map(|part| self.validate(part)).collect();
        for (part, (findings, contributions)) in halves.iter().zip(found) {
            self.findings.extend(findings);
            for (record, contributed) in part.iter().zip(contributions) {
                self.hold(record, contributed);
            }
        }
    }

    /// Adds one record's key values to the tables, in document order.
    fn hold(&mut self, record: &Record, contributed: Vec<Contribution>) {
        if contributed.is_empty() {
            return;
        }
        let base = format!("/{}", self.root_name);
        // Built only when a finding (or a reference kept for the end) needs a place.
        let mut index: Option<ElementIndex> = None;
        let (file, standard) = (self.file, self.schema.label.as_deref());
        let found = self
            .tables
            .hold(&self.records.model.identity, contributed, &mut |offset| {
                let index = index.get_or_insert_with(|| ElementIndex::build(&record.text, &base, Some(record.ordinal)));
                let (line, column) = index.line_col(&record.text, offset);
                let path = index.at(line, column).map(|e| e.path.clone());
                identity::finding(file, standard, path, record.line + line, column)
            });
        self.findings.extend(found);
    }

    fn validate(&self, part: &[Record]) -> (Vec<Finding>, Vec<Vec<Contribution>>) {
        let mut text = self.wrapper_start.clone();
        text.push('\n');
        let mut lines = Vec::with_capacity(part.len());
        let mut starts = Vec::with_capacity(part.len());
        let mut line = 2usize;
        for record in part {
            lines.push(line);
            starts.push(text.len());
            text.push_str(&record.text);
            text.push('\n');
            line += 1 + memchr::memchr_iter(b'\n', record.text.as_bytes()).count();
        }
        text.push_str(&self.wrapper_end);
        let mut errors = match self.records.engine.validate(&text) {
            Ok(errors) => errors,
            Err(error) => vec![error],
        };
        errors.extend(
            self.schema
                .complement
                .check(&text, complement::Entry::ChildrenOf(&self.root)),
        );
        let check_codes = self.schema.code_lists.is_some() && !self.schema.outline.code_lists.is_empty();
        let mut per_record: Vec<Vec<EngineError>> = vec![Vec::new(); part.len()];
        for mut error in errors {
            let at = error.line.unwrap_or(1);
            let Some(i) = lines.partition_point(|&l| l <= at).checked_sub(1) else {
                continue;
            };
            error.line = Some(at - lines[i] + 1);
            per_record[i].push(error);
        }
        let base = format!("/{}", self.root_name);
        let mut out = Vec::new();
        let constraints = &self.records.model.identity;
        // The root's identity constraints: one more parse of the whole batch, each selected
        // element given to the record it sits in, its offset made relative to that record.
        // IDs and IDREFs need only attributes: the reader collected them as it cut the records.
        let mut contributions: Vec<Vec<Contribution>> = part.iter().map(|r| r.ids.clone()).collect();
        let (keys, _): (Vec<_>, Vec<_>) = constraints
            .iter()
            .enumerate()
            .partition(|(_, c)| !matches!(c.kind.as_str(), "id" | "idref"));
        if !keys.is_empty()
            && let Ok(doc) = uppsala::parse(&text)
        {
            for (c, values, offset) in identity::contributions(&doc, constraints)
                .into_iter()
                .filter(|(c, _, _)| keys.iter().any(|(k, _)| k == c))
            {
                let Some(i) = starts.partition_point(|&s| s <= offset).checked_sub(1) else {
                    continue;
                };
                contributions[i].push((c, values, offset - starts[i]));
            }
        }
        for (record, errors) in part.iter().zip(per_record) {
            if errors.is_empty() && !check_codes {
                continue;
            }
            let index = ElementIndex::build(&record.text, &base, Some(record.ordinal));
            let cx = self.context(record.line);
            let mut found = findings::describe(&errors, &record.text, &index, &cx);
            if check_codes {
                found.extend(codes::check(&record.text, &index, &cx, self.schema));
            }
            findings::keep_nearby_lines(&mut found, &record.text, record.line);
            out.extend(found);
        }
        (out, contributions)
    }
}

/// The root's content model, checked as its children go by: a sequence or a choice of element
/// particles with their counts. Names the model does not know are left to the record engine,
/// which reports them as unexpected.
struct RootOrder {
    model: RootModel,
    root: String,
    /// Current particle and how many times it matched.
    at: usize,
    count: u64,
    last_name: String,
    findings: Vec<Finding>,
}

impl RootOrder {
    fn new(model: &RootModel, root: &str) -> Self {
        RootOrder {
            model: model.clone(),
            root: root.to_string(),
            at: 0,
            count: 0,
            last_name: String::new(),
            findings: Vec::new(),
        }
    }

    fn finding(&self, file: &str, message: String, help: String, pointer: String, at: (usize, usize)) -> Finding {
        let rule = &rules::SCHEMA_VIOLATION;
        let mut finding = Finding::new(rule.code, rule.severity, rule.kind, file, message);
        finding.pointer = Some(pointer);
        finding.line = Some(at.0 + 1);
        finding.column = Some(at.1);
        finding.help = Some(help);
        finding
    }

    fn expected(&self) -> String {
        let names: Vec<&str> = self.model.particles.iter().map(|p| p.name.as_str()).collect();
        let joiner = if self.model.choice { " or " } else { ", " };
        format!("<{}> holds {}", self.root, names.join(joiner))
    }

    /// One child of the root; a finding when it breaks the order or a count.
    fn next(&mut self, name: &str, ordinal: usize, at: (usize, usize), file: &str) -> Option<Finding> {
        self.last_name = name.to_string();
        let local = name.rsplit(':').next().unwrap_or(name);
        let pointer = format!("/{}/{name}[{ordinal}]", self.root);
        let position = self.model.particles.iter().position(|p| p.name == local)?;
        if self.model.choice && self.count > 0 && position != self.at {
            let message = format!("Unexpected element '{local}' after choice");
            return Some(self.finding(file, message, self.expected(), pointer, at));
        }
        if position < self.at {
            let message = format!("Unexpected element '{local}' in sequence (out of order)");
            return Some(self.finding(file, message, self.expected(), pointer, at));
        }
        let mut missing = None;
        while self.at < position {
            let particle = &self.model.particles[self.at];
            if self.count < particle.min && missing.is_none() && !self.model.choice {
                missing = Some(particle.name.clone());
            }
            self.at += 1;
            self.count = 0;
        }
        self.count += 1;
        if let Some(missing) = missing {
            let message = format!("Expected at least 1 occurrence(s) of element '{missing}' before '{local}'");
            return Some(self.finding(file, message, format!("add <{missing}> here"), pointer, at));
        }
        let max = self.model.particles[self.at].max;
        if max.is_some_and(|m| self.count > m) {
            let message = format!("element '{local}' occurs more than {} time(s)", max.unwrap_or(0));
            return Some(self.finding(file, message, self.expected(), pointer, at));
        }
        None
    }

    /// Counts still missing at the end of the root.
    fn finish(mut self, file: &str, root_at: (usize, usize)) -> Vec<Finding> {
        let pointer = format!("/{}", self.root);
        let start = if self.count == 0 { self.at } else { self.at + 1 };
        let mut findings = std::mem::take(&mut self.findings);
        let first = self.model.particles.get(self.at);
        let short = first.is_some_and(|p| self.count > 0 && self.count < p.min);
        let missing: Vec<String> = if self.model.choice {
            (self.count == 0 && self.model.particles.iter().all(|p| p.min > 0))
                .then(|| self.model.particles.first().map(|p| p.name.clone()))
                .flatten()
                .into_iter()
                .collect()
        } else {
            self.model
                .particles
                .iter()
                .skip(start)
                .filter(|p| p.min > 0)
                .map(|p| p.name.clone())
                .collect()
        };
        if short && let Some(p) = first {
            let message = format!(
                "Expected at least {} occurrence(s) of element '{}', found {}",
                p.min, p.name, self.count
            );
            findings.push(self.finding(file, message, format!("add <{}>", p.name), pointer.clone(), root_at));
        }
        for name in missing {
            let message = format!("Expected at least 1 occurrence(s) of element '{name}', found 0");
            findings.push(self.finding(file, message, format!("add <{name}>"), pointer.clone(), root_at));
        }
        findings
    }
}

/// Findings for a file, whole or streamed: streamed when it is big and its root allows it.
pub fn check_path(path: &std::path::Path, file: &str, schema: &XmlSchema) -> Result<Vec<Finding>> {
    let size = std::fs::metadata(path).map_err(|e| Error::read(path, e))?.len();
    if size >= THRESHOLD
        && let Some(findings) = check_file(path, file, schema)?
    {
        return Ok(findings);
    }
    let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
    Ok(super::check_document(&bytes, file, schema))
}
