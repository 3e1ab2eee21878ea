//! Every `$ref` of a workspace resolved once, before any rule runs: a table from each object
//! holding a `$ref` to the end of its chain, with chains collapsed and loops marked.
//!
//! A resolved ruleset follows references at every step of every selection; walking a chain
//! anew each time (resolving the reference text, then a JSON Pointer) was most of the time a
//! ruleset took on a large description. The table is built in one pass and never changes, so
//! the rules read it in parallel without locking.

use std::collections::HashMap;

use serde_json::Value;

use super::workspace::{Target, Workspace};
use crate::address::{self, AddressMap, AddressSet};
use crate::jsonpath::Segment;

/// How many `$ref` hops lead to a value before nifcheck calls it a loop.
pub(crate) const MAX_HOPS: usize = 32;

/// A value a chain of references leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct Place<'w> {
    /// The document holding it.
    pub doc: usize,
    /// JSON Pointer inside that document, as the reference that first reached it spelled it
    /// (percent-decoded).
    pub pointer: String,
    /// Path from the document's root.
    pub path: Vec<Segment<'w>>,
    /// The value.
    pub value: &'w Value,
}

/// How the chain of references starting at one object ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    /// At a value that is not a reference (`target` indexes the places), after `hops` hops.
    Value { target: usize, hops: usize },
    /// At a framework standard, after `hops` hops; `last` is the last reference object on
    /// the way inside the description, if the chain had one before the standard.
    Standard { last: Option<usize>, hops: usize },
    /// At a reference that does not resolve, or in a loop.
    Broken,
}

impl Chain {
    /// The chain of an object whose reference leads to `via` (a reference object, at place
    /// `via_place`), given `via`'s own chain.
    fn through(self, via_place: usize) -> Chain {
        match self {
            Chain::Value { target, hops } => Chain::Value {
                target,
                hops: (hops + 1).min(MAX_HOPS + 1),
            },
            Chain::Standard { last, hops } => Chain::Standard {
                last: last.or(Some(via_place)),
                hops: (hops + 1).min(MAX_HOPS + 1),
            },
            Chain::Broken => Chain::Broken,
        }
    }
}

/// Where one reference hop leads.
enum Hop {
    Broken,
    Standard,
    /// A value that is not a reference: its place.
    Value(usize),
    /// Another reference object: its address.
    Reference(usize),
}

/// Every reference object of a workspace, keyed by its address, with the end of its chain.
///
/// Values are keyed by address: a workspace's documents do not change once loaded, so an
/// address names one value for as long as the table borrows them.
pub struct ReferenceTable<'w> {
    chains: AddressMap<usize, Chain>,
    places: Vec<Place<'w>>,
}

impl<'w> ReferenceTable<'w> {
    /// Resolves every `$ref` in every document of `ws`, data values (examples, defaults)
    /// included: a rule that selects inside an example follows its references too.
    pub fn build(ws: &'w Workspace) -> ReferenceTable<'w> {
        let mut builder = Builder {
            ws,
            sites: AddressMap::default(),
            hops: HashMap::new(),
            place_by_address: AddressMap::default(),
            places: Vec::new(),
        };
        for (doc, document) in ws.documents.iter().enumerate() {
            collect_sites(&document.value, doc, &mut builder.sites);
        }
        let mut chains: AddressMap<usize, Chain> =
            AddressMap::with_capacity_and_hasher(builder.sites.len(), Default::default());
        let mut starts: Vec<usize> = builder.sites.keys().copied().collect();
        // The order of a hash map is random; the places' order should not be.
        starts.sort_unstable();
        let mut walked = Vec::new();
        let mut on_the_way = AddressSet::default();
        for start in starts {
            if chains.contains_key(&start) {
                continue;
            }
            // Follow the chain until it ends or meets an object already known, then give every
            // object on the way its chain, from the end back.
            walked.clear();
            on_the_way.clear();
            let mut current = start;
            let mut meets_known = None;
            let end = loop {
                if let Some(&known) = chains.get(&current) {
                    meets_known = Some(current);
                    break known;
                }
                if !on_the_way.insert(current) {
                    break Chain::Broken; // a loop: every object on the way leads into it
                }
                walked.push(current);
                match builder.hop(current) {
                    Hop::Broken => break Chain::Broken,
                    Hop::Standard => break Chain::Standard { last: None, hops: 1 },
                    Hop::Value(target) => break Chain::Value { target, hops: 1 },
                    Hop::Reference(next) => current = next,
                }
            };
            let mut chain = match meets_known {
                Some(known) => end.through(builder.place_of(known)),
                None => end,
            };
            let mut after = None;
            for &site in walked.iter().rev() {
                if let Some(next) = after {
                    chain = chain.through(builder.place_of(next));
                }
                chains.insert(site, chain);
                after = Some(site);
            }
        }
        ReferenceTable {
            chains,
            places: builder.places,
        }
    }

    /// Where the references starting at `value` end, as a resolved rule sees them: the value
    /// the chain leads to, or, for a chain that ends at a framework standard, its last value
    /// in the description. `None` when `value` is not a reference object of the workspace,
    /// or its chain is broken, loops or is too long.
    pub fn end(&self, value: &Value) -> Option<&Place<'w>> {
        if !value.is_object() {
            return None;
        }
        match self.chains.get(&address::of(value))? {
            Chain::Value { target, hops } if *hops <= MAX_HOPS => self.places.get(*target),
            Chain::Standard { last: Some(last), hops } if *hops <= MAX_HOPS => self.places.get(*last),
            _ => None,
        }
    }

