//! Reading a framework: the manifest (checked against its published schema, errors pointing
//! into the TOML), the standards it lists, and their schemas.

use std::collections::HashSet;

use jsonschema::ValidationError;
use serde_json::Value;

use super::files::FrameworkFiles;
use super::manifest::{MANIFEST_SCHEMA, Manifest};
use super::retriever::{Access, FRAMEWORK_BASE, Local, Mirror};
use super::schemas::SchemaSet;
use super::standard::Standard;
use crate::error::{Error, Result};
use crate::source::{JsonIndex, TomlDocument, parse_toml};

const MANIFEST: &str = "framework.toml";

/// Reads and checks `framework.toml`.
pub(crate) fn manifest(files: &FrameworkFiles) -> Result<Manifest> {
    // The embedded manifest was read when the binary was built, and is checked by the tests
    // below: reading it again, with the position index every other manifest needs for its
    // errors, cost a one-file run more than the file.
    if let Some(json) = files.prepared_manifest() {
        return serde_json::from_str(json)
            .map_err(|e| Error::framework(format!("{}: {e}", files.display(MANIFEST)), None));
    }
    read_manifest(files)
}

/// Reads and checks `framework.toml` from its text.
fn read_manifest(files: &FrameworkFiles) -> Result<Manifest> {
    let text = files.read_text(MANIFEST).map_err(|e| match e {
        Error::Read { path, .. } => Error::usage(
            format!(
                "{} is not a framework: it has no framework.toml",
                path.parent().unwrap_or(&path).display()
            ),
            Some("--framework takes a folder holding framework.toml, `reference` or `none`".to_string()),
        ),
        other => other,
    })?;
    let name = files.display(MANIFEST);
    let doc = parse_toml(&text).map_err(|(message, span)| {
        Error::at(
            &name,
            &text,
            span.unwrap_or(0..0),
            "framework.toml is not valid TOML",
            message,
            None,
        )
    })?;
    // The embedded manifest is checked by a test when it is built; every other one on load.
    if !matches!(files, FrameworkFiles::Embedded) {
        check_against_schema(&name, &text, &doc)?;
    }
    let manifest: Manifest =
        serde_json::from_value(doc.value.clone()).map_err(|e| Error::framework(format!("{name}: {e}"), None))?;
    check_semantics(files, &name, &text, &doc, &manifest)?;
    Ok(manifest)
}

fn check_against_schema(name: &str, text: &str, doc: &TomlDocument) -> Result<()> {
    crate::source::check_toml_against_schema(
        name,
        text,
        doc,
        MANIFEST_SCHEMA,
        "the framework manifest format",
        "schemas/framework.schema.json",
    )
}

fn check_semantics(
    files: &FrameworkFiles,
    name: &str,
    text: &str,
    doc: &TomlDocument,
    manifest: &Manifest,
) -> Result<()> {
    let at = |pointer: &str, message: String, label: &str| {
        let span = doc.span(pointer).map_or(0..0, |s| s.start..s.end);
        Error::at(name, text, span, message, label, None)
    };
    let mut seen = HashSet::new();
    for (n, s) in manifest.standards.iter().enumerate() {
        if !seen.insert((s.id.as_str(), s.version.as_str())) {
            return Err(at(
                &format!("/standards/{n}/version"),
                format!("{}@{} is declared twice", s.id, s.version),
                "again here",
            ));
        }
        for (key, path) in [
            ("json-schema", Some(&s.json_schema)),
            ("xml-schema", s.xml_schema.as_ref()),
        ] {
            if let Some(path) = path
                && files.read(path).is_err()
            {
                return Err(at(
                    &format!("/standards/{n}/{key}"),
                    format!("{} names a missing file", s.id),
                    "no such file",
                ));
            }
        }
    }
    let mut lists = HashSet::new();
    for (n, l) in manifest.code_lists.iter().enumerate() {
        if !lists.insert(l.id.as_str()) {
            return Err(at(
                &format!("/code-lists/{n}/id"),
                format!("code list `{}` is declared twice", l.id),
                "again here",
            ));
        }
        if files.read(&l.file).is_err() {
            return Err(at(
                &format!("/code-lists/{n}/file"),
                format!("code list `{}` names a missing file", l.id),
                "no such file",
            ));
        }
    }
    for (n, e) in manifest.exceptions.iter().enumerate() {
        if let Err(message) = e.expires.parse::<super::Date>() {
            return Err(at(&format!("/exceptions/{n}/expires"), message, "not a date"));
        }
    }
    Ok(())
}

