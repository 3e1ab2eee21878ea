//! The page of `nifcheck serve` in a real browser, used as a person uses it: the real service on
//! a free loopback port, headless Chromium opening its page, the standard picked by typing
//! into the list, an invalid payload pasted into the text box, the Check button clicked, and
//! the finding read off the page where the script put it (no reload); an API description is
//! chosen as a file and read by the script in the browser. A screenshot of the
//! result is saved as `target/serve-page.png`, one at a phone's width as
//! `target/serve-page-phone.png` and one at 200 % zoom as `target/serve-page-zoom.png`, for a
//! person to look at. The text of the results keeps WCAG AA contrast.
//!
//! Without `/usr/bin/chromium` the test says so and passes, except in CI (`CI=true`), where a
//! missing browser is a failure: the CI script installs it.

use std::path::PathBuf;

use serde_json::json;

use crate::cli::serve_page::{INVALID_PERSON, Server};
use crate::devtools::{Browser, chromium_or_skip};

fn target() -> PathBuf {
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).unwrap();
    target
}

/// Picks the standard, pastes the payload, clicks Check and waits for the summary.
fn check(browser: &mut Browser, standard: &str, payload: &str) {
    browser.click("label[for=check]");
    assert_eq!(
        browser.eval("document.activeElement.id"),
        "check",
        "the label focuses the list"
    );
    browser.type_keys(standard);
    assert_eq!(browser.eval("document.getElementById('check').value"), standard);
    browser.click("#text");
    browser.insert_text(payload);
    browser.click("#submit");
    browser.wait_for("document.querySelector('#results #summary h2')");
}

