//! `nifcheck validate`.

use std::path::Path;

use nifcheck::config::ProjectConfig;
use nifcheck::finding::Finding;
use nifcheck::framework::{AdHocSchema, Framework, SchemaText, StandardRef, compile_without_framework};
use nifcheck::payload::{Checker, Choice, Target, schema_target};
use nifcheck::report::render::Format;
use nifcheck::report::{FailOn, Report, Run, Subject};
use nifcheck::source::inputs;
use nifcheck::{Error, Result};

use super::args::{Common, ValidateArgs};
use super::{Done, compile_options, fail_on, generated, load_framework, output, render_options};

pub(super) fn run(common: &Common, args: &ValidateArgs) -> Result<Done> {
    let cwd = std::env::current_dir().map_err(|e| Error::read(".", e))?;
    let project = ProjectConfig::discover(&cwd)?;
    let options = compile_options(common, !args.no_formats)?;
    let loaded = load_framework(
        common,
        project.as_ref().and_then(|p| p.framework.as_deref()),
        options.clone(),
    )?;
    let framework = loaded.as_ref();
    let compile = |path: &Path| -> Result<Target> { compile_schema_file(framework, path, &options) };
    let choice = match (&args.standard, &args.schema) {
        (Some(reference), _) => {
            let framework = framework.ok_or_else(|| {
                Error::usage(
                    "--standard needs a framework",
                    Some("drop --framework none, or use --schema FILE".into()),
                )
            })?;
            let reference: StandardRef = reference.parse().map_err(|e: String| Error::usage(e, None))?;
            let index = framework.resolve(&reference)?;
            framework.validator(index)?;
            Choice::Standard(index)
        }
        (None, Some(path)) if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xsd")) => {
            match load_xsd(path, framework) {
                Ok(schema) => Choice::Xml(std::sync::Arc::new(schema)),
                Err(error) => return Err(report_schema_error(common, framework, path, error)?),
            }
        }
        (None, Some(path)) => match compile(path) {
            Ok(target) => Choice::Schema(target),
            Err(error) => return Err(report_schema_error(common, framework, path, error)?),
        },
        (None, None) => Choice::Auto,
    };
    let inputs = inputs::expand(&args.payloads, args.ndjson)?;
    if inputs.is_empty() {
        return Err(Error::usage(
            "no payload files found",
            Some("folders are searched for .json, .ndjson, .jsonl and .xml".into()),
        ));
    }
    let checker = Checker::new(framework, choice, project.as_ref(), &compile)?;
    let outcome = match checker.check(&inputs) {
        Ok(outcome) => outcome,
        // A framework standard's XSD is loaded when the first XML payload needs it.
        Err(error @ Error::LocationRefused(_)) => {
            return Err(report_refusal(common, framework, error)?);
        }
        Err(error) => return Err(error),
    };
    let mut subjects: Vec<Subject> = inputs
        .iter()
        .map(|i| Subject {
            file: i.name.clone(),
            standard: None,
        })
        .collect();
    subjects.extend(outcome.subjects);
    let report = Report::collect(
        outcome.findings,
        Run {
            framework,
            subjects,
            documents: outcome.documents,
            fail_on: fail_on(common, FailOn::Error),
            generated: generated(),
            ..Run::default()
        },
    );
    output::write_report(common.output.as_deref(), &report, common.format, render_options(common))?;
    // The process ends with this command: the compiled validators and code lists are left for
    // it to release at once rather than freed node by node (3 % of a one-file run's work).
    std::mem::forget(checker);
    std::mem::forget(loaded);
    Ok(if report.conforms() { Done::Conforms } else { Done::Fails })
}

