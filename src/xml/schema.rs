//! Loading an XSD and every schema it reaches through `xs:include`, `xs:import` and
//! `xs:redefine`, from a framework or a folder, never from the network.
//!
//! The graph is walked before anything is compiled: every referenced file must exist, be
//! UTF-8 and well-formed, and stay inside its store's root (the framework, a folder, or the
//! package of a `--schema` file, see [`super::package`]); a location that leaves it, a remote
//! one and an absolute one are refused at their place ([`Error::LocationRefused`]), a broken
//! file is a tool error naming it. The engine then reads the documents from the graph, never
//! from disk.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::error::{Error, Result};
use crate::framework::FrameworkFiles;
use crate::source::read_policy::{self, Refusal};

/// Where schema files are read from, by `/`-separated paths relative to a root.
pub trait SchemaStore {
    /// The bytes of a file.
    fn read(&self, rel: &str) -> Result<Vec<u8>>;
    /// How to name a file in messages.
    fn display(&self, rel: &str) -> String;
    /// What the root is, for messages about a location that leaves it.
    fn scope(&self) -> String {
        "the schema's folder".to_string()
    }
    /// How far the root reaches, said after "leaves the root" (empty when the scope says it).
    fn bounds(&self) -> String {
        String::new()
    }
    /// Why the file may not be read at all (a link that leads out of the root, a system file),
    /// checked before it is read so the refusal can point at the location that names it.
    fn refuses(&self, _rel: &str) -> Option<String> {
        None
    }
}

impl SchemaStore for FrameworkFiles {
    fn read(&self, rel: &str) -> Result<Vec<u8>> {
        FrameworkFiles::read(self, rel).map(std::borrow::Cow::into_owned)
    }
    fn display(&self, rel: &str) -> String {
        FrameworkFiles::display(self, rel)
    }
    fn scope(&self) -> String {
        "the framework".to_string()
    }
    fn refuses(&self, rel: &str) -> Option<String> {
        match self {
            FrameworkFiles::Dir(dir) => refusal_below(&dir.join(rel), dir),
            FrameworkFiles::Embedded => None,
        }
    }
}

/// A folder on disk: a test corpus, or a schema whose package is known.
pub struct Folder(pub PathBuf);

impl SchemaStore for Folder {
    fn read(&self, rel: &str) -> Result<Vec<u8>> {
        let path = self.0.join(rel);
        read_policy::read_confined(&path, Some(&self.0), read_policy::MAX_FILE_BYTES).map_err(Error::from)
    }
    fn display(&self, rel: &str) -> String {
        self.0.join(rel).display().to_string()
    }
    fn refuses(&self, rel: &str) -> Option<String> {
        refusal_below(&self.0.join(rel), &self.0)
    }
}

/// Why `path` may not be read from below `root`: it leads out of it, or to a system file.
/// A file that is merely missing is not refused here: reading it says so, naming it.
pub(crate) fn refusal_below(path: &Path, root: &Path) -> Option<String> {
    match read_policy::admit(path, Some(root)) {
        Err(refusal @ (Refusal::Outside { .. } | Refusal::NotRegular { .. })) => Some(refusal.to_string()),
        _ => None,
    }
}

/// One schema document of the graph.
#[derive(Debug, Clone)]
pub struct SchemaDoc {
    /// Path relative to the store's root.
    pub rel: String,
    /// Its text as written.
    pub text: String,
}

/// One `schemaLocation` that names a document of the graph (or a remote one, never fetched).
#[derive(Debug, Clone)]
struct Link {
    /// Byte range of the `schemaLocation` value in the referring document.
    range: Range<usize>,
    /// Index of the document it names, `None` for a remote location that is never fetched.
    target: Option<usize>,
}

/// A schema and everything it includes or imports, in the order they were first reached.
#[derive(Debug, Clone)]
pub struct SchemaGraph {
    /// `docs[0]` is the schema asked for.
    pub docs: Vec<SchemaDoc>,
    /// For each document, its references.
    links: Vec<Vec<Link>>,
    /// For each document, how messages name it.
    shown: Vec<String>,
    /// The name of the schema asked for, for messages.
    pub name: String,
    /// For each document, the locations found by its markup alone ([`Scan::Markup`]), when
    /// they were: it has not been checked to be well-formed. Kept so that
    /// [`SchemaGraph::parses_as_scanned`] compares them without scanning again.
    by_markup: Vec<Option<Vec<Location>>>,
}

