//! Content models compiled for matching: each particle becomes a node with its bounds, the
//! leaves (element declarations with their substitution groups, wildcards) that can start it,
//! and whether it may be empty. Matching keeps one counter and one position per node, so a
//! `maxOccurs="5000"` costs one counter, not 5000 states; the Unique Particle Attribution
//! constraint (checked at compile time) makes the first matching choice the only one.
//!
//! After an error the matcher can skip required particles to place the element where it fits,
//! naming what is missing, so one cause gives one finding.

mod upa;

use super::model::{ElemId, NameId, PartId, Schema, Term, Wildcard};

/// A leaf that matched an element.
#[derive(Debug, Clone, Copy)]
pub enum Hit<'m> {
    /// An element declaration (the head or a member of its substitution group).
    Element(ElemId),
    /// A wildcard.
    Any(&'m Wildcard),
}

#[derive(Debug, Clone)]
enum Kind {
    /// Element names this leaf matches (sorted by name) and the declaration for each.
    Elements(Vec<(NameId, ElemId)>),
    Any(Wildcard),
    Sequence(Vec<usize>),
    Choice(Vec<usize>),
    All(Vec<usize>),
}

#[derive(Debug, Clone)]
struct Node {
    min: u32,
    max: u32,
    kind: Kind,
    /// Leaves that can start the node.
    first: Vec<usize>,
    /// The node may match nothing.
    nullable: bool,
    /// One iteration may match nothing.
    body_nullable: bool,
}

/// A compiled content model.
#[derive(Debug, Clone)]
pub struct Model {
    nodes: Vec<Node>,
    root: usize,
}

/// The matching state of one element's content: a counter and a position per node.
#[derive(Debug, Clone, Copy, Default)]
pub struct Slot {
    count: u32,
    pos: u32,
}

/// An element as the matcher sees it: its interned name when the schema knows it, and its
/// namespace (for wildcards).
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// The interned name.
    pub name: Option<NameId>,
    /// The namespace.
    pub ns: Option<&'a str>,
}

impl Model {
    /// Compiles the particle `root` of `schema`.
    pub fn compile(schema: &Schema, root: PartId) -> Result<Model, String> {
        let mut model = Model {
            nodes: Vec::new(),
            root: 0,
        };
        model.root = model.add(schema, root, 0)?;
        upa::check(&model, schema)?;
        Ok(model)
    }

    fn add(&mut self, schema: &Schema, part: PartId, depth: usize) -> Result<usize, String> {
        if depth > 512 {
            return Err("a content model nests too deep".into());
        }
        let Some(p) = schema.particles.get(part) else {
            return Err("a content model refers to a missing particle".into());
        };
        let kind = match &p.term {
            Term::Element(e) => {
                let mut names: Vec<(NameId, ElemId)> = Vec::new();
                if let Some(decl) = schema.elements.get(*e) {
                    names.push((decl.name, *e));
                }
                for &member in schema.substitutes.get(e).map_or(&[][..], Vec::as_slice) {
                    if let Some(decl) = schema.elements.get(member)
                        && !names.iter().any(|(n, _)| *n == decl.name)
                    {
                        names.push((decl.name, member));
                    }
                }
                names.sort_unstable();
                Kind::Elements(names)
            }
            Term::Any(w) => Kind::Any(w.clone()),
            Term::Sequence(c) | Term::Choice(c) | Term::All(c) => {
                let mut children = Vec::with_capacity(c.len());
                for &child in c {
                    children.push(self.add(schema, child, depth + 1)?);
                }
                match &p.term {
                    Term::Sequence(_) => Kind::Sequence(children),
                    Term::Choice(_) => Kind::Choice(children),
                    _ => Kind::All(children),
                }
            }
        };
        let index = self.nodes.len();
        let (first, body_nullable) = match &kind {
            Kind::Elements(_) | Kind::Any(_) => (vec![index], false),
            Kind::Sequence(c) => {
                let mut first = Vec::new();
                let mut nullable = true;
                for &child in c {
                    first.extend(self.nodes[child].first.iter().copied());
                    if !self.nodes[child].nullable {
                        nullable = false;
                        break;
                    }
                }
                (first, nullable)
            }
            Kind::Choice(c) => (
                c.iter().flat_map(|&ch| self.nodes[ch].first.iter().copied()).collect(),
                c.iter().any(|&ch| self.nodes[ch].nullable),
            ),
            Kind::All(c) => (
                c.iter().flat_map(|&ch| self.nodes[ch].first.iter().copied()).collect(),
                c.iter().all(|&ch| self.nodes[ch].nullable),
            ),
        };
        self.nodes.push(Node {
            min: p.min,
            max: p.max,
            kind,
            first,
            nullable: p.min == 0 || body_nullable,
            body_nullable,
        });
        Ok(index)
    }

