//! The declarations nifcheck reads from the schema itself, enough to give every element and
//! attribute of a payload its declaration and type: global and local element declarations,
//! complex types with their base, children and attribute uses (groups and attribute groups
//! expanded), and simple types as atomic restrictions, lists or unions.

use std::collections::HashMap;

use uppsala::{Document, NodeId};

pub(crate) const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// An expanded name: namespace (none for unqualified names) and local name.
pub(crate) type Name = (Option<String>, String);

/// A type: named (a built-in when the schema does not define it) or an anonymous one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum TypeRef {
    Named(Name),
    Anonymous(usize),
}

/// A use of an attribute in a complex type.
#[derive(Debug, Clone)]
pub(crate) struct AttributeUse {
    /// How the schema names it in messages, as written.
    pub label: String,
    pub type_ref: Option<TypeRef>,
    pub fixed: Option<String>,
    /// Declared by `ref` to a global attribute declaration.
    pub by_reference: bool,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Complex {
    pub is_abstract: bool,
    /// The base type and whether the derivation is an extension.
    pub base: Option<(TypeRef, bool)>,
    /// Element declarations of the content model, by name, as indices into `Model::elements`.
    pub children: HashMap<Name, usize>,
    pub attributes: HashMap<Name, AttributeUse>,
}

#[derive(Debug, Clone)]
pub(crate) enum Simple {
    Restriction(Option<TypeRef>),
    List(Option<TypeRef>),
    Union(Vec<TypeRef>),
}

#[derive(Debug, Clone)]
pub(crate) enum Type {
    Complex(Complex),
    Simple(Simple),
}

/// The source of a type, for checking values against it with the engine.
#[derive(Debug, Clone)]
pub(crate) struct TypeSource {
    /// The `xs:simpleType` element as written, for an anonymous type.
    pub text: String,
    /// The namespace declarations in scope where it is written.
    pub namespaces: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub(crate) struct Model {
    /// Named and anonymous types; `named` maps names into it.
    pub types: Vec<Type>,
    pub sources: HashMap<usize, TypeSource>,
    pub named: HashMap<Name, usize>,
    /// Element declarations: (label as written, type).
    pub elements: Vec<(String, Option<TypeRef>)>,
    pub global_elements: HashMap<Name, usize>,
    /// Labels of named types, for messages.
    pub labels: HashMap<TypeRef, String>,
    /// `xs:key` and `xs:unique` constraints by name.
    pub identity: HashMap<String, Identity>,
}

/// A key or unique constraint: the local name of the element declaring it, its selector and
/// fields.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub element: String,
    pub selector: Vec<crate::xml::identity::Path>,
    pub fields: Vec<Vec<crate::xml::identity::Path>>,
}

/// Where a schema document's components live.
struct Doc<'d, 't> {
    dom: &'d Document<'t>,
    target: Option<String>,
    qualified_elements: bool,
    qualified_attributes: bool,
}

/// Global components by name, before they are built.
#[derive(Default)]
struct Globals {
    groups: HashMap<Name, (usize, NodeId)>,
    attribute_groups: HashMap<Name, (usize, NodeId)>,
    attributes: HashMap<Name, (usize, NodeId)>,
}

/// Nested groups are expanded at most this deep (a circular group is a broken schema).
const MAX_NESTING: usize = 32;

impl Model {
    /// Reads the declarations of every document, parsed by [`crate::xml::SchemaGraph::parsed`].
    pub(crate) fn read(doms: &[Option<Document<'_>>]) -> Model {
        let docs: Vec<Option<Doc<'_, '_>>> = doms
            .iter()
            .map(|dom| {
                let dom = dom.as_ref()?;
                let schema = dom.element(dom.document_element()?)?;
                Some(Doc {
                    dom,
                    target: schema.get_attribute("targetNamespace").map(str::to_string),
                    qualified_elements: schema.get_attribute("elementFormDefault") == Some("qualified"),
                    qualified_attributes: schema.get_attribute("attributeFormDefault") == Some("qualified"),
                })
            })
            .collect();
        let mut globals = Globals::default();
        let mut model = Model::default();
        let mut pending_types = Vec::new();
        let mut pending_elements = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let Some(doc) = doc else { continue };
            let Some(schema) = doc.dom.document_element() else {
                continue;
            };
            for node in top_level(doc.dom, schema) {
                let Some((kind, e)) = xs(doc.dom, node) else { continue };
                let Some(name) = e.get_attribute("name") else { continue };
                let key = (doc.target.clone(), name.to_string());
                match kind {
                    "complexType" | "simpleType" => pending_types.push((i, node, key)),
                    "element" => pending_elements.push((i, node, key)),
                    "group" => {
                        globals.groups.insert(key, (i, node));
                    }
                    "attributeGroup" => {
                        globals.attribute_groups.insert(key, (i, node));
                    }
                    "attribute" => {
                        globals.attributes.insert(key, (i, node));
                    }
                    _ => {}
                }
            }
        }
        let builder = Builder { docs: &docs, globals };
        for (i, node, key) in pending_types {
            if let Some(doc) = &docs[i] {
                let label = doc
                    .dom
                    .element(node)
                    .and_then(|e| e.get_attribute("name"))
                    .unwrap_or("");
                let index = builder.build_type(&mut model, i, node, 0);
                model.labels.insert(TypeRef::Named(key.clone()), label.to_string());
                model.named.insert(key, index);
            }
        }
        for (i, node, key) in pending_elements {
            let index = builder.element(&mut model, i, node, 0);
            model.global_elements.insert(key, index);
        }
        model
    }

