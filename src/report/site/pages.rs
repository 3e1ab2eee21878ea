//! One function per kind of page: each gathers what its template shows from the report and
//! renders it. Iteration follows the report's own order (agencies by id, standards by version,
//! levels from the top down), so pages come out the same every time.

use std::collections::{BTreeMap, BTreeSet};

use minijinja::value::Serde;
use minijinja::{Environment, Value};
use serde_json::json;

use super::svg;
use super::view::{FindingView, agency_href, rule_href, slug, standard_href};
use crate::finding::{Finding, Kind, Severity};
use crate::government::summary::{Counts, GovernmentSummary};
use crate::report::Report;
use crate::rules::RULES;
use crate::source::PlainNumbers;

type Pages = BTreeMap<String, String>;

/// What every page needs to find its way around.
struct Site<'a> {
    report: &'a Report,
    government: GovernmentSummary,
    common: serde_json::Value,
    agencies: BTreeSet<&'a str>,
    standards: BTreeSet<&'a str>,
}

impl Site<'_> {
    fn findings_view(&self, findings: &[&Finding]) -> Vec<FindingView> {
        let standard = |s: &str| self.standards.contains(s);
        let agency = |a: &str| self.agencies.contains(a);
        findings
            .iter()
            .map(|f| FindingView::new(f, &standard, &agency))
            .collect()
    }

    /// Renders a template with the page's own context plus what every page shares.
    fn page(
        &self,
        env: &Environment<'_>,
        template: &str,
        path: &str,
        mut context: serde_json::Value,
    ) -> Result<String> {
        let root = "../".repeat(path.matches('/').count());
        if let Some(map) = context.as_object_mut() {
            map.insert("site".into(), self.common.clone());
            map.insert("root".into(), json!(root));
            map.insert("page".into(), json!(path));
        }
        env.get_template(template)?
            .render(Value::from(Serde(&PlainNumbers(&context))))
    }
}

type Result<T> = std::result::Result<T, minijinja::Error>;

/// Every HTML page of the site.
pub(super) fn render_all(env: &Environment<'_>, report: &Report) -> Result<Pages> {
    let government = report.government.clone().unwrap_or_else(|| without_government(report));
    let mut nav = vec![
        json!({"href": "index.html", "label": "Overview"}),
        json!({"href": "adoption.html", "label": "Adoption"}),
        json!({"href": "rules/index.html", "label": "Rules"}),
    ];
    if government.trend.is_some() {
        nav.push(json!({"href": "trend.html", "label": "Trend"}));
    }
    let common = json!({
        "name": government.name.clone().unwrap_or_else(|| "Government report".into()),
        "version": report.tool.version,
        "generated": report.generated.to_string(),
        "framework": report.framework,
        "as_of": government.as_of,
        "nav": nav,
    });
    let site = Site {
        report,
        agencies: report
            .government
            .iter()
            .flat_map(|g| g.agencies.iter().map(|a| a.id.as_str()))
            .collect(),
        standards: report
            .government
            .iter()
            .flat_map(|g| g.standards.iter().map(|s| s.standard.as_str()))
            .collect(),
        government,
        common,
    };
    let mut pages = Pages::new();
    pages.insert("index.html".into(), overview(env, &site)?);
    pages.insert("adoption.html".into(), adoption(env, &site)?);
    agency_pages(env, &site, &mut pages)?;
    standard_pages(env, &site, &mut pages)?;
    rule_pages(env, &site, &mut pages)?;
    if let Some(trend) = &site.government.trend {
        let link = |f: &crate::government::summary::TrendFinding| {
            let mut value = json!(f);
            value["rule_href"] = json!(rule_href(&f.rule));
            value
        };
        let group = |id: &str, title: &str, list: &[crate::government::summary::TrendFinding]| json!({"id": id, "title": title, "findings": list.iter().map(link).collect::<Vec<_>>()});
        let groups = vec![
            group("new", "New findings", &trend.new),
            group("fixed", "Fixed findings", &trend.fixed),
            group("persisting", "Persisting findings", &trend.persisting),
        ];
        let context = json!({"title": "Trend", "trend": trend, "groups": groups});
        pages.insert(
            "trend.html".into(),
            site.page(env, "trend.html", "trend.html", context)?,
        );
    }
    Ok(pages)
}

/// A site for a report that is not about a government: its findings, nothing else.
fn without_government(report: &Report) -> GovernmentSummary {
    let mut counts = Counts::default();
    for finding in &report.findings {
        match (&finding.waived_by, finding.severity) {
            (Some(_), _) => counts.waived += 1,
            (None, Severity::Error) => counts.errors += 1,
            (None, Severity::Warning) => counts.warnings += 1,
            (None, Severity::Info) => counts.infos += 1,
        }
    }
    GovernmentSummary {
        name: None,
        as_of: String::new(),
        score: crate::report::quality_score(&report.findings, 1),
        counts,
        levels: Vec::new(),
        agencies: Vec::new(),
        standards: Vec::new(),
        exchanges: Vec::new(),
        gaps: Vec::new(),
        trend: None,
    }
}

