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

/// The message of a workflow command: `%`, `\r` and `\n` as GitHub decodes them, every other
/// control character shown escaped so none reaches the log raw.
fn data(text: &str) -> String {
    let encoded = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    crate::source::printable::control(&encoded).into_owned()
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_cannot_start_a_workflow_command() {
        let hostile = "a.json\n::error file=x.json::pwned\r,b:\u{1b}[2J%0A";
        assert_eq!(
            property(hostile),
            "a.json%0A%3A%3Aerror file=x.json%3A%3Apwned%0D%2Cb%3A\\u{1b}[2J%250A"
        );
        assert_eq!(data("x\n::y\u{1b}"), "x%0A::y\\u{1b}");
    }
}
