//! `nifcheck lint`.

use nifcheck::config::ProjectConfig;
use nifcheck::openapi::{EXTENSIONS, Linter, framework_rulesets, ruleset_file};
use nifcheck::report::{FailOn, Report, Run, Subject};
use nifcheck::source::inputs;
use nifcheck::{Error, Result};

use super::args::{Common, LintArgs};
use super::{Done, compile_options, fail_on, generated, load_framework, output, render_options};

pub(super) fn run(common: &Common, args: &LintArgs) -> Result<Done> {
    let cwd = std::env::current_dir().map_err(|e| Error::read(".", e))?;
    let project = ProjectConfig::discover(&cwd)?;
    let options = compile_options(common, !args.no_formats)?;
    let framework = load_framework(
        common,
        project.as_ref().and_then(|p| p.framework.as_deref()),
        options.clone(),
    )?;
    let framework = framework.as_ref();
    let inputs = inputs::expand_with(&args.apis, false, EXTENSIONS)?;
    if inputs.is_empty() {
        return Err(Error::usage(
            "no API descriptions found",
            Some("folders are searched for .json, .yaml and .yml".into()),
        ));
    }
    let rulesets = if !args.ruleset.is_empty() {
        args.ruleset
            .iter()
            .map(|p| ruleset_file(p))
            .collect::<Result<Vec<_>>>()?
    } else if let Some(framework) = framework {
        framework_rulesets(framework)?
    } else {
        Vec::new()
    };
    let linter = Linter::new(framework, options, rulesets)?;
    let linted = linter.lint(&inputs)?;
    let subjects = inputs
        .iter()
        .map(|i| Subject {
            file: i.name.clone(),
            // What each file was checked as: one JUnit test case per description.
            standard: Some("openapi".into()),
        })
        .collect();
    let documents = linted.len();
    let operations = linted.iter().map(|l| l.operations).sum();
    let findings = linted.into_iter().flat_map(|l| l.findings).collect();
    let report = Report::collect(
        findings,
        Run {
            framework,
            subjects,
            documents,
            fail_on: fail_on(common, FailOn::Error),
            generated: generated(),
            operations: Some(operations),
            ..Run::default()
        },
    );
    output::write_report(common.output.as_deref(), &report, common.format, render_options(common))?;
    Ok(if report.conforms() { Done::Conforms } else { Done::Fails })
}
