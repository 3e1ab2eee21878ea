//! Simple types of XSD 1.0 (Part 2): the built-ins, restrictions by facets, lists and unions,
//! and the validation of a literal into a typed value. A type is built once (facet values
//! parsed, patterns compiled) when the schema is read; `validate` then only reads it, so the
//! same `Arc<SimpleType>` serves every thread and every value.

pub mod builtin;
pub mod facets;
pub mod lexical;
pub mod regex;
pub mod value;

pub use builtin::Builtin;
pub use value::Value;

use facets::Facets;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// The XML Schema namespace, the namespace of every built-in type.
pub const XS_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema";

/// Resolves prefixes in QName and NOTATION values, in the context where the value appears
/// (`""` is the default namespace). `None` when the prefix is not declared.
pub trait Namespaces {
    /// The namespace name bound to `prefix`.
    fn resolve(&self, prefix: &str) -> Option<&str>;
}

/// Bindings as `(prefix, namespace)` pairs, the last binding of a prefix winning (inner
/// declarations are pushed after outer ones).
impl Namespaces for [(String, String)] {
    fn resolve(&self, prefix: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, uri)| uri.as_str())
    }
}

impl Namespaces for Vec<(String, String)> {
    fn resolve(&self, prefix: &str) -> Option<&str> {
        self.as_slice().resolve(prefix)
    }
}

/// No prefix declared (types without QName values need no context).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNamespaces;

impl Namespaces for NoNamespaces {
    fn resolve(&self, _prefix: &str) -> Option<&str> {
        None
    }
}

/// The constraining facets of XSD 1.0 Part 2 §4.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // Each variant is the facet of the same name.
pub enum FacetKind {
    Length,
    MinLength,
    MaxLength,
    Pattern,
    Enumeration,
    WhiteSpace,
    MaxInclusive,
    MaxExclusive,
    MinInclusive,
    MinExclusive,
    TotalDigits,
    FractionDigits,
}

impl FacetKind {
    /// The facet of an element name in the XML Schema namespace (`"maxLength"`).
    pub fn from_local_name(name: &str) -> Option<FacetKind> {
        use FacetKind::*;
        [
            Length,
            MinLength,
            MaxLength,
            Pattern,
            Enumeration,
            WhiteSpace,
            MaxInclusive,
            MaxExclusive,
            MinInclusive,
            MinExclusive,
            TotalDigits,
            FractionDigits,
        ]
        .into_iter()
        .find(|k| k.local_name() == name)
    }

    /// The element name of the facet, as messages show it.
    pub fn local_name(self) -> &'static str {
        match self {
            FacetKind::Length => "length",
            FacetKind::MinLength => "minLength",
            FacetKind::MaxLength => "maxLength",
            FacetKind::Pattern => "pattern",
            FacetKind::Enumeration => "enumeration",
            FacetKind::WhiteSpace => "whiteSpace",
            FacetKind::MaxInclusive => "maxInclusive",
            FacetKind::MaxExclusive => "maxExclusive",
            FacetKind::MinInclusive => "minInclusive",
            FacetKind::MinExclusive => "minExclusive",
            FacetKind::TotalDigits => "totalDigits",
            FacetKind::FractionDigits => "fractionDigits",
        }
    }
}

/// One facet as a restriction writes it: the value is parsed against the base type when the
/// restriction is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetSpec {
    /// Which facet.
    pub kind: FacetKind,
    /// The `value` attribute, as written.
    pub value: String,
    /// The `fixed` attribute: derived types may not change the value.
    pub fixed: bool,
    /// The namespace bindings in scope of the facet element, for QName and NOTATION values
    /// of an enumeration (or a range facet of a type whose values are QNames).
    pub namespaces: Vec<(String, String)>,
}

impl FacetSpec {
    /// A facet that is not fixed and needs no namespace bindings.
    pub fn new(kind: FacetKind, value: impl Into<String>) -> FacetSpec {
        FacetSpec {
            kind,
            value: value.into(),
            fixed: false,
            namespaces: Vec::new(),
        }
    }
}

/// Whitespace processing (Part 2 §4.3.6), weakest first: a restriction may only strengthen it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WhiteSpace {
    /// Kept as written.
    Preserve,
    /// Tab, line feed and carriage return become spaces.
    Replace,
    /// Replaced, then runs of spaces become one and leading and trailing spaces go.
    Collapse,
}