/// Compiles a JSON Schema file; its relative `$ref`s may reach files in its own folder.
fn compile_schema_file(
    framework: Option<&Framework>,
    path: &Path,
    options: &nifcheck::framework::CompileOptions,
) -> Result<Target> {
    let text = nifcheck::source::read_policy::read_to_string(path)?;
    let name = path.display().to_string();
    let value: serde_json::Value = nifcheck::source::parse_json_document(&name, &text)?;
    let absolute = std::fs::canonicalize(path).map_err(|e| Error::read(path, e))?;
    let schema = AdHocSchema {
        value,
        base_uri: Some(format!("file://{}", absolute.display())),
        local_root: absolute.parent().map(Path::to_path_buf),
        resources: Vec::new(),
        source: Some(SchemaText {
            name: name.clone(),
            text,
        }),
    };
    let validator = match framework {
        Some(f) => f.compile_ad_hoc(&schema),
        None => compile_without_framework(&schema, options),
    }
    .map_err(|e| match e {
        Error::Framework { message, help } => Error::Framework {
            message: format!("{name}: {message}"),
            help,
        },
        other => other,
    })?;
    Ok(schema_target(validator, name))
}

/// A `--schema` that does not compile stops the run (exit code 2, the message on standard error).
/// A machine-readable format also gets a report holding it as a finding (FWK003 at the failing
/// `$ref`, keyword or XSD, FWK004 at a refused `schemaLocation`), so a pipeline that reads only
/// the report sees why nothing was checked.
fn report_schema_error(common: &Common, framework: Option<&Framework>, path: &Path, error: Error) -> Result<Error> {
    schema_error_report(common, framework, &path.display().to_string(), error)
}

/// A framework XSD that names a location nifcheck refuses: the same, as FWK004.
fn report_refusal(common: &Common, framework: Option<&Framework>, error: Error) -> Result<Error> {
    let file = match &error {
        Error::LocationRefused(problem) => problem.place().0.to_string(),
        _ => String::new(),
    };
    schema_error_report(common, framework, &file, error)
}

fn schema_error_report(common: &Common, framework: Option<&Framework>, subject: &str, error: Error) -> Result<Error> {
    if common.format == Format::Human {
        return Ok(error);
    }
    let (rule, problem) = match &error {
        Error::LocationRefused(problem) => (&nifcheck::rules::SCHEMA_LOCATION_REFUSED, Some(problem)),
        Error::FrameworkFile(problem) => (&nifcheck::rules::SCHEMA_DOES_NOT_COMPILE, Some(problem)),
        _ => (&nifcheck::rules::SCHEMA_DOES_NOT_COMPILE, None),
    };
    let (message, help) = match (&error, problem) {
        (_, Some(problem)) => (problem.message.clone(), problem.help.clone()),
        (Error::Framework { message, help }, None) => (message.clone(), help.clone()),
        (other, None) => (other.to_string(), None),
    };
    // The finding is where the problem is: the schema document that names the location.
    let file = problem.map_or_else(|| subject.to_string(), |p| p.place().0.to_string());
    let mut finding = Finding::new(rule.code, rule.severity, rule.kind, &file, message);
    finding.help = help;
    if let Some(problem) = problem {
        let (_, line, column) = problem.place();
        (finding.line, finding.column) = (Some(line), Some(column));
    }
    let report = Report::collect(
        vec![finding],
        Run {
            framework,
            subjects: vec![Subject {
                file: subject.to_string(),
                standard: None,
            }],
            fail_on: fail_on(common, FailOn::Error),
            generated: generated(),
            ..Run::default()
        },
    );
    output::write_report(common.output.as_deref(), &report, common.format, render_options(common))?;
    Ok(error)
}

/// Loads `--schema FILE.xsd`; what it includes or imports must sit in its package (its folder
/// or the nearest ancestor holding them all, see `nifcheck::xml::package`). Its code-list
/// bindings use the framework's lists, when there is a framework.
fn load_xsd(path: &Path, framework: Option<&Framework>) -> Result<nifcheck::xml::XmlSchema> {
    let mut schema = nifcheck::xml::XmlSchema::load_file(path)?;
    schema.label = Some(std::sync::Arc::from(path.display().to_string()));
    schema.code_lists = framework.map(|f| (std::sync::Arc::clone(f.code_lists()), f.options().as_of));
    Ok(schema)
}
