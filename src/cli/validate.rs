//! `nifcheck validate`.

use std::path::Path;

use nifcheck::config::ProjectConfig;
use nifcheck::framework::{AdHocSchema, Framework, SchemaText, StandardRef, compile_without_framework};
use nifcheck::payload::{Checker, Choice, Target, schema_target};
use nifcheck::report::{FailOn, Report, Run, Subject};
use nifcheck::source::inputs;
use nifcheck::{Error, Result};

use nifcheck::remote::default_cache_dir;
use nifcheck::xml::CompileCache;

use super::args::{Common, ValidateArgs};
use super::{Done, compile_options, fail_on, generated, load_framework, output, render_options, schema_error};

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
    let xsd_cache = xsd_cache(common);
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
            match load_xsd(path, framework, &xsd_cache) {
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
    let checker = Checker::new(framework, choice, project.as_ref(), &compile)?.with_xsd_cache(xsd_cache.clone());
    let checked = checker.check(&inputs);
    debug_cache_use(&xsd_cache);
    let outcome = match checked {
        Ok(outcome) => outcome,
        // A framework standard's XSD is loaded when the first XML payload needs it.
        Err(error @ Error::LocationRefused(_)) => {
            return Err(schema_error::report_refusal(common, framework, error)?);
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

/// A `--schema` that does not compile stops the run (exit code 2), said in the report too
/// ([`schema_error`](super::schema_error)).
fn report_schema_error(common: &Common, framework: Option<&Framework>, path: &Path, error: Error) -> Result<Error> {
    schema_error::report(common, framework, &path.display().to_string(), error)
}

/// Loads `--schema FILE.xsd`; what it includes or imports must sit in its package (its folder
/// or the nearest ancestor holding them all, see `nifcheck::xml::package`). Its code-list
/// bindings use the framework's lists, when there is a framework. A package compiled before
/// is read back from the compile cache.
fn load_xsd(path: &Path, framework: Option<&Framework>, cache: &CompileCache) -> Result<nifcheck::xml::XmlSchema> {
    let mut schema = nifcheck::xml::XmlSchema::load_file_cached(path, Some(cache))?;
    schema.label = Some(std::sync::Arc::from(path.display().to_string()));
    schema.code_lists = framework.map(|f| (std::sync::Arc::clone(f.code_lists()), f.options().as_of));
    Ok(schema)
}

/// The compiled XML Schemas kept between runs, in `xsd/` of the cache folder.
fn xsd_cache(common: &Common) -> CompileCache {
    CompileCache::new(&common.cache_dir.clone().unwrap_or_else(default_cache_dir))
}

/// With `NIFCHECK_DEBUG` set, says on standard error what the compile cache did, so a user (and
/// a test) can see that a second run read its schema back instead of compiling it.
fn debug_cache_use(cache: &CompileCache) {
    if std::env::var_os("NIFCHECK_DEBUG").is_none_or(|v| v.is_empty()) {
        return;
    }
    let used = cache.used();
    if used != nifcheck::xml::CacheUse::default() {
        eprintln!(
            "debug: XSD compile cache {}: {} read, {} compiled, {} written",
            cache.root().display(),
            used.read,
            used.missed,
            used.written
        );
    }
}
