//! Putting a rendered site in place whole: written into a fresh folder beside the target, then
//! swapped in by renaming, so a web server never serves half of an old site and half of a new.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The files every site nifcheck writes has; a folder holding both may be replaced.
const MARKERS: [&str; 2] = ["index.html", "report.json"];

/// Writes `files` (relative `/`-separated paths) into a new folder and swaps it in for `out`.
pub(super) fn replace_folder(out: &Path, files: &BTreeMap<String, String>) -> Result<()> {
    refuse_foreign_folder(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".nifcheck-site-")
        .tempdir_in(&parent)
        .map_err(|e| Error::write(&parent, e))?;
    for (name, text) in files {
        let path = staging.path().join(name);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| Error::write(folder, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::write(out.join(name), e))?;
    }
    // The old site moves into a folder of its own that deletes itself, with what it holds, when
    // this function returns; until the new site is renamed into place, so does the staging one.
    let retired = tempfile::Builder::new()
        .prefix(".nifcheck-old-")
        .tempdir_in(&parent)
        .map_err(|e| Error::write(&parent, e))?;
    let previous = retired.path().join("site");
    let had_previous = out.exists();
    if had_previous {
        std::fs::rename(out, &previous).map_err(|e| Error::write(out, e))?;
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, out) {
        // Put the old site back rather than leave nothing.
        if had_previous {
            let _ = std::fs::rename(&previous, out);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::write(out, e));
    }
    retired.close().map_err(|e| Error::write(&previous, e))
}

/// `out` may be missing, an empty folder, or a site nifcheck wrote; anything else is an error.
fn refuse_foreign_folder(out: &Path) -> Result<()> {
    let Ok(metadata) = std::fs::symlink_metadata(out) else {
        return Ok(());
    };
    let refuse = |why: &str| {
        Err(Error::usage(
            format!("will not replace {}: {why}", out.display()),
            Some("give --out a new folder, or one that holds a site nifcheck wrote".to_string()),
        ))
    };
    if !metadata.is_dir() {
        return refuse("it is not a folder");
    }
    let mut entries = std::fs::read_dir(out).map_err(|e| Error::read(out, e))?;
    let empty = entries.next().is_none();
    if empty || MARKERS.iter().all(|m| out.join(m).is_file()) {
        Ok(())
    } else {
        refuse("it holds files that are not a nifcheck site")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> BTreeMap<String, String> {
        MARKERS
            .iter()
            .map(|m| (m.to_string(), text.to_string()))
            .chain([("agencies/a.html".to_string(), text.to_string())])
            .collect()
    }

    #[test]
    fn replaces_a_previous_site_whole_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("site");
        replace_folder(&out, &files("first")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(out.join("stale.html"), "old").unwrap_or_else(|e| panic!("{e}"));
        replace_folder(&out, &files("second")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            std::fs::read_to_string(out.join("agencies/a.html")).unwrap_or_default(),
            "second"
        );
        assert!(!out.join("stale.html").exists(), "the old site is gone whole");
        let beside: Vec<_> = std::fs::read_dir(dir.path()).map(|d| d.count()).into_iter().collect();
        assert_eq!(beside, [1], "no staging or old folder left");
    }

    #[test]
    fn refuses_to_replace_a_folder_that_is_not_a_site() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("Cargo.toml"), "[package]").unwrap_or_else(|e| panic!("{e}"));
        let result = replace_folder(dir.path(), &files("x"));
        assert!(matches!(result, Err(Error::Usage { .. })), "{result:?}");
        assert!(dir.path().join("Cargo.toml").exists());
    }
}
