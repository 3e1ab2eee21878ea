//! Identity constraints of a streamed file's root (`xs:key`, `xs:unique`, `xs:keyref` declared
//! on the root element) held across records. The engine sees one batch of records at a time, so
//! these are evaluated here: each record yields its key values, and one table per constraint
//! remembers the values seen so far (a few bytes per record, the inherent cost of the check).
//! Key references are resolved at the end, when every key is known.
//!
//! Selectors and fields use the XPath subset XSD 1.0 allows: `.//` at the start, steps of
//! names, `*`, `prefix:*` and `.`, alternatives with `|`, and a final `@attribute` in fields.
//! Values compare as whitespace-collapsed strings; the caller gives fields of numeric types in
//! one canonical form first, so `1.0` and `1` are one decimal key, as XSD compares them.

use std::collections::{HashMap, HashSet};

use uppsala::{Document, NodeId};

use crate::finding::Finding;
use crate::rules;

/// One root identity constraint, or the document-wide uniqueness of ID values (`id`) and
/// existence of the IDs that IDREFs name (`idref`), which the engine does not check.
#[derive(Debug, Clone)]
pub struct Constraint {
    /// `key`, `unique`, `keyref`, `id` or `idref`.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// For a keyref, the local name of the key it refers to.
    pub refer: Option<String>,
    /// Selector alternatives.
    pub selector: Vec<Path>,
    /// One entry per field, each with its alternatives.
    pub fields: Vec<Vec<Path>>,
}

/// One location path.
#[derive(Debug, Clone)]
pub struct Path {
    /// Starts with `.//`.
    pub descendants: bool,
    /// Element steps: `None` for `.`, otherwise (namespace, local name or `*`).
    pub steps: Vec<Option<(Option<String>, String)>>,
    /// A final attribute step.
    pub attribute: Option<(Option<String>, String)>,
}

/// Parses an XPath of the XSD subset; `None` when it is outside it.
pub fn parse_paths(xpath: &str, namespaces: &HashMap<String, String>) -> Option<Vec<Path>> {
    xpath.split('|').map(|alt| parse_path(alt.trim(), namespaces)).collect()
}

fn parse_path(text: &str, namespaces: &HashMap<String, String>) -> Option<Path> {
    let (descendants, rest) = match text.strip_prefix(".//") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut path = Path {
        descendants,
        steps: Vec::new(),
        attribute: None,
    };
    let name = |step: &str| -> Option<(Option<String>, String)> {
        let step = step.trim().strip_prefix("child::").unwrap_or(step.trim());
        match step.split_once(':') {
            Some((prefix, local)) => Some((Some(namespaces.get(prefix)?.clone()), local.to_string())),
            None => Some((None, step.to_string())),
        }
    };
    for step in rest.split('/') {
        let step = step.trim();
        if let Some(attribute) = step.strip_prefix('@').or_else(|| step.strip_prefix("attribute::")) {
            path.attribute = Some(name(attribute)?);
        } else if path.attribute.is_some() || step.is_empty() || step.contains(['[', '(']) {
            return None;
        } else if step == "." {
            path.steps.push(None);
        } else {
            path.steps.push(Some(name(step)?));
        }
    }
    Some(path)
}

fn matches(doc: &Document<'_>, node: NodeId, test: &(Option<String>, String)) -> bool {
    let Some(e) = doc.element(node) else { return false };
    let (ns, local) = test;
    if local == "*" {
        return ns.is_none() || e.name.namespace_uri.as_deref() == ns.as_deref();
    }
    e.name.local_name == local.as_str() && e.name.namespace_uri.as_deref() == ns.as_deref()
}

fn element_children<'d>(doc: &'d Document<'_>, node: NodeId) -> impl Iterator<Item = NodeId> + 'd {
    doc.children(node)
        .into_iter()
        .filter(move |&c| doc.element(c).is_some())
}

/// The elements a path selects from `context`.
pub fn select(doc: &Document<'_>, context: NodeId, path: &Path) -> Vec<NodeId> {
    let mut current = vec![context];
    if path.descendants {
        let mut all = Vec::new();
        let mut stack = vec![context];
        while let Some(n) = stack.pop() {
            all.push(n);
            stack.extend(element_children(doc, n).collect::<Vec<_>>().into_iter().rev());
        }
        current = all;
    }
    for step in &path.steps {
        current = match step {
            None => current,
            Some(test) => current
                .iter()
                .flat_map(|&n| {
                    element_children(doc, n)
                        .filter(|&c| matches(doc, c, test))
                        .collect::<Vec<_>>()
                })
                .collect(),
        };
    }
    current
}

