//! Which standard versions an agency uses, against the framework: claims nothing uses
//! (GOV020), outdated versions (GOV012) and mandatory versions never used (GOV011).

use std::collections::BTreeMap;

use serde_json::Value;

use super::Agency;
use super::services::{LoadedService, Services};
use super::silo::component_copies;
use crate::finding::{Finding, Related, Severity};
use crate::framework::{Framework, StandardRef, Status};
use crate::openapi::workspace::Target;
use crate::rules::{CLAIM_UNUSED, MANDATORY_VERSION_MISSING, OUTDATED_STANDARD_USED};

/// The extension that declares which standard a schema profiles.
const DECLARATION: &str = "x-nif-standard";

/// Where an agency uses a standard version.
#[derive(Debug, Clone)]
enum Place {
    /// An entry of `agency.toml`.
    Manifest(String),
    /// A `$ref` in a service description: service, document, pointer.
    Api(usize, usize, String),
    /// A schema of a service description's components that copies the version instead of
    /// referencing it: service, pointer, the schema's name.
    Copy(usize, String, String),
}

/// One use of a standard version.
struct Use {
    standard: usize,
    place: Place,
}

pub(super) fn check(agency: &Agency, framework: &Framework, services: &Services) -> Vec<Finding> {
    let uses = uses(agency, framework, services);
    let mut out = Vec::new();
    unused_claims(agency, framework, services, &mut out);
    outdated(agency, framework, &uses, &mut out);
    mandatory_missing(agency, framework, services, &uses, &mut out);
    out
}

/// Every use: claims, `$ref`s in descriptions, profiles' `profile-of`, samples' `standard`,
/// and the schemas of descriptions' components that copy a version (silo copies).
fn uses(agency: &Agency, framework: &Framework, services: &Services) -> Vec<Use> {
    let m = &agency.manifest;
    let mut out = Vec::new();
    let mut named = |pointer: String, text: &str| {
        if let Some(standard) = resolve(framework, text) {
            out.push(Use {
                standard,
                place: Place::Manifest(pointer),
            });
        }
    };
    for (n, service) in m.services.iter().enumerate() {
        for (k, claim) in service.implements.iter().enumerate() {
            named(format!("/services/{n}/implements/{k}"), claim);
        }
    }
    for (n, profile) in m.profiles.iter().enumerate() {
        named(format!("/profiles/{n}/profile-of"), &profile.profile_of);
    }
    for (n, sample) in m.samples.iter().enumerate() {
        if let Some(standard) = &sample.standard {
            named(format!("/samples/{n}/standard"), standard);
        }
    }
    for service in &services.list {
        let Some(ws) = &service.workspace else { continue };
        for reference in ws.all_references() {
            let Ok(Target::Standard(uri)) = &reference.target else {
                continue;
            };
            let base = uri.split('#').next().unwrap_or(uri);
            if let Ok(Some(standard)) = framework.standard_by_uri(base) {
                out.push(Use {
                    standard,
                    place: Place::Api(service.index, reference.doc, reference.at.clone()),
                });
            }
        }
    }
    for copy in component_copies(framework, &services.list) {
        out.push(Use {
            standard: copy.standard,
            place: Place::Copy(copy.service, copy.pointer, copy.name),
        });
    }
    out
}

fn resolve(framework: &Framework, text: &str) -> Option<usize> {
    text.parse::<StandardRef>()
        .ok()
        .and_then(|r| framework.resolve(&r).ok())
}

/// GOV020: a claim that no `$ref` and no `x-nif-standard` of the service backs.
fn unused_claims(agency: &Agency, framework: &Framework, services: &Services, out: &mut Vec<Finding>) {
    for service in &services.list {
        if service.workspace.is_none() {
            continue;
        }
        let declared = declarations(service, framework);
        for (k, claim) in service.entry.implements.iter().enumerate() {
            let Some(standard) = resolve(framework, claim) else {
                continue;
            };
            if service.standards.contains(&standard) || declared.contains(&standard) {
                continue;
            }
            let label = framework.standards[standard].label();
            let mut finding = agency.finding(
                &CLAIM_UNUSED,
                &format!("/services/{}/implements/{k}", service.index),
                format!(
                    "service `{}` claims {label}, but its description neither refers to it nor declares it",
                    service.entry.id
                ),
            );
            finding.standard = Some(label);
            finding.related.push(Related {
                file: service.file.clone(),
                pointer: Some(String::new()),
                line: None,
                message: "the description".into(),
            });
            out.push(finding);
        }
    }
}

