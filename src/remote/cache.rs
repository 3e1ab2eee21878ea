//! The on-disk HTTP cache: one body and one metadata file per URL, each written to a temporary
//! file and renamed into place, so concurrent runs sharing a cache never read half a file. The
//! metadata records the body's sha256; a body that does not match is treated as absent.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::atomic::write_atomically;

/// What the cache knows about a URL.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    /// The URL.
    pub url: String,
    /// Its ETag, for If-None-Match.
    pub etag: Option<String>,
    /// Its Last-Modified, for If-Modified-Since.
    pub last_modified: Option<String>,
    /// `sha256:` of the body.
    pub sha256: String,
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

/// The platform cache folder: `$XDG_CACHE_HOME/nifcheck`, `~/.cache/nifcheck`, or
/// `~/Library/Caches/nifcheck` on macOS.
pub fn default_cache_dir() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    if let Some(xdg) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(xdg).join("nifcheck");
    }
    if cfg!(target_os = "macos") {
        home.join("Library/Caches/nifcheck")
    } else {
        home.join(".cache/nifcheck")
    }
}

/// The cache key of a URL.
pub fn sha256_key(url: &str) -> String {
    sha256_hex(url.as_bytes())
}

/// The hex sha256 of some bytes.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl Cache {
    /// A cache rooted at `root` (created on first write).
    pub fn new(root: PathBuf) -> Self {
        Cache { root }
    }

    /// The cache's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        let key = sha256_hex(url.as_bytes());
        let dir = self.root.join("http");
        (dir.join(format!("{key}.body")), dir.join(format!("{key}.json")))
    }

    /// The cached metadata and body of a URL, if both are there and agree.
    pub fn get(&self, url: &str) -> Option<(Meta, Vec<u8>)> {
        let (body_path, meta_path) = self.paths(url);
        let meta: Meta = serde_json::from_slice(&std::fs::read(meta_path).ok()?).ok()?;
        let body = std::fs::read(body_path).ok()?;
        (meta.url == url && meta.sha256 == format!("sha256:{}", sha256_hex(&body))).then_some((meta, body))
    }

    /// Stores a complete body and its metadata.
    pub fn put(
        &self,
        url: &str,
        etag: Option<String>,
        last_modified: Option<String>,
        body: &[u8],
    ) -> std::io::Result<()> {
        let (body_path, meta_path) = self.paths(url);
        let meta = Meta {
            url: url.to_string(),
            etag,
            last_modified,
            sha256: format!("sha256:{}", sha256_hex(body)),
        };
        write_atomically(&body_path, body)?;
        write_atomically(
            &meta_path,
            &serde_json::to_vec_pretty(&meta).map_err(std::io::Error::other)?,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_checks_bodies() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        assert!(cache.get("https://a.example/x").is_none());
        cache
            .put("https://a.example/x", Some("\"v1\"".into()), None, b"hello")
            .unwrap();
        let (meta, body) = cache.get("https://a.example/x").unwrap_or_else(|| panic!("cached"));
        assert_eq!((meta.etag.as_deref(), body.as_slice()), (Some("\"v1\""), &b"hello"[..]));
        let (body_path, _) = cache.paths("https://a.example/x");
        std::fs::write(body_path, b"tampered").unwrap();
        assert!(
            cache.get("https://a.example/x").is_none(),
            "a body that does not match its digest is not used"
        );
    }
}
