//! Comply or explain: a recorded exception waives the findings of one rule or one standard in
//! one scope until it expires. A waived finding stays in the report as `info`, saying who
//! waived it and until when; an expired exception waives nothing.

use semver::Version;

use super::Framework;
use super::manifest::ExceptionEntry;
use super::standard::StandardRef;
use crate::date::Date;
use crate::finding::{Finding, Severity};

impl Framework {
    /// Applies the framework's exceptions that are in force on the check date.
    pub fn apply_exceptions(&self, findings: &mut [Finding]) {
        if findings.is_empty() {
            return;
        }
        let today = self.options().as_of;
        // Each scope pattern and standard reference is read once, not once per finding: a
        // large NDJSON file can have thousands.
        let in_force: Vec<Waiver<'_>> = self
            .manifest
            .exceptions
            .iter()
            .filter(|e| e.expires.parse::<Date>().is_ok_and(|until| today <= until))
            .map(Waiver::new)
            .collect();
        if in_force.is_empty() {
            return;
        }
        for finding in findings.iter_mut() {
            if let Some(waiver) = in_force.iter().find(|w| w.waives(finding)) {
                let exception = waiver.entry;
                finding.severity = Severity::Info;
                finding.waived_by = Some(format!(
                    "exception owned by {} until {}: {}",
                    exception.owner, exception.expires, exception.reason
                ));
            }
        }
    }
}

/// An exception ready to match findings.
struct Waiver<'e> {
    entry: &'e ExceptionEntry,
    /// The scope as a file pattern, when it is one.
    pattern: Option<glob::Pattern>,
    /// The standard it waives: `None` for any, `Some(None)` for a reference that does not parse
    /// (it waives nothing).
    standard: Option<Option<StandardRef>>,
}

impl<'e> Waiver<'e> {
    fn new(entry: &'e ExceptionEntry) -> Self {
        Waiver {
            entry,
            pattern: glob::Pattern::new(&entry.scope).ok(),
            standard: entry.standard.as_ref().map(|s| s.parse::<StandardRef>().ok()),
        }
    }

    fn waives(&self, finding: &Finding) -> bool {
        let exception = self.entry;
        let rule = exception
            .rule
            .as_ref()
            .is_none_or(|r| r.eq_ignore_ascii_case(&finding.rule));
        let standard = self.standard.as_ref().is_none_or(|s| {
            s.as_ref()
                .is_some_and(|s| standard_matches(s, finding.standard.as_deref()))
        });
        let in_scope = finding.agency.as_deref() == Some(exception.scope.as_str())
            || self
                .pattern
                .as_ref()
                .is_some_and(|p| p.matches(finding.file.strip_prefix("./").unwrap_or(&finding.file)));
        rule && standard && in_scope
    }
}

fn standard_matches(reference: &StandardRef, label: Option<&str>) -> bool {
    let Some((id, version)) = label.and_then(|l| l.split_once('@')) else {
        return false;
    };
    reference.id == id && Version::parse(version).is_ok_and(|v| reference.req.as_ref().is_none_or(|r| r.matches(&v)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Kind;

    fn exception(rule: Option<&str>, standard: Option<&str>, scope: &str) -> ExceptionEntry {
        ExceptionEntry {
            rule: rule.map(str::to_string),
            standard: standard.map(str::to_string),
            scope: scope.into(),
            owner: "o".into(),
            reason: "r".into(),
            expires: "2099-01-01".into(),
        }
    }

    fn waives(exception: &ExceptionEntry, finding: &Finding) -> bool {
        Waiver::new(exception).waives(finding)
    }

    #[test]
    fn matches_rule_standard_and_scope() {
        let mut f = Finding::new("PAY002", Severity::Error, Kind::Payload, "health/people.json", "m");
        f.standard = Some("person@1.0.0".into());
        assert!(waives(&exception(Some("PAY002"), None, "health/*"), &f));
        assert!(!waives(&exception(Some("PAY003"), None, "health/*"), &f));
        assert!(waives(&exception(None, Some("person@1"), "**"), &f));
        assert!(!waives(&exception(None, Some("person@2"), "**"), &f));
        assert!(!waives(&exception(Some("PAY002"), None, "tax/*"), &f));
        f.agency = Some("ministry-of-health".into());
        assert!(waives(&exception(Some("PAY002"), None, "ministry-of-health"), &f));
        // A standard reference that does not parse waives nothing.
        assert!(!waives(&exception(None, Some("person@not-a-version"), "**"), &f));
    }
}
