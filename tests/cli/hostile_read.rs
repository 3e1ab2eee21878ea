//! What nifcheck reads when the input is hostile: references and links that point elsewhere
//! on the machine, FIFOs and devices, broken XSDs, control characters in names, escaping
//! manifest paths and bundles that lie about their sizes. Each input is built here, in a
//! temporary folder; every run has a timeout, so a hang fails the test instead of the suite.

use std::path::Path;
use std::time::Duration;

use super::http_server::Server;
use super::util::{copy_dir, nifcheck, root, temp_files};

/// A secret outside every folder nifcheck is asked to read.
const SECRET: &str = "SECRET-TOKEN-4711";

/// Runs with a timeout: exit code, stdout, stderr.
fn run_bounded(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = nifcheck(args)
        .current_dir(cwd)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
fn fifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

fn no_leak(text: &str) {
    assert!(!text.contains(SECRET) && !text.contains("root:x:0"), "{text}");
}

#[cfg(unix)]
#[test]
fn lint_refuses_references_that_leave_the_description_folder() {
    let dir = temp_files(&[
        ("secret.yaml", format!("Secret:\n  description: {SECRET}\n").as_bytes()),
        ("project/api/schemas/ok.yaml", b"Ok:\n  type: string\n"),
        (
            "project/api/openapi.yaml",
            b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Environ: {$ref: '/proc/self/environ'}\n    Passwd: {$ref: '/etc/passwd'}\n    Up: {$ref: '../../secret.yaml#/Secret'}\n    FileUrl: {$ref: 'file:///etc/passwd'}\n    Zero: {$ref: '/dev/zero'}\n    Pipe: {$ref: 'pipe.yaml'}\n    Fine: {$ref: 'schemas/ok.yaml#/Ok'}\n",
        ),
    ]);
    let api = dir.path().join("project/api");
    assert!(fifo(&api.join("pipe.yaml")));
    let (code, stdout, stderr) = run_bounded(&["--format", "json", "lint", "openapi.yaml"], &api);
    assert_eq!(code, 1, "{stderr}");
    no_leak(&stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let refused: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "OAS003")
        .map(|f| {
            (
                f["pointer"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let mut pointers: Vec<&str> = refused.iter().map(|(p, _)| p.as_str()).collect();
    pointers.sort_unstable();
    assert_eq!(
        pointers,
        ["Environ", "FileUrl", "Passwd", "Pipe", "Up", "Zero"].map(|n| format!("/components/schemas/{n}/$ref")),
        "{refused:#?}"
    );
    for (pointer, message) in &refused {
        let pipe = pointer.contains("Pipe");
        let expected = if pipe {
            "a FIFO, not a regular file"
        } else {
            "outside the description's folder"
        };
        assert!(message.contains(expected), "{pointer}: {message}");
    }
    // Each finding is placed at its `$ref`.
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "OAS003" || f["line"].as_u64().is_some())
    );
}

#[cfg(unix)]
#[test]
fn payload_folders_refuse_fifos_devices_and_links_leading_outside() {
    let outside = temp_files(&[("secret.json", format!("{{\"token\": \"{SECRET}\"}}").as_bytes())]);
    let secret = outside.path().join("secret.json");
    type Make<'a> = &'a dyn Fn(&Path);
    let cases: [(&str, Make<'_>); 3] = [
        ("pipe.json", &|p: &Path| assert!(fifo(p))),
        ("zero.json", &|p: &Path| {
            std::os::unix::fs::symlink("/dev/zero", p).unwrap()
        }),
        ("leak.json", &|p: &Path| std::os::unix::fs::symlink(&secret, p).unwrap()),
    ];
    for (name, make) in cases {
        let dir = temp_files(&[("schema.json", b"{\"type\": \"object\"}"), ("payloads/ok.json", b"{}")]);
        make(&dir.path().join("payloads").join(name));
        let (code, stdout, stderr) = run_bounded(&["validate", "--schema", "schema.json", "payloads"], dir.path());
        assert_eq!(code, 2, "{name}: {stdout}{stderr}");
        assert!(stderr.contains(name), "{name}: {stderr}");
        no_leak(&stdout);
        no_leak(&stderr);
    }
}

#[cfg(unix)]
#[test]
fn framework_folders_never_verify_or_pack_a_file_from_outside() {
    let outside = temp_files(&[("passwd", format!("root:x:0:0:{SECRET}\n").as_bytes())]);
    let framework = temp_files(&[(
        "fw/framework.toml",
        b"[framework]\nid = \"t\"\nversion = \"1.0.0\"\ntitle = \"t\"\npublisher = \"p\"\nlevels = [\"national\"]\n",
    )]);
    let fw = framework.path().join("fw");
    std::os::unix::fs::symlink(outside.path().join("passwd"), fw.join("notes.json")).unwrap();
    let fw_arg = fw.display().to_string();
    let (code, stdout, stderr) = run_bounded(&["--framework", &fw_arg, "framework", "verify"], framework.path());
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("notes.json") && stderr.contains("outside"), "{stderr}");
    no_leak(&stdout);
    no_leak(&stderr);
    let (code, stdout, stderr) = run_bounded(&["framework", "pack", &fw_arg, "--out", "fw.tar.gz"], framework.path());
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("notes.json"), "{stderr}");
    assert!(!framework.path().join("fw.tar.gz").exists());
    // A FIFO in the folder is refused too, without waiting for a writer.
    std::fs::remove_file(fw.join("notes.json")).unwrap();
    assert!(fifo(&fw.join("pipe.json")));
    let (code, _, stderr) = run_bounded(&["--framework", &fw_arg, "framework", "verify"], framework.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("pipe.json") && stderr.contains("FIFO"), "{stderr}");
}

const XS: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">"#;

#[test]
fn broken_xsds_are_schema_errors_naming_the_schema_and_the_place() {
    let cases = [
        (
            format!("{XS}\n  <xs:include schemaLocation=\"file:///etc/passwd\"/>\n</xs:schema>"),
            ["main.xsd", "line 2", "file:///etc/passwd"],
        ),
        (
            format!(
                "{XS}\n  <xs:import namespace=\"urn:x\" schemaLocation=\"http://127.0.0.1:9/x.xsd\"/>\n</xs:schema>"
            ),
            ["main.xsd", "line 2", "http://127.0.0.1:9/x.xsd"],
        ),
        (
            format!(
                "{XS}\n  <xs:element name=\"r\" type=\"A\"/>\n  <xs:simpleType name=\"A\"><xs:restriction base=\"B\"/></xs:simpleType>\n  <xs:simpleType name=\"B\"><xs:restriction base=\"A\"/></xs:simpleType>\n</xs:schema>"
            ),
            ["main.xsd", "line 3", "A → B → A"],
        ),
        (
            format!(
                "{XS}\n  <xs:element name=\"r\" type=\"P\"/>\n  <xs:complexType name=\"P\"><xs:complexContent><xs:extension base=\"Q\"/></xs:complexContent></xs:complexType>\n  <xs:complexType name=\"Q\"><xs:complexContent><xs:extension base=\"P\"/></xs:complexContent></xs:complexType>\n</xs:schema>"
            ),
            ["main.xsd", "line 3", "P → Q → P"],
        ),
    ];
    for (schema, expected) in cases {
        let dir = temp_files(&[("main.xsd", schema.as_bytes()), ("r.xml", b"<r>anything</r>")]);
        for format in ["human", "json"] {
            let (code, stdout, stderr) = run_bounded(
                &["--format", format, "validate", "--schema", "main.xsd", "r.xml"],
                dir.path(),
            );
            assert_eq!(code, 2, "{schema}: {stdout}{stderr}");
            assert!(expected.iter().all(|e| stderr.contains(e)), "{expected:?}: {stderr}");
        }
    }
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_never_reach_the_output_raw() {
    let hostile_name = "a\n::error file=x.json::pwned.json";
    let dir = temp_files(&[(
        "schema.json",
        b"{\"type\": \"object\", \"additionalProperties\": false}",
    )]);
    std::fs::create_dir_all(dir.path().join("payloads")).unwrap();
    std::fs::write(dir.path().join("payloads").join(hostile_name), b"[]").unwrap();
    std::fs::write(dir.path().join("payloads/b\u{1b}]0;pwned\u{7}\u{9b}.json"), b"[]").unwrap();
    for format in ["human", "github", "markdown", "junit", "tar"] {
        let (code, stdout, stderr) = run_bounded(
            &["--format", format, "validate", "--schema", "schema.json", "payloads"],
            dir.path(),
        );
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(
            !stdout
                .lines()
                .chain(stderr.lines())
                .any(|l| l.starts_with("::error file=x")),
            "{format}: {stdout}"
        );
        assert!(!stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{format}: {stdout:?}");
        if matches!(format, "human" | "github") {
            assert!(stdout.contains("\\u{1b}]0;pwned\\u{7}\\u{9b}"), "{format}: {stdout}");
        }
    }
    // A tool error naming the file escapes it too.
    let (code, _, stderr) = run_bounded(
        &["validate", "--schema", "schema.json", "gone\n::error file=y::z.json"],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(!stderr.lines().any(|l| l.starts_with("::error")), "{stderr}");
}

#[test]
fn control_characters_in_payload_keys_and_values_never_reach_the_output_raw() {
    // A key with a line break and a workflow command, and a value with an OSC title sequence
    // and a C1 control: both are echoed by the findings (the unknown member, the wrong type).
    let payload = "{\"a\\n::error file=x.json::pwned\": 1, \"b\": \"\\u001b]0;pwned\\u0007\\u009b\"}";
    let dir = temp_files(&[
        (
            "schema.json",
            b"{\"type\": \"object\", \"properties\": {\"b\": {\"type\": \"integer\"}}, \"additionalProperties\": false}",
        ),
        ("payload.json", payload.as_bytes()),
    ]);
    for format in ["human", "github", "markdown", "junit", "tar"] {
        let (code, stdout, stderr) = run_bounded(
            &[
                "--format",
                format,
                "validate",
                "--schema",
                "schema.json",
                "payload.json",
            ],
            dir.path(),
        );
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(
            !stdout.lines().any(|l| l.starts_with("::error file=x")),
            "{format}: {stdout}"
        );
        assert!(!stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{format}: {stdout:?}");
    }
}

/// A copy of the reference framework in `served/fw`, with one path in its manifest replaced.
fn served_with_path(temp: &Path, path: &str) -> std::path::PathBuf {
    let served = temp.join("served");
    let fw = served.join("fw");
    copy_dir(&root().join("schemas/reference"), &fw);
    let manifest = std::fs::read_to_string(fw.join("framework.toml")).unwrap();
    let replaced = manifest.replacen("standards/person/1.0.0/person.schema.json", path, 1);
    assert_ne!(manifest, replaced);
    std::fs::write(fw.join("framework.toml"), replaced).unwrap();
    std::fs::write(served.join("secret.json"), format!("{{\"description\": \"{SECRET}\"}}")).unwrap();
    served
}

#[test]
fn a_percent_encoded_manifest_path_cannot_leave_the_base_url() {
    let temp = tempfile::tempdir().unwrap();
    for path in ["%2e%2e/secret.json", ".%2E/secret.json", "%2E%2E/fw/../secret.json"] {
        let served = served_with_path(temp.path(), path);
        let server = Server::start(served);
        let cache = temp.path().join("cache").display().to_string();
        let url = server.url("fw/framework.toml");
        let (code, stdout, stderr) = run_bounded(
            &[
                "--cache-dir",
                &cache,
                "--http-timeout",
                "3",
                "--framework",
                &url,
                "framework",
                "list",
            ],
            temp.path(),
        );
        assert_eq!(code, 2, "{path}: {stdout}{stderr}");
        assert!(stderr.contains("leaves the framework folder"), "{path}: {stderr}");
        no_leak(&stdout);
        assert!(
            server.requests().iter().all(|r| !r.path.contains("secret")),
            "{path}: {:?}",
            server.requests()
        );
    }
}

#[test]
fn a_bundle_whose_headers_declare_gigabytes_is_refused_early() {
    use std::io::Write as _;
    let temp = tempfile::tempdir().unwrap();
    let served = temp.path().join("served");
    std::fs::create_dir_all(&served).unwrap();
    for (name, kind) in [
        ("gnu.tar.gz", tar::EntryType::GNULongName),
        ("pax.tar.gz", tar::EntryType::XHeader),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_path("././@LongLink").unwrap();
        header.set_entry_type(kind);
        header.set_size(2 << 30);
        header.set_cksum();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(header.as_bytes()).unwrap();
        gz.write_all(&vec![0u8; 2 << 20]).unwrap();
        std::fs::write(served.join(name), gz.finish().unwrap()).unwrap();
    }
    let server = Server::start(served);
    for name in ["gnu.tar.gz", "pax.tar.gz"] {
        let cache = temp.path().join("cache").display().to_string();
        let url = server.url(name);
        let (code, _, stderr) = run_bounded(
            &["--cache-dir", &cache, "--framework", &url, "framework", "list"],
            temp.path(),
        );
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains("256 MiB") && stderr.contains(name), "{name}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn agency_folders_refuse_links_leading_outside_and_fifos() {
    let outside = temp_files(&[(
        "secret.schema.json",
        format!("{{\"description\": \"{SECRET}\"}}").as_bytes(),
    )]);
    for (name, expected) in [("link", "leads outside the folder"), ("fifo", "is not a file")] {
        let dir = temp_files(&[(
            "agency/agency.toml",
            b"[agency]\nid = \"nat-civil-registry\"\nname = \"Civil Registry Office\"\nlevel = \"national\"\n\n[[profiles]]\nschema = \"p.schema.json\"\nprofile-of = \"address@2.0.0\"\n",
        )]);
        let folder = dir.path().join("agency");
        let schema = folder.join("p.schema.json");
        if name == "link" {
            std::os::unix::fs::symlink(outside.path().join("secret.schema.json"), &schema).unwrap();
        } else {
            assert!(fifo(&schema));
        }
        let (code, stdout, stderr) = run_bounded(&["check", folder.to_str().unwrap()], dir.path());
        assert_eq!(code, 2, "{name}: {stdout}{stderr}");
        assert!(
            stderr.contains(expected) && stderr.contains("agency.toml:7:10"),
            "{name}: {stderr}"
        );
        no_leak(&stdout);
        no_leak(&stderr);
    }
}
