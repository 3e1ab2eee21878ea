//! What the rules' `given` expressions select, each distinct expression evaluated once per
//! description: rulesets repeat the same `given` across rules (`$`, `$.paths`, `$..[?(@ &&
//! @.type == 'array')]`), and a selection through a large description costs more than most
//! checks on what it selects.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use super::Given;
use crate::jsonpath::{JsonPath, Node, Segment};
use crate::openapi::api::Api;
use crate::openapi::workspace::Resolved;

/// A selected place: the document, the path from its root, the value (absent for a `~`
/// selection, which looks at the member name itself).
#[derive(Clone)]
pub(super) struct Hit<'w> {
    pub(super) doc: usize,
    pub(super) path: Vec<Segment<'w>>,
    pub(super) value: Option<&'w Value>,
}

/// The selections of the `given`s more than one rule uses, made on first use and kept until
/// every rule has run; a `given` only one rule uses is selected by that rule and dropped.
pub(super) struct Selections<'w> {
    /// By expression: as written (index 0), and with references followed (index 1).
    shared: [HashMap<String, OnceLock<Vec<Hit<'w>>>>; 2],
}

impl<'w> Selections<'w> {
    /// Prepares a shared selection for each (`given`, resolved) pair that appears more than
    /// once among `givens`.
    pub(super) fn new<'g>(givens: impl IntoIterator<Item = (&'g Given, bool)>) -> Selections<'w> {
        let mut uses: [HashMap<&str, usize>; 2] = Default::default();
        for (given, resolved) in givens {
            *uses[usize::from(resolved)].entry(given.text.as_str()).or_default() += 1;
        }
        Selections {
            shared: uses.map(|counts| {
                counts
                    .into_iter()
                    .filter(|(_, count)| *count > 1)
                    .map(|(text, _)| (text.to_string(), OnceLock::new()))
                    .collect()
            }),
        }
    }

    /// What `given` selects in the description, with references followed through `resolved`
    /// unless the rule asks for the document as written.
    pub(super) fn select<'s>(
        &'s self,
        api: &Api<'w>,
        given: &Given,
        resolved: Option<&Resolved<'w>>,
    ) -> Cow<'s, [Hit<'w>]> {
        match self.shared[usize::from(resolved.is_some())].get(&given.text) {
            Some(cell) => Cow::Borrowed(cell.get_or_init(|| select(api, &given.path, resolved))),
            None => Cow::Owned(select(api, &given.path, resolved)),
        }
    }
}

/// The places `path` selects in the description.
fn select<'w>(api: &Api<'w>, path: &JsonPath, resolved: Option<&Resolved<'w>>) -> Vec<Hit<'w>> {
    let root = &api.ws.documents[0].value;
    let selected = match resolved {
        Some(resolved) => path.select_resolved(root, resolved),
        None => path.select(root),
    };
    selected
        .into_iter()
        .map(|s| Hit {
            doc: s.doc,
            value: match s.node {
                Node::Value(v) => Some(v),
                Node::Key(_) | Node::Index(_) => None,
            },
            path: s.path,
        })
        .collect()
}
