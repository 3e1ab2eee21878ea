//! A schema that stops a run, said in the report too: the run still ends with exit code 2 and
//! the message on standard error, and a machine-readable format also gets a report holding it
//! as a finding (FWK003 at the failing `$ref`, keyword or XSD, FWK004 at a refused
//! `schemaLocation`), so a pipeline that reads only the report sees why nothing was checked.
//! `validate` and `check` both end this way.

use nifcheck::finding::Finding;
use nifcheck::framework::Framework;
use nifcheck::report::render::Format;
use nifcheck::report::{FailOn, Report, Run, Subject};
use nifcheck::{Error, Result};

use super::args::Common;
use super::{fail_on, generated, output, render_options};

/// A framework XSD that names a location nifcheck refuses, as FWK004 at that location. Any
/// other error is given back as it is.
pub(super) fn report_refusal(common: &Common, framework: Option<&Framework>, error: Error) -> Result<Error> {
    let file = match &error {
        Error::LocationRefused(problem) => problem.place().0.to_string(),
        _ => return Ok(error),
    };
    report(common, framework, &file, error)
}

/// Writes the report of a run that `error` stopped, its subject `subject`, when the format is
/// a machine-readable one, and gives the error back for the exit code.
pub(super) fn report(common: &Common, framework: Option<&Framework>, subject: &str, error: Error) -> Result<Error> {
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
