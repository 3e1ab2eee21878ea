//! What a government report adds to the JSON report: per-agency and per-level aggregates, the
//! adoption of every standard version by level, the exchanges between agencies with the worst
//! gap on each, and (with a previous report) the trend. Pure functions over findings and plain
//! descriptions of agencies and exchanges, so the site and `report.json` say the same thing.

mod trend;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::date::Date;
use crate::finding::{Finding, Kind, Severity, quality_score};
use crate::framework::Framework;

pub use trend::{AdoptionChange, Trend, TrendFinding, trend};

/// An agency, as far as the summary needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyInfo {
    /// Its id, `nat-civil-registry`.
    pub id: String,
    /// Its human name.
    pub name: String,
    /// Its level, `national`.
    pub level: String,
    /// The agency above it.
    pub parent: Option<String>,
    /// How many services it provides.
    pub services: usize,
    /// Standard versions it adopts (`person@1.2.0`): claimed, referenced or profiled.
    pub standards: BTreeSet<String>,
}

/// One agency consuming one operation of another agency's service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeInfo {
    /// The agency that receives the data.
    pub consumer: String,
    /// The agency whose operation sends it.
    pub producer: String,
    /// The producer's service.
    pub service: String,
    /// The operation (`operationId`).
    pub operation: String,
    /// The consumer's level.
    pub consumer_level: String,
    /// The producer's level.
    pub producer_level: String,
}

/// Findings counted by severity; waived findings count apart and weigh nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Errors not waived.
    pub errors: usize,
    /// Warnings not waived.
    pub warnings: usize,
    /// Infos not waived.
    pub infos: usize,
    /// Findings a framework exception waives.
    pub waived: usize,
}

impl Counts {
    fn add(&mut self, finding: &Finding) {
        if finding.waived_by.is_some() {
            self.waived += 1;
            return;
        }
        match finding.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

/// The government as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct GovernmentSummary {
    /// The government's name (`government.toml`), when the caller knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The check date (code lists, exceptions, standard status).
    pub as_of: String,
    /// Conformance from 0 to 100 over every finding and every service (see [`summarize`]).
    pub score: u32,
    /// Every finding by severity.
    pub counts: Counts,
    /// Levels from the top down.
    pub levels: Vec<LevelSummary>,
    /// Agencies sorted by id.
    pub agencies: Vec<AgencySummary>,
    /// Every standard version of the framework, sorted by id and version.
    pub standards: Vec<StandardAdoption>,
    /// Exchanges sorted by consumer, producer, service and operation.
    pub exchanges: Vec<ExchangeSummary>,
    /// Horizontal and vertical gap findings by kind and by the level of the agency that has them.
    pub gaps: Vec<GapCount>,
    /// The change since a previous report, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
}

/// One level of government.
#[derive(Debug, Clone, Serialize)]
pub struct LevelSummary {
    /// `provincial`.
    pub level: String,
    /// Agencies at this level.
    pub agencies: usize,
    /// Services they provide.
    pub services: usize,
    /// Conformance of the level, weighted like an agency's.
    pub score: u32,
    /// Their findings.
    pub counts: Counts,
}

/// One agency's aggregates.
#[derive(Debug, Clone, Serialize)]
pub struct AgencySummary {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its level.
    pub level: String,
    /// The agency above it.
    pub parent: Option<String>,
    /// Services it provides.
    pub services: usize,
    /// Conformance from 0 to 100.
    pub score: u32,
    /// Its findings (those whose `agency` is this one).
    pub counts: Counts,
    /// Standard versions it adopts, sorted.
    pub standards: Vec<String>,
}

/// Who adopts one standard version, level by level.
#[derive(Debug, Clone, Serialize)]
pub struct StandardAdoption {
    /// `person@1.2.0`.
    pub standard: String,
    /// `person`.
    pub id: String,
    /// `1.2.0`.
    pub version: String,
    /// Its title.
    pub title: String,
    /// `mandatory`, `recommended`, `deprecated`, `retired` or `draft`.
    pub status: String,
    /// Agencies adopting it, sorted.
    pub agencies: Vec<String>,
    /// The same by level, every level listed from the top down.
    pub by_level: Vec<LevelAdoption>,
}

/// Adoption of one standard version at one level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelAdoption {
    /// The level.
    pub level: String,
    /// How many of its agencies adopt the version.
    pub count: usize,
    /// Of how many agencies at this level.
    pub of: usize,
    /// Which, sorted.
    pub agencies: Vec<String>,
}

