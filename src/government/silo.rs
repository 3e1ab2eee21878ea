//! GOV003: silos. Two or more agencies define the same concept separately, as a copy (or a
//! near copy) of a national standard in their OpenAPI components or profiles, instead of
//! referencing the standard. One finding per standard names every agency holding a copy.
//!
//! A schema's shape is its set of top-level (property, type) pairs, property names taken by
//! the concept they stand for (`dateOfBirth` is `birthDate`). Schemas are not compared with
//! each other, nor with every standard: an index from each (property, type) pair to the
//! standards having it gives, for each schema, the few standards sharing most of its pairs,
//! and only those are compared in full.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::Government;
use super::services::{GovernmentServices, LoadedService};
use crate::finding::{Finding, Related};
use crate::framework::{Framework, StandardRef};
use crate::openapi::document::ApiDocument;
use crate::openapi::standards::DECLARATION;
use crate::openapi::workspace::{Target, Workspace};
use crate::rules::SILO;
use crate::rules::standards::canonical_property;
use crate::source::escape_pointer_token;

/// The share of a schema's pairs the standard must have (the copy adds little of its own).
const PRECISION: f64 = 0.8;
/// Schemas with fewer properties are too small to call a copy of anything.
const MIN_PROPERTIES: usize = 3;

/// The silos of a government.
pub fn silos(government: &Government, framework: &Framework) -> crate::Result<Vec<Finding>> {
    let provided = GovernmentServices::load(government, Some(framework), |_| true)?;
    Ok(silos_with(government, framework, &provided))
}

/// A schema's top-level (concept, type) pairs and required concepts.
#[derive(Debug, Default)]
struct Shape {
    pairs: BTreeSet<(String, &'static str)>,
    required: BTreeSet<String>,
}

/// One agency's schema that copies a standard.
struct Copy {
    agency: String,
    name: String,
    file: String,
    pointer: String,
    line: Option<usize>,
    column: Option<usize>,
    standard: usize,
}

/// A schema of a service's own OpenAPI components that copies a standard version.
pub(crate) struct ComponentCopy {
    /// The service's position in `[[services]]`.
    pub service: usize,
    /// The schema's name under `components/schemas`.
    pub name: String,
    /// The description's file.
    pub file: String,
    /// JSON Pointer of the schema in the description.
    pub pointer: String,
    /// Its line in the file.
    pub line: Option<usize>,
    /// Its column in the file.
    pub column: Option<usize>,
    /// The standard version it copies.
    pub standard: usize,
}

/// Every schema of these services' components that copies a standard, with the version it
/// copies (the closest one).
pub(crate) fn component_copies<'s>(
    framework: &Framework,
    services: impl IntoIterator<Item = &'s LoadedService>,
) -> Vec<ComponentCopy> {
    let index = StandardIndex::new(framework);
    services
        .into_iter()
        .flat_map(|service| copies_in_service(&index, service))
        .collect()
}

fn copies_in_service(index: &StandardIndex, service: &LoadedService) -> Vec<ComponentCopy> {
    let mut out = Vec::new();
    let Some(workspace) = &service.workspace else {
        return out;
    };
    let root = &workspace.documents[0];
    let Some(schemas) = root.value.pointer("/components/schemas").and_then(Value::as_object) else {
        return out;
    };
    for (name, schema) in schemas {
        if reuses(schema) {
            continue;
        }
        let shape = shape(schema, &|r| resolve_in_workspace(workspace, r), 0);
        let Some(standard) = index.best(&shape) else { continue };
        let pointer = format!("/components/schemas/{}", escape_pointer_token(name));
        let at = root.position(&pointer, true);
        out.push(ComponentCopy {
            service: service.index,
            name: name.clone(),
            file: root.name.clone(),
            pointer,
            line: at.map(|p| p.0),
            column: at.map(|p| p.1),
            standard,
        });
    }
    out
}

