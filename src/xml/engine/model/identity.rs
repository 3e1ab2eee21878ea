//! Identity constraints (`xs:key`, `xs:keyref`, `xs:unique`) and the XPath subset of XSD 1.0
//! §3.11.6 their selectors and fields are written in.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

use super::load::{Built, Loader};
use super::*;

/// Which constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdentityKind {
    /// Values present and unique.
    Key,
    /// Values unique where present.
    Unique,
    /// Values name a key or unique constraint's values.
    KeyRef(IdcId),
}

/// A name test of a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NameTest {
    /// `*`.
    Any,
    /// `p:*`.
    AnyIn(Option<Arc<str>>),
    /// `p:local` or `local` (no namespace: XSD 1.0 XPaths have no default namespace).
    Name(Option<Arc<str>>, Box<str>),
}

impl NameTest {
    /// Whether a name passes.
    pub fn matches(&self, ns: Option<&str>, local: &str) -> bool {
        match self {
            NameTest::Any => true,
            NameTest::AnyIn(n) => n.as_deref() == ns,
            NameTest::Name(n, l) => n.as_deref() == ns && &**l == local,
        }
    }
}

/// One alternative of a selector or field: `.//`? steps, then an attribute for fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XPath {
    /// Starts with `.//`: the steps may start at any depth.
    pub descendant: bool,
    /// Child steps (`.` steps dropped).
    pub steps: Vec<NameTest>,
    /// A final `@name` (fields only).
    pub attribute: Option<NameTest>,
}

/// An identity constraint.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdentityConstraint {
    /// Its name.
    pub name: NameId,
    /// Which constraint.
    pub kind: IdentityKind,
    /// The selector's alternatives.
    pub selector: Vec<XPath>,
    /// Each field's alternatives.
    pub fields: Vec<Vec<XPath>>,
}

impl Loader<'_> {
    /// Builds the constraint written at `node` (a keyref's key is resolved by name).
    pub(super) fn identity_constraint(&mut self, ctx: usize, node: usize) -> Built<IdcId> {
        let n = self.node(ctx, node);
        let local = n.attr("name").unwrap_or("").to_string();
        let kind_name = n.local.to_string();
        let refer = n.attr("refer").map(str::to_string);
        let tns = self.tns(ctx);
        let name = self.schema.names.intern(tns.as_deref(), &local);
        let Some((selector_node, _)) = self.tree(ctx).child(node, "selector") else {
            return Err(self.error(ctx, node, format!("<xs:{kind_name}> `{local}` has no selector")));
        };
        let selector = self.xpath(ctx, selector_node, false)?;
        let field_nodes: Vec<usize> = self
            .tree(ctx)
            .xsd_children(node)
            .filter(|(_, c)| &*c.local == "field")
            .map(|(i, _)| i)
            .collect();
        let mut fields = Vec::new();
        for field in field_nodes {
            fields.push(self.xpath(ctx, field, true)?);
        }
        let kind = match kind_name.as_str() {
            "key" => IdentityKind::Key,
            "unique" => IdentityKind::Unique,
            _ => {
                let refer = refer.ok_or_else(|| self.error(ctx, node, "a keyref needs refer"))?;
                let target = self.qname(ctx, node, &refer)?;
                // Resolved once every constraint is read; the name waits here.
                IdentityKind::KeyRef(target as usize)
            }
        };
        self.schema.identity.push(IdentityConstraint {
            name,
            kind,
            selector,
            fields,
        });
        Ok(self.schema.identity.len() - 1)
    }

    /// Turns each keyref's `refer` name into the constraint it names.
    pub(super) fn resolve_keyrefs(&mut self) -> Built<()> {
        let by_name: HashMap<NameId, IdcId> = self
            .schema
            .identity
            .iter()
            .enumerate()
            .filter(|(_, c)| !matches!(c.kind, IdentityKind::KeyRef(_)))
            .map(|(i, c)| (c.name, i))
            .collect();
        for i in 0..self.schema.identity.len() {
            if let IdentityKind::KeyRef(name) = self.schema.identity[i].kind {
                let Some(&target) = NameId::try_from(name).ok().and_then(|n| by_name.get(&n)) else {
                    return Err(super::load::SchemaError {
                        doc: 0,
                        line: 1,
                        column: 1,
                        message: format!(
                            "keyref `{}` refers to `{}`, which is no key or unique constraint",
                            self.schema.names.local(self.schema.identity[i].name),
                            NameId::try_from(name).map_or("", |n| self.schema.names.local(n))
                        ),
                    });
                };
                self.schema.identity[i].kind = IdentityKind::KeyRef(target);
            }
        }
        Ok(())
    }

    fn xpath(&self, ctx: usize, node: usize, field: bool) -> Built<Vec<XPath>> {
        let n = self.node(ctx, node);
        let text = n.attr("xpath").unwrap_or("").to_string();
        let mut out = Vec::new();
        for alternative in text.split('|') {
            match parse_path(alternative, n, field) {
                Some(path) => out.push(path),
                None => return Err(self.error(ctx, node, format!("`{text}` is not an XPath of XML Schema's subset"))),
            }
        }
        Ok(out)
    }
}

fn parse_path(text: &str, node: &tree::Node, field: bool) -> Option<XPath> {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (descendant, rest) = match squeezed.strip_prefix(".//") {
        Some(rest) => (true, rest.to_string()),
        None => (false, squeezed),
    };
    let mut steps = Vec::new();
    let mut attribute = None;
    let parts: Vec<&str> = rest.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if *part == "." {
            continue;
        }
        if let Some(name) = part.strip_prefix('@').or_else(|| part.strip_prefix("attribute::")) {
            if !field || !last {
                return None;
            }
            attribute = Some(name_test(name, node)?);
            continue;
        }
        let name = part.strip_prefix("child::").unwrap_or(part);
        steps.push(name_test(name, node)?);
    }
    Some(XPath {
        descendant,
        steps,
        attribute,
    })
}

fn name_test(text: &str, node: &tree::Node) -> Option<NameTest> {
    if text == "*" {
        return Some(NameTest::Any);
    }
    if text.is_empty() {
        return None;
    }
    match text.split_once(':') {
        Some((prefix, "*")) => Some(NameTest::AnyIn(Some(Arc::from(node.namespace_of(prefix)?)))),
        Some((prefix, local)) => Some(NameTest::Name(
            Some(Arc::from(node.namespace_of(prefix)?)),
            local.into(),
        )),
        None => Some(NameTest::Name(None, text.into())),
    }
}