/// How a document's locations are found while the graph is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// Parsed: the document is checked to be well-formed too, and an error names it.
    Parse,
    /// By the markup alone where it can be: the `schemaLocation`s of the root's children are
    /// found without checking names, attributes or text, which is all a run that finds its
    /// compiled schema in the cache needs (the entry was compiled from the same bytes, all
    /// parsed then). [`SchemaGraph::parses_as_scanned`] says whether parsing finds the same.
    Markup,
}

/// At most this many schema documents in one graph: a bound for hostile frameworks.
const MAX_DOCS: usize = 500;

impl SchemaGraph {
    /// Reads `main` and everything it reaches.
    pub fn load(store: &dyn SchemaStore, main: &str) -> Result<Self> {
        Self::load_scanned(store, main, Scan::Parse)
    }

    /// Reads `main` and everything it reaches, finding each document's locations as `scan` says.
    pub fn load_scanned(store: &dyn SchemaStore, main: &str, scan: Scan) -> Result<Self> {
        let mut graph = SchemaGraph {
            docs: Vec::new(),
            links: Vec::new(),
            shown: Vec::new(),
            name: store.display(main),
            by_markup: Vec::new(),
        };
        let mut by_rel: BTreeMap<String, usize> = BTreeMap::new();
        let mut queue = vec![normalize(main).ok_or_else(|| leaves(store, main))?];
        if let Some(reason) = store.refuses(&queue[0]) {
            return Err(Error::framework(
                format!("XML Schema {}: {reason}", store.display(main)),
                None,
            ));
        }
        by_rel.insert(queue[0].clone(), 0);
        let mut next = 0;
        while next < queue.len() {
            let rel = queue[next].clone();
            let text = match (read_text(store, &rel), graph.origin(next)) {
                (Ok(text), _) => text,
                (Err(error), Some((from, range))) => {
                    let doc = &graph.docs[from];
                    let line = line_of(&doc.text, range.start);
                    return Err(Error::at(
                        &store.display(&doc.rel),
                        &doc.text,
                        range,
                        format!("XML Schema {}: line {line}: {error}", store.display(&doc.rel)),
                        "this schema location",
                        Some("fix the schema; nifcheck cannot check XML payloads against a broken XSD".to_string()),
                    ));
                }
                (Err(error), None) => return Err(error),
            };
            let mut links = Vec::new();
            let by_markup = match scan {
                Scan::Markup => markup_locations(&text),
                Scan::Parse => None,
            };
            graph.by_markup.push(by_markup.clone());
            let found = match by_markup {
                Some(found) => found,
                None => locations(&text).map_err(|m| schema_error(store, &rel, &m))?,
            };
            for location in found {
                let target = resolve(store, &rel, &text, &location)?;
                let Some(target) = target else {
                    links.push(Link {
                        range: location.range,
                        target: None,
                    });
                    continue;
                };
                let index = match by_rel.get(&target) {
                    Some(&i) => i,
                    None => {
                        if queue.len() >= MAX_DOCS {
                            return Err(schema_error(
                                store,
                                &rel,
                                &format!("more than {MAX_DOCS} schema documents"),
                            ));
                        }
                        if let Some(reason) = store.refuses(&target) {
                            let reason = format!("xs:{} of `{}`: {reason}", location.kind, location.value);
                            return Err(refused(store, &rel, &text, &location, &reason));
                        }
                        by_rel.insert(target.clone(), queue.len());
                        queue.push(target);
                        queue.len() - 1
                    }
                };
                links.push(Link {
                    range: location.range,
                    target: Some(index),
                });
            }
            graph.shown.push(store.display(&rel));
            graph.docs.push(SchemaDoc { rel, text });
            graph.links.push(links);
            next += 1;
        }
        Ok(graph)
    }

