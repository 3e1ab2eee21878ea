//! The checks a service offers, as library calls on a [`Loaded`] framework: validate bytes
//! against a standard, lint a description, list the standards. The HTTP handlers and the web
//! page both call these; each returns the same [`Report`] the command line renders, with every
//! finding positioned in the text that was sent.

use std::sync::Arc;

use serde::Serialize;

use super::frameworks::Loaded;
use crate::date::Timestamp;
use crate::error::{Error, Result};
use crate::framework::{CompileOptions, StandardRef};
use crate::openapi::Linter;
use crate::payload::{Checker, Choice, Framing, Input, Target};
use crate::report::{FailOn, Report, Run, Subject};

/// What a payload is: its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadType {
    /// One JSON document.
    Json,
    /// One JSON document per line (NDJSON, JSON Lines).
    Ndjson,
    /// One XML document.
    Xml,
}

impl PayloadType {
    /// The name findings carry for a payload of this type sent without a name.
    pub fn default_name(self) -> &'static str {
        match self {
            PayloadType::Json => "payload.json",
            PayloadType::Ndjson => "payload.ndjson",
            PayloadType::Xml => "payload.xml",
        }
    }
}

/// Which schema a payload follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaChoice {
    /// A standard of the framework: `person`, `person@1`, `person@1.2.0`.
    Standard(String),
    /// The standard whose JSON Schema has this `$id`.
    SchemaId(String),
    /// Each document's own `$schema` (JSON) or root element (XML).
    Declared,
}

/// A standard, as a picker lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StandardSummary {
    /// `person@1.2.0`: what `?standard=` takes.
    pub label: String,
    /// `person`.
    pub id: String,
    /// `1.2.0`.
    pub version: String,
    /// `Person`.
    pub title: String,
    /// `mandatory`, `recommended`, `draft`, `deprecated` or `retired`.
    pub status: crate::framework::Status,
    /// What it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its JSON Schema's `$id`: what `?schema=` takes and a payload's `$schema` names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_id: Option<String>,
    /// Whether it has an XML Schema, so XML payloads can be checked against it.
    pub xml: bool,
}

impl Loaded {
    /// Validates one payload held in memory. `name` is the file its findings carry.
    pub fn validate(
        &self,
        name: &str,
        body: Arc<[u8]>,
        payload: PayloadType,
        schema: &SchemaChoice,
        generated: Timestamp,
    ) -> Result<Report> {
        let framework = self.framework();
        let choice = self.choice(schema)?;
        let looks_like_xml = crate::xml::is_xml(None, &body);
        if payload == PayloadType::Xml && !looks_like_xml {
            // Sent as XML, it is judged as XML: not well-formed from its first character.
            if let Some(refusal) = crate::xml::refusal(&body, name) {
                return Ok(self.report(vec![refusal], vec![subject(name, None)], 1, None, generated));
            }
        }
        if payload != PayloadType::Xml && looks_like_xml {
            return Err(Error::usage(
                "the body is XML, but its Content-Type says JSON",
                Some("send XML payloads as application/xml".into()),
            ));
        }
        let framing = if payload == PayloadType::Ndjson {
            Framing::Lines
        } else {
            Framing::Single
        };
        let input = Input::memory(name, body, framing);
        // A request never names a file: there is no project whose mappings could name one.
        let no_files = |_: &std::path::Path| -> Result<Target> { Err(Error::usage("no schema files here", None)) };
        let checker = Checker::new(framework, choice, None, &no_files)?.with_xml_schemas(&self.xml_schemas);
        let outcome = checker.check(std::slice::from_ref(&input))?;
        let mut subjects = vec![subject(name, None)];
        subjects.extend(outcome.subjects);
        Ok(self.report(outcome.findings, subjects, outcome.documents, None, generated))
    }

