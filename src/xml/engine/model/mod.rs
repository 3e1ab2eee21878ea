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

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use identity::{IdentityConstraint, IdentityKind, NameTest, XPath};
pub use load::{load, load_trees, parse_documents};
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
    list: Vec<(Option<Arc<str>>, Arc<str>)>,
    /// The namespaces of the names, each with its local names: the validator finds a
    /// document's namespace once ([`Names::namespace`]) and then hashes only local names,
    /// rather than a key holding a namespace URI for every element and attribute. Interning
    /// looks names up here too: a schema has few namespaces and many names.
    namespaces: Vec<(Option<Arc<str>>, Locals)>,
}

/// The local names of one namespace.
type Locals = crate::address::AddressMap<Arc<str>, NameId>;

/// Names are written as their list; the lookup table is rebuilt when they are read back.
impl Serialize for Names {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.list.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list = Vec::<(Option<Arc<str>>, Arc<str>)>::deserialize(deserializer)?;
        let mut names = Names::default();
        for (ns, local) in &list {
            names.intern(ns.as_deref(), local);
        }
        if names.list.len() != list.len() {
            return Err(serde::de::Error::custom("a name is written twice"));
        }
        Ok(names)
    }
}

/// A map written in key order, so equal maps give equal bytes.
pub(crate) fn in_key_order<K: Ord + Serialize, V: Serialize, S: Serializer>(
    map: &HashMap<K, V>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    serializer.collect_map(entries)
}

impl Names {
    /// Interns a name.
    pub fn intern(&mut self, ns: Option<&str>, local: &str) -> NameId {
        if let Some(id) = self.find(ns, local) {
            return id;
        }
        let id = NameId::try_from(self.list.len()).unwrap_or(NameId::MAX);
        let local: Arc<str> = Arc::from(local);
        // Names come grouped by namespace: the last namespace is looked at first.
        let index = match self.namespaces.iter().rposition(|(n, _)| n.as_deref() == ns) {
            Some(index) => index,
            None => {
                self.namespaces.push((ns.map(Arc::from), Default::default()));
                self.namespaces.len() - 1
            }
        };
        let (namespace, locals) = &mut self.namespaces[index];
        locals.insert(Arc::clone(&local), id);
        self.list.push((namespace.clone(), local));
        id
    }

    /// The id of a name already interned. No namespace and the empty namespace are one: a
    /// name is found in either (interning keeps the namespace it was first given, so both can
    /// be listed, each with its own names).
    pub fn find(&self, ns: Option<&str>, local: &str) -> Option<NameId> {
        let ns = ns.unwrap_or("");
        self.namespaces
            .iter()
            .rev()
            .filter(|(n, _)| n.as_deref().unwrap_or("") == ns)
            .find_map(|(_, locals)| locals.get(local).copied())
    }

    /// The index of a namespace (`None`: no namespace) that names of the schema are in, for
    /// [`Names::find_in`]; `None` when no name is in it.
    pub fn namespace(&self, ns: Option<&str>) -> Option<usize> {
        self.namespaces.iter().position(|(n, _)| n.as_deref() == ns)
    }

    /// The id of the name `local` in the namespace of index `namespace`
    /// ([`Names::namespace`]), when the schema has it.
    pub fn find_in(&self, namespace: usize, local: &str) -> Option<NameId> {
        self.namespaces.get(namespace)?.1.get(local).copied()
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TypeRef {
    /// `xs:anyType`: any attributes, any content, laxly validated.
    AnyType,
    /// A complex type.
    Complex(ComplexId),
    /// A simple type.
    Simple(SimpleId),
}

/// A `default` or `fixed` value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValueConstraint {
    /// `fixed` rather than `default`.
    pub fixed: bool,
    /// The value as written.
    pub text: String,
    /// The namespace bindings where it was written (for QName values).
    pub scope: Arc<Vec<(Box<str>, Arc<str>)>>,
}

/// An element declaration.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NsSet {
    /// `##any`.
    Any,
    /// Every namespace but these (`##other`: the target namespace and no namespace).
    Not(Vec<Option<Arc<str>>>),
    /// Exactly these (`None` is no namespace).
    Only(Vec<Option<Arc<str>>>),
}

