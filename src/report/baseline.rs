//! A baseline: the findings of an earlier JSON report, which a run may keep without failing, so
//! a government can adopt nifcheck agency by agency without a big bang.

use std::collections::HashMap;
use std::path::Path;

use crate::finding::{Finding, Severity};
use crate::{Error, Result};

/// What a finding is matched on against a baseline: not its line, which moves with every edit
/// above it.
type Key = (String, String, Option<String>, String);

/// The findings of an earlier JSON report. A finding it already holds is kept in the new report
/// but waived (severity `info`), so only new findings fail the run; each earlier finding
/// waives one new finding, so a problem that now occurs twice counts once.
#[derive(Debug, Clone)]
pub struct Baseline {
    name: String,
    counts: HashMap<Key, usize>,
}

impl Baseline {
    /// Reads an earlier JSON report.
    pub fn read(path: &Path) -> Result<Baseline> {
        let text = crate::source::read_policy::read_to_string(path)?;
        let name = path.display().to_string();
        let not_a_report = || {
            Error::usage(
                format!("{name} is not a nifcheck JSON report"),
                Some("make one with --format json --output FILE".into()),
            )
        };
        let report: serde_json::Value = serde_json::from_str(&text).map_err(|_| not_a_report())?;
        let findings = report
            .get("findings")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(not_a_report)?;
        let mut counts = HashMap::new();
        for finding in findings {
            let text = |field: &str| {
                finding
                    .get(field)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_string)
            };
            let (Some(rule), Some(file), Some(message)) = (text("rule"), text("file"), text("message")) else {
                return Err(not_a_report());
            };
            *counts.entry((rule, file, text("pointer"), message)).or_insert(0) += 1;
        }
        Ok(Baseline { name, counts })
    }

    /// Waives the findings the baseline already holds.
    pub(super) fn apply(mut self, findings: &mut [Finding]) {
        for finding in findings.iter_mut() {
            let key = (
                finding.rule.clone(),
                finding.file.clone(),
                finding.pointer.clone(),
                finding.message.clone(),
            );
            if let Some(count) = self.counts.get_mut(&key).filter(|c| **c > 0) {
                *count -= 1;
                finding.severity = Severity::Info;
                finding.waived_by = Some(format!("baseline {}", self.name));
            }
        }
    }
}
