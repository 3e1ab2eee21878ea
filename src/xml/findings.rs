//! Turning the engine's messages into findings: the element path as pointer, the attribute
//! when the message is about one, line and column in the file, and help (the elements allowed
//! there, the allowed values, the pattern, the lexical form of a datatype).
//!
//! A block of elements moved out of place makes every one of them unexpected; only the first
//! of each parent is reported, since the others are the same cause.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::engine::EngineError;
use super::index::{Element, ElementIndex};
use super::outline::Outline;
use crate::finding::{Finding, Snippet};
use crate::rules::{self, Rule};

/// What findings of one text share.
pub struct Context<'a> {
    /// The file as given.
    pub file: &'a str,
    /// 0-based line of the text's first line in the file.
    pub first_line: usize,
    /// The standard's label, or the schema file.
    pub standard: Option<&'a str>,
    /// What the schema says, for help texts.
    pub outline: &'a Outline,
}

/// Characters of an engine message kept: the engine quotes the offending value, which can be
/// megabytes long; the finding points at it anyway.
const MAX_MESSAGE: usize = 1_000;

/// Findings for `errors`, positioned in `text` (which `index` was built from).
pub fn describe(errors: &[EngineError], text: &str, index: &ElementIndex, cx: &Context<'_>) -> Vec<Finding> {
    let shared: Arc<str> = Arc::from(text);
    let mut content_reported: HashSet<String> = HashSet::new();
    let mut findings = Vec::new();
    let mut lookup: Option<Lookup<'_>> = None;
    for error in errors {
        if error.message == STRAY_TEXT
            && let Some(finding) = stray_text(error, text, index, cx, &shared)
        {
            findings.push(finding);
            continue;
        }
        // The element the error is at: the one starting there, or (an end tag, text) the one
        // holding that place.
        let at = match (error.line, error.column) {
            (Some(line), Some(column)) => Some(index.offset_of(text, line, column)),
            _ => None,
        };
        let element = match at {
            Some(offset) => index
                .at_offset(offset)
                .or_else(|| index.owner_of(offset))
                .or_else(|| index.elements.first()),
            None => index.elements.first(),
        };
        let message = error.message.as_str();
        if let Some(parent) = misplaced_in(message, element)
            && !content_reported.insert(parent)
        {
            continue;
        }
        let (rule, help) = classify(message);
        let attribute = element.and_then(|e| attribute_of(message, e, &mut lookup));
        let (pointer, offset, len) = match (element, attribute) {
            (Some(e), Some((name, offset))) => (Some(format!("{}/@{name}", e.path)), offset, name.len()),
            (Some(e), None) => {
                // The span covers `<name` (or `</name` at an end tag), so the label sits under
                // the element's name.
                let step = e.path.rsplit('/').next().unwrap_or("");
                let name = step.split('[').next().unwrap_or(step);
                match at.filter(|&offset| offset > e.start && text.get(offset..).is_some_and(|t| t.starts_with("</"))) {
                    Some(end_tag) => (Some(e.path.clone()), end_tag, 2 + name.len()),
                    None => (Some(e.path.clone()), e.start, 1 + name.len()),
                }
            }
            (None, _) => (None, 0, 1),
        };
        let (line, column) = index.line_col(text, offset);
        let message = crate::finding::clip(message, MAX_MESSAGE);
        let mut finding = Finding::new(rule.code, rule.severity, rule.kind, cx.file, message);
        finding.pointer = pointer;
        finding.line = Some(line + cx.first_line);
        finding.column = Some(column);
        finding.help = help;
        finding.standard = cx.standard.map(str::to_string);
        finding.snippet = Some(Snippet {
            text: Arc::clone(&shared),
            first_line: cx.first_line,
            span: (offset, (offset + len).min(text.len())),
        });
        findings.push(finding);
    }
    findings
}

/// What the engine says of text inside an element that holds only elements.
pub(crate) const STRAY_TEXT: &str = "Non-whitespace text content is not allowed in element-only content";

/// The finding for text where only elements may be: on the text itself, its owner as pointer.
/// The engine places it where the text node starts (white space before it included), which
/// would otherwise fall on the last element started before it.
fn stray_text(
    error: &EngineError,
    text: &str,
    index: &ElementIndex,
    cx: &Context<'_>,
    shared: &Arc<str>,
) -> Option<Finding> {
    let node = index.offset_of(text, error.line?, error.column?);
    let offset = node + text.get(node..)?.len() - text.get(node..)?.trim_start().len();
    let owner = index.owner_of(offset)?;
    let (line, column) = index.line_col(text, offset);
    let rule = &rules::SCHEMA_VIOLATION;
    let mut finding = Finding::new(rule.code, rule.severity, rule.kind, cx.file, STRAY_TEXT);
    finding.pointer = Some(owner.path.clone());
    finding.line = Some(line + cx.first_line);
    finding.column = Some(column);
    finding.standard = cx.standard.map(str::to_string);
    let run = text.get(offset..)?.find(['<', '\n']).unwrap_or(text.len() - offset);
    finding.snippet = Some(Snippet {
        text: Arc::clone(shared),
        first_line: cx.first_line,
        span: (offset, (offset + run.max(1)).min(text.len())),
    });
    Some(finding)
}