/// A field that selects more than one node.
#[derive(Debug)]
pub struct Ambiguous;

/// The value of a field from a selected element: `None` when absent, `Err` when it selects
/// more than one node, unless `many` (IDREFs: every value is a reference) joins them.
pub fn field(doc: &Document<'_>, node: NodeId, alternatives: &[Path], many: bool) -> Result<Option<String>, Ambiguous> {
    let mut values = Vec::new();
    for path in alternatives {
        for target in select(doc, node, path) {
            match &path.attribute {
                Some((ns, local)) => {
                    if let Some(e) = doc.element(target) {
                        values.extend(
                            e.attributes
                                .iter()
                                .filter(|a| {
                                    a.name.local_name == local.as_str()
                                        && a.name.namespace_uri.as_deref() == ns.as_deref()
                                })
                                .map(|a| a.value.to_string()),
                        );
                    }
                }
                None => values.push(doc.text_content_deep(target)),
            }
        }
    }
    match values.len() {
        0 => Ok(None),
        1 => Ok(values.pop().map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))),
        _ if many => Ok(Some(values.join(" ").split_whitespace().collect::<Vec<_>>().join(" "))),
        _ => Err(Ambiguous),
    }
}

/// What one record contributes: (constraint index, its values or why it has none, the byte
/// offset of the selected element in the parsed text).
pub type Contribution = (usize, Result<Vec<String>, &'static str>, usize);

/// Evaluates every constraint on one record, parsed inside its wrapper element.
pub fn contributions(doc: &Document<'_>, constraints: &[Constraint]) -> Vec<Contribution> {
    let Some(root) = doc.document_element() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, c) in constraints.iter().enumerate() {
        for path in &c.selector {
            for node in select(doc, root, path) {
                let mut values = Vec::new();
                let mut problem = None;
                for alternatives in &c.fields {
                    match field(doc, node, alternatives, c.kind == "idref") {
                        Ok(Some(v)) => values.push(v),
                        Ok(None) => problem = problem.or(Some("a field has no value")),
                        Err(Ambiguous) => problem = Some("a field selects more than one node"),
                    }
                }
                // A byte offset, not the engine's line: that one is counted from the start each time.
                let at = doc.node_range(node).map_or(0, |r| r.start);
                out.push((i, problem.map_or(Ok(values), Err), at));
            }
        }
    }
    out
}

/// A finding of an identity constraint at a place, its message filled in later.
pub fn finding(file: &str, standard: Option<&str>, pointer: Option<String>, line: usize, column: usize) -> Finding {
    let rule = &rules::SCHEMA_VIOLATION;
    let mut finding = Finding::new(rule.code, rule.severity, rule.kind, file, String::new());
    finding.pointer = pointer;
    finding.line = Some(line);
    finding.column = Some(column);
    finding.standard = standard.map(str::to_string);
    finding.help =
        Some("identity constraint: each value must be present and unique, and every reference must name one".into());
    finding
}

/// The values each constraint has seen, and the references waiting for the end. Values are
/// kept as 128-bit digests, so a table costs 16 bytes per record however long its keys are.
pub struct Tables {
    keys: Vec<HashSet<u128>>,
    references: Vec<(usize, Vec<String>, Finding)>,
}

impl Tables {
    /// Empty tables for `n` constraints.
    pub fn new(n: usize) -> Self {
        Tables {
            keys: vec![HashSet::new(); n],
            references: Vec::new(),
        }
    }

