//! What nifcheck itself reads from an XSD, beside the engine: the child elements each element
//! holds (for help texts), code-list bindings in `xs:appinfo`, and the content model of a root
//! element, which decides whether a big file can be validated record by record.

use std::collections::HashMap;

use uppsala::{Document, NodeId};

const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// One element particle of the root's content model.
#[derive(Debug, Clone)]
pub struct Particle {
    /// Local name of the element (of `ref`'s target for a reference).
    pub name: String,
    /// `minOccurs`.
    pub min: u64,
    /// `maxOccurs` (`None`: unbounded).
    pub max: Option<u64>,
    /// The particle's source text, copied into the record wrapper schema.
    pub source: String,
}

/// A root element whose children can be validated one by one: its content is one sequence or
/// choice of element particles, occurring once.
#[derive(Debug, Clone)]
pub struct RootModel {
    /// `true` for `xs:choice`, `false` for `xs:sequence`.
    pub choice: bool,
    /// The element particles.
    pub particles: Vec<Particle>,
    /// Which schema document declares the root.
    pub doc: usize,
    /// `targetNamespace` of that document.
    pub target_namespace: Option<String>,
    /// Namespace declarations and form defaults of that document's `xs:schema`, as attributes.
    pub schema_attributes: String,
    /// The root's identity constraints, held across records by nifcheck itself.
    pub identity: Vec<super::identity::Constraint>,
    /// Whether text may stand between the records (`mixed="true"`).
    pub mixed: bool,
}

/// What the schema says, read once.
#[derive(Debug, Default, Clone)]
pub struct Outline {
    /// Element local name to the local names of the elements its type holds, in order.
    children: HashMap<String, Vec<String>>,
    /// Element or attribute local name to the code list it is bound to.
    pub code_lists: HashMap<String, String>,
    roots: HashMap<String, RootModel>,
    /// Whether any declaration uses substitution groups (a root child could then be named
    /// differently from its particle).
    pub substitution: bool,
    /// Document-wide ID uniqueness and IDREF targets, which the engine does not check.
    pub id_constraints: Vec<super::identity::Constraint>,
}

impl Outline {
    /// Reads every document of the graph, parsed by [`crate::xml::SchemaGraph::parsed`].
    pub fn read(doms: &[Option<Document<'_>>]) -> Self {
        let mut outline = Outline::default();
        let mut element_types: Vec<(String, String)> = Vec::new();
        let mut type_children: HashMap<String, Vec<String>> = HashMap::new();
        let mut type_lists: HashMap<String, String> = HashMap::new();
        let mut typed: Vec<(String, String)> = Vec::new();
        let (mut ids, mut refs) = (Vec::new(), Vec::new());
        for (i, dom) in doms.iter().enumerate() {
            let Some(dom) = dom else { continue };
            let Some(schema) = dom.document_element() else { continue };
            for node in descendants(dom, schema) {
                let Some((kind, e)) = xs_element(dom, node) else {
                    continue;
                };
                let name = e.get_attribute("name").map(str::to_string);
                let type_name = e.get_attribute("type").map(local);
                if e.get_attribute("substitutionGroup").is_some() {
                    outline.substitution = true;
                }
                if let (Some(list), Some(name)) = (appinfo_code_list(dom, node), &name) {
                    match kind {
                        "simpleType" => {
                            type_lists.insert(name.clone(), list);
                        }
                        _ => {
                            outline.code_lists.insert(name.clone(), list);
                        }
                    }
                }
                if let (Some(n), Some(t)) = (&name, e.get_attribute("type"))
                    && kind == "attribute"
                {
                    match builtin(dom, node, t).as_deref() {
                        Some("ID") => ids.push(n.clone()),
                        Some("IDREF" | "IDREFS") => refs.push(n.clone()),
                        _ => {}
                    }
                }
                match (kind, name) {
                    ("element" | "attribute", Some(name)) => {
                        if let Some(t) = &type_name {
                            typed.push((name.clone(), t.clone()));
                        }
                        if kind == "element" {
                            match type_name {
                                Some(t) => element_types.push((name.clone(), t)),
                                None => {
                                    let kids = particles(dom, node);
                                    if !kids.is_empty() {
                                        outline.children.insert(name.clone(), kids);
                                    }
                                }
                            }
                            if dom.parent(node) == Some(schema)
                                && let Some(model) = root_model(doms, i, node)
                            {
                                outline.roots.insert(name, model);
                            }
                        }
                    }
                    ("complexType", Some(name)) => {
                        type_children.insert(name, particles(dom, node));
                    }
                    _ => {}
                }
            }
        }
        for (element, type_name) in element_types {
            if let Some(kids) = type_children.get(&type_name).filter(|k| !k.is_empty()) {
                outline.children.entry(element).or_insert_with(|| kids.clone());
            }
        }
        for list in [&mut ids, &mut refs] {
            list.sort();
            list.dedup();
        }
        outline.id_constraints = super::identity::id_constraints(&ids, &refs);
        for (name, type_name) in typed {
            if let Some(list) = type_lists.get(&type_name) {
                outline.code_lists.entry(name).or_insert_with(|| list.clone());
            }
        }
        outline
    }

    /// The elements an element of this local name holds, when the schema says.
    pub fn children_of(&self, element: &str) -> Option<&[String]> {
        self.children.get(element).map(Vec::as_slice)
    }

    /// The content model of a root element, when its children can be validated one by one.
    pub fn root(&self, local_name: &str) -> Option<&RootModel> {
        self.roots.get(local_name)
    }
}

/// The local name of a built-in XSD type a `type` attribute names, if it names one.
fn builtin(dom: &Document<'_>, node: NodeId, qname: &str) -> Option<String> {
    let (prefix, local_name) = qname.split_once(':').unwrap_or(("", qname));
    let mut at = Some(node);
    while let Some(n) = at {
        if let Some(e) = dom.element(n)
            && let Some((_, uri)) = e.namespace_declarations.iter().find(|(p, _)| p == prefix)
        {
            return (uri == XS).then(|| local_name.to_string());
        }
        at = dom.parent(n);
    }
    None
}

fn local(qname: &str) -> String {
    qname.rsplit(':').next().unwrap_or(qname).to_string()
}

fn xs_element<'d>(dom: &'d Document<'_>, node: NodeId) -> Option<(&'d str, &'d uppsala::Element<'d>)> {
    let e = dom.element(node)?;
    (e.name.namespace_uri.as_deref() == Some(XS)).then(|| (e.name.local_name.as_ref(), e))
}

