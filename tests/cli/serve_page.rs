//! The web page of `nifcheck serve` over HTTP, without a browser: the form, its plain post
//! (the page without JavaScript), the rule pages, the assets and the headers that keep the
//! page to the service's own resources.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use super::util::root;

/// The payload of the tests: a national identity number one digit short (PAY002 at 3:10).
pub(crate) const INVALID_PERSON: &str = include_str!("../../fixtures/payloads/person/nin-ten-digits.json");

/// A `nifcheck serve` on a free loopback port, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) address: SocketAddr,
}

impl Server {
    /// Starts the service on the embedded framework, with `extra` arguments.
    pub(crate) fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("nifcheck"))
            .current_dir(root())
            .args(["serve", "--listen", "127.0.0.1:0", "--no-access-log"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The first line on standard output names the address it listens on.
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let address = line
            .split_whitespace()
            .filter_map(|word| word.trim_start_matches("http://").trim_end_matches('/').parse().ok())
            .next()
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("no address in the service's first line: {line:?}")
            });
        Server { child, address }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::blocking::Client {
    // reqwest is built without a default TLS provider; nifcheck uses ring (no TLS happens here).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

/// A `multipart/form-data` body as a browser sends the page's form: `(name, file name, value)`.
fn multipart(fields: &[(&str, Option<&str>, &str)]) -> (String, Vec<u8>) {
    let boundary = "----nifcheck-form-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file, value) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(file) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(value.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post_form(server: &Server, fields: &[(&str, Option<&str>, &str)]) -> (u16, String) {
    let (content_type, body) = multipart(fields);
    let response = client()
        .post(server.url("/check"))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .unwrap();
    assert_page_headers(&response);
    (response.status().as_u16(), response.text().unwrap())
}

fn assert_page_headers(response: &reqwest::blocking::Response) {
    let headers = response.headers();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(policy.starts_with("default-src 'self'"), "{policy}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
}

#[test]
fn the_page_lists_the_standards_under_a_strict_policy() {
    let server = Server::start(&[]);
    let response = client().get(server.url("/")).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_page_headers(&response);
    let page = response.text().unwrap();
    assert!(page.contains(r#"<option value="person@1.2.0">"#), "{page}");
    assert!(page.contains(r#"<option value="address@2.1.0">"#));
    assert!(page.contains(r#"<option value="openapi">"#));
    assert!(page.contains(
        r#"<form id="check-form" class="check" method="post" action="/check" enctype="multipart/form-data">"#
    ));
    // Everything the page loads is the service's own, and is served.
    for asset in ["/assets/style.css", "/assets/page.css", "/assets/page.js"] {
        assert!(page.contains(&format!("\"{asset}\"")), "the page does not load {asset}");
        let response = client().get(server.url(asset)).send().unwrap();
        assert_eq!(response.status(), 200, "{asset}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
    assert!(!page.contains("http://") && !page.contains("https://"));
    assert_eq!(
        client()
            .get(server.url("/assets/../Cargo.toml"))
            .send()
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        client().get(server.url("/assets/secret.js")).send().unwrap().status(),
        404
    );
}

#[test]
fn the_form_without_javascript_shows_the_finding_its_line_and_the_snippet() {
    let server = Server::start(&[]);
    let (status, page) = post_form(
        &server,
        &[
            ("check", None, "person@1.2.0"),
            ("text", None, INVALID_PERSON),
            ("file", Some(""), ""),
        ],
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("1 error in person@1.2.0."), "{page}");
    assert!(page.contains(r#"<a href="/rules/PAY002"><strong>PAY002</strong></a>"#));
    assert!(page.contains("line 3:10"));
    assert!(page.contains("Checked: pasted text"));
    // The offending line, numbered, its value marked; the lines around it.
    assert!(page.contains(r#"<span class="line hit"><span class="number">3</span>  &quot;nin&quot;: <span class="visually-hidden">(the problem is here:)</span><mark>&quot;</mark>1987041203&quot;,"#), "{page}");
    assert!(page.contains(r#"<span class="number">1</span>{"#));
    assert!(page.contains(r#"<span class="number">5</span>"#));
    // The standard stays chosen and the text stays, to be corrected.
    assert!(page.contains(r#"<option value="person@1.2.0" selected>"#));
    assert!(page.contains("&quot;nin&quot;: &quot;1987041203&quot;"));
}

#[test]
fn an_uploaded_file_is_checked_under_its_name() {
    let server = Server::start(&[]);
    let (status, page) = post_form(
        &server,
        &[
            ("check", None, "person@1.2.0"),
            ("text", None, ""),
            ("file", Some("C:\\data\\okafor.json"), INVALID_PERSON),
        ],
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Checked: okafor.json"), "{page}");
    assert!(page.contains("line 3:10"));
    assert!(page.contains("<mark>&quot;</mark>1987041203"));
    let valid = std::fs::read_to_string(root().join("fixtures/payloads/person/riverside-resident.json")).unwrap();
    let (status, page) = post_form(
        &server,
        &[("check", None, "person@1.2.0"), ("file", Some("resident.json"), &valid)],
    );
    assert_eq!(status, 200);
    assert!(page.contains("Conforms to person@1.2.0: nothing to fix."), "{page}");
}

#[test]
fn an_api_description_is_linted_from_the_form() {
    let server = Server::start(&[]);
    let description = std::fs::read_to_string(root().join("fixtures/apis/noncompliant/openapi.yaml")).unwrap();
    let (status, page) = post_form(&server, &[("check", None, "openapi"), ("text", None, &description)]);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("in the API description."), "{page}");
    assert!(page.contains(r#"<span class="line hit">"#));
}

#[test]
fn what_was_submitted_is_shown_as_text() {
    let server = Server::start(&[]);
    let hostile = "<script>alert('x')</script>";
    let (status, page) = post_form(
        &server,
        &[
            ("check", None, "person@1.2.0"),
            ("file", Some("<img src=x onerror=alert(1)>.json"), hostile),
        ],
    );
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(
        page.contains("<mark>&lt;</mark>script&gt;alert(&apos;x&apos;)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("Checked: &lt;img src=x onerror=alert(1)&gt;.json"));
    let (status, page) = post_form(&server, &[("check", None, "<b>x</b>"), ("text", None, "{}")]);
    assert_eq!(status, 400);
    assert!(!page.contains("<b>x</b>"), "{page}");
}

#[test]
fn a_form_without_a_choice_or_a_document_says_what_is_missing() {
    let server = Server::start(&[]);
    let (status, page) = post_form(&server, &[("check", None, ""), ("text", None, "{}")]);
    assert_eq!(status, 400);
    assert!(page.contains("Choose what to check against."), "{page}");
    let (status, page) = post_form(&server, &[("check", None, "person@1.2.0"), ("text", None, "  \n")]);
    assert_eq!(status, 400);
    assert!(page.contains("There is nothing to check."), "{page}");
}

#[test]
fn a_file_of_several_mebibytes_is_read_whole() {
    let server = Server::start(&[]);
    let large = format!("{{\"padding\": \"{}\"}}", "x".repeat(3 << 20));
    let (status, page) = post_form(
        &server,
        &[("check", None, "person@1.2.0"), ("file", Some("large.json"), &large)],
    );
    assert_eq!(status, 200, "{}", &page[..page.len().min(4000)]);
    assert!(page.contains("Checked: large.json"));
    assert!(
        page.contains("unexpected property"),
        "{}",
        &page[..page.len().min(4000)]
    );
}

#[test]
fn the_form_keeps_to_the_services_body_limit() {
    let server = Server::start(&["--max-body", "2048"]);
    let large = format!("{{\"padding\": \"{}\"}}", "x".repeat(4096));
    let (status, page) = post_form(&server, &[("check", None, "person@1.2.0"), ("text", None, &large)]);
    assert_eq!(status, 413);
    assert!(
        page.contains("The document is larger than this service accepts."),
        "{page}"
    );
}

#[test]
fn the_form_keeps_to_the_services_findings_cap() {
    let server = Server::start(&["--max-findings", "1"]);
    let payload = std::fs::read_to_string(root().join("fixtures/payloads/person/misspelled-property.json")).unwrap();
    let (status, page) = post_form(&server, &[("check", None, "person@1.2.0"), ("text", None, &payload)]);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("2 errors in person@1.2.0."), "{page}");
    assert_eq!(page.matches(r#"<li class="finding error">"#).count(), 1, "{page}");
    assert!(
        page.contains("The first 1 findings are shown; 1 more are not."),
        "{page}"
    );
}

#[test]
fn rule_pages_render_the_rules_documentation() {
    let server = Server::start(&[]);
    let response = client().get(server.url("/rules/PAY002")).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_page_headers(&response);
    let page = response.text().unwrap();
    assert!(page.contains("<h1><code>PAY002</code>"), "{page}");
    assert!(page.contains("<h2>"), "the documentation's headings are HTML: {page}");
    let index = client().get(server.url("/rules")).send().unwrap().text().unwrap();
    assert!(index.contains(r#"<a href="/rules/OAS003"><code>OAS003</code></a>"#));
    let missing = client().get(server.url("/rules/NOPE999")).send().unwrap();
    assert_eq!(missing.status(), 404);
    assert_page_headers(&missing);
    // Not UTF-8 once decoded: no rule either, said by the page, not as plain text.
    let garbled = client().get(server.url("/rules/%FF%FE")).send().unwrap();
    assert_eq!(garbled.status(), 404);
    assert_page_headers(&garbled);
    assert!(
        garbled
            .text()
            .unwrap()
            .contains("There is no rule with this code here.")
    );
    let asset = client().get(server.url("/assets/%FF")).send().unwrap();
    assert_eq!(asset.status(), 404);
    assert_eq!(asset.headers()["content-type"], "application/problem+json");
}
