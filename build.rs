//! Embeds the reference framework (`schemas/reference/`) into the binary.
//!
//! The generated file is a sorted table of `(relative path, bytes)`, so the embedded framework
//! hashes to the same digest as the folder it came from. Example payloads stay out of the binary:
//! they are test data, not part of the framework a user validates against.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("embedded_framework.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
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
