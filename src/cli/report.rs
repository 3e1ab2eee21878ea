//! `nifcheck report`: every agency of a government, the aggregates over them, and the site.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use nifcheck::framework::{Date, Framework};
use nifcheck::government::summary::{AgencyInfo, ExchangeInfo, summarize, trend};
use nifcheck::government::{Agency, Government};
use nifcheck::openapi::{EXTENSIONS, Linter, framework_rulesets};
use nifcheck::report::render::render;
use nifcheck::report::{FailOn, Finding, Report, Run, Subject};
use nifcheck::source::inputs;
use nifcheck::{Error, Result};

use super::args::{Common, ReportArgs};
use super::{Done, compile_options, fail_on, generated, load_framework, output, render_options};

pub fn run(common: &Common, args: &ReportArgs) -> Result<Done> {
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

    let linter = Linter::new(Some(&framework), options, framework_rulesets(&framework)?)?;
    let progress = progress_bar(government.agencies.len());
    let mut findings = Vec::new();
    let mut subjects = Vec::new();
    for agency in &government.agencies {
        progress.set_message(agency.id().to_string());
        let (found, checked) = check_agency(&linter, agency)?;
        findings.extend(found);
        subjects.extend(checked);
        progress.inc(1);
    }
    progress.finish_and_clear();

    let documents = subjects.len();
    let mut report = Report::collect(
        findings,
        Run {
            framework: Some(&framework),
            subjects,
            documents,
            fail_on: fail_on(common, FailOn::Error),
            generated: generated(),
            ..Run::default()
        },
    );
    let mut summary = summarize_government(&report, &government, &framework, as_of);
    if let Some(previous) = &previous {
        summary.trend = Some(trend(previous, &report.findings, &summary));
    }
    report.government = Some(summary);
    nifcheck::report::site::write(&report, &args.out)?;
    output::write(
        common.output.as_deref(),
        render(&report, common.format, render_options(common)),
    )?;
    eprintln!("the site is in {}", args.out.join("index.html").display());
    Ok(if report.conforms() { Done::Conforms } else { Done::Fails })
}

/// What one agency's own files show: its API descriptions linted with the framework's rulesets.
/// Every finding names the agency.
fn check_agency(linter: &Linter<'_>, agency: &Agency) -> Result<(Vec<Finding>, Vec<Subject>)> {
    let files: Vec<String> = agency
        .manifest
        .services
        .iter()
        .map(|service| agency.file(&service.openapi).display().to_string())
        .collect();
    let inputs = inputs::expand_with(&files, false, EXTENSIONS)?;
    let mut findings: Vec<Finding> = linter.lint(&inputs)?.into_iter().flat_map(|l| l.findings).collect();
    for finding in &mut findings {
        finding.agency.get_or_insert_with(|| agency.id().to_string());
    }
    let subjects = inputs
        .iter()
        .map(|input| Subject {
            file: input.name.clone(),
            standard: Some("openapi".into()),
        })
        .collect();
    Ok((findings, subjects))
}

fn summarize_government(
    report: &Report,
    government: &Government,
    framework: &Framework,
    as_of: Date,
) -> nifcheck::government::summary::GovernmentSummary {
    let agencies: Vec<AgencyInfo> = government
        .agencies
        .iter()
        .map(|agency| {
            let manifest = &agency.manifest;
            let claimed = manifest.services.iter().flat_map(|s| s.implements.iter().cloned());
            let profiled = manifest.profiles.iter().map(|p| p.profile_of.clone());
            AgencyInfo {
                id: agency.id().to_string(),
                name: manifest.agency.name.clone(),
                level: agency.level().to_string(),
                parent: manifest.agency.parent.clone(),
                services: manifest.services.len(),
                standards: claimed.chain(profiled).collect::<BTreeSet<_>>(),
            }
        })
        .collect();
    let exchanges: Vec<ExchangeInfo> = government
        .agencies
        .iter()
        .flat_map(|agency| {
            agency.manifest.consumes.iter().map(|consumed| ExchangeInfo {
                consumer: agency.id().to_string(),
                producer: consumed.agency.clone(),
                service: consumed.service.clone(),
                operation: consumed.operation.clone(),
                consumer_level: agency.level().to_string(),
                producer_level: government
                    .agency(&consumed.agency)
                    .map(|a| a.level().to_string())
                    .unwrap_or_default(),
            })
        })
        .collect();
    let mut summary = summarize(
        &report.findings,
        &agencies,
        &exchanges,
        framework,
        as_of,
        &framework.manifest.framework.levels,
    );
    summary.name = Some(government.manifest.government.name.clone());
    summary
}

fn read_previous(path: &Path) -> Result<serde_json::Value> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
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
