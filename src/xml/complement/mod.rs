//! What nifcheck checks itself because the engine does not: values of union types, attributes
//! declared by reference to a global declaration, attributes' fixed values, and elements whose
//! declared type is abstract. A pass over the payload gives each element its declaration and
//! type from the schema's own declarations (`model`) and checks those constructs only; its
//! problems join the engine's and are placed and explained the same way. It also checks that
//! an `xsi:type` derives from the declared type. A schema that declares none of these
//! constructs costs one substring search per payload (for `xsi:type`'s namespace).

mod keys;
pub(crate) mod model;
pub(crate) mod value;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use self::model::{AttributeUse, Model, Name, Simple, Type, TypeRef};
use self::value::{Probes, primitive, same_value, union_at_heart};
use super::EngineError;
use super::schema::SchemaGraph;

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The declarations and probes of one schema.
pub struct Complement {
    model: Model,
    probes: Option<Probes>,
    /// Whether the schema declares a construct checked here; otherwise only a payload that
    /// uses `xsi:type` is walked, to check that the type it names derives from the declared one.
    declares: bool,
}

/// Where a checked text sits in the document.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    /// The text is the whole document.
    Document,
    /// The text's element wraps children of the root element of this name (a batch of records).
    ChildrenOf(&'a Name),
}

impl Complement {
    /// The complement of a schema.
    pub fn build(graph: &SchemaGraph, doms: &[Option<uppsala::Document<'_>>]) -> Complement {
        let model = Model::read(doms);
        let mut needed = false;
        let mut probed: Vec<TypeRef> = Vec::new();
        for t in &model.types {
            match t {
                Type::Complex(c) => {
                    needed |= c.is_abstract;
                    for u in c.attributes.values() {
                        needed |= u.fixed.is_some() || u.by_reference;
                        if u.by_reference
                            && let Some(t) = &u.type_ref
                        {
                            probed.push(t.clone());
                        }
                    }
                }
                Type::Simple(Simple::Union(members)) => {
                    needed = true;
                    probed.extend(members.iter().cloned());
                }
                Type::Simple(_) => {}
            }
        }
        probed.sort();
        probed.dedup();
        let probes = if probed.is_empty() {
            None
        } else {
            Probes::build(graph, &model, &probed)
        };
        Complement {
            model,
            probes,
            declares: needed,
        }
    }

    /// The problems of `text` the engine does not report, positioned in `text`.
    pub fn check(&self, text: &str, entry: Entry<'_>) -> Vec<EngineError> {
        let uses_xsi_type = text.contains(XSI) && text.contains(":type");
        if !self.declares && !uses_xsi_type {
            return Vec::new();
        }
        let mut walk = Walk {
            model: &self.model,
            probes: self.probes.as_ref(),
            text,
            lines: crate::source::LineIndex::new(text),
            errors: Vec::new(),
        };
        walk.run(entry);
        walk.errors
    }
}

/// One open element.
struct Frame {
    type_ref: Option<TypeRef>,
    /// Its text so far, when its value is checked against a union.
    value: Option<String>,
    /// The prefixes declared where it sits, when its value is checked.
    scope: String,
    start: usize,
    label: String,
}

struct Walk<'a> {
    model: &'a Model,
    probes: Option<&'a Probes>,
    text: &'a str,
    lines: crate::source::LineIndex,
    errors: Vec<EngineError>,
}

