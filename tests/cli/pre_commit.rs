//! The pre-commit hooks (`.pre-commit-hooks.yaml`) as a user gets them: real pre-commit reads
//! this repository's hooks at a commit, installs them with its `rust` language and runs the
//! configuration docs/ci.md shows, in a scratch git repository holding a payload that conforms
//! and one that does not, first through `pre-commit run`, then through `pre-commit try-repo`;
//! then the overrides docs/ci.md shows (a folder and a standard for payloads, an agency with a
//! baseline).
//!
//! pre-commit reads a hook repository at a commit. The working tree, uncommitted changes and new
//! files included, is copied into `target/pre-commit/source` and committed there with a fixed
//! author and date, so the same tree is always the same commit, and a fresh clone and a worktree
//! with edits are tested alike.
//!
//! To install a `rust` hook, pre-commit runs `cargo install --bins --root ENV --path .` in its
//! clone of the hook repository. That is a second build of nifcheck and all its dependencies, in
//! release mode, besides the tests' own build of the same source: minutes of CPU on every run.
//! So `cargo` is, for pre-commit only, a script that checks that this is the call pre-commit
//! makes, in a clone of this repository at the snapshot's commit, and installs the binary under
//! test into `ENV/bin`; the test asserts that each install went through it. Everything else is
//! pre-commit's own: the hooks file, the clone, the environment, the file filters, the
//! arguments, the exit codes. `NIFCHECK_PRE_COMMIT_BUILD=cargo` lets pre-commit build with the
//! real cargo instead (cheap release profile, build folder and pre-commit's cache kept under
//! `target/pre-commit/`), as a release check does.
//!
//! Without `pre-commit` the test says so and passes, except in CI (`CI=true`), where a missing
//! pre-commit is a failure: `.ci/run` installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::ci_templates::docs_block;
use super::util::{copy_dir, root};

