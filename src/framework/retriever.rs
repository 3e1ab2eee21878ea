//! What a schema's `$ref` may reach beyond the registry: local files inside the framework (or
//! inside the folder of a schema named on the command line), and remote documents only on the
//! framework's allow-list or the hosts `--allow-host` names, fetched through the same client and
//! cache as remote frameworks. A URL below a schema's own `$id` folder is first looked for in the
//! schema's local folder (a schema published at `https://host/a.json` that refers to
//! `b.json#/definitions/x` finds `b.json` beside it). Everything else is refused: the reference
//! is replaced by a schema that fails every value reaching it with a finding that names the
//! reference and says how to allow it (so one bad reference does not stop a whole run, and a
//! fragment into the refused document still resolves), and the refusal is recorded for
//! `nifcheck framework verify`.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use jsonschema::{Retrieve, Uri};
use serde_json::Value;

use super::files::FrameworkFiles;
use crate::remote::Fetcher;
use crate::source::percent_decode;
use crate::source::read_policy::{self, Refusal};

/// The keyword of the schema that stands in for a refused reference.
pub(crate) const REFUSED_KEYWORD: &str = "x-nifcheck-refused";

/// Beside [`REFUSED_KEYWORD`]: how to allow the reference.
pub(crate) const REFUSED_HINT: &str = "x-nifcheck-refused-hint";

/// Where local references may go.
#[derive(Debug, Clone)]
pub enum Local {
    /// Nowhere.
    Nothing,
    /// Files below this folder (a schema named with `--schema`).
    Folder(PathBuf),
    /// Files of the framework, as `file:///framework/<path>` URIs.
    Framework(FrameworkFiles),
}

impl Local {
    /// Files below `root`, or nowhere.
    pub fn folder(root: Option<PathBuf>) -> Self {
        root.map_or(Local::Nothing, Local::Folder)
    }
}

/// A remote folder whose documents may also sit in a local folder: the folder of a schema's
/// `$id` and the folder of the file it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror {
    /// `https://host/path/`, ending in `/`.
    pub remote: String,
    /// `file:///…/`, ending in `/`: a URI the local policy reads.
    pub local: String,
}

impl Mirror {
    /// The mirror of the folder of `id` (a schema's `$id`) in the folder of `file_uri`; `None`
    /// unless `id` is an http(s) URL.
    pub fn of(id: &str, file_uri: &str) -> Option<Self> {
        let id = id.split('#').next().unwrap_or_default();
        if !(id.starts_with("https://") || id.starts_with("http://")) {
            return None;
        }
        let folder = |uri: &str| uri.rfind('/').map(|end| uri[..=end].to_string());
        Some(Mirror {
            remote: folder(id)?,
            local: folder(file_uri)?,
        })
    }

    /// The local URI that stands for `url`, when `url` lies below the remote folder.
    fn local_for(&self, url: &str) -> Option<String> {
        let rest = url.strip_prefix(&self.remote)?;
        (!rest.is_empty() && !rest.split('/').any(|segment| segment == "..")).then(|| format!("{}{rest}", self.local))
    }
}

/// What references may reach.
#[derive(Debug, Clone)]
pub struct Access {
    /// Local files.
    pub local: Local,
    /// Remote documents on the framework's allow-list (and the hosts `--allow-host` adds).
    pub remote: Option<Arc<Fetcher>>,
    /// Remote folders looked for locally first.
    pub mirrors: Arc<Vec<Mirror>>,
    /// JSON Pointers the schemas' `$ref` fragments ask for, so the stand-in for a refused
    /// document has each of them (and a reference with a fragment is reported like one without).
    pub wanted: Arc<BTreeSet<String>>,
    /// Every reference refused so far, with the reason.
    pub refused: Arc<Mutex<BTreeSet<String>>>,
    /// Framework schemas not registered up front, by the URI they are known by, with their
    /// path in the framework: read when a reference first reaches them.
    pub on_demand: Arc<HashMap<String, String>>,
}