fn descendants(dom: &Document<'_>, node: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let kids = dom.children(n);
        for &k in kids.iter().rev() {
            if dom.element(k).is_some() {
                stack.push(k);
            }
        }
        if n != node {
            out.push(n);
        }
    }
    out
}

/// The element names a type (or an element's anonymous type) holds, not looking inside the
/// nested elements themselves.
fn particles(dom: &Document<'_>, node: NodeId) -> Vec<String> {
    let mut out = Vec::new();
    for kid in dom.children(node) {
        let Some((kind, e)) = xs_element(dom, kid) else {
            continue;
        };
        match kind {
            "element" => {
                if let Some(n) = e.get_attribute("name").or_else(|| e.get_attribute("ref")) {
                    out.push(local(n));
                }
            }
            "annotation" | "attribute" | "attributeGroup" | "simpleType" | "key" | "keyref" | "unique" => {}
            _ => out.extend(particles(dom, kid)),
        }
    }
    out
}

/// The list id of `<xs:annotation><xs:appinfo><codelist>ID</codelist>` on a declaration.
fn appinfo_code_list(dom: &Document<'_>, node: NodeId) -> Option<String> {
    for annotation in dom.children(node) {
        if xs_element(dom, annotation).is_none_or(|(k, _)| k != "annotation") {
            continue;
        }
        for appinfo in dom.children(annotation) {
            for item in dom.children(appinfo) {
                if dom.element(item).is_some_and(|e| e.name.local_name == "codelist") {
                    let id = dom.text_content_deep(item).trim().to_string();
                    if !id.is_empty() {
                        return Some(id);
                    }
                }
            }
        }
    }
    None
}

fn occurs(e: &uppsala::Element<'_>, name: &str) -> Option<Option<u64>> {
    match e.get_attribute(name) {
        None => Some(Some(1)),
        Some("unbounded") => Some(None),
        Some(n) => n.trim().parse().ok().map(Some),
    }
}