fn pre_commit_installed() -> bool {
    Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `git ARGS` in `dir`, with a fixed identity and date, and none of the caller's git settings.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=nifcheck", "-c", "user.email=nifcheck@example.invalid"])
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The working tree (tracked files as they are now, and new files git does not ignore) as one
/// commit of a repository at `dest`; returns the commit.
fn snapshot(dest: &Path) -> String {
    let _ = std::fs::remove_dir_all(dest);
    std::fs::create_dir_all(dest).unwrap();
    git(dest, &["init", "--quiet"]);
    let listed = git(
        &root(),
        &["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    );
    for name in listed.split('\0').filter(|n| !n.is_empty()) {
        let from = root().join(name);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = dest.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    git(dest, &["add", "--all"]);
    git(
        dest,
        &["commit", "--quiet", "--no-verify", "-m", "nifcheck working tree"],
    );
    git(dest, &["rev-parse", "HEAD"])
}

/// How pre-commit gets its `cargo`, and where its cache and builds live.
struct Hooks {
    /// pre-commit's cache (`PRE_COMMIT_HOME`).
    home: PathBuf,
    /// The folder of the `cargo` script put first on pre-commit's `PATH`; `None` with the real
    /// cargo.
    shim: Option<PathBuf>,
    /// Where cargo builds when it is the real one.
    cargo_target: PathBuf,
    /// The installs the script made, one line each: `install COMMIT`.
    log: PathBuf,
    _scratch: Option<tempfile::TempDir>,
}

/// pre-commit's `cargo` for a `rust` hook, as a script: pre-commit asks for the version and then
/// runs `cargo install --bins --root ENV --path .` in its clone of the hook repository. The
/// script answers the first through the real cargo and the second by installing the binary under
/// test, once it has checked that the clone is this repository and noted its commit. Any other
/// call fails.
const CARGO_SCRIPT: &str = r#"#!/usr/bin/env bash
set -euo pipefail
if [ "$#" -eq 6 ] && [ "$1 $2 $3" = "install --bins --root" ] && [ "$5 $6" = "--path ." ]; then
  grep -q '^name = "nifcheck"' Cargo.toml
  cmp -s .pre-commit-hooks.yaml "$NIFCHECK_HOOKS_FILE"
  commit="$(git rev-parse HEAD)"
  mkdir -p "$4/bin"
  cp "$NIFCHECK_UNDER_TEST" "$4/bin/nifcheck"
  echo "install $commit" >> "$NIFCHECK_INSTALL_LOG"
  exit 0
fi
case "${1:-}" in
  --version | -V) exec "$NIFCHECK_REAL_CARGO" "$@" ;;
esac
echo "the pre-commit test's cargo was not expecting: cargo $*" >&2
exit 97
"#;

impl Hooks {
    fn new(work: &Path) -> Hooks {
        let cargo_target = work.join("cargo");
        if std::env::var("NIFCHECK_PRE_COMMIT_BUILD").as_deref() == Ok("cargo") {
            return Hooks {
                home: work.join("home"),
                shim: None,
                cargo_target,
                log: work.join("installs.log"),
                _scratch: None,
            };
        }
        // A cache of its own each run, so every install is made, and checked, afresh.
        let scratch = tempfile::tempdir().unwrap();
        let shim = scratch.path().join("bin");
        std::fs::create_dir_all(&shim).unwrap();
        let script = shim.join("cargo");
        std::fs::write(&script, CARGO_SCRIPT).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        Hooks {
            home: scratch.path().join("home"),
            shim: Some(shim),
            cargo_target,
            log: scratch.path().join("installs.log"),
            _scratch: Some(scratch),
        }
    }

    /// The commits of the installs the script made, in order (none with the real cargo).
    fn installs(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| l.trim_start_matches("install ").to_string())
            .collect()
    }
}

/// `pre-commit ARGS` in `project`; returns the exit code and everything it printed.
fn pre_commit(hooks: &Hooks, project: &Path, args: &[&str]) -> (i32, String) {
    let mut command = Command::new("pre-commit");
    command
        .args(args)
        .current_dir(project)
        .env("PRE_COMMIT_HOME", &hooks.home)
        .env("PRE_COMMIT_COLOR", "never")
        // Run from a git hook, the caller's repository would leak in through these.
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    match &hooks.shim {
        Some(shim) => {
            let path = std::env::var_os("PATH").unwrap_or_default();
            let mut dirs = vec![shim.clone()];
            dirs.extend(std::env::split_paths(&path));
            command
                .env("PATH", std::env::join_paths(dirs).unwrap())
                .env("NIFCHECK_REAL_CARGO", env!("CARGO"))
                .env("NIFCHECK_UNDER_TEST", env!("CARGO_BIN_EXE_nifcheck"))
                .env("NIFCHECK_HOOKS_FILE", root().join(".pre-commit-hooks.yaml"))
                .env("NIFCHECK_INSTALL_LOG", &hooks.log);
        }
        None => {
            command
                .env("CARGO_TARGET_DIR", &hooks.cargo_target)
                .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
                .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
                .env("CARGO_PROFILE_RELEASE_LTO", "false")
                .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
                .env("CARGO_INCREMENTAL", "0")
                // `make test` builds through clippy and rustdoc; the hook's build needs neither.
                .env_remove("RUSTC_WORKSPACE_WRAPPER")
                .env_remove("RUSTC_WRAPPER");
        }
    }
    let out = command.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// A git repository with a conforming and a non-conforming payload, and an API description
/// with a finding, none of them committed.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("fixtures");
    let files: [(&str, PathBuf); 3] = [
        (
            "payloads/ok.json",
            fixtures.join("payloads/address/riverside-quay-street.json"),
        ),
        (
            "payloads/bad.json",
            fixtures.join("payloads/address/pre-merger-district.json"),
        ),
        ("api/openapi.yaml", fixtures.join("apis/noncompliant/openapi.yaml")),
    ];
    for (name, from) in files {
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
    std::fs::write(dir.path().join(".pre-commit-config.yaml"), config).unwrap();
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "--all"]);
    dir
}

#[test]
fn the_hooks_pass_what_conforms_and_fail_on_a_finding() {
    if !pre_commit_installed() {
        assert!(
            !crate::corpus::in_ci(),
            "pre-commit is missing in CI: .ci/run installs it"
        );
        eprintln!("pre-commit is not installed: the pre-commit hooks are not tested");
        return;
    }
    let work = root().join("target/pre-commit");
    let source = work.join("source");
    let commit = snapshot(&source);
    let config = docs_block("id: nifcheck-validate")
        .replace("https://github.com/examplia/nifcheck", &source.display().to_string())
        .replace("v0.1.0", &commit);
    assert!(config.contains(&commit), "{config}");
    let project = project(&config);
    let project = project.path();
    let hooks = Hooks::new(&work);

    let (code, out) = pre_commit(&hooks, project, &["run", "--files", "payloads/ok.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("nifcheck validate....") && out.contains("Passed"), "{out}");
    assert!(out.contains("nifcheck lint....") && out.contains("Skipped"), "{out}");

    let (code, out) = pre_commit(&hooks, project, &["run", "--files", "payloads/bad.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Failed") && out.contains("- exit code: 1"), "{out}");
    assert!(
        out.contains("PAY005") && out.contains("payloads/bad.json:7:15"),
        "{out}"
    );

    let (code, out) = pre_commit(&hooks, project, &["run", "--files", "api/openapi.yaml"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("nifcheck lint....") && out.contains("api/openapi.yaml:"),
        "{out}"
    );

    // try-repo, the way to try a hook before configuring it: both payloads, one finding.
    let (code, out) = pre_commit(
        &hooks,
        project,
        &[
            "try-repo",
            source.to_str().unwrap(),
            "nifcheck-validate",
            "--ref",
            &commit,
            "--files",
            "payloads/ok.json",
            "payloads/bad.json",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("payloads/bad.json:7:15"), "{out}");
    assert!(!out.contains("payloads/ok.json:"), "{out}");
    assert!(out.contains("1 error, 0 warnings, 0 infos in 2 files"), "{out}");

    // The docs' overrides: payloads named by folder and standard, and an agency with a baseline.
    let overrides = docs_block("files: ^exports/");
    let head = config
        .split_inclusive('\n')
        .take_while(|l| !l.trim_start().starts_with("- id:"));
    let config = format!("{}{overrides}", head.collect::<String>());
    let agency = tempfile::tempdir().unwrap();
    let agency = agency.path();
    let fixtures = root().join("fixtures");
    copy_dir(
        &fixtures.join("government/agencies/nat-treasury"),
        &agency.join("agencies/nat-treasury"),
    );
    std::fs::create_dir_all(agency.join("exports")).unwrap();
    std::fs::copy(
        fixtures.join("payloads/person/riverside-resident.json"),
        agency.join("exports/person.json"),
    )
    .unwrap();
    std::fs::write(agency.join(".pre-commit-config.yaml"), &config).unwrap();
    git(agency, &["init", "--quiet"]);
    git(agency, &["add", "--all"]);
    // The agency has two known errors: without the baseline that waives them, check fails.
    let (code, out) = pre_commit(&hooks, agency, &["run", "--all-files"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("nifcheck check....") && out.contains("Failed"), "{out}");
    let baseline = Command::new(env!("CARGO_BIN_EXE_nifcheck"))
        .args([
            "check",
            "agencies/nat-treasury",
            "--format",
            "json",
            "--output",
            "nifcheck-baseline.json",
        ])
        .current_dir(agency)
        .output()
        .unwrap();
    assert_eq!(baseline.status.code(), Some(1));
    let (code, out) = pre_commit(&hooks, agency, &["run", "--all-files"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("nifcheck validate....") && out.contains("nifcheck check...."),
        "{out}"
    );
    assert!(!out.contains("Failed") && !out.contains("Skipped"), "{out}");

    // Two installs, each from a clone at the snapshot's commit: one into the cache `run` keeps
    // for every later run, and `try-repo`'s own.
    if hooks.shim.is_some() {
        assert_eq!(hooks.installs(), [commit.clone(), commit.clone()]);
    }
}
