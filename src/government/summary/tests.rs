//! A small synthetic government on the reference framework, shared with the site's tests.

use std::collections::BTreeSet;

use super::*;
use crate::finding::Related;
use crate::framework::{CompileOptions, FrameworkSource};

pub(crate) fn reference() -> Framework {
    match Framework::load(&FrameworkSource::Embedded, CompileOptions::default()) {
        Ok(Some(framework)) => framework,
        other => panic!("the reference framework loads: {:?}", other.err()),
    }
}

fn agency(id: &str, name: &str, level: &str, parent: Option<&str>, services: usize, standards: &[&str]) -> AgencyInfo {
    AgencyInfo {
        id: id.into(),
        name: name.into(),
        level: level.into(),
        parent: parent.map(str::to_string),
        services,
        standards: standards.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>(),
    }
}

pub(crate) fn agencies() -> Vec<AgencyInfo> {
    vec![
        agency(
            "nat-interior",
            "Ministry of the Interior",
            "national",
            None,
            2,
            &["address@2.0.0", "person@1.2.0"],
        ),
        agency(
            "nat-civil-registry",
            "Civil Registry Office",
            "national",
            Some("nat-interior"),
            2,
            &["person@1.2.0"],
        ),
        agency(
            "prov-north",
            "Northern Province",
            "provincial",
            Some("nat-interior"),
            1,
            &["address@2.0.0", "person@1.1.0"],
        ),
        agency(
            "dist-north-a",
            "District A",
            "district",
            Some("prov-north"),
            1,
            &["person@1.0.0"],
        ),
        agency("loc-a-town", "A-Town Council", "local", Some("dist-north-a"), 1, &[]),
    ]
}

fn exchange(consumer: &str, producer: &str, operation: &str, levels: (&str, &str)) -> ExchangeInfo {
    ExchangeInfo {
        consumer: consumer.into(),
        producer: producer.into(),
        service: format!("{producer}-api"),
        operation: operation.into(),
        consumer_level: levels.0.into(),
        producer_level: levels.1.into(),
    }
}

pub(crate) fn exchanges() -> Vec<ExchangeInfo> {
    vec![
        exchange(
            "nat-civil-registry",
            "nat-interior",
            "getAddress",
            ("national", "national"),
        ),
        exchange(
            "prov-north",
            "nat-civil-registry",
            "getPerson",
            ("provincial", "national"),
        ),
        exchange("dist-north-a", "prov-north", "getAddress", ("district", "provincial")),
        exchange("loc-a-town", "dist-north-a", "getResident", ("local", "district")),
    ]
}

#[allow(clippy::too_many_arguments)]
fn finding(
    rule: &str,
    severity: Severity,
    kind: Kind,
    agency: &str,
    file: &str,
    line: usize,
    message: &str,
    related: Option<(&str, &str)>,
) -> Finding {
    let mut f = Finding::new(rule, severity, kind, file, message);
    f.agency = Some(agency.into());
    f.line = Some(line);
    f.column = Some(1);
    f.related = related
        .map(|(file, message)| Related {
            file: file.into(),
            pointer: None,
            line: Some(3),
            message: message.into(),
        })
        .into_iter()
        .collect();
    f
}

