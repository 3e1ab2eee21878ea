//! One batch of records through the engine: the records inside a wrapper element, validated as
//! one document against the record schema, each error given back to its record. Batches are
//! independent, so several are validated at once, each on its own thread.

use super::super::findings::{self, Context};
use super::super::identity::{self, Contribution};
use super::super::index::ElementIndex;
use super::super::{EngineError, XmlSchema, XsdEngine, codes, complement};
use super::RecordEngine;
use crate::finding::Finding;

/// One record waiting in a batch.
pub(super) struct Record {
    pub text: String,
    /// 0-based line of the record's first line in the file.
    pub line: usize,
    /// 1-based ordinal among the root's children of the same name.
    pub ordinal: usize,
    /// Its ID and IDREF values, collected as it was cut.
    pub ids: Vec<Contribution>,
}

/// What a batch gives back: its findings and, per record, its identity values.
pub(super) type Checked = (Vec<Finding>, Vec<Vec<Contribution>>);

/// What every batch of one file shares.
pub(super) struct Batches<'a> {
    pub file: &'a str,
    pub schema: &'a XmlSchema,
    pub records: &'a RecordEngine,
    /// The root's name as written.
    pub root_name: String,
    /// The root's expanded name, as the complement knows it.
    pub root: complement::model::Name,
    /// The wrapper's start tag: the root's namespace declarations on the wrapper element.
    pub wrapper_start: String,
    pub wrapper_end: String,
}

impl<'a> Batches<'a> {
    pub(super) fn context(&self, first_line: usize) -> Context<'a> {
        Context {
            file: self.file,
            first_line,
            standard: self.schema.label.as_deref(),
            outline: &self.schema.outline,
        }
    }

    pub(super) fn validate(&self, part: &[Record]) -> Checked {
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
        self.schema.complement.drop_numeric_duplicates(&mut errors, &text);
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