impl Walk<'_> {
    fn run(&mut self, entry: Entry<'_>) {
        let mut reader = NsReader::from_str(self.text);
        reader
            .resolver_mut()
            .set_max_namespace_bindings(super::scan::MAX_NAMESPACE_BINDINGS);
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            let start = usize::try_from(reader.buffer_position()).unwrap_or(0);
            let (bound, event) = match reader.read_resolved_event() {
                Ok((ResolveResult::Bound(ns), event)) => (Some(ns.0.to_string()), event),
                Ok((_, event)) => (None, event),
                Err(_) => return,
            };
            match event {
                Event::Start(e) => {
                    let frame = self.open(&reader, &e, bound, start, stack.last(), entry);
                    stack.push(frame);
                }
                Event::Empty(e) => {
                    let frame = self.open(&reader, &e, bound, start, stack.last(), entry);
                    self.close(frame);
                }
                Event::End(_) => {
                    if let Some(frame) = stack.pop() {
                        self.close(frame);
                    }
                }
                Event::Text(t) => {
                    if let Some(Frame { value: Some(v), .. }) = stack.last_mut() {
                        v.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                    }
                }
                Event::CData(t) => {
                    if let Some(Frame { value: Some(v), .. }) = stack.last_mut() {
                        v.push_str(&t.into_inner());
                    }
                }
                Event::GeneralRef(g) => {
                    if let Some(Frame { value: Some(v), .. }) = stack.last_mut() {
                        let resolved = match g.resolve_char_ref() {
                            Ok(Some(c)) => Some(c.to_string()),
                            _ => quick_xml::escape::resolve_predefined_entity(&g).map(str::to_string),
                        };
                        v.push_str(&resolved.unwrap_or_default());
                    }
                }
                Event::Eof => return,
                _ => {}
            }
        }
    }

    /// Gives an element its type and checks its attributes; its value is checked at its end.
    fn open(
        &mut self,
        reader: &NsReader<&[u8]>,
        e: &quick_xml::events::BytesStart<'_>,
        namespace: Option<String>,
        start: usize,
        parent: Option<&Frame>,
        entry: Entry<'_>,
    ) -> Frame {
        let model = self.model;
        let label = e.name().0.to_string();
        let name: Name = (namespace, e.local_name().into_inner().to_string());
        let type_of = |declaration: usize| model.elements.get(declaration).and_then(|(_, t)| t.clone());
        let global = |name: &Name| model.global_elements.get(name).and_then(|&d| type_of(d));
        let declared = match (parent, entry) {
            (None, Entry::ChildrenOf(root)) => {
                return Frame {
                    type_ref: global(root),
                    value: None,
                    scope: String::new(),
                    start,
                    label,
                };
            }
            (None, Entry::Document) => global(&name),
            (Some(Frame { type_ref: Some(t), .. }), _) => match model.child(t, &name) {
                Some(d) => type_of(d),
                None => global(&name),
            },
            (Some(_), _) => global(&name),
        };
        let mut given = None;
        let mut nil = false;
        let mut attributes = Vec::new();
        for attribute in e.attributes().filter_map(Result::ok) {
            let key = attribute.key;
            if key.as_namespace_binding().is_some() {
                continue;
            }
            let (ns, local) = reader.resolver().resolve_attribute(key);
            let ns = match ns {
                ResolveResult::Bound(n) => Some(n.0.to_string()),
                _ => None,
            };
            let Ok(value) = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
                continue;
            };
            match (ns.as_deref(), local.into_inner()) {
                (Some(XSI), "type") => {
                    let qname = quick_xml::name::QName(value.trim());
                    let ns = match reader.resolver().resolve_prefix(qname.prefix(), true) {
                        ResolveResult::Bound(n) => Some(n.0.to_string()),
                        _ => None,
                    };
                    given = Some(TypeRef::Named((ns, qname.local_name().into_inner().to_string())));
                }
                (Some(XSI), "nil") => nil = matches!(value.trim(), "true" | "1"),
                (Some(XSI), _) => {}
                (_, local) => attributes.push(((ns, local.to_string()), key.0.to_string(), value.into_owned())),
            }
        }
        if given.is_none()
            && let Some(t) = &declared
            && let Some(Type::Complex(c)) = model.get(t)
            && c.is_abstract
        {
            let message = format!(
                "Element '{label}': its type '{}' is abstract; name a concrete type derived from it with xsi:type",
                model.label(t)
            );
            self.error(message, start);
        }
        // The engine checks derivations between complex types itself, not between simple ones.
        let complex = |t: &TypeRef| matches!(model.get(t), Some(Type::Complex(_)));
        if let (Some(given), Some(declared)) = (&given, &declared)
            && !complex(given)
            && !complex(declared)
            && model.derives_from(given, declared) == Some(false)
        {
            let message = format!(
                "Element '{label}': xsi:type '{}' does not derive from its declared type '{}'",
                model.label(given),
                model.label(declared)
            );
            self.error(message, start);
        }
        let type_ref = given.or(declared);
        let content = type_ref.as_ref().and_then(|t| model.content_type(t));
        let value = (!nil && content.is_some_and(|c| union_at_heart(model, c))).then(String::new);
        let uses: Vec<(&AttributeUse, String, String)> = match &type_ref {
            Some(owner) => attributes
                .into_iter()
                .filter_map(|(name, written, value)| Some((model.attribute(owner, &name)?, written, value)))
                .collect(),
            None => Vec::new(),
        };
        let probed = |u: &AttributeUse| u.by_reference || u.type_ref.as_ref().is_some_and(|t| union_at_heart(model, t));
        // Only a value checked by a probe needs the prefixes in scope.
        let scope = if value.is_some() || uses.iter().any(|(u, _, _)| probed(u)) {
            scope(reader)
        } else {
            String::new()
        };
        for (declared, written, value) in uses {
            self.attribute(declared, &written, &value, &scope, start);
        }
        Frame {
            type_ref,
            value,
            scope,
            start,
            label,
        }
    }

    fn attribute(&mut self, declared: &AttributeUse, written: &str, value: &str, scope: &str, start: usize) {
        let model = self.model;
        if let Some(fixed) = &declared.fixed {
            let builtin = declared.type_ref.as_ref().and_then(|t| primitive(model, t));
            if !same_value(builtin, value, fixed) {
                self.error(
                    format!("Attribute '{written}' has the fixed value '{fixed}', not '{value}'"),
                    start,
                );
            }
        }
        let Some(type_ref) = &declared.type_ref else { return };
        if (declared.by_reference || union_at_heart(model, type_ref))
            && let Some(why) = self.probes.and_then(|p| p.why_not(model, type_ref, value, scope))
        {
            self.error(
                format!("Value '{value}' of attribute '{written}' is not valid: {why}"),
                start,
            );
        }
    }

    /// Checks an element's value at its end.
    fn close(&mut self, frame: Frame) {
        let model = self.model;
        let (Some(value), Some(type_ref)) = (frame.value, frame.type_ref) else {
            return;
        };
        let Some(content) = model.content_type(&type_ref) else {
            return;
        };
        if let Some(why) = self
            .probes
            .and_then(|p| p.why_not(model, content, &value, &frame.scope))
        {
            let message = format!(
                "Element '{}': value '{}' is not valid: {why}",
                frame.label,
                value.trim()
            );
            self.error(message, frame.start);
        }
    }

    fn error(&mut self, message: String, offset: usize) {
        let (line, column) = self.lines.line_col(self.text, offset);
        self.errors.push(EngineError {
            message,
            line: Some(line),
            column: Some(column),
        });
    }
}

/// The payload's prefixed namespace declarations in scope, as attributes for a probe (the
/// default namespace is left out: it would move the probe element into it).
fn scope(reader: &NsReader<&[u8]>) -> String {
    let mut out = String::new();
    for (prefix, namespace) in reader.resolver().bindings() {
        if let quick_xml::name::PrefixDeclaration::Named(p) = prefix {
            out.push_str(&format!(" xmlns:{p}=\"{}\"", value::escape(namespace.0)));
        }
    }
    out
}
