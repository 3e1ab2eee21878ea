//! The simple types of `nifcheck::xml::engine::types` judged by the W3C XML Schema test suite,
//! on the tests that are about simple types alone: a small reader takes the schemas whose
//! every construct it knows (element and attribute declarations, sequences, simple types,
//! facets, notations) and builds each simple type with `SimpleType::restrict`, `list` and
//! `union`; an instance is then valid when every element and attribute value declared with a
//! simple type validates (IDs unique, IDREFs matched, NOTATIONs declared). Schemas with
//! anything else (imports, complex content, wildcards, groups, identity constraints…) and
//! instances that use `xsi:type` or `xsi:nil` are left to the whole-engine suite
//! (`tests/xsd_suite.rs`), which also judges structure; so does every test whose verdict here
//! could come from structure alone (an element of complex type that holds text, an undeclared
//! element).
//!
//! Disagreements are listed in `tests/xsd_datatypes_known_disagreements.txt` as
//! `<test set>::<group>::<test> # reason`; the test fails on one that is not listed and on a
//! listed one that now agrees.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use nifcheck::xml::engine::types::lexical::names::is_ncname;
use nifcheck::xml::engine::types::{Builtin, FacetKind, FacetSpec, Final, SimpleType, Value, XS_NAMESPACE};
use quick_xml::events::Event;

const KNOWN: &str = include_str!("xsd_datatypes_known_disagreements.txt");
/// The test sets about simple types: in the others a verdict usually turns on structure.
const TYPE_SETS: &[&str] = &[
    "msMeta/DataTypes_w3c.xml",
    "msMeta/SimpleType_w3c.xml",
    "msMeta/Regex_w3c.xml",
    "sunMeta/SType.testSet",
    "ibmMeta/date.testSet",
    "ibmMeta/double.testSet",
    "ibmMeta/float.testSet",
    "ibmMeta/gDay.testSet",
    "ibmMeta/gMonth.testSet",
    "ibmMeta/gMonthDay.testSet",
    "ibmMeta/gYear.testSet",
    "ibmMeta/gYearMonth.testSet",
    "ibmMeta/idIDREF.testSet",
    "ibmMeta/list.testSet",
    "ibmMeta/regularExpression.testSet",
    "ibmMeta/rf_whiteSpace.testSet",
    "ibmMeta/time.testSet",
    "ibmMeta/union.testSet",
    "ibmMeta/unsignedInteger.testSet",
];
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// An element of a parsed document, with the namespace bindings in scope.
#[derive(Debug, Default)]
struct Node {
    namespace: Option<String>,
    local: String,
    attributes: Vec<(Option<String>, String, String)>,
    children: Vec<Node>,
    text: String,
    bindings: Vec<(String, String)>,
}

impl Node {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(ns, local, _)| ns.is_none() && local == name)
            .map(|(_, _, v)| v.as_str())
    }

    fn is_xs(&self, local: &str) -> bool {
        self.namespace.as_deref() == Some(XS_NAMESPACE) && self.local == local
    }

    fn resolve(&self, qname: &str) -> Option<(String, String)> {
        let (prefix, local) = qname.trim().split_once(':').unwrap_or(("", qname.trim()));
        let namespace = self
            .bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.clone());
        match namespace {
            Some(ns) => Some((ns, local.to_string())),
            None if prefix.is_empty() => Some((String::new(), local.to_string())),
            None => None,
        }
    }
}

/// Parses a document into a tree; `None` when it is not well-formed or declares entities.
fn parse(text: &str) -> Option<Node> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => stack.push(open(&e, stack.last()?)?),
            Event::Empty(e) => {
                let node = open(&e, stack.last()?)?;
                stack.last_mut()?.children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop()?;
                stack.last_mut()?.children.push(node);
            }
            Event::Text(t) => stack
                .last_mut()?
                .text
                .push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0)),
            Event::CData(c) => stack.last_mut()?.text.push_str(AsRef::<str>::as_ref(&c)),
            Event::GeneralRef(g) => {
                let resolved = if g.is_char_ref() {
                    g.resolve_char_ref().ok()??.to_string()
                } else {
                    quick_xml::escape::resolve_predefined_entity(&g)?.to_string()
                };
                stack.last_mut()?.text.push_str(&resolved);
            }
            Event::DocType(d) if d.contains("<!ENTITY") => return None,
            Event::Eof => break,
            _ => {}
        }
    }
    let mut document = stack.pop()?;
    document.children.pop()
}

