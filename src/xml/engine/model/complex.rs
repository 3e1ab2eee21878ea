//! Complex type definitions: derivation by extension (base content, then the extension's;
//! attribute uses merged, wildcards unioned) and by restriction (content as written, attribute
//! uses inherited unless prohibited). Element content is built after every type exists, so
//! recursive structures (a group holding an element whose type uses the group) are fine.

use super::load::{Built, Kind, Loader, derivation_set};
use super::*;

/// How a complex type's element content is made, built once every type exists.
#[derive(Debug, Clone, Copy)]
pub(super) struct ContentPlan {
    ctx: usize,
    /// The model group written (`None`: empty).
    particle: Option<usize>,
    /// The base whose content comes first (extension).
    extends: Option<TypeRef>,
    mixed: bool,
    current: Option<usize>,
}

impl Loader<'_> {
    /// Builds the complex type written at `node`.
    pub(super) fn complex_type(
        &mut self,
        ctx: usize,
        node: usize,
        name: Option<NameId>,
        current: Option<usize>,
    ) -> Built<TypeRef> {
        let n = self.node(ctx, node);
        let defaults = self
            .ctxs
            .get(ctx)
            .map_or((0, 0), |c| (c.block_default, c.final_default));
        let is_abstract = n.attr("abstract").is_some_and(super::element::is_true);
        let block = n.attr("block").map_or(defaults.0, derivation_set) & (deriv::EXTENSION | deriv::RESTRICTION);
        let final_ = n.attr("final").map_or(defaults.1, derivation_set) & (deriv::EXTENSION | deriv::RESTRICTION);
        let mut mixed = n.attr("mixed").is_some_and(super::element::is_true);
        let id = self.schema.complex.len();
        self.schema.complex.push(ComplexType {
            name,
            base: TypeRef::AnyType,
            method: deriv::RESTRICTION,
            is_abstract,
            block,
            final_,
            content: Content::Empty,
            attributes: Vec::new(),
            any_attribute: None,
            model: None,
        });
        let simple = self.tree(ctx).child(node, "simpleContent").map(|(i, _)| i);
        let complex = self.tree(ctx).child(node, "complexContent").map(|(i, _)| i);
        let (derivation, base, method) = match simple.or(complex) {
            Some(wrapper) => {
                if let Some(m) = self.node(ctx, wrapper).attr("mixed") {
                    mixed = super::element::is_true(m);
                }
                let Some((derivation, d)) = self
                    .tree(ctx)
                    .xsd_children(wrapper)
                    .find(|(_, c)| matches!(&*c.local, "extension" | "restriction"))
                else {
                    return Err(self.error(ctx, wrapper, "expected <xs:extension> or <xs:restriction>"));
                };
                let method = if &*d.local == "extension" {
                    deriv::EXTENSION
                } else {
                    deriv::RESTRICTION
                };
                let Some(base) = d.attr("base").map(str::to_string) else {
                    return Err(self.error(ctx, derivation, "a derivation needs a base"));
                };
                let base_name = self.qname(ctx, derivation, &base)?;
                let base = self.type_by_name(ctx, derivation, base_name, current)?;
                (derivation, base, method)
            }
            None => (node, TypeRef::AnyType, deriv::RESTRICTION),
        };
        if let TypeRef::Complex(b) = base
            && self.schema.complex.get(b).is_some_and(|b| b.final_ & method != 0)
        {
            return Err(self.error(ctx, derivation, "the base type's final forbids this derivation"));
        }
        let (mut uses, own_wildcard) = self.attribute_uses(ctx, derivation, current)?;
        let (base_uses, base_wildcard) = match base {
            TypeRef::Complex(b) => self
                .schema
                .complex
                .get(b)
                .map(|b| (b.attributes.clone(), b.any_attribute.clone()))
                .unwrap_or_default(),
            TypeRef::AnyType if simple.or(complex).is_some() => (
                Vec::new(),
                Some(Wildcard {
                    ns: NsSet::Any,
                    process: Process::Lax,
                }),
            ),
            _ => (Vec::new(), None),
        };
        let any_attribute = if method == deriv::EXTENSION {
            match (base_wildcard, own_wildcard) {
                (Some(b), Some(o)) => Some(o.union(&b)),
                (b, o) => o.or(b),
            }
        } else {
            own_wildcard
        };
        for inherited in base_uses {
            if !uses.iter().any(|u| u.name == inherited.name) {
                uses.push(inherited);
            }
        }
        uses.retain(|u| !u.prohibited);
        let ids = uses
            .iter()
            .filter(|u| self.schema.simple.get(u.ty).is_some_and(SimpleEntry::is_id))
            .count();
        if ids > 1 {
            return Err(self.error(
                ctx,
                node,
                "a complex type has two attributes of type ID (ct-props-correct 5)",
            ));
        }
        let content = if simple.is_some() {
            Content::Simple(self.simple_content(ctx, derivation, base, method, current)?)
        } else {
            let particle = self
                .tree(ctx)
                .xsd_children(derivation)
                .find(|(_, c)| matches!(&*c.local, "sequence" | "choice" | "all" | "group"))
                .map(|(i, _)| i);
            self.plans.insert(
                id,
                ContentPlan {
                    ctx,
                    particle,
                    extends: (method == deriv::EXTENSION).then_some(base),
                    mixed,
                    current,
                },
            );
            Content::Empty
        };
        if let Some(ct) = self.schema.complex.get_mut(id) {
            ct.base = base;
            ct.method = method;
            ct.content = content;
            ct.attributes = uses;
            ct.any_attribute = any_attribute;
        }
        Ok(TypeRef::Complex(id))
    }

    /// The content of a complex type with element content, built once.
    pub(super) fn element_content(&mut self, id: ComplexId) -> Built<()> {
        let Some(plan) = self.plans.remove(&id) else {
            return Ok(());
        };
        let own = match plan.particle {
            Some(p) => self
                .particle(plan.ctx, p, plan.current)?
                .filter(|&p| !self.is_empty_group(p)),
            None => None,
        };
        let base = match plan.extends {
            Some(TypeRef::Complex(b)) => {
                self.element_content(b)?;
                self.schema.complex.get(b).map(|b| b.content.clone())
            }
            Some(TypeRef::AnyType) => {
                let any = Wildcard {
                    ns: NsSet::Any,
                    process: Process::Lax,
                };
                let p = self.push_particle(0, particle::UNBOUNDED, Term::Any(any));
                Some(Content::Elements {
                    particle: p,
                    mixed: true,
                })
            }
            _ => None,
        };
        let content = match (base, own) {
            (Some(Content::Elements { particle, .. }), Some(own)) => {
                let both = self.push_particle(1, 1, Term::Sequence(vec![particle, own]));
                Content::Elements {
                    particle: both,
                    mixed: plan.mixed,
                }
            }
            (Some(Content::Elements { particle, mixed }), None) => Content::Elements {
                particle,
                mixed: mixed || plan.mixed,
            },
            (Some(Content::Simple(s)), _) => Content::Simple(s),
            (_, Some(own)) => Content::Elements {
                particle: own,
                mixed: plan.mixed,
            },
            (_, None) if plan.mixed => {
                let none = self.push_particle(1, 1, Term::Sequence(Vec::new()));
                Content::Elements {
                    particle: none,
                    mixed: true,
                }
            }
            (_, None) => Content::Empty,
        };
        if let Some(ct) = self.schema.complex.get_mut(id) {
            ct.content = content;
        }
        Ok(())
    }

    /// A sequence or all with nothing in it (an empty content model).
    fn is_empty_group(&self, p: PartId) -> bool {
        match self.schema.particles.get(p).map(|p| &p.term) {
            Some(Term::Sequence(c) | Term::All(c)) => c.iter().all(|&c| self.is_empty_group(c)),
            _ => false,
        }
    }

    /// Attribute uses and the wildcard written on a type or derivation (groups expanded).
    fn attribute_uses(
        &mut self,
        ctx: usize,
        node: usize,
        current: Option<usize>,
    ) -> Built<(Vec<AttributeUse>, Option<Wildcard>)> {
        let mut uses: Vec<AttributeUse> = Vec::new();
        let mut wildcard: Option<Wildcard> = None;
        let mut group_wildcards: Vec<Wildcard> = Vec::new();
        let children: Vec<(usize, String)> = self
            .tree(ctx)
            .xsd_children(node)
            .map(|(i, c)| (i, c.local.to_string()))
            .collect();
        for (child, local) in children {
            match local.as_str() {
                "attribute" => {
                    let used = self.attribute_use(ctx, child)?;
                    uses.retain(|u| u.name != used.name);
                    uses.push(used);
                }
                "attributeGroup" => {
                    let Some(reference) = self.node(ctx, child).attr("ref").map(str::to_string) else {
                        continue;
                    };
                    let name = self.qname(ctx, child, &reference)?;
                    let Some(src) = self.lookup(Kind::AttributeGroup, name, current) else {
                        return Err(self.error(ctx, child, format!("attribute group `{reference}` is not defined")));
                    };
                    if self.group_stack.contains(&src) {
                        return Err(self.error(ctx, child, format!("attribute group `{reference}` contains itself")));
                    }
                    let super::load::Src {
                        ctx: gctx, node: gnode, ..
                    } = self.srcs[src];
                    self.group_stack.push(src);
                    let found = self.attribute_uses(gctx, gnode, Some(src));
                    self.group_stack.pop();
                    let (more, more_wildcard) = found?;
                    for used in more {
                        uses.retain(|u| u.name != used.name);
                        uses.push(used);
                    }
                    if let Some(more) = more_wildcard {
                        group_wildcards.push(more);
                    }
                }
                "anyAttribute" => wildcard = Some(self.wildcard(ctx, child)),
                _ => {}
            }
        }
        // The complete wildcard: the type's own and its groups' wildcards intersected, with
        // the own one's processContents (XSD 1.0 §3.4.2).
        let mut groups = group_wildcards.into_iter();
        let complete = match wildcard {
            Some(own) => Some(groups.fold(own, |w, g| w.intersect(&g))),
            None => groups.next().map(|first| groups.fold(first, |w, g| w.intersect(&g))),
        };
        Ok((uses, complete))
    }

    fn attribute_use(&mut self, ctx: usize, node: usize) -> Built<AttributeUse> {
        let n = self.node(ctx, node);
        let required = n.attr("use") == Some("required");
        let prohibited = n.attr("use") == Some("prohibited");
        let own_value = super::element::value_constraint(n);
        if let Some(reference) = n.attr("ref").map(str::to_string) {
            let name = self.qname(ctx, node, &reference)?;
            let Some(src) = self.lookup(Kind::Attribute, name, None) else {
                if self.schema.names.ns(name) == Some(tree::XML_NS) {
                    let ty = self.schema.any_simple;
                    return Ok(AttributeUse {
                        name,
                        ty,
                        required,
                        prohibited,
                        value: own_value,
                    });
                }
                return Err(self.error(ctx, node, format!("attribute `{reference}` is not declared")));
            };
            let (name, ty, value) = self.global_attribute(src)?;
            return Ok(AttributeUse {
                name,
                ty,
                required,
                prohibited,
                value: own_value.or(value),
            });
        }
        let Some(local) = n.attr("name").map(str::to_string) else {
            return Err(self.error(ctx, node, "a local <xs:attribute> has neither name nor ref"));
        };
        let qualified = match n.attr("form") {
            Some(form) => form == "qualified",
            None => self.ctxs.get(ctx).is_some_and(|c| c.attribute_qualified),
        };
        let ns = if qualified { self.tns(ctx) } else { None };
        let name = self.schema.names.intern(ns.as_deref(), &local);
        let ty = self.attribute_type(ctx, node)?;
        Ok(AttributeUse {
            name,
            ty,
            required,
            prohibited,
            value: own_value,
        })
    }

    /// Builds every complex type's element content, then compiles the content models.
    pub(super) fn compile_models(&mut self) -> Built<()> {
        let mut id = 0;
        // Building content reads local elements, which may add types: loop until none is left.
        while id < self.schema.complex.len() {
            self.element_content(id)?;
            id += 1;
        }
        // Local declarations read with the content added simple types: all exist now.
        self.schema.build_simple_types()?;
        self.resolve_keyrefs()?;
        for id in 0..self.schema.complex.len() {
            if let Some(Content::Elements { particle, .. }) = self.schema.complex.get(id).map(|c| c.content.clone()) {
                let model = super::super::content::Model::compile(&self.schema, particle)
                    .map_err(|message| self.type_error(id, message))?;
                self.schema.models.push(model);
                let index = self.schema.models.len() - 1;
                if let Some(ct) = self.schema.complex.get_mut(id) {
                    ct.model = Some(index);
                }
            }
        }
        Ok(())
    }

    fn type_error(&self, id: ComplexId, message: String) -> super::load::SchemaError {
        let name = self.schema.complex.get(id).and_then(|c| c.name).map_or_else(
            || "an anonymous type".to_string(),
            |n| format!("type `{}`", self.schema.names.local(n)),
        );
        super::load::SchemaError {
            doc: 0,
            line: 1,
            column: 1,
            message: format!("{name}: {message}"),
        }
    }
}
