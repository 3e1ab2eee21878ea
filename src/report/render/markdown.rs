//! Markdown: a summary and a table of findings, for a pull-request comment or a CI job summary
//! (GitHub's `$GITHUB_STEP_SUMMARY`, GitLab's merge-request notes).

use std::fmt::Write as _;

use super::SHOWN_TEXT;
use super::location;
use crate::finding::clip;
use crate::report::Report;
use crate::source::printable::control;

pub(super) fn render(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::from("## nifcheck\n\n");
    let verdict = if s.conforms { "conforms" } else { "does not conform" };
    let _ = write!(
        out,
        "**{verdict}**: {} error(s), {} warning(s), {} info(s) in {} file(s)",
        s.errors, s.warnings, s.infos, s.files
    );
    if let Some(f) = &report.framework {
        let _ = write!(out, ", against {} {}", cell(&f.id), cell(&f.version));
    }
    out.push_str(".\n");
    if report.findings.is_empty() {
        return out;
    }
    out.push_str("\n| Severity | Rule | Where | Message |\n|---|---|---|---|\n");
    for f in &report.findings {
        let mut message = cell(&clip(&f.message, SHOWN_TEXT));
        if let Some(waiver) = &f.waived_by {
            let _ = write!(message, " (waived: {})", cell(waiver));
        }
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {message} |",
            f.severity.as_str(),
            cell(&f.rule),
            control(&location(f)).replace('`', "'")
        );
    }
    out
}

/// Text safe inside a table cell: no line breaks, no column separators, no markup.
pub(super) fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' | '_' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() && c != '\t' => out.push_str(&control(&c.to_string())),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_keep_the_table_whole() {
        assert_eq!(super::cell("a|b\nc <d> `e`"), "a\\|b c &lt;d&gt; \\`e\\`");
        assert_eq!(super::cell("a\u{1b}[31m"), "a\\u{1b}\\[31m");
    }
}
