//! `nifcheck completions SHELL` and `nifcheck man`: both are generated from the command line's
//! definitions, so these tests compare them with what `--help` says the binary accepts.

use std::collections::BTreeSet;
use std::process::Command;

use super::util::run;

/// The commands `nifcheck --help` lists.
fn commands() -> Vec<String> {
    let (code, help, _) = run(&["--help"]);
    assert_eq!(code, 0);
    let listed: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A command's name is indented by two spaces; its description's next lines by more.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(listed.len() >= 10, "{help}");
    listed
}

/// The long options `nifcheck ARGS --help` shows, `--help` and `--version` aside.
fn long_options(args: &[&str]) -> BTreeSet<String> {
    let mut all = args.to_vec();
    all.push("--help");
    let (code, help, stderr) = run(&all);
    assert_eq!(code, 0, "{stderr}");
    help.split(|c: char| c.is_whitespace() || c == ',' || c == '=' || c == '[' || c == ']')
        .filter(|w| w.starts_with("--") && w.len() > 2 && w[2..].chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .filter(|w| *w != "--help" && *w != "--version")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, script, stderr) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(script.contains("nifcheck"), "{shell}: {script}");
        assert!(script.contains("validate"), "{shell}: {script}");
    }
    let (code, _, stderr) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("bash"), "{stderr}");
}

#[test]
fn bash_completes_every_command_and_their_options() {
    let (_, script, _) = run(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nifcheck.bash");
    std::fs::write(&path, &script).unwrap();
    // What bash offers after `nifcheck ` and after `nifcheck validate --`, as the shell asks
    // for it: the completion function, called with the words typed so far.
    let complete = |words: &str| -> BTreeSet<String> {
        let program = format!(
            "source {}\nCOMP_WORDS=({words})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n_nifcheck nifcheck \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            path.display()
        );
        let out = Command::new("bash").arg("-c").arg(program).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let offered = complete("nifcheck ''");
    for command in commands() {
        assert!(offered.contains(&command), "`{command}` not offered: {offered:?}");
    }
    let offered = complete("nifcheck validate --");
    for option in long_options(&["validate"]) {
        assert!(offered.contains(&option), "`{option}` not offered: {offered:?}");
    }
    let offered = complete("nifcheck --format ''");
    assert!(offered.contains("sarif") && offered.contains("gitlab"), "{offered:?}");
}

#[test]
fn the_manual_has_a_page_per_command_with_its_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let (code, _, stderr) = run(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let page =
        |name: &str| std::fs::read_to_string(out.join(format!("{name}.1"))).unwrap_or_else(|e| panic!("{name}.1: {e}"));
    let main = page("nifcheck");
    let mut pages = vec![(vec![], "nifcheck".to_string())];
    for command in commands() {
        pages.push((vec![command.clone()], format!("nifcheck-{command}")));
    }
    pages.push((
        vec!["framework".into(), "pack".into()],
        "nifcheck-framework-pack".into(),
    ));
    for (args, name) in pages {
        let text = page(&name);
        assert!(text.contains(&format!(".TH {name} 1")), "{name}: no .TH line");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        for option in long_options(&args) {
            // roff writes a hyphen in an option name as `\-`.
            let escaped = option.replace('-', "\\-");
            assert!(text.contains(&escaped), "{name}.1 lacks {option}");
        }
    }
    // Without --out, the main page goes to standard output.
    let (code, stdout, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, main);
}

#[test]
fn man_renders_the_pages() {
    if Command::new("man").arg("--version").output().is_err() {
        eprintln!("`man` is not installed: the manual pages are checked as text only");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(&["man", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let out = Command::new("man")
        .arg("-l")
        .arg(dir.path().join("nifcheck-validate.1"))
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    // Rendered, a page has no roff requests left, and its options read as typed.
    assert!(!text.contains(".TH"), "{text}");
    assert!(text.contains("--standard") && text.contains("--no-formats"), "{text}");
    assert!(text.contains("nifcheck-validate"), "{text}");
}
