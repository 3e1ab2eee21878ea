//! `check` for one agency: its APIs linted with the framework's rulesets, its samples
//! validated (negative samples must fail), its claims, profiles, standard versions and codes
//! held against the framework. Gaps between agencies come from the government, when known.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::codes::{self, CodeCalendar, SampleDate};
use super::manifest::{Direction, Expect, Sample};
use super::profiles;
use super::services::{SchemaAt, Services, schema_validator};
use super::versions;
use super::{Agency, Government};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::finding::{Finding, Related, Severity, Subject};
use crate::framework::{AdHocSchema, CompileOptions, Framework, StandardRef, compile_without_framework};
use crate::openapi::Linter;
use crate::openapi::document::ApiDocument;
use crate::openapi::ruleset::Ruleset;
use crate::openapi::workspace::{Reach, Workspace};
use crate::payload::{Checker, Choice, schema_target};
use crate::rules::NEGATIVE_SAMPLE_PASSES;
use crate::source::inputs::{Framing, Input, Origin};

/// How an agency is checked.
pub struct CheckOptions {
    /// Validator options; `as_of` is the check date.
    pub compile: CompileOptions,
    /// The rulesets its APIs are linted with (the framework's, usually).
    pub rulesets: Vec<Ruleset>,
}

/// What checking an agency found.
pub struct Checked {
    /// Every finding, unsorted; each names the agency.
    pub findings: Vec<Finding>,
    /// Every file checked: the manifest, descriptions, profiles and samples.
    pub subjects: Vec<Subject>,
    /// Documents read (descriptions, profiles and sample documents).
    pub documents: usize,
    /// The agency's services, as read.
    pub services: Services,
}

/// Checks one agency. `government` is the government it belongs to, when known: the gaps
/// with the agencies it exchanges with need it.
pub fn check_agency(
    agency: &Agency,
    government: Option<&Government>,
    framework: Option<&Framework>,
    options: CheckOptions,
) -> Result<Checked> {
    let services = Services::load(agency, framework)?;
    let mut checked = Checked {
        findings: Vec::new(),
        subjects: vec![Subject {
            file: agency.manifest_file(),
            standard: None,
        }],
        documents: 0,
        services,
    };
    lint(
        agency,
        framework,
        options.compile.clone(),
        options.rulesets,
        &mut checked,
    )?;
    let calendar = framework
        .filter(|_| !agency.manifest.samples.is_empty())
        .map(codes::CodeCalendar::of);
    for (index, sample) in agency.manifest.samples.iter().enumerate() {
        check_sample(
            agency,
            framework,
            &options.compile,
            calendar.as_ref(),
            index,
            sample,
            &mut checked,
        )?;
    }
    if let Some(framework) = framework {
        let as_of = options.compile.as_of;
        checked
            .findings
            .extend(versions::check(agency, framework, &checked.services));
        checked
            .findings
            .extend(profiles::check_claims(agency, framework, &checked.services));
        for (index, profile) in agency.manifest.profiles.iter().enumerate() {
            let file = agency.file(&profile.schema).display().to_string();
            checked.subjects.push(Subject {
                file,
                standard: Some(profile.profile_of.clone()),
            });
            checked.documents += 1;
            checked
                .findings
                .extend(profiles::check_profile(agency, framework, index, profile)?);
            checked
                .findings
                .extend(codes::in_profile(agency, framework, index, profile, as_of));
        }
        for service in &checked.services.list {
            checked
                .findings
                .extend(codes::in_service(agency, framework, service, as_of));
        }
    }
    if let (Some(government), Some(framework)) = (government, framework) {
        let cache = super::CompatCache::new();
        checked
            .findings
            .extend(super::agency_exchange_gaps(government, framework, &cache, agency.id())?);
    }
    for finding in &mut checked.findings {
        finding.agency.get_or_insert_with(|| agency.id().to_string());
    }
    Ok(checked)
}

