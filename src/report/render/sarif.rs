//! SARIF 2.1.0, the format GitHub code scanning and most CI dashboards read.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::report::{Finding, Report, Severity};
use crate::rules;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(super) fn render(report: &Report) -> String {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        let next = rule_index.len();
        rule_index.entry(f.rule.as_str()).or_insert(next);
    }
    let mut ordered: Vec<(&str, usize)> = rule_index.iter().map(|(k, v)| (*k, *v)).collect();
    ordered.sort_by_key(|(_, i)| *i);
    let rules: Vec<Value> = ordered.iter().map(|(code, _)| rule(code)).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(f, rule_index.get(f.rule.as_str()).copied()))
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "nifcheck",
            "version": report.tool.version,
            "informationUri": "https://nifcheck.dev/",
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(framework) = &report.framework {
        run["properties"] = json!({ "framework": framework });
    }
    let log = json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [run] });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(code: &str) -> Value {
    match rules::find(code) {
        Some(r) => json!({
            "id": r.code,
            "name": r.name,
            "shortDescription": { "text": r.summary() },
            "fullDescription": { "text": r.summary() },
            "help": { "text": r.documentation(), "markdown": r.documentation() },
            "defaultConfiguration": { "level": level(r.severity) },
        }),
        None => json!({ "id": code }),
    }
}

fn result(f: &Finding, index: Option<usize>) -> Value {
    let mut region = serde_json::Map::new();
    if let Some(line) = f.line {
        region.insert("startLine".into(), line.into());
    }
    if let Some(column) = f.column {
        region.insert("startColumn".into(), column.into());
    }
    let mut physical = json!({ "artifactLocation": { "uri": uri(&f.file) } });
    if !region.is_empty() {
        physical["region"] = Value::Object(region);
    }
    let mut location = json!({ "physicalLocation": physical });
    if let Some(pointer) = &f.pointer {
        location["logicalLocations"] = json!([{ "fullyQualifiedName": pointer, "kind": "member" }]);
    }
    let mut text = f.message.clone();
    if let Some(help) = &f.help {
        text = format!("{text} ({help})");
    }
    let mut result = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [location],
    });
    if let Some(i) = index {
        result["ruleIndex"] = i.into();
    }
    if !f.related.is_empty() {
        let related: Vec<Value> = f
            .related
            .iter()
            .enumerate()
            .map(|(n, r)| {
                let mut physical = json!({ "artifactLocation": { "uri": uri(&r.file) } });
                if let Some(line) = r.line {
                    physical["region"] = json!({ "startLine": line });
                }
                json!({ "id": n, "physicalLocation": physical, "message": { "text": r.message } })
            })
            .collect();
        result["relatedLocations"] = Value::Array(related);
    }
    let mut properties = serde_json::Map::new();
    if let Some(standard) = &f.standard {
        properties.insert("standard".into(), standard.clone().into());
    }
    if let Some(waiver) = &f.waived_by {
        properties.insert("waivedBy".into(), waiver.clone().into());
    }
    if !properties.is_empty() {
        result["properties"] = Value::Object(properties);
    }
    result
}

/// A relative URI reference for a path as given (forward slashes, reserved bytes escaped).
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
