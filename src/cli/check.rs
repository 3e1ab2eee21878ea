//! `nifcheck check`: the CI gate for one agency.

use std::path::PathBuf;

use nifcheck::government::{Agency, CheckOptions, Government, check_agency, find_government};
use nifcheck::openapi::framework_rulesets;
use nifcheck::report::{Baseline, FailOn, Report, Run};
use nifcheck::{Error, Result};

use super::args::{CheckArgs, Common};
use super::{Done, compile_options, fail_on, generated, load_framework, output, render_options, schema_error};

pub(super) fn run(common: &Common, args: &CheckArgs) -> Result<Done> {
    let agency_dir = args.agency.clone().unwrap_or_else(|| PathBuf::from("."));
    if !agency_dir.join(nifcheck::government::AGENCY_FILE).is_file() {
        return Err(Error::usage(
            format!(
                "{} holds no {}",
                agency_dir.display(),
                nifcheck::government::AGENCY_FILE
            ),
            Some("run check in an agency folder, or name one: nifcheck check agencies/my-agency".into()),
        ));
    }
    let government_dir = args.government.clone().or_else(|| find_government(&agency_dir));
    let government = government_dir.as_deref().map(Government::load).transpose()?;
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let source = government.as_ref().map(Government::framework_source);
    let mut options = compile_options(common, true)?;
    if common.as_of.is_none()
        && let Some(date) = government.as_ref().and_then(Government::as_of)
    {
        options.as_of = date;
    }
    let framework = load_framework(common, source.as_deref(), options.clone())?;
    let framework = framework.as_ref();
    let root = government_dir.clone().unwrap_or_else(|| agency_dir.clone());
    let agency = Agency::load(&agency_dir, &root)?;
    if let Some(government) = &government {
        government.check_against(framework, options.as_of)?;
    }
    agency.check_against(framework, options.as_of)?;
    let rulesets = match framework {
        Some(framework) => framework_rulesets(framework)?,
        None => Vec::new(),
    };
    let checked = match check_agency(
        &agency,
        government.as_ref(),
        framework,
        CheckOptions {
            compile: options,
            rulesets,
        },
    ) {
        Ok(checked) => checked,
        // A framework standard's XSD is loaded when the first XML sample needs it: a location
        // it may not read stops the run as it stops `validate`, with the report saying so.
        Err(error @ Error::LocationRefused(_)) => {
            return Err(schema_error::report_refusal(common, framework, error)?);
        }
        Err(error) => return Err(error),
    };
    let report = Report::collect(
        checked.findings,
        Run {
            framework,
            baseline,
            subjects: checked.subjects,
            documents: checked.documents,
            fail_on: fail_on(common, FailOn::Error),
            generated: generated(),
            ..Run::default()
        },
    );
    output::write_report(common.output.as_deref(), &report, common.format, render_options(common))?;
    Ok(if report.conforms() { Done::Conforms } else { Done::Fails })
}
