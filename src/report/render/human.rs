//! Human output: one miette diagnostic per document with findings (its snippet, one label per
//! finding, the help underneath), then a one-line summary.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use super::{RenderOptions, location};
use crate::report::{Finding, Report, Severity};

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
        match DocumentDiagnostic::new(group) {
            Some(diagnostic) => {
                if handler.render_report(&mut out, &diagnostic).is_err() {
                    plain(&mut out, group);
                }
            }
            None => plain(&mut out, group),
        }
        out.push('\n');
    }
    out.push_str(&summary(report));
    out
}

fn plain(out: &mut String, findings: &[Finding]) {
    for f in findings {
        let _ = writeln!(
            out,
            "{}[{}]: {}: {}",
            f.severity.as_str(),
            f.rule,
            location(f),
            f.message
        );
        if let Some(help) = &f.help {
            let _ = writeln!(out, "  help: {help}");
        }
        if let Some(witness) = &f.witness {
            let _ = writeln!(out, "  witness: {witness}");
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
    let against = report
        .framework
        .as_ref()
        .map_or_else(String::new, |f| format!(" against {}@{}", f.id, f.version));
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

impl DocumentDiagnostic {
    fn new(findings: &[Finding]) -> Option<Self> {
        let first = findings.first()?;
        let snippet = first.snippet.as_ref()?;
        let severity = findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Error);
        let title = match findings {
            [one] => format!("{} {}", one.rule, one.message),
            many => {
                let against = first
                    .standard
                    .as_ref()
                    .map_or_else(String::new, |s| format!(" against {s}"));
                format!("{} problems in {}{against}", many.len(), location(first))
            }
        };
        let labels = findings
            .iter()
            .filter_map(|f| {
                let span = f.snippet.as_ref()?.span;
                let text = if findings.len() == 1 {
                    f.message.clone()
                } else {
                    format!("{}: {}", f.rule, f.message)
                };
                Some(LabeledSpan::new(
                    Some(text),
                    span.0,
                    span.1.saturating_sub(span.0).max(1),
                ))
            })
            .collect();
        let helps: Vec<String> = findings
            .iter()
            .filter_map(|f| {
                let help = f.help.as_ref()?;
                Some(if findings.len() == 1 {
                    help.clone()
                } else {
                    format!("{} {}: {help}", f.rule, location(f))
                })
            })
            .collect();
        Some(DocumentDiagnostic {
            title,
            severity,
            source: OffsetSource {
                name: first.file.clone(),
                text: Arc::clone(&snippet.text),
                first_line: snippet.first_line,
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
}

impl SourceCode for OffsetSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_ref().read_span(span, before, after)?;
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                *inner.span(),
                inner.line() + self.first_line,
                inner.column(),
                inner.line_count(),
            )
            .with_language("json"),
        ))
    }
}
