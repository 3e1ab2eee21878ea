//! OAS006: security requirements name defined schemes.

use serde_json::Value;

use super::Api;
use crate::finding::Finding;
use crate::rules::OPERATION_SECURITY_DEFINED as RULE;

pub fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
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
                        &RULE,
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
