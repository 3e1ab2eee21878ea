//! Simple content and values: an ending element's value against its simple type, `nil`,
//! default and fixed values, and the messages that say why a value is not valid.

use quick_xml::name::{NamespaceResolver, QName, ResolveResult};

use super::{Frame, Validator, keys};
use crate::xml::engine::model::{Content, Schema, SimpleId, TypeRef, ValueConstraint};
use crate::xml::engine::types::{Namespaces, SimpleType, Value, Variety as TypeVariety};

/// Characters of a value the simple types quote in their messages.
const QUOTED_VALUE: usize = 60;

impl Validator<'_> {
    /// Checks an ending element; its typed simple value, if it has one.
    pub(super) fn finish(
        &mut self,
        resolver: &NamespaceResolver,
        frame: &Frame,
        ty: TypeRef,
        at: u64,
    ) -> Option<keys::Field> {
        let schema = self.schema;
        // Named only in messages, so only when there is one.
        let name = || {
            frame
                .decl
                .and_then(|d| schema.elements.get(d))
                .map_or_else(String::new, |d| schema.display(d.name))
        };
        if frame.nil {
            if frame.has_children || !frame.text.trim().is_empty() {
                self.error(
                    frame.start,
                    format!("<{}> has xsi:nil=\"true\" and so must be empty", name()),
                );
            }
            return None;
        }
        if let Some(model) = schema.content_model(ty)
            && !model.complete(&frame.slots)
        {
            let mut required = Vec::new();
            model.required(&frame.slots, &mut required);
            let names = self.leaf_names(ty, &required);
            self.error(
                at,
                format!("<{}> is incomplete: missing {names} before its end tag", name()),
            );
        }
        let value_constraint = frame
            .decl
            .and_then(|d| schema.elements.get(d))
            .and_then(|d| d.value.as_ref());
        let simple = simple_of(schema, ty);
        let defaulted = frame.text.is_empty() && !frame.has_children && value_constraint.is_some();
        let value = match simple {
            Some(simple) if !defaulted => {
                self.ids
                    .value(schema, simple, &frame.text, frame.start, &mut self.errors);
                // The typed value is built only when something compares it.
                let keep = self.keys.active() || value_constraint.is_some_and(|v| v.fixed);
                self.check_value(
                    resolver,
                    simple,
                    &frame.text,
                    &|| format!("<{}>: value {{v}}", name()),
                    frame.start,
                    keep,
                )
            }
            _ => None,
        };
        if defaulted
            && let Some(default) = value_constraint
            && let Some(s) = simple
        {
            // The default (or fixed) value stands for the empty element: it must be valid for
            // the element's actual type (an xsi:type may have changed it).
            let bindings: Vec<(String, String)> = default
                .scope
                .iter()
                .map(|(p, n)| (p.to_string(), n.to_string()))
                .collect();
            if let Some(Err(error)) = schema.simple.get(s).map(|t| t.def.validate(&default.text, &bindings)) {
                self.error(
                    frame.start,
                    format!("<{}> (its default value): {}", name(), error.message),
                );
            }
        }
        if value_constraint.is_some_and(|v| v.fixed) && frame.has_children {
            self.error(
                frame.start,
                format!("<{}> has a fixed value and so may hold no elements", name()),
            );
        }
        if let Some(fixed) = value_constraint.filter(|v| v.fixed)
            && !frame.has_children
            && !defaulted
        {
            let expected = simple.and_then(|s| fixed_value(schema, s, fixed));
            let differs = match (&value, expected) {
                (Some(v), Some(e)) => *v != e,
                _ => collapse(&frame.text) != collapse(&fixed.text),
            };
            if differs {
                let name = name();
                self.error(
                    frame.start,
                    format!(
                        "<{name}> must have the fixed value '{}', not '{}'",
                        fixed.text,
                        frame.text.trim()
                    ),
                );
            }
        }
        if !self.keys.active() {
            return None;
        }
        if defaulted {
            let default = value_constraint?;
            let def = &schema.simple.get(simple?)?.def;
            let bindings: Vec<(String, String)> = default
                .scope
                .iter()
                .map(|(p, n)| (p.to_string(), n.to_string()))
                .collect();
            return def
                .validate(&default.text, &bindings)
                .ok()
                .map(|v| (v, default.text.clone()));
        }
        value.map(|v| (v, frame.text.clone()))
    }
}