impl WhiteSpace {
    /// The value of a `whiteSpace` facet.
    pub fn from_value(value: &str) -> Option<WhiteSpace> {
        match value {
            "preserve" => Some(WhiteSpace::Preserve),
            "replace" => Some(WhiteSpace::Replace),
            "collapse" => Some(WhiteSpace::Collapse),
            _ => None,
        }
    }

    /// `text` processed; borrowed when nothing changes, which is the common case.
    pub fn normalize(self, text: &str) -> Cow<'_, str> {
        let is_xml_space = |c: char| matches!(c, '\t' | '\n' | '\r');
        match self {
            WhiteSpace::Preserve => Cow::Borrowed(text),
            WhiteSpace::Replace if !text.contains(is_xml_space) => Cow::Borrowed(text),
            WhiteSpace::Replace => Cow::Owned(text.replace(is_xml_space, " ")),
            WhiteSpace::Collapse => {
                let bytes = text.as_bytes();
                let clean = !text.contains(is_xml_space)
                    && bytes.first() != Some(&b' ')
                    && bytes.last() != Some(&b' ')
                    && !crate::xml::scan::mentions(text, "  ");
                if clean {
                    return Cow::Borrowed(text);
                }
                let mut out = String::with_capacity(text.len());
                for word in text.split([' ', '\t', '\n', '\r']).filter(|w| !w.is_empty()) {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
                Cow::Owned(out)
            }
        }
    }
}

/// The derivations a type forbids (its `final`, or the schema's `finalDefault`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Final {
    /// No restriction of this type.
    pub restriction: bool,
    /// No list of this type.
    pub list: bool,
    /// No union with this type as a member.
    pub union: bool,
}

/// Atomic, list or union (Part 2 §2.5.1).
#[derive(Debug, Clone)]
pub enum Variety {
    /// Values of one primitive; the built-in is the nearest built-in ancestor (itself for a
    /// built-in type), which decides the lexical space.
    Atomic(Builtin),
    /// Space-separated items of the item type.
    List(Arc<SimpleType>),
    /// The first member type, in order, that accepts the literal.
    Union(Vec<Arc<SimpleType>>),
}

/// How a type was made from its base, for messages about anonymous types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Derivation {
    Restriction,
    List,
    Union,
}

/// A simple type definition, ready to validate.
#[derive(Debug, Clone)]
pub struct SimpleType {
    name: Option<(String, String)>,
    variety: Variety,
    derivation: Derivation,
    /// The base type definition: xs:anySimpleType for lists and unions, `None` for
    /// xs:anySimpleType itself.
    base: Option<Arc<SimpleType>>,
    /// Effective facets: the base's, with this type's restrictions merged in.
    facets: Facets,
    finals: Final,
    /// The built-in this type is, when it is one.
    builtin: Option<Builtin>,
}

/// A literal that is not a valid value of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// What is wrong, naming the value and the type or facet.
    pub message: String,
    /// The facet that refused the value; `None` when the lexical form is wrong.
    pub facet: Option<FacetKind>,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValueError {}

/// A type definition that breaks a constraint of Part 2 (found when the schema is read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    /// What is wrong, naming the facet and its value.
    pub message: String,
}

impl TypeError {
    pub(crate) fn new(message: impl Into<String>) -> TypeError {
        TypeError {
            message: message.into(),
        }
    }
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TypeError {}

/// Values are quoted in messages up to this many characters.
const QUOTED_CHARS: usize = 60;

/// `'text'` for a message, shortened when long.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("'{}…'", &text[..cut]),
        None => format!("'{text}'"),
    }
}

impl SimpleType {
    /// A restriction of `base` by `facets` (the facets of one `xs:restriction` element).
    /// Several patterns are alternatives; patterns of the base still apply.
    pub fn restrict(
        base: &Arc<SimpleType>,
        name: Option<(String, String)>,
        facets: Vec<FacetSpec>,
    ) -> Result<SimpleType, TypeError> {
        if base.finals.restriction {
            return Err(TypeError::new(format!(
                "{} is final for restriction and cannot be restricted",
                base.display_name()
            )));
        }
        if base.builtin == Some(Builtin::AnySimpleType) {
            // Part 1 §3.14.6: the base of a restriction is atomic, a list or a union;
            // xs:anySimpleType is none of them (the W3C suite's stZ005 and test65911 agree).
            return Err(TypeError::new(
                "xs:anySimpleType cannot be restricted: restrict a primitive type, a list or a union",
            ));
        }
        let effective = Facets::restrict(base, facets)?;
        Ok(SimpleType {
            name,
            variety: base.variety.clone(),
            derivation: Derivation::Restriction,
            base: Some(base.clone()),
            facets: effective,
            finals: Final::default(),
            builtin: None,
        })
    }

