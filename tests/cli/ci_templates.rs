//! The GitHub Action and the GitLab CI template: their scripts run here as a runner would run
//! them (a made-up `GITHUB_*` or `CI_*` environment, a scratch workspace, the freshly built
//! nifcheck on `PATH`), and their YAML is read to check that it holds together with the scripts
//! and with the snippets of docs/ci.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::util::root;

/// A workspace with a payload that conforms and one that does not (a district code retired in
/// 2023: PAY005 at line 7, column 15).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let payloads = dir.path().join("work/payloads");
    std::fs::create_dir_all(&payloads).unwrap();
    let fixtures = root().join("fixtures/payloads/address");
    std::fs::copy(fixtures.join("riverside-quay-street.json"), payloads.join("ok.json")).unwrap();
    std::fs::copy(fixtures.join("pre-merger-district.json"), payloads.join("bad.json")).unwrap();
    std::fs::create_dir_all(dir.path().join("runner")).unwrap();
    dir
}

/// Runs `script` with only `vars` (and a `PATH` that finds the nifcheck under test first) in
/// the workspace's `work` folder: nothing of the machine's own CI environment leaks in.
fn run_script(script: &str, dir: &Path, vars: &[(&str, String)]) -> (i32, String, String) {
    let nifcheck = PathBuf::from(env!("CARGO_BIN_EXE_nifcheck"));
    let bin = nifcheck.parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .arg(root().join(script))
        .current_dir(dir.join("work"))
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `name=value` lines a step wrote to `$GITHUB_OUTPUT`.
fn step_outputs(file: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn github_env(dir: &Path, command: &str, args: &str, sarif: &str, fail_on: &str) -> Vec<(&'static str, String)> {
    let d = |name: &str| dir.join(name).display().to_string();
    vec![
        ("GITHUB_ACTIONS", "true".into()),
        ("GITHUB_WORKSPACE", d("work")),
        ("GITHUB_OUTPUT", d("runner/output")),
        ("GITHUB_STEP_SUMMARY", d("runner/summary.md")),
        ("RUNNER_TEMP", d("runner")),
        ("INPUT_COMMAND", command.into()),
        ("INPUT_ARGS", args.into()),
        ("INPUT_SARIF", sarif.into()),
        ("INPUT_FAIL_ON", fail_on.into()),
    ]
}

const GITHUB_STEP: &str = "ci/github/nifcheck.sh";
const GITLAB_SCRIPT: &str = "ci/gitlab/nifcheck.sh";

#[test]
fn the_action_annotates_uploads_sarif_and_fails_on_a_finding() {
    let dir = workspace();
    let env = github_env(dir.path(), "validate", "payloads --as-of 2026-11-29", "true", "error");
    let (code, stdout, stderr) = run_script(GITHUB_STEP, dir.path(), &env);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let annotations: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 1, "{stdout}");
    assert!(
        annotations[0].starts_with("::error file=payloads/bad.json,line=7,col=15,title=PAY005::"),
        "{stdout}"
    );

    let outputs = step_outputs(&dir.path().join("runner/output"));
    assert_eq!(outputs.get("exit-code").map(String::as_str), Some("1"), "{outputs:?}");
    assert_eq!(outputs.get("conforms").map(String::as_str), Some("false"));
    let sarif_file = outputs.get("sarif-file").expect("a SARIF file");
    assert_eq!(Path::new(sarif_file), dir.path().join("runner/nifcheck-validate.sarif"));
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(sarif_file).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "PAY005");
    let place = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "payloads/bad.json");
    assert_eq!(place["region"]["startLine"], 7);

    let summary = std::fs::read_to_string(dir.path().join("runner/summary.md")).unwrap();
    assert!(summary.contains("**does not conform**: 1 error(s)"), "{summary}");
    assert!(
        summary.contains("| error | PAY005 | `payloads/bad.json:7:15` |"),
        "{summary}"
    );
}

