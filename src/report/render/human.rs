//! Human output: one miette diagnostic per document with findings (its snippet, one label per
//! finding, the help underneath), then a one-line summary.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use super::SHOWN_TEXT;
use super::{RenderOptions, location};
use crate::finding::clip;
use crate::report::{Finding, Report, Severity};
use crate::source::printable::{control, control_in_place, control_lines};

/// Lines of one offending value underlined; a longer value is underlined on its first line
/// only, and its label says how many lines were left out.
const SHOWN_SPAN_LINES: usize = 20;

pub(super) fn render(report: &Report, options: RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut handler = GraphicalReportHandler::new_themed(theme).with_links(false);
    if let Some(width) = options.width {
        handler = handler.with_width(width);
    }
    let mut out = String::new();
    let mut rest = report.findings.as_slice();
    while let Some(first) = rest.first() {
        let same_document = |f: &Finding| match (&f.snippet, &first.snippet) {
            (Some(a), Some(b)) => Arc::ptr_eq(&a.text, &b.text) && f.file == first.file,
            _ => false,
        };
        let n = if first.snippet.is_some() {
            rest.iter().take_while(|f| same_document(f)).count()
        } else {
            1
        };
        let (group, tail) = rest.split_at(n.max(1));
        rest = tail;
        let lines = first.snippet.as_ref().map(|s| Arc::new(line_starts(&s.text)));
        // Control characters of the document are shown, never sent to the terminal.
        let shown = first.snippet.as_ref().map(|s| match control_in_place(&s.text) {
            std::borrow::Cow::Borrowed(_) => Arc::clone(&s.text),
            std::borrow::Cow::Owned(text) => Arc::from(text),
        });
        for chunk in chunks(group) {
            match DocumentDiagnostic::new(chunk, lines.clone(), shown.clone()) {
                Some(diagnostic) => {
                    if handler.render_report(&mut out, &diagnostic).is_err() {
                        plain(&mut out, chunk);
                    }
                }
                None => plain(&mut out, chunk),
            }
            out.push('\n');
        }
    }
    out.push_str(&summary(report));
    out
}

/// Most findings a diagnostic shows, and how far apart (in lines) two of them may be: one
/// diagnostic per neighbourhood keeps a document with thousands of findings readable, and
/// rendering linear in their number.
const CHUNK_FINDINGS: usize = 30;
const CHUNK_LINES: usize = 40;

/// A document's findings (sorted by line) in neighbourhoods.
fn chunks(findings: &[Finding]) -> Vec<&[Finding]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..findings.len() {
        let first = findings[start].line.unwrap_or(0);
        let this = findings[i].line.unwrap_or(0);
        if i - start >= CHUNK_FINDINGS || this.saturating_sub(first) > CHUNK_LINES {
            out.push(&findings[start..i]);
            start = i;
        }
    }
    if start < findings.len() {
        out.push(&findings[start..]);
    }
    out
}

/// Byte offset of the start of every line.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
}

fn plain(out: &mut String, findings: &[Finding]) {
    for f in findings {
        let _ = writeln!(
            out,
            "{}[{}]: {}: {}",
            f.severity.as_str(),
            control(&f.rule),
            control(&location(f)),
            control(&clip(&f.message, SHOWN_TEXT))
        );
        if let Some(help) = &f.help {
            let _ = writeln!(out, "  help: {}", control(&clip(help, SHOWN_TEXT)));
        }
        if let Some(witness) = &f.witness {
            let _ = writeln!(out, "  witness: {}", control(&clip(&witness.to_string(), SHOWN_TEXT)));
        }
    }
}

fn summary(report: &Report) -> String {
    let s = &report.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let verdict = match (&s.verdict, s.conforms) {
        (Some(verdict), _) => verdict.as_str(),
        (None, true) => "conforms",
        (None, false) => "does not conform",
    };
    let against = report.framework.as_ref().map_or_else(String::new, |f| {
        format!(" against {}@{}", control(&f.id), control(&f.version))
    });
    format!(
        "{}: {}, {}, {} in {} ({}){against}\n",
        verdict,
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(s.files, "file"),
        plural(s.documents, "document"),
    )
}

