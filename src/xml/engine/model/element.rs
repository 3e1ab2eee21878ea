//! Element and attribute declarations, global and local.

use super::load::{Built, Kind, Loader, derivation_set};
use super::*;

impl Loader<'_> {
    /// Builds the global element written at `src`.
    pub(super) fn global_element(&mut self, src: usize) -> Built<ElemId> {
        if let Some(&id) = self.built_elements.get(&src) {
            return Ok(id);
        }
        let super::load::Src { ctx, node, .. } = self.srcs[src];
        let tns = self.tns(ctx);
        let local = self.node(ctx, node).attr("name").unwrap_or("").to_string();
        let name = self.schema.names.intern(tns.as_deref(), &local);
        let id = self.schema.elements.len();
        self.schema.elements.push(placeholder(name));
        self.built_elements.insert(src, id);
        let head = match self.node(ctx, node).attr("substitutionGroup").map(str::to_string) {
            Some(head) => {
                let head_name = self.qname(ctx, node, &head)?;
                Some(self.element_by_name(ctx, node, head_name)?)
            }
            None => None,
        };
        self.fill_element(ctx, node, id, head)?;
        Ok(id)
    }

    /// A global element by name.
    pub(super) fn element_by_name(&mut self, ctx: usize, node: usize, name: NameId) -> Built<ElemId> {
        match self.lookup(Kind::Element, name, None) {
            Some(src) => self.global_element(src),
            None => Err(self.error(
                ctx,
                node,
                format!("element `{}` is not declared", self.schema.names.local(name)),
            )),
        }
    }

    /// A local element declaration, or the global one it refers to.
    pub(super) fn local_element(&mut self, ctx: usize, node: usize) -> Built<ElemId> {
        if let Some(reference) = self.node(ctx, node).attr("ref").map(str::to_string) {
            let name = self.qname(ctx, node, &reference)?;
            return self.element_by_name(ctx, node, name);
        }
        let n = self.node(ctx, node);
        let Some(local) = n.attr("name").map(str::to_string) else {
            return Err(self.error(ctx, node, "a local <xs:element> has neither name nor ref"));
        };
        let qualified = match n.attr("form") {
            Some(form) => form == "qualified",
            None => self.ctxs.get(ctx).is_some_and(|c| c.element_qualified),
        };
        let ns = if qualified { self.tns(ctx) } else { None };
        let name = self.schema.names.intern(ns.as_deref(), &local);
        let id = self.schema.elements.len();
        self.schema.elements.push(placeholder(name));
        self.fill_element(ctx, node, id, None)?;
        Ok(id)
    }

    fn fill_element(&mut self, ctx: usize, node: usize, id: ElemId, head: Option<ElemId>) -> Built<()> {
        let ty = self.declared_type(ctx, node, head)?;
        let n = self.node(ctx, node);
        let defaults = self
            .ctxs
            .get(ctx)
            .map_or((0, 0), |c| (c.block_default, c.final_default));
        let block = n.attr("block").map_or(defaults.0, derivation_set)
            & (deriv::EXTENSION | deriv::RESTRICTION | deriv::SUBSTITUTION);
        let final_ = n.attr("final").map_or(defaults.1, derivation_set) & (deriv::EXTENSION | deriv::RESTRICTION);
        let value = value_constraint(n);
        let nillable = n.attr("nillable").is_some_and(is_true);
        let is_abstract = n.attr("abstract").is_some_and(is_true);
        let constraints: Vec<usize> = self
            .tree(ctx)
            .xsd_children(node)
            .filter(|(_, c)| matches!(&*c.local, "key" | "keyref" | "unique"))
            .map(|(i, _)| i)
            .collect();
        let mut identity = Vec::new();
        for constraint in constraints {
            identity.push(self.identity_constraint(ctx, constraint)?);
        }
        if let Some(decl) = self.schema.elements.get_mut(id) {
            decl.ty = ty;
            decl.nillable = nillable;
            decl.is_abstract = is_abstract;
            decl.value = value;
            decl.block = block;
            decl.final_ = final_;
            decl.head = head;
            decl.identity = identity;
        }
        Ok(())
    }

    /// The type of a declaration: `type`, an anonymous type, the head's type, or `anyType`.
    fn declared_type(&mut self, ctx: usize, node: usize, head: Option<ElemId>) -> Built<TypeRef> {
        if let Some(ty) = self.node(ctx, node).attr("type").map(str::to_string) {
            let name = self.qname(ctx, node, &ty)?;
            return self.type_by_name(ctx, node, name, None);
        }
        if let Some((child, _)) = self.tree(ctx).child(node, "complexType") {
            return self.anonymous_type(ctx, child);
        }
        if let Some((child, _)) = self.tree(ctx).child(node, "simpleType") {
            return self.anonymous_type(ctx, child);
        }
        Ok(head
            .and_then(|h| self.schema.elements.get(h))
            .map_or(TypeRef::AnyType, |h| h.ty))
    }

    /// A type written inside a declaration, built once.
    pub(super) fn anonymous_type(&mut self, ctx: usize, node: usize) -> Built<TypeRef> {
        if let Some(&ty) = self.anonymous.get(&(ctx, node)) {
            return Ok(ty);
        }
        let ty = if self.node(ctx, node).is("complexType") {
            self.complex_type(ctx, node, None, None)?
        } else {
            TypeRef::Simple(self.simple_type(ctx, node, None, None)?)
        };
        self.anonymous.insert((ctx, node), ty);
        Ok(ty)
    }

    /// Builds the global attribute written at `src`: its name, type and value constraint.
    pub(super) fn global_attribute(&mut self, src: usize) -> Built<(NameId, SimpleId, Option<ValueConstraint>)> {
        if let Some(built) = self.built_attributes.get(&src) {
            return Ok(built.clone());
        }
        let super::load::Src { ctx, node, .. } = self.srcs[src];
        let tns = self.tns(ctx);
        let local = self.node(ctx, node).attr("name").unwrap_or("").to_string();
        let name = self.schema.names.intern(tns.as_deref(), &local);
        let ty = self.attribute_type(ctx, node)?;
        let built = (name, ty, value_constraint(self.node(ctx, node)));
        self.built_attributes.insert(src, built.clone());
        Ok(built)
    }

    /// The simple type of an attribute declaration (`anySimpleType` when none is given).
    pub(super) fn attribute_type(&mut self, ctx: usize, node: usize) -> Built<SimpleId> {
        let ty = if let Some(ty) = self.node(ctx, node).attr("type").map(str::to_string) {
            let name = self.qname(ctx, node, &ty)?;
            self.type_by_name(ctx, node, name, None)?
        } else if let Some((child, _)) = self.tree(ctx).child(node, "simpleType") {
            self.anonymous_type(ctx, child)?
        } else {
            return Ok(self.schema.any_simple);
        };
        match ty {
            TypeRef::Simple(id) => Ok(id),
            _ => Err(self.error(ctx, node, "an attribute's type must be a simple type")),
        }
    }
}

fn placeholder(name: NameId) -> ElementDecl {
    ElementDecl {
        name,
        ty: TypeRef::AnyType,
        nillable: false,
        is_abstract: false,
        value: None,
        block: 0,
        final_: 0,
        head: None,
        identity: Vec::new(),
    }
}

/// `true` or `1`.
pub(super) fn is_true(value: &str) -> bool {
    matches!(value.trim(), "true" | "1")
}

/// The `fixed` or `default` of a declaration or use.
pub(super) fn value_constraint(n: &tree::Node) -> Option<ValueConstraint> {
    let (fixed, text) = match (n.attr("fixed"), n.attr("default")) {
        (Some(f), _) => (true, f),
        (None, Some(d)) => (false, d),
        (None, None) => return None,
    };
    Some(ValueConstraint {
        fixed,
        text: text.to_string(),
        scope: std::sync::Arc::clone(&n.scope),
    })
}
