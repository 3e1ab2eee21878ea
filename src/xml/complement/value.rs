//! Values against simple types: the engine checks one value against one type when it is given
//! a tiny document whose only element has that type (a probe), and nifcheck combines the
//! answers where the engine has no answer of its own (a union holds a value one of its members
//! accepts). Fixed values compare in the value space of their type's primitive: `01` is the
//! integer `1`, `true` is the boolean `1`.

use std::collections::HashMap;

use super::model::{Model, Simple, Type, TypeRef, XS, is_builtin};
use crate::xml::schema::{SchemaGraph, flat_name};
use crate::xml::{Uppsala, XsdEngine};

/// Unions nest at most this deep.
const MAX_NESTING: usize = 16;

/// One probe element per type that values are checked against.
pub(crate) struct Probes {
    engine: Uppsala,
    names: HashMap<TypeRef, String>,
}

impl Probes {
    /// Compiles probes for `types`; `None` when the probe schema does not load (values are then
    /// left to the engine alone).
    pub(crate) fn build(graph: &SchemaGraph, model: &Model, types: &[TypeRef]) -> Option<Probes> {
        let prefix = "nifcheck-xs";
        let mut text = format!("<{prefix}:schema xmlns:{prefix}=\"{XS}\">\n");
        for (i, doc) in graph.docs.iter().enumerate() {
            let location = flat_name(i);
            match crate::xml::stream::target_namespace(&doc.text) {
                Some(ns) => text.push_str(&format!(
                    "<{prefix}:import namespace=\"{}\" schemaLocation=\"{location}\"/>\n",
                    escape(&ns)
                )),
                None => text.push_str(&format!("<{prefix}:include schemaLocation=\"{location}\"/>\n")),
            }
        }
        let mut names = HashMap::new();
        for (k, type_ref) in types.iter().enumerate() {
            let name = format!("nifcheck-probe-{k}");
            match type_ref {
                TypeRef::Named((ns, local)) => {
                    let declare = ns
                        .as_deref()
                        .map(|n| format!(" xmlns:nifcheck-t=\"{}\"", escape(n)))
                        .unwrap_or_default();
                    let qname = if ns.is_some() {
                        format!("nifcheck-t:{local}")
                    } else {
                        local.clone()
                    };
                    text.push_str(&format!(
                        "<{prefix}:element name=\"{name}\" type=\"{qname}\"{declare}/>\n"
                    ));
                }
                TypeRef::Anonymous(i) => {
                    let source = model.sources.get(i)?;
                    let declarations: String = source
                        .namespaces
                        .iter()
                        .filter(|(p, _)| p != prefix)
                        .map(|(p, u)| {
                            let attribute = if p.is_empty() {
                                "xmlns".to_string()
                            } else {
                                format!("xmlns:{p}")
                            };
                            format!(" {attribute}=\"{}\"", escape(u))
                        })
                        .collect();
                    text.push_str(&format!(
                        "<{prefix}:element name=\"{name}\"{declarations}>{}</{prefix}:element>\n",
                        source.text
                    ));
                }
            }
            names.insert(type_ref.clone(), name);
        }
        text.push_str(&format!("</{prefix}:schema>\n"));
        let engine = Uppsala::build(graph, Some(text)).ok()?;
        Some(Probes { engine, names })
    }

    /// Whether the engine accepts `value` for a type; `None` when there is no probe for it.
    /// `scope` declares the payload's prefixes where the value sits (a QName value needs them).
    fn engine_accepts(&self, model: &Model, type_ref: &TypeRef, value: &str, scope: &str) -> Option<bool> {
        let name = self.names.get(type_ref)?;
        // A member type that does not keep white space sees the value collapsed, as it would
        // on its own.
        let value = match primitive(model, type_ref) {
            Some("string" | "normalizedString") => value.to_string(),
            _ => value.split_ascii_whitespace().collect::<Vec<_>>().join(" "),
        };
        let document = format!("<{name}{scope}>{}</{name}>", escape(&value));
        Some(self.engine.validate(&document).is_ok_and(|errors| errors.is_empty()))
    }

    /// Why a value is not valid for a type (unions included), or `None` when it is.
    pub(crate) fn why_not(&self, model: &Model, type_ref: &TypeRef, value: &str, scope: &str) -> Option<String> {
        if self.accepts_at(model, type_ref, value, scope, 0) {
            return None;
        }
        let members = |union: &TypeRef| match model.get(union) {
            Some(Type::Simple(Simple::Union(members))) => {
                let names: Vec<String> = members.iter().map(|m| model.label(m)).collect();
                format!(
                    "none of the member types of the union {} ({})",
                    model.label(union),
                    names.join(", ")
                )
            }
            _ => format!("not a valid {}", model.label(union)),
        };
        Some(match model.get(type_ref) {
            Some(Type::Simple(Simple::List(Some(item)))) => {
                let bad = value
                    .split_ascii_whitespace()
                    .find(|v| !self.accepts_at(model, item, v, scope, 1))
                    .unwrap_or(value);
                format!("its item '{bad}' is {}", members(item))
            }
            _ => format!("it is {}", members(type_ref)),
        })
    }

