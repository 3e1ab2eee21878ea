//! Reading the schema documents into the model: which components each document declares, in
//! which target namespace (a no-namespace document included by another takes the includer's,
//! a chameleon include), and `xs:redefine`, where a redefined component refers to its old self.
//! Components are built on first reference and memoised; every global one is built, so
//! substitution groups are complete.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::tree::{Node, Tree, XSD};
use super::*;
use crate::xml::schema::{SchemaGraph, normalize};

/// A schema error, where it was found.
#[derive(Debug)]
pub(super) struct SchemaError {
    pub(super) doc: usize,
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) message: String,
}

pub(super) type Built<T> = std::result::Result<T, SchemaError>;

/// Kinds of named global components: each has its own symbol space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Element,
    Attribute,
    Type,
    Group,
    AttributeGroup,
}

/// How one document is read: its effective target namespace and its defaults.
#[derive(Debug, Clone)]
pub(super) struct Ctx {
    pub(super) doc: usize,
    pub(super) tns: Option<Arc<str>>,
    /// A no-namespace document read into `tns`: unqualified references take `tns`.
    pub(super) chameleon: bool,
    pub(super) element_qualified: bool,
    pub(super) attribute_qualified: bool,
    pub(super) block_default: u8,
    pub(super) final_default: u8,
}

/// Where a global component is written, and for a redefinition the component it replaces.
#[derive(Debug, Clone, Copy)]
pub(super) struct Src {
    pub(super) ctx: usize,
    pub(super) node: usize,
    pub(super) original: Option<usize>,
}

/// The loader's state: the trees, what each name means, and what has been built.
pub(super) struct Loader<'g> {
    pub(super) graph: &'g SchemaGraph,
    pub(super) trees: &'g [Tree],
    pub(super) ctxs: Vec<Ctx>,
    pub(super) srcs: Vec<Src>,
    pub(super) symbols: HashMap<(Kind, NameId), usize>,
    pub(super) schema: Schema,
    pub(super) built_elements: HashMap<usize, ElemId>,
    pub(super) built_types: HashMap<usize, TypeRef>,
    pub(super) built_attributes: HashMap<usize, (NameId, SimpleId, Option<ValueConstraint>)>,
    /// Global types being built, outermost first (a type met again derives from itself).
    pub(super) in_progress: Vec<usize>,
    pub(super) group_stack: Vec<usize>,
    /// Local (anonymous) types by (ctx, node), so a node read twice gives one type.
    pub(super) anonymous: HashMap<(usize, usize), TypeRef>,
    /// Complex types whose element content is still to be built.
    pub(super) plans: HashMap<ComplexId, super::complex::ContentPlan>,
    /// Built-in simple types created so far, by local name.
    pub(super) builtins: HashMap<String, SimpleId>,
    visited: HashSet<(usize, Option<Arc<str>>)>,
    by_rel: HashMap<String, usize>,
}

/// Reads the whole graph into a schema, or the first error that makes validation meaningless.
pub fn load(graph: &SchemaGraph) -> crate::error::Result<Schema> {
    load_trees(graph, &parse_documents(graph)?)
}

/// Every document of the graph as a tree, in the graph's order.
pub fn parse_documents(graph: &SchemaGraph) -> crate::error::Result<Vec<Tree>> {
    let mut trees = Vec::with_capacity(graph.docs.len());
    for (i, doc) in graph.docs.iter().enumerate() {
        let tree = Tree::parse(&doc.text).map_err(|message| {
            to_error(
                graph,
                &SchemaError {
                    doc: i,
                    line: 1,
                    column: 1,
                    message,
                },
            )
        })?;
        trees.push(tree);
    }
    Ok(trees)
}

