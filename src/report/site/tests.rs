use super::*;
use crate::date::Timestamp;
use crate::government::summary::tests::{agencies, as_of, exchanges, findings, levels, reference};
use crate::government::summary::{summarize, trend};
use crate::report::Run;

/// The sample government of the summary's tests as a whole report, made at a fixed instant.
fn sample_report() -> Report {
    let framework = reference();
    let mut report = Report::collect(
        findings(),
        Run {
            framework: Some(&framework),
            generated: Timestamp(1_780_000_000),
            ..Run::default()
        },
    );
    let summary = summarize(
        &report.findings,
        &agencies(),
        &exchanges(),
        &framework,
        as_of(),
        &levels(&framework),
    );
    report.government = Some(summary);
    report
}

fn site() -> BTreeMap<String, String> {
    render(&sample_report()).unwrap_or_else(|e| panic!("{e:#}"))
}

#[test]
fn the_overview_of_a_small_government() {
    let files = site();
    insta::assert_snapshot!("overview", files.get("index.html").cloned().unwrap_or_default());
}

#[test]
fn writes_every_page_with_links_that_resolve() {
    let files = site();
    for page in [
        "index.html",
        "adoption.html",
        "style.css",
        "report.json",
        "agencies/prov-north.html",
        "standards/person@1.2.0.html",
        "rules/index.html",
        "rules/PAY002.html",
    ] {
        assert!(files.contains_key(page), "{page} is missing");
    }
    assert!(!files.contains_key("trend.html"), "no trend without a previous report");
    // Every relative link of every page names a file of the site.
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let folder = name.rsplit_once('/').map_or("", |(folder, _)| folder);
        for link in text.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()) {
            let target = link.split('#').next().unwrap_or_default();
            if target.is_empty() {
                continue;
            }
            let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
            for part in target.split('/') {
                if part == ".." {
                    parts.pop();
                } else {
                    parts.push(part);
                }
            }
            assert!(
                files.contains_key(&parts.join("/")),
                "{name} links to {link}, which is not in the site"
            );
        }
    }
}

#[test]
fn needs_no_script_and_no_remote_resource() {
    for (name, text) in site() {
        let lower = text.to_lowercase();
        assert!(!lower.contains("<script"), "{name} has a script");
        for remote in ["src=\"http", "href=\"http", "url(http", "@import"] {
            assert!(!lower.contains(remote), "{name} loads a remote resource: {remote}");
        }
    }
}

#[test]
fn an_agency_page_shows_its_findings_where_they_are_and_their_witness() {
    let files = site();
    let page = files.get("agencies/dist-north-a.html").cloned().unwrap_or_default();
    assert!(page.contains("agencies/dist-north-a/agency.toml:8:1"), "{page}");
    assert!(page.contains("href=\"../rules/PAY002.html\"") || !page.contains("PAY002"));
    assert!(page.contains("&quot;postcode&quot;: 12"), "the witness, escaped");
    assert_eq!(page.matches("<h1>").count(), 1);
}

#[test]
fn the_trend_page_appears_with_a_previous_report() {
    let mut report = sample_report();
    let previous = serde_json::json!({"findings": [{"rule": "PAY004", "file": "old.json", "message": "gone"}]});
    if let Some(summary) = report.government.as_mut() {
        summary.trend = Some(trend(&previous, &report.findings, summary));
    }
    let files = render(&report).unwrap_or_else(|e| panic!("{e:#}"));
    let trend = files.get("trend.html").cloned().unwrap_or_default();
    assert!(trend.contains(r#"<span class="value" id="new">6</span>"#), "{trend}");
    assert!(trend.contains(r#"<span class="value" id="fixed">1</span>"#));
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let report = sample_report();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let read_all = |root: &Path| {
        let mut files = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(folder) = stack.pop() {
            for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let name = path
                        .strip_prefix(root)
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    files.insert(name, std::fs::read(&path).unwrap_or_default());
                }
            }
        }
        files
    };
    let (first, second) = (dir.path().join("one"), dir.path().join("two"));
    write(&report, &first).unwrap_or_else(|e| panic!("{e}"));
    write(&report, &second).unwrap_or_else(|e| panic!("{e}"));
    let (first, second) = (read_all(&first), read_all(&second));
    assert!(first.len() > 10);
    assert_eq!(first, second);
}

#[test]
fn report_json_is_the_json_format() {
    let report = sample_report();
    let files = render(&report).unwrap_or_else(|e| panic!("{e:#}"));
    let json = crate::report::render::render(&report, crate::report::render::Format::Json, Default::default());
    assert_eq!(files.get("report.json"), Some(&json));
}

#[test]
fn a_government_report_with_a_trend_follows_the_report_schema() {
    let mut report = sample_report();
    let previous = serde_json::json!({"findings": []});
    if let Some(summary) = report.government.as_mut() {
        summary.trend = Some(trend(&previous, &report.findings, summary));
    }
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schemas/report.schema.json")).unwrap_or_default();
    let validator = jsonschema::options().build(&schema).unwrap_or_else(|e| panic!("{e}"));
    let instance = serde_json::to_value(&report).unwrap_or_default();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path().as_str()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