fn overview(env: &Environment<'_>, site: &Site<'_>) -> Result<String> {
    let g = &site.government;
    let gaps: Vec<serde_json::Value> = g
        .levels
        .iter()
        .map(|level| {
            let count = |kind: Kind| {
                g.gaps
                    .iter()
                    .find(|c| c.kind == kind && c.level == level.level)
                    .map(|c| c.counts)
                    .unwrap_or_default()
            };
            let (horizontal, vertical) = (count(Kind::Horizontal), count(Kind::Vertical));
            json!({
                "level": level.level,
                "horizontal_errors": horizontal.errors, "horizontal_warnings": horizontal.warnings,
                "vertical_errors": vertical.errors, "vertical_warnings": vertical.warnings,
            })
        })
        .collect();
    let agencies: Vec<serde_json::Value> = by_level(g)
        .into_iter()
        .map(|a| {
            let mut value = json!(a);
            value["href"] = json!(agency_href(&a.id));
            value
        })
        .collect();
    let exchanges: Vec<serde_json::Value> = g
        .exchanges
        .iter()
        .map(|e| {
            let mut value = json!(e);
            value["consumer_href"] = json!(agency_href(&e.consumer));
            value["producer_href"] = json!(agency_href(&e.producer));
            value["worst_href"] = json!(e.worst.as_ref().and_then(|w| rule_href(&w.rule)));
            value
        })
        .collect();
    let unassigned: Vec<&Finding> = site
        .report
        .findings
        .iter()
        .filter(|f| f.agency.as_deref().is_none_or(|a| !site.agencies.contains(a)))
        .collect();
    let context = json!({
        "title": "Overview",
        "overview": {
            "agencies": g.agencies.len(),
            "levels": g.levels.len(),
            "services": g.agencies.iter().map(|a| a.services).sum::<usize>(),
            "exchanges": g.exchanges.len(),
            "exchanges_with_gaps": g.exchanges.iter().filter(|e| e.worst.is_some()).count(),
            "score": g.score,
            "counts": g.counts,
        },
        "svg": svg::draw(g),
        "gaps": gaps,
        "levels": g.levels,
        "agencies": agencies,
        "exchanges": exchanges,
        "findings": site.findings_view(&unassigned),
        "show_agency": true,
    });
    site.page(env, "index.html", "index.html", context)
}

/// Agencies grouped by level from the top down, by id within a level.
fn by_level(g: &GovernmentSummary) -> Vec<&crate::government::summary::AgencySummary> {
    let mut agencies: Vec<&crate::government::summary::AgencySummary> = g.agencies.iter().collect();
    let level_index = |level: &str| g.levels.iter().position(|l| l.level == level).unwrap_or(usize::MAX);
    agencies.sort_by(|a, b| (level_index(&a.level), &a.id).cmp(&(level_index(&b.level), &b.id)));
    agencies
}

fn adoption(env: &Environment<'_>, site: &Site<'_>) -> Result<String> {
    let g = &site.government;
    let columns = by_level(g);
    let standards: Vec<serde_json::Value> = g
        .standards
        .iter()
        .map(|s| {
            let mut value = json!(s);
            value["href"] = json!(standard_href(&s.standard));
            value
        })
        .collect();
    let matrix: Vec<serde_json::Value> = g
        .standards
        .iter()
        .map(|s| {
            let cells: Vec<bool> = columns
                .iter()
                .map(|a| s.agencies.binary_search(&a.id).is_ok())
                .collect();
            json!({"standard": s.standard, "href": standard_href(&s.standard), "cells": cells})
        })
        .collect();
    let agencies: Vec<serde_json::Value> = columns
        .iter()
        .map(|a| json!({"id": a.id, "name": a.name, "level": a.level, "href": agency_href(&a.id)}))
        .collect();
    let levels: Vec<&str> = g.levels.iter().map(|l| l.level.as_str()).collect();
    // The matrix's upper header row: each level over its agencies' columns.
    let groups: Vec<serde_json::Value> = g
        .levels
        .iter()
        .map(|l| json!({"level": l.level, "span": columns.iter().filter(|a| a.level == l.level).count()}))
        .filter(|group| group["span"].as_u64().is_some_and(|span| span > 0))
        .collect();
    let context = json!({
        "title": "Adoption",
        "levels": levels,
        "groups": groups,
        "standards": standards,
        "agencies": agencies,
        "matrix": matrix,
    });
    site.page(env, "adoption.html", "adoption.html", context)
}

