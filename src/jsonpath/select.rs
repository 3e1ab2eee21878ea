//! Running a compiled path over a document.
//!
//! Steps run one after another over a list of nodes. Every reached node is a frame in an arena
//! holding its value, its name in its parent and its parent frame, so paths are only built for
//! the nodes finally selected. A descendant step walks each subtree once with an explicit stack
//! and creates frames only for the nodes it selects and their ancestors.

use std::cell::OnceCell;
use std::collections::HashMap;

use serde_json::Value;

use super::eval::{self, Scope};
use super::parser::{Query, Selector, Step};
use super::{Node, Resolver, Segment, Selected};
use crate::address::AddressSet;

const NO_FRAME: usize = usize::MAX;

#[derive(Clone, Copy)]
struct Frame<'v> {
    value: &'v Value,
    segment: Option<Segment<'v>>,
    parent: usize,
    /// The document the value is in (0 unless a reference led elsewhere).
    doc: usize,
    /// Set when the value was reached through a `$ref`.
    via: Option<Via<'v>>,
}

/// How a child was reached through a reference: the reference object, the document it is
/// written in, and the document its target is in.
#[derive(Clone, Copy)]
pub(crate) struct Via<'v> {
    reference: &'v Value,
    from: usize,
    to: usize,
}

/// A child as selectors emit it.
pub(crate) type Emitted<'v> = (Segment<'v>, &'v Value, Option<Via<'v>>);

pub(crate) fn select<'v>(query: &Query, root: &'v Value) -> Vec<Selected<'v>> {
    select_with(query, root, None)
}

/// RFC 9535's nodelist: nodes in the order the selectors produce them, duplicates kept.
pub(crate) fn nodelist<'v>(query: &Query, root: &'v Value) -> Vec<Selected<'v>> {
    let mut arena = Arena::new(root, None);
    let current = arena.run(query, Order::Nodelist);
    current.iter().filter_map(|&f| arena.selected(f, query.key)).collect()
}

/// How the nodes of each step are kept.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Each node once (what rules want: one finding per place).
    Once,
    /// As RFC 9535 says: selection order, duplicates kept.
    Nodelist,
}

/// Runs a query; with a resolver, every `$ref` on the way is followed, each reference target
/// at most once per descendant walk (references may form cycles).
pub(crate) fn select_with<'v>(
    query: &Query,
    root: &'v Value,
    resolver: Option<&dyn Resolver<'v>>,
) -> Vec<Selected<'v>> {
    let mut arena = Arena::new(root, resolver);
    let mut current = arena.run(query, Order::Once);
    if arena.resolver.is_none() {
        arena.sort(&mut current);
        return current.iter().filter_map(|&f| arena.selected(f, query.key)).collect();
    }
    // Through references one node has many routes, and routes have no document order: keep the
    // order of the walk, each place once. A place is its value: a node's path is where its value
    // is defined, so one value has one path, and comparing addresses is cheaper than paths.
    let mut seen = AddressSet::default();
    current
        .iter()
        .filter_map(|&f| Some((arena.frame(f)?, arena.selected(f, query.key)?)))
        .filter(|(frame, _)| seen.insert((frame.doc, std::ptr::from_ref(frame.value))))
        .map(|(_, selected)| selected)
        .collect()
}

