//! The effective facets of a simple type (its own merged over its base's) and how a value is
//! checked against them; `restrict` builds them when a schema is read (facet values parsed,
//! patterns compiled, once per type).

use super::regex::XsdRegex;
use super::{FacetKind, Value, ValueError, WhiteSpace, quote};
use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

mod restrict;

/// A facet value and whether derived types must keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fixable<T> {
    pub value: T,
    pub fixed: bool,
}

/// A range facet: the value in the type's value space, and as written (for messages).
#[derive(Debug, Clone)]
pub(crate) struct Bound {
    pub value: Value,
    pub lexical: String,
    pub fixed: bool,
}

/// The enumerated values of one restriction, and how they were written. Code lists can be
/// long (UN/ECE unit codes have some two thousand), so beyond a few values they are looked
/// up in hash sets: by value, and by text when the values are strings.
#[derive(Debug)]
pub(crate) struct Enumeration {
    values: Vec<Value>,
    written: Vec<String>,
    by_value: Option<HashSet<Value>>,
    by_text: Option<HashSet<String>>,
}

/// Enumerations longer than this are indexed.
const INDEXED_FROM: usize = 8;

/// The facets in force on a type.
#[derive(Debug, Clone)]
pub(crate) struct Facets {
    pub length: Option<Fixable<usize>>,
    pub min_length: Option<Fixable<usize>>,
    pub max_length: Option<Fixable<usize>>,
    /// One entry per derivation step that has patterns: each must match (the patterns of
    /// one step are branches of one expression).
    pub patterns: Vec<Arc<XsdRegex>>,
    pub enumeration: Option<Arc<Enumeration>>,
    pub whitespace: Fixable<WhiteSpace>,
    pub min_inclusive: Option<Bound>,
    pub min_exclusive: Option<Bound>,
    pub max_inclusive: Option<Bound>,
    pub max_exclusive: Option<Bound>,
    pub total_digits: Option<Fixable<usize>>,
    pub fraction_digits: Option<Fixable<usize>>,
}

impl Default for Facets {
    fn default() -> Facets {
        Facets {
            length: None,
            min_length: None,
            max_length: None,
            patterns: Vec::new(),
            enumeration: None,
            whitespace: Fixable {
                value: WhiteSpace::Preserve,
                fixed: false,
            },
            min_inclusive: None,
            min_exclusive: None,
            max_inclusive: None,
            max_exclusive: None,
            total_digits: None,
            fraction_digits: None,
        }
    }
}

impl Facets {
    /// The facets of a list type: its whitespace is collapse, and cannot change.
    pub(crate) fn for_list() -> Facets {
        Facets {
            whitespace: Fixable {
                value: WhiteSpace::Collapse,
                fixed: true,
            },
            ..Facets::default()
        }
    }

    /// The facets of a union type: none until a restriction adds patterns or enumerations.
    pub(crate) fn for_union() -> Facets {
        Facets {
            whitespace: Fixable {
                value: WhiteSpace::Collapse,
                fixed: true,
            },
            ..Facets::default()
        }
    }

