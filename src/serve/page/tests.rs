//! The page's HTML, rendered without a server: what a reader sees, and that what they
//! submitted is shown as text, never as markup.

use super::*;
use crate::finding::{Finding, Kind, Severity};
use crate::framework::{CompileOptions, FrameworkSource};
use crate::report::{Run, Subject};

fn framework() -> Framework {
    match Framework::load(&FrameworkSource::Embedded, CompileOptions::default()) {
        Ok(Some(framework)) => framework,
        _ => panic!("the reference framework loads"),
    }
}

fn page() -> Page {
    Page::new().unwrap_or_else(|e| panic!("the templates compile: {e}"))
}

fn report(findings: Vec<Finding>) -> Report {
    Report::collect(
        findings,
        Run {
            subjects: vec![Subject {
                file: "pasted text".into(),
                standard: None,
            }],
            ..Run::default()
        },
    )
}

#[test]
fn the_form_lists_the_standards_and_labels_every_control() {
    let framework = framework();
    let html = page().home(Some(&framework), 1 << 20).unwrap();
    assert!(html.contains(r#"<option value="person@1.2.0">"#), "{html}");
    assert!(html.contains(r#"<option value="openapi">"#));
    for control in ["check", "text", "file"] {
        assert!(
            html.contains(&format!(r#"<label for="{control}">"#)),
            "no label for {control}"
        );
        assert!(html.contains(&format!(r#"id="{control}""#)));
    }
    assert!(html.contains(r#"enctype="multipart/form-data""#));
    assert!(html.contains(r#"aria-live="polite""#));
    assert!(html.contains(r##"href="#content">Skip to content"##));
    assert!(html.contains("at most 1 MiB"));
    // Nothing is loaded from elsewhere.
    assert!(!html.contains("http://") && !html.contains("https://"), "{html}");
}

#[test]
fn results_show_the_finding_its_line_and_the_snippet() {
    let mut finding = Finding::new(
        "PAY002",
        Severity::Error,
        Kind::Payload,
        "pasted text",
        "-1 is less than the minimum of 0",
    );
    (finding.line, finding.column) = (Some(2), Some(10));
    finding.pointer = Some("/age".into());
    let text = "{\n  \"age\": -1\n}\n";
    let form = Form {
        selected: "person@1.2.0".into(),
        text: text.into(),
    };
    let submission = Submission {
        subject: "person@1.2.0",
        document: "pasted text",
        text,
    };
    let framework = framework();
    let html = page()
        .results(Some(&framework), 1 << 20, &form, &report(vec![finding]), &submission, 0)
        .unwrap();
    assert!(html.contains("1 error in person@1.2.0."), "{html}");
    assert!(html.contains("Does not conform"));
    assert!(html.contains(r#"<a href="/rules/PAY002"><strong>PAY002</strong></a>"#));
    assert!(html.contains("line 2:10"));
    assert!(html.contains(
        r#"<span class="line hit"><span class="number">2</span>  &quot;age&quot;: <span class="visually-hidden">(the problem is here:)</span><mark>-</mark>1"#
    ), "{html}");
    assert!(html.contains(r#"<option value="person@1.2.0" selected>"#));
    // The text is there again, to be corrected.
    assert!(html.contains("&quot;age&quot;: -1&#xa;}"));
}

#[test]
fn submitted_markup_is_shown_as_text() {
    let text = "<script>alert(1)</script>";
    let mut finding = Finding::new(
        "PAY001",
        Severity::Error,
        Kind::Payload,
        "<b>name</b>.json",
        "unexpected <script> at the start",
    );
    (finding.line, finding.column) = (Some(1), Some(1));
    let form = Form {
        selected: "<x>".into(),
        text: text.into(),
    };
    let submission = Submission {
        subject: "<img src=x>",
        document: "<b>name</b>.json",
        text,
    };
    let html = page()
        .results(None, 1 << 20, &form, &report(vec![finding]), &submission, 2)
        .unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<img") && !html.contains("<b>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        html.contains("<mark>&lt;</mark>script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("The first 1 findings are shown; 2 more are not."),
        "{html}"
    );
}

#[test]
fn a_problem_is_said_above_the_form() {
    let problem = Problem {
        title: "There is nothing to check.".into(),
        detail: "Paste a document into the text box, or choose a file.".into(),
    };
    let html = page().problem(None, 1 << 20, &Form::default(), &problem).unwrap();
    assert!(
        html.contains(r#"<div id="summary" class="summary problem" tabindex="-1" autofocus>"#),
        "{html}"
    );
    assert!(html.contains("There is nothing to check."));
}

#[test]
fn rule_pages_are_the_rules_documentation() {
    let page = page();
    let html = page.rule(None, "pay002").unwrap().unwrap();
    assert!(html.contains("<h1><code>PAY002</code>"), "{html}");
    let rule = crate::rules::find("PAY002").unwrap();
    assert!(html.contains(rule.summary()), "{html}");
    assert!(page.rule(None, "../../etc/passwd").is_none());
    let list = page.rules(None).unwrap();
    assert!(list.contains(r#"<a href="/rules/PAY002"><code>PAY002</code></a>"#));
}

#[test]
fn only_the_listed_assets_are_served() {
    assert!(asset("page.js").is_some_and(|a| a.content_type.starts_with("text/javascript")));
    assert!(asset("style.css").is_some_and(|a| a.body.contains("--brand")));
    assert!(asset("../Cargo.toml").is_none());
    assert!(asset("").is_none());
}

#[test]
fn sizes_read_naturally() {
    assert_eq!(size(1 << 20), "1 MiB");
    assert_eq!(size(3 << 19), "1.5 MiB");
    assert_eq!(size(64 << 10), "64 KiB");
    assert_eq!(size(100), "100 bytes");
}
