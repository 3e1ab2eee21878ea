//! Embeds the reference framework (`schemas/reference/`) into the binary.
//!
//! The generated file is a sorted table of `(relative path, bytes)`, so the embedded framework
//! hashes to the same digest as the folder it came from. Example payloads stay out of the binary:
//! they are test data, not part of the framework a user validates against.
//!
//! The embedded framework's digest is computed here too, once, instead of on every run (hashing
//! it cost a one-file validation a fifth of its instructions); a unit test checks it against the
//! digest computed at run time the way every other framework's is.

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
}

fn write(dest: &Path, text: &str) {
    if let Err(e) = std::fs::write(dest, text) {
        panic!("cannot write {}: {e}", dest.display());
    }
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