/// Lints every service description, as `lint` does.
fn lint(
    agency: &Agency,
    framework: Option<&Framework>,
    compile: CompileOptions,
    rulesets: Vec<Ruleset>,
    checked: &mut Checked,
) -> Result<()> {
    let inputs: Vec<Input> = checked
        .services
        .list
        .iter()
        .map(|s| Input {
            name: s.file.clone(),
            origin: Origin::File(agency.file(&s.entry.openapi)),
            framing: Framing::Single,
        })
        .collect();
    if inputs.is_empty() {
        return Ok(());
    }
    let linted = Linter::new(framework, compile, rulesets)?.lint(&inputs)?;
    checked.documents += linted.len();
    for (service, linted) in checked.services.list.iter().zip(linted) {
        checked.subjects.push(Subject {
            file: service.file.clone(),
            standard: Some("openapi".into()),
        });
        checked.findings.extend(linted.findings);
    }
    Ok(())
}

/// Validates one `[[samples]]` entry's files against its target; a negative sample that
/// passes is GOV030 at the entry. `calendar` is the framework's, to judge the codes of a
/// sample on the date it carries.
fn check_sample(
    agency: &Agency,
    framework: Option<&Framework>,
    compile: &CompileOptions,
    calendar: Option<&CodeCalendar>,
    index: usize,
    sample: &Sample,
    checked: &mut Checked,
) -> Result<()> {
    let entry = format!("/samples/{index}");
    let files = agency.sample_files(index)?;
    let Some((choice, label)) = target(agency, framework, compile, index, sample, checked)? else {
        return Ok(());
    };
    let inputs: Vec<Input> = files.iter().map(|path| sample_input(path)).collect();
    let outcome = Checker::new(framework, choice, None, &no_project)?.check(&inputs)?;
    checked.documents += outcome.documents;
    checked.subjects.extend(inputs.iter().map(|i| Subject {
        file: i.name.clone(),
        standard: label.standard.clone(),
    }));
    checked.subjects.extend(outcome.subjects);
    let at_entry = Related {
        file: agency.manifest_file(),
        pointer: Some(entry.clone()),
        line: agency.locate(&entry).map(|p| p.0),
        message: format!("the sample entry checks it against {}", label.text),
    };
    match sample.expect {
        Expect::Valid => {
            if let (Some(framework), Some(calendar)) = (framework, calendar) {
                let dates = codes::sample_dates(calendar, &files, compile.as_of);
                let entry = (index, sample);
                let on_carried = check_on_carried_dates(agency, framework, compile, entry, &inputs, &dates, checked)?;
                checked.findings.extend(codes::in_sample_findings(
                    &outcome.findings,
                    &on_carried,
                    &inputs,
                    &dates,
                    compile.as_of,
                ));
            }
            checked.findings.extend(outcome.findings.into_iter().map(|mut f| {
                f.related.push(at_entry.clone());
                f
            }));
        }
        Expect::Invalid => {
            for (input, path) in inputs.iter().zip(&files) {
                let fails = outcome
                    .findings
                    .iter()
                    .any(|f| f.file == input.name && f.severity == Severity::Error);
                if !fails {
                    let mut finding = agency.finding(
                        &NEGATIVE_SAMPLE_PASSES,
                        &entry,
                        format!(
                            "{} conforms to {}, but the entry expects it to fail",
                            path.strip_prefix(&agency.dir).unwrap_or(path).display(),
                            label.text
                        ),
                    );
                    finding.related.push(Related {
                        file: input.name.clone(),
                        pointer: Some(String::new()),
                        line: Some(1),
                        message: "the sample that passes".into(),
                    });
                    finding.standard = label.standard.clone();
                    checked.findings.push(finding);
                }
            }
        }
    }
    Ok(())
}

/// Samples have no project file to find their target in.
fn no_project(path: &Path) -> Result<crate::payload::Target> {
    Err(Error::usage(format!("{} is not a sample target", path.display()), None))
}

