//! Attributes of one element against its type: declared uses (required, fixed), the attribute
//! wildcard, and nothing else; `xsi:*` attributes are the validator's own.

use quick_xml::events::BytesStart;
use quick_xml::name::{NamespaceResolver, ResolveResult};

use super::{Validator, XSI};
use crate::xml::engine::model::simple_variety::{IdKind, id_kind};
use crate::xml::engine::model::{NameId, Process, SimpleId, TypeRef, ValueConstraint};
use crate::xml::scan::has_attributes;

impl Validator<'_> {
    pub(super) fn attributes(
        &mut self,
        resolver: &NamespaceResolver,
        e: &BytesStart<'_>,
        ty: TypeRef,
        written: &str,
        at: u64,
    ) {
        let schema = self.schema;
        let complex = match ty {
            TypeRef::Complex(c) => schema.complex.get(c),
            TypeRef::AnyType => return,
            TypeRef::Simple(_) => None,
        };
        let uses = complex.map_or(&[][..], |c| c.attributes.as_slice());
        let mut seen = std::mem::take(&mut self.seen_uses);
        seen.clear();
        seen.resize(uses.len(), false);
        // Attributes of an ID type that the wildcard let in (cvc-complex-type 5).
        let mut wildcard_ids = 0;
        // The scan has checked the attributes (well-formed, none twice).
        let mut attributes = e.attributes();
        attributes.with_checks(false);
        let attributes = has_attributes(e).then_some(attributes);
        for attribute in attributes.into_iter().flatten().flatten() {
            let key = attribute.key.0;
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let (resolved, local) = resolver.resolve_attribute(attribute.key);
            let ns = match resolved {
                ResolveResult::Bound(ns) => Some(ns.0),
                _ => None,
            };
            if ns == Some(XSI) {
                continue;
            }
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap_or_default();
            let value = value.as_ref();
            let name = self.name_of(ns, local.into_inner());
            if let Some(i) = name.and_then(|n| uses.iter().position(|u| u.name == n)) {
                seen[i] = true;
                let used = &uses[i];
                self.ids.value(schema, used.ty, value, at, &mut self.errors);
                let fixed = used.value.as_ref().filter(|v| v.fixed);
                let keep = fixed.is_some() || self.attribute_values.is_some();
                let subject = || format!("{{v}} of attribute '{key}'");
                let typed = self.check_value(resolver, used.ty, value, &subject, at, keep);
                if let Some(fixed) = fixed {
                    // Compared as values: `1.00` is the fixed decimal `1.0`.
                    let expected = super::simple::fixed_value(schema, used.ty, fixed);
                    let differs = match (&typed, expected) {
                        (Some(v), Some(e)) => *v != e,
                        (None, _) => false,
                        _ => super::simple::collapse(value) != super::simple::collapse(&fixed.text),
                    };
                    if differs {
                        self.error(
                            at,
                            format!(
                                "attribute '{key}' of <{written}> must have the fixed value '{}', not '{value}'",
                                fixed.text
                            ),
                        );
                    }
                }
                self.keep_attribute(ns, local.into_inner(), typed, value);
                continue;
            }
            let wildcard = complex.and_then(|c| c.any_attribute.as_ref());
            match wildcard {
                Some(w) if w.allows(ns) => {
                    let global = name.and_then(|n| schema.global_attributes.get(&n));
                    match (w.process, global) {
                        (Process::Skip, _) => {}
                        (_, Some((ty, _))) => {
                            if id_kind(schema, *ty) == Some(IdKind::Id) {
                                wildcard_ids += 1;
                            }
                            self.ids.value(schema, *ty, value, at, &mut self.errors);
                            let keep = self.attribute_values.is_some();
                            let subject = || format!("{{v}} of attribute '{key}'");
                            let typed = self.check_value(resolver, *ty, value, &subject, at, keep);
                            self.keep_attribute(ns, local.into_inner(), typed, value);
                        }
                        (Process::Lax, None) => {}
                        (Process::Strict, None) => {
                            self.error(
                                at,
                                format!(
                                    "attribute '{key}' of <{written}> is not declared, as the wildcard here requires"
                                ),
                            );
                        }
                    }
                }
                _ => self.error(at, format!("attribute '{key}' is not allowed on <{written}>")),
            }
        }
        for (used, present) in uses.iter().zip(&seen) {
            if used.required && !present {
                let name = schema.display(used.name);
                self.error(at, format!("Required attribute '{name}' is missing on <{written}>"));
            }
            if !present && let Some(supplied) = &used.value {
                self.defaulted_attribute(used.name, used.ty, supplied, at);
            }
        }
        self.seen_uses = seen;
        if wildcard_ids > 1 {
            self.error(
                at,
                format!("<{written}> has {wildcard_ids} attributes of type ID matched by its attribute wildcard; at most one is allowed"),
            );
        } else if wildcard_ids == 1 && uses.iter().any(|u| id_kind(schema, u.ty) == Some(IdKind::Id)) {
            self.error(
                at,
                format!("<{written}> has an attribute of type ID matched by its attribute wildcard, though its type declares an ID attribute"),
            );
        }
    }
}

impl Validator<'_> {
    /// An attribute the element leaves out but whose declaration supplies a value (`default`
    /// or `fixed`): the value takes part in the ID/IDREF checks and the identity constraints
    /// as if written (Part 1 §3.4.5: it is in the post-schema-validation infoset).
    fn defaulted_attribute(&mut self, name: NameId, ty: SimpleId, supplied: &ValueConstraint, at: u64) {
        let schema = self.schema;
        self.ids.value(schema, ty, &supplied.text, at, &mut self.errors);
        if self.attribute_values.is_none() {
            return;
        }
        let bindings: Vec<(String, String)> = supplied
            .scope
            .iter()
            .map(|(p, n)| (p.to_string(), n.to_string()))
            .collect();
        let typed = schema
            .simple
            .get(ty)
            .and_then(|t| t.def.validate(&supplied.text, &bindings).ok());
        self.keep_attribute(schema.names.ns(name), schema.names.local(name), typed, &supplied.text);
    }

    /// Keeps a typed attribute value for identity constraints, when they read this element.
    fn keep_attribute(
        &mut self,
        ns: Option<&str>,
        local: &str,
        typed: Option<crate::xml::engine::types::Value>,
        text: &str,
    ) {
        if let Some(kept) = self.attribute_values.as_mut() {
            kept.push((
                ns.map(str::to_string),
                local.to_string(),
                typed.map(|v| (v, text.to_string())),
            ));
        }
    }
}