    /// The type a reference names, when the schema defines it.
    pub(crate) fn get(&self, type_ref: &TypeRef) -> Option<&Type> {
        match type_ref {
            TypeRef::Named(name) => self.types.get(*self.named.get(name)?),
            TypeRef::Anonymous(i) => self.types.get(*i),
        }
    }

    /// The declaration of a child element in a complex type, through its bases.
    pub(crate) fn child(&self, parent: &TypeRef, name: &Name) -> Option<usize> {
        let mut at = Some(parent);
        for _ in 0..MAX_NESTING {
            let Some(Type::Complex(c)) = at.and_then(|t| self.get(t)) else {
                break;
            };
            if let Some(&d) = c.children.get(name) {
                return Some(d);
            }
            at = c.base.as_ref().map(|(b, _)| b);
        }
        None
    }

    /// The use of an attribute in a complex type, through its bases.
    pub(crate) fn attribute(&self, owner: &TypeRef, name: &Name) -> Option<&AttributeUse> {
        let mut at = Some(owner);
        for _ in 0..MAX_NESTING {
            let Some(Type::Complex(c)) = at.and_then(|t| self.get(t)) else {
                break;
            };
            if let Some(u) = c.attributes.get(name) {
                return Some(u);
            }
            at = c.base.as_ref().map(|(b, _)| b);
        }
        None
    }

    /// The simple type that governs a type's text: itself, or the base of a simple content.
    pub(crate) fn content_type<'a>(&'a self, type_ref: &'a TypeRef) -> Option<&'a TypeRef> {
        let mut at = type_ref;
        for _ in 0..MAX_NESTING {
            match self.get(at) {
                Some(Type::Complex(c)) => at = &c.base.as_ref()?.0,
                Some(Type::Simple(_)) => return Some(at),
                None => return is_builtin(at).then_some(at),
            }
        }
        None
    }

