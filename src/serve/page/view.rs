//! What the page's templates see: the choices of the form, and a report turned into a summary
//! sentence and findings with their snippets and documentation links.

use serde::Serialize;

use super::snippet::{SnippetLine, snippet};
use crate::finding::Finding;
use crate::framework::{Framework, Status};
use crate::report::Report;

/// The value of the form's choice that means "an API description" rather than a standard.
pub const API_DESCRIPTION: &str = "openapi";

/// One choice of the form's list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Choice {
    pub(crate) value: String,
    pub(crate) label: String,
}

/// The standards of `framework`, newest version of each first, then the API description.
/// Retired standards are left out: nothing should still be checked against them.
pub(crate) fn choices(framework: Option<&Framework>) -> Vec<Choice> {
    let mut standards: Vec<_> = framework
        .map(|f| f.standards.iter().filter(|s| s.status() != Status::Retired).collect())
        .unwrap_or_default();
    standards.sort_by(|a, b| a.entry.id.cmp(&b.entry.id).then(b.version.cmp(&a.version)));
    let mut list: Vec<Choice> = standards
        .into_iter()
        .map(|s| {
            let status = match s.status() {
                Status::Mandatory => String::new(),
                other => format!(", {}", other.as_str()),
            };
            Choice {
                value: s.label(),
                label: format!("{} — {}{status}", s.label(), s.entry.title),
            }
        })
        .collect();
    list.push(Choice {
        value: API_DESCRIPTION.into(),
        label: "API description (OpenAPI 3.0 or 3.1, JSON or YAML)".into(),
    });
    list
}

/// What was submitted, as the results name it.
pub struct Submission<'a> {
    /// `person@1.2.0`, or "the API description".
    pub subject: &'a str,
    /// The name the findings carry for the submitted document.
    pub document: &'a str,
    /// Its text, for the snippets.
    pub text: &'a str,
}

/// The results of one check.
#[derive(Debug, Serialize)]
pub(crate) struct Results {
    conforms: bool,
    /// "3 errors, 1 warning in person@1.2.0".
    summary: String,
    findings: Vec<FindingView>,
    /// Findings the service's cap left out of the list (the summary counts them).
    omitted: usize,
}

#[derive(Debug, Serialize)]
struct FindingView {
    severity: &'static str,
    rule: String,
    rule_href: Option<String>,
    /// `12:5`, or `12`, or nothing.
    position: String,
    message: String,
    pointer: Option<String>,
    help: Option<String>,
    /// Set when the finding is about the submitted document and names a line of it.
    snippet: Option<Vec<SnippetLine>>,
    /// A finding about another document (a framework file): its name.
    elsewhere: Option<String>,
}

/// Where the page documents a rule, when nifcheck documents it (a ruleset's own rules have no
/// page). The code is a path segment, so it is checked against the registry, never echoed.
pub(crate) fn rule_href(code: &str) -> Option<String> {
    crate::rules::find(code).map(|rule| format!("/rules/{}", rule.code))
}

impl Results {
    pub(crate) fn new(report: &Report, submission: &Submission<'_>, omitted: usize) -> Self {
        Results {
            conforms: report.conforms(),
            summary: summary(report, submission.subject),
            findings: report.findings.iter().map(|f| finding_view(f, submission)).collect(),
            omitted,
        }
    }
}

fn finding_view(finding: &Finding, submission: &Submission<'_>) -> FindingView {
    let ours = finding.file == submission.document;
    let position = match (finding.line, finding.column) {
        (Some(line), Some(column)) => format!("{line}:{column}"),
        (Some(line), None) => line.to_string(),
        _ => String::new(),
    };
    FindingView {
        severity: finding.severity.as_str(),
        rule: finding.rule.clone(),
        rule_href: rule_href(&finding.rule),
        position,
        message: finding.message.clone(),
        pointer: finding.pointer.clone().filter(|p| !p.is_empty()),
        help: finding.help.clone(),
        snippet: finding
            .line
            .filter(|_| ours)
            .and_then(|line| snippet(submission.text, line, finding.column)),
        elsewhere: (!ours).then(|| finding.file.clone()),
    }
}

