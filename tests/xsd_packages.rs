//! Published XSD packages as shipped, against xmllint (libxml2), the reference validator.
//!
//! Every schema/instance pair of `$NIFCHECK_CORPUS/xsd-packages` is validated twice: through
//! nifcheck's library path of `validate --schema FILE.xsd` ([`XmlSchema::load_file`], which
//! loads the schema's package with its `../` imports, then [`check_document`]) and by
//! `xmllint --noout --nonet --schema`. The pairs:
//! - UBL 2.4: each `xml/*.xml` example against `xsd/maindoc/UBL-<Root>-2.4.xsd`, chosen by the
//!   example's root element (an example whose root has no document schema is not a pair);
//! - the NIEM 3.0 SuperHero packages: each sample of `*/iep-sample/` against the extension
//!   schema its package's `mpd-catalog.xml` lists and the sample names.
//!
//! Crafted invalid variants are generated from the examples at test time, in a temporary
//! folder: a required element deleted (the first `cbc:ID`), an unknown element before a
//! required one (before the first `cbc:IssueDate`), an impossible date (that `IssueDate` on
//! 30 February), and, for NIEM, a duplicate qualified ID (`structures:id`). Each keeps the
//! line numbers of its original. For these, the line of nifcheck's first finding must be the
//! line of xmllint's first error, besides the verdict.
//!
//! Disagreements are listed in `tests/xsd_packages_known_disagreements.txt`, one a line as
//! `<pair> # reason`, each explained by hand. The test fails on a disagreement that is not
//! listed, and on a listed one that now agrees. Without the corpus or xmllint it says it is
//! skipped and passes; under `CI=true` it fails instead.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use nifcheck::finding::Severity;
use nifcheck::xml::{XmlSchema, check_document};

const KNOWN: &str = include_str!("xsd_packages_known_disagreements.txt");

/// One instance to validate: its name in the known-disagreements list and where it is.
struct Case {
    id: String,
    file: PathBuf,
    /// Whether the line of the first error is compared too (the crafted variants).
    compare_line: bool,
}

/// What a validator said of one instance: valid, or the line of its first error and why.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Valid,
    Invalid { line: usize, why: String },
    NotRun(String),
}