    /// The value that is not a reference where the chain starting at `value` ends, within
    /// `max_hops` hops; `None` when it ends at a standard, is broken, loops or is longer.
    pub fn value_end(&self, value: &Value, max_hops: usize) -> Option<&Place<'w>> {
        match self.chains.get(&address::of(value))? {
            Chain::Value { target, hops } if *hops <= max_hops => self.places.get(*target),
            _ => None,
        }
    }

    /// How many reference objects the table holds.
    pub fn len(&self) -> usize {
        self.chains.len()
    }

    /// Whether the workspace has no reference at all.
    pub fn is_empty(&self) -> bool {
        self.chains.is_empty()
    }
}

/// What one reference text resolves to, from the document it is written in.
enum Resolution {
    /// A document of the workspace and a pointer in it (the value may not exist).
    Local(usize, String),
    Standard,
    Broken,
}

struct Builder<'w> {
    ws: &'w Workspace,
    /// Every reference object: address → (document, reference text).
    sites: AddressMap<usize, (usize, &'w str)>,
    /// Reference texts already resolved, by the document they are written in: many objects
    /// share one reference.
    hops: HashMap<(usize, &'w str), Resolution>,
    /// Address of a value → its index in `places`.
    place_by_address: AddressMap<usize, usize>,
    places: Vec<Place<'w>>,
}

impl<'w> Builder<'w> {
    /// One hop from the reference object at `site`.
    fn hop(&mut self, site: usize) -> Hop {
        let Some(&(doc, reference)) = self.sites.get(&site) else {
            return Hop::Broken;
        };
        let ws = self.ws;
        let resolved = self
            .hops
            .entry((doc, reference))
            .or_insert_with(|| match ws.resolve(doc, reference) {
                Ok(Target::Local { doc, pointer }) => Resolution::Local(doc, pointer),
                Ok(Target::Standard(_)) => Resolution::Standard,
                Err(_) => Resolution::Broken,
            });
        let (to, pointer) = match resolved {
            Resolution::Local(to, pointer) => (*to, pointer.clone()),
            Resolution::Standard => return Hop::Standard,
            Resolution::Broken => return Hop::Broken,
        };
        let Some(value) = ws.documents[to].get(&pointer) else {
            return Hop::Broken;
        };
        let place = self.record(to, pointer, value);
        if reference_of(value).is_some() {
            Hop::Reference(address::of(value))
        } else {
            Hop::Value(place)
        }
    }

    /// The place of `value`, recorded with the pointer that first reached it.
    fn record(&mut self, doc: usize, pointer: String, value: &'w Value) -> usize {
        if let Some(&index) = self.place_by_address.get(&address::of(value)) {
            return index;
        }
        let path = path_of(&self.ws.documents[doc].value, &pointer).unwrap_or_default();
        self.places.push(Place {
            doc,
            pointer,
            path,
            value,
        });
        self.place_by_address.insert(address::of(value), self.places.len() - 1);
        self.places.len() - 1
    }

    /// The place of a reference object a hop has reached (and so recorded).
    fn place_of(&self, site: usize) -> usize {
        self.place_by_address.get(&site).copied().unwrap_or(usize::MAX)
    }
}

/// The reference of an object holding a string `$ref`.
fn reference_of(value: &Value) -> Option<&str> {
    value.as_object()?.get("$ref")?.as_str()
}

/// Every object holding a string `$ref` below `value`, at any depth.
fn collect_sites<'w>(value: &'w Value, doc: usize, sites: &mut AddressMap<usize, (usize, &'w str)>) {
    let mut stack = vec![value];
    while let Some(current) = stack.pop() {
        match current {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    sites.insert(address::of(current), (doc, reference.as_str()));
                }
                stack.extend(map.values().filter(|v| v.is_object() || v.is_array()));
            }
            Value::Array(items) => stack.extend(items.iter().filter(|v| v.is_object() || v.is_array())),
            _ => {}
        }
    }
}

