//! GOV013: the codes an agency uses, against the framework's code lists: in its samples (what
//! the validator's code-list keyword reported), and in enumerations of its descriptions and
//! profiles. A sample that carries its own date is judged on that date: when the lists' valid
//! codes differ between that date and the check date, the sample is validated again with the
//! framework on its date (one framework per period of the [`CodeCalendar`], shared by the run).

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use super::Agency;
use super::manifest::Profile;
use super::services::LoadedService;
use crate::date::Date;
use crate::finding::Finding;
use crate::framework::{CodeList, CodeProblem, Framework, StandardRef};
use crate::openapi::document::ApiDocument;
use crate::rules::{CODE_NOT_IN_LIST, CODE_NOT_IN_NATIONAL_LIST, CODE_NOT_VALID_ON_DATE};
use crate::source::escape_pointer_token;
use crate::source::inputs::Input;

/// The keyword that binds a value to a code list.
const BINDING: &str = "x-codelist";
/// Endings of the top-level members whose date a payload is judged on (`registeredAt`,
/// `issueDate`, `validOn`).
const DATE_MEMBER_ENDINGS: &[&str] = &["At", "Date", "On"];

/// The days on which some code of the framework's lists becomes valid or stops being valid:
/// between two of them, every list holds the same valid codes.
pub(super) struct CodeCalendar {
    changes: Vec<Date>,
}

impl CodeCalendar {
    pub(super) fn of(framework: &Framework) -> Self {
        let mut changes = Vec::new();
        for entry in &framework.manifest.code_lists {
            let Ok(list) = framework.code_lists().get(&entry.id) else {
                continue;
            };
            for code in &list.codes {
                changes.extend(code.valid_from);
                changes.extend(code.valid_to.map(Date::next_day));
            }
        }
        changes.sort_unstable();
        changes.dedup();
        CodeCalendar { changes }
    }

    /// The first day of the period holding `date`, during which no code changes validity.
    fn period_of(&self, date: Date) -> Date {
        let after = self.changes.partition_point(|change| *change <= date);
        after
            .checked_sub(1)
            .and_then(|last| self.changes.get(last))
            .copied()
            .unwrap_or(Date::EARLIEST)
    }

    /// The day to check a payload that carries `carried` on, when the lists' valid codes on
    /// that date are not those of the check date. Any day of a period judges alike; its first
    /// day stands for all, so payloads carrying dates of the same period share one check.
    pub(super) fn recheck_on(&self, carried: Date, as_of: Date) -> Option<Date> {
        let period = self.period_of(carried);
        (period != self.period_of(as_of)).then_some(period)
    }
}

/// When a sample file's codes are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SampleDate {
    /// The date the payload carries, if it carries one.
    pub carried: Option<Date>,
    /// The day its codes are checked on again, when the check date does not judge them as
    /// the carried date would.
    pub recheck_on: Option<Date>,
}

/// The date each sample file carries (files that do not parse as one JSON value carry none).
pub(super) fn sample_dates(calendar: &CodeCalendar, files: &[PathBuf], as_of: Date) -> Vec<SampleDate> {
    files
        .iter()
        .map(|path| {
            let carried = crate::source::read_policy::read(path)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
                .as_ref()
                .and_then(carried_date);
            SampleDate {
                carried,
                recheck_on: carried.and_then(|date| calendar.recheck_on(date, as_of)),
            }
        })
        .collect()
}

/// GOV013 beside every code a sample's check found wrong: `on_check_date` holds the findings
/// of the check, `on_carried` those of the files checked again on the date they carry (see
/// [`SampleDate::recheck_on`]), which judge those files' codes instead.
pub(super) fn in_sample_findings(
    on_check_date: &[Finding],
    on_carried: &[Finding],
    inputs: &[Input],
    dates: &[SampleDate],
    as_of: Date,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (input, date) in inputs.iter().zip(dates) {
        let judged = if date.recheck_on.is_some() {
            on_carried
        } else {
            on_check_date
        };
        let codes = judged.iter().filter(|f| {
            f.file == input.name && (f.rule == CODE_NOT_IN_LIST.code || f.rule == CODE_NOT_VALID_ON_DATE.code)
        });
        for found in codes {
            let mut finding = found.clone();
            finding.rule = CODE_NOT_IN_NATIONAL_LIST.code.to_string();
            finding.kind = CODE_NOT_IN_NATIONAL_LIST.kind;
            finding.severity = CODE_NOT_IN_NATIONAL_LIST.severity;
            let on = date.carried.map_or_else(
                || format!("on the check date {as_of}"),
                |d| format!("on {d}, the date the payload carries"),
            );
            finding.message = format!("{} ({on})", found.message);
            out.push(finding);
        }
    }
    out
}

