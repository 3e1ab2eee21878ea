//! `diff OLD NEW`: is NEW compatible with OLD? Two schema files, two versions of a framework
//! standard (`person@1.2 person@1.3`), or two OpenAPI descriptions. The command line only
//! names the sides and renders what this returns.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::Inclusion;
use super::evolution::{Direction, Sides, compare_openapi, compare_schemas, overall, prepare_openapi};
use crate::finding::Finding;
use crate::framework::{CodeLists, CompileOptions, Framework, StandardRef};
use crate::{Error, Result};

/// One side of the comparison.
#[derive(Debug)]
pub enum Side {
    /// A file: a JSON Schema or an OpenAPI description.
    File {
        /// The path as given.
        name: String,
        /// Its `file://` URI, for references.
        uri: String,
        /// Its contents.
        value: Value,
    },
    /// A framework standard.
    Standard {
        /// `person@1.2.0`.
        label: String,
        /// Its index in the framework.
        index: usize,
    },
}

impl Side {
    /// A file path, or a standard of the framework (`person@1.2`, or a standard's id).
    pub fn parse(text: &str, framework: Option<&Framework>) -> Result<Side> {
        let path = Path::new(text);
        if path.is_file() {
            return file_side(text, path);
        }
        if text.contains('@') || framework.is_some_and(|f| f.standards.iter().any(|s| s.entry.id == text)) {
            let framework = framework
                .ok_or_else(|| Error::usage(format!("`{text}` names a standard, which needs a framework"), None))?;
            let reference: StandardRef = text.parse().map_err(|e: String| Error::usage(e, None))?;
            let index = framework.resolve(&reference)?;
            return Ok(Side::Standard {
                label: framework.standards[index].label(),
                index,
            });
        }
        Err(Error::read(path, std::io::Error::from(std::io::ErrorKind::NotFound)))
    }

    /// How the side is named in findings and subjects.
    pub fn name(&self) -> &str {
        match self {
            Side::File { name, .. } => name,
            Side::Standard { label, .. } => label,
        }
    }
}

/// What a comparison found.
#[derive(Debug)]
pub struct Comparison {
    /// The breaking (and notable) changes.
    pub findings: Vec<Finding>,
    /// `compatible`, `incompatible` or `unknown`.
    pub verdict: &'static str,
}

/// Compares NEW with OLD in a direction.
pub fn diff(
    framework: Option<&Framework>,
    options: CompileOptions,
    old: &Side,
    new: &Side,
    direction: Direction,
) -> Result<Comparison> {
    let documents = [old, new]
        .into_iter()
        .filter_map(|s| match s {
            Side::File { uri, value, .. } => Some((uri.clone(), value.clone())),
            Side::Standard { .. } => None,
        })
        .collect();
    let inclusion = match framework {
        Some(framework) => Inclusion::for_framework(framework, documents)?,
        None => Inclusion::new(documents, Arc::new(CodeLists::empty()), options)?,
    };
    let sides = Sides {
        old_file: old.name(),
        new_file: new.name(),
    };
    let (findings, verdicts) = match (old, new) {
        (Side::File { uri: ou, value: ov, .. }, Side::File { uri: nu, value: nv, .. })
            if is_openapi(ov) && is_openapi(nv) =>
        {
            compare_openapi(&inclusion, (ou, nu), (ov, nv), &sides)
        }
        (Side::File { value, .. }, _) | (_, Side::File { value, .. }) if is_openapi(value) => {
            return Err(Error::usage(
                "compare an OpenAPI description with another OpenAPI description",
                None,
            ));
        }
        _ => {
            let root = |s: &Side| -> Result<super::Node> {
                let uri = match s {
                    Side::File { uri, .. } => uri.clone(),
                    Side::Standard { index, .. } => framework.map_or(Ok(String::new()), |f| f.schema_uri(*index))?,
                };
                inclusion
                    .root(&uri)
                    .ok_or_else(|| Error::framework(format!("cannot load {uri}"), None))
            };
            compare_schemas(&inclusion, &root(old)?, &root(new)?, direction, &sides, None)
        }
    };
    Ok(Comparison {
        findings: place(findings, &[old, new]),
        verdict: overall(&verdicts),
    })
}

/// Line and column of OpenAPI findings: the operation, or the schema a witness breaks.
fn place(mut findings: Vec<Finding>, sides: &[&Side]) -> Vec<Finding> {
    for side in sides {
        let Side::File { name, .. } = side else { continue };
        let Ok(text) = crate::source::read_policy::read_to_string(std::path::Path::new(name)) else {
            continue;
        };
        let index = crate::source::JsonIndex::new(&text);
        let lines = crate::source::LineIndex::new(&text);
        for f in findings.iter_mut().filter(|f| &f.file == name) {
            let pointer = f
                .related
                .first()
                .and_then(|r| r.pointer.clone())
                .or_else(|| f.pointer.clone());
            if let Some(span) = pointer
                .filter(|p| p.starts_with("/paths") || p.starts_with("/components"))
                .and_then(|p| index.get(&p))
            {
                let (line, column) = lines.line_col(&text, span.key.map_or(span.start, |k| k.0));
                f.line = Some(line);
                f.column = Some(column);
            }
        }
    }
    findings
}

fn is_openapi(value: &Value) -> bool {
    value
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with('3'))
}

fn file_side(text: &str, path: &Path) -> Result<Side> {
    if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
        return Err(Error::usage(
            format!("{text}: only JSON documents can be compared so far"),
            None,
        ));
    }
    let bytes = crate::source::read_policy::read(path)?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| Error::usage(format!("{text}:{}:{}: not valid JSON: {e}", e.line(), e.column()), None))?;
    let absolute = std::fs::canonicalize(path).map_err(|e| Error::read(path, e))?;
    let value = if is_openapi(&value) {
        prepare_openapi(value)
    } else {
        value
    };
    Ok(Side::File {
        name: text.to_string(),
        uri: format!("file://{}", absolute.display()),
        value,
    })
}
