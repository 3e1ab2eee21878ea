//! Payload validation: which schema each document follows, checking files in parallel, and
//! streaming NDJSON so memory stays flat however large the file.

mod describe;
mod document;
mod parse;
mod stream;
mod xml_payload;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

pub use crate::source::inputs::{Framing, Input, Origin};
pub use document::{Place, Target};

use crate::config::ProjectConfig;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity, Subject};
use crate::framework::{Framework, StandardRef, Status};
use crate::rules;

/// How the schema of a payload is chosen.
pub enum Choice {
    /// `--standard`: every payload follows this framework standard.
    Standard(usize),
    /// `--schema`: every payload follows this schema.
    Schema(Target),
    /// Each payload's own `$schema`, then the project's `nifcheck.toml`.
    Auto,
    /// `--schema FILE.xsd`: every payload is XML and follows this XML Schema.
    Xml(Arc<crate::xml::XmlSchema>),
}

/// The XML Schemas of a framework's standards, each built when a payload first needs it.
#[derive(Clone)]
pub struct XmlSchemas(Arc<[std::sync::OnceLock<Result<Arc<crate::xml::XmlSchema>>>]>);

impl XmlSchemas {
    /// Empty cells, one per standard of `framework`.
    pub fn new(framework: Option<&Framework>) -> XmlSchemas {
        let count = framework.map_or(0, |f| f.standards.len());
        XmlSchemas((0..count).map(|_| std::sync::OnceLock::new()).collect())
    }
}

/// Validates payload files.
pub struct Checker<'a> {
    framework: Option<&'a Framework>,
    choice: Choice,
    project: Option<&'a ProjectConfig>,
    /// Compiled `--schema`-style targets of the project's mappings, by schema path.
    mapped_schemas: BTreeMap<String, Target>,
    /// One target per framework standard, built on first use.
    targets: Vec<std::sync::OnceLock<Result<Target>>>,
    /// One XML Schema per framework standard, built on first use.
    xml_targets: XmlSchemas,
    /// Where compiled XML Schemas are kept between runs, if anywhere.
    xsd_cache: Option<crate::xml::CompileCache>,
    /// The first `$schema` looked up and the standard it named (see `standard_named`).
    first_declared: std::sync::OnceLock<(String, Option<usize>)>,
}

/// What a run found.
#[derive(Default)]
pub struct Outcome {
    /// Every finding, unsorted.
    pub findings: Vec<Finding>,
    /// Files read.
    pub files: usize,
    /// Documents read.
    pub documents: usize,
    /// Each file with each standard it was checked against.
    pub subjects: Vec<Subject>,
}

/// What one file produced.
#[derive(Default)]
struct FileOutcome {
    findings: Vec<Finding>,
    documents: usize,
    /// Standards used, each with the first document that used it (0-based line, bytes).
    standards: BTreeMap<usize, (usize, Vec<u8>)>,
}

impl<'a> Checker<'a> {
    /// A checker. `compile_schema` turns a schema path of `nifcheck.toml` into a target.
    pub fn new(
        framework: Option<&'a Framework>,
        choice: Choice,
        project: Option<&'a ProjectConfig>,
        compile_schema: &dyn Fn(&std::path::Path) -> Result<Target>,
    ) -> Result<Self> {
        let mut mapped_schemas = BTreeMap::new();
        if let (Choice::Auto, Some(project)) = (&choice, project) {
            for schema in project.validate.iter().filter_map(|m| m.schema.as_ref()) {
                if !mapped_schemas.contains_key(schema) {
                    mapped_schemas.insert(schema.clone(), compile_schema(&project.root.join(schema))?);
                }
            }
        }
        let count = framework.map_or(0, |f| f.standards.len());
        let targets = (0..count).map(|_| std::sync::OnceLock::new()).collect();
        let xml_targets = XmlSchemas::new(framework);
        Ok(Checker {
            framework,
            choice,
            project,
            mapped_schemas,
            targets,
            xml_targets,
            xsd_cache: None,
            first_declared: std::sync::OnceLock::new(),
        })
    }