/// Reads the graph's documents, already parsed ([`parse_documents`]), into a schema.
pub fn load_trees(graph: &SchemaGraph, trees: &[Tree]) -> crate::error::Result<Schema> {
    if trees.is_empty() {
        return Err(to_error(
            graph,
            &SchemaError {
                doc: 0,
                line: 1,
                column: 1,
                message: "no schema document".into(),
            },
        ));
    }
    let mut loader = Loader {
        graph,
        trees,
        ctxs: Vec::new(),
        srcs: Vec::new(),
        symbols: HashMap::new(),
        schema: Schema {
            names: Names::default(),
            elements: Vec::new(),
            global_elements: HashMap::new(),
            global_attributes: HashMap::new(),
            types: HashMap::new(),
            complex: Vec::new(),
            simple: Vec::new(),
            particles: Vec::new(),
            models: Vec::new(),
            identity: Vec::new(),
            substitutes: HashMap::new(),
            any_simple: 0,
        },
        built_elements: HashMap::new(),
        built_types: HashMap::new(),
        built_attributes: HashMap::new(),
        in_progress: Vec::new(),
        group_stack: Vec::new(),
        anonymous: HashMap::new(),
        plans: HashMap::new(),
        builtins: HashMap::new(),
        visited: HashSet::new(),
        by_rel: graph.docs.iter().enumerate().map(|(i, d)| (d.rel.clone(), i)).collect(),
    };
    loader.schema.any_simple = loader.builtin_simple("anySimpleType");
    loader.all_builtins();
    loader.register(0, None).map_err(|e| to_error(graph, &e))?;
    loader.build_all().map_err(|e| to_error(graph, &e))?;
    Ok(loader.schema)
}

fn to_error(graph: &SchemaGraph, error: &SchemaError) -> crate::Error {
    let file = if error.doc == 0 {
        graph.name.clone()
    } else {
        graph
            .docs
            .get(error.doc)
            .map_or_else(|| graph.name.clone(), |d| d.rel.clone())
    };
    crate::Error::framework(
        format!(
            "XML Schema {file}: line {}, column {}: {}",
            error.line, error.column, error.message
        ),
        Some("fix the schema; nifcheck cannot check XML payloads against a broken XSD".to_string()),
    )
}

/// Parses a `block`/`final` value (`#all` or a list of methods).
pub(super) fn derivation_set(value: &str) -> u8 {
    value.split_whitespace().fold(0, |set, token| {
        set | match token {
            "#all" => deriv::EXTENSION | deriv::RESTRICTION | deriv::SUBSTITUTION | deriv::LIST | deriv::UNION,
            "extension" => deriv::EXTENSION,
            "restriction" => deriv::RESTRICTION,
            "substitution" => deriv::SUBSTITUTION,
            "list" => deriv::LIST,
            "union" => deriv::UNION,
            _ => 0,
        }
    })
}

