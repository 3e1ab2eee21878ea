//! Standards and the references users write for them: `person`, `person@1`, `person@1.2.0`,
//! `person@>=1.1, <2`.

use std::fmt;
use std::str::FromStr;

use semver::{Version, VersionReq};

use super::manifest::{StandardEntry, Status};

/// One version of a standard, as the manifest declares it.
#[derive(Debug, Clone)]
pub struct Standard {
    /// The manifest entry.
    pub entry: StandardEntry,
    /// Its parsed version.
    pub version: Version,
}

impl Standard {
    /// `person@1.2.0`.
    pub fn label(&self) -> String {
        format!("{}@{}", self.entry.id, self.version)
    }

    /// Whether the standard is still in force.
    pub fn status(&self) -> Status {
        self.entry.status
    }
}

/// A reference to a standard: an id and a version requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardRef {
    /// The standard's id.
    pub id: String,
    /// `None`: any version.
    pub req: Option<VersionReq>,
    /// The text as written, for messages.
    pub text: String,
}

impl FromStr for StandardRef {
    type Err = String;

    /// A bare version is a prefix: `1` is any 1.x.y, `1.2` any 1.2.y, `1.2.0` exactly that.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (id, version) = match s.split_once('@') {
            Some((id, v)) => (id.trim(), Some(v.trim())),
            None => (s.trim(), None),
        };
        if id.is_empty() {
            return Err(format!(
                "`{s}` names no standard; write ID or ID@VERSION, as in person@1.2"
            ));
        }
        let req = version
            .map(|v| {
                let starts_bare = v.chars().next().is_some_and(|c| c.is_ascii_digit());
                let text = if starts_bare { format!("={v}") } else { v.to_string() };
                VersionReq::parse(&text).map_err(|e| format!("`{v}` is not a version or version range: {e}"))
            })
            .transpose()?;
        Ok(StandardRef {
            id: id.to_string(),
            req,
            text: s.to_string(),
        })
    }
}

impl fmt::Display for StandardRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl StandardRef {
    /// The version in force among the matching ones: the newest mandatory version; with none,
    /// the newest recommended one; then the newest deprecated one. Drafts and retired versions
    /// are only picked when nothing else matches. So with person 1.2.0 mandatory and 2.0.0
    /// recommended, `person` means 1.2.0, and `person@2` means 2.0.0.
    pub fn select<'a>(&self, standards: &'a [Standard]) -> Option<&'a Standard> {
        let matching = || {
            standards
                .iter()
                .filter(|s| s.entry.id == self.id && self.req.as_ref().is_none_or(|r| r.matches(&s.version)))
        };
        let newest_with = |wanted: &[Status]| {
            matching()
                .filter(|s| wanted.contains(&s.status()))
                .max_by(|a, b| a.version.cmp(&b.version))
        };
        newest_with(&[Status::Mandatory])
            .or_else(|| newest_with(&[Status::Recommended]))
            .or_else(|| newest_with(&[Status::Deprecated]))
            .or_else(|| matching().max_by(|a, b| a.version.cmp(&b.version)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard(id: &str, version: &str, status: Status) -> Standard {
        Standard {
            entry: StandardEntry {
                id: id.into(),
                version: version.into(),
                title: id.into(),
                status,
                domain: None,
                steward: None,
                description: None,
                json_schema: String::new(),
                xml_schema: None,
                xml_root: None,
            },
            version: Version::parse(version).unwrap_or_else(|_| Version::new(0, 0, 0)),
        }
    }

    fn pick(reference: &str, all: &[Standard]) -> Option<String> {
        reference.parse::<StandardRef>().ok()?.select(all).map(Standard::label)
    }

    #[test]
    fn the_mandatory_version_is_in_force() {
        let all = [
            standard("person", "1.2.0", Status::Mandatory),
            standard("person", "2.0.0", Status::Recommended),
            standard("person", "3.0.0", Status::Draft),
        ];
        assert_eq!(pick("person", &all).as_deref(), Some("person@1.2.0"));
        assert_eq!(pick("person@2", &all).as_deref(), Some("person@2.0.0"));
        assert_eq!(pick("person@>=2", &all).as_deref(), Some("person@2.0.0"));
        assert_eq!(pick("person@3", &all).as_deref(), Some("person@3.0.0"));
    }

    #[test]
    fn without_a_mandatory_version_the_newest_recommended_is_in_force() {
        let all = [
            standard("person", "1.0.0", Status::Recommended),
            standard("person", "1.1.0", Status::Recommended),
            standard("person", "1.2.0", Status::Deprecated),
            standard("person", "0.9.0", Status::Retired),
        ];
        assert_eq!(pick("person", &all).as_deref(), Some("person@1.1.0"));
        assert_eq!(pick("person@1.2", &all).as_deref(), Some("person@1.2.0"));
        assert_eq!(pick("person@0.9", &all).as_deref(), Some("person@0.9.0"));
    }

    #[test]
    fn selects_the_version_in_force_in_a_range() {
        let all = [
            standard("person", "1.0.0", Status::Deprecated),
            standard("person", "1.2.0", Status::Mandatory),
            standard("person", "1.10.0", Status::Recommended),
            standard("person", "2.0.0", Status::Draft),
            standard("address", "2.0.0", Status::Mandatory),
        ];
        assert_eq!(pick("person", &all).as_deref(), Some("person@1.2.0"));
        assert_eq!(pick("person@1", &all).as_deref(), Some("person@1.2.0"));
        assert_eq!(pick("person@>=1.3", &all).as_deref(), Some("person@1.10.0"));
        assert_eq!(pick("person@1.2", &all).as_deref(), Some("person@1.2.0"));
        assert_eq!(pick("person@2", &all).as_deref(), Some("person@2.0.0"));
        assert_eq!(pick("person@>=1.0, <1.2", &all).as_deref(), Some("person@1.0.0"));
        assert_eq!(pick("person@3", &all), None);
        assert_eq!(pick("nobody", &all), None);
        assert!("@1".parse::<StandardRef>().is_err());
        assert!("person@x.y".parse::<StandardRef>().is_err());
    }
}
