//! Reading a government folder: the manifests (syntax, published schema, then meaning), the
//! agency folders its globs name, and the confinement of every relative path.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::manifest::{AGENCY_SCHEMA, AgencyManifest, GOVERNMENT_SCHEMA, GovernmentManifest};
use super::{AGENCY_FILE, Agency, Government};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::framework::{CodeProblem, Framework, StandardRef};
use crate::source::{TomlDocument, check_toml_against_schema, parse_toml};

/// The file that makes a folder a government.
pub const GOVERNMENT_FILE: &str = "government.toml";

/// Manifests larger than this are refused before they are read.
const MANIFEST_LIMIT: u64 = 4 * 1024 * 1024;

/// The nearest folder at or above `start` holding `government.toml`, named from `start` the
/// way the user named it (`agencies/x` finds `agencies/x/../..` as `.`), so findings keep
/// relative file names.
pub fn find_government(start: &Path) -> Option<PathBuf> {
    let depth = std::fs::canonicalize(start).ok()?.ancestors().count();
    let mut candidate = start.to_path_buf();
    for _ in 0..depth {
        if candidate.join(GOVERNMENT_FILE).is_file() {
            let named = lexical(&candidate);
            return Some(if named.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                named
            });
        }
        candidate.push("..");
    }
    None
}

impl Government {
    /// Reads `government.toml` in `dir` and every agency folder it names. The agencies are
    /// checked on their own here; [`Government::check_against`] checks them against the
    /// framework and each other.
    pub fn load(dir: &Path) -> Result<Government> {
        let root = std::fs::canonicalize(dir).map_err(|e| Error::read(dir, e))?;
        let name = dir.join(GOVERNMENT_FILE).display().to_string();
        let (text, doc) = read_manifest(
            &dir.join(GOVERNMENT_FILE),
            &name,
            GOVERNMENT_SCHEMA,
            "the government manifest format",
            "schemas/government.schema.json",
        )?;
        let manifest: GovernmentManifest =
            serde_json::from_value(doc.value.clone()).map_err(|e| Error::framework(format!("{name}: {e}"), None))?;
        let at = |pointer: &str, message: String, label: &str| {
            let span = doc.span(pointer).map_or(0..0, |s| s.start..s.end);
            Error::at(&name, &text, span, message, label, None)
        };
        if let Some(date) = &manifest.government.as_of
            && let Err(message) = date.parse::<Date>()
        {
            return Err(at("/government/as-of", message, "not a date"));
        }
        let mut folders = Vec::new();
        for (n, pattern) in manifest.government.agencies.iter().enumerate() {
            let pointer = format!("/government/agencies/{n}");
            if escapes(Path::new(pattern)) {
                return Err(at(
                    &pointer,
                    format!("`{pattern}` leaves the government folder"),
                    "outside the folder",
                ));
            }
            let matched = glob_in(dir, pattern).map_err(|message| at(&pointer, message, "here"))?;
            let agencies: Vec<PathBuf> = matched.into_iter().filter(|p| p.join(AGENCY_FILE).is_file()).collect();
            if agencies.is_empty() {
                return Err(at(
                    &pointer,
                    format!("`{pattern}` names no folder holding {AGENCY_FILE}"),
                    "matches no agency",
                ));
            }
            folders.extend(agencies);
        }
        folders.sort();
        folders.dedup();
        let mut agencies = Vec::with_capacity(folders.len());
        for folder in folders {
            confined(&root, &folder)?;
            agencies.push(Agency::load(&folder, &root)?);
        }
        agencies.sort_by(|a, b| a.id().cmp(b.id()));
        for pair in agencies.windows(2) {
            if pair[0].id() == pair[1].id() {
                return Err(pair[1].error(
                    "/agency/id",
                    format!(
                        "agency `{}` is also declared in {}",
                        pair[1].id(),
                        pair[0].manifest_file()
                    ),
                    "declared twice",
                ));
            }
        }
        Ok(Government {
            dir: dir.to_path_buf(),
            manifest,
            agencies,
        })
    }