fn open(e: &quick_xml::events::BytesStart<'_>, parent: &Node) -> Option<Node> {
    let mut bindings = parent.bindings.clone();
    let mut raw = Vec::new();
    for attribute in e.attributes() {
        let attribute = attribute.ok()?;
        let key = attribute.key.0.to_string();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?
            .into_owned();
        if key == "xmlns" {
            bindings.push((String::new(), value));
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            bindings.push((prefix.to_string(), value));
        } else {
            raw.push((key, value));
        }
    }
    if !bindings.iter().any(|(p, _)| p == "xml") {
        bindings.insert(0, ("xml".into(), "http://www.w3.org/XML/1998/namespace".into()));
    }
    let name = e.name().0;
    let (prefix, local) = name.split_once(':').unwrap_or(("", name));
    let namespace = bindings
        .iter()
        .rev()
        .find(|(p, _)| p == prefix)
        .map(|(_, u)| u.clone())
        .filter(|u| !u.is_empty());
    if !prefix.is_empty() && namespace.is_none() {
        return None;
    }
    let mut attributes = Vec::new();
    for (key, value) in raw {
        let (prefix, local) = key.split_once(':').unwrap_or(("", &key));
        let ns = if prefix.is_empty() {
            None
        } else {
            Some(bindings.iter().rev().find(|(p, _)| p == prefix)?.1.clone())
        };
        attributes.push((ns, local.to_string(), value));
    }
    Some(Node {
        namespace,
        local: local.to_string(),
        attributes,
        children: Vec::new(),
        text: String::new(),
        bindings,
    })
}

/// What a schema declares, as far as simple values go.
struct Schema {
    /// Element and attribute local names → their simple type (`None`: declared more than
    /// once with different types, or not simple, so a test using it is not judged here).
    elements: HashMap<String, Option<Declared>>,
    attributes: HashMap<String, Option<Declared>>,
    notations: HashSet<(Option<String>, String)>,
    target: String,
}

#[derive(Clone)]
struct Declared {
    ty: Arc<SimpleType>,
    /// The fixed value, as written and as a value.
    fixed: Option<(String, Value)>,
    default: Option<String>,
}

/// Why a schema is not read: outside this reader, or invalid (a type error).
enum Unread {
    Unsupported(String),
    Invalid(String),
}

/// The XSD elements this reader knows; a schema with any other is not judged here.
const KNOWN_XS: &[&str] = &[
    "schema",
    "annotation",
    "documentation",
    "appinfo",
    "element",
    "complexType",
    "sequence",
    "choice",
    "attribute",
    "simpleType",
    "restriction",
    "list",
    "union",
    "notation",
    "length",
    "minLength",
    "maxLength",
    "pattern",
    "enumeration",
    "whiteSpace",
    "maxInclusive",
    "maxExclusive",
    "minInclusive",
    "minExclusive",
    "totalDigits",
    "fractionDigits",
    "simpleContent",
    "extension",
];

struct Reader<'a> {
    target: String,
    named: HashMap<(String, String), &'a Node>,
    built: HashMap<(String, String), Arc<SimpleType>>,
    building: Vec<(String, String)>,
    final_default: Final,
}

