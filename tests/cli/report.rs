//! `nifcheck report`: the sample government as a site, its report, and the trend.

use super::util::{assert_matches_report_schema, run};

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn writes_the_site_of_the_sample_government_and_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let out_arg = out.display().to_string();
    let (code, stdout, stderr) = run(&["report", "fixtures/government", "--out", &out_arg, "--format", "json"]);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    let printed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_matches_report_schema(&printed);
    let written: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(printed, written, "report.json is the JSON report");
    let government = &written["government"];
    assert_eq!(government["name"], "Republic of Examplia");
    assert_eq!(
        government["as_of"], "2026-11-29",
        "--as-of wins over the manifest's date"
    );
    assert!(government["agencies"].as_array().is_some_and(|a| a.len() >= 12));
    for page in [
        "index.html",
        "adoption.html",
        "style.css",
        "rules/index.html",
        "agencies/nat-interior.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    assert!(read(&out.join("index.html")).contains("Republic of Examplia"));
    assert!(!out.join("trend.html").exists());

    // Again, against the first report: nothing new, nothing fixed.
    let previous = dir.path().join("previous.json");
    std::fs::copy(out.join("report.json"), &previous).unwrap();
    let previous_arg = previous.display().to_string();
    let (code, stdout, stderr) = run(&[
        "report",
        "fixtures/government",
        "--out",
        &out_arg,
        "--previous",
        &previous_arg,
        "--format",
        "json",
    ]);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_matches_report_schema(&report);
    let trend = &report["government"]["trend"];
    assert_eq!(trend["new"].as_array().map(Vec::len), Some(0));
    assert_eq!(trend["fixed"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        trend["persisting"].as_array().map(Vec::len),
        report["findings"].as_array().map(Vec::len)
    );
    assert!(out.join("trend.html").is_file());
}

#[test]
fn the_same_government_gives_the_same_site() {
    let dir = tempfile::tempdir().unwrap();
    let sites = ["one", "two"].map(|name| dir.path().join(name));
    for site in &sites {
        let (code, _, stderr) = run(&["report", "fixtures/government", "--out", &site.display().to_string()]);
        assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    }
    for page in [
        "index.html",
        "adoption.html",
        "report.json",
        "agencies/nat-interior.html",
    ] {
        assert_eq!(read(&sites[0].join(page)), read(&sites[1].join(page)), "{page} differs");
    }
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_site_or_a_previous_that_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let target = dir.path().display().to_string();
    let (code, _, stderr) = run(&["report", "fixtures/government", "--out", &target]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("will not replace"), "{stderr}");
    assert!(dir.path().join("notes.txt").is_file());

    let out = dir.path().join("site").display().to_string();
    let (code, _, stderr) = run(&[
        "report",
        "fixtures/government",
        "--out",
        &out,
        "--previous",
        "Cargo.toml",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not a JSON report"), "{stderr}");
}
