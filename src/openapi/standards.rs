//! Reuse of national standards: a schema that declares a standard stays within it (NIF001),
//! a schema that looks like a standard but ignores it is a silo (NIF002), referenced and
//! declared versions are in force (NIF003) and exist (NIF004).

use std::collections::BTreeSet;

use serde_json::Value;

use super::spec::Api;
use super::workspace::Target;
use crate::compat::{Inclusion, Verdict};
use crate::finding::{Finding, Severity};
use crate::framework::{Framework, StandardRef, Status};
use crate::rules::{
    AGENCY_UNKNOWN, STANDARD_OUTDATED, STANDARD_PROFILE_INCOMPATIBLE, STANDARD_REDEFINED, STANDARD_UNKNOWN,
};
use crate::source::escape_pointer_token;

/// The extension that declares which standard a schema profiles.
pub const DECLARATION: &str = "x-nif-standard";

/// Names agencies use for the same property, normalised (lower case, letters and digits).
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "nin",
        &[
            "nationalid",
            "nationalidnumber",
            "nationalidentificationnumber",
            "personalid",
            "citizenid",
            "idnumber",
            "personalnumber",
        ],
    ),
    ("name", &["fullname", "personname", "names"]),
    ("birthdate", &["dateofbirth", "dob", "birthday", "born"]),
    ("deathdate", &["dateofdeath", "dod"]),
    ("givenname", &["firstname", "forename", "givennames"]),
    ("familyname", &["lastname", "surname"]),
    ("street", &["streetname", "addressline1", "line1", "road"]),
    ("locality", &["city", "town", "village", "place"]),
    ("postcode", &["postalcode", "zip", "zipcode"]),
    ("province", &["region", "state"]),
    ("organisationid", &["orgid", "companyid", "companynumber", "businessid"]),
    ("legalname", &["companyname", "organisationname", "registeredname"]),
    (
        "registrationdate",
        &["registeredon", "incorporationdate", "dateofregistration"],
    ),
];

/// The code list of agencies `x-agency-id` is checked against.
const AGENCY_LIST: &str = "agency";

pub fn check(api: &Api<'_>, framework: &Framework, out: &mut Vec<Finding>) {
    referenced_versions(api, framework, out);
    agency(api, framework, out);
    let root = api.root();
    let Some(schemas) = root.get("/components/schemas").and_then(Value::as_object) else {
        return;
    };
    let mut inclusion = None;
    for (name, schema) in schemas {
        let at = format!("/components/schemas/{}", escape_pointer_token(name));
        match schema.get(DECLARATION) {
            Some(declared) => declared_profile(api, framework, &at, declared, &mut inclusion, out),
            None if !reuses_standard(api, schema) => redefinition(api, framework, name, &at, out),
            None => {}
        }
    }
}

/// NIF003 for every `$ref` to a standard version that is no longer in force.
fn referenced_versions(api: &Api<'_>, framework: &Framework, out: &mut Vec<Finding>) {
    for entry in api.ws.all_references() {
        let Ok(Target::Standard(uri)) = &entry.target else {
            continue;
        };
        let base = uri.split('#').next().unwrap_or(uri);
        if let Ok(Some(index)) = framework.standard_by_uri(base) {
            outdated(api, framework, entry.doc, &entry.at, index, out);
        }
    }
}

fn outdated(api: &Api<'_>, framework: &Framework, doc: usize, at: &str, index: usize, out: &mut Vec<Finding>) {
    let standard = &framework.standards[index];
    let (severity, state) = match standard.status() {
        Status::Deprecated => (Severity::Warning, "deprecated"),
        Status::Retired => (Severity::Error, "retired"),
        _ => return,
    };
    let current = newest(framework, &standard.entry.id)
        .filter(|&i| i != index)
        .map_or_else(String::new, |i| {
            format!("; the version in force is {}", framework.standards[i].label())
        });
    let mut finding = api.finding(
        &STANDARD_OUTDATED,
        doc,
        at,
        format!("{} is {state}{current}", standard.label()),
    );
    finding.severity = severity;
    finding.standard = Some(standard.label());
    out.push(finding);
}

/// The newest version of a standard that is in force.
fn newest(framework: &Framework, id: &str) -> Option<usize> {
    let reference = StandardRef {
        id: id.to_string(),
        req: None,
        text: id.to_string(),
    };
    framework.resolve(&reference).ok()
}

