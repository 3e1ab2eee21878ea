//! The schema model: every component of the schema documents, read once. Global and local
//! element and attribute declarations, complex types with their derivations resolved (content
//! and attribute uses as the validator needs them), simple types (through [`super::types`]),
//! model and attribute groups, identity constraints and substitution groups.
//!
//! Names are interned as (namespace, local name) pairs, so the validator compares numbers.

mod complex;
mod element;
mod identity;
mod load;
mod particle;
mod simple;
/// What ID/IDREF checks read of simple types.
pub mod simple_variety {
    pub use super::simple::{IdKind, Variety, WrittenFacet, id_kind};
}
pub mod tree;

use std::collections::HashMap;
use std::sync::Arc;

pub use identity::{IdentityConstraint, IdentityKind, NameTest, XPath};
pub use load::load;
pub use particle::{Particle, Term, UNBOUNDED};
pub use simple::SimpleEntry;

/// An interned (namespace, local name) pair.
pub type NameId = u32;
/// Index of an element declaration.
pub type ElemId = usize;
/// Index of a complex type.
pub type ComplexId = usize;
/// Index of a simple type.
pub type SimpleId = usize;
/// Index of a particle.
pub type PartId = usize;
/// Index of an identity constraint.
pub type IdcId = usize;

/// Names of the schema, interned.
#[derive(Debug, Default)]
pub struct Names {
    /// Hashed without SipHash: the validator looks a name up for every element and attribute,
    /// and the keys are the schema's own names (a document's names only probe the table).
    by_key: crate::address::AddressMap<String, NameId>,
    list: Vec<(Option<Arc<str>>, Arc<str>)>,
}

impl Names {
    /// The key of a name: the namespace and the local name, split by a character no name holds.
    pub fn key_into(buf: &mut String, ns: Option<&str>, local: &str) {
        buf.clear();
        buf.push_str(ns.unwrap_or(""));
        buf.push('\u{1}');
        buf.push_str(local);
    }

    /// Interns a name.
    pub fn intern(&mut self, ns: Option<&str>, local: &str) -> NameId {
        let mut key = String::new();
        Self::key_into(&mut key, ns, local);
        if let Some(&id) = self.by_key.get(&key) {
            return id;
        }
        let id = NameId::try_from(self.list.len()).unwrap_or(NameId::MAX);
        self.by_key.insert(key, id);
        self.list.push((ns.map(Arc::from), Arc::from(local)));
        id
    }

    /// The id of a name already interned, given its key (see [`Names::key_into`]).
    pub fn find(&self, key: &str) -> Option<NameId> {
        self.by_key.get(key).copied()
    }

    /// The namespace of a name.
    pub fn ns(&self, id: NameId) -> Option<&str> {
        self.list.get(id as usize).and_then(|(ns, _)| ns.as_deref())
    }

    /// The local name of a name.
    pub fn local(&self, id: NameId) -> &str {
        self.list.get(id as usize).map_or("", |(_, l)| l)
    }
}

/// Derivation methods, as in `block`, `final` and the type hierarchy.
pub mod deriv {
    /// By extension.
    pub const EXTENSION: u8 = 1;
    /// By restriction.
    pub const RESTRICTION: u8 = 2;
    /// Substitution group membership.
    pub const SUBSTITUTION: u8 = 4;
    /// By list.
    pub const LIST: u8 = 8;
    /// By union.
    pub const UNION: u8 = 16;
}

/// A type definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeRef {
    /// `xs:anyType`: any attributes, any content, laxly validated.
    AnyType,
    /// A complex type.
    Complex(ComplexId),
    /// A simple type.
    Simple(SimpleId),
}

/// A `default` or `fixed` value.
#[derive(Debug, Clone)]
pub struct ValueConstraint {
    /// `fixed` rather than `default`.
    pub fixed: bool,
    /// The value as written.
    pub text: String,
    /// The namespace bindings where it was written (for QName values).
    pub scope: Arc<Vec<(Box<str>, Arc<str>)>>,
}

/// An element declaration.
#[derive(Debug, Clone)]
pub struct ElementDecl {
    /// Its name.
    pub name: NameId,
    /// Its type.
    pub ty: TypeRef,
    /// `nillable="true"`.
    pub nillable: bool,
    /// `abstract="true"`.
    pub is_abstract: bool,
    /// `default` or `fixed`.
    pub value: Option<ValueConstraint>,
    /// `block` (with `blockDefault`), as [`deriv`] bits.
    pub block: u8,
    /// `final` (with `finalDefault`).
    pub final_: u8,
    /// The head of its substitution group.
    pub head: Option<ElemId>,
    /// Its identity constraints.
    pub identity: Vec<IdcId>,
}

