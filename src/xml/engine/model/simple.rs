//! Simple type definitions as the schema writes them: built-in types by name, restrictions
//! with their facets, lists and unions. Values are checked through [`crate::xml::engine::types`];
//! this part keeps the derivation (for `xsi:type` and substitution groups) and what ID/IDREF
//! checks need.

use super::load::{Built, Loader, SchemaError};
use super::*;
use crate::xml::engine::types::{Builtin, FacetKind, FacetSpec, Final, SimpleType};
use serde::{Deserialize, Serialize};

/// The built-in datatypes of XML Schema 1.0 Part 2, with the type each is derived from by
/// restriction (`anySimpleType` for the primitives; list types from their item type).
const BUILTINS: &[(&str, &str)] = &[
    ("anySimpleType", ""),
    ("string", "anySimpleType"),
    ("boolean", "anySimpleType"),
    ("decimal", "anySimpleType"),
    ("float", "anySimpleType"),
    ("double", "anySimpleType"),
    ("duration", "anySimpleType"),
    ("dateTime", "anySimpleType"),
    ("time", "anySimpleType"),
    ("date", "anySimpleType"),
    ("gYearMonth", "anySimpleType"),
    ("gYear", "anySimpleType"),
    ("gMonthDay", "anySimpleType"),
    ("gDay", "anySimpleType"),
    ("gMonth", "anySimpleType"),
    ("hexBinary", "anySimpleType"),
    ("base64Binary", "anySimpleType"),
    ("anyURI", "anySimpleType"),
    ("QName", "anySimpleType"),
    ("NOTATION", "anySimpleType"),
    ("normalizedString", "string"),
    ("token", "normalizedString"),
    ("language", "token"),
    ("NMTOKEN", "token"),
    ("NMTOKENS", "anySimpleType"),
    ("Name", "token"),
    ("NCName", "Name"),
    ("ID", "NCName"),
    ("IDREF", "NCName"),
    ("IDREFS", "anySimpleType"),
    ("ENTITY", "NCName"),
    ("ENTITIES", "anySimpleType"),
    ("integer", "decimal"),
    ("nonPositiveInteger", "integer"),
    ("negativeInteger", "nonPositiveInteger"),
    ("long", "integer"),
    ("int", "long"),
    ("short", "int"),
    ("byte", "short"),
    ("nonNegativeInteger", "integer"),
    ("unsignedLong", "nonNegativeInteger"),
    ("unsignedInt", "unsignedLong"),
    ("unsignedShort", "unsignedInt"),
    ("unsignedByte", "unsignedShort"),
    ("positiveInteger", "nonNegativeInteger"),
];

/// A facet as written: its name, value, `fixed`, and the bindings in scope where it was written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WrittenFacet {
    /// `pattern`, `enumeration`, `maxLength`…
    pub name: Box<str>,
    /// The value as written.
    pub value: String,
    /// `fixed="true"`.
    pub fixed: bool,
    /// Namespace bindings, for QName enumerations.
    pub scope: Arc<Vec<(Box<str>, Arc<str>)>>,
}

/// A built-in type's local name (`string`, `decimal`…). A type of its own so that the byte form
/// reads it back as one of the known names (serde would borrow a plain `&str` from the bytes).
pub(super) type BuiltinName = &'static str;

/// How a simple type is made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Variety {
    /// A built-in type, by local name.
    Builtin(#[serde(with = "builtin_name")] BuiltinName),
    /// A restriction of `base` by facets.
    Restriction(Vec<WrittenFacet>),
    /// A list of `item`.
    List(SimpleId),
    /// A union of `members`.
    Union(Vec<SimpleId>),
}

/// A simple type of the schema.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimpleEntry {
    /// Its name, when global (built-ins have theirs).
    pub name: Option<NameId>,
    /// The type it is derived from (`None` for `anySimpleType`).
    pub base: Option<SimpleId>,
    /// How: [`deriv::RESTRICTION`], [`deriv::LIST`] or [`deriv::UNION`].
    pub method: u8,
    /// `final` (with `finalDefault`).
    pub final_: u8,
    /// Its definition.
    pub variety: Variety,
    /// The built-in type at the root of its restrictions (`None` for lists and unions).
    #[serde(with = "builtin_name::optional")]
    pub primitive_name: Option<BuiltinName>,
    /// The type ready to validate values (built once every entry exists; not in the byte
    /// form, which [`Schema::rebuild_simple_types`] rebuilds it from).
    #[serde(skip, default = "any_simple_type")]
    pub def: Arc<SimpleType>,
    /// Where it is written: document, line, column (for errors in its facets).
    pub at: (usize, usize, usize),
}

