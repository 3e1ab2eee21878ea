use serde_json::Value;

use crate::finding::{Finding, Severity};
use crate::openapi::api::{Api, Version, template_names};
use crate::rules::declare_rule;

declare_rule! {
    /// A server variable is undefined, unused, or its default is not in its enum.
    ///
    /// ## What it checks
    /// For every Server Object: each `{variable}` of the URL is defined under `variables`, each defined
    /// variable is used in the URL, and a variable's `default` is one of its `enum` values. A default
    /// outside the enum is an error in 3.1 (MUST) and a warning in 3.0 (SHOULD).
    ///
    /// ## Why it matters
    /// The server URL is where every client sends its requests. A variable without a definition, or a
    /// default the API itself says is not allowed, yields a URL no one can call.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.gov/{env}/v1
    ///     variables: { env: { default: prod, enum: [test, acc] } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.gov/{env}/v1
    ///     variables: { env: { default: prod, enum: [test, acc, prod] } }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.6 (Server Variable Object): "If the enum is defined, the value MUST exist in
    /// the enum's values."
    pub static SERVER_VARIABLES = { code: "OAS011", name: "oas3-server-variables", severity: Error, kind: Api };
}

/// Server variables are defined, used, and their defaults allowed.
pub(crate) fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    let mut lists = vec![(0, "/servers".to_string())];
    if let Some(paths) = api.root().value.get("paths").and_then(Value::as_object) {
        for path in paths.keys() {
            let item = crate::openapi::document::pointer(["paths", path.as_str()]);
            lists.push((0, format!("{item}/servers")));
        }
    }
    lists.extend(
        api.operations()
            .into_iter()
            .map(|op| (op.doc, format!("{}/servers", op.pointer))),
    );
    for (doc, list) in lists {
        let document = &api.ws.documents[doc];
        let Some(servers) = document.get(&list).and_then(Value::as_array) else {
            continue;
        };
        for (i, server) in servers.iter().enumerate() {
            let at = format!("{list}/{i}");
            let url = server.get("url").and_then(Value::as_str).unwrap_or("");
            let used = template_names(url);
            let variables = server.get("variables").and_then(Value::as_object);
            for name in &used {
                if !variables.is_some_and(|v| v.contains_key(*name)) {
                    let mut finding = document.finding(
                        &SERVER_VARIABLES,
                        &format!("{at}/url"),
                        format!("server variable `{{{name}}}` is not defined"),
                    );
                    finding.help = Some(format!(
                        "add `variables: {{ {name}: {{ default: ... }} }}` to this server"
                    ));
                    out.push(finding);
                }
            }
            for (name, variable) in variables.into_iter().flatten() {
                let var_at = format!("{at}/variables/{}", crate::source::escape_pointer_token(name));
                if !used.contains(&name.as_str()) {
                    let mut finding = document.finding(
                        &SERVER_VARIABLES,
                        &var_at,
                        format!("server variable `{name}` is defined but not used in the URL {url}"),
                    );
                    document.place(&mut finding, &var_at, true);
                    finding.severity = Severity::Warning;
                    out.push(finding);
                }
                let (Some(default), Some(allowed)) =
                    (variable.get("default"), variable.get("enum").and_then(Value::as_array))
                else {
                    continue;
                };
                if !allowed.contains(default) {
                    let mut finding = document.finding(
                        &SERVER_VARIABLES,
                        &format!("{var_at}/default"),
                        format!("the default {default} of server variable `{name}` is not one of its enum values"),
                    );
                    if api.version == Version::V30 {
                        finding.severity = Severity::Warning;
                    }
                    finding.help = Some(format!(
                        "allowed: {}",
                        allowed.iter().map(Value::to_string).collect::<Vec<_>>().join(", ")
                    ));
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
            &described("servers: [{ url: 'https://{region}.api.gov', variables: { region: { default: north } } }]\n"),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(check, &described("servers: [{ url: 'https://{region}.api.gov' }]\n"));
        assert_fails_with(&found, &SERVER_VARIABLES);
    }
}