/// The standards a service's schemas declare with `x-nif-standard`.
pub(super) fn declarations(service: &LoadedService, framework: &Framework) -> Vec<usize> {
    let mut found = Vec::new();
    if let Some(ws) = &service.workspace {
        for document in &ws.documents {
            walk(&document.value, &mut |value| {
                if let Some(standard) = value
                    .get(DECLARATION)
                    .and_then(Value::as_str)
                    .and_then(|text| resolve(framework, text))
                {
                    found.push(standard);
                }
            });
        }
    }
    found
}

fn walk(value: &Value, visit: &mut dyn FnMut(&Value)) {
    match value {
        Value::Object(map) => {
            visit(value);
            map.values().for_each(|v| walk(v, visit));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, visit)),
        _ => {}
    }
}

/// GOV012: a deprecated or retired version named in the manifest (a `$ref` to one in a
/// description is NIF003, which linting reports).
fn outdated(agency: &Agency, framework: &Framework, uses: &[Use], out: &mut Vec<Finding>) {
    for used in uses {
        let Place::Manifest(pointer) = &used.place else {
            continue;
        };
        let standard = &framework.standards[used.standard];
        let (severity, state) = match standard.status() {
            Status::Deprecated => (Severity::Warning, "deprecated"),
            Status::Retired => (Severity::Error, "retired"),
            _ => continue,
        };
        let current = in_force(framework, &standard.entry.id)
            .filter(|&i| i != used.standard)
            .map_or_else(String::new, |i| {
                format!("; the version in force is {}", framework.standards[i].label())
            });
        let mut finding = agency.finding(
            &OUTDATED_STANDARD_USED,
            pointer,
            format!("{} is {state}{current}", standard.label()),
        );
        finding.severity = severity;
        finding.standard = Some(standard.label());
        out.push(finding);
    }
}

/// The version in force of a standard (`StandardRef::select` with no requirement).
fn in_force(framework: &Framework, id: &str) -> Option<usize> {
    framework
        .resolve(&StandardRef {
            id: id.to_string(),
            req: None,
            text: id.to_string(),
        })
        .ok()
}

/// GOV011: a standard used, but never in its mandatory version (or a later minor of it).
fn mandatory_missing(
    agency: &Agency,
    framework: &Framework,
    services: &Services,
    uses: &[Use],
    out: &mut Vec<Finding>,
) {
    let mut by_id: BTreeMap<&str, Vec<&Use>> = BTreeMap::new();
    for used in uses {
        by_id
            .entry(framework.standards[used.standard].entry.id.as_str())
            .or_default()
            .push(used);
    }
    for (id, uses) in by_id {
        let Some(mandatory) = in_force(framework, id) else {
            continue;
        };
        let wanted = &framework.standards[mandatory];
        if wanted.status() != Status::Mandatory {
            continue;
        }
        let satisfied = uses.iter().any(|u| {
            let version = &framework.standards[u.standard].version;
            version.major == wanted.version.major && *version >= wanted.version
        });
        if satisfied {
            continue;
        }
        let mut versions: Vec<String> = uses.iter().map(|u| framework.standards[u.standard].label()).collect();
        versions.sort();
        versions.dedup();
        // The manifest is where a version is chosen; a `$ref` is where it is written; a copy
        // is where it is written without saying so.
        let mut ordered: Vec<&&Use> = uses.iter().filter(|u| matches!(u.place, Place::Manifest(_))).collect();
        ordered.extend(uses.iter().filter(|u| matches!(u.place, Place::Api(..))));
        ordered.extend(uses.iter().filter(|u| matches!(u.place, Place::Copy(..))));
        let Some(first) = ordered.first() else { continue };
        let copied = match &first.place {
            Place::Copy(_, _, name) => format!(
                "schema `{name}` is a copy of {}; ",
                framework.standards[first.standard].label()
            ),
            _ => String::new(),
        };
        let message = format!(
            "{copied}the agency uses {} but never {}, the mandatory version",
            versions.join(", "),
            wanted.label()
        );
        let mut finding = placed(agency, services, &first.place, message);
        if let Place::Copy(service, ..) = &first.place {
            finding.related.push(service_entry(agency, services, *service));
        }
        for other in ordered.iter().skip(1) {
            if let Some(related) = related(
                agency,
                services,
                &other.place,
                framework.standards[other.standard].label(),
            ) {
                finding.related.push(related);
            }
        }
        finding.standard = Some(wanted.label());
        finding.help = Some(match &first.place {
            Place::Copy(..) => format!(
                "reference {} (`$ref: '{}'`) instead of copying an older version",
                wanted.label(),
                framework.schema_uri(mandatory).unwrap_or_default()
            ),
            _ => format!("move to {}", wanted.label()),
        });
        out.push(finding);
    }
}

