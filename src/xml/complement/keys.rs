//! Key and unique values the engine takes for duplicates because they read as numbers. The
//! engine compares every value that parses as a decimal as a decimal, whatever the field's
//! type, so string keys `01` and `1` collide. nifcheck evaluates such a report again, in the
//! element that declares the constraint, with the fields' declared types: when every field is
//! declared with a non-numeric type and no earlier selected element has the same values, the
//! report is dropped. Anything it cannot decide keeps the engine's verdict.

use uppsala::{Document, NodeId};

use super::Complement;
use super::model::{Model, TypeRef};
use super::value::{is_decimal, primitive};
use crate::xml::EngineError;
use crate::xml::identity::{self, Path};

impl Complement {
    /// Removes the engine's duplicate-key reports that compare strings as numbers.
    pub fn drop_numeric_duplicates(&self, errors: &mut Vec<EngineError>, text: &str) {
        let suspect = |e: &EngineError| {
            (e.message.starts_with("Key '") || e.message.starts_with("Unique '"))
                && e.message.contains("': duplicate value ")
        };
        if self.model.identity.is_empty() || !errors.iter().any(suspect) {
            return;
        }
        let Ok(doc) = uppsala::parse(text) else { return };
        let Some(root) = doc.document_element() else { return };
        let mut elements = doc.descendants(root);
        elements.insert(0, root);
        elements.retain(|&n| doc.element(n).is_some());
        errors.retain(|e| !(suspect(e) && self.not_a_duplicate(&doc, &elements, e)));
    }

    fn not_a_duplicate(&self, doc: &Document<'_>, elements: &[NodeId], error: &EngineError) -> bool {
        let name = error.message.split('\'').nth(1).unwrap_or("");
        let Some(constraint) = self.model.identity.get(name) else {
            return false;
        };
        if !constraint
            .fields
            .iter()
            .all(|alternatives| numeric(&self.model, alternatives) == Some(false))
        {
            return false;
        }
        let (Some(line), Some(column)) = (error.line, error.column) else {
            return false;
        };
        let Some(&node) = elements
            .iter()
            .find(|&&n| doc.node_line(n) == line && doc.node_column(n) == column)
        else {
            return false;
        };
        let Some(scope) = scope(doc, node, &constraint.element) else {
            return false;
        };
        let start = |n: NodeId| doc.node_range(n).map_or(0, |r| r.start);
        let mut selected: Vec<NodeId> = constraint
            .selector
            .iter()
            .flat_map(|path| identity::select(doc, scope, path))
            .collect();
        selected.sort_by_key(|&n| start(n));
        selected.dedup();
        let values = |n: NodeId| -> Option<Vec<String>> {
            constraint
                .fields
                .iter()
                .map(|alternatives| identity::field(doc, n, alternatives, false).ok().flatten())
                .collect()
        };
        let Some(own) = values(node) else { return false };
        !selected
            .iter()
            .take_while(|&&n| start(n) < start(node))
            .any(|&n| values(n).as_ref() == Some(&own))
    }
}

impl Complement {
    /// For each constraint, which of its fields hold numbers (compared as numbers).
    pub fn numeric_fields(&self, constraints: &[identity::Constraint]) -> Vec<Vec<bool>> {
        constraints
            .iter()
            .map(|c| c.fields.iter().map(|f| numeric(&self.model, f) == Some(true)).collect())
            .collect()
    }
}

/// The element declaring the constraint that `node` was selected for: its nearest ancestor of
/// that name (or itself, for a selector of `.`).
fn scope(doc: &Document<'_>, node: NodeId, element: &str) -> Option<NodeId> {
    let mut at = Some(node);
    while let Some(n) = at {
        if doc.element(n).is_some_and(|e| e.name.local_name == element) {
            return Some(n);
        }
        at = doc.parent(n);
    }
    None
}

/// Whether a field's values are numbers: `Some(false)` only when every declaration the field
/// can name has a non-numeric type, `None` when that cannot be told.
fn numeric(model: &Model, alternatives: &[Path]) -> Option<bool> {
    let mut types: Vec<&TypeRef> = Vec::new();
    for path in alternatives {
        match (&path.attribute, path.steps.last()) {
            (Some((_, local)), _) => {
                for t in &model.types {
                    if let super::model::Type::Complex(c) = t {
                        types.extend(
                            c.attributes
                                .iter()
                                .filter(|(name, _)| &name.1 == local)
                                .filter_map(|(_, u)| u.type_ref.as_ref()),
                        );
                    }
                }
            }
            (None, Some(Some((_, local)))) => {
                types.extend(
                    model
                        .elements
                        .iter()
                        .filter(|(label, _)| label == local)
                        .filter_map(|(_, t)| t.as_ref()),
                );
            }
            _ => return None,
        }
    }
    if types.is_empty() {
        return None;
    }
    let mut any_numeric = false;
    for t in types {
        let builtin = model.content_type(t).and_then(|c| primitive(model, c))?;
        any_numeric |= is_decimal(builtin) || matches!(builtin, "float" | "double");
    }
    Some(any_numeric)
}
