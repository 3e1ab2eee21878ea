//! `nifcheck framework list|show|verify`.

use std::fmt::Write as _;

use nifcheck::compat::{Inclusion, Verdict};
use nifcheck::framework::{CodeList, Framework, FrameworkSource, LOCK_FILE, Lock, StandardRef, file_digest, is_remote};
use nifcheck::report::render::Format;
use nifcheck::{Error, Result};
use serde_json::{Value, json};

use super::args::{Common, FrameworkCommand};
use super::explain::unsupported;
use super::{Done, compile_options, load_framework, output};

pub fn run(common: &Common, command: &FrameworkCommand) -> Result<Done> {
    let text = match command {
        FrameworkCommand::Fetch { url } => fetch(common, url)?,
        FrameworkCommand::Pack { dir, out } => pack(common, dir, out)?,
        _ => {
            let framework = load_framework(common, None, compile_options(common, true)?)?
                .ok_or_else(|| Error::usage("`--framework none` has nothing to show", None))?;
            match command {
                FrameworkCommand::Show { id } => show(&framework, id, common.format)?,
                FrameworkCommand::Verify => verify(&framework, common.format)?,
                _ => list(&framework, common.format)?,
            }
        }
    };
    output::write(common.output.as_deref(), text)?;
    Ok(Done::Conforms)
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

fn verify(framework: &Framework, format: Format) -> Result<String> {
    let mut codes = 0;
    for entry in &framework.manifest.code_lists {
        codes += framework.code_lists().get(&entry.id)?.codes.len();
    }
    for index in 0..framework.standards.len() {
        framework.validator(index)?;
    }
    // A ruleset that does not load would only show up when an API is linted.
    let rules: usize = nifcheck::openapi::framework_rulesets(framework)?
        .iter()
        .map(|r| r.rules.len())
        .sum();
    let evolution = minor_versions(framework)?;
    let broken: Vec<&String> = evolution
        .iter()
        .filter(|(_, v)| v.name() == "incompatible")
        .map(|(line, _)| line)
        .collect();
    if !broken.is_empty() {
        let lines: Vec<String> = broken.iter().map(|s| (*s).clone()).collect();
        return Err(Error::framework(
            format!(
                "a minor or patch version rejects what its predecessor accepted:\n  {}",
                lines.join("\n  ")
            ),
            Some(
                "within one major version a standard may only widen; publish the change as a new major version".into(),
            ),
        ));
    }
    let undecided: Vec<String> = evolution
        .iter()
        .filter(|(_, v)| v.name() == "unknown")
        .map(|(line, _)| line.clone())
        .collect();
    let refused = framework.refused_references()?;
    if !refused.is_empty() {
        return Err(Error::framework(
            format!(
                "the framework's schemas make {} refused reference(s):\n  {}",
                refused.len(),
                refused.join("\n  ")
            ),
            Some("name the hosts in allowed-hosts, or keep the referenced schemas inside the framework".into()),
        ));
    }
    let (standards, lists) = (framework.standards.len(), framework.manifest.code_lists.len());
    let cwd = std::env::current_dir().map_err(|e| Error::read(".", e))?;
    let pinned = Lock::read(&cwd)?.is_some_and(|lock| lock.framework.digest == framework.digest);
    match format {
        Format::Json => Ok(pretty(
            &json!({"framework": framework.info(), "standards": standards, "code-lists": lists, "codes": codes, "ruleset-rules": rules, "verified": true, "matches-lock": pinned, "evolution": evolution.iter().map(|(line, v)| json!({"check": line, "verdict": v.name()})).collect::<Vec<_>>()}),
        )),
        Format::Human => {
            let meta = &framework.manifest.framework;
            let lock = if pinned {
                format!("; files match {LOCK_FILE}")
            } else {
                String::new()
            };
            let mut text = format!(
                "{} {} verified: {standards} standards compile, {lists} code lists ({codes} codes) load, {rules} ruleset rules load, {} minor versions accept their predecessor{lock}\n",
                meta.id,
                meta.version,
                evolution.len() - undecided.len()
            );
            for line in &undecided {
                text.push_str(&format!("  not decided: {line}\n"));
            }
            Ok(text)
        }
        other => Err(unsupported(other, "framework verify")),
    }
}

/// `framework fetch URL`: into the cache, then pinned in ./nifcheck.lock.
fn fetch(common: &Common, url: &str) -> Result<String> {
    if !is_remote(url) {
        return Err(Error::usage(
            format!("`{url}` is not an http(s) URL"),
            Some("a local framework needs no fetching".into()),
        ));
    }
    let dir = super::fetch(common, url)?;
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

/// Each version of a standard against the next one of the same major version: `(line, verdict)`.
fn minor_versions(framework: &Framework) -> Result<Vec<(String, Verdict)>> {
    let inclusion = Inclusion::for_framework(framework, Vec::new())?;
    let mut out = Vec::new();
    let mut order: Vec<usize> = (0..framework.standards.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&framework.standards[a], &framework.standards[b]);
        x.entry.id.cmp(&y.entry.id).then(x.version.cmp(&y.version))
    });
    for pair in order.windows(2) {
        let (old, new) = (&framework.standards[pair[0]], &framework.standards[pair[1]]);
        if old.entry.id != new.entry.id || old.version.major != new.version.major {
            continue;
        }
        let (Some(a), Some(b)) = (
            inclusion.root(&framework.schema_uri(pair[0])?),
            inclusion.root(&framework.schema_uri(pair[1])?),
        ) else {
            continue;
        };
        let verdict = inclusion.check(&a, &b);
        let detail = match &verdict {
            Verdict::Incompatible(w) => format!(": {} (witness {})", w.message, w.instance),
            Verdict::Unknown { reason, .. } => format!(": {reason}"),
            Verdict::Compatible => String::new(),
        };
        out.push((
            format!("{} → {} {}{detail}", old.label(), new.label(), verdict.name()),
            verdict,
        ));
    }
    Ok(out)
}

fn pretty(value: &Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(value).unwrap_or_default())
}
