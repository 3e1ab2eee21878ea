//! The JSON report: the contract in DESIGN.md, published as `schemas/report.schema.json`.

use crate::report::Report;

pub(super) fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