impl Access {
    /// Access to `local` and `remote`, with a fresh record of refusals.
    pub fn new(local: Local, remote: Option<Arc<Fetcher>>) -> Self {
        Access {
            local,
            remote,
            mirrors: Arc::default(),
            wanted: Arc::default(),
            refused: Arc::default(),
            on_demand: Arc::default(),
        }
    }

    /// The same access, with `documents`' mirrors and wanted pointers added.
    pub(crate) fn for_documents<'a>(
        mut self,
        mirrors: impl IntoIterator<Item = Mirror>,
        documents: impl IntoIterator<Item = &'a Value>,
    ) -> Self {
        let mut all: Vec<Mirror> = self.mirrors.as_ref().clone();
        for mirror in mirrors {
            if !all.contains(&mirror) {
                all.push(mirror);
            }
        }
        let mut wanted = self.wanted.as_ref().clone();
        for document in documents {
            collect_ref_pointers(document, &mut wanted);
        }
        self.mirrors = Arc::new(all);
        self.wanted = Arc::new(wanted);
        self
    }

    /// The references refused so far.
    pub fn refusals(&self) -> Vec<String> {
        self.refused
            .lock()
            .map(|r| r.iter().cloned().collect())
            .unwrap_or_default()
    }
}

/// The retriever given to the registry and to every validator.
pub struct PolicyRetriever(pub Access);

/// The base of the URIs framework files are registered under.
pub(crate) const FRAMEWORK_BASE: &str = "file:///framework/";

impl Retrieve for PolicyRetriever {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        match self.fetch_mirrored(uri) {
            Fetch::Got(value) => Ok(value),
            Fetch::Failed(reason) => Err(reason.into()),
            Fetch::Refused(reason) => {
                if let Ok(mut refused) = self.0.refused.lock() {
                    refused.insert(reason.clone());
                }
                Ok(stand_in(&reason, &allow_hint(uri), &self.0.wanted))
            }
        }
    }
}

enum Fetch {
    Got(Value),
    /// Allowed, but could not be had: a tool error.
    Failed(String),
    /// Not allowed: a finding.
    Refused(String),
}

/// How to allow a refused reference.
fn allow_hint(uri: &Uri<String>) -> String {
    let url = reqwest::Url::parse(uri.as_str()).ok();
    match url.as_ref().and_then(|u| Some((u.scheme(), u.host_str()?, u.port()))) {
        Some(("http" | "https", host, port)) => {
            let host = match port {
                Some(port) => format!("{host}:{port}"),
                None => host.to_string(),
            };
            format!(
                "allow it for this run with --allow-host {host}, or name {host} in the framework's allowed-hosts, or publish the schema inside the framework"
            )
        }
        _ => "keep the referenced schema inside the framework (or the schema's folder)".to_string(),
    }
}

/// The schema that stands in for a refused document: it fails every value that reaches it, at
/// its root and at every pointer the schemas ask of it.
fn stand_in(reason: &str, hint: &str, wanted: &BTreeSet<String>) -> Value {
    let refusing = || serde_json::json!({ REFUSED_KEYWORD: reason, REFUSED_HINT: hint });
    let mut root = refusing();
    for pointer in wanted {
        let mut node = &mut root;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let Value::Object(map) = node else { break };
            node = map.entry(token).or_insert_with(refusing);
        }
    }
    root
}