/// The findings of the sample files whose codes the check date does not judge as the date
/// they carry would: each validated again against the entry's target, with the framework on
/// that date.
fn check_on_carried_dates(
    agency: &Agency,
    framework: &Framework,
    compile: &CompileOptions,
    (index, sample): (usize, &Sample),
    inputs: &[Input],
    dates: &[SampleDate],
    checked: &mut Checked,
) -> Result<Vec<Finding>> {
    let mut by_day: BTreeMap<Date, Vec<Input>> = BTreeMap::new();
    for (input, date) in inputs.iter().zip(dates) {
        if let Some(day) = date.recheck_on {
            by_day.entry(day).or_default().push(input.clone());
        }
    }
    let mut out = Vec::new();
    for (day, inputs) in by_day {
        let dated = framework.on_date(day);
        let options = CompileOptions {
            as_of: day,
            ..compile.clone()
        };
        // The target was read once already: what reading it again finds is reported.
        let reported = checked.findings.len();
        let target = target(agency, Some(&dated), &options, index, sample, checked)?;
        checked.findings.truncate(reported);
        let Some((choice, _)) = target else { continue };
        out.extend(
            Checker::new(Some(&dated), choice, None, &no_project)?
                .check(&inputs)?
                .findings,
        );
    }
    Ok(out)
}

fn sample_input(path: &Path) -> Input {
    let lines = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ndjson") || e.eq_ignore_ascii_case("jsonl"));
    Input {
        name: path.display().to_string(),
        origin: Origin::File(path.to_path_buf()),
        framing: if lines { Framing::Lines } else { Framing::Single },
    }
}

/// What a sample is checked against, for messages.
struct Label {
    text: String,
    standard: Option<String>,
}

/// The schema a sample entry names: an operation of the agency's services, a standard, a
/// schema file, or a schema inside a file (`openapi.yaml#/components/schemas/X`). `None`
/// when the file holding the schema is itself unreadable (a finding says so).
fn target(
    agency: &Agency,
    framework: Option<&Framework>,
    compile: &CompileOptions,
    index: usize,
    sample: &Sample,
    checked: &mut Checked,
) -> Result<Option<(Choice, Label)>> {
    if let Some(reference) = &sample.standard {
        let framework = framework.ok_or_else(|| {
            agency.error(
                &format!("/samples/{index}/standard"),
                "a standard needs a framework; drop --framework none".into(),
                "no framework",
            )
        })?;
        let parsed: StandardRef = reference
            .parse()
            .map_err(|e: String| agency.error(&format!("/samples/{index}/standard"), e, "not a standard"))?;
        let standard = framework.resolve(&parsed)?;
        let label = framework.standards[standard].label();
        return Ok(Some((
            Choice::Standard(standard),
            Label {
                text: label.clone(),
                standard: Some(label),
            },
        )));
    }
    if let Some(operation) = &sample.operation {
        let found = checked
            .services
            .list
            .iter()
            .find_map(|s| s.operation(operation).map(|op| (s, op)));
        let Some((service, op)) = found else {
            return Err(agency.error(
                &format!("/samples/{index}/operation"),
                format!("no service of this agency has an operation `{operation}`"),
                "unknown operation",
            ));
        };
        let (schema, which) = match sample.direction {
            Direction::Request => (&op.request, "request body"),
            Direction::Response => (&op.response, "2xx response"),
        };
        let Some(schema) = schema else {
            return Err(agency.error(
                &format!("/samples/{index}/operation"),
                format!("`{operation}` describes no JSON {which} schema"),
                "no schema",
            ));
        };
        let text = format!("the {which} of `{operation}`");
        let validator = Services::validator(service, schema, framework, compile)?;
        return Ok(Some((
            Choice::Schema(schema_target(validator, text.clone())),
            Label { text, standard: None },
        )));
    }
    let Some(schema) = &sample.schema else {
        return Err(agency.error(
            &format!("/samples/{index}"),
            "a sample names an `operation`, a `standard` or a `schema`".into(),
            "nothing to check against",
        ));
    };
    let (file, fragment) = match schema.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (schema.as_str(), None),
    };
    let path = agency.file(file);
    let Some(document) = read_document(&path, checked) else {
        return Ok(None);
    };
    let text = schema.clone();
    let validator = match fragment {
        Some(pointer) => {
            let name = document.name.clone();
            let ws = Workspace::load(document, &Reach::of(framework)?);
            let at = SchemaAt {
                doc: 0,
                pointer: pointer.to_string(),
            };
            schema_validator(&ws, &name, &at, framework, compile)?
        }
        None => {
            let absolute = std::fs::canonicalize(&path).map_err(|e| Error::read(&path, e))?;
            let ad_hoc = AdHocSchema {
                value: document.value,
                base_uri: Some(format!("file://{}", absolute.display())),
                local_root: std::fs::canonicalize(&agency.root).ok(),
                resources: Vec::new(),
                source: None,
            };
            match framework {
                Some(f) => f.compile_ad_hoc(&ad_hoc),
                None => compile_without_framework(&ad_hoc, compile),
            }
            .map_err(|e| Error::usage(format!("{}: {e}", path.display()), None))?
        }
    };
    Ok(Some((
        Choice::Schema(schema_target(validator, text.clone())),
        Label { text, standard: None },
    )))
}

