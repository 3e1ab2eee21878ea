//! The state of one streamed file: batches of records on their way to the validating threads,
//! the root's content model, identity tables and findings. Batches are validated concurrently
//! and come back in any order; their findings and identity values are taken in document order.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, SyncSender};

use super::super::identity::{self, Contribution};
use super::super::index::ElementIndex;
use super::super::{EngineError, XmlSchema, complement, findings};
use super::batch::{Batches, Checked, Record};
use super::order::RootOrder;
use super::{RecordEngine, WRAPPER};
use crate::finding::Finding;

/// Bytes of records per batch handed to the engine.
const BATCH_BYTES: usize = 128 << 10;

/// A batch back from a validating thread: its number, its records, what was found.
pub(super) type Done = (usize, Vec<Record>, Checked);

pub(super) struct Run<'a> {
    file: &'a str,
    schema: &'a XmlSchema,
    records: &'a RecordEngine,
    root_name: String,
    pub root_at: (usize, usize),
    batch: Vec<Record>,
    batch_bytes: usize,
    /// Batches sent, and those back but waiting for an earlier one.
    sent: usize,
    applied: usize,
    waiting: BTreeMap<usize, (Vec<Record>, Checked)>,
    ordinals: HashMap<String, usize>,
    pub order: RootOrder,
    pub findings: Vec<Finding>,
    /// Values of the root's identity constraints seen so far.
    pub tables: identity::Tables,
    /// For each of those constraints, which fields compare as numbers.
    numeric: Vec<Vec<bool>>,
}

impl<'a> Run<'a> {
    pub(super) fn new(file: &'a str, schema: &'a XmlSchema, records: &'a RecordEngine, root_name: &str) -> Self {
        Run {
            file,
            schema,
            records,
            root_name: root_name.to_string(),
            root_at: (0, 1),
            batch: Vec::new(),
            batch_bytes: 0,
            sent: 0,
            applied: 0,
            waiting: BTreeMap::new(),
            ordinals: HashMap::new(),
            order: RootOrder::new(&records.model, root_name),
            findings: Vec::new(),
            tables: identity::Tables::new(records.model.identity.len()),
            numeric: schema.complement.numeric_fields(&records.model.identity),
        }
    }