/// The simple type of an element's content, for simple types and simple content.
pub(super) fn simple_of(schema: &Schema, ty: TypeRef) -> Option<SimpleId> {
    match ty {
        TypeRef::Simple(s) => Some(s),
        TypeRef::Complex(c) => match schema.complex.get(c).map(|c| &c.content) {
            Some(Content::Simple(s)) => Some(*s),
            _ => None,
        },
        TypeRef::AnyType => None,
    }
}

/// A simple type's message with the value it starts by replaced by `it`.
pub(super) fn strip_value(message: &str) -> String {
    if let Some(rest) = message.strip_prefix('\'')
        && let Some(end) = rest.find("' ")
    {
        return format!("it {}", &rest[end + 2..]);
    }
    message.to_string()
}

/// The instance's namespace bindings, for QName values.
pub(super) struct InstanceNamespaces<'r>(&'r NamespaceResolver);

impl Namespaces for InstanceNamespaces<'_> {
    fn resolve(&self, prefix: &str) -> Option<&str> {
        // A name with the prefix resolves like an element name: the default namespace for "".
        let probe = if prefix.is_empty() {
            "x".to_string()
        } else {
            format!("{prefix}:x")
        };
        match self.0.resolve_element(QName(&probe)).0 {
            ResolveResult::Bound(ns) => Some(ns.0),
            _ => None,
        }
    }
}

impl Validator<'_> {
    /// Why a value is not valid, as `is not valid: it is …`: a union names its members, a list
    /// the item that fails.
    pub(super) fn reason(&self, def: &SimpleType, text: &str, message: &str) -> String {
        let because = match def.variety() {
            TypeVariety::Union(members) => format!(
                "it is none of the member types of the union {} ({})",
                def.display_name(),
                members
                    .iter()
                    .map(|m| m.display_name().replace("an anonymous restriction", "a restriction"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TypeVariety::List(item) => {
                let failing = text
                    .split_whitespace()
                    .find(|i| item.validate(i, &crate::xml::engine::types::NoNamespaces).is_err());
                match failing {
                    Some(bad) => {
                        let inner = self.reason(item, bad, "");
                        let inner = inner.strip_prefix("is not valid: it ").unwrap_or(inner.as_str());
                        format!("its item '{bad}' {inner}")
                    }
                    None => strip_value(message),
                }
            }
            TypeVariety::Atomic(_) => strip_value(message),
        };
        format!("is not valid: {because}")
    }

    /// Checks a value of simple type `ty`; its typed value when valid and `keep` asks for it.
    /// `subject` names the value in a message, `{v}` standing for the value.
    pub(super) fn check_value(
        &mut self,
        resolver: &NamespaceResolver,
        ty: SimpleId,
        text: &str,
        subject: &dyn Fn() -> String,
        at: u64,
        keep: bool,
    ) -> Option<Value> {
        let def = &self.schema.simple.get(ty)?.def;
        let namespaces = InstanceNamespaces(resolver);
        let checked = if keep {
            def.validate(text, &namespaces).map(Some)
        } else {
            def.check(text, &namespaces).map(|()| None)
        };
        match checked {
            Ok(value) => value,
            Err(error) => {
                let reason = self.reason(def, text, &error.message);
                let quoted = crate::xml::engine::types::quote(text.trim());
                // A long value is quoted clipped; say how much was left out, as findings do.
                let length = text.trim().chars().count();
                let left_out = if length > QUOTED_VALUE {
                    format!(" ({} more characters)", length - QUOTED_VALUE)
                } else {
                    String::new()
                };
                self.error(
                    at,
                    format!("{} {reason}{left_out}", subject().replacen("{v}", &quoted, 1)),
                );
                None
            }
        }
    }
}

/// White space collapsed, for comparisons of fixed values.
/// A fixed value as a value of `ty`, read with the namespaces in scope where it was declared,
/// so that a document's value is compared with it as a value (`1.00` is the fixed decimal `1.0`).
pub(super) fn fixed_value(schema: &Schema, ty: SimpleId, fixed: &ValueConstraint) -> Option<Value> {
    let bindings: Vec<(String, String)> = fixed
        .scope
        .iter()
        .map(|(p, n)| (p.to_string(), n.to_string()))
        .collect();
    schema.simple.get(ty)?.def.validate(&fixed.text, &bindings).ok()
}

pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
