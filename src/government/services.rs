//! An agency's services, loaded once for every check that needs them.
//!
//! ```text
//! let services = Services::load(&agency, Some(&framework))?;
//! for service in &services.list {
//!     service.entry;                  // its `[[services]]` entry; pointer `/services/{service.index}`
//!     service.workspace;              // the parsed description and every file it `$ref`s (None: unreadable)
//!     service.standards;              // framework standards it references anywhere (indexes)
//!     service.operation("getAddress") // by operationId: request body and 2xx response schemas,
//!                                     // the response's examples
//! }
//! ```
//! A whole government's services are a [`GovernmentServices`]: each agency's read once, then
//! shared by the agency's own checks and the gaps between agencies.
//!
//! A schema is a [`SchemaAt`]: a document of the workspace and a JSON Pointer into it. The
//! standards an operation or a service references are found by following `$ref`s through the
//! description's own components to a standard's `$id`. [`Services::validator`] compiles a
//! [`SchemaAt`] into a validator that reads OpenAPI 3.0 schemas as OpenAPI does.

use std::collections::{BTreeMap, BTreeSet, HashSet};
#[cfg(test)]
use std::path::Path;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::manifest::Service;
use super::{Agency, Government};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::framework::{AdHocSchema, CompileOptions, Framework, compile_without_framework};
use crate::openapi::document::{ApiDocument, pointer};
use crate::openapi::workspace::{Reach, Target, Workspace};

/// Values whose members are data, not schemas: their `$ref`s are not references.
const DATA_KEYWORDS: &[&str] = &["example", "examples", "default", "enum", "const"];
/// HTTP methods of a Path Item Object.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A schema inside a service's workspace.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaAt {
    /// The document (0 is the description itself).
    pub doc: usize,
    /// JSON Pointer of the schema in it.
    pub pointer: String,
}

/// One operation of a service.
#[derive(Debug, Clone)]
pub struct ServiceOperation {
    /// Its operationId.
    pub id: String,
    /// Where the Operation Object is.
    pub at: SchemaAt,
    /// The JSON request body's schema.
    pub request: Option<SchemaAt>,
    /// The first 2xx JSON response's schema.
    pub response: Option<SchemaAt>,
    /// The examples the description gives beside that schema (`example`, `examples.*.value`).
    pub examples: Vec<Value>,
    /// Framework standards its request and response schemas reach.
    pub standards: BTreeSet<usize>,
}

/// One `[[services]]` entry with its description read.
pub struct LoadedService {
    /// Its position in `[[services]]`.
    pub index: usize,
    /// The manifest entry.
    pub entry: Service,
    /// The description's file, named as the user reaches it.
    pub file: String,
    /// The description and the files it references; `None` when it could not be parsed.
    pub workspace: Option<Workspace>,
    /// Why it could not be parsed, or files it references that could not be.
    pub problems: Vec<Finding>,
    /// Its operations by operationId.
    pub operations: BTreeMap<String, ServiceOperation>,
    /// Every framework standard it references, anywhere in its description.
    pub standards: BTreeSet<usize>,
}

impl LoadedService {
    /// The operation with this operationId.
    pub fn operation(&self, id: &str) -> Option<&ServiceOperation> {
        self.operations.get(id)
    }

    /// The parsed description (document 0 of the workspace).
    pub fn document(&self) -> Option<&ApiDocument> {
        self.workspace.as_ref().and_then(|ws| ws.documents.first())
    }
}

/// Every service of one agency.
pub struct Services {
    /// In manifest order.
    pub list: Vec<LoadedService>,
}

impl Services {
    /// Reads every service description of `agency`; `$ref`s to the framework's standards
    /// resolve offline.
    pub fn load(agency: &Agency, framework: Option<&Framework>) -> Result<Services> {
        let reach = Reach::of(framework)?;
        let list = agency
            .manifest
            .services
            .iter()
            .enumerate()
            .map(|(index, entry)| load_service(agency, framework, &reach, index, entry))
            .collect::<Result<_>>()?;
        Ok(Services { list })
    }

    /// The service with this id.
    pub fn get(&self, id: &str) -> Option<&LoadedService> {
        self.list.iter().find(|s| s.entry.id == id)
    }

