//! Particles of content models as written: elements, wildcards and model groups with their
//! occurrence bounds, named groups expanded where they are referenced.

use super::load::{Built, Kind, Loader};
use super::*;
use serde::{Deserialize, Serialize};

/// `maxOccurs="unbounded"`.
pub const UNBOUNDED: u32 = u32::MAX;

/// A particle: a term and how often it occurs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Particle {
    /// `minOccurs`.
    pub min: u32,
    /// `maxOccurs`, [`UNBOUNDED`] for unbounded.
    pub max: u32,
    /// What occurs.
    pub term: Term,
}

/// What a particle holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Term {
    /// An element declaration (and, through it, its substitution group).
    Element(ElemId),
    /// An element wildcard.
    Any(Wildcard),
    /// `xs:sequence`.
    Sequence(Vec<PartId>),
    /// `xs:choice`.
    Choice(Vec<PartId>),
    /// `xs:all`.
    All(Vec<PartId>),
}

fn occurs(value: Option<&str>, default: u32) -> Option<u32> {
    match value.map(str::trim) {
        None => Some(default),
        Some("unbounded") => Some(UNBOUNDED),
        Some(v) => v.parse::<u64>().ok().map(|n| u32::try_from(n).unwrap_or(UNBOUNDED - 1)),
    }
}

impl Loader<'_> {
    /// The particle written at `node` (`None` when it may not occur at all).
    pub(super) fn particle(&mut self, ctx: usize, node: usize, current: Option<usize>) -> Built<Option<PartId>> {
        let n = self.node(ctx, node);
        let (Some(min), Some(max)) = (occurs(n.attr("minOccurs"), 1), occurs(n.attr("maxOccurs"), 1)) else {
            return Err(self.error(ctx, node, "minOccurs and maxOccurs are numbers (or unbounded)"));
        };
        if max < min {
            return Err(self.error(ctx, node, "maxOccurs is less than minOccurs"));
        }
        if max == 0 {
            return Ok(None);
        }
        let local = n.local.to_string();
        let term = match local.as_str() {
            "element" => Term::Element(self.local_element(ctx, node)?),
            "any" => Term::Any(self.wildcard(ctx, node)),
            "sequence" | "choice" | "all" => {
                let children: Vec<usize> = self.tree(ctx).xsd_children(node).map(|(i, _)| i).collect();
                let mut parts = Vec::new();
                for child in children {
                    if let Some(p) = self.particle(ctx, child, current)? {
                        parts.push(p);
                    }
                }
                match local.as_str() {
                    "sequence" => Term::Sequence(parts),
                    "choice" => Term::Choice(parts),
                    _ => Term::All(parts),
                }
            }
            "group" => return self.group_reference(ctx, node, min, max, current),
            _ => return Ok(None),
        };
        Ok(Some(self.push_particle(min, max, term)))
    }

    pub(super) fn push_particle(&mut self, min: u32, max: u32, term: Term) -> PartId {
        self.schema.particles.push(Particle { min, max, term });
        self.schema.particles.len() - 1
    }

    /// A `<xs:group ref>`: the named group's model group, with the reference's bounds.
    fn group_reference(
        &mut self,
        ctx: usize,
        node: usize,
        min: u32,
        max: u32,
        current: Option<usize>,
    ) -> Built<Option<PartId>> {
        let Some(reference) = self.node(ctx, node).attr("ref").map(str::to_string) else {
            return Err(self.error(ctx, node, "a <xs:group> inside a content model needs a ref"));
        };
        let name = self.qname(ctx, node, &reference)?;
        let Some(src) = self.lookup(Kind::Group, name, current) else {
            return Err(self.error(ctx, node, format!("group `{reference}` is not defined")));
        };
        if self.group_stack.contains(&src) {
            return Err(self.error(
                ctx,
                node,
                format!("group `{reference}` contains itself (a circular group)"),
            ));
        }
        let super::load::Src {
            ctx: gctx, node: gnode, ..
        } = self.srcs[src];
        let Some((body, _)) = self
            .tree(gctx)
            .xsd_children(gnode)
            .find(|(_, c)| matches!(&*c.local, "sequence" | "choice" | "all"))
        else {
            return Ok(None);
        };
        self.group_stack.push(src);
        let built = self.particle(gctx, body, Some(src));
        self.group_stack.pop();
        let Some(inner) = built? else { return Ok(None) };
        let term = self.schema.particles[inner].term.clone();
        Ok(Some(self.push_particle(min, max, term)))
    }

    /// An `xs:any` or `xs:anyAttribute`.
    pub(super) fn wildcard(&self, ctx: usize, node: usize) -> Wildcard {
        let n = self.node(ctx, node);
        let tns = self.tns(ctx);
        let process = match n.attr("processContents") {
            Some("lax") => Process::Lax,
            Some("skip") => Process::Skip,
            _ => Process::Strict,
        };
        let ns = match n.attr("namespace").map(str::trim) {
            None | Some("##any") => NsSet::Any,
            Some("##other") => NsSet::Not(vec![tns, None]),
            Some(list) => NsSet::Only(
                list.split_whitespace()
                    .map(|t| match t {
                        "##targetNamespace" => tns.clone(),
                        "##local" => None,
                        uri => Some(Arc::from(uri)),
                    })
                    .collect(),
            ),
        };
        Wildcard { ns, process }
    }
}
