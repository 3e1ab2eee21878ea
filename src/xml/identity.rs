//! Identity constraints of a streamed file's root (`xs:key`, `xs:unique`, `xs:keyref` declared
//! on the root element) held across records. The engine sees one batch of records at a time, so
//! these are evaluated here: each record yields its key values, and one table per constraint
//! remembers the values seen so far (a few bytes per record, the inherent cost of the check).
//! Key references are resolved at the end, when every key is known.
//!
//! Selectors and fields use the XPath subset XSD 1.0 allows: `.//` at the start, steps of
//! names, `*`, `prefix:*` and `.`, alternatives with `|`, and a final `@attribute` in fields.
//! Values compare as whitespace-collapsed strings (XSD compares typed values, so `1.0` and `1`
//! are equal for a decimal key there and different here).

use std::collections::HashMap;

use uppsala::{Document, NodeId};

/// One root identity constraint.
#[derive(Debug, Clone)]
pub struct Constraint {
    /// `key`, `unique` or `keyref`.
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
/// more than one node.
pub fn field(doc: &Document<'_>, node: NodeId, alternatives: &[Path]) -> Result<Option<String>, Ambiguous> {
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
        _ => Err(Ambiguous),
    }
}

/// What one record contributes: (constraint index, its values or why it has none, the selected
/// element's 1-based line and column in the record text).
pub type Contribution = (usize, Result<Vec<String>, &'static str>, (usize, usize));

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
                    match field(doc, node, alternatives) {
                        Ok(Some(v)) => values.push(v),
                        Ok(None) => problem = problem.or(Some("a field has no value")),
                        Err(Ambiguous) => problem = Some("a field selects more than one node"),
                    }
                }
                let at = (doc.node_line(node), doc.node_column(node));
                out.push((i, problem.map_or(Ok(values), Err), at));
            }
        }
    }
    out
}