/// How a wildcard's matches are validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Process {
    /// Must be declared and valid.
    Strict,
    /// Validated when declared.
    Lax,
    /// Not validated.
    Skip,
}

/// An element or attribute wildcard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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

/// A whole schema, read once. Its byte form ([`Serialize`]) is what the compile cache keeps;
/// the maps are written in key order, so a schema always gives the same bytes.
#[derive(Serialize, Deserialize)]
pub struct Schema {
    /// Interned names.
    pub names: Names,
    /// Element declarations, global and local.
    pub elements: Vec<ElementDecl>,
    /// Global element declarations by name.
    #[serde(serialize_with = "in_key_order")]
    pub global_elements: HashMap<NameId, ElemId>,
    /// Global attribute declarations by name: (type, value constraint).
    #[serde(serialize_with = "in_key_order")]
    pub global_attributes: HashMap<NameId, (SimpleId, Option<ValueConstraint>)>,
    /// Global types by name.
    #[serde(serialize_with = "in_key_order")]
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
    #[serde(serialize_with = "in_key_order")]
    pub substitutes: HashMap<ElemId, Vec<ElemId>>,
    /// The simple type `xs:anySimpleType`.
    pub any_simple: SimpleId,
}

impl Schema {
    /// Makes a schema read back from its byte form ready to validate: the simple types are
    /// kept as written and built again here. `Err` with a message when they do not build,
    /// which a schema that compiled never does.
    pub fn rebuild_simple_types(&mut self) -> Result<(), String> {
        self.build_simple_types().map_err(|e| e.message)
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_by_its_namespace_then_its_local_name() {
        let mut names = Names::default();
        let a = names.intern(Some("urn:a"), "Id");
        let b = names.intern(Some("urn:b"), "Id");
        let none = names.intern(None, "Id");
        let other = names.intern(Some("urn:a"), "Name");
        assert_eq!(names.intern(Some("urn:a"), "Id"), a);
        // Written as the list and read back: the same ids, found the same way.
        let bytes = postcard::to_allocvec(&names).unwrap();
        let read: Names = postcard::from_bytes(&bytes).unwrap();
        for names in [&names, &read] {
            let find = |ns: Option<&str>, local: &str| names.namespace(ns).and_then(|n| names.find_in(n, local));
            assert_eq!(find(Some("urn:a"), "Id"), Some(a));
            assert_eq!(find(Some("urn:b"), "Id"), Some(b));
            assert_eq!(find(None, "Id"), Some(none));
            assert_eq!(find(Some("urn:a"), "Name"), Some(other));
            assert_eq!(find(Some("urn:b"), "Name"), None);
            assert_eq!(find(Some("urn:c"), "Id"), None);
            assert_eq!((names.ns(b), names.local(b)), (Some("urn:b"), "Id"));
            assert_eq!(names.find_in(99, "Id"), None);
        }
    }

    #[test]
    fn no_namespace_and_the_empty_namespace_are_one_name() {
        let mut names = Names::default();
        let none = names.intern(None, "a");
        assert_eq!(names.intern(Some(""), "a"), none);
        // A name first met in the empty namespace keeps it, and is found from no namespace.
        let empty = names.intern(Some(""), "b");
        assert_eq!(names.intern(None, "b"), empty);
        assert_eq!(names.ns(empty), Some(""));
        assert_eq!(names.intern(None, "a"), none);
        for (ns, id) in [(None, none), (Some(""), none), (Some(""), empty), (None, empty)] {
            assert_eq!(names.find(ns, names.local(id)), Some(id), "{ns:?}");
        }
        assert_eq!(names.find(Some("urn:a"), "a"), None);
    }
}
