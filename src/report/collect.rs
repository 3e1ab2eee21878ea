//! The collect step, one for every command: waivers, deduplication, order, counts and the
//! verdict. Commands hand their findings here and render what comes back; none of them sorts,
//! counts or decides an exit code by itself.

use super::{Baseline, FailOn, Finding, Report, Severity, Subject, Summary, ToolInfo, quality_score};
use crate::date::Timestamp;
use crate::framework::Framework;

/// Everything besides the findings that a report is made of.
#[derive(Clone, Default)]
pub struct Run<'a> {
    /// The framework the findings were made against; its exceptions waive findings.
    pub framework: Option<&'a Framework>,
    /// An earlier report whose findings are kept but waived, so only new findings fail.
    pub baseline: Option<Baseline>,
    /// What was checked, findings or not.
    pub subjects: Vec<Subject>,
    /// Payload documents (or descriptions, or schemas) read.
    pub documents: usize,
    /// From which severity a finding fails the run.
    pub fail_on: FailOn,
    /// When the report is made.
    pub generated: Timestamp,
    /// `diff` only: the overall verdict of the comparison.
    pub verdict: Option<&'static str>,
    /// `lint` only: operations described, to score API quality.
    pub operations: Option<usize>,
}

impl Report {
    /// Collects the findings of a run into a report: applies the framework's exceptions, drops
    /// findings reported twice, sorts findings and subjects, counts them and decides whether
    /// the run conforms (nothing at or above `fail_on`).
    pub fn collect(mut findings: Vec<Finding>, run: Run<'_>) -> Report {
        if let Some(framework) = run.framework {
            framework.apply_exceptions(&mut findings);
        }
        if let Some(baseline) = run.baseline {
            findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            baseline.apply(&mut findings);
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.severity == b.severity);
        let subjects = normalize(run.subjects);
        let mut files: Vec<&str> = subjects.iter().map(|s| s.file.as_str()).collect();
        files.dedup();
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let summary = Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            files: files.len(),
            documents: run.documents,
            conforms: !findings.iter().any(|f| run.fail_on.fails(f.severity)),
            verdict: run.verdict.map(str::to_string),
            score: run.operations.map(|operations| quality_score(&findings, operations)),
        };
        Report {
            tool: ToolInfo::default(),
            framework: run.framework.map(Framework::info),
            generated: run.generated,
            summary,
            findings,
            verification: None,
            government: None,
            subjects,
        }
    }
}

/// Sorted and unique; a file checked against a standard is not listed again without one.
fn normalize(mut subjects: Vec<Subject>) -> Vec<Subject> {
    subjects.sort();
    subjects.dedup();
    let known: Vec<String> = subjects
        .iter()
        .filter(|s| s.standard.is_some())
        .map(|s| s.file.clone())
        .collect();
    subjects.retain(|s| s.standard.is_some() || known.binary_search(&s.file).is_err());
    subjects
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Kind;

    fn finding(rule: &str, severity: Severity, line: usize) -> Finding {
        let mut f = Finding::new(rule, severity, Kind::Payload, "a.json", "message");
        f.line = Some(line);
        f
    }

    #[test]
    fn sorts_drops_repeats_and_counts() {
        let report = Report::collect(
            vec![
                finding("PAY002", Severity::Error, 9),
                finding("PAY004", Severity::Warning, 2),
                finding("PAY002", Severity::Error, 9),
            ],
            Run::default(),
        );
        let lines: Vec<_> = report.findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [Some(2), Some(9)]);
        assert_eq!((report.summary.errors, report.summary.warnings), (1, 1));
        assert!(!report.conforms());
    }

    #[test]
    fn fail_on_decides_the_verdict() {
        let findings = || vec![finding("PAY004", Severity::Warning, 2)];
        let with = |fail_on| {
            Report::collect(
                findings(),
                Run {
                    fail_on,
                    verdict: Some("unknown"),
                    ..Run::default()
                },
            )
            .conforms()
        };
        assert!(with(FailOn::Error));
        assert!(!with(FailOn::Warning));
        assert!(with(FailOn::Never));
    }

    #[test]
    fn a_file_checked_against_a_standard_is_one_subject() {
        let subject = |standard: Option<&str>| Subject {
            file: "a.json".into(),
            standard: standard.map(str::to_string),
        };
        let report = Report::collect(
            Vec::new(),
            Run {
                subjects: vec![subject(None), subject(Some("person@1.2.0")), subject(None)],
                ..Run::default()
            },
        );
        assert_eq!(report.subjects, [subject(Some("person@1.2.0"))]);
        assert_eq!(report.summary.files, 1);
    }
}