    /// The check date the manifest gives, if any.
    pub fn as_of(&self) -> Option<Date> {
        self.manifest.government.as_of.as_deref().and_then(|d| d.parse().ok())
    }

    /// Checks every agency against the framework (its levels, its agency register, its
    /// standards) and its parent against the government.
    pub fn check_against(&self, framework: Option<&Framework>, as_of: Date) -> Result<()> {
        for agency in &self.agencies {
            agency.check_against(framework, as_of)?;
            let Some(parent) = &agency.manifest.agency.parent else {
                continue;
            };
            match self.agency(parent) {
                Some(above) => {
                    if let Some(levels) = framework.map(|f| &f.manifest.framework.levels) {
                        let rank = |level: &str| levels.iter().position(|l| l == level);
                        if rank(above.level()) > rank(agency.level()) {
                            return Err(agency.error(
                                "/agency/parent",
                                format!(
                                    "parent `{parent}` is at the {} level, below this {} agency",
                                    above.level(),
                                    agency.level()
                                ),
                                "parent below",
                            ));
                        }
                    }
                }
                None if framework.is_some_and(has_register) => {}
                None => {
                    return Err(agency.error(
                        "/agency/parent",
                        format!("parent `{parent}` is not an agency of this government"),
                        "unknown agency",
                    ));
                }
            }
        }
        Ok(())
    }
}

fn has_register(framework: &Framework) -> bool {
    framework.manifest.code_lists.iter().any(|l| l.id == "agency")
}

impl Agency {
    /// Reads `agency.toml` in `dir`; relative paths may not leave `root`.
    pub fn load(dir: &Path, root: &Path) -> Result<Agency> {
        let path = dir.join(AGENCY_FILE);
        let name = path.display().to_string();
        let (text, doc) = read_manifest(
            &path,
            &name,
            AGENCY_SCHEMA,
            "the agency manifest format",
            "schemas/agency.schema.json",
        )?;
        let manifest: AgencyManifest =
            serde_json::from_value(doc.value.clone()).map_err(|e| Error::framework(format!("{name}: {e}"), None))?;
        let agency = Agency {
            dir: dir.to_path_buf(),
            root: root.to_path_buf(),
            manifest,
            text: Arc::from(text),
            doc,
        };
        agency.check_files()?;
        Ok(agency)
    }

    /// An error at a manifest entry (exit 2).
    pub(super) fn error(&self, pointer: &str, message: String, label: &str) -> Error {
        let span = self.doc.span(pointer).map_or(0..0, |s| s.start..s.end);
        Error::at(&self.manifest_file(), &self.text, span, message, label, None)
    }

    /// Every file the manifest names exists and stays inside the root; ids are unique.
    fn check_files(&self) -> Result<()> {
        let m = &self.manifest;
        let mut ids = BTreeMap::new();
        for (n, service) in m.services.iter().enumerate() {
            if let Some(first) = ids.insert(service.id.as_str(), n) {
                return Err(self.error(
                    &format!("/services/{n}/id"),
                    format!("service `{}` is also declared as service {first}", service.id),
                    "declared twice",
                ));
            }
            self.existing_file(&format!("/services/{n}/openapi"), &service.openapi)?;
        }
        for (n, profile) in m.profiles.iter().enumerate() {
            self.existing_file(&format!("/profiles/{n}/schema"), &profile.schema)?;
        }
        for (n, sample) in m.samples.iter().enumerate() {
            if let Some(schema) = &sample.schema {
                let file = schema.split('#').next().unwrap_or(schema);
                self.existing_file(&format!("/samples/{n}/schema"), file)?;
            }
            self.sample_files(n)?;
        }
        Ok(())
    }

