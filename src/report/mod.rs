//! Findings, the report that collects them, and one renderer per output format.

mod finding;
pub mod render;

pub use finding::{Finding, Kind, Related, Severity, Snippet};

use serde::Serialize;

/// The tool that wrote a report.
#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    /// Always `nifcheck`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
}

impl Default for ToolInfo {
    fn default() -> Self {
        ToolInfo {
            name: "nifcheck",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// The framework a report was made against.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FrameworkInfo {
    /// The framework's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// `sha256:` over every file of the framework, in path order.
    pub digest: String,
}

/// Counts over the findings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Input files read.
    pub files: usize,
    /// Payload documents read (an NDJSON file holds many).
    pub documents: usize,
    /// Nothing at or above the `--fail-on` threshold (for `diff`: the verdict is compatible).
    pub conforms: bool,
    /// `diff` only: `compatible`, `incompatible` or `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    /// `lint` only: API quality from 0 to 100 (see [`quality_score`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
}

/// When a run counts as failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Any error.
    #[default]
    Error,
    /// Any warning or error.
    Warning,
    /// Any finding at all.
    Info,
    /// Never: exit 0 whatever was found.
    Never,
}

impl FailOn {
    /// Whether a finding of this severity fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// One file checked, with the standard it was checked against: a JUnit test case, a TAR
/// assertion group. Files without findings are subjects too.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Subject {
    /// The file as given.
    pub file: String,
    /// `person@1.2.0`, when known.
    pub standard: Option<String>,
}

/// What every command produces: the same shape for every command and format.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Who wrote it.
    pub tool: ToolInfo,
    /// Against what (`null` with `--framework none`).
    pub framework: Option<FrameworkInfo>,
    /// Counts.
    pub summary: Summary,
    /// Every finding, sorted by file, line, column and rule.
    pub findings: Vec<Finding>,
    /// What was checked, sorted; not part of the JSON report (the findings and counts are).
    #[serde(skip)]
    pub subjects: Vec<Subject>,
}

impl Report {
    /// Builds a report: sorts the findings and subjects and counts them. `fail_on` decides `conforms`.
    pub fn new(
        framework: Option<FrameworkInfo>,
        mut findings: Vec<Finding>,
        mut subjects: Vec<Subject>,
        documents: usize,
        fail_on: FailOn,
    ) -> Self {
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        subjects.sort();
        subjects.dedup();
        let known: Vec<String> = subjects
            .iter()
            .filter(|s| s.standard.is_some())
            .map(|s| s.file.clone())
            .collect();
        subjects.retain(|s| s.standard.is_some() || known.binary_search(&s.file).is_err());
        let mut files: Vec<&str> = subjects.iter().map(|s| s.file.as_str()).collect();
        files.dedup();
        let files = files.len();
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let summary = Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            files,
            documents,
            conforms: !findings.iter().any(|f| fail_on.fails(f.severity)),
            verdict: None,
            score: None,
        };
        Report {
            tool: ToolInfo::default(),
            framework,
            summary,
            findings,
            subjects,
        }
    }

    /// Sets the verdict of a comparison; only `compatible` conforms.
    pub fn with_verdict(mut self, verdict: &str) -> Self {
        self.summary.conforms = verdict == "compatible";
        self.summary.verdict = Some(verdict.to_string());
        self
    }

    /// Sets the API quality score.
    pub fn with_score(mut self, score: u32) -> Self {
        self.summary.score = Some(score);
        self
    }

    /// Whether the run failed: what the exit code says.
    pub fn conforms(&self) -> bool {
        self.summary.conforms
    }
}

/// API quality from 0 to 100: weighted findings per operation (an error weighs 10, a warning
/// 3, an info 1), `d`, give `100 / (1 + d / 10)`. A description without findings scores 100;
/// one error per operation scores 50; size alone costs nothing.
pub fn quality_score(findings: &[Finding], operations: usize) -> u32 {
    let weight: usize = findings
        .iter()
        .filter(|f| f.waived_by.is_none())
        .map(|f| match f.severity {
            Severity::Error => 10,
            Severity::Warning => 3,
            Severity::Info => 1,
        })
        .sum();
    let density = weight as f64 / operations.max(1) as f64;
    (100.0 / (1.0 + density / 10.0)).round() as u32
}