impl Loader<'_> {
    pub(super) fn tree(&self, ctx: usize) -> &Tree {
        let doc = self.ctxs.get(ctx).map_or(0, |c| c.doc);
        &self.trees[doc.min(self.trees.len() - 1)]
    }

    pub(super) fn node(&self, ctx: usize, node: usize) -> &Node {
        self.tree(ctx).node(node)
    }

    pub(super) fn error(&self, ctx: usize, node: usize, message: impl Into<String>) -> SchemaError {
        let n = self.node(ctx, node);
        SchemaError {
            doc: self.ctxs.get(ctx).map_or(0, |c| c.doc),
            line: n.line,
            column: n.column,
            message: message.into(),
        }
    }

    /// The target namespace of a context.
    pub(super) fn tns(&self, ctx: usize) -> Option<Arc<str>> {
        self.ctxs.get(ctx).and_then(|c| c.tns.clone())
    }

    /// Resolves a QName value written on `node` (`p:local` or `local`) to a name.
    pub(super) fn qname(&mut self, ctx: usize, node: usize, value: &str) -> Built<NameId> {
        let value = value.trim();
        let (prefix, local) = value.split_once(':').unwrap_or(("", value));
        let ns = self.node(ctx, node).namespace_of(prefix).map(Arc::<str>::from);
        if ns.is_none() && !prefix.is_empty() {
            return Err(self.error(ctx, node, format!("the prefix of `{value}` is not declared")));
        }
        let ns = match ns {
            None if self.ctxs.get(ctx).is_some_and(|c| c.chameleon) => self.tns(ctx),
            ns => ns,
        };
        Ok(self.schema.names.intern(ns.as_deref(), local))
    }

    /// The source of a global component, a redefinition's original when it names itself.
    pub(super) fn lookup(&self, kind: Kind, name: NameId, current: Option<usize>) -> Option<usize> {
        let found = *self.symbols.get(&(kind, name))?;
        if let Some(current) = current
            && found == current
        {
            // Only a redefinition means its old self; anything else naming itself is a cycle,
            // which the caller reports.
            return Some(self.srcs.get(current).and_then(|s| s.original).unwrap_or(found));
        }
        // A redefinition inside another: follow the chain back to the one being built.
        let mut at = found;
        while let Some(cur) = current {
            if at == cur {
                return Some(self.srcs.get(cur).and_then(|s| s.original).unwrap_or(at));
            }
            match self.srcs.get(at).and_then(|s| s.original) {
                Some(original) => at = original,
                None => break,
            }
        }
        Some(found)
    }

    fn register(&mut self, doc: usize, included_into: Option<Option<Arc<str>>>) -> Built<()> {
        let Some(tree) = self.trees.get(doc) else { return Ok(()) };
        let root = tree.node(0);
        if !root.is("schema") {
            return Err(SchemaError {
                doc,
                line: root.line,
                column: root.column,
                message: "the root element is not <xs:schema>".into(),
            });
        }
        let own = root
            .attr("targetNamespace")
            .filter(|t| !t.is_empty())
            .map(Arc::<str>::from);
        let (tns, chameleon) = match included_into {
            Some(outer) if own.is_none() && outer.is_some() => (outer, true),
            Some(outer) if own != outer => {
                return Err(SchemaError {
                    doc,
                    line: root.line,
                    column: root.column,
                    message: format!(
                        "an included schema must have the includer's target namespace ({}), not {}",
                        outer.as_deref().unwrap_or("none"),
                        own.as_deref().unwrap_or("none")
                    ),
                });
            }
            _ => (own, false),
        };
        if !self.visited.insert((doc, tns.clone())) {
            return Ok(());
        }
        let ctx = self.ctxs.len();
        self.ctxs.push(Ctx {
            doc,
            tns: tns.clone(),
            chameleon,
            element_qualified: root.attr("elementFormDefault") == Some("qualified"),
            attribute_qualified: root.attr("attributeFormDefault") == Some("qualified"),
            block_default: derivation_set(root.attr("blockDefault").unwrap_or("")),
            final_default: derivation_set(root.attr("finalDefault").unwrap_or("")),
        });
        let children: Vec<usize> = self.trees[doc].xsd_children(0).map(|(i, _)| i).collect();
        for child in children {
            let node = &self.trees[doc].nodes[child];
            match &*node.local {
                kind @ ("include" | "import" | "redefine") => {
                    let kind = kind.to_string();
                    let Some(target) = node.attr("schemaLocation").and_then(|l| self.locate(doc, l)) else {
                        continue;
                    };
                    if kind == "import" {
                        self.register(target, None)?;
                    } else {
                        self.register(target, Some(tns.clone()))?;
                    }
                    if kind == "redefine" {
                        let redefined: Vec<usize> = self.trees[doc].xsd_children(child).map(|(i, _)| i).collect();
                        for component in redefined {
                            self.declare(ctx, component, true)?;
                        }
                    }
                }
                _ => self.declare(ctx, child, false)?,
            }
        }
        Ok(())
    }

    /// The document a `schemaLocation` names, relative to the document that writes it.
    fn locate(&self, doc: usize, location: &str) -> Option<usize> {
        let rel = &self.graph.docs.get(doc)?.rel;
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = if dir.is_empty() {
            location.to_string()
        } else {
            format!("{dir}/{location}")
        };
        self.by_rel.get(&normalize(&joined)?).copied()
    }

    /// Records a top-level component under its name.
    fn declare(&mut self, ctx: usize, node: usize, redefinition: bool) -> Built<()> {
        let n = self.node(ctx, node);
        let kind = match &*n.local {
            "element" => Kind::Element,
            "attribute" => Kind::Attribute,
            "complexType" | "simpleType" => Kind::Type,
            "group" => Kind::Group,
            "attributeGroup" => Kind::AttributeGroup,
            _ => return Ok(()),
        };
        let Some(local) = n.attr("name").map(str::to_string) else {
            return Err(self.error(ctx, node, format!("a global <xs:{}> has no name", n.local)));
        };
        let tns = self.tns(ctx);
        let name = self.schema.names.intern(tns.as_deref(), &local);
        let src = self.srcs.len();
        let original = if redefinition {
            match self.symbols.get(&(kind, name)) {
                Some(&original) => Some(original),
                None => {
                    return Err(self.error(
                        ctx,
                        node,
                        format!("xs:redefine of `{local}`, which the redefined schema does not define"),
                    ));
                }
            }
        } else {
            None
        };
        self.srcs.push(Src { ctx, node, original });
        if redefinition || !self.symbols.contains_key(&(kind, name)) {
            self.symbols.insert((kind, name), src);
        }
        Ok(())
    }

    /// Builds every global component, then substitution groups and content models.
    fn build_all(&mut self) -> Built<()> {
        let mut symbols: Vec<((Kind, NameId), usize)> = self.symbols.iter().map(|(k, v)| (*k, *v)).collect();
        symbols.sort_by_key(|(_, src)| *src);
        for ((kind, name), src) in symbols {
            match kind {
                Kind::Element => {
                    let id = self.global_element(src)?;
                    self.schema.global_elements.insert(name, id);
                }
                Kind::Type => {
                    let ty = self.global_type(src)?;
                    self.schema.types.insert(name, ty);
                }
                Kind::Attribute => {
                    let (_, ty, value) = self.global_attribute(src)?;
                    self.schema.global_attributes.insert(name, (ty, value));
                }
                Kind::Group | Kind::AttributeGroup => {}
            }
        }
        self.substitution_groups();
        self.compile_models()
    }

    /// A global type by name, for `type`, `base`, `itemType`… references.
    pub(super) fn type_by_name(
        &mut self,
        ctx: usize,
        node: usize,
        name: NameId,
        current: Option<usize>,
    ) -> Built<TypeRef> {
        if self.schema.names.ns(name) == Some(XSD) {
            let local = self.schema.names.local(name).to_string();
            if local == "anyType" {
                return Ok(TypeRef::AnyType);
            }
            if let Some(id) = self.builtin_simple_checked(&local) {
                return Ok(TypeRef::Simple(id));
            }
        }
        match self.lookup(Kind::Type, name, current) {
            Some(src) => self.global_type(src),
            None => Err(self.error(
                ctx,
                node,
                format!("type `{}` is not defined", self.schema.names.local(name)),
            )),
        }
    }

    /// Builds the global type written at `src`.
    pub(super) fn global_type(&mut self, src: usize) -> Built<TypeRef> {
        if let Some(&ty) = self.built_types.get(&src) {
            return Ok(ty);
        }
        let Src { ctx, node, .. } = self.srcs[src];
        if let Some(at) = self.in_progress.iter().position(|&s| s == src) {
            let names: Vec<&str> = self.in_progress[at..]
                .iter()
                .chain(std::iter::once(&src))
                .map(|&s| {
                    let Src { ctx, node, .. } = self.srcs[s];
                    self.node(ctx, node).attr("name").unwrap_or("")
                })
                .collect();
            let cycle = names.join(" → ");
            return Err(self.error(ctx, node, format!("a type derives from itself ({cycle})")));
        }
        self.in_progress.push(src);
        let name = {
            let local = self.node(ctx, node).attr("name").unwrap_or("").to_string();
            let tns = self.tns(ctx);
            Some(self.schema.names.intern(tns.as_deref(), &local))
        };
        let ty = if self.node(ctx, node).is("complexType") {
            self.complex_type(ctx, node, name, Some(src))?
        } else {
            TypeRef::Simple(self.simple_type(ctx, node, name, Some(src))?)
        };
        self.in_progress.pop();
        self.built_types.insert(src, ty);
        Ok(ty)
    }

    /// Members of every substitution group, transitively, without those the head blocks.
    fn substitution_groups(&mut self) {
        let heads: Vec<(ElemId, ElemId)> = self
            .schema
            .elements
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((e.head?, i)))
            .collect();
        let mut direct: HashMap<ElemId, Vec<ElemId>> = HashMap::new();
        for (head, member) in heads {
            direct.entry(head).or_default().push(member);
        }
        let all_heads: Vec<ElemId> = direct.keys().copied().collect();
        for head in all_heads {
            let Some(decl) = self.schema.elements.get(head) else {
                continue;
            };
            let (head_type, head_block) = (decl.ty, decl.block);
            let type_block = match head_type {
                TypeRef::Complex(c) => self.schema.complex.get(c).map_or(0, |t| t.block),
                _ => 0,
            };
            if head_block & deriv::SUBSTITUTION != 0 {
                continue;
            }
            let mut members = Vec::new();
            let mut queue: Vec<ElemId> = direct.get(&head).cloned().unwrap_or_default();
            let mut seen: HashSet<ElemId> = HashSet::new();
            while let Some(member) = queue.pop() {
                if !seen.insert(member) {
                    continue;
                }
                if let Some(more) = direct.get(&member) {
                    queue.extend(more.iter().copied());
                }
                let Some(m) = self.schema.elements.get(member) else {
                    continue;
                };
                let blocked = (head_block | type_block) & (deriv::EXTENSION | deriv::RESTRICTION);
                if self.schema.derives(m.ty, head_type, blocked) || blocked == 0 {
                    members.push(member);
                }
            }
            members.sort_unstable();
            self.schema.substitutes.insert(head, members);
        }
    }
}
