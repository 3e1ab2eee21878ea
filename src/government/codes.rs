//! GOV013: the codes an agency uses, against the framework's code lists: in its samples (what
//! the validator's code-list keyword reported), and in enumerations of its descriptions and
//! profiles. A sample that carries its own date is judged on that date.

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

/// GOV013 beside every code the payload check found wrong in a sample, unless the sample
/// carries a date on which the code was valid.
pub(super) fn in_sample_findings(
    framework: &Framework,
    findings: &[Finding],
    files: &[PathBuf],
    inputs: &[Input],
    as_of: Date,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, input) in files.iter().zip(inputs) {
        let payload: Option<Value> = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let carried = payload.as_ref().and_then(carried_date);
        for found in findings.iter().filter(|f| f.file == input.name) {
            let not_in_list = found.rule == CODE_NOT_IN_LIST.code;
            if !not_in_list && found.rule != CODE_NOT_VALID_ON_DATE.code {
                continue;
            }
            if let (Some(date), false) = (carried, not_in_list)
                && valid_on(framework, found, payload.as_ref(), date)
            {
                continue;
            }
            let mut finding = found.clone();
            finding.rule = CODE_NOT_IN_NATIONAL_LIST.code.to_string();
            finding.kind = CODE_NOT_IN_NATIONAL_LIST.kind;
            finding.severity = CODE_NOT_IN_NATIONAL_LIST.severity;
            let on = carried.map_or_else(
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

/// Was the code a finding is about valid on `date`? The list is the one the finding's
/// message names.
fn valid_on(framework: &Framework, finding: &Finding, payload: Option<&Value>, date: Date) -> bool {
    let Some(code) = payload
        .zip(finding.pointer.as_deref())
        .and_then(|(p, at)| p.pointer(at))
        .and_then(Value::as_str)
    else {
        return false;
    };
    framework.manifest.code_lists.iter().any(|entry| {
        framework.code_lists().get(&entry.id).is_ok_and(|list| {
            finding.message.contains(&format!("of {}", list.label())) && list.check(code, date).is_ok()
        })
    })
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
    let Ok(bytes) = std::fs::read(&path) else { return out };
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
}