    /// Adds contributions in document order; `place` makes the finding for a position.
    pub fn hold(
        &mut self,
        constraints: &[Constraint],
        contributed: Vec<Contribution>,
        place: &mut dyn FnMut(usize) -> Finding,
    ) -> Vec<Finding> {
        let mut found = Vec::new();
        for (i, values, at) in contributed {
            let Some(constraint) = constraints.get(i) else { continue };
            let kind = match constraint.kind.as_str() {
                "key" => "Key",
                "unique" => "Unique",
                _ => "KeyRef",
            };
            match values {
                Err(why) if why.contains("more than one") => {
                    let mut finding = place(at);
                    finding.message = format!("{kind} '{}': {why}", constraint.name);
                    found.push(finding);
                }
                Err(_) if constraint.kind == "key" => {
                    let mut finding = place(at);
                    let step = finding
                        .pointer
                        .as_deref()
                        .and_then(|p| p.rsplit('/').next())
                        .unwrap_or("");
                    let local = step.split('[').next().unwrap_or(step);
                    let local = local.rsplit(':').next().unwrap_or(local).to_string();
                    finding.message = format!(
                        "{kind} '{}': field value missing for element '{local}'",
                        constraint.name
                    );
                    found.push(finding);
                }
                Err(_) => {}
                Ok(values) if matches!(constraint.kind.as_str(), "keyref" | "idref") => {
                    self.references.push((i, values, place(at)));
                }
                Ok(values) => {
                    if let Some(table) = self.keys.get_mut(i)
                        && !table.insert(digest(&values))
                    {
                        let mut finding = place(at);
                        finding.message = if constraint.kind == "id" {
                            format!("ID {:?} is not unique in the document", values.join(" "))
                        } else {
                            format!("{kind} '{}': duplicate value {values:?}", constraint.name)
                        };
                        found.push(finding);
                    }
                }
            }
        }
        found
    }

    /// References that name no key, once every key is known.
    pub fn resolve(&mut self, constraints: &[Constraint]) -> Vec<Finding> {
        let mut found = Vec::new();
        for (i, values, mut finding) in std::mem::take(&mut self.references) {
            let Some(constraint) = constraints.get(i) else { continue };
            let target = constraint
                .refer
                .as_deref()
                .and_then(|r| constraints.iter().position(|c| c.name == r));
            let table = target.and_then(|t| self.keys.get(t));
            if constraint.kind == "idref" {
                // An IDREFS value is a list: each of its IDs must exist.
                let ids = values.join(" ");
                for id in ids.split_whitespace() {
                    if !table.is_some_and(|t| t.contains(&digest(&[id.to_string()]))) {
                        let mut each = finding.clone();
                        each.message = format!("IDREF {id:?} matches no ID in the document");
                        found.push(each);
                    }
                }
                continue;
            }
            if !table.is_some_and(|t| t.contains(&digest(&values))) {
                finding.message = format!(
                    "KeyRef '{}': no matching key value {values:?} in referred constraint '{}'",
                    constraint.name,
                    constraint.refer.as_deref().unwrap_or("")
                );
                found.push(finding);
            }
        }
        found
    }
}

/// Two independent 64-bit hashes of a key's values.
fn digest(values: &[String]) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |seed: u8| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        seed.hash(&mut hasher);
        values.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// The ID and IDREF checks as constraints over every element: attributes whose declared type
/// is `xs:ID`, and those whose type is `xs:IDREF` or `xs:IDREFS`, by attribute name.
pub fn id_constraints(ids: &[String], refs: &[String]) -> Vec<Constraint> {
    let any = |names: &[String]| -> Vec<Path> {
        names
            .iter()
            .map(|n| Path {
                descendants: false,
                steps: vec![None],
                attribute: Some((None, n.clone())),
            })
            .collect()
    };
    let every = vec![Path {
        descendants: true,
        steps: vec![None],
        attribute: None,
    }];
    let mut out = Vec::new();
    if !ids.is_empty() {
        out.push(Constraint {
            kind: "id".into(),
            name: "ID".into(),
            refer: None,
            selector: every.clone(),
            fields: vec![any(ids)],
        });
        if !refs.is_empty() {
            out.push(Constraint {
                kind: "idref".into(),
                name: "IDREF".into(),
                refer: Some("ID".into()),
                selector: every,
                fields: vec![any(refs)],
            });
        }
    }
    out
}

/// The contributions of one start tag at `offset` to the ID and IDREF constraints: every ID
/// attribute's value, every IDREF attribute's values. No tree is needed, so the reader that
/// cuts a big file into records collects them as it goes.
pub fn tag_id_contributions(
    tag: &quick_xml::events::BytesStart<'_>,
    offset: usize,
    constraints: &[Constraint],
    out: &mut Vec<Contribution>,
) {
    for attribute in tag.attributes().filter_map(std::result::Result::ok) {
        let name = attribute.key.0;
        if name.contains(':') {
            continue;
        }
        for (i, c) in constraints.iter().enumerate() {
            if !matches!(c.kind.as_str(), "id" | "idref") {
                continue;
            }
            let named = c
                .fields
                .iter()
                .flatten()
                .any(|p| p.attribute.as_ref().is_some_and(|(_, n)| n == name));
            if named {
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                out.push((i, Ok(vec![value]), offset));
            }
        }
    }
}