fn any_simple_type() -> Arc<SimpleType> {
    Builtin::AnySimpleType.type_def()
}

/// A built-in type's name in the byte form: written as text, read back as the name in
/// [`BUILTINS`] (an unknown name does not read).
mod builtin_name {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(name: &&'static str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(name)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
        let name = String::deserialize(deserializer)?;
        known(&name).ok_or_else(|| serde::de::Error::custom("not a built-in type"))
    }

    fn known(name: &str) -> Option<&'static str> {
        super::BUILTINS.iter().map(|(n, _)| *n).find(|n| *n == name)
    }

    pub(super) mod optional {
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        pub(in super::super) fn serialize<S: Serializer>(
            name: &Option<&'static str>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            name.serialize(serializer)
        }

        pub(in super::super) fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<&'static str>, D::Error> {
            match Option::<String>::deserialize(deserializer)? {
                None => Ok(None),
                Some(name) => super::known(&name)
                    .map(Some)
                    .ok_or_else(|| serde::de::Error::custom("not a built-in type")),
            }
        }
    }
}

impl SimpleEntry {
    /// Whether values are IDs.
    pub fn is_id(&self) -> bool {
        self.primitive_name == Some("ID")
    }
}

/// What an ID/IDREF check needs to know of a simple type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// Values are IDs.
    Id,
    /// Values are IDREFs.
    Idref,
    /// Values are lists of IDREFs.
    Idrefs,
}

/// Whether values of `ty` are IDs or references to them.
pub fn id_kind(schema: &Schema, ty: SimpleId) -> Option<IdKind> {
    let entry = schema.simple.get(ty)?;
    match (&entry.variety, entry.primitive_name) {
        (_, Some("ID")) => Some(IdKind::Id),
        (_, Some("IDREF")) => Some(IdKind::Idref),
        (Variety::Builtin("IDREFS"), _) => Some(IdKind::Idrefs),
        (Variety::List(item), _) if id_kind(schema, *item) == Some(IdKind::Idref) => Some(IdKind::Idrefs),
        (Variety::Restriction(_), None) => entry
            .base
            .and_then(|b| id_kind(schema, b))
            .filter(|k| *k == IdKind::Idrefs),
        _ => None,
    }
}

impl Schema {
    /// Whether simple type `ty` derives from `base` without a blocked method.
    pub fn simple_derives(&self, ty: SimpleId, base: SimpleId, blocked: u8) -> bool {
        if let Some(Variety::Union(members)) = self.simple.get(base).map(|b| &b.variety)
            && members
                .iter()
                .any(|&m| m != base && self.simple_derives(ty, m, blocked))
        {
            // A member of a union is valid where the union is (Part 1 §3.14.6, 2.2.4).
            return true;
        }
        let mut current = ty;
        for _ in 0..=self.simple.len() {
            if current == base || base == self.any_simple {
                return true;
            }
            let Some(entry) = self.simple.get(current) else {
                return false;
            };
            if entry.method & blocked != 0 {
                return false;
            }
            match entry.base {
                Some(b) => current = b,
                None => return false,
            }
        }
        false
    }
}

