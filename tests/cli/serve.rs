//! `nifcheck serve`: the real binary on an ephemeral loopback port, talked to with a real HTTP
//! client. Every endpoint, content negotiation, each limit, problem details, reloads and the
//! access log.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};
use serde_json::Value;

use super::util::{assert_matches_report_schema, copy_dir, root};

const PERSON_WITH_BAD_EMAIL: &str = "fixtures/payloads/person/email-without-at.json";
const PERSON_XML: &str = "schemas/reference/standards/person/1.2.0/examples/invalid/sex-as-word-xml.xml";
const PERSON_SCHEMA_ID: &str = "https://nif.gov.example/standards/person/1.2.0/person.schema.json";

/// A running `nifcheck serve`, killed when dropped.
struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    client: Client,
}

impl Server {
    /// `nifcheck serve --listen 127.0.0.1:0 ARGS` in the repository root.
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("nifcheck"))
            .current_dir(root())
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1764374400")
            .env_remove("NIFCHECK_ADMIN_TOKEN")
            .args(["--as-of", "2026-11-29", "serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let address = first
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the first line is not the address: {first:?}"))
            .to_string();
        // Standard error is read all the time, so the service never blocks on a full pipe.
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        // The client speaks plain HTTP only, but reqwest wants a TLS provider all the same.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
        Server {
            child,
            base: address,
            log,
            client,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().unwrap()
    }

    fn post(&self, path: &str, content_type: &str, body: impl Into<reqwest::blocking::Body>) -> Response {
        self.client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .unwrap()
    }

    /// The `host:port` the service listens on.
    fn host(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// The access log once `enough` holds of its lines (or after ten seconds): a line the
    /// server wrote before it answered may still be on its way through the pipe.
    fn log_until(&self, enough: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let lines = self.log.lock().unwrap().clone();
            if enough(&lines) || Instant::now() > deadline {
                return lines;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The access log once it has `at_least` lines.
    fn log_lines(&self, at_least: usize) -> Vec<String> {
        self.log_until(|lines| lines.len() >= at_least)
    }

    /// The access log's JSON lines once `enough` holds of them.
    fn log_events(&self, enough: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let events = |lines: &[String]| -> Vec<Value> {
            lines
                .iter()
                .filter_map(|line| serde_json::from_str(line).ok())
                .collect()
        };
        events(&self.log_until(|lines| enough(&events(lines))))
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn json(response: Response) -> Value {
    let text = response.text().unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A problem details response: its status, media type and the four members.
fn assert_problem(response: Response, status: u16, kind: &str) -> Value {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem = json(response);
    assert_eq!(problem["status"], status);
    assert!(
        problem["type"].as_str().unwrap().ends_with(&format!("#problem-{kind}")),
        "{problem}"
    );
    assert!(
        problem["title"].is_string() && problem["detail"].is_string(),
        "{problem}"
    );
    problem
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap()
}

#[test]
fn health_framework_rules_and_the_description() {
    let server = Server::start(&[]);
    let health = server.get("/healthz");
    assert_eq!(health.status(), 200);
    assert_eq!(json(health)["framework"]["id"], "examplia-nif");

    let framework = json(server.get("/v1/framework"));
    assert_eq!(framework["framework"]["version"], "2026.2.0");
    let standards = framework["standards"].as_array().unwrap();
    let person = standards.iter().find(|s| s["label"] == "person@1.2.0").unwrap();
    assert_eq!(person["schemaId"], PERSON_SCHEMA_ID);
    assert_eq!(person["xml"], true);
    assert!(
        framework["rulesets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "gov-api")
    );
    let page = json(server.get("/v1/framework?limit=2&page=2"));
    assert_eq!(page["standards"].as_array().unwrap(), &standards[2..4]);

    let rules = json(server.get("/v1/rules"));
    let rules = rules.as_array().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["code"] == "PAY002" && r["name"] == "schema-violation")
    );
    assert_eq!(json(server.get("/v1/rules?limit=1"))[0], rules[0]);
    assert_problem(server.get("/v1/rules?limit=0"), 400, "bad-request");
    let rule = json(server.get("/v1/rules/pay002"));
    assert_eq!(rule["code"], "PAY002");
    assert!(rule["documentation"].as_str().unwrap().len() > 100);
    let ruleset_rule = json(server.get("/v1/rules/api-01-https-only"));
    assert!(
        ruleset_rule["description"].as_str().unwrap().starts_with("API-01"),
        "{ruleset_rule}"
    );
    assert_problem(server.get("/v1/rules/NOPE999"), 404, "not-found");

    let description = server.get("/v1/openapi.json");
    assert_eq!(description.headers()["content-type"], "application/json");
    assert_eq!(
        description.bytes().unwrap().as_ref(),
        fixture("schemas/serve.openapi.json").as_slice()
    );

    assert_problem(server.get("/v2/nothing"), 404, "not-found");
    assert_problem(server.get("/v1/validate"), 405, "method-not-allowed");
    // Without --admin-token the admin route does not exist.
    assert_problem(
        server.client.post(server.url("/v1/admin/reload")).send().unwrap(),
        404,
        "not-found",
    );
}

#[test]
fn validate_answers_the_report_of_the_command_line() {
    let server = Server::start(&[]);
    let body = fixture(PERSON_WITH_BAD_EMAIL);
    let by_standard = json(server.post("/v1/validate?standard=person@1.2", "application/json", body.clone()));
    assert_matches_report_schema(&by_standard);
    let finding = &by_standard["findings"][0];
    assert_eq!(
        (
            &finding["rule"],
            &finding["pointer"],
            &finding["line"],
            &finding["column"]
        ),
        (&"PAY002".into(), &"/contact/email".into(), &12.into(), &14.into())
    );
    assert_eq!(finding["file"], "payload.json");
    assert_eq!(by_standard["summary"]["conforms"], false);

    // The same report whether the standard is named, its schema is, or the payload declares it.
    let declaring = fixture("fixtures/rules/PAY002/fail_pattern_and_date.json");
    let by_standard = json(server.post(
        "/v1/validate?standard=person@1.2.0",
        "application/json",
        declaring.clone(),
    ));
    let by_schema = json(server.post(
        &format!("/v1/validate?schema={PERSON_SCHEMA_ID}"),
        "application/json",
        declaring.clone(),
    ));
    let declared = json(server.post("/v1/validate", "application/json; charset=utf-8", declaring));
    assert_eq!(by_standard["findings"].as_array().unwrap().len(), 2);
    assert_eq!(by_schema["findings"], by_standard["findings"]);
    assert_eq!(declared["findings"], by_standard["findings"]);
    let named = json(server.post("/v1/validate?name=alice.json", "application/json", body));
    assert_eq!(named["findings"][0]["file"], "alice.json");

    let valid = json(server.post(
        "/v1/validate",
        "application/json",
        fixture("fixtures/payloads/person/riverside-resident.json"),
    ));
    assert_eq!(valid["summary"]["conforms"], true, "{valid}");

    let lines = json(server.post(
        "/v1/validate",
        "application/x-ndjson",
        fixture("fixtures/payloads/person/people.ndjson"),
    ));
    assert_matches_report_schema(&lines);
    assert!(lines["summary"]["documents"].as_u64().unwrap() > 1, "{lines}");
    assert!(
        lines["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["line"].as_u64() > Some(0))
    );

    let xml = json(server.post("/v1/validate", "application/xml", fixture(PERSON_XML)));
    assert_eq!(xml["findings"][0]["pointer"], "/Person/Sex", "{xml}");
    assert_eq!(xml["findings"][0]["standard"], "person@1.2.0");
    let broken = json(server.post("/v1/validate", "text/xml", "{\"not\": \"xml\"}"));
    assert_eq!(broken["findings"][0]["rule"], "PAY001", "{broken}");
    let malformed = json(server.post("/v1/validate?standard=person", "application/json", "{\"nin\": "));
    assert_eq!(malformed["findings"][0]["rule"], "PAY001", "{malformed}");
}

#[test]
fn validate_refuses_what_it_cannot_check_with_problem_details() {
    let server = Server::start(&[]);
    let body = fixture(PERSON_WITH_BAD_EMAIL);
    let unknown = assert_problem(
        server.post("/v1/validate?standard=persn", "application/json", body.clone()),
        400,
        "bad-request",
    );
    assert!(unknown["detail"].as_str().unwrap().contains("persn"), "{unknown}");
    assert_problem(
        server.post(
            &format!("/v1/validate?standard=person&schema={PERSON_SCHEMA_ID}"),
            "application/json",
            body.clone(),
        ),
        400,
        "bad-request",
    );
    assert_problem(
        server.post(
            "/v1/validate?standard=person&color=red",
            "application/json",
            body.clone(),
        ),
        400,
        "bad-request",
    );
    assert_problem(
        server.post(
            "/v1/validate?schema=https://elsewhere.example/s.json",
            "application/json",
            body.clone(),
        ),
        400,
        "bad-request",
    );
    let undeclared = assert_problem(
        server.post("/v1/validate", "application/json", "{\"nin\": \"1\"}"),
        400,
        "bad-request",
    );
    assert!(
        undeclared["detail"].as_str().unwrap().contains("?standard="),
        "{undeclared}"
    );
    assert!(!undeclared["detail"].as_str().unwrap().contains("--"), "{undeclared}");
    assert_problem(
        server.post("/v1/validate?standard=person", "text/plain", body.clone()),
        415,
        "unsupported-type",
    );
    assert_problem(
        server.post("/v1/validate?standard=person", "application/json", fixture(PERSON_XML)),
        400,
        "bad-request",
    );
    let html = server
        .client
        .post(server.url("/v1/validate?standard=person"))
        .header("content-type", "application/json")
        .header("accept", "text/html")
        .body(body)
        .send()
        .unwrap();
    assert_problem(html, 406, "not-acceptable");
}

#[test]
fn the_report_format_follows_accept() {
    let server = Server::start(&[]);
    let send = |accept: &str| {
        server
            .client
            .post(server.url("/v1/validate?standard=person@1.2"))
            .header("content-type", "application/json")
            .header("accept", accept)
            .body(fixture(PERSON_WITH_BAD_EMAIL))
            .send()
            .unwrap()
    };
    let sarif = send("application/sarif+json");
    assert_eq!(sarif.headers()["content-type"], "application/sarif+json");
    let sarif = json(sarif);
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "PAY002");
    let tar = send("text/html;q=0.9, application/xml");
    assert_eq!(tar.headers()["content-type"], "application/xml");
    let tar = tar.text().unwrap();
    assert!(
        tar.contains("<TestStepReport") && tar.contains("<result>FAILURE</result>"),
        "{tar}"
    );
    let report = send("*/*");
    assert_eq!(report.headers()["content-type"], "application/json");
    assert_eq!(json(report)["summary"]["errors"], 1);
}

#[test]
fn lint_reads_descriptions_in_memory_and_never_what_they_name() {
    let server = Server::start(&[]);
    let noncompliant = fixture("fixtures/apis/noncompliant/openapi.yaml");
    let all = json(server.post("/v1/lint", "application/yaml", noncompliant.clone()));
    assert_matches_report_schema(&all);
    assert_eq!(all["summary"]["conforms"], false);
    let findings = all["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .all(|f| f["file"] == "openapi" && f["line"].as_u64() > Some(0))
    );
    assert!(findings.iter().any(|f| f["rule"] == "api-01-https-only"), "{all}");
    // On a description that names no other file, the command line finds the same things in
    // the same places.
    let bare = json(server.post(
        "/v1/lint",
        "application/yaml",
        fixture("fixtures/apis/noncompliant/bare.yaml"),
    ));
    let (_, cli) = super::util::report(&["lint", "fixtures/apis/noncompliant/bare.yaml"]);
    let places = |report: &Value| -> Vec<(Value, Value, Value)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["rule"].clone(), f["line"].clone(), f["column"].clone()))
            .collect()
    };
    assert!(!places(&cli).is_empty());
    assert_eq!(places(&bare), places(&cli));
    assert_eq!(bare["summary"]["score"], cli["summary"]["score"]);

    let one = json(server.post("/v1/lint?ruleset=gov-api", "text/yaml", noncompliant.clone()));
    assert!(
        one["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "api-01-https-only")
    );
    let problem = assert_problem(
        server.post("/v1/lint?ruleset=nope", "application/yaml", noncompliant.clone()),
        400,
        "bad-request",
    );
    assert!(problem["detail"].as_str().unwrap().contains("gov-api"), "{problem}");
    assert_problem(
        server.post("/v1/lint", "text/plain", noncompliant),
        415,
        "unsupported-type",
    );

    // A description that names a file of the server and a URL: both reported, neither read.
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.yaml");
    std::fs::write(&secret, "Secret:\n  type: object\n  description: top secret words\n").unwrap();
    let description = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: 1.0.0}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '{}#/Secret'}}\n    B: {{$ref: 'https://127.0.0.1:9/x.yaml#/X'}}\n",
        secret.display()
    );
    let linted = server.post("/v1/lint", "application/yaml", description).text().unwrap();
    assert!(!linted.contains("top secret"), "{linted}");
    let linted: Value = serde_json::from_str(&linted).unwrap();
    let messages: Vec<&str> = linted["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(messages.iter().any(|m| m.contains("secret.yaml")), "{messages:#?}");
    assert!(
        messages.iter().any(|m| m.contains("https://127.0.0.1:9/x.yaml")),
        "{messages:#?}"
    );
}

#[test]
fn the_service_description_conforms_to_the_reference_api_rules() {
    let (code, report) = super::util::report(&["lint", "schemas/serve.openapi.json"]);
    assert_eq!(report["findings"], Value::Array(Vec::new()), "{report:#}");
    assert_eq!(code, 0);
}

#[test]
fn a_body_over_the_limit_is_refused_with_413() {
    let server = Server::start(&["--max-body", "200"]);
    let body = fixture(PERSON_WITH_BAD_EMAIL);
    assert!(body.len() > 200);
    assert_problem(
        server.post("/v1/validate?standard=person", "application/json", body.clone()),
        413,
        "body-too-large",
    );
    // Without a Content-Length, the body is refused once it grows past the limit.
    let chunked = reqwest::blocking::Body::new(std::io::Cursor::new(body));
    assert_problem(
        server.post("/v1/validate?standard=person", "application/json", chunked),
        413,
        "body-too-large",
    );
    let small = server.post("/v1/validate?standard=person", "application/json", "{}");
    assert_eq!(small.status(), 200);
}

#[test]
fn a_report_lists_at_most_max_findings_and_counts_them_all() {
    let server = Server::start(&["--max-findings", "1"]);
    let response = server.post(
        "/v1/validate",
        "application/x-ndjson",
        fixture("fixtures/payloads/person/people.ndjson"),
    );
    let omitted: u64 = response.headers()["nifcheck-findings-omitted"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let report = json(response);
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    let counted = ["errors", "warnings", "infos"]
        .iter()
        .map(|s| report["summary"][s].as_u64().unwrap())
        .sum::<u64>();
    assert!(omitted >= 1 && counted == omitted + 1, "{omitted} {report}");
}

#[test]
fn nesting_past_the_bounds_is_a_finding_as_on_the_command_line() {
    let server = Server::start(&[]);
    let deep_json = "[".repeat(1_000_000);
    let json_report = json(server.post("/v1/validate?standard=person@1.2", "application/json", deep_json));
    let finding = &json_report["findings"][0];
    assert_eq!(
        (&finding["rule"], &finding["line"], &finding["column"]),
        (&"PAY006".into(), &1.into(), &128.into()),
        "{json_report}"
    );
    let deep_xml = format!(
        "<Person xmlns=\"https://nif.gov.example/xml/person/1\">{}",
        "<Name>".repeat(10_000)
    );
    let xml_report = json(server.post("/v1/validate?standard=person@1.2", "application/xml", deep_xml));
    assert_eq!(xml_report["findings"][0]["rule"], "PAY006", "{xml_report}");
    // The service is still there.
    assert_eq!(server.get("/healthz").status(), 200);
}

/// Starts a validation whose body never finishes arriving: it holds a check slot until the
/// connection closes or the request's time runs out.
fn hold_a_slot(server: &Server) -> TcpStream {
    let mut stream = TcpStream::connect(server.host()).unwrap();
    write!(
        stream,
        "POST /v1/validate?standard=person HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"nin\":",
        server.host()
    )
    .unwrap();
    stream.flush().unwrap();
    stream
}

/// Whether the service has answered a request on `stream` (without waiting for it to).
fn was_answered(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let answered = stream.peek(&mut [0u8; 1]).is_ok_and(|n| n > 0);
    stream.set_nonblocking(false).unwrap();
    answered
}

/// Waits until the access log has a line for a request with this status.
fn wait_for_status(server: &Server, status: u64) -> Value {
    let answered = |line: &Value| line["status"] == status;
    let events = server.log_events(|events| events.iter().any(answered));
    let found = events.into_iter().find(answered);
    found.unwrap_or_else(|| panic!("no request answered {status}"))
}

#[test]
fn a_full_service_answers_503_with_retry_after_and_never_queues() {
    let server = Server::start(&["--max-concurrent", "1"]);
    let mut held = hold_a_slot(&server);
    // The held request has its slot once the service has read its headers: poll until a
    // second request is turned away (it never waits for the first). A poll that reaches the
    // service first takes the slot itself, and the held request is the one answered 503:
    // then hold another.
    let deadline = Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let response = server.post("/v1/validate?standard=person", "application/json", "{}");
        if response.status() == 503 {
            break response;
        }
        if was_answered(&held) {
            held = hold_a_slot(&server);
        }
        assert!(Instant::now() < deadline, "the second request was never refused");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(refused.headers()["retry-after"], "1");
    assert_problem(refused, 503, "busy");
    // Reads that take no slot are still answered.
    assert_eq!(server.get("/healthz").status(), 200);
    // Once the held request ends, its slot is free again.
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(10);
    while server
        .post("/v1/validate?standard=person", "application/json", "{}")
        .status()
        != 200
    {
        assert!(Instant::now() < deadline, "the slot was never freed");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_request_over_its_time_is_answered_504() {
    let server = Server::start(&["--timeout", "0.5"]);
    let mut held = hold_a_slot(&server);
    held.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut answer = String::new();
    let _ = held.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 504"), "{answer}");
    assert!(
        answer.contains("application/problem+json") && answer.contains("#problem-timeout"),
        "{answer}"
    );
    let logged = wait_for_status(&server, 504);
    assert!(logged["ms"].as_f64().unwrap() >= 500.0, "{logged}");
}

/// A copy of the reference framework in a temporary folder, to change and reload.
fn framework_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("schemas/reference"), dir.path());
    dir
}

fn set_version(dir: &std::path::Path, version: &str) {
    let manifest = dir.join("framework.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let start = text.find("version = \"").unwrap() + "version = \"".len();
    let end = start + text[start..].find('"').unwrap();
    std::fs::write(&manifest, format!("{}{version}{}", &text[..start], &text[end..])).unwrap();
}

fn framework_version(server: &Server) -> Value {
    json(server.get("/v1/framework"))["framework"]["version"].clone()
}

#[test]
fn the_framework_reloads_by_the_admin_call_and_keeps_the_old_one_when_the_new_one_is_broken() {
    let framework = framework_copy();
    let dir = framework.path().display().to_string();
    let server = Server::start(&["--framework", &dir, "--admin-token", "s3cret-token"]);
    assert_eq!(framework_version(&server), "2026.2.0");
    set_version(framework.path(), "2026.3.0");
    let reload = |token: Option<&str>| {
        let mut request = server.client.post(server.url("/v1/admin/reload"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().unwrap()
    };
    let anonymous = reload(None);
    assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
    assert_problem(anonymous, 401, "unauthorized");
    assert_problem(reload(Some("s3cret-toke")), 401, "unauthorized");
    assert_eq!(framework_version(&server), "2026.2.0");
    let reloaded = reload(Some("s3cret-token"));
    assert_eq!(reloaded.status(), 200);
    assert_eq!(json(reloaded)["framework"]["version"], "2026.3.0");
    assert_eq!(framework_version(&server), "2026.3.0");
    let report = json(server.post("/v1/validate?standard=person", "application/json", "{}"));
    assert_eq!(report["framework"]["version"], "2026.3.0");

    std::fs::write(framework.path().join("framework.toml"), "[framework\nbroken").unwrap();
    let failed = assert_problem(reload(Some("s3cret-token")), 500, "reload-failed");
    assert!(failed["detail"].as_str().unwrap().contains("unchanged"), "{failed}");
    assert_eq!(framework_version(&server), "2026.3.0");
    let is_reload = |line: &Value| line["event"] == "reload";
    let logged: Vec<Value> = server
        .log_events(|events| events.iter().filter(|line| is_reload(line)).count() >= 2)
        .into_iter()
        .filter(is_reload)
        .collect();
    assert_eq!(logged.len(), 2, "{logged:#?}");
    assert_eq!(logged[0]["outcome"], "reloaded");
    assert_eq!(logged[1]["outcome"], "failed");
    assert_eq!(logged[1]["kept"]["version"], "2026.3.0");
    assert!(
        logged[1]["error"].as_str().unwrap().contains("framework.toml"),
        "{logged:#?}"
    );
}

#[cfg(unix)]
#[test]
fn sighup_reloads_the_framework() {
    let framework = framework_copy();
    let dir = framework.path().display().to_string();
    let server = Server::start(&["--framework", &dir]);
    assert_eq!(framework_version(&server), "2026.2.0");
    set_version(framework.path(), "2026.9.1");
    let status = Command::new("kill").args(["-HUP", &server.pid()]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    while framework_version(&server) != "2026.9.1" {
        assert!(Instant::now() < deadline, "SIGHUP did not reload the framework");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The service is still up after the signal.
    assert_eq!(server.get("/healthz").status(), 200);
}

#[test]
fn the_access_log_has_one_json_line_per_request_and_no_payload_contents() {
    let server = Server::start(&[]);
    let marker = "Zqxjv-Private-Name";
    let payload = format!("{{\"nin\": \"{marker}\"}}");
    let response = server
        .client
        .post(server.url("/v1/validate?standard=person@1.2&name=citizen-register.json"))
        .header("content-type", "application/json")
        .header("x-request-id", "trace-42")
        .body(payload.clone())
        .send()
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-42");
    assert!(
        response.text().unwrap().contains(marker),
        "the report quotes the payload"
    );
    assert_eq!(server.get("/v1/rules/PAY002").status(), 200);
    let lines = server.log_lines(2);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    for line in &lines {
        assert!(!line.contains(marker), "{line}");
        assert!(
            !line.contains("person@1.2") && !line.contains("citizen-register"),
            "{line}"
        );
    }
    let first: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(first["event"], "request");
    assert_eq!(first["id"], "trace-42");
    assert_eq!(first["method"], "POST");
    assert_eq!(first["path"], "/v1/validate");
    assert_eq!(first["query"], serde_json::json!(["standard", "name"]));
    assert_eq!(first["status"], 200);
    assert_eq!(first["in"], payload.len());
    assert!(first["out"].as_u64().unwrap() > 0 && first["ms"].as_f64().is_some());
    assert!(first["time"].as_str().unwrap().ends_with('Z'));
    let second: Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(second["path"], "/v1/rules/PAY002");
    assert_ne!(second["id"], first["id"]);
}