#[test]
fn the_action_passes_what_conforms_and_honours_its_inputs() {
    let dir = workspace();
    let env = github_env(dir.path(), "validate", "payloads/ok.json", "false", "error");
    let (code, stdout, stderr) = run_script(GITHUB_STEP, dir.path(), &env);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stdout.contains("::"), "{stdout}");
    let outputs = step_outputs(&dir.path().join("runner/output"));
    assert_eq!(outputs.get("exit-code").map(String::as_str), Some("0"));
    assert_eq!(outputs.get("conforms").map(String::as_str), Some("true"));
    assert!(
        !outputs.contains_key("sarif-file"),
        "sarif: false writes none: {outputs:?}"
    );
    let summary = std::fs::read_to_string(dir.path().join("runner/summary.md")).unwrap();
    assert!(summary.contains("**conforms**"), "{summary}");

    // fail-on never: the finding is still shown, the step passes.
    let dir = workspace();
    let env = github_env(dir.path(), "validate", "payloads --as-of 2026-11-29", "true", "never");
    let (code, stdout, _) = run_script(GITHUB_STEP, dir.path(), &env);
    assert_eq!(code, 0);
    assert!(stdout.contains("title=PAY005::"), "{stdout}");
    assert_eq!(
        step_outputs(&dir.path().join("runner/output"))
            .get("conforms")
            .map(String::as_str),
        Some("true")
    );

    // Arguments on several lines (a YAML block scalar): every line counts.
    let dir = workspace();
    let args = "payloads/ok.json\npayloads/bad.json\n--as-of 2026-11-29\n";
    let env = github_env(dir.path(), "validate", args, "false", "error");
    let (code, stdout, stderr) = run_script(GITHUB_STEP, dir.path(), &env);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("::error file=payloads/bad.json,line=7"), "{stdout}");
}

#[test]
fn the_action_refuses_a_bad_input_and_reports_a_tool_error() {
    let dir = workspace();
    for (command, sarif, fail_on, says) in [
        ("report", "true", "error", "command must be check, lint or validate"),
        ("validate", "yes", "error", "sarif must be true or false"),
        (
            "validate",
            "true",
            "sometimes",
            "fail-on must be error, warning, info or never",
        ),
    ] {
        let env = github_env(dir.path(), command, "payloads", sarif, fail_on);
        let (code, stdout, _) = run_script(GITHUB_STEP, dir.path(), &env);
        assert_eq!(code, 2, "{stdout}");
        assert!(
            stdout.starts_with("::error title=nifcheck::") && stdout.contains(says),
            "{stdout}"
        );
    }
    // An argument is a word, never shell code; a missing file is a tool error (exit 2).
    let env = github_env(dir.path(), "validate", "$(touch pwned) missing.json", "true", "error");
    let (code, stdout, stderr) = run_script(GITHUB_STEP, dir.path(), &env);
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("::error title=nifcheck::nifcheck validate could not check"),
        "{stdout}"
    );
    assert!(!dir.path().join("work/pwned").exists());
    let outputs = step_outputs(&dir.path().join("runner/output"));
    assert_eq!(outputs.get("exit-code").map(String::as_str), Some("2"));
}

#[test]
fn the_action_installs_from_its_build_cache() {
    let dir = workspace();
    let cached = dir.path().join("cache/bin");
    std::fs::create_dir_all(&cached).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_nifcheck"), cached.join("nifcheck")).unwrap();
    let github_path = dir.path().join("runner/path");
    let vars = [
        ("NIFCHECK_ROOT", dir.path().join("cache").display().to_string()),
        ("GITHUB_PATH", github_path.display().to_string()),
        ("GITHUB_ACTION_PATH", root().display().to_string()),
    ];
    let (code, stdout, stderr) = run_script("ci/github/install.sh", dir.path(), &vars);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("nifcheck from the build cache: nifcheck "),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(&github_path).unwrap(),
        format!("{}\n", cached.display())
    );
}

