//! Bytes in, through the library entry points the command line uses, a report out in every
//! format: one driver per fuzz target. A driver returns for every input, whether the input
//! gives findings or an error; a panic, an abort, a hang or a broken invariant is a defect.
//!
//! The fuzz targets in `fuzz/` include this file, and `never_panics.rs` runs the same drivers on
//! small generated inputs in every test run, so the drivers build (and stay in step with the
//! library) wherever the tests do. The first byte of an input picks a variant (a standard, a
//! file extension, a direction): the fuzzer learns to steer it like any other byte.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use nifcheck::compat::diff::{Side, diff as compare};
use nifcheck::compat::evolution::Direction;
use nifcheck::date::Timestamp;
use nifcheck::framework::{CodeList, CodeListEntry, CompileOptions, Date, Framework, FrameworkFiles, FrameworkSource};
use nifcheck::jsonpath::JsonPath;
use nifcheck::openapi::{Linter, framework_rulesets, ruleset};
use nifcheck::payload::{Checker, Choice, Framing, Input, Origin, Target};
use nifcheck::report::render::{Format, RenderOptions, render};
use nifcheck::report::{FailOn, Report, Run, Subject};
use nifcheck::{Error, Result};

/// A driver: one input, no result; it panics only on a defect.
pub(crate) type Driver = fn(&[u8]);

/// Every driver by the name of its fuzz target (`fuzz/fuzz_targets/<name>.rs`).
pub(crate) const DRIVERS: &[(&str, Driver)] = &[
    ("json_payload", json_payload),
    ("ndjson_stream", ndjson_stream),
    ("xml_payload", xml_payload),
    ("openapi_lint", openapi_lint),
    ("jsonpath", jsonpath),
    ("ruleset", ruleset_file),
    ("framework_toml", framework_toml),
    ("codelist_csv", codelist_csv),
    ("bundle", bundle),
    ("schema_diff", schema_diff),
];

/// A JSON payload validated against a standard of the reference framework (or the one its
/// `$schema` names), findings placed by line and column.
pub(crate) fn json_payload(data: &[u8]) {
    payload(data, "payload.json", Framing::Single, |_| true);
}

/// An NDJSON file validated line by line through the streaming reader.
pub(crate) fn ndjson_stream(data: &[u8]) {
    payload(data, "payload.ndjson", Framing::Lines, |_| true);
}

/// An XML payload: streamed record by record as a `.xml` file, and checked as a whole document
/// when its contents alone say it is XML.
pub(crate) fn xml_payload(data: &[u8]) {
    let has_xsd = |f: &Framework, i: usize| f.standards.get(i).is_some_and(|s| s.entry.xml_schema.is_some());
    payload(data, "payload.xml", Framing::Single, |(f, i)| has_xsd(f, i));
    payload(data, "payload", Framing::Single, |(f, i)| has_xsd(f, i));
}

/// An OpenAPI description, YAML or JSON, loaded and linted with the reference framework's
/// rulesets or with the specification's checks alone.
pub(crate) fn openapi_lint(data: &[u8]) {
    let (variant, text) = split_variant(data);
    let name = if variant & 1 == 0 {
        "openapi.yaml"
    } else {
        "openapi.json"
    };
    let linter = if variant & 2 == 0 {
        reference_linter()
    } else {
        bare_linter()
    };
    let Some(linter) = linter else { return };
    let scratch = Scratch::with(&[(name, text)]);
    let input = scratch.input(name, Framing::Single);
    let Ok(linted) = linter.lint(std::slice::from_ref(&input)) else {
        return;
    };
    let operations = linted.iter().map(|l| l.operations).sum();
    let findings = linted.into_iter().flat_map(|l| l.findings).collect();
    render_everywhere(findings, &[name], Some(reference()), Some(operations));
}

/// A JSONPath expression, parsed and run over a small document.
pub(crate) fn jsonpath(data: &[u8]) {
    let Ok(expression) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(path) = JsonPath::parse(expression) else {
        return;
    };
    let document = sample_document();
    for selected in path.select(document).iter().chain(&path.select_nodelist(document)) {
        let _ = (selected.pointer(), selected.normalized_path());
    }
    let _ = path.to_string();
}