    /// A fresh state.
    pub fn start(&self, slots: &mut Vec<Slot>) {
        slots.clear();
        slots.resize(self.nodes.len(), Slot::default());
    }

    /// Consumes one element. With `skip`, required particles before the place where it fits
    /// are skipped and their leaves recorded in `missing`.
    pub fn step<'m>(
        &'m self,
        slots: &mut [Slot],
        e: Incoming<'_>,
        skip: bool,
        missing: &mut Vec<usize>,
    ) -> Option<Hit<'m>> {
        if slots.len() != self.nodes.len() {
            return None;
        }
        self.consume(self.root, slots, e, skip, missing)
    }

    /// Whether the content may end here.
    pub fn complete(&self, slots: &[Slot]) -> bool {
        slots.len() == self.nodes.len() && self.satisfied(self.root, slots)
    }

    /// The leaves that may come next.
    pub fn expected(&self, slots: &[Slot], out: &mut Vec<usize>) {
        if slots.len() == self.nodes.len() {
            self.collect(self.root, slots, out);
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|l| seen.insert(*l));
    }

    /// The leaves that must come before the content may end (for "missing" messages).
    pub fn required(&self, slots: &[Slot], out: &mut Vec<usize>) {
        if slots.len() == self.nodes.len() {
            self.collect_required(self.root, slots, out);
        }
    }

    /// The names a leaf stands for, with the wildcard when it is one.
    pub fn leaf(&self, leaf: usize) -> (&[(NameId, ElemId)], Option<&Wildcard>) {
        match self.nodes.get(leaf).map(|n| &n.kind) {
            Some(Kind::Elements(names)) => (names, None),
            Some(Kind::Any(w)) => (&[], Some(w)),
            _ => (&[], None),
        }
    }

    fn hit(&self, node: usize, e: Incoming<'_>) -> Option<Hit<'_>> {
        match &self.nodes.get(node)?.kind {
            Kind::Elements(names) => {
                let name = e.name?;
                let at = names.binary_search_by_key(&name, |(n, _)| *n).ok()?;
                names.get(at).map(|(_, decl)| Hit::Element(*decl))
            }
            Kind::Any(w) => w.allows(e.ns).then_some(Hit::Any(w)),
            _ => None,
        }
    }

    fn starts(&self, node: usize, e: Incoming<'_>, skip: bool) -> bool {
        if skip {
            return self.reachable(node, e);
        }
        self.nodes[node].first.iter().any(|&leaf| self.hit(leaf, e).is_some())
    }

    fn reachable(&self, node: usize, e: Incoming<'_>) -> bool {
        match &self.nodes[node].kind {
            Kind::Elements(_) | Kind::Any(_) => self.hit(node, e).is_some(),
            Kind::Sequence(c) | Kind::Choice(c) | Kind::All(c) => c.iter().any(|&ch| self.reachable(ch, e)),
        }
    }

    fn reset(&self, node: usize, slots: &mut [Slot]) {
        // A node never entered since the state was fresh has fresh children too.
        if slots[node].count == 0 && slots[node].pos == 0 {
            return;
        }
        slots[node] = Slot::default();
        if let Kind::Sequence(c) | Kind::Choice(c) | Kind::All(c) = &self.nodes[node].kind {
            for &child in c {
                self.reset(child, slots);
            }
        }
    }

    fn consume<'m>(
        &'m self,
        node: usize,
        slots: &mut [Slot],
        e: Incoming<'_>,
        skip: bool,
        missing: &mut Vec<usize>,
    ) -> Option<Hit<'m>> {
        let n = &self.nodes[node];
        let slot = slots[node];
        let kept = missing.len();
        let found = match &n.kind {
            Kind::Elements(_) | Kind::Any(_) => {
                if slot.count >= n.max {
                    return None;
                }
                let hit = self.hit(node, e)?;
                slots[node].count += 1;
                return Some(hit);
            }
            Kind::Sequence(c) => {
                // Below minOccurs a finished iteration gives way to a new one: `(a+){2}`
                // reads `a a` as two iterations, not one.
                let early = slot.count > 0 && slot.count < n.min && self.iteration_done(node, slots);
                if early && self.starts(node, e, false) {
                    self.reset(node, slots);
                    slots[node].count = slot.count + 1;
                    return self.sequence_from(node, c, 0, slots, e, skip, missing);
                }
                if slot.count > 0
                    && let Some(hit) = self.sequence_from(node, c, slot.pos as usize, slots, e, skip, missing)
                {
                    return Some(hit);
                }
                missing.truncate(kept);
                if slot.count > 0 && !self.iteration_done(node, slots) && !skip {
                    return None;
                }
                if slot.count >= n.max || !self.starts(node, e, skip) {
                    return None;
                }
                self.reset(node, slots);
                slots[node].count = slot.count + 1;
                self.sequence_from(node, c, 0, slots, e, skip, missing)
            }
            Kind::Choice(c) => {
                let early = slot.count > 0
                    && slot.count < n.min
                    && c.get(slot.pos as usize).is_some_and(|&ch| self.satisfied(ch, slots));
                if early
                    && let Some((i, &alternative)) = c.iter().enumerate().find(|&(_, &ch)| self.starts(ch, e, false))
                {
                    self.reset(node, slots);
                    slots[node] = Slot {
                        count: slot.count + 1,
                        pos: u32::try_from(i).unwrap_or(0),
                    };
                    return self.consume(alternative, slots, e, skip, missing);
                }
                if slot.count > 0 {
                    let current = c.get(slot.pos as usize).copied()?;
                    if let Some(hit) = self.consume(current, slots, e, skip, missing) {
                        return Some(hit);
                    }
                    if !self.satisfied(current, slots) && !skip {
                        return None;
                    }
                }
                if slot.count >= n.max {
                    return None;
                }
                let (i, &alternative) = c
                    .iter()
                    .enumerate()
                    .find(|&(_, &ch)| self.starts(ch, e, false))
                    .or_else(|| {
                        if skip {
                            c.iter().enumerate().find(|&(_, &ch)| self.starts(ch, e, true))
                        } else {
                            None
                        }
                    })?;
                self.reset(node, slots);
                slots[node] = Slot {
                    count: slot.count + 1,
                    pos: u32::try_from(i).unwrap_or(0),
                };
                self.consume(alternative, slots, e, skip, missing)
            }
            Kind::All(c) => {
                let hit = c.iter().find_map(|&ch| self.consume(ch, slots, e, false, missing))?;
                slots[node].count = 1;
                return Some(hit);
            }
        };
        if found.is_none() {
            missing.truncate(kept);
        }
        found
    }

    #[allow(clippy::too_many_arguments)]
    fn sequence_from<'m>(
        &'m self,
        node: usize,
        children: &[usize],
        from: usize,
        slots: &mut [Slot],
        e: Incoming<'_>,
        skip: bool,
        missing: &mut Vec<usize>,
    ) -> Option<Hit<'m>> {
        let kept = missing.len();
        for (i, &child) in children.iter().enumerate().skip(from) {
            if let Some(hit) = self.consume(child, slots, e, skip, missing) {
                slots[node].pos = u32::try_from(i).unwrap_or(0);
                return Some(hit);
            }
            if !self.satisfied(child, slots) {
                if !skip {
                    missing.truncate(kept);
                    return None;
                }
                self.collect_required(child, slots, missing);
            }
        }
        missing.truncate(kept);
        None
    }

    /// The current iteration of a group could end here.
    fn iteration_done(&self, node: usize, slots: &[Slot]) -> bool {
        let slot = slots[node];
        match &self.nodes[node].kind {
            Kind::Elements(_) | Kind::Any(_) => true,
            Kind::Sequence(c) => c.iter().skip(slot.pos as usize).all(|&ch| self.satisfied(ch, slots)),
            Kind::Choice(c) => c.get(slot.pos as usize).is_none_or(|&ch| self.satisfied(ch, slots)),
            Kind::All(c) => c.iter().all(|&ch| self.satisfied(ch, slots)),
        }
    }

    fn satisfied(&self, node: usize, slots: &[Slot]) -> bool {
        let n = &self.nodes[node];
        let slot = slots[node];
        match n.kind {
            Kind::Elements(_) | Kind::Any(_) => slot.count >= n.min,
            _ if slot.count == 0 => n.nullable,
            _ => self.iteration_done(node, slots) && (slot.count >= n.min || n.body_nullable),
        }
    }

    /// Leaves that may come next in `node`; whether `node` could end here.
    fn collect(&self, node: usize, slots: &[Slot], out: &mut Vec<usize>) -> bool {
        let n = &self.nodes[node];
        let slot = slots[node];
        let leaf_or_fresh = matches!(n.kind, Kind::Elements(_) | Kind::Any(_)) || slot.count == 0;
        if leaf_or_fresh {
            if slot.count < n.max {
                out.extend(n.first.iter().copied());
            }
            return self.satisfied(node, slots);
        }
        let done = match &n.kind {
            Kind::Sequence(c) => {
                let mut done = true;
                for &child in c.iter().skip(slot.pos as usize) {
                    if !self.collect(child, slots, out) {
                        done = false;
                        break;
                    }
                }
                done
            }
            Kind::Choice(c) => c.get(slot.pos as usize).is_none_or(|&ch| self.collect(ch, slots, out)),
            Kind::All(c) => {
                // Every member is collected: any may come next.
                let mut done = true;
                for &child in c {
                    done &= self.collect(child, slots, out);
                }
                done
            }
            _ => true,
        };
        if done && slot.count < n.max {
            out.extend(n.first.iter().copied());
        }
        done && (slot.count >= n.min || n.body_nullable)
    }

    /// Leaves of the first particles that are still required in `node`.
    fn collect_required(&self, node: usize, slots: &[Slot], out: &mut Vec<usize>) {
        if self.satisfied(node, slots) {
            return;
        }
        let n = &self.nodes[node];
        let slot = slots[node];
        match &n.kind {
            Kind::Elements(_) | Kind::Any(_) => out.push(node),
            Kind::Sequence(c) => {
                let from = if slot.count == 0 || self.iteration_done(node, slots) {
                    0
                } else {
                    slot.pos as usize
                };
                if let Some(&child) = c
                    .iter()
                    .skip(from)
                    .find(|&&ch| !self.satisfied(ch, slots) || slot.count == 0 && !self.nodes[ch].nullable)
                {
                    self.collect_required(child, slots, out);
                    if out.is_empty() {
                        out.extend(self.nodes[child].first.iter().copied());
                    }
                }
            }
            Kind::Choice(c) => match c.get(slot.pos as usize) {
                Some(&current) if slot.count > 0 && !self.satisfied(current, slots) => {
                    self.collect_required(current, slots, out)
                }
                _ => out.extend(n.first.iter().copied()),
            },
            Kind::All(c) => {
                for &child in c {
                    self.collect_required(child, slots, out);
                }
            }
        }
    }
}
