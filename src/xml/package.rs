//! The package of `validate --schema FILE.xsd`: the folder that holds the schema and every
//! schema its imports, includes and redefines reach, found rather than given.
//!
//! Published packages keep their document schemas in one folder and their shared modules in a
//! sibling (`maindoc/UBL-Invoice-2.4.xsd` imports `../common/…`), so the schema's own folder is
//! too narrow a root. The root starts at the schema's folder and widens to the nearest ancestor
//! holding every file the graph reaches, within bounds that no location can move:
//! - at most [`MAX_LEVELS`] folders above the schema's folder;
//! - never the file system's root nor a folder directly below it (`/`, `/home`, `/tmp`);
//! - never when the schema lies under a system folder ([`SYSTEM_FOLDERS`]): it may then use its
//!   own folder only.
//!
//! A location beyond those bounds is refused at its place, and so is a symbolic link that leads
//! out of the final root. Remote and absolute locations are refused whatever the root, and
//! `xsi:schemaLocation` in a payload is never read. Every file is read through
//! [`crate::source::read_policy`].

use std::path::{Component, Path, PathBuf};

use super::schema::{Scan, SchemaGraph, SchemaStore, refusal_below};
use crate::error::{Error, Result};
use crate::source::read_policy;

/// How many folders above the schema's own folder the package root may be.
pub const MAX_LEVELS: usize = 6;

/// Folders a package root is never widened into.
pub const SYSTEM_FOLDERS: &[&str] = &["/proc", "/sys", "/dev", "/etc"];

/// Reads the schema at `path` and everything it reaches, in its package. The documents' `rel`s
/// are relative to the package root, which [`Package::root`] gives.
pub fn load(path: &Path) -> Result<Package> {
    load_scanned(path, Scan::Parse)
}

/// [`load`], finding each document's locations as `scan` says.
pub fn load_scanned(path: &Path, scan: Scan) -> Result<Package> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::usage(format!("{} is not a file", path.display()), None))?;
    let given_folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(PathBuf::new, Path::to_path_buf);
    let admitted = read_policy::admit(path, None).map_err(Error::from)?;
    let folder = admitted
        .resolved
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    let limit = limit_for(&folder);
    let folder_rel = relative_parts(&folder, &limit).join("/");
    let store = Bounded {
        limit: limit.clone(),
        folder_rel: folder_rel.clone(),
        given_folder,
    };
    let main = if folder_rel.is_empty() {
        name
    } else {
        format!("{folder_rel}/{name}")
    };
    let mut graph = SchemaGraph::load_scanned(&store, &main, scan)?;
    let root_rel = common_folder(&folder_rel, graph.docs.iter().map(|d| d.rel.as_str()));
    let root = if root_rel.is_empty() {
        limit
    } else {
        limit.join(&root_rel)
    };
    for (i, doc) in graph.docs.iter().enumerate() {
        if let Some(reason) = refusal_below(&store.limit.join(&doc.rel), &root) {
            return Err(graph.refused_at_origin(i, &format!("{reason} (the schema package)")));
        }
    }
    graph.rebase(&root_rel);
    Ok(Package { graph, root })
}

/// A schema graph and the folder its `rel`s are relative to.
#[derive(Debug)]
pub struct Package {
    /// The schema and what it reaches.
    pub graph: SchemaGraph,
    root: PathBuf,
}