/// A Spectral-format ruleset, loaded and run over a small description.
pub(crate) fn ruleset_file(data: &[u8]) {
    let scratch = Scratch::with(&[("openapi.yaml", SAMPLE_API.as_bytes())]);
    let Ok(loaded) = ruleset::load(ruleset::Source {
        name: "ruleset.yaml".into(),
        base: scratch.path().to_path_buf(),
        bytes: data.to_vec(),
    }) else {
        return;
    };
    let Ok(linter) = Linter::new(None, options(), vec![loaded]) else {
        return;
    };
    let input = scratch.input("openapi.yaml", Framing::Single);
    if let Ok(linted) = linter.lint(&[input]) {
        let findings = linted.into_iter().flat_map(|l| l.findings).collect();
        render_everywhere(findings, &["openapi.yaml"], None, None);
    }
}

/// A `framework.toml` beside a schema, a code list, an XSD and a ruleset it may name, loaded
/// and verified as `framework verify` does.
pub(crate) fn framework_toml(data: &[u8]) {
    let mut files = SUPPORT_FILES.to_vec();
    files.push(("framework.toml", data));
    verify_folder(&Scratch::with(&files));
}

/// A code list (CSV, or JSON when the first byte is odd), loaded and queried.
pub(crate) fn codelist_csv(data: &[u8]) {
    let (variant, text) = split_variant(data);
    let file = if variant & 1 == 0 { "codes.csv" } else { "codes.json" };
    let scratch = Scratch::with(&[(file, text)]);
    let entry = CodeListEntry {
        id: "colour".into(),
        version: "1".into(),
        title: "Colours".into(),
        source: None,
        file: file.into(),
        code_column: "code".into(),
        label_column: "label".into(),
        valid_from_column: "valid-from".into(),
        valid_to_column: "valid-to".into(),
        replaced_by_column: "replaced-by".into(),
    };
    let Ok(list) = CodeList::load(&FrameworkFiles::Dir(scratch.path().to_path_buf()), &entry) else {
        return;
    };
    let on = as_of();
    let _ = (list.label(), list.valid_codes_hint(on));
    let _ = serde_json::to_string(&list.codes);
    for value in list
        .codes
        .iter()
        .map(|c| c.code.as_str())
        .take(8)
        .chain(["", "red", "X"])
    {
        let _ = (list.check(value, on), list.successor(value), list.closest(value, on));
    }
}

/// A framework bundle: the bytes as a `.tar.gz`, and as a tar gzipped here; a bundle that
/// unpacks is written out and verified as a fetched framework would be.
pub(crate) fn bundle(data: &[u8]) {
    let mut gzipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = std::io::Write::write_all(&mut gzipped, data);
    let Ok(gzipped) = gzipped.finish() else { return };
    for bytes in [data, &gzipped] {
        let Ok(files) = nifcheck::framework::unpack("bundle.tar.gz", bytes) else {
            continue;
        };
        for rel in files.keys() {
            let path = Path::new(rel);
            assert!(
                !rel.is_empty()
                    && path.is_relative()
                    && path.components().all(|c| matches!(c, std::path::Component::Normal(_))),
                "unpack let through the entry `{rel}`"
            );
        }
        let files: Vec<(&str, &[u8])> = files.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect();
        if let Some(scratch) = Scratch::try_with(&files) {
            verify_folder(&scratch);
        }
    }
}

/// Two JSON documents (schemas, or OpenAPI descriptions) compared as `diff OLD NEW` does. They
/// are separated by a line holding `===`; without one, the input is compared with itself.
pub(crate) fn schema_diff(data: &[u8]) {
    let (variant, text) = split_variant(data);
    let (old, new) = match text.windows(5).position(|w| w == b"\n===\n") {
        Some(at) => (&text[..at], &text[at + 5..]),
        None => (text, text),
    };
    let direction = match variant % 3 {
        0 => Direction::Backward,
        1 => Direction::Forward,
        _ => Direction::Full,
    };
    let scratch = Scratch::with(&[("old.json", old), ("new.json", new)]);
    let side = |name: &str| Side::parse(&scratch.path().join(name).display().to_string(), None);
    let (Ok(old), Ok(new)) = (side("old.json"), side("new.json")) else {
        return;
    };
    if let Ok(comparison) = compare(None, options(), &old, &new, direction) {
        let names = [old.name(), new.name()];
        let report = collect(comparison.findings, &names, None, Some(comparison.verdict), None);
        render_all(&report);
    }
}

