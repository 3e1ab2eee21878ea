//! Embeds the reference framework (`schemas/reference/`) into the binary, with what every run
//! would otherwise work out again from its files.
//!
//! The generated file is a sorted table of `(relative path, bytes)`, so the embedded framework
//! hashes to the same digest as the folder it came from. Example payloads stay out of the binary:
//! they are test data, not part of the framework a user validates against.
//!
//! The embedded framework is fixed when the binary is built, so the work every one-file run
//! did on it is done here instead: its digest, its manifest turned from TOML into JSON (read
//! without a TOML parser or its position index), its CSV code lists split into cells, and the
//! `$id` of each standard's schema (so a payload's `$schema` finds its standard, and a standard
//! its references, without reading every other schema). Unit tests check each against what the
//! run-time code computes from the files. A file this script cannot read is left out of the
//! tables, and the run-time code reads it as it reads any framework's, with the same errors.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn main() {
    let root = PathBuf::from("schemas/reference");
    println!("cargo::rerun-if-changed=schemas/reference");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for (rel, abs) in &files {
        println!("cargo::rerun-if-changed={}", abs.display());
        let abs = std::fs::canonicalize(abs).unwrap_or_else(|_| abs.clone());
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?}) as &[u8]),",
            abs.display().to_string()
        )
        .unwrap_or_default();
    }
    out.push(']');
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    write(&out_dir.join("embedded_framework.rs"), &out);
    write(&out_dir.join("embedded_digest.rs"), &format!("{:?}", digest(&files)));
    let manifest = manifest_json(&root);
    write(&out_dir.join("embedded_manifest.rs"), &format!("{manifest:?}"));
    write(&out_dir.join("embedded_code_lists.rs"), &code_list_tables(&files));
    write(
        &out_dir.join("embedded_schema_ids.rs"),
        &schema_ids(&root, manifest.as_deref()),
    );
}

fn write(dest: &Path, text: &str) {
    if let Err(e) = std::fs::write(dest, text) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

/// `framework.toml` as JSON text; `None` when it does not parse (the run-time reader reports why).
fn manifest_json(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("framework.toml")).ok()?;
    let value: serde_json::Value = toml::from_str(&text).ok()?;
    serde_json::to_string(&value).ok()
}

/// `(path, headers, rows)` of every CSV file that parses, cells trimmed as the run-time reader
/// trims them.
fn code_list_tables(files: &[(String, PathBuf)]) -> String {
    let mut out = String::from("&[\n");
    for (rel, abs) in files.iter().filter(|(rel, _)| rel.ends_with(".csv")) {
        let Some((headers, rows)) = std::fs::read(abs).ok().and_then(|bytes| csv_cells(&bytes)) else {
            continue;
        };
        writeln!(out, "    ({rel:?}, &{headers:?}, &[").unwrap_or_default();
        for row in rows {
            writeln!(out, "        &{row:?},").unwrap_or_default();
        }
        out.push_str("    ]),\n");
    }
    out.push(']');
    out
}

type Cells = (Vec<String>, Vec<Vec<String>>);

fn csv_cells(bytes: &[u8]) -> Option<Cells> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(bytes);
    let headers = reader
        .headers()
        .ok()?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record.ok()?.iter().map(str::to_string).collect());
    }
    Some((headers, rows))
}

/// `(path, $id)` of each standard's JSON Schema, `None` for a schema without a string `$id`;
/// the whole table is `None` when a schema cannot be read.
fn schema_ids(root: &Path, manifest: Option<&str>) -> String {
    let entries = || -> Option<Vec<(String, Option<String>)>> {
        let manifest: serde_json::Value = serde_json::from_str(manifest?).ok()?;
        let mut ids = Vec::new();
        for standard in manifest.get("standards")?.as_array()? {
            let rel = standard.get("json-schema")?.as_str()?;
            let text = std::fs::read_to_string(root.join(rel)).ok()?;
            let schema: serde_json::Value = serde_json::from_str(&text).ok()?;
            let id = schema
                .get("$id")
                .and_then(serde_json::Value::as_str)
                .map(str::to_string);
            ids.push((rel.to_string(), id));
        }
        Some(ids)
    };
    let Some(ids) = entries() else {
        return "None".to_string();
    };
    let mut out = String::from("Some(&[\n");
    for (rel, id) in ids {
        writeln!(out, "    ({rel:?}, {id:?}),").unwrap_or_default();
    }
    out.push_str("])");
    out
}

/// `sha256:` over the files as `FrameworkFiles::digest` computes it: path, a zero byte, the
/// length as 8 bytes big-endian, the bytes, in path order, without a bundle's `SHA256SUMS`.
fn digest(files: &[(String, PathBuf)]) -> String {
    let mut hasher = Sha256::new();
    for (rel, abs) in files.iter().filter(|(rel, _)| rel != "SHA256SUMS") {
        let bytes = std::fs::read(abs).unwrap_or_else(|e| panic!("cannot read {}: {e}", abs.display()));
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(&bytes);
    }
    let hex: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            println!("cargo::rerun-if-changed={}", path.display());
            if name != "examples" {
                collect(root, &path, files);
            }
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, path));
        }
    }
}