    /// Whether every document whose locations were found by its markup alone is well-formed
    /// and has the same locations when parsed: then the graph is the one [`Scan::Parse`]
    /// reads.
    pub fn parses_as_scanned(&self) -> bool {
        self.docs.iter().zip(&self.by_markup).all(|(doc, scanned)| {
            scanned
                .as_ref()
                .is_none_or(|scanned| locations(&doc.text).ok().as_ref() == Some(scanned))
        })
    }

    /// How messages name document `doc`.
    pub fn display(&self, doc: usize) -> &str {
        self.shown.get(doc).map_or(self.name.as_str(), String::as_str)
    }

    /// The first document that names document `doc`, and the range of that `schemaLocation`.
    fn origin(&self, doc: usize) -> Option<(usize, Range<usize>)> {
        self.links.iter().enumerate().find_map(|(from, links)| {
            links
                .iter()
                .find(|l| l.target == Some(doc))
                .map(|l| (from, l.range.clone()))
        })
    }

    /// A refusal of document `doc` at the location that first named it.
    pub(crate) fn refused_at_origin(&self, doc: usize, message: &str) -> Error {
        match self.origin(doc) {
            Some((from, range)) => Error::refused_at(
                self.display(from),
                &self.docs[from].text,
                range.clone(),
                format!(
                    "XML Schema {}: line {}: {message}",
                    self.display(from),
                    line_of(&self.docs[from].text, range.start)
                ),
                "this schema location",
                Some(PACKAGE_HELP.to_string()),
            ),
            None => Error::framework(format!("XML Schema {}: {message}", self.display(doc)), None),
        }
    }