fn read_schema(root: &Node) -> Result<Schema, Unread> {
    fn check_known(node: &Node) -> Result<(), Unread> {
        if node.namespace.as_deref() == Some(XS_NAMESPACE) {
            if !KNOWN_XS.contains(&node.local.as_str()) {
                return Err(Unread::Unsupported(format!("xs:{}", node.local)));
            }
            if matches!(node.local.as_str(), "annotation") {
                return Ok(());
            }
            if node.local == "simpleContent" && node.children.iter().any(|c| c.is_xs("restriction")) {
                return Err(Unread::Unsupported("simpleContent restriction".into()));
            }
            if node.local == "complexType" && node.attribute("mixed") == Some("true") {
                return Err(Unread::Unsupported("mixed content".into()));
            }
            if node.local == "element"
                && (node.attribute("substitutionGroup").is_some() || node.attribute("abstract").is_some())
            {
                return Err(Unread::Unsupported("substitution groups".into()));
            }
        } else if !node.local.is_empty() && node.namespace.is_some() {
            return Err(Unread::Unsupported(format!("element {}", node.local)));
        }
        node.children.iter().try_for_each(check_known)
    }
    if !root.is_xs("schema") {
        return Err(Unread::Unsupported("not a schema".into()));
    }
    check_known(root)?;
    check_syntax(root, false, &mut HashSet::new())?;
    let mut named = HashMap::new();
    let target = root.attribute("targetNamespace").unwrap_or("").to_string();
    for child in &root.children {
        if child.is_xs("simpleType") || child.is_xs("complexType") {
            let Some(name) = child.attribute("name") else { continue };
            if named.insert((target.clone(), name.to_string()), child).is_some() {
                return Err(Unread::Invalid(format!("type {name} is declared twice")));
            }
        }
    }
    let mut reader = Reader {
        target,
        named,
        built: HashMap::new(),
        building: Vec::new(),
        final_default: finals(root.attribute("finalDefault")),
    };
    let mut schema = Schema {
        elements: HashMap::new(),
        attributes: HashMap::new(),
        notations: HashSet::new(),
        target: reader.target.clone(),
    };
    reader.walk(root, &mut schema)?;
    // Named simple types that nothing uses must be valid too.
    let names: Vec<(String, String)> = reader.named.keys().cloned().collect();
    for name in names {
        if reader.named[&name].is_xs("simpleType") {
            reader.named_type(&name)?;
        }
    }
    Ok(schema)
}

/// The rules of the schema for schemas that touch simple types: annotations first and once,
/// no text, `id`s unique NCNames, top-level simple types named and nested ones not.
fn check_syntax(node: &Node, top_level: bool, ids: &mut HashSet<String>) -> Result<(), Unread> {
    if node.namespace.as_deref() != Some(XS_NAMESPACE) || node.is_xs("annotation") {
        return Ok(());
    }
    let invalid = |why: String| Err(Unread::Invalid(why));
    if !node.text.trim().is_empty() {
        return invalid(format!("text in xs:{}", node.local));
    }
    if let Some(id) = node.attribute("id")
        && (!is_ncname(id.trim()) || !ids.insert(id.trim().to_string()))
    {
        return invalid(format!("id '{id}' is not a unique NCName"));
    }
    if !node.is_xs("schema")
        && node
            .children
            .iter()
            .enumerate()
            .any(|(i, c)| c.is_xs("annotation") && i > 0)
    {
        return invalid(format!("an annotation that is not first in xs:{}", node.local));
    }
    if node.is_xs("simpleType") {
        match (node.attribute("name"), top_level) {
            (None, true) => return invalid("a top-level simple type without a name".into()),
            (Some(_), false) => return invalid("a named simple type that is not top-level".into()),
            (Some(name), true) if !is_ncname(name) => return invalid(format!("the type name '{name}'")),
            _ => {}
        }
    }
    let is_schema = node.is_xs("schema");
    node.children.iter().try_for_each(|c| check_syntax(c, is_schema, ids))
}

fn finals(value: Option<&str>) -> Final {
    let value = value.unwrap_or("");
    let all = value.split_whitespace().any(|t| t == "#all");
    let has = |t: &str| all || value.split_whitespace().any(|v| v == t);
    Final {
        restriction: has("restriction"),
        list: has("list"),
        union: has("union"),
    }
}

