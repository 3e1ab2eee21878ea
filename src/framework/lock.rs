//! `nifcheck.lock`: the framework a project is pinned to, with the sha256 of every file.
//! `nifcheck framework fetch URL` writes it; later runs in that folder refuse a framework
//! whose files differ from it, unless `--update-lock`.
//!
//! ```toml
//! [framework]
//! url = "https://standards.gov.example/nif/framework.toml"
//! id = "examplia-nif"
//! version = "2026.2.0"
//! digest = "sha256:…"
//!
//! [files]
//! "codelists/country.csv" = "sha256:…"
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::files::{FrameworkFiles, digest_of, file_digest};
use crate::error::{Error, Result};

/// The lock file's name.
pub const LOCK_FILE: &str = "nifcheck.lock";

/// A lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// Which framework.
    pub framework: LockedFramework,
    /// `sha256:` of every file by its path in the framework.
    pub files: BTreeMap<String, String>,
}

/// `[framework]` of a lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedFramework {
    /// Where it came from, as given to `--framework`.
    pub url: String,
    /// The framework's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its digest.
    pub digest: String,
}

impl Lock {
    /// The lock of a framework's files as they are now.
    pub fn of(url: &str, id: &str, version: &str, files: &FrameworkFiles) -> Result<Self> {
        let mut contents = Vec::new();
        for rel in files.list()? {
            let bytes = files.read(&rel)?.into_owned();
            contents.push((rel, bytes));
        }
        Ok(Lock {
            framework: LockedFramework {
                url: url.to_string(),
                id: id.to_string(),
                version: version.to_string(),
                digest: digest_of(contents.iter().map(|(r, b)| (r.as_str(), b.as_slice()))),
            },
            files: contents
                .iter()
                .map(|(rel, bytes)| (rel.clone(), file_digest(bytes)))
                .collect(),
        })
    }

    /// Reads `nifcheck.lock` from a folder, if there is one.
    pub fn read(dir: &Path) -> Result<Option<Self>> {
        let path = dir.join(LOCK_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let text = crate::source::read_policy::read_to_string(&path)?;
        toml::from_str(&text).map(Some).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            Error::at(
                &path.display().to_string(),
                &text,
                span,
                format!("{} is not a valid lock file", path.display()),
                e.message(),
                None,
            )
        })
    }

    /// Writes the lock file atomically.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let mut text =
            String::from("# The framework this project is pinned to. Written by `nifcheck framework fetch`.\n");
        text.push_str(&toml_text(self));
        let path = dir.join(LOCK_FILE);
        crate::atomic::write_atomically(&path, text.as_bytes()).map_err(|e| Error::write(&path, e))
    }

    /// The differences between this lock and another state of the framework, one line each.
    pub fn differences(&self, now: &Lock) -> Vec<String> {
        let mut out = Vec::new();
        for (rel, digest) in &self.files {
            match now.files.get(rel) {
                None => out.push(format!("{rel}: missing")),
                Some(d) if d != digest => out.push(format!("{rel}: changed ({digest} in the lock, {d} now)")),
                Some(_) => {}
            }
        }
        out.extend(
            now.files
                .keys()
                .filter(|rel| !self.files.contains_key(*rel))
                .map(|rel| format!("{rel}: not in the lock")),
        );
        out
    }
}

fn toml_text(lock: &Lock) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let f = &lock.framework;
    let mut text = format!(
        "\n[framework]\nurl = {}\nid = {}\nversion = {}\ndigest = {}\n\n[files]\n",
        quote(&f.url),
        quote(&f.id),
        quote(&f.version),
        quote(&f.digest)
    );
    for (rel, digest) in &lock.files {
        text.push_str(&format!("{} = {}\n", quote(rel), quote(digest)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reports_differences() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::of("reference", "examplia-nif", "1", &FrameworkFiles::Embedded).unwrap();
        lock.write(dir.path()).unwrap();
        let back = Lock::read(dir.path()).unwrap();
        assert_eq!(back.as_ref(), Some(&lock));
        let mut changed = lock.clone();
        changed.files.insert("codelists/sex.csv".into(), "sha256:00".into());
        changed.files.insert("extra.json".into(), "sha256:01".into());
        let diff = lock.differences(&changed);
        assert_eq!(diff.len(), 2, "{diff:?}");
        assert!(diff[0].starts_with("codelists/sex.csv: changed"));
    }
}