    /// Makes every `rel` relative to `prefix`, a folder (`a/b`) that holds them all.
    pub(crate) fn rebase(&mut self, prefix: &str) {
        if prefix.is_empty() {
            return;
        }
        let prefix = format!("{prefix}/");
        for doc in &mut self.docs {
            if let Some(rest) = doc.rel.strip_prefix(&prefix) {
                doc.rel = rest.to_string();
            }
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

/// What a refusal of a schema location suggests.
const PACKAGE_HELP: &str = "keep every schema the package imports or includes inside it, referred to by relative locations; nifcheck never fetches schemas from the network";

/// The root-relative path a `schemaLocation` names, `None` for the XML namespace's usual
/// remote location (the engine knows that namespace), or the refusal at its place.
fn resolve(store: &dyn SchemaStore, rel: &str, text: &str, location: &Location) -> Result<Option<String>> {
    let Location {
        value, kind, namespace, ..
    } = location;
    if is_remote(value) {
        if kind == "import" && namespace.as_deref() == Some(XML_NAMESPACE) {
            return Ok(None);
        }
        let reason = format!(
            "xs:{kind} of `{value}` is remote: nifcheck reads schemas only from inside {}, never from the network",
            store.scope()
        );
        return Err(refused(store, rel, text, location, &reason));
    }
    if value.starts_with('/') || value.contains('\\') {
        let reason = format!(
            "xs:{kind} of `{value}` is an absolute path: nifcheck reads schemas only from inside {}, by relative locations",
            store.scope()
        );
        return Err(refused(store, rel, text, location, &reason));
    }
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let joined = if dir.is_empty() {
        value.clone()
    } else {
        format!("{dir}/{value}")
    };
    normalize(&joined).map(Some).ok_or_else(|| {
        let reason = format!("xs:{kind} of `{value}` leaves {}{}", store.scope(), store.bounds());
        refused(store, rel, text, location, &reason)
    })
}

/// A refused location, at its place in the schema that names it.
fn refused(store: &dyn SchemaStore, rel: &str, text: &str, location: &Location, reason: &str) -> Error {
    let name = store.display(rel);
    let line = line_of(text, location.range.start);
    Error::refused_at(
        &name,
        text,
        location.range.clone(),
        format!("XML Schema {name}: line {line}: {reason}"),
        "this schema location",
        Some(PACKAGE_HELP.to_string()),
    )
}

fn read_text(store: &dyn SchemaStore, rel: &str) -> Result<String> {
    let bytes = store.read(rel)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        schema_error(
            store,
            rel,
            &format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

fn schema_error(store: &dyn SchemaStore, rel: &str, message: &str) -> Error {
    Error::framework(
        format!("XML Schema {}: {message}", store.display(rel)),
        Some("fix the schema; nifcheck cannot check XML payloads against a broken XSD".to_string()),
    )
}

fn leaves(store: &dyn SchemaStore, rel: &str) -> Error {
    Error::framework(
        format!("schema location `{}` leaves {}", store.display(rel), store.scope()),
        Some(PACKAGE_HELP.to_string()),
    )
}

/// The namespace of `xml:lang` and `xml:space`, known to every XSD processor.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// A location with a scheme (`http:`, `file:`, `urn:`…): never a file of the framework.
fn is_remote(location: &str) -> bool {
    location.contains("://") || location.starts_with("urn:") || location.starts_with("file:")
}

/// One `schemaLocation` of an `include`, `import` or `redefine`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Location {
    /// Byte range of the value.
    range: Range<usize>,
    /// The value.
    value: String,
    /// `include`, `import` or `redefine`.
    kind: String,
    /// The `namespace` of an import.
    namespace: Option<String>,
}

/// Resolves `.` and `..` lexically; `None` when the path climbs above the root or is absolute.
pub fn normalize(path: &str) -> Option<String> {
    if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Every `schemaLocation` of an `include`, `import` or `redefine` that is a child of the
/// schema element: the byte range of its value and the value. Also checks the document is
/// well-formed, so a broken included file is reported here rather than skipped.
fn locations(text: &str) -> std::result::Result<Vec<Location>, String> {
    let mut reader = Reader::from_str(text);
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut root_seen = false;
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(0);
            let line = text.get(..at).map_or(0, |t| t.matches('\n').count()) + 1;
            format!("not well-formed at line {line}: {e}")
        })?;
        let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(event, Event::Start(_));
                if depth == 0 {
                    if e.local_name().into_inner() != "schema" {
                        return Err(format!("the root element is <{}>, not <xs:schema>", e.name().0));
                    }
                    root_seen = true;
                } else if depth == 1
                    && let kind @ ("include" | "import" | "redefine") = e.local_name().into_inner()
                {
                    let raw = text.get(start..end).unwrap_or("");
                    if let Some((range, value)) = attribute_value(raw, "schemaLocation") {
                        found.push(Location {
                            range: start + range.start..start + range.end,
                            value,
                            kind: kind.to_string(),
                            namespace: attribute_value(raw, "namespace").map(|(_, ns)| ns),
                        });
                    }
                }
                if is_start {
                    depth += 1;
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
    }
    if root_seen {
        Ok(found)
    } else {
        Err("no <xs:schema> element".into())
    }
}

/// The same locations as [`locations`] finds in a well-formed document, found by looking only
/// at the markup: no names, attributes or text are checked, so a run that finds its compiled
/// schema in the cache (keyed by every document's bytes, all checked when it was compiled) does
/// not parse the documents again. `None` when the document has what this scan does not follow
/// (a DOCTYPE, markup left open, a root that is not `schema`): [`locations`] then reads it.
fn markup_locations(text: &str) -> Option<Vec<Location>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut root_seen = false;
    let mut at = 0;
    while let Some(next) = memchr::memchr(b'<', bytes.get(at..)?) {
        let start = at + next;
        let rest = bytes.get(start..)?;
        let past = |end: &[u8]| memchr::memmem::find(rest, end).map(|e| start + e + end.len());
        match rest.get(1).copied() {
            Some(b'!') if rest.starts_with(b"<!--") => at = past(b"-->")?,
            Some(b'!') if rest.starts_with(b"<![CDATA[") => at = past(b"]]>")?,
            // A DOCTYPE, with its internal subset: parsing follows it.
            Some(b'!') => return None,
            Some(b'?') => at = past(b"?>")?,
            Some(b'/') => {
                at = start + memchr::memchr(b'>', rest)? + 1;
                depth = depth.checked_sub(1)?;
            }
            _ => {
                let end = start + tag_length(rest)?;
                let empty = bytes.get(end - 2) == Some(&b'/');
                // Only the root and its children are read; deeper tags are only counted.
                if depth <= 1 {
                    let raw = text.get(start..end)?;
                    let name_end = raw
                        .bytes()
                        .position(|b| b.is_ascii_whitespace() || b == b'/' || b == b'>')?;
                    let name = raw.get(1..name_end)?;
                    let local = match name.split_once(':') {
                        Some((_, local)) if !local.contains(':') => local,
                        Some(_) => return None,
                        None => name,
                    };
                    if depth == 0 {
                        if local != "schema" || root_seen {
                            return None;
                        }
                        root_seen = true;
                    } else if let kind @ ("include" | "import" | "redefine") = local
                        && let Some((range, value)) = attribute_value(raw, "schemaLocation")
                    {
                        found.push(Location {
                            range: start + range.start..start + range.end,
                            value,
                            kind: kind.to_string(),
                            namespace: attribute_value(raw, "namespace").map(|(_, ns)| ns),
                        });
                    }
                }
                if !empty {
                    depth += 1;
                }
                at = end;
            }
        }
    }
    (root_seen && depth == 0).then_some(found)
}

/// The length of the start tag `tag` begins with, through its `>`: a `>` inside a quoted
/// attribute value does not end it.
fn tag_length(tag: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let next = at + memchr::memchr3(b'>', b'"', b'\'', tag.get(at..)?)?;
        match tag.get(next)? {
            b'>' => return Some(next + 1),
            quote => at = next + 1 + memchr::memchr(*quote, tag.get(next + 1..)?)? + 1,
        }
    }
}

/// The range and value of attribute `name` in a raw start tag.
pub(super) fn attribute_value(tag: &str, name: &str) -> Option<(std::ops::Range<usize>, String)> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(found) = tag.get(from..)?.find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at > 0 && bytes.get(at - 1).is_some_and(u8::is_ascii_whitespace);
        let rest = tag.get(from..)?.trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let after_eq = rest.get(1..)?.trim_start();
        let quote = after_eq.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value_start = tag.len() - after_eq.len() + 1;
        let value_len = tag.get(value_start..)?.find(quote)?;
        let value = tag.get(value_start..value_start + value_len)?;
        return Some((value_start..value_start + value_len, value.trim().to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_inside_the_root_only() {
        assert_eq!(normalize("a/b/../c.xsd").as_deref(), Some("a/c.xsd"));
        assert_eq!(normalize("./x.xsd").as_deref(), Some("x.xsd"));
        assert_eq!(normalize("../x.xsd"), None);
        assert_eq!(normalize("/etc/passwd"), None);
    }

    #[test]
    fn finds_schema_locations_and_leaves_the_xml_namespace_unread() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::create_dir_all(root.join("b")).unwrap();
        let main = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="urn:b" schemaLocation="../b/b.xsd"/>
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="http://www.w3.org/2001/xml.xsd"/>
</xs:schema>"#;
        std::fs::write(root.join("a/main.xsd"), main).unwrap();
        std::fs::write(
            root.join("b/b.xsd"),
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b"/>"#,
        )
        .unwrap();
        let graph = SchemaGraph::load(&Folder(root.to_path_buf()), "a/main.xsd").unwrap();
        assert_eq!(graph.docs.len(), 2);
        assert_eq!(graph.docs[1].rel, "b/b.xsd");
        let targets: Vec<Option<usize>> = graph.links[0].iter().map(|link| link.target).collect();
        assert_eq!(targets, vec![Some(1), None]);
        assert_eq!(&main[graph.links[0][0].range.clone()], "../b/b.xsd");
    }

    /// The markup alone finds what parsing finds, where it follows the document at all.
    #[test]
    fn the_markup_finds_the_locations_parsing_finds() {
        let agreeing = [
            r#"<?xml version="1.0"?>
<!-- <xs:include schemaLocation="commented.xsd"/> -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" a='x>y' b="'">
  <?pi <xs:include schemaLocation="pi.xsd"/> ?>
  <xs:import namespace="urn:a" schemaLocation = 'a.xsd' />
  <xs:annotation><xs:documentation><![CDATA[ <xs:include schemaLocation="cdata.xsd"/> ]]>
    <xs:include schemaLocation="deep.xsd"/></xs:documentation></xs:annotation>
  <xs:include
     schemaLocation="b.xsd"></xs:include>
  <xs:redefine schemaLocation="c.xsd"><xs:simpleType name="t"/></xs:redefine>
  <schemaLocation/><xs:element name="e" schemaLocation="not-a-location.xsd"/>
</xs:schema>
"#,
            r#"<schema xmlns="http://www.w3.org/2001/XMLSchema"><include schemaLocation="x.xsd"/></schema>"#,
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>"#,
        ];
        for text in agreeing {
            let parsed = locations(text).unwrap();
            assert_eq!(markup_locations(text).as_ref(), Some(&parsed), "{text}");
        }
        let values: Vec<String> = locations(agreeing[0]).unwrap().into_iter().map(|l| l.value).collect();
        assert_eq!(values, ["a.xsd", "b.xsd", "c.xsd"]);
        // What the markup does not follow is left to parsing.
        for text in [
            r#"<!DOCTYPE xs:schema [ <!ENTITY e "x"> ]><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>"#,
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><!-- open"#,
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="a.xsd"/>"#,
            r#"<xs:element/>"#,
            r#"<xs:schema a="unclosed></xs:schema>"#,
            "",
        ] {
            assert_eq!(markup_locations(text), None, "{text}");
        }
    }

    /// Hostile text: the markup scan never panics on any cut of a schema or any byte of it
    /// replaced by markup, and a cut document is never taken for a whole one.
    #[test]
    fn the_markup_scan_survives_cuts_and_stray_markup() {
        let text = r#"<?xml version="1.0"?><!-- c --><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import namespace="urn:a" schemaLocation='a.xsd'/><xs:annotation><![CDATA[<]]></xs:annotation><xs:include schemaLocation="b.xsd"></xs:include></xs:schema>"#;
        let whole = markup_locations(text).map(|found| found.len());
        assert_eq!(whole, Some(2));
        for cut in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(markup_locations(&text[..cut]), None, "cut at {cut}");
        }
        for at in 0..text.len() {
            for stray in ["<", ">", "/", "\"", "'", "!", "?", ":"] {
                let mut hostile = text.to_string();
                hostile.replace_range(at..at + 1, stray);
                let _ = markup_locations(&hostile);
            }
        }
    }