    /// A list of `item`: the item type must be atomic or a union (of atomic types), and
    /// not final for list.
    pub fn list(name: Option<(String, String)>, item: Arc<SimpleType>) -> Result<SimpleType, TypeError> {
        if item.finals.list {
            return Err(TypeError::new(format!(
                "{} is final for list and cannot be a list's item type",
                item.display_name()
            )));
        }
        if item.contains_list() {
            return Err(TypeError::new(format!(
                "{} is a list type (or a union with a list member) and cannot be a list's item type",
                item.display_name()
            )));
        }
        Ok(SimpleType {
            name,
            variety: Variety::List(item),
            derivation: Derivation::List,
            base: Some(Builtin::AnySimpleType.type_def()),
            facets: Facets::for_list(),
            finals: Final::default(),
            builtin: None,
        })
    }

    /// A union of `members`, tried in order: none may be final for union.
    pub fn union(name: Option<(String, String)>, members: Vec<Arc<SimpleType>>) -> Result<SimpleType, TypeError> {
        if members.is_empty() {
            return Err(TypeError::new("a union needs at least one member type"));
        }
        if let Some(member) = members.iter().find(|m| m.finals.union) {
            return Err(TypeError::new(format!(
                "{} is final for union and cannot be a union's member",
                member.display_name()
            )));
        }
        Ok(SimpleType {
            name,
            variety: Variety::Union(members),
            derivation: Derivation::Union,
            base: Some(Builtin::AnySimpleType.type_def()),
            facets: Facets::for_union(),
            finals: Final::default(),
            builtin: None,
        })
    }

    /// The same type with the derivations it forbids (its `final`).
    pub fn with_final(mut self, finals: Final) -> SimpleType {
        self.finals = finals;
        self
    }

    /// Processes whitespace as the type says, checks the lexical space and every facet, and
    /// returns the value. On success nothing is formatted; a string type allocates only the
    /// value itself.
    pub fn validate(&self, lexical: &str, ns: &dyn Namespaces) -> Result<Value, ValueError> {
        match &self.variety {
            Variety::Atomic(builtin) => {
                let text = self.facets.whitespace.value.normalize(lexical);
                let value = lexical::parse(*builtin, &text, ns)
                    .map_err(|rejection| lexical_error(&text, *builtin, rejection))?;
                self.facets.check(&text, &value)?;
                Ok(value)
            }
            Variety::List(item) => {
                let text = WhiteSpace::Collapse.normalize(lexical);
                let mut items = Vec::new();
                for literal in text.split(' ').filter(|l| !l.is_empty()) {
                    let value = item.validate(literal, ns).map_err(|e| ValueError {
                        message: format!("in the list {}: {}", quote(&text), e.message),
                        facet: e.facet,
                    })?;
                    items.push(value);
                }
                let value = Value::List(items);
                self.facets.check(&text, &value)?;
                Ok(value)
            }
            Variety::Union(members) => {
                for member in members {
                    if let Ok(value) = member.validate(lexical, ns) {
                        let text = member.whitespace().normalize(lexical);
                        self.facets.check(&text, &value)?;
                        return Ok(value);
                    }
                }
                Err(ValueError {
                    message: format!(
                        "{} is not a valid value of any member type of {}",
                        quote(lexical),
                        self.display_name()
                    ),
                    facet: None,
                })
            }
        }
    }

    /// Whether `lexical` is valid, as `validate` decides, without building the value when
    /// nothing needs it: a value of a string type (xs:string and the types derived from it,
    /// xs:anyURI) is checked in place, with no allocation unless its whitespace changes.
    pub fn check(&self, lexical: &str, ns: &dyn Namespaces) -> Result<(), ValueError> {
        if let Variety::Atomic(builtin) = self.variety {
            let text = self.facets.whitespace.value.normalize(lexical);
            if let Some(checked) = lexical::check_string(builtin, &text) {
                checked.map_err(|rejection| lexical_error(&text, builtin, rejection))?;
                return self.facets.check_string(&text);
            }
        }
        self.validate(lexical, ns).map(|_| ())
    }

    /// How the type processes whitespace before anything else (a union: its members decide,
    /// this is the weakest of theirs).
    pub fn whitespace(&self) -> WhiteSpace {
        match &self.variety {
            Variety::Union(members) => members
                .iter()
                .map(|m| m.whitespace())
                .min()
                .unwrap_or(WhiteSpace::Collapse),
            _ => self.facets.whitespace.value,
        }
    }