    fn existing_file(&self, pointer: &str, relative: &str) -> Result<PathBuf> {
        let path = self.file(relative);
        if escapes(Path::new(relative)) && confined(&self.root, &lexical(&path)).is_err() {
            return Err(self.error(
                pointer,
                format!("`{relative}` leaves the folder {}", self.root.display()),
                "outside the folder",
            ));
        }
        if !path.is_file() {
            return Err(self.error(pointer, format!("`{relative}` is not a file"), "no such file"));
        }
        confined(&self.root, &path).map_err(|_| {
            self.error(
                pointer,
                format!("`{relative}` leads outside the folder {}", self.root.display()),
                "outside the folder",
            )
        })?;
        Ok(path)
    }

    /// Checks the agency against the framework: its level, its place in the agency register,
    /// and the standards its manifest names.
    pub fn check_against(&self, framework: Option<&Framework>, as_of: Date) -> Result<()> {
        let Some(framework) = framework else {
            return Ok(());
        };
        let section = &self.manifest.agency;
        let levels = &framework.manifest.framework.levels;
        if !levels.contains(&section.level) {
            return Err(self.error(
                "/agency/level",
                format!(
                    "`{}` is not a level of {}; its levels are {}",
                    section.level,
                    framework.manifest.framework.id,
                    levels.join(", ")
                ),
                "unknown level",
            ));
        }
        if has_register(framework) {
            self.check_register(framework, as_of)?;
        }
        let m = &self.manifest;
        let claims = m.services.iter().enumerate().flat_map(|(n, s)| {
            s.implements
                .iter()
                .enumerate()
                .map(move |(k, c)| (format!("/services/{n}/implements/{k}"), c))
        });
        let profiles = m
            .profiles
            .iter()
            .enumerate()
            .map(|(n, p)| (format!("/profiles/{n}/profile-of"), &p.profile_of));
        let samples = m
            .samples
            .iter()
            .enumerate()
            .filter_map(|(n, s)| s.standard.as_ref().map(|r| (format!("/samples/{n}/standard"), r)));
        for (pointer, reference) in claims.chain(profiles).chain(samples) {
            let parsed: StandardRef = reference
                .parse()
                .map_err(|e: String| self.error(&pointer, e, "not a standard"))?;
            if let Err(e) = framework.resolve(&parsed) {
                return Err(self.error(&pointer, e.to_string(), "no such standard"));
            }
        }
        for (n, consumes) in m.consumes.iter().enumerate() {
            if self.expected_standard(framework, &consumes.expects).is_none() {
                self.existing_file(&format!("/consumes/{n}/expects"), &consumes.expects)?;
            }
        }
        Ok(())
    }

    /// `expects` as a standard requirement, when it names a standard of the framework.
    pub fn expected_standard(&self, framework: &Framework, expects: &str) -> Option<StandardRef> {
        let reference: StandardRef = expects.parse().ok()?;
        framework
            .standards
            .iter()
            .any(|s| s.entry.id == reference.id)
            .then_some(reference)
    }

    fn check_register(&self, framework: &Framework, as_of: Date) -> Result<()> {
        let section = &self.manifest.agency;
        let register = framework.code_lists().get("agency")?;
        let Some(entry) = register.code(&section.id) else {
            return Err(self.error(
                "/agency/id",
                format!("`{}` is not in the agency register {}", section.id, register.label()),
                "unknown agency",
            ));
        };
        if let Err(problem) = register.check(&section.id, as_of) {
            let why = match problem {
                CodeProblem::Retired(to) => format!("it left the register after {to}"),
                CodeProblem::NotYetValid(from) => format!("it joins the register on {from}"),
                CodeProblem::Unknown => "it is not registered".into(),
            };
            return Err(self.error(
                "/agency/id",
                format!("`{}` is not a registered agency on {as_of}: {why}", section.id),
                "not valid on the check date",
            ));
        }
        if let Some(level) = entry.extra.get("level")
            && level != &section.level
        {
            return Err(self.error(
                "/agency/level",
                format!("the agency register puts `{}` at the {level} level", section.id),
                "differs from the register",
            ));
        }
        let registered_parent = entry.extra.get("parent");
        match (&section.parent, registered_parent) {
            (Some(parent), _) if register.code(parent).is_none() => Err(self.error(
                "/agency/parent",
                format!("parent `{parent}` is not in the agency register {}", register.label()),
                "unknown agency",
            )),
            (Some(parent), Some(registered)) if parent != registered => Err(self.error(
                "/agency/parent",
                format!("the agency register gives `{}` the parent `{registered}`", section.id),
                "differs from the register",
            )),
            _ => Ok(()),
        }
    }
}