    /// Checks `value` (whose whitespace-processed literal is `text`) against every facet.
    /// Messages are formatted only on failure.
    pub(crate) fn check(&self, text: &str, value: &Value) -> Result<(), ValueError> {
        self.check_text_facets(text, || length_of(value), |listed| listed.contains(value))?;
        self.check_bounds(text, value)?;
        if let Value::Decimal(decimal) = value {
            if let Some(total) = self.total_digits
                && decimal.total_digits() > total.value
            {
                return Err(fail(
                    FacetKind::TotalDigits,
                    format!("{} has more than totalDigits {} digits", quote(text), total.value),
                ));
            }
            if let Some(fraction) = self.fraction_digits
                && decimal.fraction_digits() > fraction.value
            {
                return Err(fail(
                    FacetKind::FractionDigits,
                    format!(
                        "{} has more than fractionDigits {} digits after the point",
                        quote(text),
                        fraction.value
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Checks a value of a string type (its value is `text` itself) without building it.
    pub(crate) fn check_string(&self, text: &str) -> Result<(), ValueError> {
        self.check_text_facets(
            text,
            || Some((text.chars().count(), "characters")),
            |listed| listed.contains_text(text),
        )
    }

    /// The facets every variety has: the length facets, patterns and enumeration. The length
    /// and the enumeration test are asked for only when a facet needs them.
    fn check_text_facets(
        &self,
        text: &str,
        length: impl FnOnce() -> Option<(usize, &'static str)>,
        enumerated: impl FnOnce(&Enumeration) -> bool,
    ) -> Result<(), ValueError> {
        if (self.length.is_some() || self.min_length.is_some() || self.max_length.is_some())
            && let Some((length, unit)) = length()
        {
            self.check_length(text, length, unit)?;
        }
        for regex in &self.patterns {
            if !regex.is_match(text) {
                return Err(fail(
                    FacetKind::Pattern,
                    format!("{} does not match the pattern {}", quote(text), regex.written()),
                ));
            }
        }
        if let Some(enumeration) = &self.enumeration
            && !enumerated(enumeration)
        {
            return Err(fail(
                FacetKind::Enumeration,
                format!(
                    "{} is not one of the enumerated values {}",
                    quote(text),
                    enumeration.listed()
                ),
            ));
        }
        Ok(())
    }

    fn check_length(&self, text: &str, length: usize, unit: &str) -> Result<(), ValueError> {
        let quoted = || quote(text);
        if let Some(exact) = self.length
            && length != exact.value
        {
            return Err(fail(
                FacetKind::Length,
                format!("{} has {length} {unit}, not length {}", quoted(), exact.value),
            ));
        }
        if let Some(min) = self.min_length
            && length < min.value
        {
            return Err(fail(
                FacetKind::MinLength,
                format!("{} is shorter than minLength {} ({length} {unit})", quoted(), min.value),
            ));
        }
        if let Some(max) = self.max_length
            && length > max.value
        {
            return Err(fail(
                FacetKind::MaxLength,
                format!("{} is longer than maxLength {} ({length} {unit})", quoted(), max.value),
            ));
        }
        Ok(())
    }

    fn check_bounds(&self, text: &str, value: &Value) -> Result<(), ValueError> {
        use Ordering::*;
        let checks: [(&Option<Bound>, FacetKind, &[Ordering], &str); 4] = [
            (
                &self.min_inclusive,
                FacetKind::MinInclusive,
                &[Greater, Equal],
                "is less than",
            ),
            (
                &self.min_exclusive,
                FacetKind::MinExclusive,
                &[Greater],
                "is not greater than",
            ),
            (
                &self.max_inclusive,
                FacetKind::MaxInclusive,
                &[Less, Equal],
                "is greater than",
            ),
            (
                &self.max_exclusive,
                FacetKind::MaxExclusive,
                &[Less],
                "is not less than",
            ),
        ];
        for (bound, kind, allowed, relation) in checks {
            let Some(bound) = bound else { continue };
            match value.partial_cmp_value(&bound.value) {
                Some(order) if allowed.contains(&order) => {}
                Some(_) => {
                    return Err(fail(
                        kind,
                        format!("{} {relation} {} {}", quote(text), kind.local_name(), bound.lexical),
                    ));
                }
                None => {
                    return Err(fail(
                        kind,
                        format!(
                            "{} cannot be compared with {} {} (a time zone on one side only?)",
                            quote(text),
                            kind.local_name(),
                            bound.lexical
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

impl Enumeration {
    fn new(values: Vec<Value>, written: Vec<String>) -> Enumeration {
        let indexed = values.len() > INDEXED_FROM;
        let by_value = indexed.then(|| values.iter().cloned().collect());
        let by_text = indexed
            .then(|| {
                values
                    .iter()
                    .map(|v| match v {
                        Value::String(s) | Value::AnyUri(s) | Value::Untyped(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect::<Option<HashSet<String>>>()
            })
            .flatten();
        Enumeration {
            values,
            written,
            by_value,
            by_text,
        }
    }

    fn contains(&self, value: &Value) -> bool {
        match &self.by_value {
            Some(index) => index.contains(value),
            None => self.values.contains(value),
        }
    }

    /// Whether a value of a string type, given as its text, is enumerated.
    fn contains_text(&self, text: &str) -> bool {
        match &self.by_text {
            Some(index) => index.contains(text),
            None => self.values.iter().any(|v| match v {
                Value::String(s) | Value::AnyUri(s) | Value::Untyped(s) => s == text,
                _ => false,
            }),
        }
    }

    /// The values as written in the schema.
    pub(crate) fn written(&self) -> &[String] {
        &self.written
    }

    /// The values as written, a few of them, for a message.
    fn listed(&self) -> String {
        const SHOWN: usize = 8;
        let mut listed: Vec<String> = self.written.iter().take(SHOWN).map(|w| quote(w)).collect();
        if self.written.len() > SHOWN {
            listed.push(format!("… ({} in all)", self.written.len()));
        }
        listed.join(", ")
    }
}

/// What the length facets count in a value, and its unit; `None` for the values they do not
/// constrain (QName and NOTATION, Part 2 errata E2-36).
fn length_of(value: &Value) -> Option<(usize, &'static str)> {
    match value {
        Value::String(s) | Value::Untyped(s) | Value::AnyUri(s) => Some((s.chars().count(), "characters")),
        Value::HexBinary(octets) | Value::Base64Binary(octets) => Some((octets.len(), "octets")),
        Value::List(items) => Some((items.len(), "items")),
        _ => None,
    }
}

fn fail(facet: FacetKind, message: String) -> ValueError {
    ValueError {
        message,
        facet: Some(facet),
    }
}
