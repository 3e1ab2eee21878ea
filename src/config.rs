//! `nifcheck.toml`: a project's own settings, read from the working directory. It names the
//! framework to use and which standard each payload file follows.
//!
//! ```toml
//! framework = "../national-framework"   # optional: a folder, `reference` or `none`
//!
//! [[validate]]
//! files = "payloads/people/**/*.json"
//! standard = "person@1"
//!
//! [[validate]]
//! files = "exports/*.ndjson"
//! schema = "schemas/export.schema.json"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::source::parse_toml;

/// The file name looked for in the working directory.
pub const FILE_NAME: &str = "nifcheck.toml";

/// A project's settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    /// `--framework` when the command line does not say.
    #[serde(default)]
    pub framework: Option<String>,
    /// Which files follow which standard or schema; the first matching entry wins.
    #[serde(default)]
    pub validate: Vec<Mapping>,
    /// The folder the file was found in: globs and schema paths are relative to it.
    #[serde(skip)]
    pub root: PathBuf,
}

/// One `[[validate]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// A glob over payload paths, relative to the project folder.
    pub files: String,
    /// A framework standard, `person@1`.
    #[serde(default)]
    pub standard: Option<String>,
    /// Or a JSON Schema file.
    #[serde(default)]
    pub schema: Option<String>,
}

impl ProjectConfig {
    /// Reads `nifcheck.toml` from `dir` when there is one.
    pub fn discover(dir: &Path) -> Result<Option<Self>> {
        let path = dir.join(FILE_NAME);
        if !path.is_file() {
            return Ok(None);
        }
        let text = crate::source::read_policy::read_to_string(&path)?;
        let name = path.display().to_string();
        let doc = parse_toml(&text).map_err(|(m, span)| {
            Error::at(
                &name,
                &text,
                span.unwrap_or(0..0),
                format!("{name} is not valid TOML"),
                m,
                None,
            )
        })?;
        let mut config: ProjectConfig =
            serde_json::from_value(doc.value).map_err(|e| Error::framework(format!("{name}: {e}"), None))?;
        for (n, m) in config.validate.iter().enumerate() {
            if m.standard.is_some() == m.schema.is_some() {
                let span = doc_span(&text, &m.files);
                return Err(Error::at(
                    &name,
                    &text,
                    span,
                    format!(
                        "[[validate]] entry {} needs exactly one of `standard` and `schema`",
                        n + 1
                    ),
                    "this entry",
                    None,
                ));
            }
            glob::Pattern::new(&m.files)
                .map_err(|e| Error::framework(format!("{name}: bad glob `{}`: {e}", m.files), None))?;
        }
        config.root = dir.to_path_buf();
        Ok(Some(config))
    }

    /// The first mapping whose glob matches a payload path.
    pub fn mapping_for(&self, file: &str) -> Option<&Mapping> {
        let file = file.strip_prefix("./").unwrap_or(file);
        let relative = Path::new(file)
            .strip_prefix(&self.root)
            .map_or_else(|_| file.to_string(), |p| p.display().to_string());
        self.validate
            .iter()
            .find(|m| glob::Pattern::new(&m.files).is_ok_and(|p| p.matches(&relative)))
    }
}

fn doc_span(text: &str, needle: &str) -> std::ops::Range<usize> {
    text.find(needle).map_or(0..0, |s| s..s + needle.len())
}
