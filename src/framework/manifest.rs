//! The manifest `framework.toml`: what a framework holds. Its format is published as
//! `schemas/framework.schema.json`, which the loader checks every manifest against first.

use serde::{Deserialize, Serialize};

/// The JSON Schema every manifest must satisfy.
pub(crate) const MANIFEST_SCHEMA: &str = include_str!("../../schemas/framework.schema.json");

/// The whole manifest.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Manifest {
    /// Identity of the framework.
    pub framework: FrameworkMeta,
    /// Standards, any order.
    #[serde(default)]
    pub standards: Vec<StandardEntry>,
    /// Code lists.
    #[serde(default)]
    pub code_lists: Vec<CodeListEntry>,
    /// API design rulesets in Spectral's format.
    #[serde(default)]
    pub rulesets: Vec<RulesetEntry>,
    /// Recorded, time-limited waivers.
    #[serde(default)]
    pub exceptions: Vec<ExceptionEntry>,
}

/// `[framework]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct FrameworkMeta {
    /// `examplia-nif`.
    pub id: String,
    /// The framework's own version.
    pub version: String,
    /// Human title.
    pub title: String,
    /// Who publishes it.
    pub publisher: String,
    /// Longer description.
    #[serde(default)]
    pub description: Option<String>,
    /// Levels of government from the top down.
    pub levels: Vec<String>,
    /// Hosts remote references may be fetched from.
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
}

/// The life-cycle status of a standard version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written; not picked unless asked for by exact version.
    Draft,
    /// Every agency must implement it.
    Mandatory,
    /// Agencies should implement it.
    Recommended,
    /// Still valid, being replaced.
    Deprecated,
    /// No longer valid.
    Retired,
}

impl Status {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Mandatory => "mandatory",
            Status::Recommended => "recommended",
            Status::Deprecated => "deprecated",
            Status::Retired => "retired",
        }
    }
}

/// `[[standards]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct StandardEntry {
    /// `person`.
    pub id: String,
    /// Semver, `1.2.0`.
    pub version: String,
    /// Human title.
    pub title: String,
    /// Life-cycle status.
    pub status: Status,
    /// Domain, `identity`.
    #[serde(default)]
    pub domain: Option<String>,
    /// Who maintains it.
    #[serde(default)]
    pub steward: Option<String>,
    /// Longer description.
    #[serde(default)]
    pub description: Option<String>,
    /// Path of its JSON Schema.
    pub json_schema: String,
    /// Path of its XML Schema.
    #[serde(default)]
    pub xml_schema: Option<String>,
    /// Root element of its XML encoding.
    #[serde(default)]
    pub xml_root: Option<String>,
}

/// `[[code-lists]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct CodeListEntry {
    /// `country`.
    pub id: String,
    /// `2024.1`.
    pub version: String,
    /// Human title.
    pub title: String,
    /// Where the codes come from (`ISO 3166-1`).
    #[serde(default)]
    pub source: Option<String>,
    /// CSV with a header row, or a JSON array of objects.
    pub file: String,
    /// Column holding the code.
    #[serde(default = "default_code_column")]
    pub code_column: String,
    /// Column holding the label.
    #[serde(default = "default_label_column")]
    pub label_column: String,
    /// Column holding the first day a code is valid.
    #[serde(default = "default_from_column")]
    pub valid_from_column: String,
    /// Column holding the last day a code is valid.
    #[serde(default = "default_to_column")]
    pub valid_to_column: String,
    /// Column naming the code that replaces a retired one.
    #[serde(default = "default_replaced_by_column")]
    pub replaced_by_column: String,
}

fn default_code_column() -> String {
    "code".into()
}
fn default_label_column() -> String {
    "label".into()
}
fn default_from_column() -> String {
    "valid-from".into()
}
fn default_to_column() -> String {
    "valid-to".into()
}
fn default_replaced_by_column() -> String {
    "replaced-by".into()
}

/// `[[rulesets]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RulesetEntry {
    /// `gov-api`.
    pub id: String,
    /// Human title.
    #[serde(default)]
    pub title: Option<String>,
    /// Path of the Spectral-format ruleset.
    pub file: String,
}

/// `[[exceptions]]`: comply or explain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ExceptionEntry {
    /// The rule code it waives.
    #[serde(default)]
    pub rule: Option<String>,
    /// Or the standard (`person@1.0.0`) whose findings it waives.
    #[serde(default)]
    pub standard: Option<String>,
    /// An agency id, or a glob over file paths.
    pub scope: String,
    /// Who answers for it.
    pub owner: String,
    /// Why.
    pub reason: String,
    /// Last day it waives.
    pub expires: String,
}
