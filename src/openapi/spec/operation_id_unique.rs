//! OAS004: operation ids are unique.

use std::collections::HashMap;

use serde_json::Value;

use super::Api;
use crate::finding::Finding;
use crate::rules::OPERATION_ID_UNIQUE as RULE;

pub fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    let mut seen: HashMap<&str, (usize, String)> = HashMap::new();
    for op in api.operations() {
        let Some(id) = op.value.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let at = format!("{}/operationId", op.pointer);
        match seen.get(id) {
            Some((first_doc, first_at)) => {
                let mut finding = api.finding(
                    &RULE,
                    op.doc,
                    &at,
                    format!("operationId `{id}` is already used by another operation"),
                );
                finding
                    .related
                    .push(api.ws.documents[*first_doc].related(first_at, "first used here"));
                finding.help = Some("give every operation its own id, for example verbNoun in camelCase".into());
                out.push(finding);
            }
            None => {
                seen.insert(id, (op.doc, at));
            }
        }
    }
}
