//! The W3C XML Schema test suite, run through the code path of `nifcheck validate --schema
//! FILE.xsd`: [`nifcheck::xml::XmlSchema::load`] (our schema graph, flattened for the engine)
//! and [`nifcheck::xml::check_document`] (our safety scan, then the engine). An instance counts
//! as valid when it has no finding.
//!
//! The suite lives at `$NIFCHECK_CORPUS/xsdtests` (`suite.xml` and the contributors' test
//! sets); without it the test prints why it was skipped and passes (under `CI=true` it fails). Every XSD 1.0 instance
//! test whose schema is valid and loads is run; the agreement with the catalogue's expected
//! validity is printed per contributor (`cargo test --test xsd_suite -- --nocapture`).
//!
//! Whether a test is an XSD 1.0 test is decided by the innermost `version` attribute of the test,
//! its group and its set: the Working Group's substitution-group set is marked `version="1.1"` as
//! a whole, but holds groups marked `1.0 1.1` and instance tests marked `1.0` (behaviour that 1.1
//! changed, with a schema that is valid for 1.0 only).
//!
//! Known disagreements are listed in `tests/xsd_suite_known_disagreements.txt`, one a line as
//! `<test set>::<group>::<instance test> # reason`. The test fails on a disagreement that is
//! not listed, and on a listed one that now agrees (so the list stays honest).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use nifcheck::xml::engine::model::tree::Tree;
use nifcheck::xml::{Folder, SchemaStore, XmlSchema, check_document, schema::normalize};

const KNOWN: &str = include_str!("xsd_suite_known_disagreements.txt");

#[derive(Default)]
struct Tally {
    agree: usize,
    run: usize,
    schema_not_loaded: usize,
    instance_missing: usize,
}

#[test]
fn w3c_xsd_suite() {
    let Some(catalogue) = crate::corpus::path("xsdtests/suite.xml") else {
        return;
    };
    let root: PathBuf = catalogue.parent().unwrap().to_path_buf();
    let suite = std::fs::read_to_string(&catalogue).unwrap();
    let known = crate::corpus::known_list(KNOWN);
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut disagreements: BTreeMap<String, String> = BTreeMap::new();
    let doc = Tree::parse(&suite).unwrap_or_else(|e| panic!("suite.xml: {e}"));
    let sets: Vec<String> = elements(&doc, 0, "testSetRef")
        .into_iter()
        .filter_map(|set| attribute(&doc, set, "href"))
        .filter(|href| !href.starts_with("common/") && root.join(href).is_file())
        .collect();
    // The test sets are independent: they are shared out between the cores, and their
    // tallies added up afterwards.
    let outcomes = crate::corpus::in_parallel(&sets, |href| {
        let mut set_tallies = BTreeMap::new();
        let mut set_disagreements = BTreeMap::new();
        run_set(&root, href, &mut set_tallies, &mut set_disagreements);
        (set_tallies, set_disagreements)
    });
    for (set_tallies, set_disagreements) in outcomes {
        for (contributor, t) in set_tallies {
            let tally: &mut Tally = tallies.entry(contributor).or_default();
            tally.agree += t.agree;
            tally.run += t.run;
            tally.schema_not_loaded += t.schema_not_loaded;
            tally.instance_missing += t.instance_missing;
        }
        disagreements.extend(set_disagreements);
    }
    let mut total = Tally::default();
    println!("W3C XML Schema suite, XSD 1.0 instance tests whose schema loads:");
    for (contributor, t) in &tallies {
        println!(
            "  {contributor:<12} {:>5}/{:<5} agree ({:.1} %), {} more with a schema that does not load",
            t.agree,
            t.run,
            100.0 * t.agree as f64 / t.run.max(1) as f64,
            t.schema_not_loaded
        );
        total.agree += t.agree;
        total.run += t.run;
        total.schema_not_loaded += t.schema_not_loaded;
    }
    println!(
        "  {:<12} {:>5}/{:<5} agree ({:.1} %), {} more with a schema that does not load",
        "all",
        total.agree,
        total.run,
        100.0 * total.agree as f64 / total.run.max(1) as f64,
        total.schema_not_loaded
    );
    for (contributor, t) in tallies.iter().filter(|(_, t)| t.instance_missing > 0) {
        println!(
            "  {contributor}: {} more whose instance document is not in the suite",
            t.instance_missing
        );
    }
    crate::corpus::assert_only_known(&known, &disagreements);
}