/// The root model of a global element declaration, when it has the simple shape streaming needs.
fn root_model(doms: &[Option<Document<'_>>], doc: usize, decl: NodeId) -> Option<RootModel> {
    let dom = doms.get(doc)?.as_ref()?;
    let (j, type_node) = match dom.element(decl)?.get_attribute("type") {
        Some(t) => find_complex_type(doms, &local(t))?,
        None => (
            doc,
            dom.children(decl)
                .into_iter()
                .find(|&k| xs_element(dom, k).is_some_and(|(k, _)| k == "complexType"))?,
        ),
    };
    let type_dom = doms.get(j)?.as_ref()?;
    let mixed = matches!(
        type_dom.element(type_node)?.get_attribute("mixed").map(str::trim),
        Some("true" | "1")
    );
    let mut group = None;
    for kid in type_dom.children(type_node) {
        let Some((kind, e)) = xs_element(type_dom, kid) else {
            continue;
        };
        match kind {
            "sequence" | "choice" if group.is_none() => {
                if occurs(e, "minOccurs")? != Some(1) || occurs(e, "maxOccurs")? != Some(1) {
                    return None;
                }
                group = Some((kind == "choice", kid));
            }
            "annotation" | "attribute" | "attributeGroup" | "anyAttribute" => {}
            _ => return None,
        }
    }
    let (choice, group) = group?;
    let mut list = Vec::new();
    for kid in type_dom.children(group) {
        let Some((kind, e)) = xs_element(type_dom, kid) else {
            continue;
        };
        match kind {
            "element" => list.push(Particle {
                name: local(e.get_attribute("name").or_else(|| e.get_attribute("ref"))?),
                min: occurs(e, "minOccurs")??,
                max: occurs(e, "maxOccurs")?,
                source: type_dom.node_source(kid)?.to_string(),
            }),
            "annotation" => {}
            _ => return None,
        }
    }
    let schema = type_dom.element(type_dom.document_element()?)?;
    let mut attributes: String = schema
        .namespace_declarations
        .iter()
        .map(|(p, u)| {
            let u = u.replace('&', "&amp;").replace('"', "&quot;");
            if p.is_empty() {
                format!(" xmlns=\"{u}\"")
            } else {
                format!(" xmlns:{p}=\"{u}\"")
            }
        })
        .collect();
    for name in ["elementFormDefault", "attributeFormDefault", "targetNamespace"] {
        if let Some(v) = schema.get_attribute(name) {
            attributes.push_str(&format!(" {name}=\"{}\"", v.replace('"', "&quot;")));
        }
    }
    let identity = identity_constraints(dom, decl)?;
    Some(RootModel {
        choice,
        particles: list,
        doc: j,
        target_namespace: schema.get_attribute("targetNamespace").map(str::to_string),
        schema_attributes: attributes,
        identity,
        mixed,
    })
}

/// The document and node of a named complex type.
fn find_complex_type(doms: &[Option<Document<'_>>], name: &str) -> Option<(usize, NodeId)> {
    for (i, dom) in doms.iter().enumerate() {
        let Some(dom) = dom else { continue };
        let schema = dom.document_element()?;
        for kid in dom.children(schema) {
            if let Some(("complexType", e)) = xs_element(dom, kid)
                && e.get_attribute("name") == Some(name)
            {
                return Some((i, kid));
            }
        }
    }
    None
}

/// The identity constraints declared on an element; `None` when one uses XPath outside the
/// subset nifcheck evaluates (the file is then validated whole).
fn identity_constraints(dom: &Document<'_>, decl: NodeId) -> Option<Vec<super::identity::Constraint>> {
    let schema = dom.element(dom.document_element()?)?;
    let namespaces: HashMap<String, String> = schema
        .namespace_declarations
        .iter()
        .filter(|(p, _)| !p.is_empty())
        .map(|(p, u)| (p.to_string(), u.to_string()))
        .collect();
    let mut out = Vec::new();
    for node in dom.children(decl) {
        let Some((kind, e)) = xs_element(dom, node) else {
            continue;
        };
        if !matches!(kind, "key" | "keyref" | "unique") {
            continue;
        }
        let xpath_of = |n: NodeId| {
            dom.element(n)
                .and_then(|e| e.get_attribute("xpath"))
                .map(str::to_string)
        };
        let mut selector = None;
        let mut fields = Vec::new();
        for part in dom.children(node) {
            match xs_element(dom, part).map(|(k, _)| k) {
                Some("selector") => selector = Some(super::identity::parse_paths(&xpath_of(part)?, &namespaces)?),
                Some("field") => fields.push(super::identity::parse_paths(&xpath_of(part)?, &namespaces)?),
                _ => {}
            }
        }
        out.push(super::identity::Constraint {
            kind: kind.to_string(),
            name: e.get_attribute("name")?.to_string(),
            refer: e.get_attribute("refer").map(local),
            selector: selector?,
            fields,
        });
    }
    Some(out)
}