impl Loader<'_> {
    /// Every built-in type, so `xsi:type` may name one the schema never mentions.
    pub(super) fn all_builtins(&mut self) {
        for (name, _) in BUILTINS {
            self.builtin_simple_checked(name);
        }
    }

    /// The built-in type `local`, created on first use.
    pub(super) fn builtin_simple(&mut self, local: &str) -> SimpleId {
        self.builtin_simple_checked(local).unwrap_or(self.schema.any_simple)
    }

    /// The built-in type `local`, if there is one by that name.
    pub(super) fn builtin_simple_checked(&mut self, local: &str) -> Option<SimpleId> {
        if let Some(&id) = self.builtins.get(local) {
            return Some(id);
        }
        let &(name, base) = BUILTINS.iter().find(|(n, _)| *n == local)?;
        let base_id = if base.is_empty() {
            None
        } else {
            Some(self.builtin_simple_checked(base)?)
        };
        let name_id = self.schema.names.intern(Some(tree::XSD), name);
        let (method, primitive_name) = match name {
            "NMTOKENS" | "IDREFS" | "ENTITIES" => (deriv::LIST, None),
            _ => (deriv::RESTRICTION, Some(name)),
        };
        self.schema.simple.push(SimpleEntry {
            name: Some(name_id),
            base: base_id,
            method,
            final_: 0,
            variety: Variety::Builtin(name),
            primitive_name,
            def: Builtin::from_local_name(name)
                .unwrap_or(Builtin::AnySimpleType)
                .type_def(),
            at: (0, 0, 0),
        });
        let id = self.schema.simple.len() - 1;
        self.builtins.insert(local.to_string(), id);
        Some(id)
    }

    /// Builds the simple type written at `node`.
    pub(super) fn simple_type(
        &mut self,
        ctx: usize,
        node: usize,
        name: Option<NameId>,
        current: Option<usize>,
    ) -> Built<SimpleId> {
        let defaults = self.ctxs.get(ctx).map_or(0, |c| c.final_default);
        let final_ = self
            .node(ctx, node)
            .attr("final")
            .map_or(defaults, super::load::derivation_set)
            & (deriv::RESTRICTION | deriv::LIST | deriv::UNION);
        let Some((body, b)) = self
            .tree(ctx)
            .xsd_children(node)
            .find(|(_, c)| matches!(&*c.local, "restriction" | "list" | "union"))
        else {
            return Err(self.error(
                ctx,
                node,
                "a simple type needs <xs:restriction>, <xs:list> or <xs:union>",
            ));
        };
        let kind = b.local.to_string();
        let entry = match kind.as_str() {
            "restriction" => {
                let base = self.simple_base(ctx, body, "base", current)?;
                let facets = self.facets(ctx, body);
                self.restriction_entry(name, base, facets, final_, self.position(ctx, node))
            }
            "list" => {
                let item = self.simple_base(ctx, body, "itemType", current)?;
                SimpleEntry {
                    name,
                    base: Some(self.schema.any_simple),
                    method: deriv::LIST,
                    final_,
                    variety: Variety::List(item),
                    primitive_name: None,
                    def: Builtin::AnySimpleType.type_def(),
                    at: self.position(ctx, node),
                }
            }
            _ => {
                let mut members = Vec::new();
                let listed = self.node(ctx, body).attr("memberTypes").unwrap_or("").to_string();
                for member in listed.split_whitespace() {
                    let member_name = self.qname(ctx, body, member)?;
                    match self.type_by_name(ctx, body, member_name, current)? {
                        TypeRef::Simple(s) => members.push(s),
                        _ => {
                            return Err(self.error(ctx, body, format!("union member `{member}` is not a simple type")));
                        }
                    }
                }
                let inline: Vec<usize> = self
                    .tree(ctx)
                    .xsd_children(body)
                    .filter(|(_, c)| &*c.local == "simpleType")
                    .map(|(i, _)| i)
                    .collect();
                for member in inline {
                    members.push(self.simple_type(ctx, member, None, current)?);
                }
                SimpleEntry {
                    name,
                    base: Some(self.schema.any_simple),
                    method: deriv::UNION,
                    final_,
                    variety: Variety::Union(members),
                    primitive_name: None,
                    def: Builtin::AnySimpleType.type_def(),
                    at: self.position(ctx, node),
                }
            }
        };
        self.schema.simple.push(entry);
        Ok(self.schema.simple.len() - 1)
    }

    fn position(&self, ctx: usize, node: usize) -> (usize, usize, usize) {
        let n = self.node(ctx, node);
        (self.ctxs.get(ctx).map_or(0, |c| c.doc), n.line, n.column)
    }

    fn restriction_entry(
        &self,
        name: Option<NameId>,
        base: SimpleId,
        facets: Vec<WrittenFacet>,
        final_: u8,
        at: (usize, usize, usize),
    ) -> SimpleEntry {
        SimpleEntry {
            name,
            base: Some(base),
            method: deriv::RESTRICTION,
            final_,
            variety: Variety::Restriction(facets),
            primitive_name: self.schema.simple.get(base).and_then(|b| b.primitive_name),
            def: Builtin::AnySimpleType.type_def(),
            at,
        }
    }

    /// The simple type a `base`/`itemType` attribute names, or the one written inside.
    fn simple_base(&mut self, ctx: usize, node: usize, attribute: &str, current: Option<usize>) -> Built<SimpleId> {
        if let Some(base) = self.node(ctx, node).attr(attribute).map(str::to_string) {
            let name = self.qname(ctx, node, &base)?;
            return match self.type_by_name(ctx, node, name, current)? {
                TypeRef::Simple(s) => Ok(s),
                TypeRef::AnyType => Ok(self.schema.any_simple),
                TypeRef::Complex(_) => Err(self.error(ctx, node, format!("`{base}` is not a simple type"))),
            };
        }
        match self.tree(ctx).child(node, "simpleType").map(|(i, _)| i) {
            Some(inner) => self.simple_type(ctx, inner, None, current),
            None => Err(self.error(ctx, node, format!("no {attribute} and no inline <xs:simpleType>"))),
        }
    }

    fn facets(&self, ctx: usize, node: usize) -> Vec<WrittenFacet> {
        self.tree(ctx)
            .xsd_children(node)
            .filter(|(_, c)| {
                !matches!(
                    &*c.local,
                    "simpleType" | "attribute" | "attributeGroup" | "anyAttribute"
                )
            })
            .map(|(_, c)| WrittenFacet {
                name: c.local.clone(),
                value: c.attr("value").unwrap_or("").to_string(),
                fixed: c.attr("fixed").is_some_and(super::element::is_true),
                scope: Arc::clone(&c.scope),
            })
            .collect()
    }

    /// The simple type of a complex type with simple content.
    pub(super) fn simple_content(
        &mut self,
        ctx: usize,
        derivation: usize,
        base: TypeRef,
        method: u8,
        current: Option<usize>,
    ) -> Built<SimpleId> {
        let base_simple = match base {
            TypeRef::Simple(s) => s,
            TypeRef::Complex(c) => match self.schema.complex.get(c).map(|c| c.content.clone()) {
                Some(Content::Simple(s)) => s,
                _ if method == deriv::RESTRICTION => {
                    match self.tree(ctx).child(derivation, "simpleType").map(|(i, _)| i) {
                        Some(inner) => return self.simple_type(ctx, inner, None, current),
                        None => return Err(self.error(
                            ctx,
                            derivation,
                            "a simple content restriction of a type without simple content needs an <xs:simpleType>",
                        )),
                    }
                }
                _ => {
                    return Err(self.error(
                        ctx,
                        derivation,
                        "simple content must extend a simple type or a type with simple content",
                    ));
                }
            },
            TypeRef::AnyType => self.schema.any_simple,
        };
        if method == deriv::EXTENSION {
            return Ok(base_simple);
        }
        let base_simple = match self.tree(ctx).child(derivation, "simpleType").map(|(i, _)| i) {
            Some(inner) => self.simple_type(ctx, inner, None, current)?,
            None => base_simple,
        };
        let facets = self.facets(ctx, derivation);
        if facets.is_empty() {
            return Ok(base_simple);
        }
        let entry = self.restriction_entry(None, base_simple, facets, 0, self.position(ctx, derivation));
        self.schema.simple.push(entry);
        Ok(self.schema.simple.len() - 1)
    }
}

