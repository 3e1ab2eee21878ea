//! The finding: one thing nifcheck found, renderer-agnostic.

use std::sync::Arc;

use serde::Serialize;

/// How serious a finding is. The order matters: `--fail-on` compares with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never a conformance failure on its own.
    Info,
    /// Likely a problem; fails only with `--fail-on warning`.
    Warning,
    /// Does not conform.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Which part of the framework a finding is about (the DESIGN's finding kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A JSON, NDJSON or XML payload.
    Payload,
    /// An API description.
    Api,
    /// A standard's own definition.
    Standard,
    /// A gap between agencies at one level.
    Horizontal,
    /// A gap between levels of government.
    Vertical,
    /// A change between two versions.
    Evolution,
    /// The framework itself.
    Framework,
}

impl Kind {
    /// `payload`, `api`, … as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Payload => "payload",
            Kind::Api => "api",
            Kind::Standard => "standard",
            Kind::Horizontal => "horizontal",
            Kind::Vertical => "vertical",
            Kind::Evolution => "evolution",
            Kind::Framework => "framework",
        }
    }
}

/// A place related to a finding (the first occurrence of a duplicate key, say).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    /// The file, as given on the command line.
    pub file: String,
    /// JSON Pointer (or element path) inside that file.
    pub pointer: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// What this place has to do with the finding.
    pub message: String,
}

/// The text a finding points into, kept only for documents that have findings so the human
/// renderer can show the snippet. `first_line` lets one NDJSON line stand for itself while the
/// header still shows the line of the whole file.
#[derive(Debug, Clone)]
pub struct Snippet {
    /// The document's text (a whole file, or one NDJSON line).
    pub text: Arc<str>,
    /// 0-based line of `text`'s first line inside the file.
    pub first_line: usize,
    /// Byte range of the offending value inside `text`.
    pub span: (usize, usize),
}

/// One finding. Field order is the order of the JSON report.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable rule code, `PAY002`.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// What the finding is about.
    pub kind: Kind,
    /// The file as given (`-` for standard input is shown as `<stdin>`).
    pub file: String,
    /// JSON Pointer of the instance location (an element path for XML).
    pub pointer: Option<String>,
    /// 1-based line of the offending value.
    pub line: Option<usize>,
    /// 1-based column, counted in Unicode scalar values.
    pub column: Option<usize>,
    /// The standard it was checked against, `person@1.2.0`.
    pub standard: Option<String>,
    /// The agency concerned.
    pub agency: Option<String>,
    /// Other places that explain the finding.
    pub related: Vec<Related>,
    /// A concrete payload that shows the problem.
    pub witness: Option<serde_json::Value>,
    /// How to fix it: the allowed values, the pattern, the code list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Set when a framework exception waives this finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived_by: Option<String>,
    /// Source text for the human renderer; never serialised.
    #[serde(skip)]
    pub snippet: Option<Snippet>,
}

impl Finding {
    /// A finding with the given rule, severity, kind, file and message; everything else empty.
    pub fn new(rule: &str, severity: Severity, kind: Kind, file: &str, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.to_string(),
            severity,
            message: message.into(),
            kind,
            file: file.to_string(),
            pointer: None,
            line: None,
            column: None,
            standard: None,
            agency: None,
            related: Vec::new(),
            witness: None,
            help: None,
            waived_by: None,
            snippet: None,
        }
    }

    /// The key findings are sorted by, so reports are reproducible byte for byte.
    pub(crate) fn sort_key(&self) -> (&str, usize, usize, &str, &str, Option<&str>) {
        (
            &self.file,
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            &self.rule,
            &self.message,
            self.pointer.as_deref(),
        )
    }
}

/// Quality from 0 to 100 of an API description (per operation), or of an agency or a level of
/// government (per service): weighted findings per unit (an error weighs 10, a warning 3, an
/// info 1, a waived finding nothing), `d`, give `100 / (1 + d / 10)`. Nothing found scores 100;
/// one error per unit scores 50; size alone costs nothing.
pub fn quality_score<'a>(findings: impl IntoIterator<Item = &'a Finding>, operations: usize) -> u32 {
    let weight: usize = findings
        .into_iter()
        .filter(|f| f.waived_by.is_none())
        .map(|f| match f.severity {
            Severity::Error => 10,
            Severity::Warning => 3,
            Severity::Info => 1,
        })
        .sum();
    let density = weight as f64 / operations.max(1) as f64;
    (100.0 / (1.0 + density / 10.0)).round() as u32
}

/// One file checked, with the standard it was checked against: a JUnit test case, a TAR
/// assertion group. Files without findings are subjects too.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Subject {
    /// The file as given.
    pub file: String,
    /// `person@1.2.0`, when known.
    pub standard: Option<String>,
}

/// `text` cut to its first `max_chars` characters, saying how many more there were: a value
/// of megabytes stays in the JSON report but not in a terminal or an annotation.
pub fn clip(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => {
            let more = text[cut..].chars().count();
            let unit = if more == 1 { "character" } else { "characters" };
            std::borrow::Cow::Owned(format!("{}… ({more} more {unit})", &text[..cut]))
        }
    }
}

#[cfg(test)]
mod clip_tests {
    #[test]
    fn clips_long_texts_and_says_how_much() {
        assert_eq!(super::clip("short", 10), "short");
        assert_eq!(super::clip("ééééé", 5), "ééééé");
        assert_eq!(super::clip("éééééé", 5), "ééééé… (1 more character)");
    }
}