/// The files of a `[[samples]]` entry.
pub(super) fn sample_files(agency: &Agency, index: usize) -> Result<Vec<PathBuf>> {
    let pointer = format!("/samples/{index}/files");
    let Some(sample) = agency.manifest.samples.get(index) else {
        return Ok(Vec::new());
    };
    let pattern = &sample.files;
    if escapes(Path::new(pattern)) && confined(&agency.root, &lexical(&agency.file(pattern))).is_err() {
        return Err(agency.error(
            &pointer,
            format!("`{pattern}` leaves the folder {}", agency.root.display()),
            "outside the folder",
        ));
    }
    let files: Vec<PathBuf> = glob_in(&agency.dir, pattern)
        .map_err(|message| agency.error(&pointer, message, "here"))?
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    if files.is_empty() {
        return Err(agency.error(&pointer, format!("`{pattern}` matches no file"), "no sample"));
    }
    for file in &files {
        confined(&agency.root, file).map_err(|_| {
            agency.error(
                &pointer,
                format!("{} leads outside the folder {}", file.display(), agency.root.display()),
                "outside the folder",
            )
        })?;
    }
    Ok(files)
}

/// Reads a manifest (refusing anything but a regular file of sane size), parses it with
/// positions and checks it against its schema.
fn read_manifest(
    path: &Path,
    name: &str,
    schema: &str,
    format: &str,
    schema_file: &str,
) -> Result<(String, TomlDocument)> {
    let metadata = std::fs::metadata(path).map_err(|e| Error::read(path, e))?;
    if !metadata.is_file() || metadata.len() > MANIFEST_LIMIT {
        return Err(Error::usage(
            format!("{name} is not a regular file of at most {MANIFEST_LIMIT} bytes"),
            None,
        ));
    }
    let text = crate::source::read_policy::read_to_string(path)?;
    let doc = parse_toml(&text).map_err(|(message, span)| {
        Error::at(
            name,
            &text,
            span.unwrap_or(0..0),
            format!("{name} is not valid TOML"),
            message,
            None,
        )
    })?;
    check_toml_against_schema(name, &text, &doc, schema, format, schema_file)?;
    Ok((text, doc))
}

/// The paths a glob relative to `base` matches, sorted.
fn glob_in(base: &Path, pattern: &str) -> std::result::Result<Vec<PathBuf>, String> {
    let full = base.join(pattern);
    let text = full.to_string_lossy();
    let options = glob::MatchOptions {
        require_literal_leading_dot: true,
        ..glob::MatchOptions::new()
    };
    let mut found: Vec<PathBuf> = glob::glob_with(&text, options)
        .map_err(|e| format!("`{pattern}` is not a valid glob: {e}"))?
        .filter_map(std::result::Result::ok)
        .collect();
    found.sort();
    Ok(found)
}

