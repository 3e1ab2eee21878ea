//! Findings, the report that collects them, and one renderer per output format.

mod baseline;
mod collect;
pub mod render;
pub mod site;

pub use crate::finding::{Finding, Kind, Related, Severity, Snippet, Subject, quality_score};
pub use crate::framework::FrameworkInfo;
pub use baseline::Baseline;
pub use collect::Run;

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

/// What every command produces: the same shape for every command and format.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Who wrote it.
    pub tool: ToolInfo,
    /// Against what (`null` with `--framework none`).
    pub framework: Option<FrameworkInfo>,
    /// When it was made; not part of the JSON report, which stays the same for the same inputs.
    #[serde(skip)]
    pub generated: crate::date::Timestamp,
    /// Counts.
    pub summary: Summary,
    /// Every finding, sorted by file, line, column and rule.
    pub findings: Vec<Finding>,
    /// `framework verify` only: what was verified beside the findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<serde_json::Value>,
    /// `report` only: aggregates over the agencies of a government, and the trend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub government: Option<crate::government::summary::GovernmentSummary>,
    /// What was checked, sorted; not part of the JSON report (the findings and counts are).
    #[serde(skip)]
    pub subjects: Vec<Subject>,
}

impl Report {
    /// Whether the run failed: what the exit code says.
    pub fn conforms(&self) -> bool {
        self.summary.conforms
    }
}