impl<'a> Reader<'a> {
    fn walk(&mut self, node: &'a Node, schema: &mut Schema) -> Result<(), Unread> {
        for child in &node.children {
            if child.is_xs("element") || child.is_xs("attribute") {
                let declared = self.declaration(child)?;
                if let Some(name) = child.attribute("name") {
                    let table = if child.is_xs("element") {
                        &mut schema.elements
                    } else {
                        &mut schema.attributes
                    };
                    let same = |a: &Option<Declared>, b: &Option<Declared>| match (a, b) {
                        (Some(a), Some(b)) => Arc::ptr_eq(&a.ty, &b.ty) && a.fixed == b.fixed && a.default == b.default,
                        _ => false,
                    };
                    match table.get(name) {
                        Some(existing) if !same(existing, &declared) => {
                            table.insert(name.to_string(), None);
                        }
                        Some(_) => {}
                        None => {
                            table.insert(name.to_string(), declared);
                        }
                    }
                }
            }
            if child.is_xs("notation") {
                let namespace = Some(self.target.clone()).filter(|t| !t.is_empty());
                schema
                    .notations
                    .insert((namespace, child.attribute("name").unwrap_or("").to_string()));
            }
            if !child.is_xs("simpleType") {
                self.walk(child, schema)?;
            }
        }
        Ok(())
    }

    /// The simple type of an element or attribute declaration (`None` when it is not simple).
    fn declaration(&mut self, decl: &'a Node) -> Result<Option<Declared>, Unread> {
        if decl.attribute("ref").is_some() {
            return Ok(None);
        }
        let inline = decl.children.iter().find(|c| c.is_xs("simpleType"));
        let ty = match (decl.attribute("type"), inline) {
            (Some(qname), _) => {
                let name = decl
                    .resolve(qname)
                    .ok_or_else(|| Unread::Invalid(format!("prefix of {qname}")))?;
                match self.type_by_name(&name)? {
                    Some(ty) => ty,
                    None => match self.named.get(&name).copied() {
                        Some(complex) => match self.simple_content(complex)? {
                            Some(ty) => ty,
                            None => return Ok(None),
                        },
                        None => return Ok(None),
                    },
                }
            }
            (None, Some(simple)) => self.simple_type(simple, None)?,
            (None, None) if decl.is_xs("attribute") => Builtin::AnySimpleType.type_def(),
            (None, None) => match decl.children.iter().find(|c| c.is_xs("complexType")) {
                Some(complex) => match self.simple_content(complex)? {
                    Some(ty) => ty,
                    None => return Ok(None),
                },
                None => return Ok(None),
            },
        };
        let ns = &decl.bindings;
        let check = |value: &str| {
            ty.validate(value, ns)
                .map_err(|e| Unread::Invalid(format!("default or fixed value: {}", e.message)))
        };
        let fixed = match decl.attribute("fixed") {
            Some(text) => Some((text.to_string(), check(text)?)),
            None => None,
        };
        if let Some(default) = decl.attribute("default") {
            check(default)?;
        }
        if ty.is_id() && (fixed.is_some() || decl.attribute("default").is_some()) {
            return Err(Unread::Invalid("an ID with a default or fixed value".into()));
        }
        Ok(Some(Declared {
            ty,
            fixed,
            default: decl.attribute("default").map(str::to_string),
        }))
    }

    /// The content type of a complex type with simple content, extending a simple type
    /// (`None` for other complex types).
    fn simple_content(&mut self, complex: &'a Node) -> Result<Option<Arc<SimpleType>>, Unread> {
        let Some(content) = complex.children.iter().find(|c| c.is_xs("simpleContent")) else {
            return Ok(None);
        };
        let Some(extension) = content.children.iter().find(|c| c.is_xs("extension")) else {
            return Err(Unread::Unsupported("simpleContent restriction".into()));
        };
        let qname = extension
            .attribute("base")
            .ok_or_else(|| Unread::Invalid("an extension without base".into()))?;
        let name = extension
            .resolve(qname)
            .ok_or_else(|| Unread::Invalid(format!("prefix of {qname}")))?;
        match self.type_by_name(&name)? {
            Some(ty) => Ok(Some(ty)),
            None => Err(Unread::Unsupported("simpleContent extending a complex type".into())),
        }
    }