/// Every element with text of its own whose colour against its background falls short of
/// WCAG's 4.5:1 (3:1 for large or bold-large text), as `tag.class "text" ratio`. The
/// background is the first opaque one among the element and its ancestors.
const CONTRAST_SHORTFALLS: &str = r#"(() => {
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (e) => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const short = [];
  for (const e of document.querySelectorAll('body *')) {
    const own = Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(e);
    if (!own || style.display === 'none' || style.visibility === 'hidden' || e.closest('.visually-hidden, .skip-link')) continue;
    const [a, b] = [luminance(rgb(style.color)), luminance(background(e))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) short.push(`${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return short;
})()"#;

#[test]
fn a_pasted_payload_is_checked_in_the_page() {
    if chromium_or_skip().is_none() {
        return;
    }
    let server = Server::start(&[]);
    let mut browser = Browser::launch(1280, 900);
    browser.open(&server.url("/"));
    // Marks the document: a reload (the form posted without the script) would lose it.
    browser.eval("window.stillTheSamePage = true");
    check(&mut browser, "person@1.2.0", INVALID_PERSON);

    let summary = browser.eval("document.querySelector('#summary h2').textContent");
    assert_eq!(summary, "Does not conform 1 error in person@1.2.0.");
    assert_eq!(
        browser.eval("window.stillTheSamePage === true"),
        true,
        "the page was reloaded"
    );
    assert_eq!(
        browser.eval("document.activeElement.id"),
        "summary",
        "focus moves to the summary"
    );
    let finding = browser.eval("document.querySelector('#results .finding').innerText");
    let finding = finding.as_str().unwrap_or_default();
    assert!(finding.contains("PAY002"), "{finding}");
    assert!(finding.contains("line 3:10"), "{finding}");
    assert!(finding.contains("does not match the required pattern"), "{finding}");
    let marked = browser.eval("document.querySelector('#results .snippet .hit mark').textContent");
    assert_eq!(marked, "\"");
    let hit = browser.eval("document.querySelector('#results .snippet .hit .number').textContent");
    assert_eq!(hit, "3");
    let link = browser.eval("document.querySelector('#results .finding .head a').getAttribute('href')");
    assert_eq!(link, "/rules/PAY002");
    let shortfalls = browser.eval(CONTRAST_SHORTFALLS);
    assert_eq!(shortfalls, json!([]), "text below WCAG AA contrast");
    browser.screenshot(&target().join("serve-page.png"));

    // Printed, the findings stay and the form goes.
    browser.call("Emulation.setEmulatedMedia", json!({"media": "print"}));
    let shown = |browser: &mut Browser, selector: &str| {
        browser.eval(&format!(
            "getComputedStyle(document.querySelector('{selector}')).display !== 'none'"
        ))
    };
    assert_eq!(shown(&mut browser, "#check-form"), false, "the form is printed");
    assert_eq!(shown(&mut browser, "nav.site"), false, "the navigation is printed");
    assert_eq!(
        shown(&mut browser, "#results .finding .snippet"),
        true,
        "the findings are not printed"
    );
    browser.call("Emulation.setEmulatedMedia", json!({"media": ""}));

    // The rule's page, reached by its link.
    browser.click("#results .finding .more a");
    browser.wait_for("location.pathname === '/rules/PAY002' && document.readyState === 'complete'");
    let heading = browser.eval("document.querySelector('h1').textContent");
    assert!(heading.as_str().is_some_and(|h| h.starts_with("PAY002")), "{heading}");
}

#[test]
fn an_uploaded_description_is_read_in_the_browser_and_linted() {
    if chromium_or_skip().is_none() {
        return;
    }
    let server = Server::start(&[]);
    let mut browser = Browser::launch(1280, 900);
    browser.open(&server.url("/"));
    browser.eval("window.stillTheSamePage = true");
    browser.click("label[for=check]");
    browser.type_keys("API description");
    assert_eq!(browser.eval("document.getElementById('check').value"), "openapi");
    // What a person's file dialog does: the file input holds the chosen file.
    let file = crate::cli::util::root().join("fixtures/apis/noncompliant/openapi.yaml");
    let document = browser.call("DOM.getDocument", json!({}));
    let input = browser.call(
        "DOM.querySelector",
        json!({"nodeId": document["root"]["nodeId"], "selector": "#file"}),
    );
    browser.call(
        "DOM.setFileInputFiles",
        json!({"files": [file.display().to_string()], "nodeId": input["nodeId"]}),
    );
    browser.click("#submit");
    browser.wait_for("document.querySelector('#results #summary h2')");
    assert_eq!(
        browser.eval("window.stillTheSamePage === true"),
        true,
        "the page was reloaded"
    );
    let summary = browser.eval("document.querySelector('#summary').innerText");
    let summary = summary.as_str().unwrap_or_default();
    assert!(summary.contains("in the API description."), "{summary}");
    assert!(summary.contains("Checked: openapi.yaml"), "{summary}");
    // Findings about the description show its lines, read from the file in the browser.
    let snippets = browser.eval("document.querySelectorAll('#results .snippet .hit').length");
    assert!(snippets.as_u64().is_some_and(|n| n > 0), "no snippet: {snippets}");
}

#[test]
fn submitted_markup_stays_text_when_the_script_shows_it() {
    if chromium_or_skip().is_none() {
        return;
    }
    let server = Server::start(&[]);
    let mut browser = Browser::launch(1280, 900);
    browser.open(&server.url("/"));
    let payload = INVALID_PERSON.replacen("1987041203", "<img src=x id=injected><b>1</b>", 1);
    assert_ne!(payload, INVALID_PERSON);
    check(&mut browser, "person@1.2.0", &payload);
    // The message and the snippet quote the value: as text, never as elements.
    let elements = browser.eval("document.querySelectorAll('#results img, #results b, #injected').length");
    assert_eq!(elements, 0);
    let finding = browser.eval("document.querySelector('#results .finding').textContent");
    let finding = finding.as_str().unwrap_or_default();
    assert!(
        finding.contains("\"<img src=x id=injected><b>1</b>\" does not match"),
        "{finding}"
    );
}

/// Checks a payload at `width` × `height` CSS pixels and asserts that nothing but a snippet (which
/// scrolls inside its box) is wider than the window.
fn fits(width: u32, height: u32, screenshot: &str) {
    let server = Server::start(&[]);
    let mut browser = Browser::launch(width, height);
    browser.open(&server.url("/"));
    check(&mut browser, "person@1.2.0", INVALID_PERSON);
    let fits = browser.eval("document.documentElement.scrollWidth <= window.innerWidth");
    let wider = browser.eval(
        "Array.from(document.querySelectorAll('body *')).filter(e => !e.closest('.snippet') \
         && e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.outerHTML.slice(0, 80))",
    );
    assert_eq!(fits, true, "the page scrolls sideways at {width} px: {wider}");
    browser.screenshot(&target().join(screenshot));
}

#[test]
fn the_page_fits_a_phone() {
    if chromium_or_skip().is_none() {
        return;
    }
    fits(375, 800, "serve-page-phone.png");
}

#[test]
fn the_page_reflows_at_twice_the_zoom() {
    if chromium_or_skip().is_none() {
        return;
    }
    // A 1280 × 900 window at 200 % zoom lays the page out in 640 × 450 CSS pixels.
    fits(640, 450, "serve-page-zoom.png");
}
