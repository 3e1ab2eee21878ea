use serde_json::Value;

use crate::finding::Finding;
use crate::openapi::api::Version;
use crate::openapi::document::ApiDocument;
use crate::rules::api::UNRECOGNIZED_FORMAT;
use crate::rules::{Rule, declare_rule};

declare_rule! {
    /// The document is not an OpenAPI 3.0 or 3.1 description.
    ///
    /// ## What it checks
    /// That the `openapi` field's value is a 3.0.x or 3.1.x version string. Swagger 2.0 documents
    /// (`swagger: "2.0"`), unknown versions and numbers (`openapi: 3.0`, which YAML reads as a float) are
    /// reported at the field; nothing else is checked. A document with neither field is OAS012.
    ///
    /// ## Why it matters
    /// Every other check depends on the version: the schema dialect, `nullable`, what a server or a
    /// security scheme may contain. Guessing would produce findings that are wrong for the real version.
    ///
    /// ## Example
    /// ```yaml
    /// swagger: "2.0"
    /// info: { title: Registry, version: 1.0.0 }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// openapi: 3.1.0
    /// info: { title: Registry, version: 1.0.0 }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.1 (Versions): "The `openapi` field MUST be used by tooling to interpret the
    /// OpenAPI Document."
    pub static UNSUPPORTED_OPENAPI_VERSION = { code: "OAS001", name: "unsupported-openapi-version", severity: Error, kind: Api };
}

/// The version of `doc`, or the finding that says why it cannot be read.
pub(crate) fn detect(doc: &ApiDocument) -> Result<Version, Box<Finding>> {
    let at_top = |rule: &Rule, message: String, help: &str| {
        let mut finding = doc.finding(rule, "", message);
        finding.line = Some(1);
        finding.column = Some(1);
        if let Some(snippet) = &mut finding.snippet {
            snippet.span = (0, doc.text.find('\n').unwrap_or(doc.text.len()).min(1));
        }
        finding.help = Some(help.to_string());
        Box::new(finding)
    };
    let Some(root) = doc.value.as_object() else {
        return Err(at_top(
            &UNRECOGNIZED_FORMAT,
            "an OpenAPI description is an object; this document is not".into(),
            "start the document with `openapi: 3.1.0`",
        ));
    };
    if let Some(swagger) = root.get("swagger") {
        let mut finding = doc.finding(
            &UNSUPPORTED_OPENAPI_VERSION,
            "/swagger",
            format!(
                "this is a Swagger {} document; nifcheck checks OpenAPI 3.0 and 3.1",
                plain(swagger)
            ),
        );
        finding.help = Some("convert it to OpenAPI 3 (for example with swagger2openapi) and lint the result".into());
        return Err(Box::new(finding));
    }
    let Some(value) = root.get("openapi") else {
        return Err(at_top(
            &UNRECOGNIZED_FORMAT,
            "the document has no `openapi` field: it is not recognised as an OpenAPI description".into(),
            "add `openapi: 3.1.0` (or the 3.0.x version it follows) at the top",
        ));
    };
    let Some(text) = value.as_str() else {
        let mut finding = doc.finding(
            &UNSUPPORTED_OPENAPI_VERSION,
            "/openapi",
            format!(
                "`openapi` must be a version string such as \"3.1.0\", not {}",
                plain(value)
            ),
        );
        finding.help = Some("quote it: YAML reads an unquoted 3.0 as a number".into());
        return Err(Box::new(finding));
    };
    let mut parts = text.splitn(3, '.');
    let (major, minor, patch) = (parts.next(), parts.next(), parts.next());
    let patch_ok = patch.is_some_and(|p| {
        let digits = p.split(['-', '+']).next().unwrap_or("");
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    });
    match (major, minor, patch_ok) {
        (Some("3"), Some("0"), true) => Ok(Version::V30),
        (Some("3"), Some("1"), true) => Ok(Version::V31),
        _ => {
            let mut finding = doc.finding(
                &UNSUPPORTED_OPENAPI_VERSION,
                "/openapi",
                format!("OpenAPI version \"{text}\" is not supported"),
            );
            finding.help = Some("nifcheck reads OpenAPI 3.0.x and 3.1.x (\"3.0.4\", \"3.1.1\")".into());
            Err(Box::new(finding))
        }
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn version(text: &str) -> Result<Version, Box<Finding>> {
        detect(&ApiDocument::parse("a.yaml", None, text.as_bytes().to_vec()).unwrap())
    }

    #[test]
    fn versions() {
        assert_eq!(version("openapi: 3.0.3\n").unwrap(), Version::V30);
        assert_eq!(version("openapi: 3.1.0\n").unwrap(), Version::V31);
        assert_eq!(version("openapi: 3.1.1-rc1\n").unwrap(), Version::V31);
        let swagger = version("info: {}\nswagger: '2.0'\n").unwrap_err();
        assert_eq!((swagger.line, swagger.column), (Some(2), Some(10)));
        assert!(version("openapi: 3.0\n").unwrap_err().message.contains("not 3.0"));
        assert!(
            version("openapi: 4.0.0\n")
                .unwrap_err()
                .message
                .contains("not supported")
        );
        assert_eq!(version("info: {}\n").unwrap_err().line, Some(1));
        assert_eq!(version("info: {}\n").unwrap_err().rule, "OAS012");
        assert_eq!(version("- a\n").unwrap_err().rule, "OAS012");
    }
}
