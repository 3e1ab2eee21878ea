//! Named types that derive from themselves. XSD forbids a type whose base (or list item, or
//! union member) leads back to it; the engine does not notice, and such a schema then either
//! fails every payload with a confusing error or accepts anything. nifcheck refuses it as a
//! broken schema, naming the type, its file and line, and the loop.

use std::collections::{BTreeMap, HashMap};

use uppsala::{Document, NodeId};

use super::schema::SchemaGraph;

const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// A type by namespace and local name.
type TypeName = (String, String);

/// The first derivation loop among the graph's named types: the schema document it is declared
/// in (index into `graph.docs`), its line there, and the loop as `A → B → A`.
pub fn find_loop(graph: &SchemaGraph, doms: &[Option<Document<'_>>]) -> Option<(usize, usize, String)> {
    let mut declared: BTreeMap<TypeName, usize> = BTreeMap::new();
    let mut bases: HashMap<TypeName, Vec<TypeName>> = HashMap::new();
    for (doc, dom) in doms.iter().enumerate() {
        let Some(dom) = dom else { continue };
        let Some(schema) = dom.document_element() else {
            continue;
        };
        let namespace = dom
            .element(schema)
            .and_then(|e| e.get_attribute("targetNamespace"))
            .unwrap_or("")
            .to_string();
        // Children of `xs:redefine` are left out: a redefinition derives from its old self.
        for &node in dom.children(schema).iter() {
            let Some(("simpleType" | "complexType", e)) = xs_element(dom, node) else {
                continue;
            };
            let Some(name) = e.get_attribute("name") else {
                continue;
            };
            let key = (namespace.clone(), name.to_string());
            let mut found = Vec::new();
            collect_bases(dom, node, &mut found);
            declared.entry(key.clone()).or_insert(doc);
            bases.entry(key).or_default().extend(found);
        }
    }
    let cycle = first_cycle(&declared, &bases)?;
    let first = cycle.first()?;
    let doc = *declared.get(first)?;
    let text = &graph.docs.get(doc)?.text;
    let shown: Vec<&str> = cycle.iter().map(|(_, name)| name.as_str()).collect();
    Some((
        doc,
        declaration_line(text, &first.1),
        format!("{} → {}", shown.join(" → "), first.1),
    ))
}

/// The names a type's definition derives from: `base` of a restriction or extension, `itemType`
/// of a list, `memberTypes` of a union, through anonymous simple types but not into content
/// models (an element of its own type is recursion, not derivation).
fn collect_bases(dom: &Document<'_>, node: NodeId, out: &mut Vec<TypeName>) {
    for &kid in dom.children(node).iter() {
        let Some((kind, e)) = xs_element(dom, kid) else {
            continue;
        };
        let names: Vec<&str> = match kind {
            "restriction" | "extension" => e.get_attribute("base").into_iter().collect(),
            "list" => e.get_attribute("itemType").into_iter().collect(),
            "union" => e
                .get_attribute("memberTypes")
                .map(|m| m.split_whitespace().collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        out.extend(names.into_iter().map(|qname| resolve(dom, kid, qname)));
        if matches!(
            kind,
            "simpleType" | "simpleContent" | "complexContent" | "restriction" | "extension" | "list" | "union"
        ) {
            collect_bases(dom, kid, out);
        }
    }
}

/// A QName as (namespace, local name), its prefix looked up in scope.
fn resolve(dom: &Document<'_>, node: NodeId, qname: &str) -> TypeName {
    let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
    let mut at = Some(node);
    while let Some(n) = at {
        if let Some(e) = dom.element(n)
            && let Some((_, uri)) = e.namespace_declarations.iter().find(|(p, _)| p == prefix)
        {
            return (uri.to_string(), local.to_string());
        }
        at = dom.parent(n);
    }
    (String::new(), local.to_string())
}

fn xs_element<'d>(dom: &'d Document<'_>, node: NodeId) -> Option<(&'d str, &'d uppsala::Element<'d>)> {
    let e = dom.element(node)?;
    (e.name.namespace_uri.as_deref() == Some(XS)).then(|| (e.name.local_name.as_ref(), e))
}

/// The first loop met walking the declared types in name order, without recursion (a hostile
/// schema may chain thousands of types).
fn first_cycle(
    declared: &BTreeMap<TypeName, usize>,
    bases: &HashMap<TypeName, Vec<TypeName>>,
) -> Option<Vec<TypeName>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnPath,
        Done,
    }
    let mut state: HashMap<&TypeName, State> = HashMap::new();
    for start in declared.keys() {
        if state.contains_key(start) {
            continue;
        }
        // The path from `start`, each with the index of the next base to visit.
        let mut path: Vec<(&TypeName, usize)> = vec![(start, 0)];
        state.insert(start, State::OnPath);
        while let Some((node, next)) = path.last_mut() {
            let node: &TypeName = node;
            let edges = bases.get(node).map_or(&[][..], Vec::as_slice);
            let Some(base) = edges.get(*next) else {
                state.insert(node, State::Done);
                path.pop();
                continue;
            };
            *next += 1;
            match state.get(base) {
                Some(State::OnPath) => {
                    let from = path.iter().position(|(n, _)| *n == base).unwrap_or(0);
                    return Some(path[from..].iter().map(|(n, _)| (*n).clone()).collect());
                }
                Some(State::Done) => {}
                None if declared.contains_key(base) => {
                    state.insert(base, State::OnPath);
                    path.push((base, 0));
                }
                None => {}
            }
        }
    }
    None
}

/// The line of the start tag declaring type `name` (1 when it cannot be found).
fn declaration_line(text: &str, name: &str) -> usize {
    let at = [format!("name=\"{name}\""), format!("name='{name}'")]
        .iter()
        .filter_map(|needle| {
            text.match_indices(needle.as_str()).map(|(i, _)| i).find(|&i| {
                let tag = text.get(..i).and_then(|t| t.rfind('<')).and_then(|s| text.get(s..i));
                tag.is_some_and(|t| t.contains("simpleType") || t.contains("complexType"))
            })
        })
        .min()
        .unwrap_or(0);
    text.get(..at).map_or(0, |t| t.matches('\n').count()) + 1
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::xml::schema::Folder;

    fn loop_in(schema: &str) -> Option<(usize, usize, String)> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.xsd"), schema).unwrap();
        let graph = SchemaGraph::load(&Folder(dir.path().to_path_buf()), "main.xsd").unwrap();
        let doms = graph.parsed();
        find_loop(&graph, &doms)
    }

    #[test]
    fn finds_derivation_loops_and_leaves_recursion_alone() {
        let circular_simple = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="A"><xs:restriction base="B"/></xs:simpleType>
  <xs:simpleType name="B"><xs:restriction base="A"/></xs:simpleType>
</xs:schema>"#;
        assert_eq!(loop_in(circular_simple), Some((0, 2, "A → B → A".to_string())));
        let complex = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">
  <xs:complexType name="P"><xs:complexContent><xs:extension base="t:P"/></xs:complexContent></xs:complexType>
</xs:schema>"#;
        assert_eq!(loop_in(complex), Some((0, 2, "P → P".to_string())));
        let recursive = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="Node"><xs:sequence><xs:element name="child" type="Node" minOccurs="0"/></xs:sequence></xs:complexType>
  <xs:simpleType name="Code"><xs:restriction base="xs:string"/></xs:simpleType>
</xs:schema>"#;
        assert_eq!(loop_in(recursive), None);
    }
}
