//! `nifcheck report`: every agency of a government, the aggregates over them, and the site.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use nifcheck::government::summary::{summarize, trend};
use nifcheck::government::{Government, check_government};
use nifcheck::report::{FailOn, Report, Run};
use nifcheck::{Error, Result};

use super::args::{Common, ReportArgs};
use super::{Done, compile_options, fail_on, generated, load_framework, output, render_options};

pub(super) fn run(common: &Common, args: &ReportArgs) -> Result<Done> {
    let government = Government::load(&args.government)?;
    let mut options = compile_options(common, true)?;
    if common.as_of.is_none()
        && let Some(as_of) = government.as_of()
    {
        options.as_of = as_of;
    }
    let as_of = options.as_of;
    let framework = load_framework(common, Some(&government.framework_source()), options.clone())?;
    let framework = framework.ok_or_else(|| {
        Error::usage(
            "report needs a framework: the levels and standards come from it",
            Some("drop --framework none".to_string()),
        )
    })?;
    government.check_against(Some(&framework), as_of)?;
    // Read the previous report first: a wrong path should fail before the long part.
    let previous = args.previous.as_deref().map(read_previous).transpose()?;

    let progress = progress_bar(government.agencies.len());
    let checked = check_government(&government, &framework, &options, &|agency| {
        progress.set_message(agency.to_string());
        progress.inc(1);
    })?;
    progress.finish_and_clear();

    let mut report = Report::collect(
        checked.findings,
        Run {
            framework: Some(&framework),
            subjects: checked.subjects,
            documents: checked.documents,
            fail_on: fail_on(common, FailOn::Error),
            generated: generated(),
            ..Run::default()
        },
    );
    let mut summary = summarize(
        &report.findings,
        &checked.agencies,
        &checked.exchanges,
        &framework,
        as_of,
        &framework.manifest.framework.levels,
    );
    summary.name = Some(government.manifest.government.name.clone());
    if let Some(previous) = &previous {
        summary.trend = Some(trend(previous, &report.findings, &summary));
    }
    report.government = Some(summary);
    nifcheck::report::site::write(&report, &args.out)?;
    output::write_report(common.output.as_deref(), &report, common.format, render_options(common))?;
    eprintln!("the site is in {}", args.out.join("index.html").display());
    Ok(if report.conforms() { Done::Conforms } else { Done::Fails })
}

fn read_previous(path: &Path) -> Result<serde_json::Value> {
    let text = nifcheck::source::read_policy::read_to_string(path)?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::usage(format!("--previous {}: not a JSON report: {e}", path.display()), None))?;
    if value.get("findings").is_some_and(serde_json::Value::is_array) {
        Ok(value)
    } else {
        Err(Error::usage(
            format!(
                "--previous {}: not a nifcheck report (it has no findings)",
                path.display()
            ),
            Some("give the report.json of an earlier `nifcheck report`".to_string()),
        ))
    }
}

/// A bar on standard error when it is a terminal; nothing otherwise, so logs stay clean.
fn progress_bar(agencies: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(u64::try_from(agencies).unwrap_or(u64::MAX));
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} agencies {msg}") {
        bar.set_style(style);
    }
    bar
}