/// Lines of context kept around a streamed record's findings for the terminal.
const NEARBY_LINES: usize = 3;

/// Keeps in the snippets of one record's findings only the lines near them, shared: a record
/// can be long, and a file of many failing records would otherwise keep every such record in
/// memory until the report is written. `text` is the record, `first_line` its 0-based line.
pub fn keep_nearby_lines(findings: &mut [Finding], text: &str, first_line: usize) {
    let spans: Vec<(usize, usize)> = findings
        .iter()
        .filter_map(|f| f.snippet.as_ref().map(|s| s.span))
        .collect();
    let (Some(low), Some(high)) = (spans.iter().map(|s| s.0).min(), spans.iter().map(|s| s.1).max()) else {
        return;
    };
    // Byte searches: `from` and `to` land after a newline or at an end, so on char boundaries.
    let bytes = text.as_bytes();
    let mut from = memchr::memrchr(b'\n', &bytes[..low.min(bytes.len())]).map_or(0, |i| i + 1);
    for _ in 0..NEARBY_LINES {
        if from == 0 {
            break;
        }
        from = memchr::memrchr(b'\n', &bytes[..from - 1]).map_or(0, |i| i + 1);
    }
    let mut to = high.min(bytes.len());
    for _ in 0..=NEARBY_LINES {
        match memchr::memchr(b'\n', &bytes[to..]) {
            Some(i) => to += i + 1,
            None => {
                to = bytes.len();
                break;
            }
        }
    }
    if from == 0 && to == text.len() {
        return;
    }
    let kept: Arc<str> = Arc::from(&text[from..to]);
    let skipped_lines = memchr::memchr_iter(b'\n', &text.as_bytes()[..from]).count();
    for finding in findings {
        if let Some(snippet) = &mut finding.snippet {
            snippet.text = Arc::clone(&kept);
            snippet.first_line = first_line + skipped_lines;
            snippet.span = (snippet.span.0 - from, snippet.span.1 - from);
        }
    }
}

/// For an element out of place, its parent's path: a run of misplaced siblings is one cause,
/// reported once, at the first of them.
fn misplaced_in(message: &str, element: Option<&Element>) -> Option<String> {
    let element = element?;
    message
        .contains("is not expected here")
        .then(|| element.path.rsplit_once('/').map_or("", |(p, _)| p).to_string())
}

/// One element's attributes by name, local name and value (first of each), built for an element
/// of many attributes that errors are about: each error then finds its attribute at once, not
/// by a search through all of them.
struct Lookup<'e> {
    element: usize,
    by_name: HashMap<&'e str, usize>,
    by_value: HashMap<&'e str, usize>,
}

/// Attributes an element may have before its errors look them up in a [`Lookup`].
const SEARCHED_ATTRIBUTES: usize = 16;

impl<'e> Lookup<'e> {
    fn build(element: &'e Element) -> Self {
        let mut by_name = HashMap::new();
        let mut by_value = HashMap::new();
        for (i, (name, value, _)) in element.attributes.iter().enumerate() {
            by_name.entry(name.as_str()).or_insert(i);
            by_name.entry(name.rsplit(':').next().unwrap_or(name)).or_insert(i);
            if !name.starts_with("xmlns") {
                by_value.entry(value.trim()).or_insert(i);
            }
        }
        Lookup {
            element: element.start,
            by_name,
            by_value,
        }
    }
}

/// The attribute a value message is about: the engine places attribute errors at their
/// element, so the quoted value is matched against the element's attributes.
fn attribute_of<'e>(message: &str, element: &'e Element, lookup: &mut Option<Lookup<'e>>) -> Option<(&'e str, usize)> {
    let name = quoted_after(message, "attribute '").or_else(|| quoted_after(message, "Attribute '"));
    let value = match name {
        Some(_) => None,
        None => Some(quoted_after(message, "Value '").or_else(|| message.strip_prefix('\'')?.split('\'').next())?),
    };
    let found = if element.attributes.len() <= SEARCHED_ATTRIBUTES {
        let attributes = &element.attributes;
        match (name, value) {
            (Some(name), _) => attributes
                .iter()
                .position(|(n, _, _)| n == name || n.rsplit(':').next() == Some(name)),
            (None, Some(value)) => attributes
                .iter()
                .position(|(n, v, _)| v.trim() == value.trim() && !n.starts_with("xmlns")),
            (None, None) => None,
        }
    } else {
        if lookup.as_ref().is_none_or(|l| l.element != element.start) {
            *lookup = Some(Lookup::build(element));
        }
        let table = lookup.as_ref()?;
        match (name, value) {
            (Some(name), _) => table.by_name.get(name).copied(),
            (None, Some(value)) => table.by_value.get(value.trim()).copied(),
            (None, None) => None,
        }
    };
    element.attributes.get(found?).map(|(n, _, o)| (n.as_str(), *o))
}

fn quoted_after<'m>(message: &'m str, marker: &str) -> Option<&'m str> {
    let rest = &message[message.find(marker)? + marker.len()..];
    rest.split('\'').next()
}

