use serde_json::Value;

use crate::finding::Finding;
use crate::openapi::api::Api;
use crate::rules::declare_rule;

declare_rule! {
    /// A security requirement names a scheme that is not defined.
    ///
    /// ## What it checks
    /// That every name in a Security Requirement Object, at the top level and in each operation, is a key
    /// of `components.securitySchemes`.
    ///
    /// ## Why it matters
    /// An undefined scheme leaves the operation's protection unknown: gateways cannot enforce it and
    /// clients cannot authenticate.
    ///
    /// ## Example
    /// ```yaml
    /// security: [{ oauth: [] }]
    /// components: { securitySchemes: { oidc: { type: openIdConnect, openIdConnectUrl: https://id.example.gov } } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// security: [{ oidc: [] }]
    /// components: { securitySchemes: { oidc: { type: openIdConnect, openIdConnectUrl: https://id.example.gov } } }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.30 (Security Requirement Object): "Each name MUST correspond to a security
    /// scheme which is declared in the Security Schemes under the Components Object."
    pub static OPERATION_SECURITY_DEFINED = { code: "OAS006", name: "oas3-operation-security-defined", severity: Error, kind: Api };
}

/// Security requirements name defined schemes.
pub(crate) fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    let root = api.root();
    let schemes = root.get("/components/securitySchemes").and_then(Value::as_object);
    let defined: Vec<&str> = schemes
        .map(|s| s.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut lists = vec![(0, "/security".to_string())];
    lists.extend(
        api.operations()
            .into_iter()
            .map(|op| (op.doc, format!("{}/security", op.pointer))),
    );
    for (doc, list) in lists {
        let Some(requirements) = api.ws.documents[doc].get(&list).and_then(Value::as_array) else {
            continue;
        };
        for (i, requirement) in requirements.iter().enumerate() {
            let Some(names) = requirement.as_object() else { continue };
            for name in names.keys() {
                if !defined.contains(&name.as_str()) {
                    let at = format!("{list}/{i}/{}", crate::source::escape_pointer_token(name));
                    let mut finding = api.finding(
                        &OPERATION_SECURITY_DEFINED,
                        doc,
                        &at,
                        format!("security scheme `{name}` is not defined in components.securitySchemes"),
                    );
                    api.ws.documents[doc].place(&mut finding, &at, true);
                    finding.help = Some(if defined.is_empty() {
                        "define it under components.securitySchemes".into()
                    } else {
                        format!("defined schemes: {}", defined.join(", "))
                    });
                    out.push(finding);
                }
            }
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
            &described(
                "security: [{ bearer: [] }]\ncomponents: { securitySchemes: { bearer: { type: http, scheme: bearer } } }\n",
            ),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &described(
                "security: [{ oauth: [] }]\ncomponents: { securitySchemes: { bearer: { type: http, scheme: bearer } } }\n",
            ),
        );
        assert_fails_with(&found, &OPERATION_SECURITY_DEFINED);
    }
}