/// Applies one selector to the children of `node`, calling `emit` for each selected child.
pub(crate) fn apply<'v>(
    selector: &Selector,
    node: &'v Value,
    scope: &Scope<'_, 'v>,
    sink: &mut dyn FnMut(Segment<'v>, &'v Value, Option<Via<'v>>),
) {
    if let Selector::Filter(filter) = selector {
        for (segment, raw) in Children::of(node) {
            let (value, via) = follow(scope, raw);
            if eval::matches(filter, value, segment, scope) {
                sink(segment, value, via);
            }
        }
        return;
    }
    let emit = &mut |segment: Segment<'v>, value: &'v Value| {
        let (value, via) = follow(scope, value);
        sink(segment, value, via);
    };
    match (selector, node) {
        (Selector::Name(name) | Selector::NameOrIndex(name, _), Value::Object(map)) => {
            if let Some((key, value)) = map.get_key_value(&**name) {
                emit(Segment::Key(key), value);
            }
        }
        (Selector::NameOrIndex(_, index), Value::Array(items)) => {
            if let Some(value) = items.get(*index) {
                emit(Segment::Index(*index), value);
            }
        }
        (Selector::Wildcard, _) => {
            for (segment, value) in Children::of(node) {
                emit(segment, value);
            }
        }
        (Selector::Index(index), Value::Array(items)) => {
            if let Some(i) = eval::normalize_index(*index, items.len())
                && let Some(value) = items.get(i)
            {
                emit(Segment::Index(i), value);
            }
        }
        (Selector::Slice { start, end, step }, Value::Array(items)) => {
            for i in slice_indices(*start, *end, *step, items.len()) {
                if let Some(value) = items.get(i) {
                    emit(Segment::Index(i), value);
                }
            }
        }
        _ => {}
    }
}

/// What `value` stands for: the target of its `$ref` when a resolver is at work.
pub(crate) fn follow<'v>(scope: &Scope<'_, 'v>, value: &'v Value) -> (&'v Value, Option<Via<'v>>) {
    match scope.resolver.and_then(|r| r.follow(scope.doc, value)) {
        Some((target, to)) => (
            target,
            Some(Via {
                reference: value,
                from: scope.doc,
                to,
            }),
        ),
        None => (value, None),
    }
}

/// Calls `visit` on `node` and every array or object below it, in document order.
pub(crate) fn for_each_container<'v>(node: &'v Value, visit: &mut dyn FnMut(&'v Value)) {
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        visit(current);
        let before = stack.len();
        stack.extend(Children::of(current).map(|(_, v)| v).filter(|v| is_container(v)));
        stack[before..].reverse();
    }
}

/// RFC 9535 section 2.3.4.2.2: the indexes a slice selects, in selection order.
fn slice_indices(start: Option<i64>, end: Option<i64>, step: Option<i64>, len: usize) -> Vec<usize> {
    let Ok(len) = i64::try_from(len) else { return Vec::new() };
    let step = step.unwrap_or(1);
    let normalize = |i: i64| if i >= 0 { i } else { len + i };
    let mut out = Vec::new();
    if step > 0 {
        let lower = normalize(start.unwrap_or(0)).clamp(0, len);
        let upper = normalize(end.unwrap_or(len)).clamp(0, len);
        let mut i = lower;
        while i < upper {
            out.extend(usize::try_from(i).ok());
            i += step;
        }
    } else if step < 0 {
        let upper = normalize(start.unwrap_or(len - 1)).clamp(-1, len - 1);
        let lower = normalize(end.unwrap_or(-len - 1)).clamp(-1, len - 1);
        let mut i = upper;
        while lower < i {
            out.extend(usize::try_from(i).ok());
            i += step;
        }
    }
    out
}

fn is_container(value: &Value) -> bool {
    matches!(value, Value::Array(_) | Value::Object(_))
}

/// The members or elements of a value with their names or indexes.
enum Children<'v> {
    Object(serde_json::map::Iter<'v>),
    Array(std::iter::Enumerate<std::slice::Iter<'v, Value>>),
    None,
}

impl<'v> Children<'v> {
    fn of(value: &'v Value) -> Self {
        match value {
            Value::Object(map) => Children::Object(map.iter()),
            Value::Array(items) => Children::Array(items.iter().enumerate()),
            _ => Children::None,
        }
    }
}

impl<'v> Iterator for Children<'v> {
    type Item = (Segment<'v>, &'v Value);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Children::Object(iter) => iter.next().map(|(k, v)| (Segment::Key(k.as_str()), v)),
            Children::Array(iter) => iter.next().map(|(i, v)| (Segment::Index(i), v)),
            Children::None => None,
        }
    }
}