/// One exchange and the worst gap found on it.
#[derive(Debug, Clone, Serialize)]
pub struct ExchangeSummary {
    /// The agency that receives the data.
    pub consumer: String,
    /// The agency that sends it.
    pub producer: String,
    /// The producer's service.
    pub service: String,
    /// The operation.
    pub operation: String,
    /// `horizontal` when both sit at one level, else `vertical`.
    pub direction: Kind,
    /// Gap findings on this exchange, not waived.
    pub findings: usize,
    /// The most serious of them.
    pub worst: Option<Gap>,
}

/// A gap finding, in short.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// Its rule, `GOV001`.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// Its message.
    pub message: String,
}

/// Gap findings of one kind at one level.
#[derive(Debug, Clone, Serialize)]
pub struct GapCount {
    /// `horizontal` or `vertical`.
    pub kind: Kind,
    /// The level of the agency the finding is about.
    pub level: String,
    /// The findings by severity.
    pub counts: Counts,
}

/// Aggregates findings over a government.
///
/// An agency's findings are those whose `agency` is its id. Its score is
/// [`quality_score`] with services in place of operations: an
/// error weighs 10, a warning 3, an info 1, a waived finding 0; with `d` the weight per service,
/// the score is `100 / (1 + d / 10)`, so an agency without findings scores 100 and one error per
/// service scores 50. A level, and the government, are scored the same way over all their
/// findings and services. A gap finding (rule `GOV…`) lies on an exchange when its `agency` is
/// one end and one of its `related` places names the other (see [`names_agency`]).
pub fn summarize(
    findings: &[Finding],
    agencies: &[AgencyInfo],
    exchanges: &[ExchangeInfo],
    framework: &Framework,
    as_of: Date,
    levels: &[String],
) -> GovernmentSummary {
    let mut by_agency: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        if let Some(agency) = &finding.agency {
            by_agency.entry(agency.as_str()).or_default().push(finding);
        }
    }
    let level_of: BTreeMap<&str, &str> = agencies.iter().map(|a| (a.id.as_str(), a.level.as_str())).collect();
    let mut agency_summaries: Vec<AgencySummary> = agencies
        .iter()
        .map(|agency| summarize_agency(agency, by_agency.get(agency.id.as_str()).map_or(&[][..], Vec::as_slice)))
        .collect();
    agency_summaries.sort_by(|a, b| a.id.cmp(&b.id));
    let mut counts = Counts::default();
    findings.iter().for_each(|f| counts.add(f));
    let services: usize = agencies.iter().map(|a| a.services).sum();
    let levels = all_levels(levels, agencies);
    GovernmentSummary {
        name: None,
        as_of: as_of.to_string(),
        score: quality_score(findings, services),
        counts,
        levels: levels
            .iter()
            .map(|level| summarize_level(level, agencies, &by_agency))
            .collect(),
        agencies: agency_summaries,
        standards: adoption(framework, agencies, &levels),
        exchanges: summarize_exchanges(findings, exchanges),
        gaps: gap_counts(findings, &level_of, &levels),
        trend: None,
    }
}

fn summarize_agency(agency: &AgencyInfo, findings: &[&Finding]) -> AgencySummary {
    let mut counts = Counts::default();
    findings.iter().for_each(|f| counts.add(f));
    AgencySummary {
        id: agency.id.clone(),
        name: agency.name.clone(),
        level: agency.level.clone(),
        parent: agency.parent.clone(),
        services: agency.services,
        score: quality_score(findings.iter().copied(), agency.services),
        counts,
        standards: agency.standards.iter().cloned().collect(),
    }
}

/// The framework's levels, then any level an agency names that the framework does not.
fn all_levels(levels: &[String], agencies: &[AgencyInfo]) -> Vec<String> {
    let mut all = levels.to_vec();
    let extra: BTreeSet<&String> = agencies
        .iter()
        .map(|a| &a.level)
        .filter(|l| !levels.contains(l))
        .collect();
    all.extend(extra.into_iter().cloned());
    all
}

fn summarize_level(level: &str, agencies: &[AgencyInfo], by_agency: &BTreeMap<&str, Vec<&Finding>>) -> LevelSummary {
    let members: Vec<&AgencyInfo> = agencies.iter().filter(|a| a.level == level).collect();
    let findings: Vec<&Finding> = members
        .iter()
        .filter_map(|a| by_agency.get(a.id.as_str()))
        .flatten()
        .copied()
        .collect();
    let mut counts = Counts::default();
    findings.iter().for_each(|f| counts.add(f));
    let services = members.iter().map(|a| a.services).sum();
    LevelSummary {
        level: level.to_string(),
        agencies: members.len(),
        services,
        score: quality_score(findings, services),
        counts,
    }
}

