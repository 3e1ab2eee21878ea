//! Schema documents as small trees: every element with its namespace, attributes, children,
//! text and position, and the namespace bindings in scope (QName values such as `type="p:T"`
//! are resolved against them). Schema documents are small, so a tree is the simple choice.

use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::source::LineCursor;

/// The XML Schema namespace.
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// The namespace of `xml:lang`, bound to the prefix `xml` everywhere.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// One element of a schema document.
#[derive(Debug)]
pub struct Node {
    /// Namespace of the element, if any.
    pub ns: Option<Arc<str>>,
    /// Local name.
    pub local: Box<str>,
    /// Attributes as written (name with its prefix, unescaped value).
    pub attrs: Vec<(Box<str>, Box<str>)>,
    /// Element children, by index into [`Tree::nodes`].
    pub children: Vec<usize>,
    /// Character data directly inside the element.
    pub text: String,
    /// 1-based line of `<`.
    pub line: usize,
    /// 1-based column of `<`.
    pub column: usize,
    /// The namespace bindings in scope, prefix (`""` for the default) to namespace.
    pub scope: Arc<Vec<(Box<str>, Arc<str>)>>,
}

impl Node {
    /// The value of an unprefixed attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| &**n == name).map(|(_, v)| &**v)
    }

    /// Whether this is the XSD element `local`.
    pub fn is(&self, local: &str) -> bool {
        self.ns.as_deref() == Some(XSD) && &*self.local == local
    }

    /// The namespace bound to `prefix` here (`""` is the default namespace).
    pub fn namespace_of(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        self.scope
            .iter()
            .rev()
            .find(|(p, _)| &**p == prefix)
            .map(|(_, ns)| &**ns)
            .filter(|ns| !ns.is_empty())
    }
}

/// At most this many nodes are allocated before they are met (about 10 MB).
const MAX_PRESIZED: usize = 1 << 16;

/// One parsed schema document.
#[derive(Debug)]
pub struct Tree {
    /// Every element; `nodes[0]` is the root.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// Parses a schema document. The text was read and checked well-formed when the graph was
    /// loaded; an error here is still reported, never a panic.
    pub fn parse(text: &str) -> Result<Self, String> {
        // Elements come in document order: their positions are counted as they come.
        let mut lines = LineCursor::new(text);
        let mut reader = Reader::from_str(text);
        // One node per start tag: the `<`s that do not close an element (comments and the
        // like included) estimate the count, so the nodes are allocated once rather than
        // grown and copied. The estimate is capped: `<`s in a comment are not elements.
        let bytes = text.as_bytes();
        let tags = memchr::memchr_iter(b'<', bytes).count();
        let closing = memchr::memmem::find_iter(bytes, b"</").count();
        let mut nodes: Vec<Node> = Vec::with_capacity(tags.saturating_sub(closing).min(MAX_PRESIZED));
        let mut open: Vec<usize> = Vec::new();
        let empty_scope = Arc::new(Vec::new());
        loop {
            let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
            let event = reader.read_event().map_err(|e| e.to_string())?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let parent_scope = open
                        .last()
                        .and_then(|&p| nodes.get(p))
                        .map_or_else(|| Arc::clone(&empty_scope), |p| Arc::clone(&p.scope));
                    let index = nodes.len();
                    let node = element(e, &parent_scope, &mut lines, at)?;
                    if let Some(&parent) = open.last()
                        && let Some(p) = nodes.get_mut(parent)
                    {
                        p.children.push(index);
                    }
                    nodes.push(node);
                    if matches!(event, Event::Start(_)) {
                        open.push(index);
                    }
                }
                Event::End(_) => {
                    open.pop();
                }
                Event::Text(t) => {
                    if let Some(node) = open.last().and_then(|&p| nodes.get_mut(p)) {
                        node.text.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(node) = open.last().and_then(|&p| nodes.get_mut(p)) {
                        let name: &str = &r;
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => node.text.push(c),
                            _ => node
                                .text
                                .push_str(quick_xml::escape::resolve_predefined_entity(name).unwrap_or("")),
                        }
                    }
                }
                Event::CData(c) => {
                    if let Some(node) = open.last().and_then(|&p| nodes.get_mut(p)) {
                        node.text.push_str(AsRef::<str>::as_ref(&c));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if nodes.is_empty() {
            return Err("no root element".into());
        }
        Ok(Tree { nodes })
    }

    /// The node at `index` (the root when out of range, which cannot happen for indices the
    /// tree handed out).
    pub fn node(&self, index: usize) -> &Node {
        self.nodes.get(index).unwrap_or(&self.nodes[0])
    }

    /// The XSD element children of `index`, annotations left out.
    pub fn xsd_children(&self, index: usize) -> impl Iterator<Item = (usize, &Node)> {
        self.node(index)
            .children
            .iter()
            .map(|&c| (c, self.node(c)))
            .filter(|(_, n)| n.ns.as_deref() == Some(XSD) && &*n.local != "annotation")
    }

    /// The first XSD child of `index` named `local`.
    pub fn child(&self, index: usize, local: &str) -> Option<(usize, &Node)> {
        self.xsd_children(index).find(|(_, n)| &*n.local == local)
    }
}

fn element(
    e: &BytesStart<'_>,
    parent_scope: &Arc<Vec<(Box<str>, Arc<str>)>>,
    lines: &mut LineCursor<'_>,
    at: usize,
) -> Result<Node, String> {
    let mut attrs = Vec::new();
    let mut bindings: Vec<(Box<str>, Arc<str>)> = Vec::new();
    for attribute in e.attributes() {
        let attribute = attribute.map_err(|err| err.to_string())?;
        let key = attribute.key.0.to_string();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| err.to_string())?
            .into_owned();
        if key == "xmlns" {
            bindings.push(("".into(), Arc::from(value.as_str())));
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            bindings.push((prefix.into(), Arc::from(value.as_str())));
        } else {
            attrs.push((key.into_boxed_str(), value.into_boxed_str()));
        }
    }
    let scope = if bindings.is_empty() {
        Arc::clone(parent_scope)
    } else {
        let mut all = (**parent_scope).clone();
        all.extend(bindings);
        Arc::new(all)
    };
    let name = e.name().0.to_string();
    let (prefix, local) = name.split_once(':').unwrap_or(("", name.as_str()));
    let ns = if prefix == "xml" {
        Some(Arc::from(XML_NS))
    } else {
        scope
            .iter()
            .rev()
            .find(|(p, _)| &**p == prefix)
            .map(|(_, ns)| Arc::clone(ns))
            .filter(|ns| !ns.is_empty())
    };
    let (line, column) = lines.line_col(at);
    Ok(Node {
        ns,
        local: local.into(),
        attrs,
        children: Vec::new(),
        text: String::new(),
        line,
        column,
        scope,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_elements_namespaces_and_positions() {
        let tree = Tree::parse(
            "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' xmlns:t='urn:t'>\n  <xs:element name='a' type='t:A'/>\n  <xs:annotation/>\n</xs:schema>",
        )
        .unwrap();
        assert!(tree.node(0).is("schema"));
        let children: Vec<_> = tree
            .xsd_children(0)
            .map(|(_, n)| (n.line, n.column, n.attr("name")))
            .collect();
        assert_eq!(children, [(2, 3, Some("a"))]);
        assert_eq!(tree.node(1).namespace_of("t"), Some("urn:t"));
        assert_eq!(tree.node(1).namespace_of(""), None);
    }
}