    /// A named type: a built-in, a simple type of this schema, or `None` for a complex one.
    fn type_by_name(&mut self, name: &(String, String)) -> Result<Option<Arc<SimpleType>>, Unread> {
        if name.0 == XS_NAMESPACE {
            return match Builtin::from_local_name(&name.1) {
                Some(b) => Ok(Some(b.type_def())),
                None if name.1 == "anyType" => Ok(None),
                None => Err(Unread::Invalid(format!("no built-in type xs:{}", name.1))),
            };
        }
        match self.named.get(name) {
            Some(node) if node.is_xs("complexType") => Ok(None),
            Some(_) => self.named_type(name).map(Some),
            None => Err(Unread::Invalid(format!("type {} is not declared", name.1))),
        }
    }

    fn named_type(&mut self, name: &(String, String)) -> Result<Arc<SimpleType>, Unread> {
        if let Some(ty) = self.built.get(name) {
            return Ok(ty.clone());
        }
        if self.building.contains(name) {
            return Err(Unread::Invalid(format!("type {} is derived from itself", name.1)));
        }
        let node = self.named[name];
        self.building.push(name.clone());
        let ty = self.simple_type(node, Some(name.clone()));
        self.building.pop();
        let ty = ty?;
        self.built.insert(name.clone(), ty.clone());
        Ok(ty)
    }

    fn simple_base(&mut self, node: &'a Node, attribute: &str) -> Result<Option<Arc<SimpleType>>, Unread> {
        match node.attribute(attribute) {
            Some(qname) => {
                let name = node
                    .resolve(qname)
                    .ok_or_else(|| Unread::Invalid(format!("prefix of {qname}")))?;
                match self.type_by_name(&name)? {
                    Some(ty) => Ok(Some(ty)),
                    None => Err(Unread::Invalid(format!("{qname} is not a simple type"))),
                }
            }
            None => Ok(None),
        }
    }