    /// The checker, keeping the framework's compiled XML Schemas in `cache` between runs.
    #[must_use]
    pub fn with_xsd_cache(mut self, cache: crate::xml::CompileCache) -> Self {
        self.xsd_cache = Some(cache);
        self
    }

    /// The checker with the XML Schemas of `schemas` (which must be of the same framework), so
    /// checkers made one after another, as a service makes one per request, build each once.
    #[must_use]
    pub fn with_xml_schemas(mut self, schemas: &XmlSchemas) -> Self {
        if schemas.0.len() == self.xml_targets.0.len() {
            self.xml_targets = schemas.clone();
        }
        self
    }

    /// Checks every input, files in parallel.
    pub fn check(&self, inputs: &[Input]) -> Result<Outcome> {
        let per_file: Vec<FileOutcome> = match inputs {
            // One document (a request's body, the one file a hook names) is checked on the
            // calling thread: handing it to the pool and waiting would only add a hop. The
            // lines of an NDJSON file are still checked in parallel.
            [only] => vec![self.check_input(only)?],
            _ => inputs
                .par_iter()
                .map(|input| self.check_input(input))
                .collect::<Result<_>>()?,
        };
        let mut outcome = Outcome {
            files: inputs.len(),
            ..Outcome::default()
        };
        for (input, file) in inputs.iter().zip(per_file) {
            outcome.documents += file.documents;
            if let Some(framework) = self.framework {
                for &index in file.standards.keys() {
                    let standard = framework.standards.get(index).map(crate::framework::Standard::label);
                    outcome.subjects.push(Subject {
                        file: input.name.clone(),
                        standard,
                    });
                }
            }
            outcome.findings.extend(file.findings);
            outcome
                .findings
                .extend(self.outdated_standards(&input.name, &file.standards));
        }
        Ok(outcome)
    }

    fn check_input(&self, input: &Input) -> Result<FileOutcome> {
        let pick = |value: &Value| self.target(&input.name, value);
        match (&input.origin, input.framing) {
            (Origin::File(path), Framing::Lines) => {
                let file = crate::source::read_policy::open(path, None).map_err(crate::Error::from)?;
                stream::check_lines(file, &input.name, &pick).map_err(|e| annotate(e, path))
            }
            (Origin::Stdin, Framing::Lines) => stream::check_lines(std::io::stdin(), &input.name, &pick),
            (Origin::Memory(bytes), Framing::Lines) => stream::check_lines(&bytes[..], &input.name, &pick),
            (Origin::File(path), Framing::Single) if xml_payload::by_extension(path) => self
                .check_xml(input, |schema| {
                    crate::xml::stream::check_path(path, &input.name, schema)
                }),
            (_, Framing::Single) => {
                let bytes = input.read_all()?;
                if crate::xml::is_xml(input.path(), &bytes) {
                    return self.check_xml(input, |schema| {
                        Ok(crate::xml::stream::check_bytes(&bytes, &input.name, schema))
                    });
                }
                let checked = document::check(
                    &bytes,
                    Place {
                        file: &input.name,
                        first_line: 0,
                    },
                    &pick,
                )?;
                let mut out = FileOutcome {
                    findings: checked.findings,
                    documents: 1,
                    ..FileOutcome::default()
                };
                if let Some(standard) = checked.standard {
                    out.standards.insert(standard, (0, bytes));
                }
                Ok(out)
            }
        }
    }

    /// The schema a document follows (borrowed: every line of a large NDJSON file asks, from
    /// both cores, and shared reference counts would bounce between them).
    fn target(&self, file: &str, value: &Value) -> Result<&Target> {
        match &self.choice {
            Choice::Standard(index) => self.standard_target(*index),
            Choice::Schema(target) => Ok(target),
            Choice::Xml(_) => Err(Error::usage(
                format!("{file}: is JSON, but the schema given is an XML Schema"),
                Some("pass a JSON Schema with --schema, or validate XML payloads".to_string()),
            )),
            Choice::Auto => {
                let declared = value.get("$schema").and_then(Value::as_str);
                if let (Some(uri), Some(framework)) = (declared, self.framework)
                    && let Some(index) = self.standard_named(framework, uri)?
                {
                    return self.standard_target(index);
                }
                if let Some(mapping) = self.project.and_then(|p| p.mapping_for(file)) {
                    if let Some(target) = mapping.schema.as_ref().and_then(|s| self.mapped_schemas.get(s)) {
                        return Ok(target);
                    }
                    if let (Some(reference), Some(framework)) = (&mapping.standard, self.framework) {
                        let reference: StandardRef = reference.parse().map_err(|e: String| Error::usage(e, None))?;
                        return self.standard_target(framework.resolve(&reference)?);
                    }
                }
                Err(no_schema(file, declared, self.framework))
            }
        }
    }

