//! What nifcheck may read from disk, decided in one place.
//!
//! Every file a user names, a folder holds or a reference reaches is read through here:
//! - only regular files: a FIFO would block the run forever, a device (`/dev/zero`) never ends,
//!   and nothing under `/proc`, `/sys` or `/dev` is a document;
//! - symlinks are resolved, and when a root is given the file they lead to must be below it, so
//!   a link in a pull request cannot carry `/etc/passwd` into a report;
//! - sizes are capped before reading (the file's length) and while reading (a file that grows
//!   is cut at the cap), so memory stays bounded whatever the file claims.
//!
//! The type is checked on the path's metadata before it is opened (opening a FIFO blocks) and
//! again on the open handle, which is opened non-blocking, so a file swapped in between cannot
//! hang the run either.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Most bytes of one file read whole (schemas, descriptions, manifests, single payloads).
/// Streamed payloads (NDJSON, big XML files) are not read whole and have their own limits.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// Folders whose entries are not documents, whatever a link says.
const SYSTEM_FOLDERS: &[&str] = &["/proc", "/sys", "/dev"];

/// Why a path may not be read.
#[derive(Debug)]
pub enum Refusal {
    /// It resolves to a file outside the root it must stay in.
    Outside {
        /// The path as given.
        path: PathBuf,
        /// Where it leads.
        resolved: PathBuf,
        /// The root it must stay below.
        root: PathBuf,
    },
    /// It is not a regular file (a FIFO, a device, a socket, a folder, a system file).
    NotRegular {
        /// The path as given.
        path: PathBuf,
        /// What it is instead.
        what: &'static str,
    },
    /// It is bigger than the cap.
    TooBig {
        /// The path as given.
        path: PathBuf,
        /// The cap, in bytes.
        cap: u64,
    },
    /// The operating system could not read it.
    Io {
        /// The path as given.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl Refusal {
    /// The path as given.
    pub fn path(&self) -> &Path {
        match self {
            Refusal::Outside { path, .. }
            | Refusal::NotRegular { path, .. }
            | Refusal::TooBig { path, .. }
            | Refusal::Io { path, .. } => path,
        }
    }

    /// Why, without the path.
    fn reason(&self) -> String {
        match self {
            Refusal::Outside { resolved, root, .. } => format!(
                "it leads to {}, outside {}; nifcheck reads only files inside it",
                super::printable::control(&resolved.display().to_string()),
                super::printable::control(&root.display().to_string())
            ),
            Refusal::NotRegular { what, .. } => format!("it is {what}, not a regular file"),
            Refusal::TooBig { cap, .. } => format!("it is larger than {} MiB, the most nifcheck reads", cap >> 20),
            Refusal::Io { source, .. } => source.to_string(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path().display().to_string();
        write!(f, "cannot read {}: {}", super::printable::control(&path), self.reason())
    }
}

impl std::error::Error for Refusal {}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        let path = refusal.path().to_path_buf();
        let source = match refusal {
            Refusal::Io { source, .. } => source,
            other => std::io::Error::new(std::io::ErrorKind::PermissionDenied, other.reason()),
        };
        Error::read(path, source)
    }
}

/// A regular file that may be read: where it really is, and its length when checked.
#[derive(Debug, Clone)]
pub struct Admitted {
    /// The path with every symlink resolved.
    pub resolved: PathBuf,
    /// Its length in bytes.
    pub len: u64,
}

/// Whether `path` may be read: a regular file, not under a system folder, and below `root`
/// (resolved) when one is given. Nothing is opened.
pub fn admit(path: &Path, root: Option<&Path>) -> Result<Admitted, Refusal> {
    let io = |source| Refusal::Io {
        path: path.to_path_buf(),
        source,
    };
    let resolved = match std::fs::canonicalize(path) {
        Ok(resolved) => resolved,
        Err(source) => {
            // Not there: a path that would leave the root is refused as such, not as missing.
            if let Some(root) = root
                && let Ok(written) = std::path::absolute(path).map(|p| lexical(&p))
                && !written.starts_with(canonical_root(root))
            {
                return Err(Refusal::Outside {
                    path: path.to_path_buf(),
                    resolved: written,
                    root: canonical_root(root),
                });
            }
            return Err(io(source));
        }
    };
    if let Some(root) = root {
        let root = canonical_root(root);
        if !resolved.starts_with(&root) {
            return Err(Refusal::Outside {
                path: path.to_path_buf(),
                resolved,
                root,
            });
        }
    }
    if SYSTEM_FOLDERS.iter().any(|folder| resolved.starts_with(folder)) {
        return Err(Refusal::NotRegular {
            path: path.to_path_buf(),
            what: "a system file",
        });
    }
    let metadata = std::fs::metadata(&resolved).map_err(io)?;
    regular(path, &metadata.file_type())?;
    Ok(Admitted {
        resolved,
        len: metadata.len(),
    })
}

/// Opens a regular file for streaming; the length is not capped.
pub fn open(path: &Path, root: Option<&Path>) -> Result<File, Refusal> {
    let admitted = admit(path, root)?;
    open_admitted(path, &admitted.resolved)
}

/// Reads a whole regular file, at most [`MAX_FILE_BYTES`].
pub fn read(path: &Path) -> crate::Result<Vec<u8>> {
    read_confined(path, None, MAX_FILE_BYTES).map_err(Error::from)
}

/// Reads a whole regular file as UTF-8 text, at most [`MAX_FILE_BYTES`].
pub fn read_to_string(path: &Path) -> crate::Result<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        Error::read(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("it is not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
            ),
        )
    })
}

