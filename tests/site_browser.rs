//! The published report in a real browser: writes the site of a synthetic government, opens the
//! overview and one agency page in headless Chromium, checks that the numbers a reader sees are
//! the report's, and saves a screenshot of the overview as `target/site-overview.png` (and of
//! the agency page and the adoption matrix as `target/site-agency.png` and
//! `target/site-adoption.png`) for a person to look at.
//!
//! Without `/usr/bin/chromium` the test says so and passes, except in CI (`CI=true`), where a
//! missing browser is a failure: the CI script installs it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use nifcheck::date::{Date, Timestamp};
use nifcheck::framework::{CompileOptions, Framework, FrameworkSource};
use nifcheck::government::summary::{AgencyInfo, ExchangeInfo, summarize};
use nifcheck::report::{Finding, Kind, Related, Report, Run, Severity};

use crate::devtools::{Browser, chromium_or_skip};

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

fn agencies() -> Vec<AgencyInfo> {
    vec![
        agency(
            "nat-interior",
            "Ministry of Interior",
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
            &["person@1.2.0", "birth-registration@1.0.0"],
        ),
        agency(
            "nat-health",
            "Ministry of Health",
            "national",
            None,
            1,
            &["person@1.2.0"],
        ),
        agency(
            "nat-revenue",
            "Revenue Authority",
            "national",
            None,
            2,
            &["organisation@1.0.0", "payment@1.0.0"],
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
            "prov-south",
            "Southern Province",
            "provincial",
            Some("nat-interior"),
            1,
            &["address@2.1.0", "person@1.2.0"],
        ),
        agency(
            "dist-north-a",
            "Lakeside District",
            "district",
            Some("prov-north"),
            1,
            &["person@1.0.0"],
        ),
        agency(
            "dist-north-b",
            "Hill District",
            "district",
            Some("prov-north"),
            1,
            &["address@1.0.0"],
        ),
        agency(
            "dist-south-a",
            "Coastal District",
            "district",
            Some("prov-south"),
            1,
            &["person@1.2.0"],
        ),
        agency(
            "loc-lakeside",
            "Lakeside Town Council",
            "local",
            Some("dist-north-a"),
            1,
            &[],
        ),
        agency(
            "loc-harbour",
            "Harbour City Council",
            "local",
            Some("dist-south-a"),
            1,
            &["address@2.0.0"],
        ),
        agency("loc-hilltop", "Hilltop Village", "local", Some("dist-north-b"), 1, &[]),
    ]
}

fn exchanges(agencies: &[AgencyInfo]) -> Vec<ExchangeInfo> {
    let level = |id: &str| {
        agencies
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.level.clone())
            .unwrap_or_default()
    };
    [
        ("nat-civil-registry", "nat-interior", "getAddress"),
        ("nat-health", "nat-civil-registry", "getPerson"),
        ("nat-revenue", "nat-civil-registry", "getPerson"),
        ("prov-north", "nat-civil-registry", "getPerson"),
        ("prov-south", "nat-civil-registry", "getPerson"),
        ("dist-north-a", "prov-north", "getAddress"),
        ("dist-south-a", "prov-south", "getAddress"),
        ("loc-lakeside", "dist-north-a", "getResident"),
        ("loc-harbour", "dist-south-a", "getResident"),
        ("loc-hilltop", "dist-north-b", "getResident"),
        ("prov-south", "prov-north", "getAddress"),
    ]
    .into_iter()
    .map(|(consumer, producer, operation)| ExchangeInfo {
        consumer: consumer.into(),
        producer: producer.into(),
        service: format!("{producer}-api"),
        operation: operation.into(),
        consumer_level: level(consumer),
        producer_level: level(producer),
    })
    .collect()
}

fn gap(rule: &str, severity: Severity, kind: Kind, agency: &str, other: &str, line: usize, message: &str) -> Finding {
    let mut f = Finding::new(rule, severity, kind, &format!("agencies/{agency}/agency.toml"), message);
    f.agency = Some(agency.into());
    f.line = Some(line);
    f.column = Some(1);
    f.related.push(Related {
        file: format!("agencies/{other}/openapi.yaml"),
        pointer: None,
        line: Some(10),
        message: format!("provided by {other}"),
    });
    f
}

