//! What the templates see: findings and links prepared for display. Links are relative to the
//! site's root; a page below it prefixes them with `../` (its `root`).

use serde::Serialize;

use crate::finding::Finding;

/// A file name that is safe on every file system and in a URL path: letters, digits and
/// `-_.@` stay, anything else becomes `_`, and a leading dot is escaped so an id can never
/// name a hidden file or a parent folder.
pub(super) fn slug(id: &str) -> String {
    let mut name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with('.') {
        name.insert(0, '_');
    }
    name
}

pub(super) fn agency_href(id: &str) -> String {
    format!("agencies/{}.html", slug(id))
}

pub(super) fn standard_href(label: &str) -> String {
    format!("standards/{}.html", slug(label))
}

/// The page of the rule with this code or name, when nifcheck documents it (a ruleset's own
/// rules have no page).
pub(super) fn rule_href(code: &str) -> Option<String> {
    crate::rules::find(code).map(|rule| format!("rules/{}.html", slug(rule.code)))
}

fn location(file: &str, line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        (Some(l), None) => format!("{file}:{l}"),
        _ => file.to_string(),
    }
}

/// A finding as a page shows it.
#[derive(Debug, Serialize)]
pub(super) struct FindingView {
    severity: &'static str,
    rule: String,
    rule_href: Option<String>,
    location: String,
    message: String,
    pointer: Option<String>,
    standard: Option<String>,
    standard_href: Option<String>,
    agency: Option<String>,
    agency_href: Option<String>,
    help: Option<String>,
    waived_by: Option<String>,
    related: Vec<RelatedView>,
    witness: Option<String>,
}

#[derive(Debug, Serialize)]
struct RelatedView {
    location: String,
    message: String,
}

impl FindingView {
    /// `known_standards` decides which standards have a page; `known_agency` which agencies do.
    pub(super) fn new(
        finding: &Finding,
        known_standard: &dyn Fn(&str) -> bool,
        known_agency: &dyn Fn(&str) -> bool,
    ) -> Self {
        FindingView {
            severity: finding.severity.as_str(),
            rule: finding.rule.clone(),
            rule_href: rule_href(&finding.rule),
            location: location(&finding.file, finding.line, finding.column),
            message: finding.message.clone(),
            pointer: finding.pointer.clone(),
            standard: finding.standard.clone(),
            standard_href: finding
                .standard
                .as_deref()
                .filter(|s| known_standard(s))
                .map(standard_href),
            agency: finding.agency.clone(),
            agency_href: finding.agency.as_deref().filter(|a| known_agency(a)).map(agency_href),
            help: finding.help.clone(),
            waived_by: finding.waived_by.clone(),
            related: finding
                .related
                .iter()
                .map(|r| RelatedView {
                    location: location(&r.file, r.line, None),
                    message: r.message.clone(),
                })
                .collect(),
            witness: finding
                .witness
                .as_ref()
                .map(|w| serde_json::to_string_pretty(w).unwrap_or_else(|_| w.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_never_leave_their_folder() {
        assert_eq!(slug("person@1.2.0"), "person@1.2.0");
        assert_eq!(slug("../etc/passwd"), "_.._etc_passwd");
        assert_eq!(slug(".hidden"), "_.hidden");
        assert_eq!(slug(""), "_");
        assert_eq!(slug("é x"), "__x");
    }
}