/// One document's findings as a single diagnostic.
#[derive(Debug)]
struct DocumentDiagnostic {
    title: String,
    severity: Severity,
    source: OffsetSource,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

/// The longest source line a diagnostic shows. A longer one (minified JSON, a one-line XML
/// file, a huge value) is reported as a plain `file:line:column` line instead: printing it would
/// flood the terminal, and the diagnostic renderer cannot place a label that far into a line.
const SHOWN_LINE_BYTES: usize = 2_000;

/// The part of a finding's span that is underlined, and how many of its lines are left out.
fn shown_span(span: (usize, usize), lines: &[usize]) -> ((usize, usize), usize) {
    let (start, end) = span;
    let first = lines.partition_point(|&l| l <= start).saturating_sub(1);
    let last = lines.partition_point(|&l| l <= end.max(start)).saturating_sub(1);
    if last - first < SHOWN_SPAN_LINES {
        return (span, 0);
    }
    // The first line without its line break.
    let first_end = lines
        .get(first + 1)
        .map_or(end, |next| next.saturating_sub(1))
        .max(start);
    ((start, first_end.min(end)), last - first)
}

/// Whether every labelled line of a snippet is short enough to show.
fn lines_short_enough(findings: &[Finding], text: &str, lines: &[usize]) -> bool {
    findings.iter().filter_map(|f| f.snippet.as_ref()).all(|snippet| {
        let ((start, end), _) = shown_span(snippet.span, lines);
        let first = lines.partition_point(|&l| l <= start).saturating_sub(1);
        let last = lines.partition_point(|&l| l <= end.max(start)).saturating_sub(1);
        (first..=last).all(|n| {
            let from = lines.get(n).copied().unwrap_or(0);
            let to = lines.get(n + 1).copied().unwrap_or(text.len());
            to.saturating_sub(from) <= SHOWN_LINE_BYTES
        })
    })
}

impl DocumentDiagnostic {
    fn new(findings: &[Finding], lines: Option<Arc<Vec<usize>>>, shown: Option<Arc<str>>) -> Option<Self> {
        let first = findings.first()?;
        let snippet = first.snippet.as_ref()?;
        let shown = shown.unwrap_or_else(|| Arc::clone(&snippet.text));
        let lines = lines.unwrap_or_else(|| Arc::new(line_starts(&snippet.text)));
        if !lines_short_enough(findings, &snippet.text, &lines) {
            return None;
        }
        let severity = findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Error);
        let title = match findings {
            [one] => format!("{} {}", control(&one.rule), control(&clip(&one.message, SHOWN_TEXT))),
            many => {
                let against = first
                    .standard
                    .as_ref()
                    .map_or_else(String::new, |s| format!(" against {s}"));
                format!(
                    "{} problems in {}{}",
                    many.len(),
                    control(&location(first)),
                    control(&against)
                )
            }
        };
        let labels = findings
            .iter()
            .filter_map(|f| {
                let ((start, end), hidden) = shown_span(f.snippet.as_ref()?.span, &lines);
                let message = clip(&f.message, SHOWN_TEXT);
                let mut text = if findings.len() == 1 {
                    control(&message).into_owned()
                } else {
                    control(&format!("{}: {message}", f.rule)).into_owned()
                };
                if hidden > 0 {
                    let _ = write!(text, " (the value goes on for {hidden} more lines, not shown)");
                }
                Some(LabeledSpan::new(Some(text), start, end.saturating_sub(start).max(1)))
            })
            .collect();
        let helps: Vec<String> = findings
            .iter()
            .filter_map(|f| {
                let help = clip(f.help.as_ref()?, SHOWN_TEXT);
                Some(control_lines(&if findings.len() == 1 {
                    help.into_owned()
                } else {
                    format!("{} {}: {help}", f.rule, location(f))
                }))
            })
            .collect();
        Some(DocumentDiagnostic {
            title,
            severity,
            source: OffsetSource {
                name: control(&first.file).into_owned(),
                text: shown,
                first_line: snippet.first_line,
                lines,
            },
            labels,
            help: (!helps.is_empty()).then(|| helps.join("\n")),
        })
    }
}

impl fmt::Display for DocumentDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for DocumentDiagnostic {}

impl Diagnostic for DocumentDiagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// A document's text that may start further down its file (one NDJSON line): line numbers in
/// the snippet are those of the file.
#[derive(Debug)]
struct OffsetSource {
    name: String,
    text: Arc<str>,
    first_line: usize,
    /// Start of every line of `text`, so a span is found without scanning from the start.
    lines: Arc<Vec<usize>>,
}

impl SourceCode for OffsetSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.text.as_ref();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let lines = &self.lines;
        // 0-based lines of the span's first and last byte.
        let line_of = |offset: usize| lines.partition_point(|&s| s <= offset).saturating_sub(1);
        let first = line_of(start).saturating_sub(before);
        let last = (line_of(end.saturating_sub(1).max(start)) + after).min(lines.len() - 1);
        // As miette reads a string: without context lines, the data starts at the span and
        // the column is the span's; with them, at the first line's start.
        let (from, column) = if before == 0 {
            (start, start - lines[line_of(start)])
        } else {
            (lines[first], 0)
        };
        let to = lines.get(last + 1).copied().unwrap_or(text.len()).max(from);
        let data = text.get(from..to).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.clone(),
                data.as_bytes(),
                SourceSpan::new(from.into(), to - from),
                first + self.first_line,
                column,
                last + 1,
            )
            .with_language("json"),
        ))
    }
}