impl Schema {
    /// Builds every simple type for validation, in order: an entry's base, item and members
    /// always come before it. Done when the schema is read, and again when it comes back from
    /// its byte form, which keeps the definitions as written.
    pub(super) fn build_simple_types(&mut self) -> Result<(), SchemaError> {
        for i in 0..self.simple.len() {
            let entry = &self.simple[i];
            let def_of = |id: SimpleId| {
                self.simple
                    .get(id)
                    .filter(|_| id < i)
                    .map_or_else(|| Builtin::AnySimpleType.type_def(), |e| Arc::clone(&e.def))
            };
            let name = entry.name.map(|n| {
                (
                    self.names.ns(n).unwrap_or("").to_string(),
                    self.names.local(n).to_string(),
                )
            });
            let (doc, line, column) = entry.at;
            let fail = |message: String| SchemaError {
                doc,
                line,
                column,
                message,
            };
            let built = match &entry.variety {
                Variety::Builtin(local) => {
                    let def = Builtin::from_local_name(local)
                        .unwrap_or(Builtin::AnySimpleType)
                        .type_def();
                    self.simple[i].def = def;
                    continue;
                }
                Variety::Restriction(facets) => {
                    let base = def_of(entry.base.unwrap_or(self.any_simple));
                    let mut specs = Vec::with_capacity(facets.len());
                    for facet in facets {
                        let Some(kind) = FacetKind::from_local_name(&facet.name) else {
                            return Err(fail(format!("<xs:{}> is not a facet", facet.name)));
                        };
                        specs.push(FacetSpec {
                            kind,
                            value: facet.value.clone(),
                            fixed: facet.fixed,
                            namespaces: facet
                                .scope
                                .iter()
                                .map(|(p, n)| (p.to_string(), n.to_string()))
                                .collect(),
                        });
                    }
                    SimpleType::restrict(&base, name, specs)
                }
                Variety::List(item) => SimpleType::list(name, def_of(*item)),
                Variety::Union(members) => SimpleType::union(name, members.iter().map(|&m| def_of(m)).collect()),
            };
            let finals = Final {
                restriction: entry.final_ & deriv::RESTRICTION != 0,
                list: entry.final_ & deriv::LIST != 0,
                union: entry.final_ & deriv::UNION != 0,
            };
            let def = built.map_err(|e| fail(e.message))?.with_final(finals);
            self.simple[i].def = Arc::new(def);
        }
        Ok(())
    }
}
