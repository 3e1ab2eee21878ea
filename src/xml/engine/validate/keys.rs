//! Identity constraints (`xs:key`, `xs:unique`, `xs:keyref`) while streaming: a scope opens at
//! each element declaring a constraint; its selector picks target elements below it; each
//! target's fields (an attribute or a descendant's simple value) make a tuple of typed values,
//! compared by value (`1.0` equals `1` for a decimal). Key and unique tables close with their
//! scope and stay readable by the keyrefs of the scopes around them.

use std::collections::HashSet;

use super::Found;
use crate::xml::engine::model::{IdcId, IdentityKind, Schema, XPath};
use crate::xml::engine::types::Value;

/// A typed value and its text as written (for messages).
pub(super) type Field = (Value, String);

/// An attribute of the element being started: namespace, local name, typed value.
pub(super) type AttributeValue = (Option<String>, String, Option<Field>);

struct Scope {
    idc: IdcId,
    depth: usize,
    seq: u64,
    table: HashSet<Vec<Value>>,
    references: Vec<(Vec<Value>, String, u64)>,
}

struct Target {
    scope: usize,
    depth: usize,
    fields: Vec<Option<Field>>,
    at: u64,
}

#[derive(Default)]
pub(super) struct Keys {
    scopes: Vec<Scope>,
    targets: Vec<Target>,
    /// Names of the open elements from depth `base` on.
    path: Vec<(Option<String>, String)>,
    base: usize,
    /// Element fields waiting for their element's value: (depth, target, field).
    pending: Vec<(usize, usize, usize)>,
    /// Closed key and unique tables that a keyref may read: (scope sequence, constraint, table).
    closed: Vec<(u64, IdcId, HashSet<Vec<Value>>)>,
    seq: u64,
}

fn matches(path: &XPath, rel: &[(Option<String>, String)]) -> bool {
    let fits = |steps: &[(Option<String>, String)]| {
        path.steps
            .iter()
            .zip(steps)
            .all(|(test, (ns, local))| test.matches(ns.as_deref(), local))
    };
    if path.descendant {
        rel.len() >= path.steps.len() && fits(&rel[rel.len() - path.steps.len()..])
    } else {
        rel.len() == path.steps.len() && fits(rel)
    }
}

