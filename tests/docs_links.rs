//! The documentation's relative links lead somewhere: every `[text](path)` in README.md,
//! ARCHITECTURE.md and docs/*.md names a file or folder of this repository. Anchors are not
//! checked (they depend on how a viewer spells headings); links to the web are not followed.

use std::path::{Path, PathBuf};

/// The Markdown files a reader lands on: the front page, the architecture, and every guide.
fn documentation_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    let mut guides: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    guides.sort();
    files.extend(guides);
    files
}

/// The targets of the inline links of `markdown`, with the line each is on. Code blocks and
/// code spans are skipped: `[a](b)` there is an example, not a link.
fn link_targets(markdown: &str) -> Vec<(usize, String)> {
    let mut targets = Vec::new();
    let mut in_fence = false;
    for (index, line) in markdown.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let prose: String = line
            .split('`')
            .enumerate()
            .filter(|(part, _)| part % 2 == 0)
            .map(|(_, text)| text)
            .collect();
        let mut rest = prose.as_str();
        while let Some(start) = rest.find("](") {
            rest = &rest[start + 2..];
            let Some(end) = rest.find(')') else { break };
            targets.push((index + 1, rest[..end].trim().to_string()));
            rest = &rest[end + 1..];
        }
    }
    targets
}

/// A link to a file of this repository, without its anchor; `None` for the web and for anchors
/// within the same page.
fn local_path(target: &str) -> Option<&str> {
    let target = target.trim_start_matches('<').trim_end_matches('>');
    let is_remote = target.contains("://") || target.starts_with("mailto:");
    let path = target.split('#').next().unwrap_or_default();
    (!is_remote && !path.is_empty()).then_some(path)
}

#[test]
fn every_relative_link_in_the_documentation_names_an_existing_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in documentation_files(root) {
        let markdown = std::fs::read_to_string(&file).unwrap();
        let folder = file.parent().unwrap();
        for (line, target) in link_targets(&markdown) {
            let Some(path) = local_path(&target) else {
                continue;
            };
            checked += 1;
            if !folder.join(path).exists() {
                let shown = file.strip_prefix(root).unwrap_or(&file).display();
                broken.push(format!("{shown}:{line}: {target}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to files that do not exist:\n{}",
        broken.join("\n")
    );
    // The README alone links every guide: finding fewer links means the scan is broken.
    assert!(checked >= 12, "only {checked} relative links found");
}

#[test]
fn links_are_read_from_prose_only() {
    let markdown = "See [the guide](docs/a.md#top) and `[not](a-link.md)`.\n\
                    ```\n[example](nowhere.md)\n```\n\
                    [web](https://example.org/x.md), [here](#anchor), [b](../b.md)\n";
    let targets: Vec<(usize, String)> = link_targets(markdown);
    assert_eq!(
        targets,
        [
            (1, "docs/a.md#top".to_string()),
            (5, "https://example.org/x.md".to_string()),
            (5, "#anchor".to_string()),
            (5, "../b.md".to_string()),
        ]
    );
    let local: Vec<&str> = targets.iter().filter_map(|(_, target)| local_path(target)).collect();
    assert_eq!(local, ["docs/a.md", "../b.md"]);
}