    fn simple_type(&mut self, node: &'a Node, name: Option<(String, String)>) -> Result<Arc<SimpleType>, Unread> {
        let invalid = |e: nifcheck::xml::engine::types::TypeError| Unread::Invalid(e.message);
        let derivations: Vec<&Node> = node.children.iter().filter(|c| !c.is_xs("annotation")).collect();
        let [derivation] = derivations.as_slice() else {
            return Err(Unread::Invalid("a simple type needs one derivation".into()));
        };
        let nested: Vec<&'a Node> = derivation.children.iter().filter(|c| c.is_xs("simpleType")).collect();
        let ty = if derivation.is_xs("restriction") {
            let base = match (self.simple_base(derivation, "base")?, nested.as_slice()) {
                (Some(base), []) => base,
                (None, [inner]) => self.simple_type(inner, None)?,
                _ => return Err(Unread::Invalid("a restriction needs one base".into())),
            };
            let mut facets = Vec::new();
            for facet in &derivation.children {
                if facet.is_xs("annotation") || facet.is_xs("simpleType") {
                    continue;
                }
                let kind = FacetKind::from_local_name(&facet.local)
                    .filter(|_| facet.namespace.as_deref() == Some(XS_NAMESPACE))
                    .ok_or_else(|| Unread::Invalid(format!("{} in a restriction", facet.local)))?;
                let value = facet
                    .attribute("value")
                    .ok_or_else(|| Unread::Invalid("a facet without value".into()))?;
                let fixed = match facet.attribute("fixed").map(str::trim) {
                    Some("true" | "1") => true,
                    Some("false" | "0") | None => false,
                    Some(_) => return Err(Unread::Invalid("fixed is not a boolean".into())),
                };
                facets.push(FacetSpec {
                    kind,
                    value: value.to_string(),
                    fixed,
                    namespaces: facet.bindings.clone(),
                });
            }
            SimpleType::restrict(&base, name, facets).map_err(invalid)?
        } else if derivation.is_xs("list") {
            let item = match (self.simple_base(derivation, "itemType")?, nested.as_slice()) {
                (Some(item), []) => item,
                (None, [inner]) => self.simple_type(inner, None)?,
                _ => return Err(Unread::Invalid("a list needs one item type".into())),
            };
            SimpleType::list(name, item).map_err(invalid)?
        } else if derivation.is_xs("union") {
            let mut members = Vec::new();
            for qname in derivation.attribute("memberTypes").unwrap_or("").split_whitespace() {
                let name = derivation
                    .resolve(qname)
                    .ok_or_else(|| Unread::Invalid(format!("prefix of {qname}")))?;
                match self.type_by_name(&name)? {
                    Some(ty) => members.push(ty),
                    None => return Err(Unread::Invalid(format!("{qname} is not a simple type"))),
                }
            }
            for inner in nested {
                members.push(self.simple_type(inner, None)?);
            }
            SimpleType::union(name, members).map_err(invalid)?
        } else {
            return Err(Unread::Invalid(format!("{} in a simple type", derivation.local)));
        };
        let own = node.attribute("final");
        let finals = if own.is_some() { finals(own) } else { self.final_default };
        Ok(Arc::new(ty.with_final(finals)))
    }
}

/// The verdict on an instance: `None` when it is not judged here.
fn judge(schema: &Schema, root: &Node) -> Option<Result<(), String>> {
    let mut ids = HashSet::new();
    let mut idrefs = Vec::new();
    let mut problems = Vec::new();
    fn visit(
        node: &Node,
        schema: &Schema,
        ids: &mut HashSet<String>,
        idrefs: &mut Vec<String>,
        problems: &mut Vec<String>,
    ) -> Option<()> {
        if node
            .attributes
            .iter()
            .any(|(ns, l, _)| ns.as_deref() == Some(XSI) && (l == "type" || l == "nil"))
        {
            return None;
        }
        if node.namespace.as_ref().is_some_and(|ns| *ns != schema.target) {
            return None;
        }
        let declared = schema.elements.get(&node.local)?;
        let mut check = |declared: &Declared, literal: &str, what: &str, element: bool| {
            // An empty element takes the default or fixed value; an attribute is as written.
            let fallback = declared
                .default
                .as_deref()
                .or(declared.fixed.as_ref().map(|(text, _)| text.as_str()));
            let literal = match fallback {
                Some(fallback) if literal.is_empty() && element => fallback,
                _ => literal,
            };
            match declared.ty.validate(literal, &node.bindings) {
                Ok(value) => {
                    if declared.fixed.as_ref().is_some_and(|(_, f)| *f != value) {
                        problems.push(format!("{what}: not the fixed value"));
                    }
                    if declared.ty.is_id() && !ids.insert(as_text(&value)) {
                        problems.push(format!("{what}: duplicate ID"));
                    }
                    if declared.ty.is_idref() {
                        idrefs.push(as_text(&value));
                    }
                    if declared.ty.is_idrefs()
                        && let Value::List(items) = &value
                    {
                        idrefs.extend(items.iter().map(as_text));
                    }
                    if let Some(notation) = notation_of(&value)
                        && !schema.notations.contains(&notation)
                    {
                        problems.push(format!("{what}: undeclared notation"));
                    }
                }
                Err(e) => problems.push(format!("{what}: {}", e.message)),
            }
        };
        match declared {
            Some(declared) => {
                if !node.children.is_empty() {
                    return None;
                }
                uses_entities(&declared.ty)?;
                check(declared, &node.text, &node.local, true);
            }
            // Text in an element of complex type is a structural question.
            None => {
                if !node.text.trim().is_empty() {
                    return None;
                }
            }
        }
        for (ns, local, value) in &node.attributes {
            if ns.is_some() {
                continue;
            }
            let declared = schema.attributes.get(local)?.as_ref()?;
            uses_entities(&declared.ty)?;
            check(declared, value, local, false);
        }
        for child in &node.children {
            visit(child, schema, ids, idrefs, problems)?;
        }
        Some(())
    }
    // A name declared twice with different types makes a verdict depend on structure.
    visit(root, schema, &mut ids, &mut idrefs, &mut problems)?;
    for idref in idrefs {
        if !ids.contains(&idref) {
            problems.push(format!("IDREF {idref} matches no ID"));
        }
    }
    Some(match problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(()),
    })
}

