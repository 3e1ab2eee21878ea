//! `xsi:type` and `xsi:nil`: the type an element is validated against, and whether it is nil.

use quick_xml::events::BytesStart;
use quick_xml::name::{NamespaceResolver, ResolveResult};

use super::{Frame, Mode, Validator, XSI};
use crate::xml::engine::model::{ElemId, NameId, Schema, TypeRef, deriv};
use crate::xml::scan::{has_attributes, mentions};

/// Whether a tag may have an `xsi:type` or `xsi:nil` attribute: most have neither local name
/// anywhere in their attributes, and looking costs less than going through them.
fn may_have_xsi(e: &BytesStart<'_>) -> bool {
    let raw = e.attributes_raw();
    has_attributes(e) && (mentions(raw, "type") || mentions(raw, "nil"))
}

/// Whether the element has an `xsi:type` attribute.
pub(super) fn has_xsi_type(resolver: &NamespaceResolver, e: &BytesStart<'_>) -> bool {
    may_have_xsi(e)
        && e.attributes().with_checks(false).flatten().any(|a| {
            let (ns, local) = resolver.resolve_attribute(a.key);
            local.into_inner() == "type" && matches!(ns, ResolveResult::Bound(ns) if ns.0 == XSI)
        })
}

impl Validator<'_> {
    /// Reads `xsi:type` and `xsi:nil` and checks the attributes; the mode the element is then
    /// validated in.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn xsi_and_attributes(
        &mut self,
        resolver: &NamespaceResolver,
        e: &BytesStart<'_>,
        decl: Option<ElemId>,
        declared: TypeRef,
        frame: &mut Frame,
        written: &str,
        at: u64,
    ) -> Mode {
        let schema = self.schema;
        let decl_info = decl.and_then(|d| schema.elements.get(d));
        if decl_info.is_some_and(|d| d.is_abstract) {
            self.error(
                at,
                format!("<{written}> is declared abstract: use a member of its substitution group"),
            );
        }
        let mut ty = declared;
        let mut nil = None;
        let mut attributes = e.attributes();
        attributes.with_checks(false);
        let attributes = may_have_xsi(e).then_some(attributes);
        for attribute in attributes.into_iter().flatten().flatten() {
            let (resolved, local) = resolver.resolve_attribute(attribute.key);
            let is_xsi = matches!(resolved, ResolveResult::Bound(ns) if ns.0 == XSI);
            if !is_xsi {
                continue;
            }
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            match local.into_inner() {
                "type" => {
                    let value = value.trim();
                    let (prefix, name_local) = value.split_once(':').unwrap_or(("", value));
                    let ns = match resolver
                        .resolve_element(quick_xml::name::QName(if prefix.is_empty() {
                            name_local
                        } else {
                            value
                        }))
                        .0
                    {
                        ResolveResult::Bound(ns) => Some(ns.0.to_string()),
                        _ => None,
                    };
                    let found = self
                        .name_of(ns.as_deref(), name_local)
                        .and_then(|n| schema.types.get(&n).copied().or_else(|| builtin_named(schema, n)));
                    let Some(found) = found else {
                        self.error(at, format!("xsi:type '{value}' names no type of the schema"));
                        return Mode::Skip;
                    };
                    let blocked = decl_info.map_or(0, |d| d.block)
                        | match declared {
                            TypeRef::Complex(c) => schema.complex.get(c).map_or(0, |c| c.block),
                            _ => 0,
                        };
                    if !schema.derives(found, declared, blocked & (deriv::EXTENSION | deriv::RESTRICTION)) {
                        self.error(
                            at,
                            match declared {
                                TypeRef::Simple(d) => format!(
                                    "xsi:type '{value}' does not derive from its declared type '{}'",
                                    schema.simple.get(d).map_or_else(String::new, |t| t.def.display_name())
                                ),
                                _ => format!("xsi:type '{value}' is not derived from the declared element type"),
                            },
                        );
                        return Mode::Skip;
                    }
                    if let TypeRef::Complex(c) = found
                        && schema.complex.get(c).is_some_and(|c| c.is_abstract)
                    {
                        self.error(at, format!("xsi:type '{value}' is an abstract type"));
                        return Mode::Skip;
                    }
                    ty = found;
                }
                "nil" => nil = Some(matches!(value.trim(), "true" | "1")),
                _ => {}
            }
        }
        if let TypeRef::Complex(c) = ty
            && ty == declared
            && schema.complex.get(c).is_some_and(|c| c.is_abstract)
        {
            self.error(
                at,
                format!(
                    "<{written}>: its type '{}' is abstract: name a derived type with xsi:type",
                    schema.type_name(ty)
                ),
            );
        }
        // cvc-elt 3.1: a declaration that is not nillable admits no xsi:nil at all, even "false".
        if let Some(is_nil) = nil {
            if !decl_info.is_some_and(|d| d.nillable) {
                let written_nil = if is_nil { "true" } else { "false" };
                self.error(
                    at,
                    format!("<{written}> is not nillable, yet has xsi:nil=\"{written_nil}\""),
                );
            } else if is_nil {
                frame.nil = true;
                if decl_info.is_some_and(|d| d.value.as_ref().is_some_and(|v| v.fixed)) {
                    self.error(at, format!("<{written}> has a fixed value and may not be nil"));
                }
            }
        }
        self.attributes(resolver, e, ty, written, at);
        Mode::Typed(ty)
    }
}

pub(super) fn builtin_named(schema: &Schema, name: NameId) -> Option<TypeRef> {
    if schema.names.ns(name) != Some(crate::xml::engine::model::tree::XSD) {
        return None;
    }
    if schema.names.local(name) == "anyType" {
        return Some(TypeRef::AnyType);
    }
    schema
        .simple
        .iter()
        .position(|s| s.name == Some(name))
        .map(TypeRef::Simple)
}
