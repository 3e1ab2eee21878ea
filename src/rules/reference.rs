//! The rules reference in Markdown (`nifcheck rules --format markdown`, `docs/rules.md`),
//! generated from the same doc comments as `nifcheck explain`.

use std::fmt::Write as _;

use super::{RULES, Rule};

/// Every rule: a table, then each rule's documentation under its code.
pub fn markdown_reference() -> String {
    let mut out = String::from(
        "# Rules\n\nEvery finding nifcheck reports carries one of these codes. Codes are stable: a retired \
         code is never reused. This page is generated from the rules' documentation \
         (`nifcheck rules --format markdown`); `nifcheck explain CODE` prints one of them.\n\n\
         | Code | Name | Default severity | Kind | Summary |\n|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let _ = writeln!(
            out,
            "| [{code}](#{anchor}) | `{}` | {} | {} | {} |",
            rule.name,
            rule.severity.as_str(),
            rule.kind.as_str(),
            rule.summary().replace('|', "\\|"),
            code = rule.code,
            anchor = rule.code.to_ascii_lowercase(),
        );
    }
    for rule in RULES {
        out.push('\n');
        out.push_str(&markdown(rule));
    }
    out
}

/// One rule's documentation, its headings one level below the rule's own.
pub fn markdown(rule: &Rule) -> String {
    let mut out = format!(
        "## {}\n\n`{}` · default severity **{}** · kind {}\n\n",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.kind.as_str()
    );
    let mut in_code = false;
    for line in rule.documentation().lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    /// `docs/rules.md` is what the rules say of themselves; regenerate it with
    /// `cargo run -- rules --format markdown > docs/rules.md` when this fails.
    #[test]
    fn the_published_reference_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let published = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            published == super::markdown_reference(),
            "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
        );
    }
}