fn agency_pages(env: &Environment<'_>, site: &Site<'_>, pages: &mut Pages) -> Result<()> {
    let g = &site.government;
    let mut by_agency: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in &site.report.findings {
        if let Some(agency) = finding.agency.as_deref() {
            by_agency.entry(agency).or_default().push(finding);
        }
    }
    for agency in &g.agencies {
        let standards: Vec<serde_json::Value> = agency
            .standards
            .iter()
            .map(|label| match g.standards.iter().find(|s| &s.standard == label) {
                Some(s) => {
                    json!({"standard": label, "status": s.status, "href": format!("../{}", standard_href(label))})
                }
                None => json!({"standard": label}),
            })
            .collect();
        let exchanges: Vec<serde_json::Value> = g
            .exchanges
            .iter()
            .filter_map(|e| {
                let (role, other) = if e.consumer == agency.id {
                    ("consumes from", &e.producer)
                } else if e.producer == agency.id {
                    ("provides to", &e.consumer)
                } else {
                    return None;
                };
                Some(json!({
                    "role": role, "other": other, "other_href": format!("../{}", agency_href(other)),
                    "service": e.service, "operation": e.operation, "direction": e.direction, "worst": e.worst,
                    "worst_href": e.worst.as_ref().and_then(|w| rule_href(&w.rule)).map(|h| format!("../{h}")),
                }))
            })
            .collect();
        let findings = by_agency.get(agency.id.as_str()).map_or(&[][..], Vec::as_slice);
        let parent_href = agency
            .parent
            .as_deref()
            .filter(|p| site.agencies.contains(p))
            .map(|p| format!("../{}", agency_href(p)));
        let context = json!({
            "title": agency.name,
            "agency": agency,
            "parent_href": parent_href,
            "standards": standards,
            "exchanges": exchanges,
            "findings": site.findings_view(findings),
            "show_agency": false,
        });
        let path = agency_href(&agency.id);
        pages.insert(path.clone(), site.page(env, "agency.html", &path, context)?);
    }
    Ok(())
}

fn standard_pages(env: &Environment<'_>, site: &Site<'_>, pages: &mut Pages) -> Result<()> {
    for standard in &site.government.standards {
        let findings: Vec<&Finding> = site
            .report
            .findings
            .iter()
            .filter(|f| f.standard.as_deref() == Some(standard.standard.as_str()))
            .collect();
        let by_level: Vec<serde_json::Value> = standard
            .by_level
            .iter()
            .map(|l| {
                let agencies: Vec<serde_json::Value> = l
                    .agencies
                    .iter()
                    .map(|a| json!({"id": a, "href": format!("../{}", agency_href(a))}))
                    .collect();
                json!({"level": l.level, "count": l.count, "of": l.of, "agencies": agencies})
            })
            .collect();
        let context = json!({
            "title": standard.standard,
            "standard": standard,
            "by_level": by_level,
            "findings": site.findings_view(&findings),
            "show_agency": true,
        });
        let path = standard_href(&standard.standard);
        pages.insert(path.clone(), site.page(env, "standard.html", &path, context)?);
    }
    Ok(())
}

fn rule_pages(env: &Environment<'_>, site: &Site<'_>, pages: &mut Pages) -> Result<()> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in &site.report.findings {
        if let Some(rule) = crate::rules::find(&finding.rule) {
            *counts.entry(rule.code).or_default() += 1;
        }
    }
    let mut list = Vec::new();
    for rule in RULES.iter() {
        let count = counts.get(rule.code).copied().unwrap_or(0);
        let summary = json!({
            "code": rule.code, "name": rule.name, "severity": rule.severity.as_str(),
            "kind": rule.kind, "count": count, "summary": rule.summary(),
            "href": format!("{}.html", slug(rule.code)),
        });
        let context = json!({
            "title": format!("{} {}", rule.code, rule.name),
            "rule": summary,
            "docs": markdown(&rule.documentation()),
        });
        let path = format!("rules/{}.html", slug(rule.code));
        pages.insert(path.clone(), site.page(env, "rule.html", &path, context)?);
        list.push(summary);
    }
    let context = json!({"title": "Rules", "rules": list});
    pages.insert(
        "rules/index.html".into(),
        site.page(env, "rules.html", "rules/index.html", context)?,
    );
    Ok(())
}

/// A rule's documentation as HTML. The docs open with their summary sentence, which the page
/// already shows under the heading's code; headings start at `##`, under the page's `h1`.
/// The rule pages of `nifcheck serve` show the same HTML.
pub(crate) fn markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    html
}