/// A JSON or YAML file with positions; a file that does not parse is a finding.
pub(super) fn read_document(path: &PathBuf, checked: &mut Checked) -> Option<ApiDocument> {
    let name = path.display().to_string();
    let bytes = match crate::source::read_policy::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let mut finding = Finding::new(
                crate::rules::NOT_WELL_FORMED.code,
                Severity::Error,
                crate::finding::Kind::Payload,
                &name,
                e.to_string(),
            );
            finding.pointer = Some(String::new());
            checked.findings.push(finding);
            return None;
        }
    };
    match ApiDocument::parse(&name, std::fs::canonicalize(path).ok(), bytes) {
        Ok(document) => Some(document),
        Err(finding) => {
            checked.findings.push(*finding);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::FrameworkSource;

    /// The sample government's deliberate per-agency gaps, by agency.
    #[test]
    fn the_sample_government_shows_each_per_agency_rule_where_its_readme_says() {
        let options = CompileOptions {
            as_of: "2026-06-30".parse().unwrap_or_else(|e| panic!("{e}")),
            ..CompileOptions::default()
        };
        let framework = match Framework::load(&FrameworkSource::Embedded, options.clone()) {
            Ok(Some(framework)) => framework,
            other => panic!("{:?}", other.err()),
        };
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/government");
        let expected = [
            ("prov-south-admin", "GOV010"),
            ("prov-north-health", "GOV011"),
            ("prov-south-admin", "GOV011"),
            ("loc-millbrook-village", "GOV011"),
            ("nat-tax-authority", "GOV012"),
            ("dist-vale-council", "GOV013"),
            ("loc-riverside-city", "GOV013"),
            ("nat-business-registry", "GOV020"),
            ("nat-treasury", "GOV021"),
            ("loc-riverside-city", "GOV030"),
        ];
        let quiet = [
            "prov-north-admin",
            "nat-civil-registry",
            "nat-interior",
            "nat-social-security",
        ];
        let rules_of = |id: &str| -> Vec<String> {
            let agency = Agency::load(&root.join("agencies").join(id), &root).unwrap_or_else(|e| panic!("{e:?}"));
            let checked = check_agency(
                &agency,
                None,
                Some(&framework),
                CheckOptions {
                    compile: options.clone(),
                    rulesets: Vec::new(),
                },
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
            assert!(checked.findings.iter().all(|f| f.agency.as_deref() == Some(id)));
            checked.findings.into_iter().map(|f| f.rule).collect()
        };
        for (id, rule) in expected {
            assert!(rules_of(id).iter().any(|r| r == rule), "{id} should show {rule}");
        }
        for id in quiet {
            let gov: Vec<String> = rules_of(id).into_iter().filter(|r| r.starts_with("GOV")).collect();
            assert!(gov.is_empty(), "{id}: {gov:?}");
        }
    }
}