    /// Lints one OpenAPI description (JSON or YAML) held in memory, with the framework's
    /// rulesets or the one `ruleset` names. Its references reach the framework's schemas and
    /// nothing else: another file or a URL it names is reported, not read.
    pub fn lint(&self, name: &str, body: Arc<[u8]>, ruleset: Option<&str>, generated: Timestamp) -> Result<Report> {
        let framework = self.framework();
        let rulesets = match ruleset {
            None => Arc::clone(&self.all_rulesets),
            Some(id) => self
                .rulesets
                .iter()
                .find(|(known, _)| known == id)
                .map(|(_, set)| Arc::clone(set))
                .ok_or_else(|| {
                    let known: Vec<&str> = self.rulesets.iter().map(|(id, _)| id.as_str()).collect();
                    Error::usage(
                        format!("the framework has no ruleset `{id}`"),
                        Some(if known.is_empty() {
                            "it publishes none".to_string()
                        } else {
                            format!("rulesets: {}", known.join(", "))
                        }),
                    )
                })?,
        };
        let options = framework.map_or_else(
            || CompileOptions {
                remote: None,
                ..CompileOptions::default()
            },
            |f| f.options().clone(),
        );
        let linter = Linter::with_reach(framework, options, rulesets, self.reach.clone());
        let input = Input::memory(name, body, Framing::Single);
        let linted = linter.lint(std::slice::from_ref(&input))?;
        let operations = linted.iter().map(|l| l.operations).sum();
        let findings = linted.into_iter().flat_map(|l| l.findings).collect();
        let subjects = vec![subject(name, Some("openapi"))];
        Ok(self.report(findings, subjects, 1, Some(operations), generated))
    }

    /// Every standard of the framework, in the manifest's order.
    pub fn standards(&self) -> Vec<StandardSummary> {
        let Some(framework) = self.framework() else {
            return Vec::new();
        };
        framework
            .standards
            .iter()
            .enumerate()
            .map(|(index, standard)| StandardSummary {
                label: standard.label(),
                id: standard.entry.id.clone(),
                version: standard.version.to_string(),
                title: standard.entry.title.clone(),
                status: standard.status(),
                description: standard.entry.description.clone(),
                schema_id: framework.schema_uri(index).ok(),
                xml: standard.entry.xml_schema.is_some(),
            })
            .collect()
    }

    fn choice(&self, schema: &SchemaChoice) -> Result<Choice> {
        let needs_framework = || {
            Error::usage(
                "this service runs without a framework, so it has no standards",
                Some("send the payload with a $schema the service knows, or start it with a framework".into()),
            )
        };
        match schema {
            SchemaChoice::Declared => Ok(Choice::Auto),
            SchemaChoice::Standard(text) => {
                let framework = self.framework().ok_or_else(needs_framework)?;
                let reference: StandardRef = text.parse().map_err(|e: String| Error::usage(e, None))?;
                Ok(Choice::Standard(framework.resolve(&reference)?))
            }
            SchemaChoice::SchemaId(uri) => {
                let framework = self.framework().ok_or_else(needs_framework)?;
                match framework.standard_by_uri(uri)? {
                    Some(index) => Ok(Choice::Standard(index)),
                    None => Err(Error::usage(
                        format!(
                            "no standard of {} has the schema `{uri}`",
                            framework.manifest.framework.id
                        ),
                        Some("GET /v1/framework lists each standard's schemaId".into()),
                    )),
                }
            }
        }
    }

    /// The one collect step, as every command of the command line ends.
    fn report(
        &self,
        findings: Vec<crate::finding::Finding>,
        subjects: Vec<Subject>,
        documents: usize,
        operations: Option<usize>,
        generated: Timestamp,
    ) -> Report {
        Report::collect(
            findings,
            Run {
                framework: self.framework(),
                subjects,
                documents,
                fail_on: FailOn::Error,
                generated,
                operations,
                ..Run::default()
            },
        )
    }
}

fn subject(name: &str, standard: Option<&str>) -> Subject {
    Subject {
        file: name.to_string(),
        standard: standard.map(str::to_string),
    }
}