    /// The root's start tag: its attributes are checked now; what every batch needs (the
    /// root's namespaces on the wrapper element) is returned.
    pub(super) fn root(&mut self, tag: &[u8], at: (usize, usize)) -> Batches<'a> {
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
        let (wrapper_start, wrapper_end) = match &self.records.model.target_namespace {
            Some(ns) => (
                format!(
                    "<nifcheck-w:{WRAPPER} xmlns:nifcheck-w=\"{}\"{declarations}>",
                    ns.replace('"', "&quot;")
                ),
                format!("</nifcheck-w:{WRAPPER}>"),
            ),
            None => (format!("<{WRAPPER}{declarations}>"), format!("</{WRAPPER}>")),
        };
        let batches = Batches {
            file: self.file,
            schema: self.schema,
            records: self.records,
            root_name: self.root_name.clone(),
            root: (
                self.records.model.target_namespace.clone(),
                self.root_name.rsplit(':').next().unwrap_or(&self.root_name).to_string(),
            ),
            wrapper_start,
            wrapper_end,
        };
        // The root's own attributes, against the real schema; its content is checked by the
        // record engine and `RootOrder`.
        let text = format!("{}{}</{}>", " ".repeat(at.1 - 1), tag, self.root_name);
        let cx = batches.context(at.0);
        let errors = self.schema.complement.check(&text, complement::Entry::Document);
        if !errors.is_empty() {
            let index = ElementIndex::build(&text, "", None);
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
            self.findings
                .extend(findings::describe(&about_attributes, &text, &index, &cx));
        }
        batches
    }

    pub(super) fn child(&mut self, name: &str, at: (usize, usize)) {
        let ordinal = self.ordinals.entry(name.to_string()).or_insert(0);
        *ordinal += 1;
        let ordinal = *ordinal;
        if let Some(finding) = self.order.next(name, ordinal, at, self.file) {
            self.findings.push(finding);
        }
    }

    /// Text directly inside the root, where the root's type allows only elements: the finding
    /// whole validation gives it.
    pub(super) fn stray_text(&mut self, (line, column): (usize, usize)) {
        let rule = &crate::rules::SCHEMA_VIOLATION;
        let mut finding = Finding::new(rule.code, rule.severity, rule.kind, self.file, findings::STRAY_TEXT);
        finding.pointer = Some(format!("/{}", self.root_name));
        finding.line = Some(line);
        finding.column = Some(column);
        finding.standard = self.schema.label.as_deref().map(str::to_string);
        self.findings.push(finding);
    }

    /// Adds a record to the batch; a full batch is returned, numbered, to be validated.
    pub(super) fn record(&mut self, text: String, line: usize, ids: Vec<Contribution>) -> Option<(usize, Vec<Record>)> {
        let ordinal = self.ordinals.get(&self.order.last_name).copied().unwrap_or(1);
        self.batch_bytes += text.len();
        self.batch.push(Record {
            text,
            line,
            ordinal,
            ids,
        });
        (self.batch_bytes >= BATCH_BYTES).then(|| self.take_batch()).flatten()
    }

    /// The records not yet sent, numbered.
    pub(super) fn take_batch(&mut self) -> Option<(usize, Vec<Record>)> {
        self.batch_bytes = 0;
        if self.batch.is_empty() {
            return None;
        }
        self.sent += 1;
        Some((self.sent - 1, std::mem::take(&mut self.batch)))
    }

    /// A validated batch: applied now if every earlier one was, otherwise kept until then.
    pub(super) fn done(&mut self, (number, records, checked): Done) {
        self.waiting.insert(number, (records, checked));
        self.apply_ready();
    }

    fn apply_ready(&mut self) {
        while let Some((records, (findings, contributions))) = self.waiting.remove(&self.applied) {
            self.applied += 1;
            self.findings.extend(findings);
            for (record, contributed) in records.iter().zip(contributions) {
                self.hold(record, contributed);
            }
        }
    }

    /// Applies batches still waiting for one that never came back (a validating thread that
    /// stopped), so no finding that was made is lost.
    pub(super) fn finish_batches(&mut self) {
        while let Some((&next, _)) = self.waiting.first_key_value() {
            self.applied = next;
            self.apply_ready();
        }
    }

    /// Adds one record's key values to the tables, in document order.
    fn hold(&mut self, record: &Record, mut contributed: Vec<Contribution>) {
        if contributed.is_empty() {
            return;
        }
        // Numbers compare as numbers: `1.0` and `1` are one decimal key.
        for (c, values, _) in &mut contributed {
            let (Some(numeric), Ok(values)) = (self.numeric.get(*c), values) else {
                continue;
            };
            for (value, _) in values.iter_mut().zip(numeric).filter(|(_, n)| **n) {
                if let Some(canonical) = complement::value::canonical_number(value) {
                    *value = canonical;
                }
            }
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
}

/// Threads that validate batches, as many as the machine has cores.
pub(super) struct Workers {
    work: Option<SyncSender<(usize, Vec<Record>)>>,
    pub results: Receiver<Done>,
}

impl Workers {
    /// Starts the threads in `scope`; at most one batch per thread waits in the queue, so
    /// memory holds a few batches whatever the file's size.
    pub(super) fn start<'scope>(scope: &'scope std::thread::Scope<'scope, '_>, batches: Batches<'scope>) -> Workers {
        let count = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let (work, queue) = std::sync::mpsc::sync_channel::<(usize, Vec<Record>)>(count);
        let queue = Arc::new(std::sync::Mutex::new(queue));
        let (sender, results) = std::sync::mpsc::channel::<Done>();
        let batches = Arc::new(batches);
        for _ in 0..count {
            let (queue, sender, batches) = (Arc::clone(&queue), sender.clone(), Arc::clone(&batches));
            scope.spawn(move || work_on(&queue, &sender, &batches));
        }
        Workers {
            work: Some(work),
            results,
        }
    }

    /// Queues a batch; waits while every thread is busy and the queue full.
    pub(super) fn send(&self, batch: (usize, Vec<Record>)) {
        if let Some(work) = &self.work {
            // The threads live as long as the queue; a send fails only if one panicked, and
            // that batch's findings are then missing from the report rather than the run hung.
            let _ = work.send(batch);
        }
    }

    /// No more batches: the threads stop once the queue is empty.
    pub(super) fn close(&mut self) {
        self.work = None;
    }
}

fn work_on(queue: &std::sync::Mutex<Receiver<(usize, Vec<Record>)>>, sender: &Sender<Done>, batches: &Batches<'_>) {
    loop {
        let next = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).recv();
        let Ok((number, records)) = next else { return };
        let checked = batches.validate(&records);
        if sender.send((number, records, checked)).is_err() {
            return;
        }
    }
}
