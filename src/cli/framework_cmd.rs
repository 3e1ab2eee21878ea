//! `nifcheck framework list|show|verify`.

use std::fmt::Write as _;

use nifcheck::framework::{CodeList, Framework, FrameworkSource, LOCK_FILE, Lock, StandardRef, file_digest, is_remote};
use nifcheck::report::render::{Format, render};
use nifcheck::report::{FailOn, Report, Run, Subject};
use nifcheck::{Error, Result};
use serde_json::{Value, json};

use super::args::{Common, FrameworkCommand};
use super::explain::unsupported;
use super::{Done, compile_options, fail_on, generated, load_framework, output, render_options};

pub(super) fn run(common: &Common, command: &FrameworkCommand) -> Result<Done> {
    let (text, done) = match command {
        FrameworkCommand::Fetch { url } => (fetch(common, url)?, Done::Conforms),
        FrameworkCommand::Pack { dir, out } => (pack(common, dir, out)?, Done::Conforms),
        _ => {
            let framework = load_framework(common, None, compile_options(common, true)?)?
                .ok_or_else(|| Error::usage("`--framework none` has nothing to show", None))?;
            match command {
                FrameworkCommand::Show { id } => (show(&framework, id, common.format)?, Done::Conforms),
                FrameworkCommand::Verify => verify(common, &framework)?,
                _ => (list(&framework, common.format)?, Done::Conforms),
            }
        }
    };
    output::write(common.output.as_deref(), text)?;
    Ok(done)
}

fn list(framework: &Framework, format: Format) -> Result<String> {
    let m = &framework.manifest;
    match format {
        Format::Json => {
            let standards: Vec<Value> = framework
                .standards
                .iter()
                .map(|s| json!({"id": s.entry.id, "version": s.entry.version, "status": s.entry.status, "title": s.entry.title, "domain": s.entry.domain}))
                .collect();
            let lists: Vec<Value> = m
                .code_lists
                .iter()
                .map(|l| json!({"id": l.id, "version": l.version, "title": l.title}))
                .collect();
            let rulesets: Vec<Value> = m
                .rulesets
                .iter()
                .map(|r| json!({"id": r.id, "title": r.title, "file": r.file}))
                .collect();
            Ok(pretty(&json!({
                "framework": framework.info(), "title": m.framework.title, "publisher": m.framework.publisher,
                "levels": m.framework.levels, "standards": standards, "code-lists": lists, "rulesets": rulesets,
                "exceptions": m.exceptions,
            })))
        }
        Format::Human => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{} {} — {}",
                m.framework.id, m.framework.version, m.framework.title
            );
            let _ = writeln!(
                out,
                "published by {}; levels: {}",
                m.framework.publisher,
                m.framework.levels.join(" > ")
            );
            let _ = writeln!(out, "digest {}\n\nStandards:", framework.digest);
            for s in &framework.standards {
                let _ = writeln!(
                    out,
                    "  {:<32} {:<12} {}",
                    s.label(),
                    s.entry.status.as_str(),
                    s.entry.title
                );
            }
            let _ = writeln!(out, "\nCode lists:");
            for l in &m.code_lists {
                let _ = writeln!(out, "  {:<32} {}", format!("{}@{}", l.id, l.version), l.title);
            }
            let _ = writeln!(out, "\nRulesets:");
            for r in &m.rulesets {
                let _ = writeln!(out, "  {:<32} {}", r.id, r.title.as_deref().unwrap_or(&r.file));
            }
            let _ = writeln!(out, "\nExceptions: {}", m.exceptions.len());
            Ok(out)
        }
        other => Err(unsupported(other, "framework list")),
    }
}

fn show(framework: &Framework, id: &str, format: Format) -> Result<String> {
    let is_standard = framework
        .standards
        .iter()
        .any(|s| Some(s.entry.id.as_str()) == id.split('@').next());
    if !is_standard && let Ok(list) = framework.code_lists().get(id) {
        return show_code_list(&list, format);
    }
    let reference: StandardRef = id.parse().map_err(|e: String| Error::usage(e, None))?;
    let index = framework.resolve(&reference)?;
    let standard = &framework.standards[index];
    let schema = framework.schema_document(index)?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |r| r.iter().filter_map(Value::as_str).collect());
    let properties: Vec<(String, String)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.clone(), describe_property(v))).collect())
        .unwrap_or_default();
    let versions: Vec<String> = framework
        .standards
        .iter()
        .filter(|s| s.entry.id == standard.entry.id)
        .map(|s| s.label())
        .collect();
    match format {
        Format::Json => Ok(pretty(&json!({
            "standard": standard.entry, "versions": versions, "schema-id": schema.get("$id"),
            "required": required, "properties": properties.iter().map(|(k, v)| json!({"name": k, "type": v})).collect::<Vec<_>>(),
        }))),
        Format::Human => {
            let e = &standard.entry;
            let mut out = format!("{} — {} ({})\n", standard.label(), e.title, e.status.as_str());
            for (key, value) in [
                ("domain", &e.domain),
                ("steward", &e.steward),
                ("description", &e.description),
            ] {
                if let Some(value) = value {
                    let _ = writeln!(out, "{key}: {value}");
                }
            }
            let _ = writeln!(
                out,
                "schema: {} ({})",
                e.json_schema,
                schema.get("$id").and_then(Value::as_str).unwrap_or("no $id")
            );
            if let Some(xml) = &e.xml_schema {
                let _ = writeln!(out, "xml schema: {xml}");
            }
            let _ = writeln!(out, "versions: {}\n\nProperties (* required):", versions.join(", "));
            for (name, kind) in &properties {
                let mark = if required.contains(&name.as_str()) { "*" } else { " " };
                let _ = writeln!(out, "  {mark} {name:<28} {kind}");
            }
            Ok(out)
        }
        other => Err(unsupported(other, "framework show")),
    }
}

