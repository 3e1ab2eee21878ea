//! GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

use std::fmt::Write as _;

use super::SHOWN_TEXT;
use crate::finding::clip;
use crate::report::{Report, Severity};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = format!("file={}", property(&f.file));
        if let Some(line) = f.line {
            let _ = write!(properties, ",line={line}");
        }
        if let Some(column) = f.column {
            let _ = write!(properties, ",col={column}");
        }
        let _ = write!(properties, ",title={}", property(&f.rule));
        let mut message = clip(&f.message, SHOWN_TEXT).into_owned();
        if let Some(help) = &f.help {
            let _ = write!(message, "\n{}", clip(help, SHOWN_TEXT));
        }
        let _ = writeln!(out, "::{command} {properties}::{}", data(&message));
    }
    out
}

fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
