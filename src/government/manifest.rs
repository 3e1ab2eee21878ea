//! `government.toml` and `agency.toml` as written (DESIGN.md section 9), checked against
//! `schemas/government.schema.json` and `schemas/agency.schema.json` before they are read.

use serde::{Deserialize, Serialize};

/// The published format of `government.toml`.
pub const GOVERNMENT_SCHEMA: &str = include_str!("../../schemas/government.schema.json");
/// The published format of `agency.toml`.
pub const AGENCY_SCHEMA: &str = include_str!("../../schemas/agency.schema.json");

/// `government.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GovernmentManifest {
    /// `[government]`.
    pub government: GovernmentSection,
}

/// `[government]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GovernmentSection {
    /// The government's name.
    pub name: String,
    /// A framework folder (relative to `government.toml`), an https URL, or `reference`.
    #[serde(default)]
    pub framework: Option<String>,
    /// Globs of agency folders, relative to `government.toml`.
    pub agencies: Vec<String>,
    /// The check date when `--as-of` is not given.
    #[serde(default)]
    pub as_of: Option<String>,
}

/// `agency.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AgencyManifest {
    /// `[agency]`.
    pub agency: AgencySection,
    /// `[[services]]`: what the agency provides.
    #[serde(default)]
    pub services: Vec<Service>,
    /// `[[profiles]]`: its specialisations of national standards.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// `[[consumes]]`: what it receives from other agencies.
    #[serde(default)]
    pub consumes: Vec<Consumes>,
    /// `[[samples]]`: example payloads.
    #[serde(default)]
    pub samples: Vec<Sample>,
}

/// `[agency]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AgencySection {
    /// A code of the framework's `agency` list, when it has one.
    pub id: String,
    /// Its name.
    pub name: String,
    /// One of the framework's levels.
    pub level: String,
    /// The agency above this one.
    #[serde(default)]
    pub parent: Option<String>,
}

/// `[[services]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Service {
    /// The service's id, unique in the agency.
    pub id: String,
    /// Its OpenAPI description, relative to the agency folder.
    pub openapi: String,
    /// Standard versions it claims to implement (`person@1.2.0`).
    #[serde(default)]
    pub implements: Vec<String>,
}

/// `[[profiles]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Profile {
    /// The profile's JSON Schema, relative to the agency folder.
    pub schema: String,
    /// The standard version it specialises.
    pub profile_of: String,
}

/// `[[consumes]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Consumes {
    /// The producing agency.
    pub agency: String,
    /// Its service.
    pub service: String,
    /// The operationId whose 2xx response this agency receives.
    pub operation: String,
    /// `address@^2`, or a JSON Schema file of this agency.
    pub expects: String,
}

/// `[[samples]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Sample {
    /// A path or a glob, relative to the agency folder.
    pub files: String,
    /// Checked against this operation of the agency's own services…
    #[serde(default)]
    pub operation: Option<String>,
    /// …or against a standard…
    #[serde(default)]
    pub standard: Option<String>,
    /// …or against a schema file (or `openapi.yaml#/json/pointer`).
    #[serde(default)]
    pub schema: Option<String>,
    /// With `operation`: the request body or the 2xx response.
    #[serde(default)]
    pub direction: Direction,
    /// Whether the samples must pass or fail.
    #[serde(default)]
    pub expect: Expect,
}

/// Which payload of an operation a sample is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// The request body.
    Request,
    /// A 2xx response body.
    #[default]
    Response,
}

/// What a sample must do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    /// Conform.
    #[default]
    Valid,
    /// Fail: a negative example.
    Invalid,
}