fn placed(agency: &Agency, services: &Services, place: &Place, message: String) -> Finding {
    match place {
        Place::Manifest(pointer) => agency.finding(&MANDATORY_VERSION_MISSING, pointer, message),
        Place::Api(service, doc, pointer) => in_description(agency, services, (*service, *doc, pointer), message),
        Place::Copy(service, pointer, _) => {
            let mut finding = in_description(agency, services, (*service, 0, pointer), message);
            // A copy is named by its key, as GOV003 names it.
            if let Some(document) = services.list.get(*service).and_then(LoadedService::document) {
                document.place(&mut finding, pointer, true);
            }
            finding
        }
    }
}

/// A finding at a pointer of a document of a service's description (service, document,
/// pointer); at the service's entry when the document is not there.
fn in_description(agency: &Agency, services: &Services, at: (usize, usize, &str), message: String) -> Finding {
    let (service, doc, pointer) = at;
    let document = services
        .list
        .get(service)
        .and_then(|s| s.workspace.as_ref())
        .and_then(|ws| ws.documents.get(doc));
    match document {
        Some(document) => {
            let mut finding = document.finding(&MANDATORY_VERSION_MISSING, pointer, message);
            finding.kind = MANDATORY_VERSION_MISSING.kind;
            finding.agency = Some(agency.id().to_string());
            finding
        }
        None => agency.finding(&MANDATORY_VERSION_MISSING, &format!("/services/{service}"), message),
    }
}

fn related(agency: &Agency, services: &Services, place: &Place, label: String) -> Option<Related> {
    match place {
        Place::Manifest(pointer) => Some(Related {
            file: agency.manifest_file(),
            pointer: Some(pointer.clone()),
            line: agency.locate(pointer).map(|p| p.0),
            message: format!("uses {label}"),
        }),
        Place::Api(service, doc, pointer) => {
            let ws = services.list.get(*service)?.workspace.as_ref()?;
            Some(ws.documents.get(*doc)?.related(pointer, format!("uses {label}")))
        }
        Place::Copy(service, pointer, name) => {
            let document = services.list.get(*service)?.document()?;
            Some(Related {
                file: document.name.clone(),
                pointer: Some(pointer.clone()),
                line: document.position(pointer, true).map(|p| p.0),
                message: format!("`{name}` is a copy of {label}"),
            })
        }
    }
}

/// The `[[services]]` entry of the service whose description holds a copy.
fn service_entry(agency: &Agency, services: &Services, service: usize) -> Related {
    let pointer = format!("/services/{service}");
    let id = services.list.get(service).map_or("", |s| s.entry.id.as_str());
    Related {
        file: agency.manifest_file(),
        line: agency.locate(&pointer).map(|p| p.0),
        pointer: Some(pointer),
        message: format!("the service `{id}`, whose description holds the copy"),
    }
}
