//! The EU Interoperability Test Bed's Test Assertion Report (GITB TAR), so test beds built on
//! the ITB can call nifcheck as a validator and show its findings as their own.

use std::fmt::Write as _;

use super::escape::escape;
use super::location;
use crate::report::{Report, Severity};

pub(super) fn render(report: &Report) -> String {
    let s = &report.summary;
    let result = if s.errors > 0 {
        "FAILURE"
    } else if s.warnings > 0 {
        "WARNING"
    } else {
        "SUCCESS"
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(concat!(
        "<TestStepReport xmlns=\"http://www.gitb.com/tr/v1/\" xmlns:gitb=\"http://www.gitb.com/core/v1/\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"TAR\" id=\"nifcheck\" name=\"nifcheck\">\n"
    ));
    let _ = writeln!(out, "  <date>{}</date>", report.generated);
    let _ = writeln!(out, "  <result>{result}</result>");
    out.push_str("  <overview>\n");
    if let Some(f) = &report.framework {
        let _ = writeln!(
            out,
            "    <profileID>{}</profileID>",
            escape(&format!("{}@{}", f.id, f.version))
        );
        let _ = writeln!(out, "    <customizationID>{}</customizationID>", escape(&f.digest));
    }
    let _ = writeln!(out, "    <validationServiceName>nifcheck</validationServiceName>");
    let _ = writeln!(
        out,
        "    <validationServiceVersion>{}</validationServiceVersion>",
        escape(report.tool.version)
    );
    out.push_str("  </overview>\n");
    let _ = writeln!(
        out,
        "  <counters>\n    <nrOfAssertions>{}</nrOfAssertions>\n    <nrOfErrors>{}</nrOfErrors>\n    <nrOfWarnings>{}</nrOfWarnings>\n  </counters>",
        s.infos, s.errors, s.warnings
    );
    if !report.findings.is_empty() {
        out.push_str("  <reports>\n");
        for f in &report.findings {
            let element = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let _ = writeln!(out, "    <{element} xsi:type=\"BAR\">");
            let _ = writeln!(out, "      <assertionID>{}</assertionID>", escape(&f.rule));
            let _ = writeln!(out, "      <description>{}</description>", escape(&f.message));
            let _ = writeln!(out, "      <location>{}</location>", escape(&location(f)));
            if let Some(pointer) = &f.pointer {
                let _ = writeln!(out, "      <test>{}</test>", escape(pointer));
            }
            if let Some(standard) = &f.standard {
                let _ = writeln!(out, "      <type>{}</type>", escape(standard));
            }
            let _ = writeln!(out, "    </{element}>");
        }
        out.push_str("  </reports>\n");
    }
    out.push_str("</TestStepReport>\n");
    out
}