    /// A validator for a schema of a service (see [`schema_validator`]).
    pub fn validator(
        service: &LoadedService,
        schema: &SchemaAt,
        framework: Option<&Framework>,
        options: &CompileOptions,
    ) -> Result<jsonschema::Validator> {
        let ws = service
            .workspace
            .as_ref()
            .ok_or_else(|| Error::usage(format!("{} could not be read", service.file), None))?;
        schema_validator(ws, &service.file, schema, framework, options)
    }
}

/// The services of a government's agencies (or of some of them), agency by agency in the
/// government's order.
pub struct GovernmentServices<'g> {
    agencies: Vec<(&'g Agency, Services)>,
}

impl<'g> GovernmentServices<'g> {
    /// Reads the services of the agencies `wanted` accepts, agencies in parallel; when several
    /// cannot be read, the error is the first agency's, as a sequential read would give.
    pub fn load(
        government: &'g Government,
        framework: Option<&Framework>,
        wanted: impl Fn(&Agency) -> bool + Sync,
    ) -> Result<GovernmentServices<'g>> {
        let loaded: Vec<Result<(&Agency, Services)>> = government
            .agencies
            .par_iter()
            .filter(|agency| wanted(agency))
            .map(|agency| Ok((agency, Services::load(agency, framework)?)))
            .collect();
        let agencies = loaded.into_iter().collect::<Result<_>>()?;
        Ok(GovernmentServices::from_loaded(agencies))
    }

    /// Services already read (by the agencies' own checks), one entry per agency.
    pub fn from_loaded(mut agencies: Vec<(&'g Agency, Services)>) -> GovernmentServices<'g> {
        agencies.sort_by(|a, b| a.0.id().cmp(b.0.id()));
        GovernmentServices { agencies }
    }

    /// Every service with its agency: by agency, then in manifest order.
    pub fn iter(&self) -> impl Iterator<Item = (&'g Agency, &LoadedService)> + '_ {
        self.agencies
            .iter()
            .flat_map(|(agency, services)| services.list.iter().map(move |service| (*agency, service)))
    }

    /// The service `service` of agency `agency`, with the agency.
    pub fn service(&self, agency: &str, service: &str) -> Option<(&'g Agency, &LoadedService)> {
        let at = self.agencies.binary_search_by(|(a, _)| a.id().cmp(agency)).ok()?;
        let (agency, services) = self.agencies.get(at)?;
        Some((*agency, services.get(service)?))
    }
}

/// A validator for a schema inside a workspace, with the framework's standards and code lists
/// reachable; OpenAPI 3.0 `nullable` is read as OpenAPI reads it.
pub fn schema_validator(
    ws: &Workspace,
    label: &str,
    schema: &SchemaAt,
    framework: Option<&Framework>,
    options: &CompileOptions,
) -> Result<jsonschema::Validator> {
    let resources: Vec<(String, Value)> = ws
        .documents
        .iter()
        .enumerate()
        .map(|(doc, d)| (ws.uri(doc), crate::compat::evolution::prepare_openapi(d.value.clone())))
        .collect();
    let target = format!("{}#{}", ws.uri(schema.doc), percent_encode(&schema.pointer));
    let draft = resources
        .get(schema.doc)
        .and_then(|(_, v)| v.get("$schema"))
        .cloned()
        .unwrap_or_else(|| json!("https://json-schema.org/draft/2020-12/schema"));
    let ad_hoc = AdHocSchema {
        value: json!({"$schema": draft, "$ref": target}),
        base_uri: Some(format!("urn:nifcheck:schema:{label}")),
        local_root: None,
        resources,
        source: None,
    };
    let compiled = match framework {
        Some(f) => f.compile_ad_hoc(&ad_hoc),
        None => compile_without_framework(&ad_hoc, options),
    };
    compiled.map_err(|e| Error::usage(format!("{label}#{}: {e}", schema.pointer), None))
}

fn load_service(
    agency: &Agency,
    framework: Option<&Framework>,
    reach: &Reach,
    index: usize,
    entry: &Service,
) -> Result<LoadedService> {
    let path = agency.file(&entry.openapi);
    let file = path.display().to_string();
    let bytes = crate::source::read_policy::read(&path)?;
    let absolute = std::fs::canonicalize(&path).ok();
    let mut service = LoadedService {
        index,
        entry: entry.clone(),
        file: file.clone(),
        workspace: None,
        problems: Vec::new(),
        operations: BTreeMap::new(),
        standards: BTreeSet::new(),
    };
    let document = match ApiDocument::parse(&file, absolute, bytes) {
        Ok(document) => document,
        Err(finding) => {
            service.problems.push(*finding);
            return Ok(service);
        }
    };
    let ws = Workspace::load(document, reach);
    service.problems.extend(ws.problems.iter().cloned());
    if let Some(framework) = framework {
        service.standards = standards_in(
            &ws,
            framework,
            (0..ws.documents.len()).map(|doc| SchemaAt {
                doc,
                pointer: String::new(),
            }),
        );
        service.operations = operations(&ws)
            .into_iter()
            .map(|mut op| {
                let roots = op.request.iter().chain(op.response.iter()).cloned();
                op.standards = standards_in(&ws, framework, roots);
                (op.id.clone(), op)
            })
            .collect();
    } else {
        service.operations = operations(&ws).into_iter().map(|op| (op.id.clone(), op)).collect();
    }
    service.workspace = Some(ws);
    Ok(service)
}

/// Every operation with an operationId, its JSON request body and first 2xx JSON response.
fn operations(ws: &Workspace) -> Vec<ServiceOperation> {
    let mut out = Vec::new();
    let Some(paths) = ws
        .documents
        .first()
        .and_then(|d| d.value.get("paths"))
        .and_then(Value::as_object)
    else {
        return out;
    };
    for path in paths.keys() {
        let Some((doc, item_pointer, item)) = ws.follow(0, &pointer(["paths", path.as_str()])) else {
            continue;
        };
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let at = format!("{item_pointer}{}", pointer([method.as_str()]));
            let request = ws
                .follow(doc, &format!("{at}/requestBody"))
                .and_then(|(d, p, v)| json_schema(d, &p, v));
            let response = operation
                .get("responses")
                .and_then(Value::as_object)
                .and_then(|responses| {
                    let mut codes: Vec<&String> = responses.keys().filter(|c| c.starts_with('2')).collect();
                    codes.sort();
                    codes.into_iter().find_map(|code| {
                        let (d, p, v) = ws.follow(doc, &format!("{at}{}", pointer(["responses", code.as_str()])))?;
                        json_schema(d, &p, v)
                    })
                });
            let examples = response
                .as_ref()
                .map(|schema| media_examples(ws, schema))
                .unwrap_or_default();
            out.push(ServiceOperation {
                id: id.to_string(),
                at: SchemaAt { doc, pointer: at },
                request,
                response,
                examples,
                standards: BTreeSet::new(),
            });
        }
    }
    out
}

/// The schema of a JSON media type of a request body or response (3.x `content`).
fn json_schema(doc: usize, at: &str, value: &Value) -> Option<SchemaAt> {
    let content = value.get("content")?.as_object()?;
    let mut types: Vec<&String> = content.keys().collect();
    types.sort_by_key(|t| !(t.contains("json")));
    let media = types
        .into_iter()
        .find(|t| content.get(*t).and_then(|m| m.get("schema")).is_some())?;
    Some(SchemaAt {
        doc,
        pointer: format!("{at}{}", pointer(["content", media.as_str(), "schema"])),
    })
}

/// `example` and `examples.*.value` of the media type holding a schema.
fn media_examples(ws: &Workspace, schema: &SchemaAt) -> Vec<Value> {
    let holder = schema.pointer.strip_suffix("/schema").unwrap_or(&schema.pointer);
    let Some(media) = ws.documents.get(schema.doc).and_then(|d| d.get(holder)) else {
        return Vec::new();
    };
    let mut out: Vec<Value> = media.get("example").cloned().into_iter().collect();
    let named = media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values());
    out.extend(named.filter_map(|example| example.get("value").cloned()));
    out
}

