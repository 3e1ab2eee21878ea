//! Turning command-line arguments into the files to read (payloads, API descriptions): files, folders (recursive,
//! in sorted order), globs, and `-` for standard input; and documents already in memory (a request's body).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};

/// How a payload file is split into documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// The whole file is one document.
    Single,
    /// Every non-blank line is a document (NDJSON, JSON Lines).
    Lines,
}

/// Where an input's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file, read through [`super::read_policy`].
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// Bytes already read, such as a request's body. A document from memory has no folder, so
    /// the relative references it makes are refused like those of standard input.
    Memory(Arc<[u8]>),
}

/// One payload file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The name findings carry: the path as given, `<stdin>`, or the name a caller chose.
    pub name: String,
    /// Where its bytes are.
    pub origin: Origin,
    /// How it is split.
    pub framing: Framing,
}

impl Input {
    /// A file.
    pub fn file(path: PathBuf, framing: Framing) -> Input {
        Input {
            name: path.display().to_string(),
            origin: Origin::File(path),
            framing,
        }
    }

    /// Bytes in memory, reported under `name`.
    pub fn memory(name: impl Into<String>, bytes: impl Into<Arc<[u8]>>, framing: Framing) -> Input {
        Input {
            name: name.into(),
            origin: Origin::Memory(bytes.into()),
            framing,
        }
    }

    /// The file, when the input is one.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(path) => Some(path),
            Origin::Stdin | Origin::Memory(_) => None,
        }
    }

    /// The whole input: the file, everything on standard input, or the bytes in memory.
    pub fn read_all(&self) -> Result<Vec<u8>> {
        match &self.origin {
            Origin::File(path) => crate::source::read_policy::read(path),
            Origin::Memory(bytes) => Ok(bytes.to_vec()),
            Origin::Stdin => {
                let cap = super::read_policy::MAX_FILE_BYTES;
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut std::io::Read::take(std::io::stdin(), cap + 1), &mut bytes)
                    .map_err(|e| Error::read("<stdin>", e))?;
                if bytes.len() as u64 > cap {
                    return Err(Error::read(
                        "<stdin>",
                        std::io::Error::other(format!("it is larger than {} MiB, the most nifcheck reads", cap >> 20)),
                    ));
                }
                Ok(bytes)
            }
        }
    }
}

/// Extensions picked up when a folder is walked.
const PAYLOAD_EXTENSIONS: &[&str] = &["json", "ndjson", "jsonl", "xml"];

/// Expands the arguments. `force_lines` is `--ndjson`.
pub fn expand(args: &[String], force_lines: bool) -> Result<Vec<Input>> {
    expand_with(args, force_lines, PAYLOAD_EXTENSIONS)
}

/// Expands the arguments; folders are searched for files with one of `extensions`.
pub fn expand_with(args: &[String], force_lines: bool, extensions: &[&str]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for arg in args {
        if arg == "-" {
            let framing = if force_lines { Framing::Lines } else { Framing::Single };
            inputs.push(Input {
                name: "<stdin>".into(),
                origin: Origin::Stdin,
                framing,
            });
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, extensions, &mut found)?;
            found.sort();
            inputs.extend(found.into_iter().map(|p| input(p, force_lines)));
        } else if path.exists() {
            inputs.push(input(path.to_path_buf(), force_lines));
        } else if arg.contains(['*', '?', '[']) {
            let options = glob::MatchOptions {
                require_literal_leading_dot: true,
                ..glob::MatchOptions::new()
            };
            let paths =
                glob::glob_with(arg, options).map_err(|e| Error::usage(format!("bad glob `{arg}`: {e}"), None))?;
            let mut matched: Vec<PathBuf> = paths
                .filter_map(std::result::Result::ok)
                .filter(|p| p.is_file())
                .collect();
            if matched.is_empty() {
                return Err(Error::usage(format!("no file matches `{arg}`"), None));
            }
            matched.sort();
            // A glob is a walk of the folder it starts in: what it matches stays inside it.
            let base = glob_base(arg);
            for path in &matched {
                super::read_policy::admit(path, Some(&base))?;
            }
            inputs.extend(matched.into_iter().map(|p| input(p, force_lines)));
        } else {
            return Err(Error::read(path, std::io::Error::from(std::io::ErrorKind::NotFound)));
        }
    }
    Ok(inputs)
}

/// The folder a glob starts in: its components before the first with a pattern character.
fn glob_base(glob: &str) -> PathBuf {
    let base: PathBuf = Path::new(glob)
        .components()
        .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
        .collect();
    if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    }
}

fn input(path: PathBuf, force_lines: bool) -> Input {
    let lines = force_lines || matches!(path.extension().and_then(|e| e.to_str()), Some("ndjson" | "jsonl"));
    Input::file(path, if lines { Framing::Lines } else { Framing::Single })
}

/// The payload files below `dir`: regular files inside it, links resolved (see
/// [`super::read_policy::files_below`]).
fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> Result<()> {
    let wanted = |path: &Path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
    };
    out.extend(super::read_policy::files_below(dir, dir, &wanted)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_folders_globs_and_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b")).unwrap();
        for name in ["a.json", "b/c.ndjson", "b/skip.txt", ".hidden.json"] {
            std::fs::write(root.join(name), "{}").unwrap();
        }
        let names = |args: &[String]| -> Vec<(String, Framing)> {
            expand(args, false)
                .unwrap()
                .into_iter()
                .map(|i| (i.name, i.framing))
                .collect()
        };
        let all = names(&[root.display().to_string()]);
        assert_eq!(all.len(), 2);
        assert!(all[0].0.ends_with("a.json") && all[0].1 == Framing::Single);
        assert!(all[1].0.ends_with("c.ndjson") && all[1].1 == Framing::Lines);
        assert_eq!(names(&[format!("{}/*.json", root.display())]).len(), 1);
        assert_eq!(names(&["-".into()]), [("<stdin>".to_string(), Framing::Single)]);
        assert!(expand(&[format!("{}/nothing", root.display())], false).is_err());
        assert!(expand(&[format!("{}/*.xml", root.display())], false).is_err());
        assert_eq!(glob_base("a/b/*.json"), Path::new("a/b"));
        assert_eq!(glob_base("**/*.json"), Path::new("."));
    }

    #[cfg(unix)]
    #[test]
    fn globs_refuse_links_leading_outside_their_folder() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.json"), "{}").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.json"), dir.path().join("leak.json")).unwrap();
        let refused = expand(&[format!("{}/*.json", dir.path().display())], false)
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains("leak.json") && refused.contains("outside"),
            "{refused}"
        );
    }
}
