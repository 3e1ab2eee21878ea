//! ID, IDREF and IDREFS values, on attributes and elements alike: an ID may occur once per
//! document, and every IDREF must name an ID found anywhere in it (reported at the IDREF).

use std::collections::HashMap;

use super::Found;
use crate::xml::engine::model::simple_variety::{IdKind, id_kind};
use crate::xml::engine::model::{Schema, SimpleId};

#[derive(Default)]
pub(super) struct Ids {
    ids: HashMap<String, u64>,
    references: Vec<(String, u64)>,
}

impl Ids {
    /// Records a value of simple type `ty` found at `at`.
    pub(super) fn value(&mut self, schema: &Schema, ty: SimpleId, value: &str, at: u64, errors: &mut Vec<Found>) {
        match id_kind(schema, ty) {
            Some(IdKind::Id) => {
                let id = value.trim().to_string();
                if let std::collections::hash_map::Entry::Vacant(slot) = self.ids.entry(id.clone()) {
                    slot.insert(at);
                } else {
                    errors.push(Found::new(format!("ID '{id}' is not unique: it is already used"), at));
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
    pub(super) fn finish(&mut self, errors: &mut Vec<Found>) {
        for (reference, at) in self.references.drain(..) {
            if !self.ids.contains_key(&reference) {
                errors.push(Found::new(
                    format!("IDREF '{reference}' matches no ID in the document"),
                    at,
                ));
            }
        }
    }
}
