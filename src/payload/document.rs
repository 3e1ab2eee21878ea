//! Checking one JSON document: parse, pick its schema, validate, and, only when something is
//! wrong, build the position index that places each finding.

use std::sync::Arc;

use jsonschema::Validator;
use serde_json::Value;

use super::describe::{Anchor, describe, suggest_spellings};
use super::parse::{ParseProblem, parse};
use crate::error::Result;
use crate::finding::{Finding, Related, Snippet};
use crate::rules::{self, Rule};
use crate::source::{JsonIndex, LineIndex, NodeSpan};

/// What a document is checked against.
#[derive(Clone)]
pub struct Target {
    /// The compiled schema.
    pub validator: Arc<Validator>,
    /// Index of the framework standard, when it is one.
    pub standard: Option<usize>,
    /// `person@1.2.0`, or the schema file's name.
    pub label: Option<Arc<str>>,
}

/// Where a document sits: its file, and the 0-based line it starts on (NDJSON).
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The file as given.
    pub file: &'a str,
    /// 0-based line of the document's first line in the file.
    pub first_line: usize,
}

/// The result of one document.
#[derive(Default)]
pub(crate) struct Checked {
    /// What was found.
    pub findings: Vec<Finding>,
    /// The standard it was checked against.
    pub standard: Option<usize>,
}

/// Checks one document. `pick` chooses the schema from the parsed value; its error is a tool
/// error (no schema can be found for this payload).
pub(crate) fn check<'t>(
    bytes: &[u8],
    place: Place<'_>,
    pick: &dyn Fn(&Value) -> Result<&'t Target>,
) -> Result<Checked> {
    let parsed = match parse(bytes) {
        Ok(parsed) => parsed,
        Err(problem) => {
            return Ok(Checked {
                findings: vec![parse_finding(&problem, place)],
                standard: None,
            });
        }
    };
    let target = pick(&parsed.value)?;
    if !parsed.has_duplicates && target.validator.is_valid(&parsed.value) {
        return Ok(Checked {
            findings: Vec::new(),
            standard: target.standard,
        });
    }
    let mut described: Vec<_> = target
        .validator
        .iter_errors(&parsed.value)
        .flat_map(|e| describe(&e))
        .collect();
    suggest_spellings(&mut described);
    // Only the places the findings name are indexed, unless duplicate keys need the whole scan.
    let index = if parsed.has_duplicates {
        JsonIndex::new(parsed.text)
    } else {
        let pointers: Vec<&str> = described.iter().map(|d| d.pointer.as_str()).collect();
        JsonIndex::of_pointers(parsed.text, &pointers)
    };
    let located = Located::new(parsed.text, place, index);
    let mut findings = Vec::new();
    {
        for d in described {
            let span = located.span(&d.pointer, d.anchor);
            let mut finding = located.finding(d.rule, d.message, span);
            finding.pointer = Some(d.pointer);
            finding.help = d.help;
            finding.standard = target.label.as_deref().map(str::to_string);
            findings.push(finding);
        }
    }
    for dup in located.index.duplicates() {
        let message = format!("key \"{}\" appears more than once in this object", dup.key);
        let mut finding = located.finding(&rules::DUPLICATE_KEY, message, dup.span);
        let (first_line, _) = located.line_col(dup.first.0);
        finding.pointer = Some(dup.pointer.clone());
        finding.related.push(Related {
            file: place.file.to_string(),
            pointer: Some(dup.pointer.clone()),
            line: Some(first_line),
            message: "first occurrence".into(),
        });
        finding.help = Some("receivers disagree on which value wins: keep one".into());
        finding.standard = target.label.as_deref().map(str::to_string);
        findings.push(finding);
    }
    Ok(Checked {
        findings,
        standard: target.standard,
    })
}

/// The place of `pointer`'s value in a document, for findings that are not schema errors.
pub(crate) fn locate(bytes: &[u8], place: Place<'_>, pointer: &str) -> Option<(usize, usize)> {
    let parsed = parse(bytes).ok()?;
    let located = Located::new(parsed.text, place, JsonIndex::of_pointers(parsed.text, &[pointer]));
    let span = located.index.get(pointer)?;
    Some(located.line_col(span.start))
}

fn parse_finding(problem: &ParseProblem<'_>, place: Place<'_>) -> Finding {
    let located = Located {
        text: problem.text,
        shared: Arc::from(problem.text),
        place,
        lines: LineIndex::new(problem.text),
        index: JsonIndex::default(),
    };
    let end = (problem.offset + 1).min(problem.text.len());
    let mut finding = located.finding(problem.rule, problem.message.clone(), (problem.offset, end));
    finding.help = Some(match problem.rule.code {
        "PAY006" => "flatten the structure; no standard nests this deep".into(),
        _ => "the payload must be one complete UTF-8 JSON document".into(),
    });
    finding
}

struct Located<'t, 'p> {
    text: &'t str,
    shared: Arc<str>,
    place: Place<'p>,
    lines: LineIndex,
    index: JsonIndex,
}

impl<'t, 'p> Located<'t, 'p> {
    fn new(text: &'t str, place: Place<'p>, index: JsonIndex) -> Self {
        Located {
            text,
            shared: Arc::from(text),
            place,
            lines: LineIndex::new(text),
            index,
        }
    }

    fn span(&self, pointer: &str, anchor: Anchor) -> (usize, usize) {
        let fallback = NodeSpan {
            start: 0,
            end: self.text.len().min(1),
            key: None,
        };
        let node = self.index.get(pointer).unwrap_or(fallback);
        match (anchor, node.key) {
            (Anchor::Key, Some(key)) => key,
            (Anchor::Start, _) => (node.start, (node.start + 1).min(node.end)),
            _ => (node.start, node.end),
        }
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let (line, column) = self.lines.line_col(self.text, offset);
        (line + self.place.first_line, column)
    }

    fn finding(&self, rule: &'static Rule, message: String, span: (usize, usize)) -> Finding {
        let (line, column) = self.line_col(span.0);
        let mut finding = Finding::new(rule.code, rule.severity, rule.kind, self.place.file, message);
        finding.line = Some(line);
        finding.column = Some(column);
        finding.snippet = Some(Snippet {
            text: Arc::clone(&self.shared),
            first_line: self.place.first_line,
            span,
        });
        finding
    }
}
