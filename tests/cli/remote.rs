//! Remote frameworks against a local HTTP server: fetch, pin, revalidate, fall back to the
//! cache, refuse what is tampered, truncated, redirected elsewhere or not allowed.

use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};

use super::http_server::{Mode, Server};
use super::util::{copy_dir, nifcheck, root};

/// A project folder, a cache folder and a copy of the reference framework being served.
struct Setup {
    _temp: tempfile::TempDir,
    project: PathBuf,
    cache: PathBuf,
    served: PathBuf,
    server: Server,
}

fn setup() -> Setup {
    let temp = tempfile::tempdir().unwrap();
    let (project, cache, served) = (
        temp.path().join("project"),
        temp.path().join("cache"),
        temp.path().join("served"),
    );
    std::fs::create_dir_all(&project).unwrap();
    copy_dir(&root().join("schemas/reference"), &served);
    let server = Server::start(served.clone());
    Setup {
        _temp: temp,
        project,
        cache,
        served,
        server,
    }
}

impl Setup {
    fn run(&self, args: &[&str]) -> Output {
        let cache = self.cache.display().to_string();
        let mut all = vec!["--cache-dir", cache.as_str()];
        if !args.contains(&"--http-timeout") {
            all.extend(["--http-timeout", "3"]);
        }
        all.extend_from_slice(args);
        nifcheck(&all).current_dir(&self.project).output().unwrap()
    }

    fn manifest_url(&self) -> String {
        self.server.url("framework.toml")
    }

    fn payload(&self) -> String {
        root()
            .join("fixtures/payloads/address/pre-merger-district.json")
            .display()
            .to_string()
    }