    /// The standard whose schema's `$id` is `uri`. The first URI asked for is remembered: every
    /// line of an NDJSON file usually names the same one, and comparing it costs less than
    /// hashing it again.
    fn standard_named(&self, framework: &Framework, uri: &str) -> Result<Option<usize>> {
        if let Some((first, index)) = self.first_declared.get()
            && first == uri
        {
            return Ok(*index);
        }
        let index = framework.standard_by_uri(uri)?;
        let _ = self.first_declared.set((uri.to_string(), index));
        Ok(index)
    }

    /// The target of a framework standard, built once per standard and shared by every document.
    fn standard_target(&self, index: usize) -> Result<&Target> {
        let framework = self
            .framework
            .ok_or_else(|| Error::usage("--standard needs a framework", None))?;
        let cell = self
            .targets
            .get(index)
            .ok_or_else(|| Error::framework(format!("no standard number {index}"), None))?;
        cell.get_or_init(|| {
            Ok(Target {
                validator: framework.validator(index)?,
                standard: Some(index),
                label: framework.standards.get(index).map(|s| Arc::from(s.label())),
            })
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// One finding per file and deprecated or retired standard it used.
    fn outdated_standards(&self, file: &str, used: &BTreeMap<usize, (usize, Vec<u8>)>) -> Vec<Finding> {
        let Some(framework) = self.framework else {
            return Vec::new();
        };
        let mut findings = Vec::new();
        for (&index, (first_line, bytes)) in used {
            let Some(standard) = framework.standards.get(index) else {
                continue;
            };
            let (severity, state) = match standard.status() {
                Status::Deprecated => (Severity::Warning, "deprecated"),
                Status::Retired => (Severity::Error, "retired"),
                _ => continue,
            };
            let rule = &rules::PAYLOAD_STANDARD_OUTDATED;
            let current = StandardRef {
                id: standard.entry.id.clone(),
                req: None,
                text: standard.entry.id.clone(),
            }
            .select(&framework.standards)
            .filter(|s| s.version != standard.version)
            .map_or_else(String::new, |s| format!("; the version in force is {}", s.label()));
            let message = format!("{} is {state}{current}", standard.label());
            let mut finding = Finding::new(rule.code, severity, rule.kind, file, message);
            let place = Place {
                file,
                first_line: *first_line,
            };
            let at = document::locate(bytes, place, "/$schema").unwrap_or((first_line + 1, 1));
            finding.line = Some(at.0);
            finding.column = Some(at.1);
            finding.pointer = Some("/$schema".into());
            finding.standard = Some(standard.label());
            findings.push(finding);
        }
        findings
    }
}

fn annotate(error: Error, path: &std::path::Path) -> Error {
    match error {
        Error::Read { source, .. } => Error::Read {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    }
}

fn no_schema(file: &str, declared: Option<&str>, framework: Option<&Framework>) -> Error {
    let message = match (declared, framework) {
        (Some(uri), Some(f)) => {
            format!(
                "{file}: its $schema {uri} is not a standard of framework {}",
                f.manifest.framework.id
            )
        }
        _ => format!("{file}: no schema to validate it against"),
    };
    Error::usage(
        message,
        Some(format!(
            "pass --standard ID[@VERSION] or --schema FILE, give the payload a \"$schema\" naming a standard's $id, or map the file to a standard in {}",
            crate::config::FILE_NAME
        )),
    )
}

/// Wraps a compiled schema as a target.
pub fn schema_target(validator: jsonschema::Validator, label: String) -> Target {
    Target {
        validator: Arc::new(validator),
        standard: None,
        label: Some(Arc::from(label)),
    }
}