fn describe_property(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return format!("→ {}", r.rsplit('/').next().unwrap_or(r));
    }
    let mut text = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("|"),
        _ => "any".into(),
    };
    if let Some(f) = schema.get("format").and_then(Value::as_str) {
        let _ = write!(text, " ({f})");
    }
    if let Some(l) = schema.get("x-codelist").and_then(Value::as_str) {
        let _ = write!(text, " code list {l}");
    }
    text
}

fn show_code_list(list: &CodeList, format: Format) -> Result<String> {
    match format {
        Format::Json => Ok(pretty(
            &json!({"id": list.id, "version": list.version, "title": list.title, "codes": list.codes}),
        )),
        Format::Human => {
            let mut out = format!("{} — {} ({} codes)\n", list.label(), list.title, list.codes.len());
            for c in &list.codes {
                let validity = match (c.valid_from, c.valid_to) {
                    (None, None) => String::new(),
                    (from, to) => format!(
                        "  [{} – {}]",
                        from.map_or_else(String::new, |d| d.to_string()),
                        to.map_or_else(String::new, |d| d.to_string())
                    ),
                };
                let _ = writeln!(out, "  {:<14} {}{validity}", c.code, c.label);
            }
            Ok(out)
        }
        other => Err(unsupported(other, "framework show")),
    }
}

/// `framework verify`: a report in any format; a summary line first in human output.
fn verify(common: &Common, framework: &Framework) -> Result<(String, Done)> {
    let verification = nifcheck::verify::verify(framework)?;
    let cwd = std::env::current_dir().map_err(|e| Error::read(".", e))?;
    let pinned = Lock::read(&cwd)?.is_some_and(|lock| lock.framework.digest == framework.digest);
    let subjects = framework
        .standards
        .iter()
        .map(|s| Subject {
            file: s.entry.json_schema.clone(),
            standard: Some(s.label()),
        })
        .collect();
    let mut report = Report::collect(
        verification.findings.clone(),
        Run {
            framework: Some(framework),
            subjects,
            documents: verification.standards,
            fail_on: fail_on(common, FailOn::Error),
            generated: generated(),
            ..Run::default()
        },
    );
    let mut details = verification.to_json();
    details["matches-lock"] = json!(pinned);
    report.verification = Some(details);
    let done = if report.conforms() { Done::Conforms } else { Done::Fails };
    let rendered = render(&report, common.format, render_options(common));
    if common.format != Format::Human {
        return Ok((rendered, done));
    }
    let meta = &framework.manifest.framework;
    let lock = if pinned {
        format!("; files match {LOCK_FILE}")
    } else {
        String::new()
    };
    let widening = verification
        .evolution
        .iter()
        .filter(|s| s.verdict == "compatible")
        .count();
    let mut text = format!(
        "{} {} verified: {} standards compile, {} code lists ({} codes) load, {} ruleset rules load, {widening} minor versions accept their predecessor{lock}\n",
        meta.id,
        meta.version,
        verification.standards,
        verification.code_lists,
        verification.codes,
        verification.ruleset_rules,
    );
    if !report.findings.is_empty() {
        text.push('\n');
        text.push_str(&rendered);
    }
    Ok((text, done))
}

/// `framework fetch URL`: into the cache, then pinned in ./nifcheck.lock.
fn fetch(common: &Common, url: &str) -> Result<String> {
    let (url, credentials) = nifcheck::remote::split_credentials(url);
    let url = url.as_str();
    if !is_remote(url) {
        return Err(Error::usage(
            format!("`{url}` is not an http(s) URL"),
            Some("a local framework needs no fetching".into()),
        ));
    }
    let dir = super::fetch(common, url, credentials)?;
    let framework = Framework::load(&FrameworkSource::Dir(dir.clone()), compile_options(common, true)?)?
        .ok_or_else(|| Error::framework("nothing was fetched", None))?;
    let meta = &framework.manifest.framework;
    let lock = Lock::of(url, &meta.id, &meta.version, &framework.files)?;
    let cwd = std::env::current_dir().map_err(|e| Error::read(".", e))?;
    lock.write(&cwd)?;
    Ok(match common.format {
        Format::Json => pretty(
            &json!({"framework": framework.info(), "url": url, "cache": dir, "files": lock.files.len(), "lock": LOCK_FILE}),
        ),
        _ => format!(
            "fetched {} {} from {url}: {} files, {}\npinned in {LOCK_FILE}\n",
            meta.id,
            meta.version,
            lock.files.len(),
            lock.framework.digest
        ),
    })
}

/// `framework pack DIR --out FILE`: a deterministic bundle for publishing.
fn pack(common: &Common, dir: &std::path::Path, out: &std::path::Path) -> Result<String> {
    let framework = Framework::load(&FrameworkSource::Dir(dir.to_path_buf()), compile_options(common, true)?)?
        .ok_or_else(|| Error::framework("nothing to pack", None))?;
    let bytes = nifcheck::framework::pack(dir)?;
    super::output::write(Some(out), &bytes)?;
    let meta = &framework.manifest.framework;
    Ok(match common.format {
        Format::Json => pretty(
            &json!({"framework": framework.info(), "bundle": out, "bytes": bytes.len(), "sha256": file_digest(&bytes)}),
        ),
        _ => format!(
            "packed {} {} into {} ({} bytes, {})\nframework digest {}\n",
            meta.id,
            meta.version,
            out.display(),
            bytes.len(),
            file_digest(&bytes),
            framework.digest
        ),
    })
}

fn pretty(value: &Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(value).unwrap_or_default())
}
