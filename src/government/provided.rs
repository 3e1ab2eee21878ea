//! What agencies provide, read once for the gap checks: each service's OpenAPI description
//! with every file its `$ref`s reach, and its operations by `operationId` with the place of
//! their 2xx JSON response schema.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde_json::Value;

use super::{Agency, Direction, Expect, Government};
use crate::openapi::document::ApiDocument;
use crate::openapi::workspace::{Reach, Workspace};
use crate::source::escape_pointer_token;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One operation of a service.
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    /// The 2xx JSON response schema: the workspace document and the pointer inside it.
    pub response: Option<(usize, String)>,
    /// The examples the description gives beside that schema.
    pub examples: Vec<Value>,
}

/// One service of one agency, loaded.
pub(crate) struct ProvidedService<'g> {
    /// The agency providing it.
    pub agency: &'g Agency,
    /// Its index in the agency's `[[services]]`.
    pub index: usize,
    /// Its description and the files it reaches; `None` when the description is unreadable
    /// (the agency's own checks report that).
    pub workspace: Option<Workspace>,
    /// Operations by `operationId`.
    pub operations: BTreeMap<String, Operation>,
}

impl ProvidedService<'_> {
    /// Known-good payloads of an operation's response: the description's examples, then the
    /// agency's valid samples of it (JSON files only), at most `limit`.
    pub(crate) fn examples(&self, operation: &str, limit: usize) -> Vec<Value> {
        let mut out: Vec<Value> = self
            .operations
            .get(operation)
            .map(|o| o.examples.clone())
            .unwrap_or_default();
        let samples = &self.agency.manifest.samples;
        for (n, sample) in samples.iter().enumerate() {
            if out.len() >= limit {
                break;
            }
            if sample.operation.as_deref() != Some(operation)
                || sample.direction != Direction::Response
                || sample.expect != Expect::Valid
            {
                continue;
            }
            for file in self.agency.sample_files(n).unwrap_or_default() {
                if let Some(value) = std::fs::read(&file).ok().and_then(|b| serde_json::from_slice(&b).ok()) {
                    out.push(value);
                }
            }
        }
        out.truncate(limit);
        out
    }

    /// The standard versions its manifest entry claims (`person@1.2.0`).
    pub(crate) fn implements(&self) -> &[String] {
        &self.agency.manifest.services[self.index].implements
    }
}

/// Every service of a government (or of the agencies asked for), by agency and service id.
pub(crate) struct Provided<'g> {
    pub services: Vec<ProvidedService<'g>>,
    by_id: HashMap<(&'g str, &'g str), usize>,
}

impl<'g> Provided<'g> {
    /// Loads the services of the agencies `wanted` accepts, in parallel.
    pub(crate) fn load(government: &'g Government, reach: &Reach, wanted: impl Fn(&Agency) -> bool) -> Provided<'g> {
        let jobs: Vec<(&Agency, usize)> = government
            .agencies
            .iter()
            .filter(|a| wanted(a))
            .flat_map(|a| (0..a.manifest.services.len()).map(move |i| (a, i)))
            .collect();
        let services: Vec<ProvidedService<'g>> = jobs
            .into_par_iter()
            .map(|(agency, index)| load_service(agency, index, reach))
            .collect();
        let by_id = services
            .iter()
            .enumerate()
            .map(|(n, s)| ((s.agency.id(), s.agency.manifest.services[s.index].id.as_str()), n))
            .collect();
        Provided { services, by_id }
    }

    /// The service `service` of agency `agency`.
    pub(crate) fn service(&self, agency: &str, service: &str) -> Option<&ProvidedService<'g>> {
        self.by_id.get(&(agency, service)).map(|&n| &self.services[n])
    }
}

fn load_service<'g>(agency: &'g Agency, index: usize, reach: &Reach) -> ProvidedService<'g> {
    let path = agency.file(&agency.manifest.services[index].openapi);
    let name = path.display().to_string();
    let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
    let workspace = std::fs::read(&path)
        .ok()
        .and_then(|bytes| ApiDocument::parse(&name, Some(absolute), bytes).ok())
        .map(|root| Workspace::load(root, reach));
    let operations = workspace.as_ref().map(operations).unwrap_or_default();
    ProvidedService {
        agency,
        index,
        workspace,
        operations,
    }
}

/// Operations of the description by `operationId`.
fn operations(workspace: &Workspace) -> BTreeMap<String, Operation> {
    let mut out = BTreeMap::new();
    let Some(paths) = workspace.documents[0].value.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(id) = item
                .get(method)
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let pointer = format!("/paths/{}/{method}", escape_pointer_token(path));
            let response = response_schema(workspace, &pointer);
            let examples = response
                .as_ref()
                .map(|(doc, at)| media_examples(workspace, *doc, at))
                .unwrap_or_default();
            out.entry(id.to_string()).or_insert(Operation { response, examples });
        }
    }
    out
}

/// The schema of the first 2xx response (by status) with JSON content: `application/json`,
/// else a `+json` media type, else the first one.
fn response_schema(workspace: &Workspace, operation: &str) -> Option<(usize, String)> {
    let responses = workspace.documents[0]
        .get(&format!("{operation}/responses"))?
        .as_object()?;
    let mut statuses: Vec<&String> = responses
        .keys()
        .filter(|s| s.starts_with('2') && s.len() == 3)
        .collect();
    statuses.sort();
    for status in statuses {
        let at = format!("{operation}/responses/{}", escape_pointer_token(status));
        let Some((doc, pointer, response)) = workspace.follow(0, &at) else {
            continue;
        };
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            continue;
        };
        let media = content
            .keys()
            .find(|m| m.as_str() == "application/json")
            .or_else(|| content.keys().find(|m| m.ends_with("+json")))
            .or_else(|| content.keys().next());
        if let Some(media) = media
            && content.get(media).and_then(|m| m.get("schema")).is_some()
        {
            return Some((doc, format!("{pointer}/content/{}/schema", escape_pointer_token(media))));
        }
    }
    None
}

/// `example` and `examples.*.value` of the media type holding a schema.
fn media_examples(workspace: &Workspace, doc: usize, schema: &str) -> Vec<Value> {
    let holder = schema.strip_suffix("/schema").unwrap_or(schema);
    let Some(media) = workspace.documents[doc].get(holder) else {
        return Vec::new();
    };
    let mut out: Vec<Value> = media.get("example").cloned().into_iter().collect();
    for example in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values())
    {
        if let Some(value) = example.get("value") {
            out.push(value.clone());
        }
    }
    out
}