/// The standards a manifest declares, with their versions parsed.
pub(crate) fn standards(_files: &FrameworkFiles, manifest: &Manifest) -> Result<Vec<Standard>> {
    manifest
        .standards
        .iter()
        .map(|entry| {
            let version = semver::Version::parse(&entry.version)
                .map_err(|e| Error::framework(format!("{}@{}: {e}", entry.id, entry.version), None))?;
            Ok(Standard {
                entry: entry.clone(),
                version,
            })
        })
        .collect()
}

/// The URI a standard's schema is registered under: its `$id` when that is absolute, else its
/// place in the framework.
fn registered_uri(rel: &str, id: Option<&str>) -> String {
    match id {
        Some(id) if id.contains("://") || id.starts_with("urn:") => id.to_string(),
        _ => format!("{FRAMEWORK_BASE}{rel}"),
    }
}

/// Each standard's registered URI, when every one is known without reading the schemas: the
/// embedded framework's `$id`s were read when the binary was built.
pub(crate) fn prepared_uris(files: &FrameworkFiles, standards: &[Standard]) -> Option<Vec<String>> {
    standards
        .iter()
        .map(|s| {
            let rel = &s.entry.json_schema;
            files.prepared_schema_id(rel).map(|id| registered_uri(rel, id))
        })
        .collect()
}

/// One standard's schema registered alone, for a framework whose schemas' URIs are all known
/// (see [`prepared_uris`]): the schemas it refers to are read when the registry reaches them,
/// and the others not at all.
pub(crate) fn schema_alone(
    files: &FrameworkFiles,
    standards: &[Standard],
    uris: &[String],
    index: usize,
    remote: Option<std::sync::Arc<crate::remote::Fetcher>>,
    refused: &Refusals,
) -> Result<SchemaSet> {
    let (Some(standard), Some(uri)) = (standards.get(index), uris.get(index)) else {
        return Err(Error::framework(format!("no standard number {index}"), None));
    };
    let rel = &standard.entry.json_schema;
    let text = files.read_text(rel)?;
    let doc: Value = crate::source::parse_json_document(&files.display(rel), &text)?;
    let mut mirrors = Vec::new();
    let mut on_demand = std::collections::HashMap::new();
    for (other, other_uri) in standards.iter().zip(uris) {
        let other_rel = &other.entry.json_schema;
        mirrors.extend(Mirror::of(other_uri, &format!("{FRAMEWORK_BASE}{other_rel}")));
        if other_uri != uri {
            on_demand.insert(other_uri.trim_end_matches('#').to_string(), other_rel.clone());
        }
    }
    let mut access = Access::new(Local::Framework(files.clone()), remote).for_documents(mirrors, [&doc]);
    access.refused = std::sync::Arc::clone(refused);
    access.on_demand = std::sync::Arc::new(on_demand);
    SchemaSet::new(vec![(uri.clone(), doc)], access)
        .map_err(|e| Error::framework(format!("the framework's schemas do not load: {e}"), None))
}

/// The references refused so far, shared by every registry of one framework.
pub(crate) type Refusals = std::sync::Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>;

/// Reads every standard's JSON Schema and registers it, by `$id` when it has one.
pub(crate) fn schema_set(
    files: &FrameworkFiles,
    standards: &[Standard],
    remote: Option<std::sync::Arc<crate::remote::Fetcher>>,
    refused: &Refusals,
) -> Result<SchemaSet> {
    let mut documents = Vec::with_capacity(standards.len());
    let mut mirrors = Vec::new();
    for standard in standards {
        let rel = &standard.entry.json_schema;
        let text = files.read_text(rel)?;
        let name = files.display(rel);
        let doc: Value = crate::source::parse_json_document(&name, &text)?;
        // The embedded framework's schemas are checked by a test when it is built; validating
        // every one against its meta-schema again would cost each one-file run more than the file.
        if !matches!(files, FrameworkFiles::Embedded)
            && let Err(e) = jsonschema::meta::validate(&doc)
        {
            return Err(located(
                &name,
                &text,
                &e,
                format!("{} is not a valid JSON Schema", standard.label()),
            ));
        }
        let uri = registered_uri(rel, doc.get("$id").and_then(Value::as_str));
        mirrors.extend(Mirror::of(&uri, &format!("{FRAMEWORK_BASE}{rel}")));
        documents.push((uri, doc));
    }
    let mut access = Access::new(Local::Framework(files.clone()), remote)
        .for_documents(mirrors, documents.iter().map(|(_, doc)| doc));
    access.refused = std::sync::Arc::clone(refused);
    SchemaSet::new(documents, access)
        .map_err(|e| Error::framework(format!("the framework's schemas do not load: {e}"), None))
}

