//! `nifcheck rules` and `nifcheck explain CODE`: the rules document themselves.

use std::fmt::Write as _;

use nifcheck::report::render::Format;
use nifcheck::rules::{self, RULES};
use nifcheck::{Error, Result};
use serde_json::json;

use super::args::Common;
use super::{Done, output};

pub(super) fn rules(common: &Common) -> Result<Done> {
    let text = match common.format {
        Format::Json => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| json!({"code": r.code, "name": r.name, "severity": r.severity, "kind": r.kind, "summary": r.summary()}))
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&list).unwrap_or_default())
        }
        Format::Human => {
            let mut out = String::new();
            for r in RULES.iter() {
                let _ = writeln!(
                    out,
                    "{:<7} {:<24} {:<8} {}",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.summary()
                );
            }
            out
        }
        Format::Markdown => rules::markdown_reference(),
        other => return Err(unsupported(other, "rules")),
    };
    output::write(common.output.as_deref(), text)?;
    Ok(Done::Conforms)
}

pub(super) fn explain(common: &Common, code: &str) -> Result<Done> {
    let Some(rule) = rules::find(code) else {
        return explain_ruleset_rule(common, code);
    };
    let text = match common.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({
                "code": rule.code, "name": rule.name, "severity": rule.severity, "kind": rule.kind,
                "summary": rule.summary(), "documentation": rule.documentation(),
            }))
            .unwrap_or_default()
        ),
        Format::Human => {
            format!(
                "{} ({}) — default severity: {}\n\n{}",
                rule.code,
                rule.name,
                rule.severity.as_str(),
                rule.documentation()
            )
        }
        Format::Markdown => rules::markdown(rule),
        other => return Err(unsupported(other, "explain")),
    };
    output::write(common.output.as_deref(), text)?;
    Ok(Done::Conforms)
}

/// A rule of one of the framework's rulesets: its clause and where it is documented.
fn explain_ruleset_rule(common: &Common, name: &str) -> Result<Done> {
    let not_found = || {
        Error::usage(
            format!("no rule `{name}`"),
            Some("`nifcheck rules` lists every code; ruleset rules are named in the framework's rulesets".to_string()),
        )
    };
    let framework =
        super::load_framework(common, None, super::compile_options(common, true)?)?.ok_or_else(not_found)?;
    let rulesets = nifcheck::openapi::framework_rulesets(&framework)?;
    let (ruleset, rule) = rulesets
        .iter()
        .find_map(|set| set.rules.iter().find(|r| r.name == name).map(|r| (set, r)))
        .ok_or_else(not_found)?;
    let severity = rule.severity.map_or("off", |s| s.as_str());
    let text = match common.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({
                "code": rule.name, "ruleset": ruleset.source, "severity": severity,
                "description": rule.description, "documentationUrl": rule.documentation_url,
                "given": rule.given.iter().map(|given| &given.text).collect::<Vec<_>>(),
            }))
            .unwrap_or_default()
        ),
        Format::Human => {
            let mut out = format!("{} — ruleset {}, severity: {severity}\n\n", rule.name, ruleset.source);
            if let Some(description) = &rule.description {
                let _ = writeln!(out, "{description}\n");
            }
            for given in &rule.given {
                let _ = writeln!(out, "Checks: {}", given.text);
            }
            if let Some(url) = &rule.documentation_url {
                let _ = writeln!(out, "Documentation: {url}");
            }
            out
        }
        other => return Err(unsupported(other, "explain")),
    };
    output::write(common.output.as_deref(), text)?;
    Ok(Done::Conforms)
}

pub(super) fn unsupported(format: Format, command: &str) -> Error {
    Error::usage(
        format!("`nifcheck {command}` does not write {format:?} output"),
        Some("use --format human, json or markdown".into()),
    )
}