pub(crate) fn silos_with(
    government: &Government,
    framework: &Framework,
    provided: &GovernmentServices<'_>,
) -> Vec<Finding> {
    let index = StandardIndex::new(framework);
    let mut copies: Vec<Copy> = Vec::new();
    for (agency, service) in provided.iter() {
        copies.extend(copies_in_service(&index, service).into_iter().map(|c| Copy {
            agency: agency.id().to_string(),
            name: c.name,
            file: c.file,
            pointer: c.pointer,
            line: c.line,
            column: c.column,
            standard: c.standard,
        }));
    }
    for agency in &government.agencies {
        for profile in &agency.manifest.profiles {
            let path = agency.file(&profile.schema);
            let Some(document) = crate::source::read_policy::read(&path)
                .ok()
                .and_then(|b| ApiDocument::parse(&path.display().to_string(), None, b).ok())
            else {
                continue;
            };
            if reuses(&document.value) {
                continue;
            }
            let shape = shape(&document.value, &|r| local(&document.value, r), 0);
            let declared = profile.profile_of.parse::<StandardRef>().ok().map(|r| r.id);
            let Some(standard) = index.best(&shape) else { continue };
            // A profile of this very standard is a declared specialisation, not a copy.
            if declared.as_deref() == Some(framework.standards[standard].entry.id.as_str()) {
                continue;
            }
            copies.push(Copy {
                agency: agency.id().to_string(),
                name: profile.schema.clone(),
                file: document.name.clone(),
                pointer: String::new(),
                line: Some(1),
                column: Some(1),
                standard,
            });
        }
    }
    let mut by_concept: BTreeMap<&str, Vec<&Copy>> = BTreeMap::new();
    for copy in &copies {
        by_concept
            .entry(framework.standards[copy.standard].entry.id.as_str())
            .or_default()
            .push(copy);
    }
    by_concept
        .into_values()
        .filter_map(|mut group| {
            group.sort_by(|a, b| (&a.agency, &a.file, &a.pointer).cmp(&(&b.agency, &b.file, &b.pointer)));
            finding(framework, &group)
        })
        .collect()
}

fn finding(framework: &Framework, group: &[&Copy]) -> Option<Finding> {
    let agencies: BTreeSet<&str> = group.iter().map(|c| c.agency.as_str()).collect();
    if agencies.len() < 2 {
        return None;
    }
    let first = group.first()?;
    let standard = &framework.standards[first.standard];
    let names: Vec<String> = group.iter().map(|c| format!("`{}` ({})", c.name, c.agency)).collect();
    let mut f = Finding::new(
        SILO.code,
        SILO.severity,
        SILO.kind,
        &first.file,
        format!(
            "{} agencies define {} separately instead of referencing the standard: {}",
            agencies.len(),
            standard.entry.id,
            names.join(", ")
        ),
    );
    f.pointer = Some(first.pointer.clone());
    f.line = first.line;
    f.column = first.column;
    f.agency = Some(first.agency.clone());
    f.standard = Some(standard.label());
    f.related = group
        .iter()
        .skip(1)
        .map(|c| Related {
            file: c.file.clone(),
            pointer: Some(c.pointer.clone()),
            line: c.line,
            message: format!(
                "`{}`'s `{}` is a copy of {}",
                c.agency,
                c.name,
                framework.standards[c.standard].label()
            ),
        })
        .collect();
    let uri = framework.schema_uri(first.standard).unwrap_or_default();
    f.help = Some(format!(
        "reference the standard (`$ref: '{uri}'`) in every agency, or declare a profile of it with `{DECLARATION}`"
    ));
    Some(f)
}

/// Whether a schema reuses a standard rather than defining one: a plain `$ref` (under a local
/// name), a declaration, or an `allOf` built on a reference.
fn reuses(schema: &Value) -> bool {
    schema.get("$ref").is_some()
        || schema.get(DECLARATION).is_some()
        || schema
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|all| all.iter().any(|s| s.get("$ref").is_some()))
}