/// One level of a descendant walk; `frame` is `NO_FRAME` until a selection below needs it.
struct Level<'v> {
    value: &'v Value,
    segment: Option<Segment<'v>>,
    frame: usize,
    children: Children<'v>,
    doc: usize,
    via: Option<Via<'v>>,
}

struct Arena<'r, 'v> {
    frames: Vec<Frame<'v>>,
    root: &'v Value,
    resolver: Option<&'r dyn Resolver<'v>>,
}

impl<'r, 'v> Arena<'r, 'v> {
    fn new(root: &'v Value, resolver: Option<&'r dyn Resolver<'v>>) -> Self {
        Arena {
            frames: vec![Frame {
                value: root,
                segment: None,
                parent: NO_FRAME,
                doc: 0,
                via: None,
            }],
            root,
            resolver,
        }
    }

    /// Runs every step of `query` from the root; the frames of the nodes reached.
    fn run(&mut self, query: &Query, order: Order) -> Vec<usize> {
        let mut current = vec![0];
        let mut buffer = Vec::new();
        for step in &query.steps {
            if current.is_empty() {
                break;
            }
            let mut next = Vec::new();
            match step {
                Step::Child(selectors) => {
                    for &frame in &current {
                        self.child_step(frame, selectors, &mut buffer, &mut next);
                    }
                }
                Step::Descendant(selectors) => self.descendant_step(&current, selectors, order, &mut buffer, &mut next),
                Step::Parent => {
                    next.extend(
                        current
                            .iter()
                            .filter_map(|&f| self.frame(f).map(|fr| fr.parent))
                            .filter(|&p| p != NO_FRAME),
                    );
                }
            }
            if order == Order::Once && step.may_duplicate() {
                self.dedup(&mut next);
            }
            current = next;
        }
        current
    }