#[test]
fn xsd_packages_agree_with_xmllint() {
    let Some(corpus) = crate::corpus::path("xsd-packages") else {
        return;
    };
    if !xmllint_present() {
        assert!(
            !crate::corpus::in_ci(),
            "xmllint is missing: under CI=true it must be there (libxml2-utils)"
        );
        eprintln!("skipped: xmllint is not installed (Debian: libxml2-utils)");
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let mut pairs: BTreeMap<PathBuf, Vec<Case>> = BTreeMap::new();
    ubl_pairs(&corpus, scratch.path(), &mut pairs);
    niem_pairs(&corpus, scratch.path(), &mut pairs);
    let known = crate::corpus::known_list(KNOWN);
    let mut disagreements: BTreeMap<String, String> = BTreeMap::new();
    let (mut examples, mut variants, mut agree) = (0, 0, 0);
    // Each schema is compiled once for all its instances, and the schemas are shared out
    // between the cores: the compiles are most of the test's time.
    let pairs: Vec<(&PathBuf, &Vec<Case>)> = pairs.iter().collect();
    let outcomes = crate::corpus::in_parallel(&pairs, |(schema_path, cases)| run_schema(schema_path, cases));
    for ((_, cases), outcome) in pairs.iter().zip(outcomes) {
        for (case, difference) in cases.iter().zip(outcome) {
            if case.compare_line {
                variants += 1;
            } else {
                examples += 1;
            }
            match difference {
                None => agree += 1,
                Some(difference) => {
                    disagreements.insert(case.id.clone(), difference);
                }
            }
        }
    }
    println!(
        "XSD packages against xmllint: {agree}/{} agree ({examples} examples, {variants} crafted variants, {} schemas)",
        examples + variants,
        pairs.len()
    );
    crate::corpus::assert_only_known(&known, &disagreements);
}

/// How nifcheck and xmllint differ on each case of one schema (`None` where they agree).
fn run_schema(schema_path: &Path, cases: &[Case]) -> Vec<Option<String>> {
    let reference = xmllint(schema_path, cases);
    let schema = XmlSchema::load_file(schema_path);
    cases
        .iter()
        .map(|case| {
            let ours = match &schema {
                Ok(schema) => nifcheck_verdict(schema, &case.file),
                Err(error) => Verdict::NotRun(format!("the schema does not load: {error}")),
            };
            let theirs = reference
                .get(&case.file)
                .cloned()
                .unwrap_or(Verdict::NotRun("no verdict".into()));
            compare(&ours, &theirs, case.compare_line)
        })
        .collect()
}

/// How nifcheck and xmllint differ on one instance, if they do.
fn compare(ours: &Verdict, theirs: &Verdict, compare_line: bool) -> Option<String> {
    match (ours, theirs) {
        (Verdict::Valid, Verdict::Valid) => None,
        (Verdict::Invalid { line: a, .. }, Verdict::Invalid { line: b, .. }) if !compare_line || a == b => None,
        (
            Verdict::Invalid { line: a, why },
            Verdict::Invalid {
                line: b,
                why: reference,
            },
        ) => Some(format!(
            "first finding at line {a} ({why}), xmllint's first error at line {b} ({reference})"
        )),
        (Verdict::Valid, Verdict::Invalid { line, why }) => Some(format!("we accept; xmllint: line {line}: {why}")),
        (Verdict::Invalid { line, why }, Verdict::Valid) => Some(format!("we reject: line {line}: {why}")),
        (Verdict::NotRun(why), _) => Some(format!("nifcheck: {why}")),
        (_, Verdict::NotRun(why)) => Some(format!("xmllint: {why}")),
    }
}

fn nifcheck_verdict(schema: &XmlSchema, file: &Path) -> Verdict {
    let bytes = std::fs::read(file).unwrap();
    let findings = check_document(&bytes, &file.display().to_string(), schema);
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .min_by_key(|f| (f.line, f.column))
        .map_or(Verdict::Valid, |f| Verdict::Invalid {
            line: f.line.unwrap_or(0),
            why: one_line(&f.message),
        })
}

fn xmllint_present() -> bool {
    std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// xmllint's verdict on each case, from one run per schema (it compiles the schema once).
fn xmllint(schema: &Path, cases: &[Case]) -> BTreeMap<PathBuf, Verdict> {
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .args(cases.iter().map(|c| &c.file))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut verdicts = BTreeMap::new();
    let mut first_errors: BTreeMap<PathBuf, (usize, String)> = BTreeMap::new();
    for case in cases {
        let name = case.file.display().to_string();
        for line in stderr.lines() {
            if line == format!("{name} validates") {
                verdicts.insert(case.file.clone(), Verdict::Valid);
            } else if let Some(rest) = line.strip_prefix(&format!("{name}:"))
                && let Some((number, why)) = rest.split_once(':')
                && let Ok(number) = number.parse::<usize>()
            {
                first_errors
                    .entry(case.file.clone())
                    .or_insert_with(|| (number, one_line(why)));
            }
        }
    }
    for case in cases {
        if verdicts.contains_key(&case.file) {
            continue;
        }
        let verdict = match first_errors.remove(&case.file) {
            Some((line, why)) => Verdict::Invalid { line, why },
            None => Verdict::NotRun(format!("xmllint said nothing of it: {}", one_line(&stderr))),
        };
        verdicts.insert(case.file.clone(), verdict);
    }
    verdicts
}

fn one_line(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    text.chars().take(200).collect()
}

/// The UBL examples, each with its document schema, and their crafted variants.
fn ubl_pairs(corpus: &Path, scratch: &Path, pairs: &mut BTreeMap<PathBuf, Vec<Case>>) {
    let ubl = corpus.join("ubl-2.4");
    let mut examples: Vec<PathBuf> = std::fs::read_dir(ubl.join("xml"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    examples.sort();
    for example in examples {
        let text = std::fs::read_to_string(&example).unwrap();
        let Some(root) = root_name(&text) else { continue };
        let schema = ubl.join(format!("xsd/maindoc/UBL-{root}-2.4.xsd"));
        if !schema.is_file() {
            continue;
        }
        let id = format!("ubl-2.4/xml/{}", file_name(&example));
        let cases = pairs.entry(schema).or_default();
        for (variant, text) in ubl_variants(&text) {
            let file = scratch.join(format!("{variant}--{}", file_name(&example)));
            std::fs::write(&file, text).unwrap();
            cases.push(Case {
                id: format!("{id}#{variant}"),
                file,
                compare_line: true,
            });
        }
        cases.push(Case {
            id,
            file: example,
            compare_line: false,
        });
    }
}

/// The NIEM samples, each with the extension schema its package lists and it names.
fn niem_pairs(corpus: &Path, scratch: &Path, pairs: &mut BTreeMap<PathBuf, Vec<Case>>) {
    let niem = corpus.join("niem-3.0-superhero");
    let mut packages: Vec<PathBuf> = std::fs::read_dir(&niem).unwrap().map(|e| e.unwrap().path()).collect();
    packages.sort();
    for package in packages {
        let Ok(catalog) = std::fs::read_to_string(package.join("mpd-catalog.xml")) else {
            continue;
        };
        let extension_schemas: BTreeSet<String> = path_uris(&catalog, "ExtensionSchemaDocument").into_iter().collect();
        let samples: BTreeSet<String> = path_uris(&catalog, "IEPSampleXMLDocument")
            .into_iter()
            .map(|p| p.trim_start_matches("./").to_string())
            .collect();
        for sample in samples {
            let file = package.join(&sample);
            let text = std::fs::read_to_string(&file).unwrap();
            // The sample names its schema; the catalog says it is one of the package's.
            let Some(schema) = extension_schemas
                .iter()
                .find(|s| text.contains(&format!("../{s}")))
                .or_else(|| extension_schemas.iter().next().filter(|_| extension_schemas.len() == 1))
            else {
                panic!("{}: no extension schema of the catalog matches", file.display());
            };
            let package_name = file_name(&package);
            let id = format!("niem-3.0-superhero/{package_name}/{sample}");
            let cases = pairs.entry(package.join(schema)).or_default();
            if let Some(duplicated) = duplicate_qualified_id(&text) {
                let copy = scratch.join(format!("duplicate-id--{package_name}--{}", file_name(&file)));
                std::fs::write(&copy, duplicated).unwrap();
                cases.push(Case {
                    id: format!("{id}#duplicate-id"),
                    file: copy,
                    compare_line: true,
                });
            }
            cases.push(Case {
                id,
                file,
                compare_line: false,
            });
        }
    }
}

/// The crafted invalid variants of a UBL example, each with its line numbers kept.
fn ubl_variants(text: &str) -> Vec<(&'static str, String)> {
    let mut variants = Vec::new();
    if let Some((start, end)) = element_span(text, "cbc:ID") {
        variants.push(("missing-required", format!("{}{}", &text[..start], &text[end..])));
    }
    if let Some((start, end)) = element_span(text, "cbc:IssueDate") {
        variants.push((
            "unknown-before-required",
            format!(
                "{}<cbc:UnknownElement>x</cbc:UnknownElement>{}",
                &text[..start],
                &text[start..]
            ),
        ));
        variants.push((
            "wrong-date",
            format!(
                "{}<cbc:IssueDate>2009-02-30</cbc:IssueDate>{}",
                &text[..start],
                &text[end..]
            ),
        ));
    }
    variants
}

/// The byte range of the first `<name>…</name>` on one line.
fn element_span(text: &str, name: &str) -> Option<(usize, usize)> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = text.find(&open)?;
    let end = start + text[start..].find(&close)? + close.len();
    (!text[start..end].contains('\n')).then_some((start, end))
}

/// The sample with its second `structures:id` given the first one's value.
fn duplicate_qualified_id(text: &str) -> Option<String> {
    const ATTRIBUTE: &str = "structures:id=\"";
    let first = text.find(ATTRIBUTE)? + ATTRIBUTE.len();
    let value = &text[first..first + text[first..].find('"')?];
    let second = first + text[first..].find(ATTRIBUTE)? + ATTRIBUTE.len();
    let second_end = second + text[second..].find('"')?;
    Some(format!("{}{value}{}", &text[..second], &text[second_end..]))
}

/// The `c:pathURI`s of the catalog's elements named `element`.
fn path_uris(catalog: &str, element: &str) -> Vec<String> {
    let mut found = Vec::new();
    let tag = format!("{element} c:pathURI=\"");
    let mut rest = catalog;
    while let Some(at) = rest.find(&tag) {
        rest = &rest[at + tag.len()..];
        if let Some(end) = rest.find('"') {
            found.push(rest[..end].to_string());
        }
    }
    found
}

/// The local name of the document's root element.
fn root_name(text: &str) -> Option<String> {
    let mut reader = quick_xml::reader::Reader::from_str(text);
    loop {
        match reader.read_event().ok()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                return Some(e.local_name().into_inner().to_string());
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn variants_keep_their_lines() {
    let example = "<Invoice>\n <cbc:ID>1</cbc:ID>\n <cbc:IssueDate>2009-12-15</cbc:IssueDate>\n</Invoice>\n";
    for (name, variant) in ubl_variants(example) {
        assert_eq!(variant.lines().count(), 4, "{name}: {variant}");
    }
    let niem = "<a structures:id=\"A\"/>\n<b structures:id=\"B\"/>";
    assert_eq!(
        duplicate_qualified_id(niem).as_deref(),
        Some("<a structures:id=\"A\"/>\n<b structures:id=\"A\"/>")
    );
}
