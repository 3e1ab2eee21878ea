//! GitLab Code Quality: the CodeClimate-style JSON array a job publishes with
//! `artifacts: reports: codequality:`, which GitLab shows in the merge request and on the diff.
//!
//! GitLab compares the report of a merge request with the one of its target branch by each
//! issue's fingerprint, so a fingerprint must name the same problem from run to run and from
//! branch to branch: it is made of the rule, the file, the pointer and the message, not of the
//! line, which moves whenever a line is added above. Waived findings are left out: the framework
//! accepted them, and GitLab has no way to show an issue as accepted.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::SHOWN_TEXT;
use crate::finding::clip;
use crate::report::{Finding, Report, Severity};

/// Writes the array into `out`, each issue built as it is written.
pub(super) fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &Issues(report))?;
    out.write_all(b"\n")?;
    out.flush()
}

struct Issues<'a>(&'a Report);

impl Serialize for Issues<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        serializer.collect_seq(
            self.0
                .findings
                .iter()
                .filter(|f| f.waived_by.is_none())
                .map(|f| issue(f, &mut seen)),
        )
    }
}

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: String,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: String,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

fn issue<'a>(f: &'a Finding, seen: &mut HashMap<String, usize>) -> Issue<'a> {
    let mut description = format!("{} {}", f.rule, clip(&f.message, SHOWN_TEXT));
    if let Some(help) = &f.help {
        description = format!("{description} ({})", clip(help, SHOWN_TEXT));
    }
    Issue {
        kind: "issue",
        check_name: &f.rule,
        description,
        // Everything nifcheck finds is about systems working together.
        categories: ["Compatibility"],
        severity: severity(f.severity),
        fingerprint: fingerprint(f, seen),
        location: Location {
            path: &f.file,
            // GitLab requires a line; a finding about a whole file points at its first.
            lines: Lines {
                begin: f.line.unwrap_or(1),
            },
        },
    }
}

/// GitLab's scale is info, minor, major, critical, blocker; an error fails the run, which is
/// what `major` means to a GitLab reader, and nothing here blocks more than another error.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// SHA-256 of the rule, file, pointer and message; the second and later findings with the same
/// four (two identical lines of an NDJSON file, say) add their rank, so every fingerprint of a
/// report is distinct and each keeps its meaning from run to run.
fn fingerprint(f: &Finding, seen: &mut HashMap<String, usize>) -> String {
    let mut hash = Sha256::new();
    for part in [
        f.rule.as_str(),
        f.file.as_str(),
        f.pointer.as_deref().unwrap_or(""),
        f.message.as_str(),
    ] {
        // Lengths first, so no two different findings hash the same bytes.
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    let first = hex(&hash.finalize());
    let rank = seen.entry(first.clone()).or_insert(0);
    *rank += 1;
    if *rank == 1 {
        first
    } else {
        hex(&Sha256::new()
            .chain_update(first.as_bytes())
            .chain_update((*rank as u64).to_le_bytes())
            .finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Kind;

    fn finding(line: usize, message: &str) -> Finding {
        let mut f = Finding::new("PAY002", Severity::Error, Kind::Payload, "a.ndjson", message);
        f.pointer = Some("/name".into());
        f.line = Some(line);
        f
    }

    #[test]
    fn a_fingerprint_ignores_the_line_and_tells_repeats_apart() {
        let mut seen = HashMap::new();
        let first = fingerprint(&finding(3, "too short"), &mut seen);
        let repeat = fingerprint(&finding(9, "too short"), &mut seen);
        let other = fingerprint(&finding(3, "too long"), &mut seen);
        assert_eq!(first.len(), 64);
        assert_ne!(first, repeat);
        assert_ne!(first, other);
        let mut again = HashMap::new();
        assert_eq!(fingerprint(&finding(40, "too short"), &mut again), first);
        assert_eq!(fingerprint(&finding(41, "too short"), &mut again), repeat);
    }

    #[test]
    fn parts_cannot_run_into_each_other() {
        let mut a = Finding::new("PAY002", Severity::Error, Kind::Payload, "ab", "c");
        let mut b = Finding::new("PAY002", Severity::Error, Kind::Payload, "a", "bc");
        a.pointer = None;
        b.pointer = None;
        assert_ne!(
            fingerprint(&a, &mut HashMap::new()),
            fingerprint(&b, &mut HashMap::new())
        );
    }
}