fn adoption(framework: &Framework, agencies: &[AgencyInfo], levels: &[String]) -> Vec<StandardAdoption> {
    let mut standards: Vec<&crate::framework::Standard> = framework.standards.iter().collect();
    standards.sort_by(|a, b| (&a.entry.id, &a.version).cmp(&(&b.entry.id, &b.version)));
    standards
        .into_iter()
        .map(|standard| {
            let label = standard.label();
            let adopters: Vec<&AgencyInfo> = agencies.iter().filter(|a| a.standards.contains(&label)).collect();
            let mut ids: Vec<String> = adopters.iter().map(|a| a.id.clone()).collect();
            ids.sort();
            let by_level = levels
                .iter()
                .map(|level| {
                    let mut at_level: Vec<String> = adopters
                        .iter()
                        .filter(|a| &a.level == level)
                        .map(|a| a.id.clone())
                        .collect();
                    at_level.sort();
                    LevelAdoption {
                        level: level.clone(),
                        count: at_level.len(),
                        of: agencies.iter().filter(|a| &a.level == level).count(),
                        agencies: at_level,
                    }
                })
                .collect();
            StandardAdoption {
                standard: label,
                id: standard.entry.id.clone(),
                version: standard.version.to_string(),
                title: standard.entry.title.clone(),
                status: standard.status().as_str().to_string(),
                agencies: ids,
                by_level,
            }
        })
        .collect()
}

/// Whether one of the finding's related places names the agency: its message mentions the id as
/// a word, or its file lies in a folder of that name (agency folders are usually named by id).
pub fn names_agency(finding: &Finding, agency: &str) -> bool {
    finding.related.iter().any(|related| {
        let in_message = related
            .message
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .any(|word| word.trim_end_matches('.') == agency);
        let in_path = related.file.split(['/', '\\']).any(|part| part == agency);
        in_message || in_path
    })
}

fn is_gap(finding: &Finding) -> bool {
    finding.rule.starts_with("GOV")
}

fn summarize_exchanges(findings: &[Finding], exchanges: &[ExchangeInfo]) -> Vec<ExchangeSummary> {
    // Gap findings by the agency they are about, so each exchange looks only at its two ends.
    let mut gaps: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in findings.iter().filter(|f| is_gap(f) && f.waived_by.is_none()) {
        if let Some(agency) = finding.agency.as_deref() {
            gaps.entry(agency).or_default().push(finding);
        }
    }
    let of = |agency: &str| gaps.get(agency).map_or(&[][..], Vec::as_slice);
    let mut summaries: Vec<ExchangeSummary> = exchanges
        .iter()
        .map(|exchange| {
            let on_exchange: Vec<&Finding> = of(&exchange.consumer)
                .iter()
                .filter(|f| names_agency(f, &exchange.producer))
                .chain(
                    of(&exchange.producer)
                        .iter()
                        .filter(|f| names_agency(f, &exchange.consumer)),
                )
                .copied()
                .collect();
            let worst = on_exchange
                .iter()
                .max_by(|a, b| a.severity.cmp(&b.severity).then_with(|| b.rule.cmp(&a.rule)))
                .map(|f| Gap {
                    rule: f.rule.clone(),
                    severity: f.severity,
                    message: f.message.clone(),
                });
            ExchangeSummary {
                consumer: exchange.consumer.clone(),
                producer: exchange.producer.clone(),
                service: exchange.service.clone(),
                operation: exchange.operation.clone(),
                direction: if exchange.consumer_level == exchange.producer_level {
                    Kind::Horizontal
                } else {
                    Kind::Vertical
                },
                findings: on_exchange.len(),
                worst,
            }
        })
        .collect();
    summaries.sort_by(|a, b| {
        (&a.consumer, &a.producer, &a.service, &a.operation).cmp(&(&b.consumer, &b.producer, &b.service, &b.operation))
    });
    summaries
}

fn gap_counts(findings: &[Finding], level_of: &BTreeMap<&str, &str>, levels: &[String]) -> Vec<GapCount> {
    let mut counts: BTreeMap<(usize, usize), Counts> = BTreeMap::new();
    for finding in findings {
        let kind_order = match finding.kind {
            Kind::Horizontal => 0,
            Kind::Vertical => 1,
            _ => continue,
        };
        let Some(level) = finding.agency.as_deref().and_then(|a| level_of.get(a)) else {
            continue;
        };
        let Some(level_order) = levels.iter().position(|l| l == level) else {
            continue;
        };
        counts.entry((kind_order, level_order)).or_default().add(finding);
    }
    counts
        .into_iter()
        .filter_map(|((kind, level), counts)| {
            Some(GapCount {
                kind: if kind == 0 { Kind::Horizontal } else { Kind::Vertical },
                level: levels.get(level)?.clone(),
                counts,
            })
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