impl Package {
    /// The package root: the schema's folder or the nearest ancestor holding every file.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// The folder above which no location may lead, for a schema in `folder` (resolved).
fn limit_for(folder: &Path) -> PathBuf {
    if SYSTEM_FOLDERS.iter().any(|system| folder.starts_with(system)) {
        return folder.to_path_buf();
    }
    let depth = folder
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count();
    let up = MAX_LEVELS.min(depth.saturating_sub(2));
    folder
        .ancestors()
        .nth(up)
        .map_or_else(|| folder.to_path_buf(), Path::to_path_buf)
}

/// The names of the folders from `ancestor` down to `path`.
fn relative_parts(path: &Path, ancestor: &Path) -> Vec<String> {
    path.strip_prefix(ancestor)
        .map(|rest| {
            rest.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The deepest folder (`a/b`, or `` for the root) that holds `folder` and every file of `rels`.
fn common_folder<'r>(folder: &str, rels: impl Iterator<Item = &'r str>) -> String {
    let mut common: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for rel in rels {
        let parts: Vec<&str> = rel.split('/').collect();
        let dirs = parts.get(..parts.len().saturating_sub(1)).unwrap_or(&[]);
        let shared = common.iter().zip(dirs).take_while(|(a, b)| a == b).count();
        common.truncate(shared);
    }
    common.join("/")
}

/// The files below the limit, named in messages as the command line named the schema.
struct Bounded {
    limit: PathBuf,
    /// The schema's folder, relative to the limit.
    folder_rel: String,
    /// The schema's folder as given on the command line.
    given_folder: PathBuf,
}

impl SchemaStore for Bounded {
    fn read(&self, rel: &str) -> Result<Vec<u8>> {
        read_policy::read_confined(&self.limit.join(rel), Some(&self.limit), read_policy::MAX_FILE_BYTES)
            .map_err(Error::from)
    }

    fn display(&self, rel: &str) -> String {
        // The path from the schema's folder to the file, joined to the folder as given.
        let mut from: Vec<&str> = self.folder_rel.split('/').filter(|p| !p.is_empty()).collect();
        let to: Vec<&str> = rel.split('/').collect();
        let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        let ups = from.len() - shared;
        from.truncate(shared);
        let mut shown = self.given_folder.clone();
        for _ in 0..ups {
            if matches!(shown.components().next_back(), Some(Component::Normal(_))) {
                shown.pop();
            } else {
                shown.push("..");
            }
        }
        for part in to.get(shared..).unwrap_or(&[]) {
            shown.push(part);
        }
        shown.display().to_string()
    }

    fn scope(&self) -> String {
        "the schema package".to_string()
    }

    fn bounds(&self) -> String {
        format!(
            " (no higher than {}: at most {MAX_LEVELS} levels above the schema's folder, never a top-level folder)",
            crate::source::printable::control(&self.limit.display().to_string())
        )
    }

    fn refuses(&self, rel: &str) -> Option<String> {
        // Outside the schema's own folder, hidden files and folders are never part of a
        // package: the root may widen to a home folder, where `.ssh/` is not a schema.
        let inside: Vec<&str> = self.folder_rel.split('/').filter(|p| !p.is_empty()).collect();
        let parts: Vec<&str> = rel.split('/').collect();
        let shared = inside.iter().zip(&parts).take_while(|(a, b)| a == b).count();
        if let Some(hidden) = parts.get(shared..).unwrap_or(&[]).iter().find(|p| p.starts_with('.')) {
            return Some(format!("`{hidden}` is hidden: a package's files are not hidden ones"));
        }
        refusal_below(&self.limit.join(rel), &self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_bounded_by_levels_and_top_level_folders() {
        assert_eq!(limit_for(Path::new("/a/b/c/d/e/f/g/h/i")), PathBuf::from("/a/b/c"));
        assert_eq!(limit_for(Path::new("/tmp/x/pkg/maindoc")), PathBuf::from("/tmp/x"));
        assert_eq!(limit_for(Path::new("/tmp")), PathBuf::from("/tmp"));
        assert_eq!(limit_for(Path::new("/")), PathBuf::from("/"));
        assert_eq!(
            limit_for(Path::new("/etc/xml/schemas")),
            PathBuf::from("/etc/xml/schemas")
        );
    }

    #[test]
    fn the_root_is_the_nearest_folder_holding_everything() {
        let rels = ["p/maindoc/Main.xsd", "p/common/Common.xsd", "p/common/Types.xsd"];
        assert_eq!(common_folder("p/maindoc", rels.into_iter()), "p");
        assert_eq!(
            common_folder("p/maindoc", ["p/maindoc/Main.xsd"].into_iter()),
            "p/maindoc"
        );
        assert_eq!(common_folder("", ["Main.xsd"].into_iter()), "");
    }

    #[test]
    fn files_are_named_from_the_folder_as_given() {
        let store = Bounded {
            limit: PathBuf::from("/x"),
            folder_rel: "p/maindoc".into(),
            given_folder: PathBuf::from("pkg/maindoc"),
        };
        assert_eq!(store.display("p/common/C.xsd"), "pkg/common/C.xsd");
        assert_eq!(store.display("p/maindoc/M.xsd"), "pkg/maindoc/M.xsd");
        let store = Bounded {
            given_folder: PathBuf::new(),
            ..store
        };
        assert_eq!(store.display("p/common/C.xsd"), "../common/C.xsd");
    }
}
