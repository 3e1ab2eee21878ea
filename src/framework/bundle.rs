//! Framework bundles: a `.tar.gz` of the framework folder with a `SHA256SUMS` list, made the
//! same way every time (sorted entries, fixed times, owners and modes, no gzip timestamp) so the
//! same framework always packs to the same bytes, and unpacked with limits on size, count and
//! paths so a hostile bundle cannot write outside its folder or fill the disk.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path};

use flate2::Compression;
use flate2::read::GzDecoder;

use super::files::{FrameworkFiles, SUMS_FILE, file_digest};
use crate::error::{Error, Result};

/// Most bytes a bundle may unpack to.
const MAX_TOTAL: u64 = 256 << 20;
/// Most files a bundle may hold.
const MAX_FILES: usize = 20_000;

/// Packs every file of the folder (examples included) plus `SHA256SUMS`, deterministically.
pub fn pack(dir: &Path) -> Result<Vec<u8>> {
    let files = FrameworkFiles::Dir(dir.to_path_buf());
    let mut all = Vec::new();
    super::files::list_files(dir, dir, &mut all)?;
    all.retain(|rel| rel != SUMS_FILE);
    all.sort();
    let mut contents = BTreeMap::new();
    for rel in &all {
        contents.insert(rel.clone(), files.read(rel)?.into_owned());
    }
    let sums: String = contents
        .iter()
        .map(|(rel, bytes)| format!("{}  {rel}\n", &file_digest(bytes)[7..]))
        .collect();
    contents.insert(SUMS_FILE.to_string(), sums.into_bytes());
    let gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), Compression::best());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for (rel, bytes) in &contents {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, rel, bytes.as_slice())
            .map_err(|e| pack_error(dir, &e))?;
    }
    let gz = tar.into_inner().map_err(|e| pack_error(dir, &e))?;
    gz.finish().map_err(|e| pack_error(dir, &e))
}

fn pack_error(dir: &Path, e: &std::io::Error) -> Error {
    Error::framework(format!("cannot pack {}: {e}", dir.display()), None)
}

/// Unpacks a bundle into memory, checking every path and, when present, `SHA256SUMS`.
pub fn unpack(name: &str, bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>> {
    let bad = |reason: String| Error::framework(format!("{name} is not a usable framework bundle: {reason}"), None);
    check_declared_sizes(bytes).map_err(bad)?;
    let mut archive = tar::Archive::new(GzDecoder::new(bytes));
    let mut files = BTreeMap::new();
    let mut total = 0u64;
    for entry in archive.entries().map_err(|e| bad(e.to_string()))? {
        let mut entry = entry.map_err(|e| bad(e.to_string()))?;
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        let path = entry.path().map_err(|e| bad(e.to_string()))?.into_owned();
        let rel = safe_relative(&path).ok_or_else(|| bad(format!("entry `{}` leaves the bundle", path.display())))?;
        if !kind.is_file() {
            return Err(bad(format!("entry `{rel}` is not a regular file")));
        }
        total += entry.size();
        if total > MAX_TOTAL || files.len() >= MAX_FILES {
            return Err(bad(format!(
                "it unpacks to more than {MAX_TOTAL} bytes or {MAX_FILES} files"
            )));
        }
        let mut contents = Vec::new();
        entry.read_to_end(&mut contents).map_err(|e| bad(e.to_string()))?;
        files.insert(rel, contents);
    }
    // Bundles made by `framework pack` often have a single top folder; accept both shapes.
    if !files.contains_key("framework.toml") {
        let prefixes: std::collections::BTreeSet<&str> =
            files.keys().filter_map(|k| k.split_once('/').map(|(p, _)| p)).collect();
        if let [prefix] = prefixes.into_iter().collect::<Vec<_>>()[..] {
            let prefix = format!("{prefix}/");
            files = files
                .into_iter()
                .filter_map(|(k, v)| k.strip_prefix(&prefix).map(|r| (r.to_string(), v)))
                .collect();
        }
    }
    if let Some(sums) = files.get(SUMS_FILE) {
        let problems = check_sums(&String::from_utf8_lossy(sums), &files);
        if !problems.is_empty() {
            return Err(bad(format!("its {SUMS_FILE} does not match: {}", problems.join("; "))));
        }
    }
    Ok(files)
}

/// Refuses a bundle before unpacking it when its headers declare too much: every header counts
/// (GNU long names, PAX extensions and every entry), since the tar reader holds long names and
/// extensions in memory whatever their declared size. Entries are skipped, not read.
fn check_declared_sizes(bytes: &[u8]) -> std::result::Result<(), String> {
    let mut archive = tar::Archive::new(GzDecoder::new(bytes));
    let entries = archive.entries().map_err(|e| e.to_string())?.raw(true);
    let mut declared = 0u64;
    for (count, entry) in entries.enumerate() {
        let entry = entry.map_err(|e| e.to_string())?;
        declared = declared.saturating_add(entry.header().entry_size().map_err(|e| e.to_string())?);
        if declared > MAX_TOTAL || count >= 2 * MAX_FILES {
            let kind = entry.header().entry_type();
            let what = if kind.is_gnu_longname() || kind.is_gnu_longlink() {
                "a GNU long-name header"
            } else if kind.is_pax_local_extensions() || kind.is_pax_global_extensions() {
                "a PAX header"
            } else {
                "an entry"
            };
            return Err(format!(
                "its headers declare more than {} MiB or {} entries ({what} declares {} bytes)",
                MAX_TOTAL >> 20,
                2 * MAX_FILES,
                entry.header().entry_size().unwrap_or(0)
            ));
        }
    }
    Ok(())
}

fn check_sums(sums: &str, files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut listed = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        let Some((hex, rel)) = line.split_once("  ") else {
            problems.push(format!("bad line `{line}`"));
            continue;
        };
        listed.insert(rel.to_string());
        match files.get(rel) {
            None => problems.push(format!("{rel} is missing")),
            Some(bytes) if file_digest(bytes)[7..] != *hex => problems.push(format!("{rel} differs")),
            Some(_) => {}
        }
    }
    problems.extend(
        files
            .keys()
            .filter(|k| *k != SUMS_FILE && !listed.contains(*k))
            .map(|k| format!("{k} is not listed")),
    );
    problems
}