    #[test]
    fn a_graph_read_by_its_markup_is_checked_before_it_is_compiled() {
        let dir = tempfile::tempdir().unwrap();
        let store = Folder(dir.path().to_path_buf());
        let main = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="b.xsd"/></xs:schema>"#;
        std::fs::write(dir.path().join("main.xsd"), main).unwrap();
        std::fs::write(
            dir.path().join("b.xsd"),
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>"#,
        )
        .unwrap();
        let parsed = SchemaGraph::load(&store, "main.xsd").unwrap();
        let by_markup = SchemaGraph::load_scanned(&store, "main.xsd", Scan::Markup).unwrap();
        assert_eq!(
            by_markup.by_markup.iter().map(Option::is_some).collect::<Vec<_>>(),
            [true, true]
        );
        assert!(by_markup.parses_as_scanned());
        let rels = |g: &SchemaGraph| g.docs.iter().map(|d| d.rel.clone()).collect::<Vec<_>>();
        assert_eq!(rels(&by_markup), rels(&parsed));
        // An end tag that names another element, which the markup does not see: parsing does.
        std::fs::write(
            dir.path().join("b.xsd"),
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType></xs:complexType></xs:schema>"#,
        )
        .unwrap();
        let by_markup = SchemaGraph::load_scanned(&store, "main.xsd", Scan::Markup).unwrap();
        assert!(!by_markup.parses_as_scanned());
        assert!(SchemaGraph::load(&store, "main.xsd").is_err());
    }

    #[test]
    fn a_missing_or_broken_include_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let main = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="gone.xsd"/></xs:schema>"#;
        std::fs::write(root.join("main.xsd"), main).unwrap();
        let error = SchemaGraph::load(&Folder(root.to_path_buf()), "main.xsd")
            .err()
            .map(|e| e.to_string());
        assert!(error.is_some_and(|e| e.contains("gone.xsd")));
        std::fs::write(root.join("gone.xsd"), "<xs:schema").unwrap();
        let error = SchemaGraph::load(&Folder(root.to_path_buf()), "main.xsd")
            .err()
            .map(|e| e.to_string());
        assert!(error.is_some_and(|e| e.contains("gone.xsd") && e.contains("well-formed")),);
    }
}