/// Reads a whole regular file that must lie below `root` (when given), at most `cap` bytes.
pub fn read_confined(path: &Path, root: Option<&Path>, cap: u64) -> Result<Vec<u8>, Refusal> {
    let admitted = admit(path, root)?;
    let too_big = || Refusal::TooBig {
        path: path.to_path_buf(),
        cap,
    };
    if admitted.len > cap {
        return Err(too_big());
    }
    let file = open_admitted(path, &admitted.resolved)?;
    let mut bytes = Vec::with_capacity(usize::try_from(admitted.len).unwrap_or(0));
    // One byte past the cap tells a file that grew since it was measured from one that fits.
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| Refusal::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > cap {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Every file below `dir` that `wanted` picks, recursively, hidden entries (`.name`) skipped.
/// Each file picked must be a regular file below `root` once its links are resolved; anything
/// else is refused, naming it. Linked folders are followed when they stay below `root`, each
/// at most once. The order is the file system's: callers sort.
pub fn files_below(dir: &Path, root: &Path, wanted: &dyn Fn(&Path) -> bool) -> crate::Result<Vec<PathBuf>> {
    let root = std::fs::canonicalize(root).map_err(|e| Error::read(root, e))?;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    walk(dir, &root, wanted, &mut seen, &mut out)?;
    Ok(out)
}

fn walk(
    dir: &Path,
    root: &Path,
    wanted: &dyn Fn(&Path) -> bool,
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> crate::Result<()> {
    let resolved = std::fs::canonicalize(dir).map_err(|e| Error::read(dir, e))?;
    if !resolved.starts_with(root) {
        return Err(Refusal::Outside {
            path: dir.to_path_buf(),
            resolved,
            root: root.to_path_buf(),
        }
        .into());
    }
    if !seen.insert(resolved) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))? {
        let entry = entry.map_err(|e| Error::read(dir, e))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Following the link to learn its kind never opens it.
        let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir {
            walk(&path, root, wanted, seen, out)?;
        } else if wanted(&path) {
            admit(&path, Some(root))?;
            out.push(path);
        }
    }
    Ok(())
}

fn canonical_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn regular(path: &Path, kind: &std::fs::FileType) -> Result<(), Refusal> {
    if kind.is_file() {
        return Ok(());
    }
    Err(Refusal::NotRegular {
        path: path.to_path_buf(),
        what: describe(kind),
    })
}

fn describe(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Opens without blocking (a FIFO swapped in after the check would otherwise wait for a
/// writer forever), then checks the handle itself is a regular file.
fn open_admitted(path: &Path, resolved: &Path) -> Result<File, Refusal> {
    let io = |source| Refusal::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(resolved).map_err(io)?;
    regular(path, &file.metadata().map_err(io)?.file_type())?;
    Ok(file)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_and_caps_them() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        std::fs::write(&file, "0123456789").unwrap();
        assert_eq!(read_confined(&file, Some(dir.path()), 10).unwrap(), b"0123456789");
        let refused = read_confined(&file, Some(dir.path()), 9).unwrap_err();
        assert!(matches!(refused, Refusal::TooBig { .. }), "{refused}");
        assert!(refused.to_string().contains("a.json"));
    }

    #[test]
    fn refuses_system_files_and_folders() {
        for path in ["/dev/zero", "/proc/self/environ", "/dev/null"] {
            if Path::new(path).exists() {
                let refused = read(Path::new(path)).unwrap_err().to_string();
                assert!(
                    refused.contains(path) && refused.contains("not a regular file"),
                    "{refused}"
                );
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let refused = read(dir.path()).unwrap_err().to_string();
        assert!(refused.contains("a folder"), "{refused}");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_leaving_the_root_and_fifos_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let link = root.join("link.json");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), &link).unwrap();
        let refused = read_confined(&link, Some(&root), MAX_FILE_BYTES).unwrap_err();
        assert!(matches!(refused, Refusal::Outside { .. }), "{refused}");
        assert!(refused.to_string().contains("link.json"));
        assert_eq!(read_confined(&link, None, MAX_FILE_BYTES).unwrap(), b"secret");

        let fifo = root.join("pipe.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let refused = read_confined(&fifo, Some(&root), MAX_FILE_BYTES).unwrap_err();
            assert!(refused.to_string().contains("a FIFO"), "{refused}");
            assert!(open(&fifo, None).is_err());
        }
    }

    #[cfg(unix)]
    #[test]
    fn walking_refuses_what_it_may_not_read_and_follows_links_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.json"), "{}").unwrap();
        std::fs::write(root.join(".hidden.json"), "{}").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        let all = |_: &Path| true;
        let found = files_below(root, root, &all).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.json")).unwrap();
        let refused = files_below(root, root, &all).unwrap_err().to_string();
        assert!(refused.contains("zero.json"), "{refused}");
        let json_only = |p: &Path| p.extension().is_some_and(|e| e == "txt");
        assert!(files_below(root, root, &json_only).unwrap().is_empty());
    }
}
