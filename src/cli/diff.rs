//! `nifcheck diff OLD NEW`: names the sides, compares them ([`nifcheck::compat::diff`]) and
//! renders the report.

use nifcheck::Result;
use nifcheck::compat::diff::{Side, diff};
use nifcheck::compat::evolution::Direction;
use nifcheck::report::{FailOn, Report, Run, Subject};

use super::args::{Common, DiffArgs, DirectionArg};
use super::{Done, compile_options, fail_on, generated, load_framework, output, render_options};

pub(super) fn run(common: &Common, args: &DiffArgs) -> Result<Done> {
    let options = compile_options(common, true)?;
    let framework = load_framework(common, None, options.clone())?;
    let framework = framework.as_ref();
    let old = Side::parse(&args.old, framework)?;
    let new = Side::parse(&args.new, framework)?;
    let direction = match args.direction {
        DirectionArg::Backward => Direction::Backward,
        DirectionArg::Forward => Direction::Forward,
        DirectionArg::Full => Direction::Full,
    };
    let comparison = diff(framework, options, &old, &new, direction)?;
    let subjects = [&old, &new]
        .map(|side| Subject {
            file: side.name().to_string(),
            standard: None,
        })
        .to_vec();
    let report = Report::collect(
        comparison.findings,
        Run {
            framework,
            subjects,
            documents: 2,
            // A comparison that could not be decided is a warning, and fails by default.
            fail_on: fail_on(common, FailOn::Warning),
            generated: generated(),
            verdict: Some(comparison.verdict),
            ..Run::default()
        },
    );
    output::write_report(common.output.as_deref(), &report, common.format, render_options(common))?;
    Ok(if report.conforms() { Done::Conforms } else { Done::Fails })
}