fn run_set(
    root: &Path,
    href: &str,
    tallies: &mut BTreeMap<String, Tally>,
    disagreements: &mut BTreeMap<String, String>,
) {
    let Ok(text) = std::fs::read_to_string(root.join(href)) else {
        return;
    };
    let Ok(doc) = Tree::parse(&text) else { return };
    let set = 0;
    // Boeing's test set names two people and two organisations; the table shows the company.
    // The Working Group's sets name the member who wrote them; the table shows the group.
    let contributor = if href.starts_with("wgMeta/") {
        "WG".into()
    } else {
        attribute(&doc, set, "contributor")
            .map(|c| if c.contains("Boeing") { "Boeing".into() } else { c })
            .unwrap_or_else(|| "unknown".into())
    };
    let set_name = attribute(&doc, set, "name").unwrap_or_else(|| href.to_string());
    let dir = href.rsplit_once('/').map_or("", |(d, _)| d);
    for group in children(&doc, set, "testGroup") {
        let group_name = attribute(&doc, group, "name").unwrap_or_default();
        let instances: Vec<_> = children(&doc, group, "instanceTest")
            .into_iter()
            .filter(|&t| is_xsd10(&doc, &[set, group, t]) && accepted(&doc, t))
            .filter_map(|t| Some((t, expected(&doc, t)?)))
            .collect();
        if instances.is_empty() {
            continue;
        }
        let tally = tallies.entry(contributor.clone()).or_default();
        let schema_test = children(&doc, group, "schemaTest").into_iter().next();
        if schema_test.is_some_and(|s| expected(&doc, s) != Some(true)) {
            continue;
        }
        let documents: Vec<String> = schema_test
            .map(|s| children(&doc, s, "schemaDocument"))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| attribute(&doc, d, "href"))
            .filter_map(|h| normalize(&format!("{dir}/{h}")))
            .collect();
        let Some(first) = documents.first() else { continue };
        let store = Documents::new(root, &documents);
        let main = if documents.len() > 1 { WRAPPER } else { first.as_str() };
        let schema = match XmlSchema::load(&store, main) {
            Ok(schema) => schema,
            Err(_) => {
                tally.schema_not_loaded += instances.len();
                continue;
            }
        };
        for (test, valid) in instances {
            let name = attribute(&doc, test, "name").unwrap_or_default();
            let Some(file) = children(&doc, test, "instanceDocument")
                .into_iter()
                .next()
                .and_then(|d| attribute(&doc, d, "href"))
                .and_then(|h| normalize(&format!("{dir}/{h}")))
            else {
                continue;
            };
            let Ok(bytes) = std::fs::read(root.join(&file)) else {
                tally.instance_missing += 1;
                continue;
            };
            let findings = check_document(&bytes, &file, &schema);
            tally.run += 1;
            if findings.is_empty() == valid {
                tally.agree += 1;
            } else {
                let why = match findings.first() {
                    Some(f) => format!("we reject: {}", f.message.replace('\n', " ")),
                    None => format!("we accept: {}", documentation(&doc, group)),
                };
                disagreements.insert(format!("{set_name}::{group_name}::{name}"), why);
            }
        }
    }
}

/// The name of the schema that stands for a schema test with several documents.
const WRAPPER: &str = "nifcheck-schema-test.xsd";

/// The schema documents of one schema test, read as one schema: when there are several, a
/// wrapper schema imports each (includes it, when it has no target namespace), as a processor
/// given several schema documents at once reads them all.
struct Documents {
    folder: Folder,
    wrapper: String,
}