    /// Whether values are IDs: xs:ID or a restriction of it.
    pub fn is_id(&self) -> bool {
        matches!(self.variety, Variety::Atomic(b) if b.derives_from(Builtin::Id))
    }

    /// Whether values are IDREFs: xs:IDREF or a restriction of it.
    pub fn is_idref(&self) -> bool {
        matches!(self.variety, Variety::Atomic(b) if b.derives_from(Builtin::IdRef))
    }

    /// Whether values are lists of IDREFs: xs:IDREFS, a restriction of it, or any list of
    /// IDREF items.
    pub fn is_idrefs(&self) -> bool {
        matches!(&self.variety, Variety::List(item) if item.is_idref())
    }

    /// Whether this type is `other` or derived from it (Part 1 §3.14.6, "Type Derivation OK
    /// (Simple)"): through its bases, or as a member of `other` when that is a union.
    pub fn derives_from(&self, other: &SimpleType) -> bool {
        if other.builtin == Some(Builtin::AnySimpleType) {
            return true;
        }
        let mut current = Some(self);
        while let Some(ty) = current {
            if ty.is_same(other) {
                return true;
            }
            current = ty.base.as_deref();
        }
        match &other.variety {
            Variety::Union(members) => members.iter().any(|m| self.derives_from(m)),
            _ => false,
        }
    }

    fn is_same(&self, other: &SimpleType) -> bool {
        std::ptr::eq(self, other) || (self.name.is_some() && self.name == other.name)
    }

    fn contains_list(&self) -> bool {
        match &self.variety {
            Variety::List(_) => true,
            Variety::Union(members) => members.iter().any(|m| m.contains_list()),
            Variety::Atomic(_) => false,
        }
    }

    /// How messages name the type: `xs:decimal`, `{urn:x}Money`, `Money` (no namespace), or
    /// `an anonymous restriction of xs:string`.
    pub fn display_name(&self) -> String {
        match (&self.name, self.derivation, &self.variety) {
            (Some((ns, local)), _, _) if ns == XS_NAMESPACE => format!("xs:{local}"),
            (Some((ns, local)), _, _) if ns.is_empty() => local.clone(),
            (Some((ns, local)), _, _) => format!("{{{ns}}}{local}"),
            (None, Derivation::List, Variety::List(item)) => format!("an anonymous list of {}", item.display_name()),
            (None, Derivation::Union, _) => "an anonymous union".to_string(),
            (None, _, _) => match &self.base {
                Some(base) => format!("an anonymous restriction of {}", base.display_name()),
                None => "an anonymous simple type".to_string(),
            },
        }
    }

    /// The name, as (namespace, local name); `None` for an anonymous type.
    pub fn name(&self) -> Option<(&str, &str)> {
        self.name.as_ref().map(|(ns, local)| (ns.as_str(), local.as_str()))
    }

    /// Atomic, list or union, with the nearest built-in, the item type or the members.
    pub fn variety(&self) -> &Variety {
        &self.variety
    }

    /// The base type definition (`None` for xs:anySimpleType).
    pub fn base(&self) -> Option<&Arc<SimpleType>> {
        self.base.as_ref()
    }

    /// The built-in this type is, if it is one.
    pub fn as_builtin(&self) -> Option<Builtin> {
        self.builtin
    }

    /// The derivations this type forbids.
    pub fn finals(&self) -> Final {
        self.finals
    }

    /// The enumerated values in force, as written (for help texts: "expected one of …").
    pub fn enumeration(&self) -> Option<&[String]> {
        self.facets.enumeration.as_deref().map(facets::Enumeration::written)
    }

    /// The pattern facets in force, one per derivation step that has patterns: a value must
    /// match each.
    pub fn patterns(&self) -> impl Iterator<Item = &regex::XsdRegex> {
        self.facets.patterns.iter().map(|p| p.as_ref())
    }
}

/// A literal outside a built-in's lexical space.
fn lexical_error(text: &str, builtin: Builtin, rejection: lexical::Rejection) -> ValueError {
    let detail = match rejection {
        lexical::Rejection::Form => String::new(),
        lexical::Rejection::OutOfRange => " (out of range)".to_string(),
        lexical::Rejection::UnboundPrefix(prefix) => format!(" (prefix '{prefix}' is not declared)"),
    };
    ValueError {
        message: format!("{} is not a valid {}{detail}", quote(text), builtin.display()),
        facet: None,
    }
}

impl Builtin {
    /// `xs:` and the local name, as messages show a built-in type.
    fn display(self) -> String {
        format!("xs:{}", self.local_name())
    }
}

#[cfg(test)]
mod tests;
