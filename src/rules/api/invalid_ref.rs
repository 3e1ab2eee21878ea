use crate::finding::Finding;
use crate::openapi::api::Api;
use crate::rules::declare_rule;

declare_rule! {
    /// A `$ref` cannot be resolved.
    ///
    /// ## What it checks
    /// That every `$ref` leads somewhere: a JSON Pointer inside the same document, a relative file inside
    /// the description's folder (and a pointer inside that file), or a national standard by its `$id`,
    /// which resolves offline against the framework. A remote reference is refused unless the framework's
    /// `allowed-hosts` permits its host; a local one that leaves the description's folder (an absolute
    /// path, `../`, a `file://` URL, a link leading elsewhere) or names something other than a regular
    /// file (a FIFO, a device) is refused without being opened. The finding points at the `$ref` itself
    /// and says why it failed.
    ///
    /// ## Why it matters
    /// A broken reference makes the description incomplete: code generators fail, and every check that
    /// follows the reference sees nothing. Remote references make the meaning of a description depend on
    /// a server nobody controls, and a reference to a file elsewhere on the machine would carry its
    /// content (`/etc/passwd`, a CI job's environment) into the report.
    ///
    /// ## Example
    /// ```yaml
    /// schema:
    ///   $ref: '#/components/schemas/Persn'
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// schema:
    ///   $ref: '#/components/schemas/Person'
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.23 (Reference Object): "$ref: REQUIRED. The reference identifier. This MUST
    /// be in the form of a URI."
    pub static INVALID_REF = { code: "OAS003", name: "invalid-ref", severity: Error, kind: Api };
}

/// Every `$ref` resolves.
pub(crate) fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    out.extend(api.ws.problems.iter().cloned());
    for entry in api.ws.all_references() {
        if let Err(reason) = &entry.target {
            let reference = &entry.reference;
            let mut finding = api.finding(
                &INVALID_REF,
                entry.doc,
                &entry.at,
                format!("`$ref: {reference}` cannot be resolved: {reason}"),
            );
            let names_a_file = !reference.starts_with('#');
            finding.help = Some(if reference.contains("://") && !reference.starts_with("file:") {
                "publish the schema inside the framework, or add its host to the framework's allowed-hosts".into()
            } else if names_a_file {
                "check the path: a referenced file must be a regular file inside the description's folder".into()
            } else {
                "check the spelling against the components this document defines".to_string()
            });
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::api::testing::{assert_fails_with, assert_passes, described, findings};

    #[test]
    fn passes() {
        let found = findings(
            check,
            &described("components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { type: string } } }\n"),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &described("components: { schemas: { A: { $ref: '#/components/schemas/C' } } }\n"),
        );
        assert_fails_with(&found, &INVALID_REF);
    }
}