fn findings() -> Vec<Finding> {
    let mut response = gap(
        "GOV001",
        Severity::Error,
        Kind::Vertical,
        "dist-north-a",
        "prov-north",
        14,
        "getAddress of prov-north returns addresses this agency rejects",
    );
    response.witness = Some(serde_json::json!({"street": "1 Lake Road", "district": "XX"}));
    let mut api = Finding::new(
        "OAS003",
        Severity::Error,
        Kind::Api,
        "agencies/nat-revenue/openapi.yaml",
        "the $ref `#/components/schemas/Payer` resolves to nothing",
    );
    api.agency = Some("nat-revenue".into());
    api.line = Some(88);
    api.column = Some(15);
    vec![
        response,
        gap(
            "GOV002",
            Severity::Error,
            Kind::Vertical,
            "prov-north",
            "nat-civil-registry",
            9,
            "expects person@^2 but getPerson serves person@1.2.0",
        ),
        gap(
            "GOV003",
            Severity::Warning,
            Kind::Horizontal,
            "prov-south",
            "prov-north",
            21,
            "Address is defined separately by prov-south and prov-north",
        ),
        gap(
            "GOV012",
            Severity::Warning,
            Kind::Vertical,
            "dist-north-b",
            "dist-north-b",
            5,
            "address@1.0.0 is deprecated",
        ),
        api,
    ]
}

fn report() -> Report {
    let framework = match Framework::load(&FrameworkSource::Embedded, CompileOptions::default()) {
        Ok(Some(framework)) => framework,
        other => panic!("the reference framework loads: {:?}", other.err()),
    };
    let mut report = Report::collect(
        findings(),
        Run {
            framework: Some(&framework),
            generated: Timestamp(1_780_000_000),
            ..Run::default()
        },
    );
    let agencies = agencies();
    let as_of = Date::new(2026, 6, 30).unwrap_or_else(|| panic!("a date"));
    let levels = framework.manifest.framework.levels.clone();
    let mut summary = summarize(
        &report.findings,
        &agencies,
        &exchanges(&agencies),
        &framework,
        as_of,
        &levels,
    );
    summary.name = Some("Republic of Examplia".into());
    report.government = Some(summary);
    report
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The page's document once loaded, serialised as the browser holds it.
fn dom(browser: &mut Browser, page: &Path) -> String {
    browser.open(&url(page));
    let html = browser.eval("document.documentElement.outerHTML");
    html.as_str()
        .unwrap_or_else(|| panic!("no document at {}", page.display()))
        .to_string()
}

fn screenshot(browser: &mut Browser, page: &Path, to: &Path) {
    let _ = std::fs::remove_file(to);
    browser.open(&url(page));
    browser.screenshot(to);
    assert!(to.is_file(), "no screenshot at {}", to.display());
}

#[test]
fn the_site_shows_the_report_numbers_in_a_browser() {
    if chromium_or_skip().is_none() {
        return;
    }
    let report = report();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let site = dir.path().join("site");
    nifcheck::report::site::write(&report, &site).unwrap_or_else(|e| panic!("{e}"));
    let government = report.government.as_ref().unwrap_or_else(|| panic!("a summary"));

    let mut browser = Browser::launch(1280, 1600);
    let overview = dom(&mut browser, &site.join("index.html"));
    for (id, value) in [
        ("score", government.score),
        ("errors", 3),
        ("warnings", 2),
        ("waived", 0),
        ("gapped", 3),
    ] {
        let shown = format!(r#"id="{id}">{value}</span>"#);
        assert!(overview.contains(&shown), "the overview lacks {shown}:\n{overview}");
    }
    assert!(overview.contains(
        "12 agencies on 4 levels and 11 exchanges between them: 8 without a gap, 1 with a warning, 2 with an error."
    ));
    assert!(overview.contains("Republic of Examplia"));

    let agency = dom(&mut browser, &site.join("agencies/dist-north-a.html"));
    assert!(agency.contains("<h1>Lakeside District</h1>"), "{agency}");
    assert!(agency.contains(r#"id="errors">1</span>"#), "{agency}");
    assert!(agency.contains("agencies/dist-north-a/agency.toml:14:1"));
    assert!(agency.contains("&quot;district&quot;: &quot;XX&quot;") || agency.contains("\"district\": \"XX\""));

    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("{e}"));
    screenshot(
        &mut browser,
        &site.join("index.html"),
        &target.join("site-overview.png"),
    );
    screenshot(
        &mut browser,
        &site.join("agencies/dist-north-a.html"),
        &target.join("site-agency.png"),
    );
    screenshot(
        &mut browser,
        &site.join("adoption.html"),
        &target.join("site-adoption.png"),
    );
}
