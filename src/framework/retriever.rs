//! What a schema's `$ref` may reach beyond the registry: local files inside the framework (or
//! inside the folder of a schema named on the command line), and remote documents only on the
//! framework's allow-list, fetched through the same client and cache as remote frameworks.
//! Everything else is refused: the reference is replaced by a schema that fails every value
//! reaching it with a finding that names the reference (so one bad reference does not stop a
//! whole run), and the refusal is recorded for `nifcheck framework verify`.

use std::collections::BTreeSet;
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

/// What references may reach.
#[derive(Debug, Clone)]
pub struct Access {
    /// Local files.
    pub local: Local,
    /// Remote documents on the framework's allow-list.
    pub remote: Option<Arc<Fetcher>>,
    /// Every reference refused so far, with the reason.
    pub refused: Arc<Mutex<BTreeSet<String>>>,
}

impl Access {
    /// Access to `local` and `remote`, with a fresh record of refusals.
    pub fn new(local: Local, remote: Option<Arc<Fetcher>>) -> Self {
        Access {
            local,
            remote,
            refused: Arc::default(),
        }
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
        match self.fetch(uri) {
            Fetch::Got(value) => Ok(value),
            Fetch::Failed(reason) => Err(reason.into()),
            Fetch::Refused(reason) => {
                if let Ok(mut refused) = self.0.refused.lock() {
                    refused.insert(reason.clone());
                }
                Ok(serde_json::json!({ REFUSED_KEYWORD: reason }))
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

impl PolicyRetriever {
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
                "remote reference {text} is not part of the framework, and nifcheck fetches only from the hosts a framework's allowed-hosts names"
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