/// Adds the JSON Pointer of every `$ref` fragment in `document` (percent-decoded, as the
/// resolver reads it) to `wanted`.
fn collect_ref_pointers(document: &Value, wanted: &mut BTreeSet<String>) {
    match document {
        Value::Object(map) => {
            for (key, value) in map {
                if let ("$ref" | "$dynamicRef" | "$recursiveRef", Value::String(reference)) = (key.as_str(), value)
                    && let Some((_, fragment)) = reference.split_once('#')
                    && fragment.starts_with('/')
                {
                    wanted.insert(percent_decode(fragment));
                }
                collect_ref_pointers(value, wanted);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_ref_pointers(item, wanted)),
        _ => {}
    }
}

impl PolicyRetriever {
    /// A document below a mirrored folder comes from the local copy when there is one.
    fn fetch_mirrored(&self, uri: &Uri<String>) -> Fetch {
        let text = uri.as_str();
        if let Some(rel) = self.0.on_demand.get(text.trim_end_matches('#'))
            && let Ok(local_uri) = jsonschema::Uri::parse(format!("{FRAMEWORK_BASE}{rel}"))
        {
            return self.fetch(&local_uri);
        }
        for mirror in self.0.mirrors.iter() {
            if let Some(local) = mirror.local_for(text)
                && let Ok(local_uri) = jsonschema::Uri::parse(local)
                && self.exists_locally(&local_uri)
            {
                return self.fetch(&local_uri);
            }
        }
        self.fetch(uri)
    }

    /// Whether a local URI names a file that is there (whether it may be read is decided later).
    fn exists_locally(&self, uri: &Uri<String>) -> bool {
        match &self.0.local {
            Local::Framework(files) => uri
                .as_str()
                .strip_prefix(FRAMEWORK_BASE)
                .is_some_and(|rel| files.read(&percent_decode(rel)).is_ok()),
            Local::Folder(_) => std::path::Path::new(&percent_decode(uri.path().as_str())).is_file(),
            Local::Nothing => false,
        }
    }

    fn fetch(&self, uri: &Uri<String>) -> Fetch {
        let text = uri.as_str();
        let parse = |bytes: &[u8]| match serde_json::from_slice(bytes) {
            Ok(value) => Fetch::Got(value),
            Err(e) => Fetch::Failed(format!("{text}:{}:{}: {e}", e.line(), e.column())),
        };
        match (uri.scheme().as_str(), &self.0.local, &self.0.remote) {
            ("file", Local::Framework(files), _) => match text.strip_prefix(FRAMEWORK_BASE) {
                None => Fetch::Refused(format!("local reference {text} leaves the framework folder")),
                Some(rel) => match files.read(&percent_decode(rel)) {
                    Ok(bytes) => parse(&bytes),
                    Err(e) => Fetch::Failed(e.to_string()),
                },
            },
            ("file", Local::Folder(root), _) => {
                let path = PathBuf::from(percent_decode(uri.path().as_str()));
                match local_file(&path, root) {
                    Ok(bytes) => parse(&bytes),
                    Err(refusal @ Refusal::Io { .. }) => Fetch::Failed(refusal.to_string()),
                    Err(Refusal::Outside { .. }) => {
                        Fetch::Refused(format!("local reference {text} is outside the schema's folder"))
                    }
                    Err(refusal) => Fetch::Refused(format!("local reference {text} refused: {refusal}")),
                }
            }
            ("file", Local::Nothing, _) => Fetch::Refused(format!("local reference {text} is not allowed here")),
            ("http" | "https", _, None) => Fetch::Refused(format!(
                "remote reference {text} is not part of the framework, and nifcheck fetches only from the hosts a framework's allowed-hosts or --allow-host names"
            )),
            ("http" | "https", _, Some(fetcher)) => {
                let Ok(url) = reqwest::Url::parse(text) else {
                    return Fetch::Refused(format!("{text} is not a URL"));
                };
                if let Err(reason) = crate::remote::check_url(&url, fetcher.policy()) {
                    return Fetch::Refused(format!("remote reference refused: {reason}"));
                }
                match fetcher.get(&url) {
                    Ok(fetched) => parse(&fetched.body),
                    Err(e) => Fetch::Failed(e.to_string()),
                }
            }
            (other, _, _) => Fetch::Refused(format!("{text}: `{other}` references are not supported")),
        }
    }
}

/// The one rule for a local reference outside a framework, shared by `validate --schema` and
/// `lint`: a regular file that stays below `root` (the folder of the schema or description
/// named on the command line) once its links are resolved, of bounded size.
pub fn local_file(path: &std::path::Path, root: &std::path::Path) -> Result<Vec<u8>, Refusal> {
    read_policy::read_confined(path, Some(root), read_policy::MAX_FILE_BYTES)
}