    fn accepts_at(&self, model: &Model, type_ref: &TypeRef, value: &str, scope: &str, depth: usize) -> bool {
        if depth > MAX_NESTING {
            return true;
        }
        match model.get(type_ref) {
            Some(Type::Simple(Simple::Union(members))) => members
                .iter()
                .any(|m| self.accepts_at(model, m, value, scope, depth + 1)),
            Some(Type::Simple(Simple::List(Some(item)))) if union_at_heart(model, item) => value
                .split_ascii_whitespace()
                .all(|v| self.accepts_at(model, item, v, scope, depth + 1)),
            _ => self.engine_accepts(model, type_ref, value, scope).unwrap_or(true),
        }
    }
}

/// Whether a type's values are checked through a union (the engine does not check them).
pub(crate) fn union_at_heart(model: &Model, type_ref: &TypeRef) -> bool {
    let mut at = type_ref;
    for _ in 0..MAX_NESTING {
        match model.get(at) {
            Some(Type::Simple(Simple::Union(_))) => return true,
            Some(Type::Simple(Simple::List(Some(item)))) => at = item,
            Some(Type::Simple(Simple::Restriction(Some(base)))) => at = base,
            _ => return false,
        }
    }
    false
}

/// The built-in type a type restricts, directly or not.
pub(crate) fn primitive<'m>(model: &'m Model, type_ref: &'m TypeRef) -> Option<&'m str> {
    let mut at = type_ref;
    for _ in 0..MAX_NESTING {
        if let TypeRef::Named((_, local)) = at
            && is_builtin(at)
        {
            return Some(local);
        }
        match model.get(at)? {
            Type::Simple(Simple::Restriction(Some(base))) => at = base,
            _ => return None,
        }
    }
    None
}

/// Whether two lexical forms are the same value of a built-in type.
pub(crate) fn same_value(builtin: Option<&str>, a: &str, b: &str) -> bool {
    let collapse = |s: &str| s.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    match builtin {
        Some("string") => a == b,
        Some("normalizedString") => a.replace(['\t', '\n', '\r'], " ") == b.replace(['\t', '\n', '\r'], " "),
        Some("boolean") => {
            let truth = |s: &str| match s.trim() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            };
            truth(a).is_some() && truth(a) == truth(b)
        }
        Some("float" | "double") => match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
            (Ok(x), Ok(y)) => x == y || (x.is_nan() && y.is_nan()),
            _ => collapse(a) == collapse(b),
        },
        Some(t) if is_decimal(t) => match (decimal(a), decimal(b)) {
            (Some(x), Some(y)) => x == y,
            _ => collapse(a) == collapse(b),
        },
        _ => collapse(a) == collapse(b),
    }
}

pub(crate) fn is_decimal(builtin: &str) -> bool {
    matches!(
        builtin,
        "decimal"
            | "integer"
            | "long"
            | "int"
            | "short"
            | "byte"
            | "nonNegativeInteger"
            | "positiveInteger"
            | "nonPositiveInteger"
            | "negativeInteger"
            | "unsignedLong"
            | "unsignedInt"
            | "unsignedShort"
            | "unsignedByte"
    )
}

/// One canonical text per number: `01`, `1.0` and `+1` are all `1`; `None` for a text that is
/// not a decimal or a float.
pub(crate) fn canonical_number(text: &str) -> Option<String> {
    if let Some((negative, whole, fraction)) = decimal(text) {
        let sign = if negative { "-" } else { "" };
        let whole = if whole.is_empty() { "0" } else { &whole };
        return Some(if fraction.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{fraction}")
        });
    }
    let number: f64 = text.trim().parse().ok()?;
    Some(format!("{number:?}"))
}

/// A decimal's canonical form: sign, digits without leading zeros, fraction without trailing
/// zeros.
fn decimal(text: &str) -> Option<(bool, String, String)> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole = whole.trim_start_matches('0').to_string();
    let fraction = fraction.trim_end_matches('0').to_string();
    let zero = whole.is_empty() && fraction.is_empty();
    Some((negative && !zero, whole, fraction))
}

/// Text made safe inside an attribute value or element content.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::same_value;

    #[test]
    fn fixed_values_compare_in_the_value_space() {
        assert!(same_value(Some("int"), "01", "1"));
        assert!(same_value(Some("decimal"), "1.50", "+1.5"));
        assert!(same_value(Some("decimal"), "-0.0", "0"));
        assert!(!same_value(Some("decimal"), "1.5", "15"));
        assert!(same_value(Some("boolean"), "true", "1"));
        assert!(!same_value(Some("boolean"), "true", "0"));
        assert!(same_value(Some("double"), "1e2", "100"));
        assert!(same_value(Some("token"), " a  b ", "a b"));
        assert!(!same_value(Some("string"), " a", "a"));
    }

    #[test]
    fn numbers_have_one_canonical_text() {
        use super::canonical_number;
        assert_eq!(canonical_number("01").as_deref(), Some("1"));
        assert_eq!(canonical_number("+1.0").as_deref(), Some("1"));
        assert_eq!(canonical_number("-0.50").as_deref(), Some("-0.5"));
        assert_eq!(canonical_number(".5").as_deref(), Some("0.5"));
        assert_eq!(canonical_number("1e2"), canonical_number("100.0E0"));
        assert_eq!(canonical_number("abc"), None);
    }
}