/// A compile error of a standard's schema, pointing into the schema file where possible.
pub(crate) fn schema_error(
    files: &FrameworkFiles,
    rel: &str,
    _doc: Option<&Value>,
    error: &ValidationError<'_>,
) -> Error {
    let name = files.display(rel);
    match files.read_text(rel) {
        Ok(text) => located(&name, &text, error, format!("the schema {name} does not compile")),
        Err(e) => e,
    }
}

fn located(name: &str, text: &str, error: &ValidationError<'_>, message: String) -> Error {
    let index = JsonIndex::new(text);
    let span = index
        .get(error.instance_path().as_str())
        .map_or(0..0, |s| s.key.map_or(s.start, |k| k.0)..s.end);
    Error::at(name, text, span, message, error.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_schemas_follow_their_meta_schemas() {
        let files = FrameworkFiles::Embedded;
        let manifest = manifest(&files).unwrap_or_else(|e| panic!("{e:?}"));
        for entry in &manifest.standards {
            let text = files.read_text(&entry.json_schema).unwrap_or_else(|e| panic!("{e:?}"));
            let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", entry.json_schema));
            if let Err(e) = jsonschema::meta::validate(&doc) {
                panic!("{}: {e}", entry.json_schema);
            }
        }
    }

    #[test]
    fn each_embedded_standard_compiles_alone_as_in_the_registry_of_every_standard() {
        let files = FrameworkFiles::Embedded;
        let manifest = manifest(&files).unwrap_or_else(|e| panic!("{e:?}"));
        let standards = standards(&files, &manifest).unwrap_or_else(|e| panic!("{e:?}"));
        let refused = Refusals::default();
        let whole = schema_set(&files, &standards, None, &refused).unwrap_or_else(|e| panic!("{e:?}"));
        // The `$id`s read when the binary was built are the ones the schemas have.
        let uris = prepared_uris(&files, &standards).unwrap_or_else(|| panic!("no prepared URIs"));
        assert_eq!(uris, whole.uris);
        let lists = std::sync::Arc::new(super::super::CodeLists::new(files.clone(), &manifest.code_lists));
        let options = super::super::CompileOptions::default();
        for (index, standard) in standards.iter().enumerate() {
            let alone = schema_alone(&files, &standards, &uris, index, None, &refused)
                .unwrap_or_else(|e| panic!("{}: {e:?}", standard.label()));
            if let Err(e) = alone.compile_standard(0, &lists, &options) {
                panic!("{}: {e}", standard.label());
            }
            if let Err(e) = whole.compile_standard(index, &lists, &options) {
                panic!("{}: {e}", standard.label());
            }
        }
        // Nothing the embedded schemas refer to is refused, so no stand-in needs the pointers
        // of schemas that were not read.
        assert_eq!(refused.lock().map(|r| r.len()).unwrap_or(1), 0);
    }

    #[test]
    fn the_embedded_manifest_prepared_at_build_time_is_the_manifest_read_from_its_text() {
        let files = FrameworkFiles::Embedded;
        // Read from its text, every check made as for any folder's manifest.
        let read = read_manifest(&files).unwrap_or_else(|e| panic!("{e:?}"));
        let prepared = manifest(&files).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(files.prepared_manifest().is_some());
        assert_eq!(
            serde_json::to_value(&prepared).unwrap_or_default(),
            serde_json::to_value(&read).unwrap_or_default()
        );
    }

    #[test]
    fn the_embedded_manifest_follows_the_published_format() {
        let files = FrameworkFiles::Embedded;
        let text = files.read_text(MANIFEST).unwrap();
        let doc = parse_toml(&text).unwrap_or_else(|(m, _)| panic!("{m}"));
        if let Err(e) = check_against_schema("framework.toml", &text, &doc) {
            panic!("{e:?}");
        }
    }
}