    /// How messages name a type.
    pub(crate) fn label(&self, type_ref: &TypeRef) -> String {
        match type_ref {
            TypeRef::Named((Some(ns), local)) if ns == XS => format!("xs:{local}"),
            TypeRef::Named((_, local)) => self.labels.get(type_ref).cloned().unwrap_or_else(|| local.clone()),
            TypeRef::Anonymous(_) => match self.get(type_ref) {
                Some(Type::Simple(Simple::Restriction(Some(base)))) => format!("a restriction of {}", self.label(base)),
                Some(Type::Simple(Simple::List(_))) => "a list type".to_string(),
                Some(Type::Simple(Simple::Union(_))) => "a union type".to_string(),
                _ => "an anonymous type".to_string(),
            },
        }
    }
}

/// The base of a built-in type (XML Schema Part 2, the built-in type hierarchy).
fn builtin_base(local: &str) -> Option<&'static str> {
    Some(match local {
        "anyType" => return None,
        "anySimpleType" => "anyType",
        "normalizedString" => "string",
        "token" => "normalizedString",
        "language" | "Name" | "NMTOKEN" => "token",
        "NCName" => "Name",
        "ID" | "IDREF" | "ENTITY" => "NCName",
        "integer" => "decimal",
        "nonPositiveInteger" | "long" | "nonNegativeInteger" => "integer",
        "negativeInteger" => "nonPositiveInteger",
        "int" => "long",
        "short" => "int",
        "byte" => "short",
        "unsignedLong" | "positiveInteger" => "nonNegativeInteger",
        "unsignedInt" => "unsignedLong",
        "unsignedShort" => "unsignedInt",
        "unsignedByte" => "unsignedShort",
        _ => "anySimpleType",
    })
}

impl Model {
    /// The type a type derives from: its base in the schema, or a built-in's base.
    fn base_of(&self, type_ref: &TypeRef) -> Option<TypeRef> {
        match self.get(type_ref) {
            Some(Type::Complex(c)) => Some(c.base.as_ref().map_or_else(|| builtin("anyType"), |(b, _)| b.clone())),
            Some(Type::Simple(Simple::Restriction(Some(base)))) => Some(base.clone()),
            Some(Type::Simple(_)) => Some(builtin("anySimpleType")),
            None => match type_ref {
                TypeRef::Named((_, local)) if is_builtin(type_ref) => builtin_base(local).map(builtin),
                _ => None,
            },
        }
    }

    /// Whether `derived` is `base` or derives from it, directly or not; `None` when a type on the
    /// way is unknown. A member of a union counts as derived from the union.
    pub(crate) fn derives_from(&self, derived: &TypeRef, base: &TypeRef) -> Option<bool> {
        let mut at = derived.clone();
        for _ in 0..MAX_NESTING {
            if &at == base || matches!(self.get(base), Some(Type::Simple(Simple::Union(m))) if m.contains(&at)) {
                return Some(true);
            }
            if self.get(&at).is_none() && !is_builtin(&at) {
                return None;
            }
            match self.base_of(&at) {
                Some(next) => at = next,
                None => return Some(false),
            }
        }
        None
    }
}

fn builtin(local: &str) -> TypeRef {
    TypeRef::Named((Some(XS.to_string()), local.to_string()))
}

pub(crate) fn is_builtin(type_ref: &TypeRef) -> bool {
    matches!(type_ref, TypeRef::Named((Some(ns), _)) if ns == XS)
}

struct Builder<'a, 'd, 't> {
    docs: &'a [Option<Doc<'d, 't>>],
    globals: Globals,
}