/// The framework standards reachable from `roots` by `$ref`, through local files and
/// components.
pub fn standards_in(
    ws: &Workspace,
    framework: &Framework,
    roots: impl IntoIterator<Item = SchemaAt>,
) -> BTreeSet<usize> {
    let mut found = BTreeSet::new();
    let mut seen = HashSet::new();
    let mut stack: Vec<SchemaAt> = roots.into_iter().collect();
    while let Some(at) = stack.pop() {
        if !seen.insert(at.clone()) {
            continue;
        }
        let Some(value) = ws.documents.get(at.doc).and_then(|d| d.get(&at.pointer)) else {
            continue;
        };
        references(value, &mut |reference| match ws.resolve(at.doc, reference) {
            Ok(Target::Local { doc, pointer }) => stack.push(SchemaAt { doc, pointer }),
            Ok(Target::Standard(uri)) => {
                let base = uri.split('#').next().unwrap_or(&uri);
                if let Ok(Some(index)) = framework.standard_by_uri(base) {
                    found.insert(index);
                }
            }
            Err(_) => {}
        });
    }
    found
}

/// Calls `found` with every `$ref` below `value`, skipping data.
fn references(value: &Value, found: &mut dyn FnMut(&str)) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                found(reference);
            }
            for (key, member) in map {
                if !DATA_KEYWORDS.contains(&key.as_str()) {
                    references(member, found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

/// A JSON Pointer as a URI fragment.
fn percent_encode(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> Framework {
        crate::framework::reference_for_tests()
    }

    #[test]
    fn operations_carry_their_schemas_and_the_standards_they_reach() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/government/agencies/nat-interior");
        let agency = Agency::load(&dir, &dir).unwrap_or_else(|e| panic!("{e:?}"));
        let framework = reference();
        let services = Services::load(&agency, Some(&framework)).unwrap_or_else(|e| panic!("{e:?}"));
        let service = services.get("address-register").unwrap_or_else(|| panic!("no service"));
        let operation = service
            .operation("getAddress")
            .unwrap_or_else(|| panic!("no getAddress"));
        let response = operation
            .response
            .as_ref()
            .unwrap_or_else(|| panic!("no response schema"));
        assert!(
            response.pointer.ends_with("/content/application~1json/schema"),
            "{response:?}"
        );
        let labels: Vec<String> = operation
            .standards
            .iter()
            .map(|&i| framework.standards[i].label())
            .collect();
        assert_eq!(labels, ["address@2.0.0"]);
        assert!(service.standards.is_superset(&operation.standards));
        assert_eq!(operation.examples.len(), 1, "{:?}", operation.examples);
        assert_eq!(operation.examples[0]["street"], "Quay Street");
        let validator = Services::validator(service, response, Some(&framework), framework.options())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!validator.is_valid(&json!({"street": 3})));
    }

    #[test]
    fn a_government_s_services_are_found_by_agency_and_service() {
        let (government, framework) = crate::government::gaps::tests::load("fixtures/government");
        let all = GovernmentServices::load(&government, Some(&framework), |_| true).unwrap_or_else(|e| panic!("{e}"));
        let declared: usize = government.agencies.iter().map(|a| a.manifest.services.len()).sum();
        assert_eq!(all.iter().count(), declared);
        let (agency, service) = all
            .service("nat-interior", "address-register")
            .unwrap_or_else(|| panic!("no address-register"));
        assert_eq!(agency.id(), "nat-interior");
        assert!(service.operation("getAddress").is_some());
        assert!(all.service("nat-interior", "no-such-service").is_none());
        assert!(all.service("no-such-agency", "address-register").is_none());

        let some = GovernmentServices::load(&government, Some(&framework), |a| a.id() == "nat-interior")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(some.iter().all(|(agency, _)| agency.id() == "nat-interior"));
        assert!(some.service("nat-civil-registry", "civil-registry").is_none());
    }

    #[test]
    fn pointers_become_fragments() {
        assert_eq!(percent_encode("/paths/~1a b/get"), "/paths/~1a%20b/get");
        assert_eq!(percent_encode("/x/{id}"), "/x/%7Bid%7D");
    }
}