/// "3 errors, 1 warning in person@1.2.0"; "conforms to person@1.2.0" when nothing was found.
pub(crate) fn summary(report: &Report, subject: &str) -> String {
    let s = &report.summary;
    let counts: Vec<String> = [(s.errors, "error"), (s.warnings, "warning"), (s.infos, "note")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}{}", if n == 1 { "" } else { "s" }))
        .collect();
    match (report.conforms(), counts.is_empty()) {
        (true, true) => format!("Conforms to {subject}: nothing to fix."),
        (true, false) => format!("Conforms to {subject}, with {}.", counts.join(", ")),
        (false, _) => format!("{} in {subject}.", counts.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Kind, Severity};
    use crate::report::{Run, Subject};

    fn report(findings: Vec<Finding>) -> Report {
        Report::collect(
            findings,
            Run {
                subjects: vec![Subject {
                    file: "pasted text".into(),
                    standard: None,
                }],
                ..Run::default()
            },
        )
    }

    fn finding(rule: &str, severity: Severity, file: &str, line: usize) -> Finding {
        let mut f = Finding::new(rule, severity, Kind::Payload, file, "wrong");
        f.line = Some(line);
        f.column = Some(3);
        f
    }

    #[test]
    fn the_summary_counts_what_was_found() {
        let findings = vec![
            finding("PAY002", Severity::Error, "pasted text", 1),
            finding("PAY002", Severity::Error, "pasted text", 2),
            finding("PAY003", Severity::Warning, "pasted text", 2),
        ];
        assert_eq!(
            summary(&report(findings), "person@1.2.0"),
            "2 errors, 1 warning in person@1.2.0."
        );
        assert_eq!(
            summary(&report(Vec::new()), "person@1.2.0"),
            "Conforms to person@1.2.0: nothing to fix."
        );
        let warning = vec![finding("PAY003", Severity::Warning, "pasted text", 2)];
        assert_eq!(
            summary(&report(warning), "x@1.0.0"),
            "Conforms to x@1.0.0, with 1 warning."
        );
    }

    #[test]
    fn snippets_only_for_the_submitted_document() {
        let findings = vec![
            finding("PAY002", Severity::Error, "pasted text", 2),
            finding("FWK003", Severity::Error, "standards/person.json", 2),
        ];
        let submission = Submission {
            subject: "person@1.2.0",
            document: "pasted text",
            text: "{\n  \"age\": -1\n}",
        };
        let results = Results::new(&report(findings), &submission, 0);
        let find = |rule: &str| results.findings.iter().find(|f| f.rule == rule).unwrap();
        let ours = find("PAY002");
        assert_eq!(ours.rule, "PAY002");
        assert_eq!(ours.position, "2:3");
        assert_eq!(ours.rule_href.as_deref(), Some("/rules/PAY002"));
        assert!(
            ours.snippet
                .as_ref()
                .is_some_and(|s| s.iter().any(|l| l.hit && l.marked == "\""))
        );
        let other = find("FWK003");
        assert!(other.snippet.is_none());
        assert_eq!(other.elsewhere.as_deref(), Some("standards/person.json"));
    }

    #[test]
    fn rule_links_name_only_documented_rules() {
        assert_eq!(rule_href("pay002").as_deref(), Some("/rules/PAY002"));
        assert_eq!(rule_href("../etc/passwd"), None);
    }

    #[test]
    fn the_reference_framework_offers_its_standards_and_the_api_description() {
        let framework = crate::framework::Framework::load(
            &crate::framework::FrameworkSource::Embedded,
            crate::framework::CompileOptions::default(),
        )
        .ok()
        .flatten();
        let list = choices(framework.as_ref());
        assert!(list.iter().any(|c| c.value == "person@1.2.0"), "{list:?}");
        assert_eq!(list.last().map(|c| c.value.as_str()), Some(API_DESCRIPTION));
    }
}