impl Builder<'_, '_, '_> {
    fn doc(&self, i: usize) -> Option<&Doc<'_, '_>> {
        self.docs.get(i)?.as_ref()
    }

    /// Builds a `complexType` or `simpleType` element into the arena.
    fn build_type(&self, model: &mut Model, i: usize, node: NodeId, depth: usize) -> usize {
        let index = model.types.len();
        model.types.push(Type::Simple(Simple::Restriction(None)));
        let Some(doc) = self.doc(i) else { return index };
        let built = match xs(doc.dom, node) {
            Some(("complexType", e)) => {
                let mut complex = Complex {
                    is_abstract: matches!(e.get_attribute("abstract"), Some("true" | "1")),
                    ..Complex::default()
                };
                self.content(model, i, node, &mut complex, depth);
                Type::Complex(complex)
            }
            _ => {
                model.sources.insert(
                    index,
                    TypeSource {
                        text: doc.dom.node_source(node).unwrap_or("").to_string(),
                        namespaces: in_scope(doc.dom, node),
                    },
                );
                Type::Simple(self.simple(model, i, node, depth))
            }
        };
        model.types[index] = built;
        index
    }

    /// The type a declaration names in `attribute` (`type`, `base`, `itemType`), or else the
    /// anonymous type of one of `kinds` written inside it.
    fn named_or_inner(
        &self,
        model: &mut Model,
        (i, node): (usize, NodeId),
        attribute: &str,
        kinds: &[&str],
        depth: usize,
    ) -> Option<TypeRef> {
        let dom = self.doc(i)?.dom;
        if let Some(q) = dom.element(node)?.get_attribute(attribute) {
            return resolve(dom, node, q).map(TypeRef::Named);
        }
        if depth > MAX_NESTING {
            return None;
        }
        let inner = dom
            .children(node)
            .into_iter()
            .find(|&k| xs(dom, k).is_some_and(|(k, _)| kinds.contains(&k)))?;
        Some(TypeRef::Anonymous(self.build_type(model, i, inner, depth + 1)))
    }

    fn simple(&self, model: &mut Model, i: usize, node: NodeId, depth: usize) -> Simple {
        let Some(doc) = self.doc(i) else {
            return Simple::Restriction(None);
        };
        let dom = doc.dom;
        for kid in dom.children(node) {
            let Some((kind, e)) = xs(dom, kid) else { continue };
            let simple_type = &["simpleType"];
            match kind {
                "restriction" => {
                    return Simple::Restriction(self.named_or_inner(model, (i, kid), "base", simple_type, depth));
                }
                "list" => {
                    return Simple::List(self.named_or_inner(model, (i, kid), "itemType", simple_type, depth));
                }
                "union" => {
                    let mut members: Vec<TypeRef> = e
                        .get_attribute("memberTypes")
                        .unwrap_or("")
                        .split_whitespace()
                        .filter_map(|q| resolve(dom, kid, q).map(TypeRef::Named))
                        .collect();
                    for t in dom.children(kid) {
                        if xs(dom, t).is_some_and(|(k, _)| k == "simpleType") {
                            members.push(TypeRef::Anonymous(self.build_type(model, i, t, depth + 1)));
                        }
                    }
                    return Simple::Union(members);
                }
                _ => {}
            }
        }
        Simple::Restriction(None)
    }

    /// The content of a complex type (or of its derivation): base, particles and attributes.
    fn content(&self, model: &mut Model, i: usize, node: NodeId, complex: &mut Complex, depth: usize) {
        let Some(doc) = self.doc(i) else { return };
        if depth > MAX_NESTING {
            return;
        }
        let dom = doc.dom;
        for kid in dom.children(node) {
            let Some((kind, e)) = xs(dom, kid) else { continue };
            match kind {
                "complexContent" | "simpleContent" => self.content(model, i, kid, complex, depth + 1),
                "extension" | "restriction" => {
                    let base = e.get_attribute("base").and_then(|q| resolve(dom, kid, q));
                    complex.base = base.map(|b| (TypeRef::Named(b), kind == "extension"));
                    self.content(model, i, kid, complex, depth + 1);
                }
                "sequence" | "choice" | "all" => self.content(model, i, kid, complex, depth + 1),
                "group" => {
                    let target = e.get_attribute("ref").and_then(|q| resolve(dom, kid, q));
                    if let Some(&(j, group)) = target.and_then(|t| self.globals.groups.get(&t)) {
                        self.content(model, j, group, complex, depth + 1);
                    }
                }
                "element" => {
                    // A reference is looked up among the global declarations.
                    let Some(local) = e.get_attribute("name").filter(|_| e.get_attribute("ref").is_none()) else {
                        continue;
                    };
                    let qualified = match e.get_attribute("form") {
                        Some(form) => form == "qualified",
                        None => doc.qualified_elements,
                    };
                    let ns = if qualified { doc.target.clone() } else { None };
                    let index = self.element(model, i, kid, depth + 1);
                    complex.children.insert((ns, local.to_string()), index);
                }
                "attribute" => {
                    if e.get_attribute("use") == Some("prohibited") {
                        continue;
                    }
                    if let Some((name, attribute)) = self.attribute_use(model, i, kid, depth) {
                        complex.attributes.insert(name, attribute);
                    }
                }
                "attributeGroup" => {
                    let target = e.get_attribute("ref").and_then(|q| resolve(dom, kid, q));
                    if let Some(&(j, group)) = target.and_then(|t| self.globals.attribute_groups.get(&t)) {
                        self.content(model, j, group, complex, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn attribute_use(&self, model: &mut Model, i: usize, node: NodeId, depth: usize) -> Option<(Name, AttributeUse)> {
        // A broken schema can make a global attribute refer to itself.
        if depth > MAX_NESTING {
            return None;
        }
        let doc = self.doc(i)?;
        let dom = doc.dom;
        let e = dom.element(node)?;
        let fixed = e.get_attribute("fixed").map(str::to_string);
        if let Some(q) = e.get_attribute("ref") {
            let target = resolve(dom, node, q)?;
            let &(j, global) = self.globals.attributes.get(&target)?;
            let (_, mut declared) = self.attribute_use(model, j, global, depth + 1)?;
            declared.by_reference = true;
            declared.label = q.to_string();
            declared.fixed = fixed.or(declared.fixed);
            return Some((target, declared));
        }
        let local = e.get_attribute("name")?;
        let global = dom.parent(node) == dom.document_element();
        let qualified = match e.get_attribute("form") {
            Some(form) => form == "qualified",
            None => doc.qualified_attributes,
        };
        let ns = if global || qualified { doc.target.clone() } else { None };
        let type_ref = self.named_or_inner(model, (i, node), "type", &["simpleType"], depth);
        Some((
            (ns, local.to_string()),
            AttributeUse {
                label: local.to_string(),
                type_ref,
                fixed,
                by_reference: false,
            },
        ))
    }

    /// Builds an element declaration into the arena.
    fn element(&self, model: &mut Model, i: usize, node: NodeId, depth: usize) -> usize {
        let index = model.elements.len();
        model.elements.push((String::new(), None));
        let Some(doc) = self.doc(i) else { return index };
        let dom = doc.dom;
        let Some(e) = dom.element(node) else { return index };
        let type_ref = self.named_or_inner(model, (i, node), "type", &["complexType", "simpleType"], depth);
        let name = e.get_attribute("name").unwrap_or("").to_string();
        for kid in dom.children(node) {
            if let Some((kind, constraint)) = xs(dom, kid)
                && matches!(kind, "key" | "unique")
                && let Some(identity) = identity(dom, kid, &name)
            {
                model
                    .identity
                    .insert(constraint.get_attribute("name").unwrap_or("").to_string(), identity);
            }
        }
        model.elements[index] = (name, type_ref);
        index
    }
}

/// A key or unique constraint's selector and fields, when they are in the XPath subset.
fn identity(dom: &Document<'_>, node: NodeId, element: &str) -> Option<Identity> {
    let namespaces: HashMap<String, String> = in_scope(dom, node).into_iter().filter(|(p, _)| !p.is_empty()).collect();
    let mut selector = None;
    let mut fields = Vec::new();
    for part in dom.children(node) {
        let xpath = dom.element(part).and_then(|e| e.get_attribute("xpath"));
        match xs(dom, part).map(|(k, _)| k) {
            Some("selector") => selector = Some(crate::xml::identity::parse_paths(xpath?, &namespaces)?),
            Some("field") => fields.push(crate::xml::identity::parse_paths(xpath?, &namespaces)?),
            _ => {}
        }
    }
    Some(Identity {
        element: element.to_string(),
        selector: selector?,
        fields,
    })
}

fn xs<'d>(dom: &'d Document<'_>, node: NodeId) -> Option<(&'d str, &'d uppsala::Element<'d>)> {
    let e = dom.element(node)?;
    (e.name.namespace_uri.as_deref() == Some(XS)).then(|| (e.name.local_name.as_ref(), e))
}

/// The top-level components of a schema, and those inside `xs:redefine`.
fn top_level(dom: &Document<'_>, schema: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    for kid in dom.children(schema) {
        match xs(dom, kid) {
            Some(("redefine", _)) => out.extend(dom.children(kid)),
            Some(_) => out.push(kid),
            None => {}
        }
    }
    out
}

/// The namespace declarations in scope at a node, innermost first.
fn in_scope(dom: &Document<'_>, node: NodeId) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut at = Some(node);
    while let Some(n) = at {
        if let Some(e) = dom.element(n) {
            for (p, u) in &e.namespace_declarations {
                if !out.iter().any(|(q, _)| q == p.as_ref()) {
                    out.push((p.to_string(), u.to_string()));
                }
            }
        }
        at = dom.parent(n);
    }
    out
}

/// A QName written in the schema, resolved with the declarations in scope at `node`.
fn resolve(dom: &Document<'_>, node: NodeId, qname: &str) -> Option<Name> {
    let qname = qname.trim();
    let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
    let namespace = in_scope(dom, node)
        .into_iter()
        .find(|(p, _)| p == prefix)
        .map(|(_, u)| u)
        .filter(|u| !u.is_empty());
    if !prefix.is_empty() && namespace.is_none() {
        return None;
    }
    Some((namespace, local.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::SchemaGraph;

    fn model(body: &str) -> Model {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(r#"<xs:schema xmlns:xs="{XS}" targetNamespace="urn:t" xmlns:t="urn:t" {body}</xs:schema>"#);
        std::fs::write(dir.path().join("s.xsd"), text).unwrap();
        let graph = SchemaGraph::load(&crate::xml::Folder(dir.path().to_path_buf()), "s.xsd").unwrap();
        Model::read(&graph.parsed())
    }

    fn name(local: &str, qualified: bool) -> Name {
        (qualified.then(|| "urn:t".to_string()), local.to_string())
    }

    #[test]
    fn circular_definitions_end() {
        let m = model(
            r#"><xs:attribute name="a" ref="t:a"/><xs:group name="g"><xs:sequence><xs:group ref="t:g"/></xs:sequence></xs:group><xs:complexType name="T"><xs:group ref="t:g"/><xs:attribute ref="t:a"/></xs:complexType>"#,
        );
        assert!(m.named.contains_key(&name("T", true)));
    }

    #[test]
    fn children_and_attributes_come_through_groups_and_bases() {
        let m = model(
            r#"elementFormDefault="qualified"><xs:group name="g"><xs:sequence><xs:element name="c" type="xs:int"/></xs:sequence></xs:group><xs:attributeGroup name="ag"><xs:attribute name="v" fixed="1"/></xs:attributeGroup><xs:complexType name="B"><xs:group ref="t:g"/><xs:attributeGroup ref="t:ag"/></xs:complexType><xs:complexType name="D"><xs:complexContent><xs:extension base="t:B"><xs:sequence><xs:element name="d" form="unqualified"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>"#,
        );
        let derived = TypeRef::Named(name("D", true));
        let c = m.child(&derived, &name("c", true)).unwrap();
        assert_eq!(m.elements[c].1, Some(TypeRef::Named((Some(XS.into()), "int".into()))));
        assert!(m.child(&derived, &name("d", false)).is_some());
        assert!(m.child(&derived, &name("d", true)).is_none());
        assert_eq!(
            m.attribute(&derived, &name("v", false)).unwrap().fixed.as_deref(),
            Some("1")
        );
        assert_eq!(m.derives_from(&derived, &TypeRef::Named(name("B", true))), Some(true));
        let int = TypeRef::Named((Some(XS.into()), "unsignedByte".into()));
        assert_eq!(
            m.derives_from(&int, &TypeRef::Named((Some(XS.into()), "integer".into()))),
            Some(true)
        );
        assert_eq!(
            m.derives_from(&int, &TypeRef::Named((Some(XS.into()), "string".into()))),
            Some(false)
        );
    }
}
