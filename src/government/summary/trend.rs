//! The trend: what changed since a previous report. Findings are matched by rule, file, pointer
//! and message, never by line, so an edit above a finding does not make it new. Waivers are
//! decided upstream (an expired exception no longer waives); a waived finding shows its
//! `waived_by` here as everywhere else.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::GovernmentSummary;
use crate::finding::Finding;

/// What changed between a previous report and this one.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trend {
    /// Findings this report has and the previous one did not.
    pub new: Vec<TrendFinding>,
    /// Findings the previous report had and this one does not.
    pub fixed: Vec<TrendFinding>,
    /// Findings both have.
    pub persisting: Vec<TrendFinding>,
    /// Adoption of every standard version at every level where either report has adopters.
    pub adoption: Vec<AdoptionChange>,
}

/// A finding in short, as far as a previous report can tell it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TrendFinding {
    /// Its rule.
    pub rule: String,
    /// Its severity.
    pub severity: String,
    /// Its file.
    pub file: String,
    /// Its pointer.
    pub pointer: Option<String>,
    /// Its message.
    pub message: String,
    /// The agency concerned.
    pub agency: Option<String>,
    /// The exception that waives it.
    pub waived_by: Option<String>,
}

/// Adoption of one standard version at one level, before and now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdoptionChange {
    /// `person@1.2.0`.
    pub standard: String,
    /// The level.
    pub level: String,
    /// Agencies adopting it in the previous report.
    pub before: usize,
    /// Agencies adopting it now.
    pub after: usize,
}

type Key = (String, String, Option<String>, String);

impl TrendFinding {
    fn key(&self) -> Key {
        (
            self.rule.clone(),
            self.file.clone(),
            self.pointer.clone(),
            self.message.clone(),
        )
    }

    fn from_finding(finding: &Finding) -> Self {
        TrendFinding {
            rule: finding.rule.clone(),
            severity: finding.severity.as_str().to_string(),
            file: finding.file.clone(),
            pointer: finding.pointer.clone(),
            message: finding.message.clone(),
            agency: finding.agency.clone(),
            waived_by: finding.waived_by.clone(),
        }
    }

    /// A finding of a previous JSON report; `None` when it lacks a rule, file or message.
    fn from_json(value: &Value) -> Option<Self> {
        let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_string);
        Some(TrendFinding {
            rule: text("rule")?,
            severity: text("severity").unwrap_or_default(),
            file: text("file")?,
            pointer: text("pointer"),
            message: text("message")?,
            agency: text("agency"),
            waived_by: text("waived_by"),
        })
    }
}

/// Compares this report with a previous `report.json`. A previous report without findings or
/// without a `government` member (an older report, another command's report) simply has none:
/// everything it lacks counts as new.
pub fn trend(previous: &Value, current_findings: &[Finding], current: &GovernmentSummary) -> Trend {
    let mut before: BTreeMap<Key, Vec<TrendFinding>> = BTreeMap::new();
    for finding in previous
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(TrendFinding::from_json)
    {
        before.entry(finding.key()).or_default().push(finding);
    }
    let mut trend = Trend::default();
    for finding in current_findings.iter().map(TrendFinding::from_finding) {
        // A finding reported twice before and once now: one persists, one is fixed.
        match before.get_mut(&finding.key()).and_then(Vec::pop) {
            Some(_) => trend.persisting.push(finding),
            None => trend.new.push(finding),
        }
    }
    trend.fixed = before.into_values().flatten().collect();
    trend.new.sort();
    trend.fixed.sort();
    trend.persisting.sort();
    trend.adoption = adoption_changes(previous, current);
    trend
}

fn adoption_changes(previous: &Value, current: &GovernmentSummary) -> Vec<AdoptionChange> {
    let mut counts: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    let standards = previous
        .pointer("/government/standards")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for standard in standards {
        let Some(label) = standard.get("standard").and_then(Value::as_str) else {
            continue;
        };
        for level in standard.get("by_level").and_then(Value::as_array).into_iter().flatten() {
            let name = level.get("level").and_then(Value::as_str);
            let count = level.get("count").and_then(Value::as_u64);
            if let (Some(name), Some(count)) = (name, count) {
                let entry = counts.entry((label.to_string(), name.to_string())).or_default();
                entry.0 = usize::try_from(count).unwrap_or(usize::MAX);
            }
        }
    }
    for standard in &current.standards {
        for level in &standard.by_level {
            counts
                .entry((standard.standard.clone(), level.level.clone()))
                .or_default()
                .1 = level.count;
        }
    }
    // The order of the current report: standards by version, levels from the top down.
    let position = |standard: &str, level: &str| {
        let s = current.standards.iter().position(|s| s.standard == standard);
        let l = current.levels.iter().position(|l| l.level == level);
        (s.unwrap_or(usize::MAX), l.unwrap_or(usize::MAX))
    };
    let mut changes: Vec<AdoptionChange> = counts
        .into_iter()
        .filter(|(_, (before, after))| *before > 0 || *after > 0)
        .map(|((standard, level), (before, after))| AdoptionChange {
            standard,
            level,
            before,
            after,
        })
        .collect();
    changes.sort_by(|a, b| {
        position(&a.standard, &a.level)
            .cmp(&position(&b.standard, &b.level))
            .then_with(|| (&a.standard, &a.level).cmp(&(&b.standard, &b.level)))
    });
    changes
}
