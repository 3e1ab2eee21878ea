//! The Unique Particle Attribution constraint (XSD 1.0 §3.8.6): no element may be matched by
//! two particles competing at the same point of a content model. Checked on the Glushkov
//! positions of the model (its leaves): the leaves that can start it and, for each leaf, the
//! leaves that can follow it must never hold two that match the same name.

use std::collections::BTreeMap;

use super::{Kind, Model};
use crate::xml::engine::model::{NameId, NsSet, Schema, Wildcard};

pub(super) fn check(model: &Model, schema: &Schema) -> Result<(), String> {
    // In leaf order, so a model that breaks the constraint in more than one place is always
    // reported at the same one.
    let mut follow: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    gather(model, model.root, &mut follow);
    let root_first = model.nodes[model.root].first.clone();
    competing(model, schema, &root_first)?;
    for set in follow.values() {
        competing(model, schema, set)?;
    }
    Ok(())
}

fn last(model: &Model, node: usize) -> Vec<usize> {
    match &model.nodes[node].kind {
        Kind::Elements(_) | Kind::Any(_) => vec![node],
        Kind::Sequence(c) => {
            let mut out = Vec::new();
            for &child in c.iter().rev() {
                out.extend(last(model, child));
                if !model.nodes[child].nullable {
                    break;
                }
            }
            out
        }
        Kind::Choice(c) | Kind::All(c) => c.iter().flat_map(|&ch| last(model, ch)).collect(),
    }
}

fn gather(model: &Model, node: usize, follow: &mut BTreeMap<usize, Vec<usize>>) {
    let n = &model.nodes[node];
    match &n.kind {
        Kind::Sequence(c) => {
            for (i, &child) in c.iter().enumerate() {
                let ends = last(model, child);
                for &next in c.iter().skip(i + 1) {
                    for &p in &ends {
                        follow
                            .entry(p)
                            .or_default()
                            .extend(model.nodes[next].first.iter().copied());
                    }
                    if !model.nodes[next].nullable {
                        break;
                    }
                }
                gather(model, child, follow);
            }
        }
        Kind::All(c) => {
            for &child in c {
                for &p in &last(model, child) {
                    for &other in c.iter().filter(|&&o| o != child) {
                        follow
                            .entry(p)
                            .or_default()
                            .extend(model.nodes[other].first.iter().copied());
                    }
                }
                gather(model, child, follow);
            }
        }
        Kind::Choice(c) => {
            for &child in c {
                gather(model, child, follow);
            }
        }
        Kind::Elements(_) | Kind::Any(_) => {}
    }
    if n.max > 1 {
        for p in last(model, node) {
            follow.entry(p).or_default().extend(n.first.iter().copied());
        }
    }
}

fn competing(model: &Model, schema: &Schema, set: &[usize]) -> Result<(), String> {
    let mut leaves = set.to_vec();
    leaves.sort_unstable();
    leaves.dedup();
    if none_overlap(model, schema, &leaves) {
        return Ok(());
    }
    // Some two overlap: the pairs in order find the first, which the message names.
    for (i, &a) in leaves.iter().enumerate() {
        for &b in leaves.iter().skip(i + 1) {
            if let Some(name) = overlap(model, schema, a, b) {
                return Err(format!(
                    "the content model is ambiguous: two particles can both match {name} at the same point (Unique Particle Attribution)"
                ));
            }
        }
    }
    Ok(())
}

/// Whether no two of `leaves` (distinct) overlap, as [`overlap`] says, without comparing
/// every pair: the names of the element leaves are sorted once, so a name that two of them
/// share sits beside itself, and only the pairs with a wildcard are compared one by one. A
/// sequence of many optional elements has a follow set of as many leaves at each of them,
/// so comparing pairs there was cubic in the length of the sequence.
fn none_overlap(model: &Model, schema: &Schema, leaves: &[usize]) -> bool {
    let mut names: Vec<(NameId, usize)> = Vec::new();
    let mut wildcards = Vec::new();
    for &leaf in leaves {
        match model.leaf(leaf) {
            (_, Some(_)) => wildcards.push(leaf),
            (of_leaf, None) => names.extend(of_leaf.iter().map(|&(name, _)| (name, leaf))),
        }
    }
    names.sort_unstable();
    if names.windows(2).any(|w| w[0].0 == w[1].0 && w[0].1 != w[1].1) {
        return false;
    }
    wildcards.iter().all(|&w| {
        leaves
            .iter()
            .all(|&other| other == w || overlap(model, schema, w, other).is_none())
    })
}

fn overlap(model: &Model, schema: &Schema, a: usize, b: usize) -> Option<String> {
    let (names_a, any_a) = model.leaf(a);
    let (names_b, any_b) = model.leaf(b);
    match (any_a, any_b) {
        (None, None) => {
            let (mut i, mut j) = (0, 0);
            while i < names_a.len() && j < names_b.len() {
                match names_a[i].0.cmp(&names_b[j].0) {
                    std::cmp::Ordering::Equal => return Some(format!("<{}>", schema.display(names_a[i].0))),
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                }
            }
            None
        }
        (Some(w), None) => names_b
            .iter()
            .find(|(n, _)| w.allows(schema.names.ns(*n)))
            .map(|(n, _)| format!("<{}>", schema.display(*n))),
        (None, Some(w)) => names_a
            .iter()
            .find(|(n, _)| w.allows(schema.names.ns(*n)))
            .map(|(n, _)| format!("<{}>", schema.display(*n))),
        (Some(x), Some(y)) => wildcards_meet(x, y).then(|| "an element of a wildcard".to_string()),
    }
}

fn wildcards_meet(x: &Wildcard, y: &Wildcard) -> bool {
    match (&x.ns, &y.ns) {
        (NsSet::Only(a), NsSet::Only(b)) => a.iter().any(|n| b.contains(n)),
        (NsSet::Only(a), _) => a.iter().any(|n| y.allows(n.as_deref())),
        (_, NsSet::Only(b)) => b.iter().any(|n| x.allows(n.as_deref())),
        _ => true,
    }
}
