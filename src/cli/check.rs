//! `nifcheck check`: the CI gate for one agency.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use nifcheck::finding::{Finding, Severity};
use nifcheck::government::{Agency, CheckOptions, Government, check_agency, find_government};
use nifcheck::openapi::framework_rulesets;
use nifcheck::report::render::render;
use nifcheck::report::{FailOn, Report, Run};
use nifcheck::{Error, Result};

use super::args::{CheckArgs, Common};
use super::{Done, compile_options, fail_on, generated, load_framework, output, render_options};

pub fn run(common: &Common, args: &CheckArgs) -> Result<Done> {
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
    let checked = check_agency(
        &agency,
        government.as_ref(),
        framework,
        CheckOptions {
            compile: options,
            rulesets,
        },
    )?;
    let mut findings = checked.findings;
    if let Some(baseline) = baseline {
        baseline.apply(&mut findings);
    }
    let report = Report::collect(
        findings,
        Run {
            framework,
            subjects: checked.subjects,
            documents: checked.documents,
            fail_on: fail_on(common, FailOn::Error),
            generated: generated(),
            ..Run::default()
        },
    );
    output::write(
        common.output.as_deref(),
        render(&report, common.format, render_options(common)),
    )?;
    Ok(if report.conforms() { Done::Conforms } else { Done::Fails })
}

/// What a finding is matched on against a baseline: not its line, which moves with every edit
/// above it.
type Key = (String, String, Option<String>, String);

/// The findings of an earlier JSON report. A finding it already holds is kept in the new report
/// but waived (severity `info`), so only new findings fail the run; each earlier finding
/// waives one new finding, so a problem that now occurs twice counts once.
struct Baseline {
    name: String,
    counts: HashMap<Key, usize>,
}

impl Baseline {
    fn read(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
        let name = path.display().to_string();
        let not_a_report = || {
            Error::usage(
                format!("{name} is not a nifcheck JSON report"),
                Some("make one with --format json --output FILE".into()),
            )
        };
        let report: serde_json::Value = serde_json::from_str(&text).map_err(|_| not_a_report())?;
        let findings = report
            .get("findings")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(not_a_report)?;
        let mut counts = HashMap::new();
        for finding in findings {
            let text = |field: &str| {
                finding
                    .get(field)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_string)
            };
            let (Some(rule), Some(file), Some(message)) = (text("rule"), text("file"), text("message")) else {
                return Err(not_a_report());
            };
            *counts.entry((rule, file, text("pointer"), message)).or_insert(0) += 1;
        }
        Ok(Baseline { name, counts })
    }

    fn apply(mut self, findings: &mut [Finding]) {
        for finding in findings.iter_mut() {
            let key = (
                finding.rule.clone(),
                finding.file.clone(),
                finding.pointer.clone(),
                finding.message.clone(),
            );
            if let Some(count) = self.counts.get_mut(&key).filter(|c| **c > 0) {
                *count -= 1;
                finding.severity = Severity::Info;
                finding.waived_by = Some(format!("baseline {}", self.name));
            }
        }
    }
}
