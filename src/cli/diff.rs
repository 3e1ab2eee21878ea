//! `nifcheck diff OLD NEW`: is NEW compatible with OLD? Two schema files, two versions of a
//! framework standard (`person@1.2 person@1.3`), or two OpenAPI descriptions.

use std::path::Path;
use std::sync::Arc;

use nifcheck::compat::Inclusion;
use nifcheck::compat::evolution::{Direction, Sides, compare_openapi, compare_schemas, overall, prepare_openapi};
use nifcheck::framework::{CodeLists, Framework, StandardRef};
use nifcheck::report::render::render;
use nifcheck::report::{Report, Subject};
use nifcheck::{Error, Result};
use serde_json::Value;

use super::args::{Common, DiffArgs, DirectionArg};
use super::{Done, compile_options, fail_on, load_framework, output, render_options};

/// One side of the comparison.
enum Side {
    /// A file: a JSON Schema or an OpenAPI description.
    File { name: String, uri: String, value: Value },
    /// A framework standard.
    Standard { label: String, index: usize },
}

pub fn run(common: &Common, args: &DiffArgs) -> Result<Done> {
    let options = compile_options(common, true)?;
    let framework = load_framework(common, None, options.clone())?;
    let old = side(&args.old, framework.as_ref())?;
    let new = side(&args.new, framework.as_ref())?;
    let mut documents = Vec::new();
    for s in [&old, &new] {
        if let Side::File { uri, value, .. } = s {
            documents.push((uri.clone(), value.clone()));
        }
    }
    let inclusion = match &framework {
        Some(framework) => Inclusion::for_framework(framework, documents)?,
        None => Inclusion::new(documents, Arc::new(CodeLists::empty()), options)?,
    };
    let names = (name(&old), name(&new));
    let sides = Sides {
        old_file: &names.0,
        new_file: &names.1,
    };
    let direction = match args.direction {
        DirectionArg::Backward => Direction::Backward,
        DirectionArg::Forward => Direction::Forward,
        DirectionArg::Full => Direction::Full,
    };
    let (findings, verdicts) = match (&old, &new) {
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
            let root = |s: &Side| -> Result<nifcheck::compat::Node> {
                let uri = match s {
                    Side::File { uri, .. } => uri.clone(),
                    Side::Standard { index, .. } => {
                        framework.as_ref().map_or(Ok(String::new()), |f| f.schema_uri(*index))?
                    }
                };
                inclusion
                    .root(&uri)
                    .ok_or_else(|| Error::framework(format!("cannot load {uri}"), None))
            };
            compare_schemas(&inclusion, &root(&old)?, &root(&new)?, direction, &sides, None)
        }
    };
    let findings = place(findings, &[&old, &new]);
    let subjects = vec![
        Subject {
            file: names.0.clone(),
            standard: None,
        },
        Subject {
            file: names.1.clone(),
            standard: None,
        },
    ];
    let report = Report::new(
        framework.as_ref().map(Framework::info),
        findings,
        subjects,
        2,
        fail_on(common),
    )
    .with_verdict(overall(&verdicts));
    output::write(
        common.output.as_deref(),
        render(&report, common.format, render_options(common)),
    )?;
    Ok(if report.conforms() { Done::Conforms } else { Done::Fails })
}

/// Line and column of OpenAPI findings: the operation, or the schema a witness breaks.
fn place(mut findings: Vec<nifcheck::report::Finding>, sides: &[&Side]) -> Vec<nifcheck::report::Finding> {
    for side in sides {
        let Side::File { name, .. } = side else { continue };
        let Ok(text) = std::fs::read_to_string(name) else {
            continue;
        };
        let index = nifcheck::source::JsonIndex::new(&text);
        let lines = nifcheck::source::LineIndex::new(&text);
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

fn name(side: &Side) -> String {
    match side {
        Side::File { name, .. } => name.clone(),
        Side::Standard { label, .. } => label.clone(),
    }
}

fn is_openapi(value: &Value) -> bool {
    value
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with('3'))
}

fn side(text: &str, framework: Option<&Framework>) -> Result<Side> {
    let path = Path::new(text);
    if path.is_file() {
        if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            return Err(Error::usage(
                format!("{text}: only JSON documents can be compared so far"),
                None,
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| Error::usage(format!("{text}:{}:{}: not valid JSON: {e}", e.line(), e.column()), None))?;
        let absolute = std::fs::canonicalize(path).map_err(|e| Error::read(path, e))?;
        let value = if is_openapi(&value) {
            prepare_openapi(value)
        } else {
            value
        };
        return Ok(Side::File {
            name: text.to_string(),
            uri: format!("file://{}", absolute.display()),
            value,
        });
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