/// The rule and help for a message.
fn classify(message: &str) -> (&'static Rule, Option<String>) {
    let rule = &rules::SCHEMA_VIOLATION;
    let help = if let Some(list) = message.split("allowed values: ").nth(1) {
        let values: Vec<&str> = list
            .trim_matches(['[', ']'])
            .split(", ")
            .map(|v| v.trim_matches('"'))
            .collect();
        Some(format!("allowed values: {}", values.join(", ")))
    } else if let Some(pattern) = message.split("pattern '").nth(1) {
        Some(format!(
            "the value must match the pattern {} (XSD regular expressions match the whole value)",
            pattern.trim_end_matches('\'')
        ))
    } else if let Some((missing, before)) = message.strip_prefix("missing ").and_then(|m| m.split_once(" before ")) {
        Some(format!("add {missing} before {before}"))
    } else if let Some(missing) = message.split_once("is incomplete: missing ").map(|(_, m)| m) {
        Some(format!("add {}", missing.trim_end_matches(" before its end tag")))
    } else if message.contains("is not expected here") {
        Some("remove the element, or move it where the schema expects it".into())
    } else if [
        "ID '",
        "IDREF '",
        "key '",
        "keyref '",
        "unique constraint '",
        "Key",
        "Unique",
    ]
    .iter()
    .any(|p| message.starts_with(p))
    {
        Some("identity constraint: each value must be present and unique, and every reference must name one".into())
    } else if let Some(name) = quoted_after(message, "element '").filter(|_| message.starts_with("Expected at least")) {
        Some(format!("add <{name}> here"))
    } else if let Some(name) = quoted_after(message, "Required attribute '") {
        Some(format!("add the attribute {name}"))
    } else {
        message
            .split("is not a valid ")
            .nth(1)
            .map(|kind| lexical_help(kind.trim().trim_start_matches("xs:")))
    };
    (rule, help)
}

/// The lexical form of a built-in datatype, in words.
fn lexical_help(kind: &str) -> String {
    let form = match kind {
        "date" => "YYYY-MM-DD, a real calendar date (2024-02-29, not 2024-02-30)",
        "dateTime" => "YYYY-MM-DDThh:mm:ss with an optional fraction and time zone",
        "time" => "hh:mm:ss with an optional fraction and time zone",
        "boolean" => "true, false, 1 or 0",
        "int" | "integer" | "long" | "short" | "byte" => "an integer within the type's range",
        "decimal" => "a decimal number such as 12.50 (no exponent)",
        "gYear" => "a year, YYYY",
        "duration" => "an ISO 8601 duration such as P1Y2M or PT30M",
        "anyURI" => "a URI reference",
        _ => return format!("the value must be a valid xs:{kind}"),
    };
    format!("xs:{kind}: {form}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_long_record_keeps_only_the_lines_near_its_findings() {
        let text: String = (0..20).map(|i| format!("  <L{i}/>\n")).collect();
        let at = text.find("<L10/>").unwrap();
        let mut finding = Finding::new(
            "PAY002",
            crate::finding::Severity::Error,
            crate::finding::Kind::Payload,
            "f",
            "m",
        );
        finding.snippet = Some(Snippet {
            text: Arc::from(text.as_str()),
            first_line: 100,
            span: (at, at + 4),
        });
        let mut found = vec![finding];
        keep_nearby_lines(&mut found, &text, 100);
        let snippet = found[0].snippet.as_ref().unwrap();
        assert_eq!(snippet.first_line, 107);
        assert!(
            snippet.text.starts_with("  <L7/>") && snippet.text.ends_with("  <L13/>\n"),
            "{:?}",
            snippet.text
        );
        assert_eq!(&snippet.text[snippet.span.0..snippet.span.1], "<L10");
    }

    #[test]
    fn places_attribute_errors_on_the_attribute_and_drops_echoes() {
        let text = "<R>\n  <B n=\"x\"><D>2024-02-30</D><E/><F/></B><B/>\n</R>";
        let index = ElementIndex::build(text, "", None);
        let outline = Outline::default();
        let cx = Context {
            file: "f.xml",
            first_line: 0,
            standard: None,
            outline: &outline,
        };
        let error = |message: &str, line, column| EngineError {
            message: message.into(),
            line: Some(line),
            column: Some(column),
        };
        let errors = [
            error("'x' is not a valid int", 2, 3),
            error("'2024-02-30' is not a valid date", 2, 12),
            error("<E> is not expected here; expected nothing", 2, 29),
            error("<F> is not expected here; expected nothing", 2, 33),
        ];
        let found = describe(&errors, text, &index, &cx);
        let places: Vec<(Option<&str>, Option<usize>)> =
            found.iter().map(|f| (f.pointer.as_deref(), f.column)).collect();
        assert_eq!(
            places,
            [
                (Some("/R/B[1]/@n"), Some(6)),
                (Some("/R/B[1]/D"), Some(12)),
                (Some("/R/B[1]/E"), Some(29))
            ]
        );
        assert!(found[1].help.as_deref().is_some_and(|h| h.contains("YYYY-MM-DD")));
    }
}
