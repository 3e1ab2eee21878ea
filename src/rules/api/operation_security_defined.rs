use serde_json::Value;

use crate::finding::Finding;
use crate::openapi::api::{Api, Version};
use crate::rules::declare_rule;

declare_rule! {
    /// A security requirement names a scheme that is not defined.
    ///
    /// ## What it checks
    /// That every name in a Security Requirement Object, at the top level and in each operation, is a key
    /// of `components.securitySchemes`, and that the scopes it lists exist: for an `oauth2` scheme each
    /// scope is one of its flows' scopes; in 3.0 any other scheme but `openIdConnect` (whose scopes live
    /// in its discovery document) takes no scopes at all. In 3.1 the list may name roles for those
    /// schemes, so it is not checked there.
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
    /// scheme which is declared in the Security Schemes under the Components Object." OpenAPI 3.0
    /// section 4.7.30: "For other security scheme types, the array MUST be empty."
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
            for (name, scopes) in names {
                if defined.contains(&name.as_str()) {
                    let at = format!("{list}/{i}/{}", crate::source::escape_pointer_token(name));
                    check_scopes(api, doc, &at, name, scopes, out);
                } else {
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

/// The scopes a requirement lists for a defined scheme exist in that scheme.
fn check_scopes(api: &Api<'_>, doc: usize, at: &str, name: &str, scopes: &Value, out: &mut Vec<Finding>) {
    let Some(scopes) = scopes.as_array().filter(|s| !s.is_empty()) else {
        return;
    };
    let scheme_at = format!(
        "/components/securitySchemes/{}",
        crate::source::escape_pointer_token(name)
    );
    let Some((_, _, scheme)) = api.ws.follow(0, &scheme_at) else {
        return;
    };
    let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
    let offered: Vec<&str> = match kind {
        "oauth2" => scheme
            .get("flows")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|flows| flows.values())
            .filter_map(|flow| flow.get("scopes").and_then(Value::as_object))
            .flat_map(|scopes| scopes.keys().map(String::as_str))
            .collect(),
        // Its scopes are in the provider's discovery document, which is not read here.
        "openIdConnect" => return,
        // 3.1 lets the list name roles for any other kind of scheme.
        _ if api.version == Version::V31 => return,
        _ => Vec::new(),
    };
    for (i, scope) in scopes.iter().enumerate() {
        let Some(scope) = scope.as_str() else { continue };
        if offered.contains(&scope) {
            continue;
        }
        let message = if kind == "oauth2" {
            format!("scope `{scope}` is not one of the scopes of the oauth2 scheme `{name}`")
        } else {
            format!("scheme `{name}` is of type `{kind}`, which takes no scopes, yet `{scope}` is listed")
        };
        let mut finding = api.finding(&OPERATION_SECURITY_DEFINED, doc, &format!("{at}/{i}"), message);
        finding.help = Some(if kind == "oauth2" {
            format!("add `{scope}` to the scopes of a flow of `{name}`, or remove it here")
        } else {
            "leave the list empty: only oauth2 and openIdConnect schemes have scopes in OpenAPI 3.0".into()
        });
        out.push(finding);
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

    #[test]
    fn scopes_must_exist() {
        let schemes = "components:\n  securitySchemes:\n    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: /t, scopes: { read: r } } } }\n    basic: { type: http, scheme: basic }\n";
        let v30 =
            |body: &str| format!("openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths: {{}}\n{body}{schemes}");
        assert_passes(&findings(check, &v30("security: [{ oauth: [read] }, { basic: [] }]\n")));
        let unknown_scope = findings(check, &v30("security: [{ oauth: [write] }]\n"));
        assert_fails_with(&unknown_scope, &OPERATION_SECURITY_DEFINED);
        let http_scope = findings(check, &v30("security: [{ basic: [admin] }]\n"));
        assert_fails_with(&http_scope, &OPERATION_SECURITY_DEFINED);
        assert!(http_scope[0].1.contains("takes no scopes"), "{http_scope:?}");
        // In 3.1 the list may hold role names for other kinds of scheme.
        assert_passes(&findings(
            check,
            &described(&format!("security: [{{ basic: [admin] }}]\n{schemes}")),
        ));
    }
}
