//! Element frames: an element's start (its declaration, through the parent's content model,
//! a wildcard or the global declarations), its text, and its end.

use quick_xml::events::BytesStart;
use quick_xml::name::NamespaceResolver;

use super::xsi::has_xsi_type;
use super::{Frame, Mode, Record, Validator};
use crate::xml::engine::content::{Hit, Incoming};
use crate::xml::engine::model::{Content, ElemId, NameId, Process, TypeRef};

/// Text of one element kept for its value, at most: a bound on memory for hostile documents.
const MAX_VALUE: usize = 1 << 20;

impl Validator<'_> {
    pub(super) fn start(&mut self, resolver: &NamespaceResolver, e: &BytesStart<'_>, ns: Option<&str>, at: u64) {
        let local = e.local_name().into_inner();
        let name = self.name_of(ns, local);
        let incoming = Incoming { name, ns };
        let written = e.name().0;
        if self.frames.len() == 1 {
            let name = match self.record_names.get(written) {
                Some(&i) => i,
                None => {
                    self.record_names.insert(written.to_string(), self.ordinals.len());
                    self.ordinals.push(0);
                    self.ordinals.len() - 1
                }
            };
            self.ordinals[name] += 1;
            let record = Record {
                start: at,
                end: 0,
                ordinal: self.ordinals[name],
                alone: false,
                name,
            };
            self.current_record = Some(record);
            if self.every_record {
                self.record_with_error(record);
            }
        }
        let (decl, mode) = match self.frames.last_mut() {
            None => match self.global(name) {
                Some(d) => (Some(d), self.decl_mode(d)),
                None => (None, Mode::Undeclared),
            },
            Some(parent) => {
                parent.has_children = true;
                match parent.mode {
                    Mode::Skip | Mode::Undeclared => (None, Mode::Skip),
                    Mode::Lax => match self.global(name) {
                        Some(d) => (Some(d), self.decl_mode(d)),
                        None => (None, Mode::Lax),
                    },
                    Mode::Typed(ty) => self.child(ty, incoming, written, at),
                }
            }
        };
        let mut frame = Frame {
            start: at,
            decl,
            mode,
            slots: self.pool.pop().unwrap_or_default(),
            text: self.texts.pop().unwrap_or_default(),
            nil: false,
            has_children: false,
            text_reported: false,
        };
        let identity = decl
            .and_then(|d| self.schema.elements.get(d))
            .map_or(&[][..], |d| d.identity.as_slice());
        self.attribute_values = self.keys.wanted(identity).then(Vec::new);
        let mode = match mode {
            Mode::Undeclared | Mode::Lax if has_xsi_type(resolver, e) => Mode::Typed(TypeRef::AnyType),
            Mode::Undeclared => {
                let message = if self.frames.is_empty() {
                    format!("no declaration for the root element <{written}> in the schema")
                } else {
                    format!("no declaration for <{written}>, which the wildcard here requires")
                };
                self.error(at, message);
                Mode::Skip
            }
            mode => mode,
        };
        frame.mode = mode;
        if let Mode::Typed(ty) = mode {
            let ty = self.xsi_and_attributes(resolver, e, decl, ty, &mut frame, written, at);
            frame.mode = ty;
            if let Mode::Typed(ty) = frame.mode
                && let Some(model) = self.schema.content_model(ty)
            {
                model.start(&mut frame.slots);
            }
        }
        let identity = decl
            .and_then(|d| self.schema.elements.get(d))
            .map_or(&[][..], |d| d.identity.as_slice());
        let before = self.errors.len();
        if self.keys.wanted(identity) {
            let attributes = self.attribute_values.take().unwrap_or_default();
            let name = (ns.map(str::to_string), local.to_string());
            let depth = self.frames.len();
            self.keys
                .start(self.schema, depth, name, identity, &attributes, at, &mut self.errors);
        }
        self.adopt(before);
        self.frames.push(frame);
    }

    /// Errors pushed since `from` by the ID and identity tables belong to the current record.
    pub(super) fn adopt(&mut self, from: usize) {
        let Some(current) = self.current_record else { return };
        for i in from..self.errors.len() {
            if self.errors[i].record.is_none() && self.errors[i].offset >= current.start {
                let index = self.record_with_error(current);
                self.errors[i].record = Some(index);
            }
        }
    }

    /// The global declaration of a name, if any.
    pub(super) fn global(&self, name: Option<NameId>) -> Option<ElemId> {
        name.and_then(|n| self.schema.global_elements.get(&n).copied())
    }

    pub(super) fn decl_mode(&self, decl: ElemId) -> Mode {
        self.schema.elements.get(decl).map_or(Mode::Skip, |d| Mode::Typed(d.ty))
    }

    /// The declaration and mode of a child of an element of type `ty`.
    pub(super) fn child(
        &mut self,
        ty: TypeRef,
        incoming: Incoming<'_>,
        written: &str,
        at: u64,
    ) -> (Option<ElemId>, Mode) {
        let schema = self.schema;
        let complex = match ty {
            TypeRef::AnyType => {
                return match self.global(incoming.name) {
                    Some(d) => (Some(d), self.decl_mode(d)),
                    None => (None, Mode::Lax),
                };
            }
            TypeRef::Simple(_) => None,
            TypeRef::Complex(c) => schema.complex.get(c),
        };
        let Some(model) = complex.and_then(|_| schema.content_model(ty)) else {
            let Some(frame) = self.frames.last_mut() else {
                return (None, Mode::Skip);
            };
            if !frame.text_reported {
                frame.text_reported = true;
                self.error(
                    at,
                    format!("<{written}> is not allowed here: the element's type allows no child elements"),
                );
            }
            return (None, Mode::Skip);
        };
        let mut slots = self
            .frames
            .last_mut()
            .map(|f| std::mem::take(&mut f.slots))
            .unwrap_or_default();
        self.missing.clear();
        let mut hit = model.step(&mut slots, incoming, false, &mut self.missing);
        if hit.is_none() {
            let mut trial = slots.clone();
            if let Some(found) = model.step(&mut trial, incoming, true, &mut self.missing) {
                let names = self.leaf_names(ty, &self.missing.clone());
                self.error(at, format!("missing {names} before <{written}>"));
                slots = trial;
                hit = Some(found);
            } else {
                let mut expected = Vec::new();
                model.expected(&slots, &mut expected);
                let names = self.leaf_names(ty, &expected);
                let message = if expected.is_empty() {
                    format!("<{written}> is not expected here: nothing more may come at this point")
                } else {
                    format!("<{written}> is not expected here; expected {names}")
                };
                self.error(at, message);
            }
        }
        let result = match hit {
            Some(Hit::Element(d)) => (Some(d), self.decl_mode(d)),
            Some(Hit::Any(w)) => match (w.process, self.global(incoming.name)) {
                (Process::Skip, _) => (None, Mode::Skip),
                (_, Some(d)) => (Some(d), self.decl_mode(d)),
                (Process::Lax, None) => (None, Mode::Lax),
                (Process::Strict, None) => (None, Mode::Undeclared),
            },
            None => match self.global(incoming.name) {
                Some(d) => (Some(d), self.decl_mode(d)),
                None => (None, Mode::Skip),
            },
        };
        if let Some(frame) = self.frames.last_mut() {
            frame.slots = slots;
        }
        result
    }

    /// `one of <a>, <b>` for leaves of the model of `ty`.
    pub(super) fn leaf_names(&self, ty: TypeRef, leaves: &[usize]) -> String {
        let Some(model) = self.schema.content_model(ty) else {
            return String::new();
        };
        let mut names: Vec<String> = Vec::new();
        for &leaf in leaves {
            let (elements, wildcard) = model.leaf(leaf);
            // A substitution group is named by its head, the first declared.
            if let Some((name, _)) = elements
                .iter()
                .find(|(_, d)| {
                    self.schema
                        .elements
                        .get(*d)
                        .is_some_and(|decl| decl.head.is_none() || elements.len() == 1)
                })
                .or(elements.first())
            {
                names.push(format!("<{}>", self.schema.display(*name)));
            }
            if wildcard.is_some() {
                names.push("any element the wildcard allows".into());
            }
        }
        names.dedup();
        match names.len() {
            0 => "nothing".into(),
            1 => names.remove(0),
            _ => format!("one of {}", names.join(", ")),
        }
    }

    pub(super) fn text(&mut self, text: &str, at: u64) {
        let schema = self.schema;
        let Some(frame) = self.frames.last_mut() else { return };
        let element_only = match frame.mode {
            Mode::Typed(TypeRef::Complex(c)) => match schema.complex.get(c).map(|c| &c.content) {
                Some(Content::Elements { mixed, .. }) => !mixed,
                Some(Content::Empty) => true,
                _ => false,
            },
            _ => false,
        };
        if element_only {
            if !frame.text_reported && !text.trim().is_empty() {
                frame.text_reported = true;
                // At the text itself, after the white space before it.
                let blank = (text.len() - text.trim_start().len()) as u64;
                self.error(at + blank, crate::xml::findings::STRAY_TEXT.to_string());
            }
            return;
        }
        if frame.text.len() + text.len() <= MAX_VALUE {
            frame.text.push_str(text);
        }
    }

    pub(super) fn end(&mut self, resolver: &NamespaceResolver, at: u64, after: u64) {
        let Some(frame) = self.frames.pop() else { return };
        let before = self.errors.len();
        let value = match frame.mode {
            Mode::Typed(ty) => self.finish(resolver, &frame, ty, at),
            _ => None,
        };
        let depth = self.frames.len();
        self.keys.end(self.schema, depth, value, at, &mut self.errors);
        self.adopt(before);
        if depth == 1 {
            if let (Some(current), Some(last)) = (&self.current_record, self.records.last_mut())
                && last.start == current.start
            {
                last.end = after;
            }
            self.current_record = None;
        }
        let Frame {
            mut slots, mut text, ..
        } = frame;
        slots.clear();
        self.pool.push(slots);
        text.clear();
        self.texts.push(text);
    }
}