/// An attribute use of a complex type.
#[derive(Debug, Clone)]
pub struct AttributeUse {
    /// The attribute's name.
    pub name: NameId,
    /// Its type.
    pub ty: SimpleId,
    /// `use="required"`.
    pub required: bool,
    /// `use="prohibited"` (kept while a restriction is resolved, then dropped).
    pub prohibited: bool,
    /// `default` or `fixed`.
    pub value: Option<ValueConstraint>,
}

/// Which namespaces a wildcard allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NsSet {
    /// `##any`.
    Any,
    /// Every namespace but these (`##other`: the target namespace and no namespace).
    Not(Vec<Option<Arc<str>>>),
    /// Exactly these (`None` is no namespace).
    Only(Vec<Option<Arc<str>>>),
}

/// How a wildcard's matches are validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Process {
    /// Must be declared and valid.
    Strict,
    /// Validated when declared.
    Lax,
    /// Not validated.
    Skip,
}

/// An element or attribute wildcard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wildcard {
    /// The namespaces it allows.
    pub ns: NsSet,
    /// `processContents`.
    pub process: Process,
}

impl Wildcard {
    /// Whether a name of namespace `ns` is allowed.
    pub fn allows(&self, ns: Option<&str>) -> bool {
        match &self.ns {
            NsSet::Any => true,
            NsSet::Not(list) => !list.iter().any(|n| n.as_deref() == ns),
            NsSet::Only(list) => list.iter().any(|n| n.as_deref() == ns),
        }
    }

    /// The intersection of two attribute wildcards (a type's complete wildcard: its own and its
    /// attribute groups'), with this one's `processContents`.
    pub fn intersect(&self, other: &Wildcard) -> Wildcard {
        let ns = match (&self.ns, &other.ns) {
            (NsSet::Any, n) | (n, NsSet::Any) => n.clone(),
            (NsSet::Only(a), NsSet::Only(b)) => NsSet::Only(a.iter().filter(|n| b.contains(n)).cloned().collect()),
            (NsSet::Only(only), NsSet::Not(not)) | (NsSet::Not(not), NsSet::Only(only)) => {
                NsSet::Only(only.iter().filter(|n| !not.contains(n)).cloned().collect())
            }
            (NsSet::Not(a), NsSet::Not(b)) => {
                let mut all = a.clone();
                all.extend(b.iter().filter(|n| !a.contains(n)).cloned());
                NsSet::Not(all)
            }
        };
        Wildcard {
            ns,
            process: self.process,
        }
    }

    /// The union of two attribute wildcards (an extension's), kept simple: a set that allows
    /// every namespace either allows.
    pub fn union(&self, other: &Wildcard) -> Wildcard {
        let ns = match (&self.ns, &other.ns) {
            (NsSet::Any, _) | (_, NsSet::Any) => NsSet::Any,
            (NsSet::Only(a), NsSet::Only(b)) => {
                let mut all = a.clone();
                all.extend(b.iter().filter(|n| !a.contains(n)).cloned());
                NsSet::Only(all)
            }
            (NsSet::Not(a), NsSet::Not(b)) => NsSet::Not(a.iter().filter(|n| b.contains(n)).cloned().collect()),
            (NsSet::Not(not), NsSet::Only(only)) | (NsSet::Only(only), NsSet::Not(not)) => {
                NsSet::Not(not.iter().filter(|n| !only.contains(n)).cloned().collect())
            }
        };
        Wildcard {
            ns,
            process: self.process,
        }
    }
}

/// What a complex type's elements may hold.
#[derive(Debug, Clone)]
pub enum Content {
    /// Nothing (attributes only).
    Empty,
    /// Character data of a simple type.
    Simple(SimpleId),
    /// Elements by a content model, with text between them when mixed.
    Elements {
        /// The particle.
        particle: PartId,
        /// `mixed="true"`.
        mixed: bool,
    },
}

