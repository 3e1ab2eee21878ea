//! `nifcheck rules` and `nifcheck explain CODE`: the rules document themselves.

use std::fmt::Write as _;

use nifcheck::report::render::Format;
use nifcheck::rules::{self, RULES};
use nifcheck::{Error, Result};
use serde_json::json;

use super::args::Common;
use super::{Done, output};

pub fn rules(common: &Common) -> Result<Done> {
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
            for r in RULES {
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
        other => return Err(unsupported(other, "rules")),
    };
    output::write(common.output.as_deref(), text)?;
    Ok(Done::Conforms)
}

pub fn explain(common: &Common, code: &str) -> Result<Done> {
    let rule = rules::find(code).ok_or_else(|| {
        Error::usage(
            format!("no rule `{code}`"),
            Some("`nifcheck rules` lists every code".to_string()),
        )
    })?;
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
        other => return Err(unsupported(other, "explain")),
    };
    output::write(common.output.as_deref(), text)?;
    Ok(Done::Conforms)
}

pub fn unsupported(format: Format, command: &str) -> Error {
    Error::usage(
        format!("`nifcheck {command}` does not write {format:?} output"),
        Some("use --format human or json".into()),
    )
}
