//! JUnit XML: one test case per file and standard, failed when it has errors. CI systems that
//! only understand test results show conformance as tests.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::escape::escape;
use super::location;
use crate::report::{Finding, Report, Severity, Subject};

pub(super) fn render(report: &Report) -> String {
    let mut cases: BTreeMap<Subject, Vec<&Finding>> = report.subjects.iter().map(|s| (s.clone(), Vec::new())).collect();
    for f in &report.findings {
        let subject = Subject {
            file: f.file.clone(),
            standard: f.standard.clone(),
        };
        let key = if cases.contains_key(&subject) {
            subject
        } else {
            cases.keys().find(|s| s.file == f.file).cloned().unwrap_or(subject)
        };
        cases.entry(key).or_default().push(f);
    }
    let failures = cases
        .values()
        .filter(|fs| fs.iter().any(|f| f.severity == Severity::Error))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"nifcheck\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        cases.len()
    );
    let suite = report
        .framework
        .as_ref()
        .map_or_else(|| "nifcheck".to_string(), |f| format!("{}@{}", f.id, f.version));
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        escape(&suite),
        cases.len()
    );
    for (subject, findings) in &cases {
        let standard = subject.standard.as_deref().unwrap_or("schema");
        let _ = write!(
            out,
            "    <testcase name=\"{}\" classname=\"{}\"",
            escape(&format!("{} [{standard}]", subject.file)),
            escape(standard)
        );
        let errors: Vec<&&Finding> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
        if findings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        if let Some(first) = errors.first() {
            let _ = write!(
                out,
                "      <failure message=\"{}\" type=\"{}\">",
                escape(&format!("{} error(s); first: {}", errors.len(), first.message)),
                escape(&first.rule)
            );
            for f in &errors {
                let _ = writeln!(out, "{}", escape(&line(f)));
            }
            out.push_str("</failure>\n");
        }
        let others: Vec<&&Finding> = findings.iter().filter(|f| f.severity != Severity::Error).collect();
        if !others.is_empty() {
            out.push_str("      <system-out>");
            for f in others {
                let _ = writeln!(out, "{}", escape(&line(f)));
            }
            out.push_str("</system-out>\n");
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn line(f: &Finding) -> String {
    format!("{}: {} {} {}", location(f), f.severity.as_str(), f.rule, f.message)
}