fn declared_profile(
    api: &Api<'_>,
    framework: &Framework,
    at: &str,
    declared: &Value,
    inclusion: &mut Option<Option<Inclusion>>,
    out: &mut Vec<Finding>,
) {
    let declared_at = format!("{at}/{DECLARATION}");
    let index = match declared.as_str().map(str::parse::<StandardRef>) {
        Some(Ok(reference)) => match framework.resolve(&reference) {
            Ok(index) => index,
            Err(e) => {
                out.push(api.finding(&STANDARD_UNKNOWN, 0, &declared_at, format!("{DECLARATION}: {e}")));
                return;
            }
        },
        Some(Err(e)) => {
            out.push(api.finding(&STANDARD_UNKNOWN, 0, &declared_at, format!("{DECLARATION}: {e}")));
            return;
        }
        None => {
            out.push(api.finding(
                &STANDARD_UNKNOWN,
                0,
                &declared_at,
                format!("{DECLARATION} must be a string such as person@1.2"),
            ));
            return;
        }
    };
    outdated(api, framework, 0, &declared_at, index, out);
    let label = framework.standards[index].label();
    let Ok(standard) = framework.schema_document(index) else {
        return;
    };
    let before = out.len();
    structural(api, at, &standard, &label, out);
    if out.len() > before {
        return;
    }
    let inclusion = inclusion.get_or_insert_with(|| {
        let doc = crate::compat::evolution::prepare_openapi(api.root().value.clone());
        Inclusion::for_framework(framework, vec![(api.ws.uri(0), doc)]).ok()
    });
    let Some(inclusion) = inclusion else { return };
    let (Some(root), Ok(uri)) = (inclusion.root(&api.ws.uri(0)), framework.schema_uri(index)) else {
        return;
    };
    let (Some(profile), Some(target)) = (inclusion.resolve(&root, &format!("#{at}")), inclusion.root(&uri)) else {
        return;
    };
    if let Verdict::Incompatible(witness) = inclusion.check(&profile, &target) {
        let mut finding = api.finding(
            &STANDARD_PROFILE_INCOMPATIBLE,
            0,
            at,
            format!("this schema accepts payloads {label} rejects: {}", witness.message),
        );
        api.root().place(&mut finding, at, true);
        finding.standard = Some(label);
        finding.witness = Some(witness.instance);
        out.push(finding);
    }
}

/// Property by property: declared properties exist in the standard with a compatible type,
/// and what the standard requires stays required.
fn structural(api: &Api<'_>, at: &str, standard: &Value, label: &str, out: &mut Vec<Finding>) {
    let Shape {
        properties,
        required,
        standards,
    } = shape(api, at);
    // Including the standard itself enforces its required properties and its closedness.
    let includes = standard
        .get("$id")
        .and_then(Value::as_str)
        .is_some_and(|id| standards.contains(id.trim_end_matches('#')));
    let standard_properties = standard.get("properties").and_then(Value::as_object);
    let closed = standard.get("additionalProperties") == Some(&Value::Bool(false))
        || standard.get("unevaluatedProperties") == Some(&Value::Bool(false));
    for (name, (pointer, schema)) in &properties {
        match standard_properties.and_then(|p| p.get(name)) {
            None if closed && !includes => {
                let mut finding = api.finding(
                    &STANDARD_PROFILE_INCOMPATIBLE,
                    0,
                    pointer,
                    format!("property `{name}` is not part of {label}, which allows no other properties"),
                );
                api.root().place(&mut finding, pointer, true);
                finding.standard = Some(label.to_string());
                out.push(finding);
            }
            None => {}
            Some(expected) => {
                let expected = follow_local(standard, expected);
                if let (Some(ours), Some(theirs)) = (types(schema), types(expected))
                    && !ours
                        .iter()
                        .all(|t| theirs.contains(t) || (t == "integer" && theirs.contains("number")))
                {
                    let mut finding = api.finding(
                        &STANDARD_PROFILE_INCOMPATIBLE,
                        0,
                        &format!("{pointer}/type"),
                        format!(
                            "property `{name}` is {} here but {} in {label}",
                            join(&ours),
                            join(&theirs)
                        ),
                    );
                    finding.standard = Some(label.to_string());
                    out.push(finding);
                }
            }
        }
    }
    for name in standard
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !includes && !required.contains(name) {
            let mut finding = api.finding(
                &STANDARD_PROFILE_INCOMPATIBLE,
                0,
                at,
                format!("{label} requires `{name}`, but this schema does not"),
            );
            api.root().place(&mut finding, at, true);
            finding.standard = Some(label.to_string());
            finding.help = Some(format!("add `{name}` to `required`"));
            out.push(finding);
        }
    }
}

type Properties<'w> = Vec<(String, (String, &'w Value))>;

/// What a schema says about objects: its properties (with their pointers), its required
/// names, and the standards it includes by `$ref`; its local `allOf` members included.
struct Shape<'w> {
    properties: Properties<'w>,
    required: BTreeSet<String>,
    standards: BTreeSet<String>,
}

fn shape<'w>(api: &Api<'w>, at: &str) -> Shape<'w> {
    let mut properties = Vec::new();
    let mut required = BTreeSet::new();
    let mut standards = BTreeSet::new();
    let mut stack = vec![at.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(pointer) = stack.pop() {
        if let Some(reference) = api.ws.documents[0]
            .get(&pointer)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
            && let Ok(Target::Standard(uri)) = api.ws.resolve(0, reference)
        {
            standards.insert(uri.split('#').next().unwrap_or(&uri).to_string());
            continue;
        }
        let Some((0, pointer, schema)) = api.ws.follow(0, &pointer) else {
            continue;
        };
        if !seen.insert(pointer.clone()) {
            continue;
        }
        if let Some(map) = schema.get("properties").and_then(Value::as_object) {
            for (name, value) in map {
                let p = format!("{pointer}/properties/{}", escape_pointer_token(name));
                properties.push((name.clone(), (p, value)));
            }
        }
        required.extend(
            schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string),
        );
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            stack.extend((0..all.len()).map(|i| format!("{pointer}/allOf/{i}")));
        }
    }
    Shape {
        properties,
        required,
        standards,
    }
}