fn payload(data: &[u8], name: &str, framing: Framing, allowed: impl Fn((&Framework, usize)) -> bool) {
    let (variant, text) = split_variant(data);
    let framework = reference();
    let candidates: Vec<usize> = (0..framework.standards.len())
        .filter(|&i| allowed((framework, i)))
        .collect();
    // One more choice than there are candidates: the payload's own `$schema` (or XML root).
    let choice = match candidates.get(usize::from(variant) % (candidates.len() + 1)) {
        Some(&index) => Choice::Standard(index),
        None => Choice::Auto,
    };
    let no_project =
        |path: &Path| -> Result<Target> { Err(Error::usage(format!("no project maps {}", path.display()), None)) };
    let Ok(checker) = Checker::new(Some(framework), choice, None, &no_project) else {
        return;
    };
    let scratch = Scratch::with(&[(name, text)]);
    let Ok(outcome) = checker.check(&[scratch.input(name, framing)]) else {
        return;
    };
    render_everywhere(outcome.findings, &[name], Some(framework), None);
}

/// Loads the scratch folder as a framework and verifies it.
fn verify_folder(scratch: &Scratch) {
    let source = FrameworkSource::Dir(scratch.path().to_path_buf());
    let Ok(Some(framework)) = Framework::load(&source, options()) else {
        return;
    };
    if let Ok(verification) = nifcheck::verify::verify(&framework) {
        let report = collect(verification.findings, &["framework.toml"], Some(&framework), None, None);
        render_all(&report);
    }
}

fn render_everywhere(
    findings: Vec<nifcheck::finding::Finding>,
    files: &[&str],
    framework: Option<&Framework>,
    operations: Option<usize>,
) {
    render_all(&collect(findings, files, framework, None, operations));
}

fn collect(
    findings: Vec<nifcheck::finding::Finding>,
    files: &[&str],
    framework: Option<&Framework>,
    verdict: Option<&'static str>,
    operations: Option<usize>,
) -> Report {
    for finding in &findings {
        assert!(
            finding.line.is_none_or(|l| l >= 1) && finding.column.is_none_or(|c| c >= 1),
            "lines and columns are 1-based: {finding:?}"
        );
    }
    let subjects = files
        .iter()
        .map(|f| Subject {
            file: (*f).to_string(),
            standard: None,
        })
        .collect();
    Report::collect(
        findings,
        Run {
            framework,
            subjects,
            documents: files.len(),
            fail_on: FailOn::Error,
            generated: Timestamp(1_764_374_400),
            verdict,
            operations,
            ..Run::default()
        },
    )
}

/// Renders the report in every format; the JSON report must parse.
fn render_all(report: &Report) {
    for format in Format::ALL {
        let text = render(report, format, RenderOptions::default());
        if format == Format::Json
            && let Err(e) = serde_json::from_str::<serde_json::Value>(&text)
        {
            panic!("the JSON report is not JSON ({e}): {text}");
        }
    }
}

/// The first byte picks a variant; the rest is the document.
fn split_variant(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&variant, rest)) => (variant, rest),
        None => (0, data),
    }
}

fn as_of() -> Date {
    Date::new(2026, 11, 29).unwrap_or_else(Date::today)
}

/// No network, a fixed day: the same input always takes the same path.
fn options() -> CompileOptions {
    CompileOptions {
        as_of: as_of(),
        remote: None,
        ..CompileOptions::default()
    }
}

/// The embedded reference framework, loaded once: its validators are compiled on first use
/// and then shared by every input.
fn reference() -> &'static Framework {
    static REFERENCE: OnceLock<Framework> = OnceLock::new();
    REFERENCE.get_or_init(|| match Framework::load(&FrameworkSource::Embedded, options()) {
        Ok(Some(framework)) => framework,
        Ok(None) => panic!("the embedded framework is missing"),
        Err(e) => panic!("the embedded framework does not load: {e}"),
    })
}