/// A complex type definition, its derivation resolved.
#[derive(Debug, Clone)]
pub struct ComplexType {
    /// Its name, when global.
    pub name: Option<NameId>,
    /// Its base type.
    pub base: TypeRef,
    /// How it derives from its base ([`deriv::EXTENSION`] or [`deriv::RESTRICTION`]).
    pub method: u8,
    /// `abstract="true"`.
    pub is_abstract: bool,
    /// `block` (with `blockDefault`).
    pub block: u8,
    /// `final` (with `finalDefault`).
    pub final_: u8,
    /// Content.
    pub content: Content,
    /// Attribute uses, prohibited ones removed.
    pub attributes: Vec<AttributeUse>,
    /// The attribute wildcard.
    pub any_attribute: Option<Wildcard>,
    /// The compiled content model, for element content.
    pub model: Option<usize>,
}

/// A whole schema, read once.
pub struct Schema {
    /// Interned names.
    pub names: Names,
    /// Element declarations, global and local.
    pub elements: Vec<ElementDecl>,
    /// Global element declarations by name.
    pub global_elements: HashMap<NameId, ElemId>,
    /// Global attribute declarations by name: (type, value constraint).
    pub global_attributes: HashMap<NameId, (SimpleId, Option<ValueConstraint>)>,
    /// Global types by name.
    pub types: HashMap<NameId, TypeRef>,
    /// Complex types.
    pub complex: Vec<ComplexType>,
    /// Simple types.
    pub simple: Vec<SimpleEntry>,
    /// Particles of content models.
    pub particles: Vec<Particle>,
    /// Compiled content models.
    pub models: Vec<super::content::Model>,
    /// Identity constraints.
    pub identity: Vec<IdentityConstraint>,
    /// Members of each head's substitution group (transitively), allowed by its `block`.
    pub substitutes: HashMap<ElemId, Vec<ElemId>>,
    /// The simple type `xs:anySimpleType`.
    pub any_simple: SimpleId,
}

impl Schema {
    /// Whether `ty` derives from `base` without using a method in `blocked` (XSD 1.0 §3.4.6
    /// and §3.14.6, type derivation OK). `anyType` is the base of everything.
    pub fn derives(&self, ty: TypeRef, base: TypeRef, blocked: u8) -> bool {
        let mut current = ty;
        for _ in 0..self.complex.len() + self.simple.len() + 2 {
            if current == base {
                return true;
            }
            match current {
                TypeRef::AnyType => return false,
                TypeRef::Complex(c) => {
                    let Some(ct) = self.complex.get(c) else { return false };
                    if ct.method & blocked != 0 {
                        return false;
                    }
                    current = ct.base;
                }
                TypeRef::Simple(s) => {
                    return match base {
                        TypeRef::AnyType => true,
                        TypeRef::Simple(b) => self.simple_derives(s, b, blocked),
                        TypeRef::Complex(_) => false,
                    };
                }
            }
        }
        false
    }

    /// Whether an error may be found after the element it is about has ended (an IDREF that
    /// names no ID, a keyref without its key), so a stream must remember every record.
    pub fn late_errors(&self) -> bool {
        self.identity.iter().any(|c| matches!(c.kind, IdentityKind::KeyRef(_)))
            || (0..self.simple.len()).any(|s| {
                matches!(
                    simple::id_kind(self, s),
                    Some(simple::IdKind::Idref | simple::IdKind::Idrefs)
                )
            })
    }

    /// The type of an element declaration's content model, if it has element content.
    pub fn content_model(&self, ty: TypeRef) -> Option<&super::content::Model> {
        match ty {
            TypeRef::Complex(c) => self.complex.get(c)?.model.and_then(|m| self.models.get(m)),
            _ => None,
        }
    }

    /// A type's name for messages: its local name, `xs:…` for a built-in, or "an anonymous type".
    pub fn type_name(&self, ty: TypeRef) -> String {
        match ty {
            TypeRef::AnyType => "xs:anyType".into(),
            TypeRef::Complex(c) => self
                .complex
                .get(c)
                .and_then(|c| c.name)
                .map_or_else(|| "an anonymous type".into(), |n| self.display(n)),
            TypeRef::Simple(s) => self.simple.get(s).map_or_else(String::new, |t| t.def.display_name()),
        }
    }

    /// A name as written in messages: `p:local` is not known here, so `{ns}local` is avoided
    /// and the local name is given, with the namespace only when it helps.
    pub fn display(&self, name: NameId) -> String {
        self.names.local(name).to_string()
    }
}