/// The date a payload carries: the first top-level member, by name, ending in `At`, `Date` or
/// `On` whose value starts with a date.
fn carried_date(payload: &Value) -> Option<Date> {
    let members = payload.as_object()?;
    let mut names: Vec<&String> = members
        .keys()
        .filter(|k| DATE_MEMBER_ENDINGS.iter().any(|end| k.ends_with(end)))
        .collect();
    names.sort();
    names
        .into_iter()
        .find_map(|k| members.get(k)?.as_str()?.get(..10)?.parse().ok())
}

/// GOV013 for the enumerations of a service's own files.
pub(super) fn in_service(agency: &Agency, framework: &Framework, service: &LoadedService, as_of: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(ws) = &service.workspace else { return out };
    for document in &ws.documents {
        if document.path.as_deref().is_none_or(|p| !agency.contains(p)) {
            continue;
        }
        bound_enumerations(
            agency,
            framework,
            document,
            &document.value,
            &mut String::new(),
            as_of,
            &mut out,
        );
    }
    out
}

/// GOV013 for a profile: enumerations beside a binding, and enumerations of the properties the
/// profiled standard binds to a code list.
pub(super) fn in_profile(
    agency: &Agency,
    framework: &Framework,
    index: usize,
    profile: &Profile,
    as_of: Date,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let path = agency.file(&profile.schema);
    let Ok(bytes) = crate::source::read_policy::read(&path) else {
        return out;
    };
    let Ok(document) = ApiDocument::parse(&path.display().to_string(), None, bytes) else {
        return out;
    };
    bound_enumerations(
        agency,
        framework,
        &document,
        &document.value,
        &mut String::new(),
        as_of,
        &mut out,
    );
    let standard = profile
        .profile_of
        .parse::<StandardRef>()
        .ok()
        .and_then(|r| framework.resolve(&r).ok());
    let Some(schema) = standard.and_then(|s| framework.schema_document(s).ok()) else {
        return out;
    };
    let Some(bound) = schema.get("properties").and_then(Value::as_object) else {
        return out;
    };
    // The profile's own properties, and those of each `allOf` branch.
    let mut holders = vec![String::new()];
    if let Some(branches) = document.value.get("allOf").and_then(Value::as_array) {
        holders.extend((0..branches.len()).map(|n| format!("/allOf/{n}")));
    }
    for holder in holders {
        let Some(properties) = document
            .value
            .pointer(&format!("{holder}/properties"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        for (name, property) in properties {
            if property.get(BINDING).is_some() {
                continue; // already checked as a bound enumeration
            }
            let Some(list) = bound
                .get(name)
                .and_then(|p| p.get(BINDING))
                .and_then(Value::as_str)
                .and_then(|id| framework.code_lists().get(id).ok())
            else {
                continue;
            };
            let at = format!("{holder}/properties/{}", escape_pointer_token(name));
            enumerated(agency, &document, &list, property, &at, as_of, &mut out);
        }
    }
    for finding in &mut out {
        finding.related.push(crate::finding::Related {
            file: agency.manifest_file(),
            pointer: Some(format!("/profiles/{index}")),
            line: agency.locate(&format!("/profiles/{index}")).map(|p| p.0),
            message: format!("the profile of {}", profile.profile_of),
        });
    }
    out
}

/// Every `enum` or `const` beside an `x-codelist` below `value`.
fn bound_enumerations(
    agency: &Agency,
    framework: &Framework,
    document: &ApiDocument,
    value: &Value,
    at: &mut String,
    as_of: Date,
    out: &mut Vec<Finding>,
) {
    match value {
        Value::Object(map) => {
            if let Some(list) = map
                .get(BINDING)
                .and_then(Value::as_str)
                .and_then(|id| framework.code_lists().get(id).ok())
            {
                enumerated(agency, document, &list, value, at, as_of, out);
            }
            for (key, member) in map {
                if matches!(key.as_str(), "enum" | "const" | "example" | "examples" | "default") {
                    continue;
                }
                let len = at.len();
                at.push('/');
                at.push_str(&escape_pointer_token(key));
                bound_enumerations(agency, framework, document, member, at, as_of, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (n, item) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{n}"));
                bound_enumerations(agency, framework, document, item, at, as_of, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// Checks the `enum` items and `const` of the schema at `at` against `list`.
fn enumerated(
    agency: &Agency,
    document: &ApiDocument,
    list: &Arc<CodeList>,
    schema: &Value,
    at: &str,
    as_of: Date,
    out: &mut Vec<Finding>,
) {
    let mut values: Vec<(String, &Value)> = Vec::new();
    if let Some(items) = schema.get("enum").and_then(Value::as_array) {
        values.extend(items.iter().enumerate().map(|(n, v)| (format!("{at}/enum/{n}"), v)));
    }
    if let Some(value) = schema.get("const") {
        values.push((format!("{at}/const"), value));
    }
    for (pointer, value) in values {
        let Some(code) = value.as_str() else { continue };
        let Err(problem) = list.check(code, as_of) else {
            continue;
        };
        let label = list.label();
        let message = match problem {
            CodeProblem::Unknown => format!("\"{code}\" is not a code of {label}"),
            CodeProblem::Retired(to) => {
                format!("code \"{code}\" of {label} was retired after {to} (checked on {as_of})")
            }
            CodeProblem::NotYetValid(from) => {
                format!("code \"{code}\" of {label} is only valid from {from} (checked on {as_of})")
            }
        };
        let mut finding = document.finding(&CODE_NOT_IN_NATIONAL_LIST, &pointer, message);
        finding.kind = CODE_NOT_IN_NATIONAL_LIST.kind;
        finding.agency = Some(agency.id().to_string());
        if let Some(next) = list.successor(code) {
            finding.help = Some(format!("it was replaced by \"{}\" ({})", next.code, next.label));
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_payload_carries_the_date_of_its_first_dated_member() {
        let dated = json!({"district": "EX-NO-03", "registeredAt": "2021-03-04T10:00:00Z", "issueDate": "2022-01-01"});
        assert_eq!(carried_date(&dated), "2022-01-01".parse().ok());
        assert_eq!(carried_date(&json!({"registeredAt": "soon"})), None);
        assert_eq!(carried_date(&json!({"district": "EX-NO-03"})), None);
        assert_eq!(carried_date(&json!(["2021-03-04"])), None);
    }

    fn day(text: &str) -> Date {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn reference_framework(as_of: Date) -> Framework {
        let options = crate::framework::CompileOptions {
            as_of,
            ..crate::framework::CompileOptions::default()
        };
        match Framework::load(&crate::framework::FrameworkSource::Embedded, options) {
            Ok(Some(framework)) => framework,
            other => panic!("{:?}", other.err()),
        }
    }

    #[test]
    fn a_period_starts_on_the_last_change_of_validity() {
        // EX-NO-03 valid to 2023-06-30, EX-CA-04 valid from 2024-01-01.
        let calendar = CodeCalendar {
            changes: vec![day("2023-07-01"), day("2024-01-01")],
        };
        assert_eq!(calendar.period_of(day("2023-06-30")), Date::EARLIEST);
        assert_eq!(calendar.period_of(day("2023-07-01")), day("2023-07-01"));
        assert_eq!(calendar.period_of(day("2023-12-31")), day("2023-07-01"));
        assert_eq!(calendar.period_of(day("2030-01-01")), day("2024-01-01"));
        assert_eq!(calendar.recheck_on(day("2023-08-01"), day("2023-12-01")), None);
        assert_eq!(
            calendar.recheck_on(day("2015-01-01"), day("2026-06-30")),
            Some(Date::EARLIEST)
        );
    }

    #[test]
    fn a_payload_dated_in_another_period_is_rechecked_on_a_day_judging_as_its_date() {
        let as_of = day("2026-06-30");
        let framework = reference_framework(as_of);
        let calendar = CodeCalendar::of(&framework);
        assert_eq!(calendar.recheck_on(as_of, as_of), None);
        assert_eq!(calendar.recheck_on(day("2026-03-01"), as_of), None);
        let recheck = calendar.recheck_on(day("2015-01-01"), as_of);
        assert!(recheck.is_some_and(|d| d <= day("2015-01-01")), "{recheck:?}");
        // Payloads of the same period share one day, so one framework.
        assert_eq!(calendar.recheck_on(day("2015-06-01"), as_of), recheck);
        let districts = framework.code_lists().get("district").unwrap_or_else(|e| panic!("{e}"));
        let on_recheck = recheck.map(|d| districts.check("EX-CA-04", d));
        assert_eq!(on_recheck, Some(districts.check("EX-CA-04", day("2015-01-01"))));
        assert!(districts.check("EX-CA-04", as_of).is_ok());
    }

    /// A code valid on the check date but not yet on the date the payload carries.
    #[test]
    fn a_sample_is_judged_on_the_date_it_carries() {
        let as_of = day("2026-06-30");
        let framework = reference_framework(as_of);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("fixtures/rules/GOV013/fail_code_introduced_after_payload_date");
        let agency = Agency::load(&dir, &dir).unwrap_or_else(|e| panic!("{e:?}"));
        let options = crate::government::CheckOptions {
            compile: framework.options().clone(),
            rulesets: Vec::new(),
        };
        let checked = crate::government::check_agency(&agency, None, Some(&framework), options)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let found: Vec<(String, Option<usize>, String)> = checked
            .findings
            .into_iter()
            .filter(|f| f.rule.starts_with("GOV") || f.rule.starts_with("PAY"))
            .map(|f| (f.rule, f.line, f.message))
            .collect();
        assert_eq!(
            found,
            [(
                "GOV013".to_string(),
                Some(3),
                "code \"EX-CA-04\" of district@2026.2 is only valid from 2024-01-01 (on 2015-01-01, the date the payload carries)".to_string()
            )]
        );
    }
}