/// Does a relative path climb above its start?
fn escapes(path: &Path) -> bool {
    path.is_absolute()
        || path
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                let climbs = matches!(out.components().next_back(), None | Some(Component::ParentDir));
                if climbs {
                    out.push("..");
                } else {
                    out.pop();
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path`, resolved through symbolic links, must lie inside `root` (itself resolved).
pub(super) fn confined(root: &Path, path: &Path) -> Result<PathBuf> {
    let root = std::fs::canonicalize(root).map_err(|e| Error::read(root, e))?;
    let resolved = match std::fs::canonicalize(path) {
        Ok(resolved) => resolved,
        // Not there (yet): judge the path as written, from the current folder.
        Err(_) => lexical(&std::env::current_dir().map_err(|e| Error::read(".", e))?.join(path)),
    };
    if resolved.starts_with(&root) {
        Ok(resolved)
    } else {
        Err(Error::usage(
            format!("{} is outside {}", path.display(), root.display()),
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> Framework {
        crate::framework::reference_for_tests()
    }

    #[test]
    fn the_sample_government_loads_and_fits_the_reference_framework() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/government");
        let government = Government::load(&dir).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(government.agencies.len() >= 12);
        let levels: std::collections::BTreeSet<&str> = government.agencies.iter().map(Agency::level).collect();
        assert_eq!(levels.len(), 4, "{levels:?}");
        let as_of = government.as_of().unwrap_or_else(Date::today);
        if let Err(e) = government.check_against(Some(&reference()), as_of) {
            panic!("{e:?}");
        }
        assert!(government.agency("nat-civil-registry").is_some());
    }

    fn agency_in(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<Agency>) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        }
        let agency = Agency::load(&dir.path().join("a"), dir.path());
        (dir, agency)
    }

    fn message(error: Error) -> String {
        format!("{:?}", miette::Report::new(error))
    }

    #[test]
    fn manifest_errors_point_at_their_line_and_column() {
        let (_dir, agency) = agency_in(&[(
            "a/agency.toml",
            "[agency]\nid = \"nat-x\"\nname = \"X\"\nlevel = \"national\"\ncolour = \"blue\"\n",
        )]);
        let text = message(agency.err().unwrap_or_else(|| Error::usage("loaded", None)));
        assert!(text.contains("agency.toml:5:1"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }

    #[test]
    fn paths_may_not_leave_the_root() {
        let (_dir, agency) = agency_in(&[
            ("secret.yaml", "openapi: 3.1.0\n"),
            (
                "a/agency.toml",
                "[agency]\nid = \"nat-x\"\nname = \"X\"\nlevel = \"national\"\n\n[[services]]\nid = \"s\"\nopenapi = \"../../secret.yaml\"\n",
            ),
        ]);
        let text = message(agency.err().unwrap_or_else(|| Error::usage("loaded", None)));
        assert!(text.contains("leaves the folder"), "{text}");
        assert!(text.contains("agency.toml:8:"), "{text}");
    }

    #[test]
    fn agencies_must_be_in_the_register_at_their_level() {
        let framework = reference();
        let check = |id: &str, level: &str, parent: &str| {
            let toml = format!("[agency]\nid = \"{id}\"\nname = \"X\"\nlevel = \"{level}\"\n{parent}");
            let (_dir, agency) = agency_in(&[("a/agency.toml", toml.as_str())]);
            let agency = agency.unwrap_or_else(|e| panic!("{e:?}"));
            agency.check_against(Some(&framework), Date::today()).err().map(message)
        };
        assert_eq!(check("nat-civil-registry", "national", ""), None);
        let unknown = check("nat-nowhere", "national", "").unwrap_or_default();
        assert!(unknown.contains("not in the agency register"), "{unknown}");
        let level = check("nat-civil-registry", "local", "").unwrap_or_default();
        assert!(level.contains("at the national level"), "{level}");
        let no_level = check("nat-civil-registry", "federal", "").unwrap_or_default();
        assert!(no_level.contains("not a level"), "{no_level}");
        let parent = check("nat-tax-authority", "national", "parent = \"nat-health\"\n").unwrap_or_default();
        assert!(parent.contains("the parent `nat-finance`"), "{parent}");
        let retired = check("dist-upper-vale-council", "district", "").unwrap_or_default();
        assert!(retired.contains("left the register"), "{retired}");
    }

    #[test]
    fn climbing_paths_are_seen() {
        assert!(escapes(Path::new("../x")));
        assert!(escapes(Path::new("a/../../x")));
        assert!(escapes(Path::new("/etc/passwd")));
        assert!(!escapes(Path::new("a/b.json")));
        assert_eq!(lexical(Path::new("a/b/../c")), PathBuf::from("a/c"));
        assert_eq!(lexical(Path::new("./../..")), PathBuf::from("../.."));
        assert_eq!(lexical(Path::new("a/x/../..")), PathBuf::from(""));
    }
}