/// ENTITY values need the DTD's unparsed entities, which this reader does not read.
fn uses_entities(ty: &SimpleType) -> Option<()> {
    use nifcheck::xml::engine::types::Variety;
    let entity = Builtin::Entity.type_def();
    let refers = |t: &SimpleType| t.derives_from(&entity);
    let found = match ty.variety() {
        Variety::List(item) => refers(item),
        Variety::Union(members) => members
            .iter()
            .any(|m| refers(m) || matches!(m.variety(), Variety::List(i) if refers(i))),
        Variety::Atomic(_) => refers(ty),
    };
    (!found).then_some(())
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => format!("{other:?}"),
    }
}

fn notation_of(value: &Value) -> Option<(Option<String>, String)> {
    match value {
        Value::Notation(ns, local) => Some((ns.clone(), local.clone())),
        _ => None,
    }
}

#[derive(Default)]
struct Tally {
    schemas: usize,
    schemas_agree: usize,
    instances: usize,
    instances_agree: usize,
    /// Schemas not read here, by the first construct this reader does not know.
    skipped: BTreeMap<String, usize>,
}

#[test]
fn w3c_datatype_tests() {
    let Some(catalogue) = crate::corpus::path("xsdtests/suite.xml") else {
        return;
    };
    let root = catalogue.parent().unwrap().to_path_buf();
    let suite = std::fs::read_to_string(&catalogue).unwrap();
    let known = crate::corpus::known_list(KNOWN);
    let mut tally = Tally::default();
    let mut disagreements = BTreeMap::new();
    for href in TYPE_SETS {
        assert!(suite.contains(href), "{href} is not in the suite");
        run_set(&root, href, &mut tally, &mut disagreements);
    }
    println!(
        "W3C suite, tests about simple types only: schemas {}/{} agree, instances {}/{} agree",
        tally.schemas_agree, tally.schemas, tally.instances_agree, tally.instances
    );
    let mut skipped: Vec<(&String, &usize)> = tally.skipped.iter().collect();
    skipped.sort_by(|a, b| b.1.cmp(a.1));
    let skipped: Vec<String> = skipped
        .iter()
        .take(8)
        .map(|(what, n)| format!("{what} ({n})"))
        .collect();
    println!(
        "  schemas left to the whole-engine suite, by construct: {}",
        skipped.join(", ")
    );
    assert!(
        tally.instances > 1000,
        "the reader judged only {} instances",
        tally.instances
    );
    crate::corpus::assert_only_known(&known, &disagreements);
}

