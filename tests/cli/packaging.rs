//! `make static` and its check. Building the static binary is a release build of every
//! dependency for another target, too slow for every test run; what runs here is the check it
//! ends with, on the binary under test, which links glibc dynamically and must be refused.

use std::process::Command;

use super::util::root;

#[test]
fn the_static_check_refuses_a_dynamically_linked_binary() {
    let has_file = Command::new("file")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_file {
        assert!(!crate::corpus::in_ci(), "`file` is missing in CI");
        eprintln!("`file` is not installed: .ci/check-static is not tested");
        return;
    }
    let out = Command::new(root().join(".ci/check-static"))
        .arg(env!("CARGO_BIN_EXE_nifcheck"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("not static: ") && stderr.contains("dynamically linked"),
        "{stderr}"
    );
}

#[test]
fn make_static_checks_the_binary_the_readme_names() {
    let makefile = std::fs::read_to_string(root().join("Makefile")).unwrap();
    let recipe: String = makefile
        .split_inclusive('\n')
        .skip_while(|l| !l.starts_with("static:"))
        .skip(1)
        .take_while(|l| l.starts_with('\t'))
        .collect();
    assert!(recipe.contains("--target $(STATIC_TARGET)"), "{recipe}");
    assert!(
        recipe.contains(".ci/check-static \"$${CARGO_TARGET_DIR:-target}/$(STATIC_TARGET)/release/nifcheck\""),
        "{recipe}"
    );
    assert!(makefile.contains("STATIC_TARGET = x86_64-unknown-linux-musl\n"));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains("make static   # target/x86_64-unknown-linux-musl/release/nifcheck"),
        "README.md names another binary than `make static` builds"
    );
}
