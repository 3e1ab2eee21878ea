//! ID, IDREF and IDREFS values, on attributes and elements alike: an ID may occur once per
//! document, and every IDREF must name an ID found anywhere in it (reported at the IDREF).

use std::collections::HashMap;

use crate::xml::engine::EngineError;
use crate::xml::engine::model::simple_variety::{IdKind, id_kind};
use crate::xml::engine::model::{Schema, SimpleId};

#[derive(Default)]
pub(super) struct Ids {
    ids: HashMap<String, (usize, usize)>,
    references: Vec<(String, (usize, usize))>,
}

impl Ids {
    /// Records a value of simple type `ty` found at `at`.
    pub(super) fn value(
        &mut self,
        schema: &Schema,
        ty: SimpleId,
        value: &str,
        at: (usize, usize),
        errors: &mut Vec<EngineError>,
    ) {
        match id_kind(schema, ty) {
            Some(IdKind::Id) => {
                let id = value.trim().to_string();
                if let std::collections::hash_map::Entry::Vacant(slot) = self.ids.entry(id.clone()) {
                    slot.insert(at);
                } else {
                    errors.push(EngineError {
                        message: format!("ID '{id}' is not unique: it is already used"),
                        line: Some(at.0),
                        column: Some(at.1),
                    });
                }
            }
            Some(IdKind::Idref) => self.references.push((value.trim().to_string(), at)),
            Some(IdKind::Idrefs) => self
                .references
                .extend(value.split_whitespace().map(|r| (r.to_string(), at))),
            None => {}
        }
    }

    /// At the end of the document: every reference that names no ID.
    pub(super) fn finish(&mut self, errors: &mut Vec<EngineError>) {
        for (reference, (line, column)) in self.references.drain(..) {
            if !self.ids.contains_key(&reference) {
                errors.push(EngineError {
                    message: format!("IDREF '{reference}' matches no ID in the document"),
                    line: Some(line),
                    column: Some(column),
                });
            }
        }
    }
}