fn text_of(fields: &[Option<Field>]) -> String {
    fields
        .iter()
        .map(|f| f.as_ref().map_or("", |(_, t)| t.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn error(errors: &mut Vec<Found>, at: u64, message: String) {
    errors.push(Found::new(message, at));
}

impl Keys {
    /// Whether an element with these constraints needs its names and attribute values here.
    pub(super) fn wanted(&self, identity: &[IdcId]) -> bool {
        !self.scopes.is_empty() || !identity.is_empty()
    }

    /// Whether some element is inside a scope (values are then kept for fields).
    pub(super) fn active(&self) -> bool {
        !self.path.is_empty()
    }

    /// An element starts at `depth` (0 for the root).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn start(
        &mut self,
        schema: &Schema,
        depth: usize,
        name: (Option<String>, String),
        identity: &[IdcId],
        attributes: &[AttributeValue],
        at: u64,
        errors: &mut Vec<Found>,
    ) {
        if self.path.is_empty() {
            self.base = depth;
        }
        self.path.push(name);
        for &idc in identity {
            self.scopes.push(Scope {
                idc,
                depth,
                seq: self.seq,
                table: HashSet::new(),
                references: Vec::new(),
            });
        }
        self.seq += 1;
        for (index, scope) in self.scopes.iter().enumerate() {
            let Some(constraint) = schema.identity.get(scope.idc) else {
                continue;
            };
            let rel = &self.path[scope.depth + 1 - self.base..];
            if constraint.selector.iter().any(|p| matches(p, rel)) {
                self.targets.push(Target {
                    scope: index,
                    depth,
                    fields: vec![None; constraint.fields.len()],
                    at,
                });
            }
        }
        for t in 0..self.targets.len() {
            let (scope, target_depth) = (self.targets[t].scope, self.targets[t].depth);
            let Some(constraint) = self.scopes.get(scope).and_then(|s| schema.identity.get(s.idc)) else {
                continue;
            };
            let rel = &self.path[target_depth + 1 - self.base..];
            let mut found: Vec<(usize, Option<Field>)> = Vec::new();
            for (f, alternatives) in constraint.fields.iter().enumerate() {
                // The alternatives are a union: a node they select twice counts once.
                for path in alternatives.iter().filter(|p| matches(p, rel)).take(1) {
                    match &path.attribute {
                        Some(test) => {
                            let value = attributes
                                .iter()
                                .find(|(ns, local, _)| test.matches(ns.as_deref(), local))
                                .and_then(|(_, _, v)| v.clone());
                            if value.is_some() {
                                found.push((f, value));
                            }
                        }
                        None => found.push((f, None)),
                    }
                }
            }
            for (f, value) in found {
                match value {
                    Some(value) => self.set(t, f, value, schema, at, errors),
                    None => self.pending.push((depth, t, f)),
                }
            }
        }
    }

    fn set(&mut self, target: usize, field: usize, value: Field, schema: &Schema, at: u64, errors: &mut Vec<Found>) {
        let Some(slot) = self.targets.get_mut(target).and_then(|t| t.fields.get_mut(field)) else {
            return;
        };
        if slot.is_some() {
            let name = self
                .targets
                .get(target)
                .and_then(|t| self.scopes.get(t.scope))
                .and_then(|s| schema.identity.get(s.idc))
                .map_or("", |c| schema.names.local(c.name));
            error(
                errors,
                at,
                format!("a field of identity constraint '{name}' selects more than one value"),
            );
            return;
        }
        *slot = Some(value);
    }

    /// The element at `depth` ends, with its simple value if it has one.
    pub(super) fn end(
        &mut self,
        schema: &Schema,
        depth: usize,
        value: Option<Field>,
        at: u64,
        errors: &mut Vec<Found>,
    ) {
        if self.path.is_empty() || depth < self.base {
            return;
        }
        while let Some(&(d, t, f)) = self.pending.last()
            && d == depth
        {
            self.pending.pop();
            match value.clone() {
                Some(value) => self.set(t, f, value, schema, at, errors),
                None => {
                    let name = self
                        .targets
                        .get(t)
                        .and_then(|t| self.scopes.get(t.scope))
                        .and_then(|s| schema.identity.get(s.idc))
                        .map_or("", |c| schema.names.local(c.name));
                    error(
                        errors,
                        at,
                        format!("a field of identity constraint '{name}' selects an element without a simple value"),
                    );
                }
            }
        }
        while self.targets.last().is_some_and(|t| t.depth == depth) {
            let Some(target) = self.targets.pop() else { break };
            self.close_target(schema, target, errors);
        }
        let first = self
            .scopes
            .iter()
            .position(|s| s.depth == depth)
            .unwrap_or(self.scopes.len());
        let ending: Vec<Scope> = self.scopes.drain(first..).collect();
        let (references, tables): (Vec<Scope>, Vec<Scope>) = ending.into_iter().partition(|s| {
            matches!(
                schema.identity.get(s.idc).map(|c| c.kind),
                Some(IdentityKind::KeyRef(_))
            )
        });
        for scope in tables {
            let referenced = schema
                .identity
                .iter()
                .any(|c| c.kind == IdentityKind::KeyRef(scope.idc));
            if referenced {
                self.closed.push((scope.seq, scope.idc, scope.table));
            }
        }
        for scope in references {
            let Some(IdentityKind::KeyRef(refer)) = schema.identity.get(scope.idc).map(|c| c.kind) else {
                continue;
            };
            let name = schema
                .identity
                .get(scope.idc)
                .map_or("", |c| schema.names.local(c.name));
            for (tuple, text, at) in &scope.references {
                let known = self
                    .closed
                    .iter()
                    .any(|(seq, idc, table)| *idc == refer && *seq >= scope.seq && table.contains(tuple));
                if !known {
                    error(
                        errors,
                        *at,
                        format!("KeyRef '{name}': the value ({text}) matches no key"),
                    );
                }
            }
        }
        self.path.pop();
        if self.path.is_empty() {
            self.closed.clear();
        }
    }

    fn close_target(&mut self, schema: &Schema, target: Target, errors: &mut Vec<Found>) {
        let Some(scope) = self.scopes.get_mut(target.scope) else {
            return;
        };
        let Some(constraint) = schema.identity.get(scope.idc) else {
            return;
        };
        let name = schema.names.local(constraint.name);
        let text = text_of(&target.fields);
        if target.fields.iter().any(Option::is_none) {
            if constraint.kind == IdentityKind::Key {
                error(errors, target.at, format!("Key '{name}': a field has no value"));
            }
            return;
        }
        let texts: Vec<String> = target
            .fields
            .iter()
            .flatten()
            .map(|(_, t)| t.trim().to_string())
            .collect();
        let tuple: Vec<Value> = target.fields.into_iter().flatten().map(|(v, _)| v).collect();
        match constraint.kind {
            IdentityKind::KeyRef(_) => scope.references.push((tuple, text, target.at)),
            IdentityKind::Key | IdentityKind::Unique => {
                if !scope.table.insert(tuple) {
                    let what = if constraint.kind == IdentityKind::Key {
                        "Key"
                    } else {
                        "Unique"
                    };
                    error(errors, target.at, format!("{what} '{name}': duplicate value {texts:?}"));
                }
            }
        }
    }
}