fn safe_relative(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?.to_string()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_deterministically_and_unpacks_checked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("framework.toml"), "x").unwrap();
        std::fs::write(dir.path().join("a/b.json"), "{}").unwrap();
        let first = pack(dir.path()).unwrap();
        let second = pack(dir.path()).unwrap();
        assert!(!first.is_empty());
        assert_eq!(first, second);
        let files = unpack("t", &first).unwrap();
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            ["SHA256SUMS", "a/b.json", "framework.toml"]
        );
    }

    #[test]
    fn refuses_escaping_paths_and_bad_sums() {
        assert!(safe_relative(Path::new("../etc/passwd")).is_none());
        assert!(safe_relative(Path::new("/etc/passwd")).is_none());
        assert_eq!(safe_relative(Path::new("./a/b")), Some("a/b".into()));
        let mut files = BTreeMap::new();
        files.insert("a".to_string(), b"1".to_vec());
        files.insert("b".to_string(), b"2".to_vec());
        let sums = format!("{}  a\n", &file_digest(b"tampered")[7..]);
        let problems = check_sums(&sums, &files);
        assert_eq!(problems, ["a differs", "b is not listed"]);
    }

    /// A gzipped tar of one extension header declaring `declared` bytes, followed by 2 MB of
    /// zeros: small on disk, and the tar reader would hold the declared size in memory.
    #[allow(clippy::unwrap_used)]
    fn lying_header(kind: tar::EntryType, declared: u64) -> Vec<u8> {
        use std::io::Write as _;
        let mut header = tar::Header::new_gnu();
        header.set_path("././@LongLink").unwrap();
        header.set_entry_type(kind);
        header.set_size(declared);
        header.set_mode(0o644);
        header.set_cksum();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(header.as_bytes()).unwrap();
        gz.write_all(&vec![0u8; 2 << 20]).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn headers_declaring_more_than_the_limit_are_refused_before_reading() {
        for (kind, what) in [
            (tar::EntryType::GNULongName, "GNU long-name header"),
            (tar::EntryType::XHeader, "PAX header"),
            (tar::EntryType::Regular, "an entry"),
        ] {
            let refused = unpack("big.tar.gz", &lying_header(kind, 2 << 30))
                .unwrap_err()
                .to_string();
            assert!(
                refused.contains("big.tar.gz") && refused.contains("256 MiB") && refused.contains(what),
                "{refused}"
            );
        }
    }
}