fn run_set(root: &Path, href: &str, tally: &mut Tally, disagreements: &mut BTreeMap<String, String>) {
    let Some(set) = std::fs::read_to_string(root.join(href)).ok().and_then(|t| parse(&t)) else {
        return;
    };
    let set_name = set.attribute("name").unwrap_or(href).to_string();
    let dir = href.rsplit_once('/').map_or("", |(d, _)| d);
    let attr = |n: &Node, name: &str| {
        n.attributes
            .iter()
            .find(|(_, l, _)| l == name)
            .map(|(_, _, v)| v.clone())
    };
    let version_10 = |scopes: &[&Node]| {
        scopes.iter().rev().find_map(|n| attr(n, "version")).is_none_or(|v| {
            let tokens: Vec<&str> = v.split_whitespace().collect();
            tokens.contains(&"1.0") || !tokens.contains(&"1.1")
        })
    };
    let expected = |test: &Node| -> Option<bool> {
        let all: Vec<&Node> = test.children.iter().filter(|c| c.local == "expected").collect();
        let chosen = all
            .iter()
            .find(|e| attr(e, "version").is_some_and(|v| v.split_whitespace().any(|t| t == "1.0")))
            .or_else(|| all.iter().find(|e| version_10(&[e])))?;
        match attr(chosen, "validity")?.as_str() {
            "valid" => Some(true),
            "invalid" => Some(false),
            _ => None,
        }
    };
    let accepted = |test: &Node| {
        test.children
            .iter()
            .find(|c| c.local == "current")
            .and_then(|c| attr(c, "status"))
            .is_none_or(|s| s == "accepted")
    };
    let document = |test: &Node, element: &str| {
        test.children
            .iter()
            .find(|c| c.local == element)
            .and_then(|d| attr(d, "href"))
            .and_then(|h| nifcheck::xml::schema::normalize(&format!("{dir}/{h}")))
    };
    for group in set.children.iter().filter(|c| c.local == "testGroup") {
        let group_name = attr(group, "name").unwrap_or_default();
        let Some(schema_test) = group.children.iter().find(|c| c.local == "schemaTest") else {
            continue;
        };
        if !version_10(&[&set, group, schema_test]) || !accepted(schema_test) {
            continue;
        }
        let schema_documents = schema_test
            .children
            .iter()
            .filter(|c| c.local == "schemaDocument")
            .count();
        let Some(schema_file) = document(schema_test, "schemaDocument").filter(|_| schema_documents == 1) else {
            continue;
        };
        let Some(schema_valid) = expected(schema_test) else {
            continue;
        };
        let Some(schema_root) = std::fs::read_to_string(root.join(&schema_file))
            .ok()
            .and_then(|t| parse(&t))
        else {
            continue;
        };
        let schema = match read_schema(&schema_root) {
            Err(Unread::Unsupported(what)) => {
                *tally.skipped.entry(what).or_default() += 1;
                continue;
            }
            Err(Unread::Invalid(why)) => Err(why),
            Ok(schema) => Ok(schema),
        };
        let schema_name = format!(
            "{set_name}::{group_name}::{}",
            attr(schema_test, "name").unwrap_or_default()
        );
        tally.schemas += 1;
        match (&schema, schema_valid) {
            (Ok(_), true) | (Err(_), false) => tally.schemas_agree += 1,
            (Ok(_), false) => {
                disagreements.insert(schema_name, "we accept the schema".to_string());
            }
            (Err(why), true) => {
                disagreements.insert(schema_name, format!("we reject the schema: {why}"));
            }
        }
        let Ok(schema) = schema else { continue };
        for test in group.children.iter().filter(|c| c.local == "instanceTest") {
            if !version_10(&[&set, group, test]) || !accepted(test) {
                continue;
            }
            let Some(valid) = expected(test) else { continue };
            let Some(file) = document(test, "instanceDocument") else {
                continue;
            };
            let Some(instance) = std::fs::read_to_string(root.join(&file)).ok().and_then(|t| parse(&t)) else {
                continue;
            };
            let Some(verdict) = judge(&schema, &instance) else {
                continue;
            };
            tally.instances += 1;
            let name = format!("{set_name}::{group_name}::{}", attr(test, "name").unwrap_or_default());
            match (verdict, valid) {
                (Ok(()), true) | (Err(_), false) => tally.instances_agree += 1,
                (Ok(()), false) => {
                    disagreements.insert(name, "we accept the instance".to_string());
                }
                (Err(why), true) => {
                    disagreements.insert(name, format!("we reject the instance: {why}"));
                }
            }
        }
    }
}