pub(crate) fn findings() -> Vec<Finding> {
    let mut version = finding(
        "GOV002",
        Severity::Error,
        Kind::Vertical,
        "prov-north",
        "agencies/prov-north/agency.toml",
        12,
        "expects person@^2 but getPerson serves person@1.2.0",
        Some((
            "agencies/nat-civil-registry/openapi.yaml",
            "getPerson of nat-civil-registry serves it",
        )),
    );
    version.pointer = Some("/consumes/0".into());
    let mut response = finding(
        "GOV001",
        Severity::Warning,
        Kind::Vertical,
        "dist-north-a",
        "agencies/dist-north-a/agency.toml",
        8,
        "the response of getAddress admits a payload this agency rejects",
        Some(("agencies/prov-north/openapi.yaml", "the producer, prov-north")),
    );
    response.witness = Some(serde_json::json!({"street": "Main Road", "postcode": 12}));
    let mut outdated = finding(
        "GOV012",
        Severity::Warning,
        Kind::Vertical,
        "dist-north-a",
        "agencies/dist-north-a/openapi.yaml",
        20,
        "person@1.0.0 is deprecated",
        None,
    );
    outdated.standard = Some("person@1.0.0".into());
    let mut waived = finding(
        "PAY002",
        Severity::Info,
        Kind::Payload,
        "loc-a-town",
        "agencies/loc-a-town/samples/resident.json",
        4,
        "\"birthDate\" is not a date",
        None,
    );
    waived.waived_by = Some("exception owned by loc-a-town until 2099-01-01: migrating".into());
    vec![
        version,
        response,
        outdated,
        waived,
        finding(
            "OAS003",
            Severity::Error,
            Kind::Api,
            "nat-interior",
            "agencies/nat-interior/openapi.yaml",
            40,
            "the $ref `#/components/schemas/Adress` resolves to nothing",
            None,
        ),
        finding(
            "GOV003",
            Severity::Warning,
            Kind::Horizontal,
            "nat-interior",
            "agencies/nat-interior/openapi.yaml",
            55,
            "Person is defined separately instead of referencing person@1.2.0",
            Some((
                "agencies/nat-civil-registry/openapi.yaml",
                "also defined by nat-civil-registry",
            )),
        ),
    ]
}

pub(crate) fn levels(framework: &Framework) -> Vec<String> {
    framework.manifest.framework.levels.clone()
}

pub(crate) fn as_of() -> Date {
    Date::new(2026, 6, 30).unwrap_or_else(|| panic!("a date"))
}

fn summary() -> GovernmentSummary {
    let framework = reference();
    summarize(
        &findings(),
        &agencies(),
        &exchanges(),
        &framework,
        as_of(),
        &levels(&framework),
    )
}

/// A previous report as `report.json` holds it: the findings and the summary.
fn previous_report() -> serde_json::Value {
    serde_json::json!({"findings": findings(), "government": summary()})
}

#[test]
fn counts_and_scores_each_agency() {
    let summary = summary();
    let interior = summary.agencies.iter().find(|a| a.id == "nat-interior");
    let interior = interior.unwrap_or_else(|| panic!("nat-interior"));
    // An error (10) and a warning (3) over two services: d = 6.5, 100 / 1.65.
    assert_eq!(
        (interior.counts.errors, interior.counts.warnings, interior.score),
        (1, 1, 61)
    );
    let town = summary.agencies.iter().find(|a| a.id == "loc-a-town");
    let town = town.unwrap_or_else(|| panic!("loc-a-town"));
    assert_eq!(
        (town.counts.waived, town.counts.infos, town.score),
        (1, 0, 100),
        "waived weighs nothing"
    );
    let ids: Vec<&str> = summary.agencies.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "dist-north-a",
            "loc-a-town",
            "nat-civil-registry",
            "nat-interior",
            "prov-north"
        ]
    );
    // 10 + 3 + 10 + 3 + 3 over 7 services: d = 4.14, 100 / 1.414.
    assert_eq!(
        (summary.counts.errors, summary.counts.warnings, summary.counts.waived),
        (2, 3, 1)
    );
    assert_eq!(summary.score, 71);
}

#[test]
fn aggregates_levels_from_the_top_down() {
    let summary = summary();
    let levels: Vec<(&str, usize, usize, u32)> = summary
        .levels
        .iter()
        .map(|l| (l.level.as_str(), l.agencies, l.counts.errors, l.score))
        .collect();
    assert_eq!(
        levels,
        [
            ("national", 2, 1, 75),
            ("provincial", 1, 1, 50),
            ("district", 1, 0, 63),
            ("local", 1, 0, 100)
        ]
    );
}

#[test]
fn adoption_lists_every_standard_version_by_level() {
    let summary = summary();
    let person = summary.standards.iter().find(|s| s.standard == "person@1.2.0");
    let person = person.unwrap_or_else(|| panic!("person@1.2.0"));
    assert_eq!(person.status, "mandatory");
    assert_eq!(person.agencies, ["nat-civil-registry", "nat-interior"]);
    let national = &person.by_level[0];
    assert_eq!(
        (national.level.as_str(), national.count, national.of),
        ("national", 2, 2)
    );
    assert!(person.by_level[1..].iter().all(|l| l.count == 0));
    let labels: Vec<&str> = summary.standards.iter().map(|s| s.standard.as_str()).collect();
    let position = |label: &str| labels.iter().position(|l| *l == label);
    assert!(position("person@1.1.0") < position("person@1.2.0") && position("person@1.2.0") < position("person@2.0.0"));
}

