//! Files of any size. The engine builds a whole document in memory and its error positions
//! cost more the further into the document they are, so a big file is cut into its root's
//! children (the records) as `quick-xml` streams it, and the records are validated in batches
//! against a wrapper schema: the real schema plus one global element whose content is any
//! sequence of the root's element particles. Each record is validated against its own
//! declaration, the root's content model (order and counts of its children) is checked here,
//! and the root's attributes against the real schema. Only the current record and batch are in
//! memory; positions are exact because each record keeps its column and its line is counted
//! from the bytes that went by.

mod batch;
mod order;
mod reader;
mod run;

use std::io::BufReader;

use quick_xml::reader::NsReader;

use self::reader::{Cut, Tee};
use self::run::{Run, Workers};
use super::outline::RootModel;
use super::scan::{self, Visit};
use super::{Uppsala, XmlSchema};
use crate::error::{Error, Result};
use crate::finding::Finding;

/// Files at least this big are validated record by record. The engine's cost per error grows
/// with the size of the text it validates (it counts the lines before each one), so a whole
/// document of many errors costs the square of its size; records are validated in batches of
/// 128 KiB, which bounds that cost per error. At 1 MiB a whole document's worst case (an error
/// every 60 bytes) stays under a second.
pub const THRESHOLD: u64 = 1 << 20;

/// The name of the wrapper element of the record schema.
pub(super) const WRAPPER: &str = "nifcheck-records";

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

/// Streams a file. `Ok(None)`: the root's content model cannot be split; the caller validates
/// the file whole. One thread reads and cuts the file while the others validate the batches
/// already cut, so reading and validating overlap.
pub fn check_file(path: &std::path::Path, file: &str, schema: &XmlSchema) -> Result<Option<Vec<Finding>>> {
    check_stream(
        &|| crate::source::read_policy::open(path, None).map_err(crate::Error::from),
        file,
        schema,
    )
}

/// Findings for a document in memory: streamed when it is big and its root allows it, like a
/// file.
pub fn check_bytes(bytes: &[u8], file: &str, schema: &XmlSchema) -> Vec<Finding> {
    if bytes.len() as u64 >= THRESHOLD
        && let Ok(Some(findings)) = check_stream(&|| Ok(bytes), file, schema)
    {
        return findings;
    }
    super::check_document(bytes, file, schema)
}

/// Streams what `open` reads (it is opened twice: once for the root's name, once to cut).
fn check_stream<R: std::io::Read + Send>(
    open: &dyn Fn() -> Result<R>,
    file: &str,
    schema: &XmlSchema,
) -> Result<Option<Vec<Finding>>> {
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
        let text_allowed = records.model.mixed;
        let reading = scope.spawn(move || reader::read(tee, &sender, file, constraints, text_allowed));
        let mut run = Run::new(file, schema, &records, &root_name);
        let mut workers: Option<Workers> = None;
        for message in receiver {
            match message {
                Cut::Root(tag, at) => workers = Some(Workers::start(scope, run.root(&tag, at))),
                Cut::Child(name, at) => run.child(&name, at),
                Cut::Record(text, line, ids) => {
                    if let (Some(batch), Some(workers)) = (run.record(text, line, ids), &workers) {
                        workers.send(batch);
                        while let Ok(done) = workers.results.try_recv() {
                            run.done(done);
                        }
                    }
                }
                Cut::Refused(finding) => run.findings.push(*finding),
                Cut::StrayText(at) => run.stray_text(at),
            }
        }
        if let Some(mut workers) = workers {
            if let Some(batch) = run.take_batch() {
                workers.send(batch);
            }
            workers.close();
            for done in workers.results.iter() {
                run.done(done);
            }
        }
        run.finish_batches();
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

/// Findings for a file, whole or streamed: streamed when it is big and its root allows it.
pub fn check_path(path: &std::path::Path, file: &str, schema: &XmlSchema) -> Result<Vec<Finding>> {
    check_path_streaming_from(path, file, schema, THRESHOLD)
}

/// [`check_path`] with files of `threshold` bytes or more streamed. Both ways give the same
/// findings; the threshold only trades the engine's cost per error (which grows with the text it
/// was given) against streaming's fixed cost, so tests choose it to exercise either way.
pub fn check_path_streaming_from(
    path: &std::path::Path,
    file: &str,
    schema: &XmlSchema,
    threshold: u64,
) -> Result<Vec<Finding>> {
    let size = std::fs::metadata(path).map_err(|e| Error::read(path, e))?.len();
    if size >= threshold
        && let Some(findings) = check_file(path, file, schema)?
    {
        return Ok(findings);
    }
    let bytes = crate::source::read_policy::read(path)?;
    Ok(super::check_document(&bytes, file, schema))
}