    fn fetch(&self) {
        let out = self.run(&["framework", "fetch", &self.manifest_url()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(out)))
}

#[test]
fn fetch_pins_the_framework_and_later_runs_use_it() {
    let s = setup();
    s.fetch();
    let lock = std::fs::read_to_string(s.project.join("nifcheck.lock")).unwrap();
    assert!(
        lock.contains(&s.manifest_url()) && lock.contains("\"codelists/district.csv\" = \"sha256:"),
        "{lock}"
    );
    // No --framework: the lock names it. The report states its digest, the same as the
    // embedded copy of the same files.
    let out = s.run(&["--format", "json", "validate", &s.payload()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["findings"][0]["rule"], "PAY005");
    let embedded = json(&nifcheck(&["--format", "json", "framework", "list"]).output().unwrap());
    assert_eq!(report["framework"]["digest"], embedded["framework"]["digest"]);
    assert!(lock.contains(report["framework"]["digest"].as_str().unwrap()));
}

#[test]
fn unchanged_files_are_revalidated_with_304() {
    let s = setup();
    s.fetch();
    let before = s.server.requests().len();
    let out = s.run(&["--framework", &s.manifest_url(), "framework", "verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let again: Vec<_> = s.server.requests().into_iter().skip(before).collect();
    assert!(!again.is_empty());
    assert!(
        again.iter().all(|r| r.status == 304 && r.if_none_match.is_some()),
        "{again:?}"
    );
    assert!(again.iter().any(|r| r.path == "/codelists/district.csv"), "{again:?}");
}

#[test]
fn not_found_and_server_errors_without_a_cache_are_tool_errors() {
    let s = setup();
    let out = s.run(&[
        "--framework",
        &s.server.url("nothing/framework.toml"),
        "framework",
        "list",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("404"), "{}", stderr(&out));
    s.server.set(Mode::Status(500));
    let out = s.run(&["--framework", &s.manifest_url(), "framework", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("500"), "{}", stderr(&out));
}

#[test]
fn the_cached_copy_stands_in_when_the_server_fails() {
    let s = setup();
    s.fetch();
    s.server.set(Mode::Status(500));
    let out = s.run(&["--format", "json", "validate", &s.payload()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning:") && stderr(&out).contains("using the copy"),
        "{}",
        stderr(&out)
    );
}

/// With `--http-timeout SECONDS`, a server answering in `mode` makes `framework list` fail
/// with "timed out" in less than `within`.
fn assert_times_out(mode: Mode, seconds: &str, within: Duration) {
    let s = setup();
    s.server.set(mode);
    let started = Instant::now();
    let out = s.run(&[
        "--http-timeout",
        seconds,
        "--framework",
        &s.manifest_url(),
        "framework",
        "list",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
    assert!(
        started.elapsed() < within,
        "the timeout did not apply: {:?}",
        started.elapsed()
    );
}

#[test]
fn a_slow_server_times_out() {
    assert_times_out(Mode::Slow(Duration::from_secs(8)), "1", Duration::from_secs(7));
}

#[test]
fn a_server_that_trickles_its_body_times_out() {
    // One byte every 300 ms: each read succeeds well within the timeout, the body never ends
    // within it.
    assert_times_out(Mode::Trickle(Duration::from_millis(300)), "2", Duration::from_secs(5));
}

#[test]
fn redirects_to_internal_or_other_hosts_are_refused() {
    let s = setup();
    s.server
        .set(Mode::Redirect("http://169.254.169.254/latest/meta-data".into()));
    let out = s.run(&["--framework", &s.manifest_url(), "framework", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("redirect refused"), "{}", stderr(&out));
    assert!(
        s.server.requests().len() == 1,
        "only the first request reached the server"
    );
}

#[test]
fn a_framework_that_differs_from_the_lock_is_refused_unless_updated() {
    let s = setup();
    s.fetch();
    let district = s.served.join("codelists/district.csv");
    let mut text = std::fs::read_to_string(&district).unwrap();
    text.push_str("EX-NO-99,Tampered,,,EX-NO,\n");
    std::fs::write(&district, text).unwrap();
    let out = s.run(&["validate", &s.payload()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("differs from nifcheck.lock") && err.contains("codelists/district.csv: changed"),
        "{err}"
    );
    let out = s.run(&["--update-lock", "validate", &s.payload()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        s.run(&["validate", &s.payload()]).status.code(),
        Some(1),
        "the lock now pins the new files"
    );
}

#[test]
fn offline_uses_the_cache_alone() {
    let s = setup();
    s.fetch();
    let url = s.manifest_url();
    let Setup { server, .. } = &s;
    server.set(Mode::Status(503));
    let before = server.requests().len();
    let out = s.run(&["--offline", "--framework", &url, "validate", &s.payload()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(server.requests().len(), before, "--offline made a request");
    let empty = tempfile::tempdir().unwrap();
    let cache = empty.path().display().to_string();
    let out = nifcheck(&[
        "--offline",
        "--cache-dir",
        &cache,
        "--framework",
        &url,
        "framework",
        "list",
    ])
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not in the cache"), "{}", stderr(&out));
}

#[test]
fn a_truncated_download_is_never_used_or_cached() {
    let s = setup();
    s.server.set(Mode::Truncate);
    let out = s.run(&["--framework", &s.manifest_url(), "framework", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("broke off") || stderr(&out).contains("request failed"),
        "{}",
        stderr(&out)
    );
    let out = s.run(&["--offline", "--framework", &s.manifest_url(), "framework", "list"]);
    assert_eq!(out.status.code(), Some(2), "nothing may have been cached");
}

#[test]
fn concurrent_runs_sharing_a_cache_agree() {
    let s = setup();
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let (cache, project, url) = (s.cache.clone(), s.project.clone(), s.manifest_url());
            std::thread::spawn(move || {
                let cache = cache.display().to_string();
                nifcheck(&[
                    "--format",
                    "json",
                    "--cache-dir",
                    &cache,
                    "--framework",
                    &url,
                    "framework",
                    "list",
                ])
                .current_dir(project)
                .output()
                .unwrap()
            })
        })
        .collect();
    let digests: Vec<serde_json::Value> = runs
        .into_iter()
        .map(|r| json(&r.join().unwrap())["framework"]["digest"].clone())
        .collect();
    assert!(digests.windows(2).all(|w| w[0] == w[1]), "{digests:?}");
}

#[test]
fn remote_references_follow_the_allow_list() {
    let s = setup();
    let port_host = s.server.host();
    std::fs::create_dir_all(s.served.join("mini/common")).unwrap();
    std::fs::write(
        s.served.join("mini/common/nin.json"),
        r#"{"type": "string", "pattern": "^[0-9]{11}$"}"#,
    )
    .unwrap();
    let framework = s.project.join("fw");
    std::fs::create_dir_all(&framework).unwrap();
    std::fs::write(
        framework.join("framework.toml"),
        format!(
            "[framework]\nid = \"mini\"\nversion = \"1\"\ntitle = \"t\"\npublisher = \"p\"\nlevels = [\"national\"]\nallowed-hosts = [\"{port_host}\"]\n\n[[standards]]\nid = \"person\"\nversion = \"1.0.0\"\ntitle = \"Person\"\nstatus = \"mandatory\"\njson-schema = \"person.json\"\n"
        ),
    )
    .unwrap();
    let allowed = s.server.url("mini/common/nin.json");
    let refused = allowed.replace("127.0.0.1", "localhost");
    std::fs::write(
        framework.join("person.json"),
        format!(r#"{{"properties": {{"nin": {{"$ref": "{allowed}"}}, "alias": {{"$ref": "{refused}"}}}}}}"#),
    )
    .unwrap();
    std::fs::write(s.project.join("p.json"), r#"{"nin": "123", "alias": "x"}"#).unwrap();
    let out = s.run(&[
        "--format",
        "json",
        "--framework",
        "fw",
        "validate",
        "--standard",
        "person",
        "p.json",
    ]);
    let report = json(&out);
    let found = super::util::pairs(&report, "rule", "pointer");
    assert_eq!(
        found,
        [("PAY002", "/nin"), ("FWK001", "/alias")].map(|(a, b)| (a.to_string(), b.to_string())),
        "{report:#}"
    );
    let out = s.run(&["--framework", "fw", "framework", "verify"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("refused reference"), "{}", stderr(&out));
}

#[test]
fn bundles_pack_deterministically_and_load_from_a_url() {
    let s = setup();
    let first = s.served.join("bundle.tar.gz");
    let second = s.project.join("again.tar.gz");
    let reference = root().join("schemas/reference").display().to_string();
    for target in [&first, &second] {
        let out = s.run(&["framework", "pack", &reference, "--out", &target.display().to_string()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
        "same input, same bytes"
    );
    let out = s.run(&[
        "--format",
        "json",
        "--framework",
        &s.server.url("bundle.tar.gz"),
        "validate",
        &s.payload(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let embedded = json(&nifcheck(&["--format", "json", "framework", "list"]).output().unwrap());
    assert_eq!(json(&out)["framework"]["digest"], embedded["framework"]["digest"]);
}

#[test]
fn a_tampered_bundle_is_refused() {
    let s = setup();
    let bundle = s.served.join("bundle.tar.gz");
    let reference = root().join("schemas/reference").display().to_string();
    assert_eq!(
        s.run(&["framework", "pack", &reference, "--out", &bundle.display().to_string()])
            .status
            .code(),
        Some(0)
    );
    let mut files = nifcheck::framework::unpack("bundle", &std::fs::read(&bundle).unwrap()).unwrap();
    files.insert("codelists/sex.csv".into(), b"code,label\nF,Female\n".to_vec());
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (rel, bytes) in &files {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, rel, bytes.as_slice()).unwrap();
    }
    std::fs::write(&bundle, tar.into_inner().unwrap().finish().unwrap()).unwrap();
    let out = s.run(&["--framework", &s.server.url("bundle.tar.gz"), "framework", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("SHA256SUMS does not match") && stderr(&out).contains("codelists/sex.csv differs"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn lint_follows_remote_references_only_to_allowed_hosts() {
    let s = setup();
    let port_host = s.server.host();
    std::fs::create_dir_all(s.served.join("api")).unwrap();
    std::fs::write(
        s.served.join("api/nin.json"),
        r#"{"type": "string", "pattern": "^[0-9]{11}$"}"#,
    )
    .unwrap();
    let framework = s.project.join("fw");
    std::fs::create_dir_all(&framework).unwrap();
    std::fs::write(
        framework.join("framework.toml"),
        format!(
            "[framework]\nid = \"mini\"\nversion = \"1\"\ntitle = \"t\"\npublisher = \"p\"\nlevels = [\"national\"]\nallowed-hosts = [\"{port_host}\"]\n"
        ),
    )
    .unwrap();
    let allowed = s.server.url("api/nin.json");
    let refused = allowed.replace("127.0.0.1", "localhost");
    std::fs::write(
        s.project.join("api.yaml"),
        format!(
            "openapi: 3.1.0\ninfo:\n  title: t\n  version: 1.0.0\npaths: {{}}\ncomponents:\n  schemas:\n    Nin:\n      $ref: '{allowed}'\n      example: '123'\n    Alias:\n      $ref: '{refused}'\n"
        ),
    )
    .unwrap();
    let out = s.run(&["--format", "json", "--framework", "fw", "lint", "api.yaml"]);
    let report = json(&out);
    let found = super::util::pairs(&report, "rule", "pointer");
    assert!(
        found.contains(&("OAS003".to_string(), "/components/schemas/Alias/$ref".to_string())),
        "{report:#}"
    );
    assert!(
        !found.contains(&("OAS003".to_string(), "/components/schemas/Nin/$ref".to_string())),
        "{report:#}"
    );
    // The allowed document was fetched and its schema applies to the example beside the $ref.
    assert!(
        found.contains(&("OAS009".to_string(), "/components/schemas/Nin/example".to_string())),
        "{report:#}"
    );
}

/// Credentials in a framework URL go to its server as basic authentication, and nowhere else:
/// not into nifcheck.lock, the output or a message.
#[test]
fn credentials_in_a_url_reach_the_server_only() {
    let s = setup();
    let url = s.manifest_url().replacen("http://", "http://reader:s3cret@", 1);
    let out = s.run(&["framework", "fetch", &url]);
    let (printed, said) = (String::from_utf8_lossy(&out.stdout).into_owned(), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{said}");
    let lock = std::fs::read_to_string(s.project.join("nifcheck.lock")).unwrap();
    for text in [&lock, &printed, &said] {
        assert!(!text.contains("s3cret") && !text.contains("reader"), "{text}");
    }
    assert!(lock.contains(&s.manifest_url()), "{lock}");
    let requests = s.server.requests();
    assert!(!requests.is_empty());
    // "reader:s3cret" in base64.
    assert!(
        requests
            .iter()
            .all(|r| r.authorization.as_deref() == Some("Basic cmVhZGVyOnMzY3JldA==")),
        "{requests:?}"
    );
    // The lock names the URL without credentials, and later runs still match it.
    let out = s.run(&["--framework", &url, "framework", "verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("s3cret"));
}
