//! OAS011: server variables are defined, used, and their defaults allowed.

use serde_json::Value;

use super::{Api, Version};
use crate::finding::{Finding, Severity};
use crate::rules::SERVER_VARIABLES as RULE;

pub fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    let mut lists = vec![(0, "/servers".to_string())];
    if let Some(paths) = api.root().value.get("paths").and_then(Value::as_object) {
        for path in paths.keys() {
            let item = super::pointer(["paths", path.as_str()]);
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
                        &RULE,
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
                        &RULE,
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
                        &RULE,
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

/// The `{names}` of a URL or path template.
pub fn template_names(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        names.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    names
}