/// The path a JSON Pointer names, with the member names borrowed from the document.
pub(crate) fn path_of<'w>(root: &'w Value, pointer: &str) -> Option<Vec<Segment<'w>>> {
    let mut at = root;
    let mut path = Vec::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        match at {
            Value::Object(map) => {
                let (key, next) = map.get_key_value(&token)?;
                path.push(Segment::Key(key.as_str()));
                at = next;
            }
            Value::Array(items) => {
                let index: usize = token.parse().ok()?;
                path.push(Segment::Index(index));
                at = items.get(index)?;
            }
            _ => return None,
        }
    }
    Some(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::openapi::document::ApiDocument;
    use crate::openapi::workspace::Reach;

    fn workspace(text: &str) -> Workspace {
        let root = ApiDocument::parse("api.json", None, text.as_bytes().to_vec()).unwrap();
        Workspace::load(root, &Reach::default())
    }

    /// Where the reference object at `pointer` of document `doc` leads: (document, pointer).
    fn end_of(ws: &Workspace, table: &ReferenceTable<'_>, doc: usize, pointer: &str) -> Option<(usize, String)> {
        let site = ws.documents[doc].get(pointer).unwrap();
        table.end(site).map(|place| (place.doc, place.pointer.clone()))
    }

    #[test]
    fn a_chain_is_collapsed_for_every_link() {
        let ws = workspace(
            r##"{"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"$ref": "#/d"}, "d": {"type": "string"}}"##,
        );
        let table = ReferenceTable::build(&ws);
        assert_eq!(table.len(), 3);
        for at in ["/a", "/b", "/c"] {
            assert_eq!(end_of(&ws, &table, 0, at), Some((0, "/d".to_string())), "{at}");
        }
        let d = ws.documents[0].get("/d").unwrap();
        assert!(table.end(d).is_none(), "a value that is not a reference has no chain");
        let a = ws.documents[0].get("/a").unwrap();
        let place = table.end(a).unwrap();
        assert!(std::ptr::eq(place.value, d));
        assert_eq!(place.path, vec![Segment::Key("d")]);
    }

    #[test]
    fn loops_and_what_leads_into_them_are_broken() {
        let ws = workspace(
            r##"{"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"$ref": "#/b"},
                "me": {"$ref": "#/me"}, "ok": {"$ref": "#/x"}, "x": 1}"##,
        );
        let table = ReferenceTable::build(&ws);
        for at in ["/a", "/b", "/c", "/me"] {
            assert_eq!(end_of(&ws, &table, 0, at), None, "{at}");
        }
        assert_eq!(end_of(&ws, &table, 0, "/ok"), Some((0, "/x".to_string())));
    }

    #[test]
    fn a_chain_longer_than_the_limit_is_broken_where_it_is_too_long() {
        // r0 → r1 → … → r39 → the value: r39 is 1 hop from it, r8 is 32, r7 is 33.
        let mut members: Vec<String> = (0..40)
            .map(|i| {
                let next = if i == 39 {
                    "end".to_string()
                } else {
                    format!("r{}", i + 1)
                };
                format!(r##""r{i}": {{"$ref": "#/{next}"}}"##)
            })
            .collect();
        members.push(r#""end": {"type": "string"}"#.to_string());
        let ws = workspace(&format!("{{{}}}", members.join(", ")));
        let table = ReferenceTable::build(&ws);
        assert_eq!(end_of(&ws, &table, 0, "/r39"), Some((0, "/end".to_string())));
        assert_eq!(end_of(&ws, &table, 0, "/r8"), Some((0, "/end".to_string())));
        assert_eq!(end_of(&ws, &table, 0, "/r7"), None);
        let r9 = ws.documents[0].get("/r9").unwrap();
        assert!(table.value_end(r9, MAX_HOPS - 1).is_some());
        let r8 = ws.documents[0].get("/r8").unwrap();
        assert!(table.value_end(r8, MAX_HOPS - 1).is_none());
    }

    #[test]
    fn pointer_escapes_and_percent_encoding_are_decoded() {
        let ws = workspace(
            r##"{"paths": {"/a/{id}": {"x~y": {"v": 1}}},
                "e": {"$ref": "#/paths/~1a~1%7Bid%7D/x~0y"},
                "space": {"$ref": "#/with%20space"}, "with space": true}"##,
        );
        let table = ReferenceTable::build(&ws);
        let e = table.end(ws.documents[0].get("/e").unwrap()).unwrap();
        assert_eq!(e.pointer, "/paths/~1a~1{id}/x~0y");
        assert_eq!(
            e.path,
            vec![Segment::Key("paths"), Segment::Key("/a/{id}"), Segment::Key("x~y")]
        );
        assert_eq!(e.value, &serde_json::json!({"v": 1}));
        assert_eq!(end_of(&ws, &table, 0, "/space"), Some((0, "/with space".to_string())));
    }

    #[test]
    fn references_into_other_files_resolve_from_the_file_they_are_written_in() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("common.yaml"),
            "A:\n  $ref: '#/B'\nB:\n  type: string\nlist:\n  - $ref: '#/B'\n",
        )
        .unwrap();
        let root = ApiDocument::parse(
            "api.yaml",
            Some(dir.path().join("api.yaml")),
            b"a:\n  $ref: common.yaml#/A\nl:\n  $ref: common.yaml#/list/0\n".to_vec(),
        )
        .unwrap();
        let ws = Workspace::load(root, &Reach::default());
        assert_eq!(ws.documents.len(), 2);
        let table = ReferenceTable::build(&ws);
        assert_eq!(end_of(&ws, &table, 0, "/a"), Some((1, "/B".to_string())));
        assert_eq!(end_of(&ws, &table, 1, "/A"), Some((1, "/B".to_string())));
        assert_eq!(end_of(&ws, &table, 0, "/l"), Some((1, "/B".to_string())));
        assert_eq!(end_of(&ws, &table, 1, "/list/0"), Some((1, "/B".to_string())));
    }

    #[test]
    fn a_chain_to_a_standard_stops_at_its_last_value_in_the_description() {
        let reach = Reach {
            framework_uris: ["https://example.org/person.json".to_string()].into(),
            fetcher: None,
        };
        let text = r##"{"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"},
            "c": {"$ref": "https://example.org/person.json#/x"}}"##;
        let root = ApiDocument::parse("api.json", None, text.as_bytes().to_vec()).unwrap();
        let ws = Workspace::load(root, &reach);
        let table = ReferenceTable::build(&ws);
        assert_eq!(end_of(&ws, &table, 0, "/a"), Some((0, "/c".to_string())));
        assert_eq!(end_of(&ws, &table, 0, "/b"), Some((0, "/c".to_string())));
        assert_eq!(
            end_of(&ws, &table, 0, "/c"),
            None,
            "nothing in the description before the standard"
        );
        let a = ws.documents[0].get("/a").unwrap();
        assert!(
            table.value_end(a, MAX_HOPS).is_none(),
            "no value in the description ends it"
        );
    }

    #[test]
    fn broken_references_and_references_in_examples() {
        let ws = workspace(
            r##"{"a": {"$ref": "#/nope"}, "b": {"$ref": "other.json#/x"}, "not": {"$ref": 1},
                "example": {"$ref": "#/v"}, "v": 1}"##,
        );
        let table = ReferenceTable::build(&ws);
        assert_eq!(end_of(&ws, &table, 0, "/a"), None);
        assert_eq!(
            end_of(&ws, &table, 0, "/b"),
            None,
            "a file beside standard input cannot be read"
        );
        assert_eq!(
            end_of(&ws, &table, 0, "/not"),
            None,
            "a `$ref` that is not a string is no reference"
        );
        // A rule that selects inside an example follows its references as Spectral does.
        assert_eq!(end_of(&ws, &table, 0, "/example"), Some((0, "/v".to_string())));
        assert_eq!(table.len(), 3);
    }
}
