//! The government model (DESIGN.md section 9): a government folder with `government.toml` and
//! one folder per agency with `agency.toml`. Loading checks both manifests against their
//! published schemas, every relative path against the government folder, and every agency's
//! id, level and parent against the framework; a broken manifest is an error at its TOML line
//! and column (exit 2). The checks of agencies and of the gaps between them build on this.

mod check;
mod codes;
mod compat_cache;
pub mod gaps;
mod load;
pub mod manifest;
mod pipeline;
mod profiles;
pub mod services;
pub mod silo;
pub mod summary;
mod versions;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use check::{CheckOptions, Checked, check_agency};
pub use compat_cache::{CompatCache, SchemaDigest};
pub use gaps::{agency_exchange_gaps, exchange_gaps, government_gaps};
pub use load::{GOVERNMENT_FILE, find_government};
pub use manifest::{AgencyManifest, Consumes, Direction, Expect, GovernmentManifest, Profile, Sample, Service};
pub use pipeline::{GovernmentChecked, check_government};
pub use silo::silos;

use crate::finding::Finding;
use crate::rules::Rule;
use crate::source::{LineIndex, TomlDocument};

/// The file that makes a folder an agency.
pub const AGENCY_FILE: &str = "agency.toml";

/// A government: its manifest and its agencies, sorted by id.
#[derive(Debug)]
pub struct Government {
    /// The folder holding `government.toml`, as given.
    pub dir: PathBuf,
    /// The manifest.
    pub manifest: GovernmentManifest,
    /// Every agency, sorted by id.
    pub agencies: Vec<Agency>,
}

/// One agency: its folder, its manifest, and the manifest's text for placing findings.
#[derive(Debug)]
pub struct Agency {
    /// The agency's folder, as reached from the path given (so findings name files the way the
    /// user wrote them).
    pub dir: PathBuf,
    /// The folder relative paths may not leave: the government folder, or the agency folder
    /// when it is checked alone.
    pub root: PathBuf,
    /// The manifest.
    pub manifest: AgencyManifest,
    text: Arc<str>,
    doc: TomlDocument,
}

impl Government {
    /// The agency with this id.
    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agencies
            .binary_search_by(|a| a.id().cmp(id))
            .ok()
            .and_then(|i| self.agencies.get(i))
    }

    /// The framework the government names: a folder relative to `government.toml`, a URL, or
    /// `reference` (also when it names none).
    pub fn framework_source(&self) -> String {
        match self.manifest.government.framework.as_deref() {
            None | Some("reference") => "reference".into(),
            Some(url) if url.contains("://") => url.to_string(),
            Some(folder) => self.dir.join(folder).display().to_string(),
        }
    }
}

impl Agency {
    /// Its id.
    pub fn id(&self) -> &str {
        &self.manifest.agency.id
    }

    /// Its level.
    pub fn level(&self) -> &str {
        &self.manifest.agency.level
    }

    /// `agency.toml`, named as the user reaches it.
    pub fn manifest_file(&self) -> String {
        self.dir.join(AGENCY_FILE).display().to_string()
    }

    /// A file of the agency, named as the user reaches it (relative paths were confined to the
    /// root when the manifest was loaded).
    pub fn file(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    /// Line and column of a manifest entry (`/consumes/0`): its key when it has one.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let span = self.doc.span(pointer)?;
        let at = span.key.map_or(span.start, |k| k.0);
        Some(LineIndex::new(&self.text).line_col(&self.text, at))
    }

    /// A finding about a manifest entry, placed at it and naming this agency.
    pub fn finding(&self, rule: &Rule, pointer: &str, message: impl Into<String>) -> Finding {
        let mut finding = Finding::new(rule.code, rule.severity, rule.kind, &self.manifest_file(), message);
        finding.pointer = Some(pointer.to_string());
        if let Some((line, column)) = self.locate(pointer) {
            finding.line = Some(line);
            finding.column = Some(column);
        }
        finding.agency = Some(self.id().to_string());
        finding
    }

    /// The files a `[[samples]]` entry names, sorted; a glob that matches nothing is an error at
    /// the entry.
    pub fn sample_files(&self, index: usize) -> crate::Result<Vec<PathBuf>> {
        load::sample_files(self, index)
    }

    /// Is `path` inside the agency's root?
    pub fn contains(&self, path: &Path) -> bool {
        load::confined(&self.root, path).is_ok()
    }
}