#[test]
fn an_exchange_carries_its_worst_gap_and_its_direction() {
    let summary = summary();
    let describe: Vec<(&str, &str, Kind, Option<&str>)> = summary
        .exchanges
        .iter()
        .map(|e| {
            (
                e.consumer.as_str(),
                e.producer.as_str(),
                e.direction,
                e.worst.as_ref().map(|g| g.rule.as_str()),
            )
        })
        .collect();
    assert_eq!(
        describe,
        [
            ("dist-north-a", "prov-north", Kind::Vertical, Some("GOV001")),
            ("loc-a-town", "dist-north-a", Kind::Vertical, None),
            ("nat-civil-registry", "nat-interior", Kind::Horizontal, Some("GOV003")),
            ("prov-north", "nat-civil-registry", Kind::Vertical, Some("GOV002")),
        ]
    );
}

#[test]
fn counts_gaps_by_kind_and_level() {
    let gaps: Vec<(Kind, String, usize, usize)> = summary()
        .gaps
        .into_iter()
        .map(|g| (g.kind, g.level, g.counts.errors, g.counts.warnings))
        .collect();
    assert_eq!(
        gaps,
        [
            (Kind::Horizontal, "national".to_string(), 0, 1),
            (Kind::Vertical, "provincial".to_string(), 1, 0),
            (Kind::Vertical, "district".to_string(), 0, 2),
        ]
    );
}

#[test]
fn a_related_place_names_an_agency_by_word_or_folder() {
    let mut f = Finding::new("GOV004", Severity::Error, Kind::Horizontal, "a.toml", "m");
    f.related.push(Related {
        file: "agencies/nat-tax/agency.toml".into(),
        pointer: None,
        line: None,
        message: "consumed from nat-health.".into(),
    });
    assert!(names_agency(&f, "nat-tax") && names_agency(&f, "nat-health"));
    assert!(!names_agency(&f, "nat") && !names_agency(&f, "health"));
}

#[test]
fn trend_matches_findings_without_their_line() {
    let summary = summary();
    let mut previous = previous_report();
    let listed = previous["findings"]
        .as_array_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    let mut kept: Vec<serde_json::Value> = listed
        .into_iter()
        .filter(|f| f["rule"] != "GOV003")
        .map(|mut f| {
            f["line"] = serde_json::json!(999);
            f
        })
        .collect();
    kept.push(serde_json::json!({"rule": "PAY004", "severity": "error", "file": "gone.json", "pointer": "/x", "message": "fixed since"}));
    previous["findings"] = serde_json::Value::Array(kept);
    previous["government"]["standards"][0]["by_level"][0]["count"] = serde_json::json!(5);
    let trend = trend(&previous, &findings(), &summary);
    let rules = |list: &[TrendFinding]| list.iter().map(|f| f.rule.clone()).collect::<Vec<_>>();
    assert_eq!(rules(&trend.new), ["GOV003"]);
    assert_eq!(rules(&trend.fixed), ["PAY004"]);
    assert_eq!(trend.persisting.len(), 5);
    assert!(
        trend.persisting.iter().any(|f| f.waived_by.is_some()),
        "a waived finding shows as waived"
    );
    let first = &summary.standards[0];
    let change = trend
        .adoption
        .iter()
        .find(|c| c.standard == first.standard && c.level == "national");
    assert_eq!(change.map(|c| (c.before, c.after)), Some((5, first.by_level[0].count)));
}

#[test]
fn a_previous_report_of_another_shape_makes_everything_new() {
    let trend = trend(&serde_json::json!([1, 2]), &findings(), &summary());
    assert_eq!((trend.new.len(), trend.fixed.len(), trend.persisting.len()), (6, 0, 0));
}