    fn frame(&self, index: usize) -> Option<Frame<'v>> {
        self.frames.get(index).copied()
    }

    fn value_of(&self, index: usize) -> Option<&'v Value> {
        self.frame(index).map(|f| f.value)
    }

    fn push(&mut self, value: &'v Value, segment: Segment<'v>, parent: usize, via: Option<Via<'v>>) -> usize {
        let doc = match via {
            Some(via) => via.to,
            None => self.frame(parent).map_or(0, |f| f.doc),
        };
        self.frames.push(Frame {
            value,
            segment: Some(segment),
            parent,
            doc,
            via,
        });
        self.frames.len() - 1
    }

    /// Segments from its document's root to the frame: a value reached through a reference
    /// is placed where it is defined.
    fn segments(&self, mut index: usize) -> Vec<Segment<'v>> {
        let mut out = Vec::new();
        while let Some(frame) = self.frame(index) {
            if let (Some(via), Some(resolver)) = (frame.via, self.resolver) {
                let mut prefix = resolver.location(via.from, via.reference).unwrap_or_default();
                out.reverse();
                prefix.extend(out);
                return prefix;
            }
            out.extend(frame.segment);
            index = frame.parent;
        }
        out.reverse();
        out
    }

    /// The scope filters below frame `index` run in.
    fn scope<'s>(&self, index: usize, path: &'s dyn Fn() -> String) -> Option<Scope<'s, 'v>>
    where
        'v: 's,
        Self: 's,
    {
        let frame = self.frame(index)?;
        Some(Scope {
            root: self.root,
            parent: self.value_of(frame.parent),
            parent_property: frame.segment,
            path: Some(path),
            resolver: self.resolver,
            doc: frame.doc,
        })
    }

    fn child_step(
        &mut self,
        index: usize,
        selectors: &[Selector],
        buffer: &mut Vec<Emitted<'v>>,
        next: &mut Vec<usize>,
    ) {
        let Some(frame) = self.frame(index) else { return };
        buffer.clear();
        {
            // Built at most once per filtered node, and only when a filter reads `@path`.
            let cached = OnceCell::new();
            let path = || cached.get_or_init(|| eval::plus_path(self.segments(index))).clone();
            let Some(scope) = self.scope(index, &path) else { return };
            for selector in selectors {
                apply(selector, frame.value, &scope, &mut |segment, value, via| {
                    buffer.push((segment, value, via))
                });
            }
        }
        for (segment, value, via) in buffer.drain(..) {
            next.push(self.push(value, segment, index, via));
        }
    }

    fn descendant_step(
        &mut self,
        inputs: &[usize],
        selectors: &[Selector],
        order: Order,
        buffer: &mut Vec<Emitted<'v>>,
        next: &mut Vec<usize>,
    ) {
        // A node below another input is reached by that input's walk: skip it so each node is
        // visited once per step.
        let inputs_set: AddressSet<*const Value> = if order == Order::Once && inputs.len() > 1 {
            inputs
                .iter()
                .filter_map(|&f| self.value_of(f))
                .map(std::ptr::from_ref)
                .collect()
        } else {
            AddressSet::default()
        };
        for &input in inputs {
            if !inputs_set.is_empty() && self.has_ancestor_in(input, &inputs_set) {
                continue;
            }
            self.walk(input, selectors, buffer, next);
        }
    }

    fn has_ancestor_in(&self, index: usize, set: &AddressSet<*const Value>) -> bool {
        let mut current = self.frame(index).map_or(NO_FRAME, |f| f.parent);
        while let Some(frame) = self.frame(current) {
            if set.contains(&std::ptr::from_ref(frame.value)) {
                return true;
            }
            current = frame.parent;
        }
        false
    }

    fn walk(&mut self, input: usize, selectors: &[Selector], buffer: &mut Vec<Emitted<'v>>, next: &mut Vec<usize>) {
        let Some(start) = self.frame(input) else { return };
        if !is_container(start.value) {
            return;
        }
        let mut stack = vec![Level {
            value: start.value,
            segment: start.segment,
            frame: input,
            children: Children::of(start.value),
            doc: start.doc,
            via: start.via,
        }];
        // Reference targets already walked: each once, so cycles end and shared schemas are
        // not walked again for every place that uses them.
        let mut targets: AddressSet<*const Value> = AddressSet::default();
        // A walk from the root of a document reaches everything in it without references.
        let whole = (start.parent == NO_FRAME).then_some(start.doc);
        self.visit(&mut stack, selectors, buffer, next);
        while let Some(top) = stack.last_mut() {
            let doc = top.doc;
            match top.children.next() {
                Some((segment, raw)) if is_container(raw) => {
                    let followed = self
                        .resolver
                        .and_then(|r| r.follow(doc, raw))
                        .filter(|(_, to)| Some(*to) != whole);
                    let (child, via) = match followed {
                        Some((target, to)) => {
                            if !targets.insert(std::ptr::from_ref(target)) {
                                continue;
                            }
                            let via = Via {
                                reference: raw,
                                from: doc,
                                to,
                            };
                            (target, Some(via))
                        }
                        None => (raw, None),
                    };
                    if !is_container(child) {
                        continue;
                    }
                    stack.push(Level {
                        value: child,
                        segment: Some(segment),
                        frame: NO_FRAME,
                        children: Children::of(child),
                        doc: via.map_or(doc, |v| v.to),
                        via,
                    });
                    self.visit(&mut stack, selectors, buffer, next);
                }
                Some(_) => {}
                None => {
                    stack.pop();
                }
            }
        }
    }

    /// Applies the selectors to the node on top of the walk's stack.
    fn visit(
        &mut self,
        stack: &mut [Level<'v>],
        selectors: &[Selector],
        buffer: &mut Vec<Emitted<'v>>,
        next: &mut Vec<usize>,
    ) {
        let Some(top) = stack.len().checked_sub(1) else { return };
        buffer.clear();
        {
            let level = &stack[top];
            let parent = match top.checked_sub(1) {
                Some(below) => Some(stack[below].value),
                None => self.frame(level.frame).and_then(|f| self.value_of(f.parent)),
            };
            let cached = OnceCell::new();
            let path = || {
                cached
                    .get_or_init(|| {
                        let mut segments = self.segments(stack[0].frame);
                        segments.extend(stack[1..=top].iter().filter_map(|l| l.segment));
                        eval::plus_path(segments)
                    })
                    .clone()
            };
            let scope = Scope {
                root: self.root,
                parent,
                parent_property: level.segment,
                path: Some(&path),
                resolver: self.resolver,
                doc: level.doc,
            };
            for selector in selectors {
                apply(selector, level.value, &scope, &mut |segment, value, via| {
                    buffer.push((segment, value, via))
                });
            }
        }
        if buffer.is_empty() {
            return;
        }
        for i in 1..=top {
            if stack[i].frame == NO_FRAME {
                let parent = stack[i - 1].frame;
                let segment = stack[i].segment.unwrap_or(Segment::Index(0));
                stack[i].frame = self.push(stack[i].value, segment, parent, stack[i].via);
            }
        }
        let parent = stack[top].frame;
        for (segment, value, via) in buffer.drain(..) {
            next.push(self.push(value, segment, parent, via));
        }
    }

    /// Drops later frames of nodes already in the list.
    fn dedup(&self, list: &mut Vec<usize>) {
        let mut seen = AddressSet::with_capacity_and_hasher(list.len(), Default::default());
        list.retain(|&f| self.value_of(f).is_some_and(|v| seen.insert(std::ptr::from_ref(v))));
    }

    /// Puts the list in document order without duplicates. Each node is keyed by the positions
    /// of it and its ancestors among their siblings, so comparing two nodes is comparing two
    /// short vectors, whatever the size of the objects they sit in.
    fn sort(&self, list: &mut Vec<usize>) {
        if list.len() < 2 {
            return;
        }
        let mut memo = vec![u32::MAX; self.frames.len()];
        let mut positions = HashMap::new();
        let mut keyed: Vec<(Vec<u32>, usize)> = list
            .iter()
            .map(|&f| (self.position_path(f, &mut memo, &mut positions), f))
            .collect();
        if keyed.windows(2).all(|w| w[0].0 < w[1].0) {
            return;
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        keyed.dedup_by(|a, b| a.0 == b.0);
        *list = keyed.into_iter().map(|(_, f)| f).collect();
    }

    /// Positions among siblings from the root down to the frame, in the parents' iteration order.
    fn position_path(
        &self,
        index: usize,
        memo: &mut [u32],
        positions: &mut HashMap<*const Value, HashMap<&'v str, u32>>,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        let mut current = index;
        while let Some(frame) = self.frame(current) {
            let Some(parent) = self.value_of(frame.parent) else {
                break;
            };
            let position = match memo.get(current) {
                Some(&known) if known != u32::MAX => known,
                _ => {
                    let position = match (frame.segment, parent) {
                        (Some(Segment::Index(i)), _) => u32::try_from(i).unwrap_or(u32::MAX - 1),
                        (Some(Segment::Key(key)), Value::Object(map)) => positions
                            .entry(std::ptr::from_ref(parent))
                            .or_insert_with(|| {
                                map.keys()
                                    .enumerate()
                                    .map(|(i, k)| (k.as_str(), u32::try_from(i).unwrap_or(0)))
                                    .collect()
                            })
                            .get(key)
                            .copied()
                            .unwrap_or(0),
                        _ => 0,
                    };
                    if let Some(slot) = memo.get_mut(current) {
                        *slot = position;
                    }
                    position
                }
            };
            out.push(position);
            current = frame.parent;
        }
        out.reverse();
        out
    }

    fn selected(&self, index: usize, key: bool) -> Option<Selected<'v>> {
        let frame = self.frame(index)?;
        let node = if key {
            match frame.segment? {
                Segment::Key(name) => Node::Key(name),
                Segment::Index(i) => Node::Index(i),
            }
        } else {
            Node::Value(frame.value)
        };
        Some(Selected {
            path: self.segments(index),
            node,
            doc: frame.doc,
        })
    }
}
