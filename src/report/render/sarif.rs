//! SARIF 2.1.0, the format GitHub code scanning and most CI dashboards read.

use std::collections::BTreeMap;
use std::io::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

use crate::report::{Finding, Report, Severity};
use crate::rules;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes the log into `out` as it is serialised: each result is built and written in turn,
/// so memory holds one result at a time besides the report itself.
pub(super) fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        let next = rule_index.len();
        rule_index.entry(f.rule.as_str()).or_insert(next);
    }
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &Log { report, rule_index })?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The SARIF log. Members are written in the order of their names, as a `serde_json` map
/// writes them, so the output is the same as serialising one whole `Value`.
struct Log<'a> {
    report: &'a Report,
    rule_index: BTreeMap<&'a str, usize>,
}

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut log = serializer.serialize_map(Some(3))?;
        log.serialize_entry("$schema", SCHEMA)?;
        log.serialize_entry("runs", &[RunLog(self)])?;
        log.serialize_entry("version", "2.1.0")?;
        log.end()
    }
}

/// The one run of the log.
struct RunLog<'a, 'r>(&'a Log<'r>);

impl Serialize for RunLog<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Log { report, rule_index } = self.0;
        let mut ordered: Vec<(&str, usize)> = rule_index.iter().map(|(k, v)| (*k, *v)).collect();
        ordered.sort_by_key(|(_, i)| *i);
        let rules: Vec<Value> = ordered.iter().map(|(code, _)| rule(code)).collect();
        let tool = json!({ "driver": {
            "name": "nifcheck",
            "version": report.tool.version,
            "informationUri": "https://nifcheck.dev/",
            "rules": rules,
        }});
        let mut run = serializer.serialize_map(None)?;
        run.serialize_entry("columnKind", "unicodeCodePoints")?;
        if let Some(framework) = &report.framework {
            run.serialize_entry("properties", &json!({ "framework": framework }))?;
        }
        run.serialize_entry("results", &Results(self.0))?;
        run.serialize_entry("tool", &tool)?;
        run.end()
    }
}

/// The results, each built as it is written.
struct Results<'a, 'r>(&'a Log<'r>);

impl Serialize for Results<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Log { report, rule_index } = self.0;
        serializer.collect_seq(
            report
                .findings
                .iter()
                .map(|f| result(f, rule_index.get(f.rule.as_str()).copied())),
        )
    }
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