fn reference_linter() -> Option<&'static Linter<'static>> {
    static LINTER: OnceLock<Option<Linter<'static>>> = OnceLock::new();
    LINTER
        .get_or_init(|| {
            let rulesets = framework_rulesets(reference()).ok()?;
            Linter::new(Some(reference()), options(), rulesets).ok()
        })
        .as_ref()
}

fn bare_linter() -> Option<&'static Linter<'static>> {
    static LINTER: OnceLock<Option<Linter<'static>>> = OnceLock::new();
    LINTER
        .get_or_init(|| Linter::new(None, options(), Vec::new()).ok())
        .as_ref()
}

/// A private folder holding the input files, removed when dropped.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn with(files: &[(&str, &[u8])]) -> Scratch {
        match Scratch::try_with(files) {
            Some(scratch) => scratch,
            None => panic!("cannot write a scratch folder"),
        }
    }

    /// `None` when the files cannot be laid out (a bundle holding both `a` and `a/b`).
    fn try_with(files: &[(&str, &[u8])]) -> Option<Scratch> {
        let dir = tempfile::Builder::new().prefix("nifcheck-fuzz-").tempdir().ok()?;
        for (rel, bytes) in files {
            let path: PathBuf = dir.path().join(rel);
            std::fs::create_dir_all(path.parent()?).ok()?;
            std::fs::write(&path, bytes).ok()?;
        }
        Some(Scratch { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The file named as the command line names a file given by a relative path.
    fn input(&self, name: &str, framing: Framing) -> Input {
        Input {
            name: name.into(),
            origin: Origin::File(self.path().join(name)),
            framing,
        }
    }
}

fn sample_document() -> &'static serde_json::Value {
    static DOCUMENT: OnceLock<serde_json::Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "Registry", "version": "1.0.0", "x-owner": null},
            "paths": {
                "/people/{nin}": {"get": {"operationId": "getPerson", "tags": ["people", "read"],
                    "parameters": [{"name": "nin", "in": "path", "required": true}],
                    "responses": {"200": {"description": "found"}, "404": {"description": "absent"}}}},
                "/people": {"post": {"operationId": "addPerson", "responses": {"201": {"description": "added"}}}}
            },
            "numbers": [0, -1, 2.5, 1e3, 9007199254740993_u64],
            "flags": [true, false],
            "": {"~/": "odd keys", "a.b": [[], {}]}
        })
    })
}

/// A description small enough to lint on every input, with something for most rules to find.
const SAMPLE_API: &str = "openapi: 3.1.0
info:
  title: Registry
  version: 1.0.0
paths:
  /people/{nin}:
    get:
      operationId: getPerson
      tags: [people]
      parameters:
        - name: nin
          in: path
          required: true
          schema: {type: string, pattern: '^[0-9]{11}$'}
      responses:
        '200':
          description: found
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Person'}
components:
  schemas:
    Person:
      type: object
      properties:
        nin: {type: string}
";

/// Files a fuzzed `framework.toml` can name (the seeds name them).
const SUPPORT_FILES: &[(&str, &[u8])] = &[
    (
        "standards/colour.schema.json",
        br#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.test/colour.json",
  "type": "object", "properties": {"colour": {"type": "string", "x-codelist": "colour"}}, "required": ["colour"]}"#,
    ),
    (
        "standards/colour-1.1.schema.json",
        br#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.test/colour-1.1.json",
  "type": "object", "properties": {"colour": {"type": "string"}, "shade": {"type": "integer", "minimum": 0}}}"#,
    ),
    (
        "standards/colour.xsd",
        br#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="Colour" type="xs:string"/></xs:schema>"#,
    ),
    (
        "codelists/colour.csv",
        b"code,label,valid-from,valid-to,replaced-by\nred,Red,,,\ngrn,Green,2020-01-01,2024-12-31,green\ngreen,Green,2025-01-01,,\n",
    ),
    (
        "rulesets/api.yaml",
        b"extends: [[spectral:oas, recommended]]\nrules:\n  tags-present:\n    given: $.paths[*][*]\n    then: {field: tags, function: truthy}\n",
    ),
];