fn follow_local<'v>(document: &'v Value, schema: &'v Value) -> &'v Value {
    let mut at = schema;
    for _ in 0..8 {
        match at.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => match document.pointer(pointer) {
                Some(next) => at = next,
                None => return at,
            },
            None => return at,
        }
    }
    at
}

fn types(schema: &Value) -> Option<BTreeSet<String>> {
    match schema.get("type")? {
        Value::String(t) => Some([t.clone()].into()),
        Value::Array(list) => Some(list.iter().filter_map(Value::as_str).map(str::to_string).collect()),
        _ => None,
    }
}

fn join(types: &BTreeSet<String>) -> String {
    types.iter().cloned().collect::<Vec<_>>().join(" or ")
}

/// Whether a schema `$ref`s a standard anywhere inside it.
fn reuses_standard(api: &Api<'_>, schema: &Value) -> bool {
    let mut found = false;
    super::workspace::references(schema, &mut String::new(), &mut |_, reference| {
        found |= matches!(api.ws.resolve(0, reference), Ok(Target::Standard(_)));
    });
    found
}

fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("organization", "organisation")
}

/// The name a property stands for: normalised, and a known synonym replaced by the
/// standard's name (`dateOfBirth` → `birthdate`).
pub(crate) fn canonical_property(name: &str) -> String {
    let name = normalise(name);
    SYNONYMS
        .iter()
        .find(|(_, others)| others.contains(&name.as_str()))
        .map_or(name, |(canonical, _)| (*canonical).to_string())
}

/// Whether a property name stands for a standard's property.
fn same_property(ours: &str, theirs: &str) -> bool {
    let (ours, theirs) = (normalise(ours), normalise(theirs));
    ours == theirs
        || SYNONYMS
            .iter()
            .any(|(canonical, others)| *canonical == theirs && others.contains(&ours.as_str()))
}

fn redefinition(api: &Api<'_>, framework: &Framework, name: &str, at: &str, out: &mut Vec<Finding>) {
    let properties = shape(api, at).properties;
    if properties.is_empty() {
        return;
    }
    let ids: BTreeSet<&str> = framework.standards.iter().map(|s| s.entry.id.as_str()).collect();
    let mut best: Option<(usize, usize, Vec<String>)> = None;
    for id in ids {
        let Some(index) = newest(framework, id) else { continue };
        let Ok(standard) = framework.schema_document(index) else {
            continue;
        };
        let required: Vec<&str> = standard
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let matched: Vec<String> = required
            .iter()
            .filter(|r| properties.iter().any(|(p, _)| same_property(p, r)))
            .map(|r| (*r).to_string())
            .collect();
        let most = matched.len() >= 2 && matched.len() * 3 >= required.len() * 2;
        if most && best.as_ref().is_none_or(|b| matched.len() > b.1) {
            best = Some((index, matched.len(), matched));
        }
    }
    let Some((index, _, matched)) = best else { return };
    let standard = &framework.standards[index];
    let uri = framework.schema_uri(index).unwrap_or_default();
    let mut finding = api.finding(
        &STANDARD_REDEFINED,
        0,
        at,
        format!(
            "schema `{name}` looks like {} ({}) but neither references nor declares it",
            standard.label(),
            matched.join(", ")
        ),
    );
    api.root().place(&mut finding, at, true);
    finding.standard = Some(standard.label());
    finding.help = Some(format!(
        "reuse the standard: `$ref: '{uri}'`, or declare a profile with `{DECLARATION}: {}`",
        standard.label()
    ));
    out.push(finding);
}

/// NIF005: `info.x-agency-id` is an agency of the register, valid on the check date.
fn agency(api: &Api<'_>, framework: &Framework, out: &mut Vec<Finding>) {
    let Some(code) = api.root().get("/info/x-agency-id").and_then(Value::as_str) else {
        return;
    };
    let Ok(list) = framework.code_lists().get(AGENCY_LIST) else {
        return;
    };
    let on = framework.options().as_of;
    let Err(problem) = list.check(code, on) else { return };
    let (message, help) = match problem {
        crate::framework::CodeProblem::Unknown => (
            format!("`{code}` is not an agency of the {} register", list.label()),
            list.closest(code, on).map(|c| format!("did you mean `{}`?", c.code)),
        ),
        crate::framework::CodeProblem::Retired(date) => (
            format!("agency `{code}` was retired on {date}"),
            list.successor(code).map(|c| format!("its successor is `{}`", c.code)),
        ),
        crate::framework::CodeProblem::NotYetValid(date) => {
            (format!("agency `{code}` is only valid from {date}"), None)
        }
    };
    let mut finding = api.finding(&AGENCY_UNKNOWN, 0, "/info/x-agency-id", message);
    finding.help = help;
    out.push(finding);
}