#[test]
fn the_build_cache_key_follows_the_source() {
    let dir = workspace();
    let source = dir.path().join("source");
    std::fs::create_dir_all(source.join("src")).unwrap();
    std::fs::write(source.join("Cargo.toml"), "[package]\n").unwrap();
    std::fs::write(source.join("Cargo.lock"), "").unwrap();
    std::fs::write(source.join("src/main.rs"), "fn main() {}\n").unwrap();
    let key = || {
        let output = dir.path().join("runner/output");
        let _ = std::fs::remove_file(&output);
        let vars = [
            ("GITHUB_ACTION_PATH", source.display().to_string()),
            ("GITHUB_OUTPUT", output.display().to_string()),
            ("RUNNER_OS", "Linux".to_string()),
            ("RUNNER_ARCH", "X64".to_string()),
        ];
        let (code, _, stderr) = run_script("ci/github/cache-key.sh", dir.path(), &vars);
        assert_eq!(code, 0, "{stderr}");
        step_outputs(&output).remove("key").expect("a key")
    };
    let first = key();
    let digest = first.strip_prefix("nifcheck-Linux-X64-").expect("system first");
    assert!(
        digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
        "{first}"
    );
    assert_eq!(key(), first);
    std::fs::write(source.join("src/main.rs"), "fn main() { }\n").unwrap();
    assert_ne!(key(), first);
}

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The scripts a `run:` line names, relative to `prefix` (the action's or the clone's root).
fn scripts_named(line: &str, prefix: &str) -> Vec<String> {
    line.split(|c: char| c.is_whitespace() || c == '"')
        .filter_map(|w| w.strip_prefix(prefix))
        .filter(|w| w.ends_with(".sh"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_step_of_the_action_holds_together() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let steps_text = serde_json::to_string(steps).unwrap();
    let mut ids = BTreeMap::new();
    for step in steps {
        if let Some(id) = step["id"].as_str() {
            ids.insert(id.to_string(), step);
        }
        if let Some(uses) = step["uses"].as_str() {
            assert!(uses.contains("@v"), "pin `{uses}` to a version");
            continue;
        }
        let run = step["run"].as_str().expect("a step runs a script or uses an action");
        assert_eq!(step["shell"], "bash", "{run}");
        let scripts = scripts_named(run, "$GITHUB_ACTION_PATH/");
        assert_eq!(scripts.len(), 1, "one script per step: {run}");
        let script =
            std::fs::read_to_string(root().join(&scripts[0])).unwrap_or_else(|e| panic!("{}: {e}", scripts[0]));
        // Every variable the step hands over is read by its script.
        for (name, _) in step["env"].as_object().into_iter().flatten() {
            assert!(script.contains(name.as_str()), "{} never reads {name}", scripts[0]);
        }
    }
    for (name, _) in action["inputs"].as_object().unwrap() {
        assert!(
            steps_text.contains(&format!("inputs.{name}")),
            "input `{name}` is never used"
        );
    }
    let step_script = std::fs::read_to_string(root().join(GITHUB_STEP)).unwrap();
    for (name, output) in action["outputs"].as_object().unwrap() {
        let value = output["value"].as_str().unwrap();
        assert_eq!(value, format!("${{{{ steps.run.outputs.{name} }}}}"));
        assert!(
            step_script.contains(&format!("output {name} ")),
            "{GITHUB_STEP} never sets {name}"
        );
    }
    for reference in steps_text.split("steps.").skip(1) {
        let id = reference.split('.').next().unwrap();
        assert!(ids.contains_key(id), "no step `{id}`");
    }
}

#[test]
fn the_workflow_in_the_docs_uses_the_actions_inputs() {
    let action = yaml("action.yml");
    let workflow: Value = serde_saphyr::from_str(&docs_block("uses: examplia/nifcheck@")).unwrap();
    let steps = workflow["jobs"]["nifcheck"]["steps"].as_array().unwrap();
    let step = steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("examplia/nifcheck@")))
        .unwrap();
    for (name, _) in step["with"].as_object().unwrap() {
        assert!(
            action["inputs"].get(name).is_some(),
            "docs/ci.md passes `{name}`, which action.yml does not take"
        );
    }
    assert_eq!(workflow["permissions"]["security-events"], "write");
}