impl Documents {
    fn new(root: &Path, documents: &[String]) -> Self {
        let mut wrapper = String::from(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">"#);
        for rel in documents {
            let namespace = std::fs::read_to_string(root.join(rel))
                .ok()
                .and_then(|text| Tree::parse(&text).ok())
                .and_then(|tree| tree.node(0).attr("targetNamespace").map(str::to_string));
            match namespace {
                Some(ns) => wrapper.push_str(&format!(
                    r#"<xs:import namespace="{}" schemaLocation="{rel}"/>"#,
                    ns.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
                )),
                None => wrapper.push_str(&format!(r#"<xs:include schemaLocation="{rel}"/>"#)),
            }
        }
        wrapper.push_str("</xs:schema>");
        Documents {
            folder: Folder(root.to_path_buf()),
            wrapper,
        }
    }
}

impl SchemaStore for Documents {
    fn read(&self, rel: &str) -> nifcheck::Result<Vec<u8>> {
        if rel == WRAPPER {
            return Ok(self.wrapper.clone().into_bytes());
        }
        self.folder.read(rel)
    }
    fn display(&self, rel: &str) -> String {
        self.folder.display(rel)
    }
}

/// Whether a test applies to XSD 1.0, given its set, group and the test itself (outermost
/// first): the innermost `version` attribute decides, its tokens read as alternatives.
fn is_xsd10(doc: &Tree, scopes: &[usize]) -> bool {
    scopes
        .iter()
        .rev()
        .find_map(|&node| attribute(doc, node, "version"))
        .is_none_or(|v| {
            let tokens: Vec<&str> = v.split_whitespace().collect();
            tokens.contains(&"1.0") || !tokens.contains(&"1.1")
        })
}

fn accepted(doc: &Tree, test: usize) -> bool {
    children(doc, test, "current")
        .into_iter()
        .next()
        .and_then(|c| attribute(doc, c, "status"))
        .is_none_or(|s| s == "accepted")
}

/// The XSD 1.0 expected validity: `Some(true)` valid, `Some(false)` invalid. An `expected`
/// marked for 1.0 wins over one that names no version (the WG's `snneg` schema has both).
fn expected(doc: &Tree, test: usize) -> Option<bool> {
    let all = children(doc, test, "expected");
    let for_10 = |&e: &usize| attribute(doc, e, "version").is_some_and(|v| v.split_whitespace().any(|t| t == "1.0"));
    all.iter()
        .copied()
        .find(for_10)
        .or_else(|| all.iter().copied().find(|&e| is_xsd10(doc, &[e])))
        .and_then(|e| attribute(doc, e, "validity"))
        .and_then(|v| match v.as_str() {
            "valid" => Some(true),
            "invalid" => Some(false),
            _ => None,
        })
}

fn documentation(doc: &Tree, group: usize) -> String {
    elements(doc, group, "documentation")
        .into_iter()
        .next()
        .map(|d| {
            let mut text = String::new();
            deep_text(doc, d, &mut text);
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .unwrap_or_default()
        .chars()
        .take(160)
        .collect()
}

/// The text of `node` and of every element inside it, in document order as far as the tree
/// keeps it (text directly inside first, then the children's).
fn deep_text(doc: &Tree, node: usize, out: &mut String) {
    let node = doc.node(node);
    out.push_str(&node.text);
    out.push(' ');
    for &child in &node.children {
        deep_text(doc, child, out);
    }
}

/// An attribute by its local name, whatever its prefix (`xlink:href` is `href`).
fn attribute(doc: &Tree, node: usize, name: &str) -> Option<String> {
    doc.node(node)
        .attrs
        .iter()
        .find(|(n, _)| n.rsplit(':').next() == Some(name))
        .map(|(_, v)| v.to_string())
}

fn children(doc: &Tree, node: usize, name: &str) -> Vec<usize> {
    doc.node(node)
        .children
        .iter()
        .copied()
        .filter(|&c| &*doc.node(c).local == name)
        .collect()
}

fn elements(doc: &Tree, node: usize, name: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if &*doc.node(n).local == name {
            out.push(n);
        }
        stack.extend(doc.node(n).children.iter().rev());
    }
    out
}
