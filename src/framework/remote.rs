//! Frameworks published at a URL: a folder served over HTTP (its `framework.toml` and every file
//! the manifest names) or a `.tar.gz` bundle. A fetched framework is written to the cache as a
//! folder named by its digest, through a temporary folder and a rename, and a `current` file
//! then points at it: a reader sees a whole framework or none. When the server cannot be
//! reached, the last framework fetched from that URL is used, with a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use reqwest::Url;

use super::bundle;
use super::files::{belongs_to_framework, digest_of};
use super::manifest::Manifest;
use crate::atomic::write_atomically;
use crate::error::{Error, Result};
use crate::remote::Fetcher;
use crate::source::parse_toml;

/// A framework fetched into the cache.
#[derive(Debug)]
pub struct Materialized {
    /// The folder holding it.
    pub dir: PathBuf,
    /// Set when the server could not be reached and the cached copy is used: why.
    pub stale: Option<String>,
}

/// Whether `text` names a remote framework.
pub fn is_remote(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

/// Fetches (or, offline or unreachable, finds in the cache) the framework at `url`.
pub fn materialize(url: &str, fetcher: &Fetcher) -> Result<Materialized> {
    let parsed = Url::parse(url).map_err(|e| Error::usage(format!("`{url}` is not a URL: {e}"), None))?;
    let home = fetcher
        .cache()
        .root()
        .join("frameworks")
        .join(crate::remote::sha256_key(url));
    let cached = current(&home);
    if fetcher.offline() {
        return cached
            .map(|dir| Materialized { dir, stale: None })
            .ok_or_else(|| Error::Remote {
                url: url.to_string(),
                reason: "this framework is not in the cache and --offline forbids the network".into(),
                help: Some("run once without --offline (or `nifcheck framework fetch URL`) to cache it".into()),
            });
    }
    let files = match download(&parsed, fetcher) {
        Ok(files) => files,
        Err(error) => {
            return match cached {
                Some(dir) => Ok(Materialized {
                    dir,
                    stale: Some(error.to_string()),
                }),
                None => Err(error),
            };
        }
    };
    let digest = digest_of(
        files
            .iter()
            .filter(|(r, _)| belongs_to_framework(r))
            .map(|(r, b)| (r.as_str(), b.as_slice())),
    );
    let dir = home.join(&digest["sha256:".len()..]);
    if !dir.is_dir() {
        store(&home, &dir, &files).map_err(|e| Error::write(&dir, e))?;
    }
    write_atomically(
        &home.join("current"),
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
            .as_bytes(),
    )
    .map_err(|e| Error::write(home.join("current"), e))?;
    Ok(Materialized { dir, stale: None })
}

/// The folder `current` points at, if it is there.
fn current(home: &Path) -> Option<PathBuf> {
    let name = std::fs::read_to_string(home.join("current")).ok()?;
    let dir = home.join(name.trim());
    (!name.trim().is_empty() && !name.contains(['/', '\\', '.']) && dir.join("framework.toml").is_file()).then_some(dir)
}

fn store(home: &Path, dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
    std::fs::create_dir_all(home)?;
    // Written whole beside `dir`, then renamed into place, so no reader sees half a framework;
    // on any error the temporary folder is removed when dropped.
    let temp = tempfile::Builder::new().prefix(".tmp-").tempdir_in(home)?;
    let written = files.iter().try_for_each(|(rel, bytes)| {
        let path = temp.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(temp.path()))?;
        std::fs::write(path, bytes)
    });
    match written.and_then(|()| std::fs::rename(temp.path(), dir)) {
        Ok(()) => {
            // Renamed away: there is nothing left to remove.
            let _renamed = temp.keep();
            Ok(())
        }
        // Another run may have stored the same framework first: that is as good.
        Err(_) if dir.join("framework.toml").is_file() => Ok(()),
        Err(e) => Err(e),
    }
}

fn download(url: &Url, fetcher: &Fetcher) -> Result<BTreeMap<String, Vec<u8>>> {
    let path = url.path();
    if path.ends_with(".tar.gz") || path.ends_with(".tgz") {
        let body = fetcher.get(url)?.body;
        let files = bundle::unpack(url.as_str(), &body)?;
        if !files.contains_key("framework.toml") {
            return Err(Error::framework(
                format!("the bundle {url} has no framework.toml"),
                None,
            ));
        }
        return Ok(files);
    }
    let manifest_bytes = fetcher.get(url)?.body;
    let text = String::from_utf8(manifest_bytes.clone())
        .map_err(|_| Error::framework(format!("{url} is not UTF-8 text"), None))?;
    let doc = parse_toml(&text).map_err(|(m, span)| {
        Error::at(
            url.as_str(),
            &text,
            span.unwrap_or(0..0),
            format!("{url} is not valid TOML"),
            m,
            None,
        )
    })?;
    let manifest: Manifest = serde_json::from_value(doc.value)
        .map_err(|e| Error::framework(format!("{url} is not a framework manifest: {e}"), None))?;
    let mut files = BTreeMap::new();
    files.insert("framework.toml".to_string(), manifest_bytes);
    for rel in referenced_files(&manifest) {
        let file_url = file_url(url, &rel)?;
        files.insert(rel, fetcher.get(&file_url)?.body);
    }
    Ok(files)
}

/// The URL of a file the manifest at `url` names, which must stay below the manifest's folder.
/// Paths are judged decoded (`%2e%2e` is `..` to a URL parser too), and the joined URL again.
fn file_url(url: &Url, rel: &str) -> Result<Url> {
    let leaves = || Error::framework(format!("{url} names `{rel}`, which leaves the framework folder"), None);
    let decoded = crate::source::percent_decode(rel);
    for path in [rel, decoded.as_str()] {
        if path.starts_with('/')
            || path.contains('\\')
            || path.contains(':')
            || path.split('/').any(|p| p == ".." || p == "." || p.is_empty())
        {
            return Err(leaves());
        }
    }
    let joined = url
        .join(rel)
        .map_err(|e| Error::framework(format!("{url}: bad path `{rel}`: {e}"), None))?;
    let folder = url
        .join("./")
        .map_err(|e| Error::framework(format!("{url}: {e}"), None))?;
    if joined.origin() != folder.origin() || !joined.path().starts_with(folder.path()) {
        return Err(leaves());
    }
    Ok(joined)
}

/// Every file a manifest names.
fn referenced_files(manifest: &Manifest) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for s in &manifest.standards {
        files.push(s.json_schema.clone());
        files.extend(s.xml_schema.clone());
    }
    files.extend(manifest.code_lists.iter().map(|l| l.file.clone()));
    files.extend(manifest.rulesets.iter().map(|r| r.file.clone()));
    files.sort();
    files.dedup();
    files
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_stay_below_the_manifest_folder() {
        let base = Url::parse("https://nif.example/fw/2026/framework.toml").unwrap();
        assert_eq!(
            file_url(&base, "standards/a%20b.json").unwrap().as_str(),
            "https://nif.example/fw/2026/standards/a%20b.json"
        );
        for hostile in [
            "%2e%2e/secret.json",
            "%2E%2e/%2e%2e/secret.json",
            ".%2e/secret.json",
            "a/%2e%2e/%2e%2e/secret.json",
            "../secret.json",
            "/secret.json",
            "//evil.example/x.json",
            "https://evil.example/x.json",
            "a%2f..%2f..%2fsecret.json",
        ] {
            let refused = file_url(&base, hostile).unwrap_err().to_string();
            assert!(refused.contains("leaves the framework folder"), "{hostile}: {refused}");
        }
    }
}
