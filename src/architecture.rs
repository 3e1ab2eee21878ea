//! The one-way flow of ARCHITECTURE.md, checked: a module may use the modules of its own layer
//! and of the layers before it, never one after it. A new top-level module must be given a layer
//! here before the test passes.

use std::collections::BTreeMap;
use std::path::Path;

/// The layers in data-flow order.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &[
            "error",
            "date",
            "address",
            "atomic",
            "memo",
            "source",
            "jsonpath",
            "ecma_regex",
            "finding",
        ],
    ),
    ("load", &["remote", "config", "framework"]),
    (
        "check",
        &["rules", "payload", "xml", "compat", "openapi", "verify", "government"],
    ),
    ("collect and render", &["report"]),
    // A long-running process over everything before it, as the command line is.
    ("serve", &["serve"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

/// Every `crate::NAME` a module's files mention, with the file and line.
fn uses(module_path: &Path, out: &mut BTreeMap<String, Vec<String>>) {
    let paths: Vec<_> = if module_path.is_dir() {
        walk(module_path)
    } else {
        vec![module_path.to_path_buf()]
    };
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (number, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.entry(name)
                    .or_default()
                    .push(format!("{}:{}", path.display(), number + 1));
            }
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn no_module_uses_a_later_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut unplaced = Vec::new();
    for entry in std::fs::read_dir(&src).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The binary sits above every layer; test-only modules check across layers on purpose.
        if ["lib", "main", "cli", "architecture", "regex_agreement"].contains(&name.as_str()) {
            continue;
        }
        let Some(own) = layer_of(&name) else {
            unplaced.push(name);
            continue;
        };
        let mut used = BTreeMap::new();
        uses(&path, &mut used);
        for (target, places) in used {
            if let Some(theirs) = layer_of(&target)
                && theirs > own
            {
                violations.push(format!(
                    "{name} ({}) uses {target} ({}) at {}",
                    LAYERS[own].0,
                    LAYERS[theirs].0,
                    places.join(", ")
                ));
            }
        }
    }
    assert!(unplaced.is_empty(), "modules without a layer: {unplaced:?}");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}