#[test]
fn the_gitlab_job_writes_a_code_quality_report_and_fails_on_a_finding() {
    let dir = workspace();
    let vars = [
        ("NIFCHECK_COMMAND", "validate".to_string()),
        ("NIFCHECK_ARGS", "payloads --as-of 2026-11-29".to_string()),
        ("CI_PROJECT_DIR", dir.path().join("work").display().to_string()),
        ("GITLAB_CI", "true".to_string()),
    ];
    let (code, stdout, stderr) = run_script(GITLAB_SCRIPT, dir.path(), &vars);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("PAY005") && stdout.contains("payloads/bad.json:7:15"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Code Quality report: gl-code-quality-report.json (1 issues)"),
        "{stdout}"
    );
    let report = dir.path().join("work/gl-code-quality-report.json");
    let issues: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:?}");
    let issue = &issues[0];
    assert_eq!(issue["check_name"], "PAY005");
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "payloads/bad.json");
    assert_eq!(issue["location"]["lines"]["begin"], 7);
    assert!(
        issue["description"]
            .as_str()
            .unwrap()
            .starts_with("PAY005 code \"EX-NO-03\"")
    );
    let fingerprint = issue["fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 64);

    // The same finding the next run has the same fingerprint; what conforms makes an empty
    // report and a passing job; a bad variable is refused.
    let (_, _, _) = run_script(GITLAB_SCRIPT, dir.path(), &vars);
    let again: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(again[0]["fingerprint"], fingerprint);
    let mut passing = vars.clone();
    passing[1].1 = "payloads/ok.json".into();
    let (code, _, stderr) = run_script(GITLAB_SCRIPT, dir.path(), &passing);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&report).unwrap().trim(), "[]");
    // Arguments on several lines (a YAML block scalar): every line counts.
    let mut lines = vars.clone();
    lines[1].1 = "payloads/ok.json\npayloads/bad.json\n--as-of 2026-11-29\n".into();
    let (code, stdout, _) = run_script(GITLAB_SCRIPT, dir.path(), &lines);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("payloads/bad.json:7:15"), "{stdout}");
    let mut bad = vars.clone();
    bad[0].1 = "report".into();
    let (code, _, stderr) = run_script(GITLAB_SCRIPT, dir.path(), &bad);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("NIFCHECK_COMMAND must be check, lint or validate"),
        "{stderr}"
    );
    // nifcheck could not check: the job fails with exit 2, and the report is still valid.
    let mut broken = vars.clone();
    broken[1].1 = "missing.json".into();
    let (code, _, _) = run_script(GITLAB_SCRIPT, dir.path(), &broken);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read_to_string(&report).unwrap().trim(), "[]");
}

#[test]
fn the_gitlab_template_holds_together() {
    let template = yaml("ci/gitlab/nifcheck.gitlab-ci.yml");
    let job = &template[".nifcheck"];
    let script = std::fs::read_to_string(root().join(GITLAB_SCRIPT)).unwrap();
    assert_eq!(
        job["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );
    assert!(script.contains("report=gl-code-quality-report.json"));
    assert_eq!(job["artifacts"]["when"], "always");
    let lines: Vec<&str> = job["script"]
        .as_array()
        .unwrap()
        .iter()
        .chain(job["before_script"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    let named: Vec<String> = lines.iter().flat_map(|l| scripts_named(l, ".nifcheck/src/")).collect();
    assert_eq!(named, [GITLAB_SCRIPT]);
    assert!(lines.iter().any(|l| l.contains("cargo install --locked")), "{lines:?}");
    // Every variable the script reads is declared, with its default, by the template.
    let variables = job["variables"].as_object().unwrap();
    for word in script.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if word.starts_with("NIFCHECK_") {
            assert!(variables.contains_key(word), "the template does not declare {word}");
        }
    }
    // The pipeline in docs/ci.md sets only variables the template declares.
    let pipeline: Value = serde_saphyr::from_str(&docs_block("extends: .nifcheck")).unwrap();
    assert_eq!(pipeline["nifcheck"]["extends"], ".nifcheck");
    assert!(
        pipeline["include"][0]["remote"]
            .as_str()
            .unwrap()
            .ends_with("/ci/gitlab/nifcheck.gitlab-ci.yml")
    );
    for (name, _) in pipeline["nifcheck"]["variables"].as_object().unwrap() {
        assert!(
            variables.contains_key(name),
            "docs/ci.md sets {name}, which the template does not declare"
        );
    }
}

/// The fenced block of docs/ci.md that contains `needle`.
pub(crate) fn docs_block(needle: &str) -> String {
    let text = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    text.split("```")
        .skip(1)
        .step_by(2)
        .map(|block| block.split_once('\n').map_or("", |(_, body)| body))
        .find(|body| body.contains(needle))
        .unwrap_or_else(|| panic!("docs/ci.md has no block with `{needle}`"))
        .to_string()
}