/// The standards' shapes, and from each (concept, type) pair the standards having it.
struct StandardIndex {
    shapes: Vec<(usize, Shape)>,
    by_pair: HashMap<(String, &'static str), Vec<usize>>,
}

impl StandardIndex {
    fn new(framework: &Framework) -> Self {
        let mut shapes = Vec::new();
        let mut by_pair: HashMap<(String, &'static str), Vec<usize>> = HashMap::new();
        for standard in 0..framework.standards.len() {
            let Ok(document) = framework.schema_document(standard) else {
                continue;
            };
            let shape = shape(&document, &|r| local(&document, r), 0);
            if shape.pairs.len() < MIN_PROPERTIES {
                continue;
            }
            for pair in &shape.pairs {
                by_pair.entry(pair.clone()).or_default().push(shapes.len());
            }
            shapes.push((standard, shape));
        }
        StandardIndex { shapes, by_pair }
    }

    /// The standard a schema copies, if any: the closest (by Jaccard similarity of the pairs,
    /// then the newest version) among those having most of its pairs and its required core.
    fn best(&self, shape: &Shape) -> Option<usize> {
        if shape.pairs.len() < MIN_PROPERTIES {
            return None;
        }
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for pair in &shape.pairs {
            for &candidate in self.by_pair.get(pair).into_iter().flatten() {
                *shared.entry(candidate).or_default() += 1;
            }
        }
        let names: BTreeSet<&str> = shape.pairs.iter().map(|(n, _)| n.as_str()).collect();
        let mut best: Option<(f64, usize)> = None;
        for (candidate, count) in shared {
            #[allow(clippy::cast_precision_loss)]
            let precision = count as f64 / shape.pairs.len() as f64;
            let (standard, theirs) = &self.shapes[candidate];
            let covered = theirs.required.iter().filter(|r| names.contains(r.as_str())).count();
            let core = covered >= 2.min(theirs.required.len()) && covered * 3 >= theirs.required.len() * 2;
            let overlap = shape.required.is_empty() || theirs.required.iter().any(|r| shape.required.contains(r));
            if precision < PRECISION || !core || !overlap {
                continue;
            }
            #[allow(clippy::cast_precision_loss)]
            let jaccard = count as f64 / (shape.pairs.len() + theirs.pairs.len() - count) as f64;
            if best.is_none_or(|(j, s)| jaccard > j || (jaccard == j && *standard > s)) {
                best = Some((jaccard, *standard));
            }
        }
        best.map(|(_, s)| s)
    }
}

/// The shape of a schema: its properties and those of its `allOf` members.
fn shape<'v>(schema: &'v Value, resolve: &dyn Fn(&str) -> Option<&'v Value>, depth: usize) -> Shape {
    let mut out = Shape::default();
    if depth > 4 {
        return out;
    }
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => match resolve(reference) {
            Some(target) => target,
            None => return out,
        },
        None => schema,
    };
    for (name, property) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if name == "$schema" {
            continue;
        }
        out.pairs
            .insert((canonical_property(name), coarse_type(property, resolve, 0)));
    }
    for name in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
        if let Some(name) = name.as_str() {
            out.required.insert(canonical_property(name));
        }
    }
    for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        let inner = shape(member, resolve, depth + 1);
        out.pairs.extend(inner.pairs);
        out.required.extend(inner.required);
    }
    out
}

/// A property's type, coarsely: what a copy keeps even when it changes the details.
fn coarse_type<'v>(schema: &'v Value, resolve: &dyn Fn(&str) -> Option<&'v Value>, depth: usize) -> &'static str {
    let named = |t: &str| match t {
        "string" => "string",
        "integer" | "number" => "number",
        "boolean" => "boolean",
        "array" => "array",
        "object" => "object",
        "null" => "null",
        _ => "any",
    };
    match schema.get("type") {
        Some(Value::String(t)) => return named(t),
        Some(Value::Array(types)) => {
            if let Some(t) = types.iter().filter_map(Value::as_str).find(|t| *t != "null") {
                return named(t);
            }
        }
        _ => {}
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return match resolve(reference) {
            Some(target) if depth < 8 => coarse_type(target, resolve, depth + 1),
            // A reference out of the document: another standard, an object.
            _ => "object",
        };
    }
    if schema.get("properties").is_some() {
        "object"
    } else if schema.get("items").is_some() {
        "array"
    } else if schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| e.iter().all(Value::is_string))
    {
        "string"
    } else {
        "any"
    }
}

/// A reference inside the same document.
fn local<'v>(document: &'v Value, reference: &str) -> Option<&'v Value> {
    document.pointer(reference.strip_prefix('#')?)
}

/// A reference from a description's own document into any file of its workspace.
fn resolve_in_workspace<'w>(workspace: &'w Workspace, reference: &str) -> Option<&'w Value> {
    match workspace.resolve(0, reference).ok()? {
        Target::Local { doc, pointer } => workspace.documents[doc].get(&pointer),
        Target::Standard(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::government::gaps::tests::load;

    #[test]
    fn the_sample_government_has_one_silo_of_person() {
        let (government, framework) = load("fixtures/government");
        let findings = silos(&government, &framework).unwrap_or_else(|e| panic!("{e}"));
        let summary: Vec<String> = findings
            .iter()
            .map(|f| format!("{} {} {}", f.rule, f.agency.as_deref().unwrap_or(""), f.message))
            .collect();
        assert_eq!(
            summary,
            [
                "GOV003 loc-millbrook-village 2 agencies define person separately instead of referencing the standard: `Inhabitant` (loc-millbrook-village), `Resident` (prov-south-admin)"
            ]
        );
        assert_eq!(findings[0].related.len(), 1);
    }
}
