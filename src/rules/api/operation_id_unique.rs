use std::collections::HashMap;

use serde_json::Value;

use crate::finding::Finding;
use crate::openapi::api::Api;
use crate::rules::declare_rule;

declare_rule! {
    /// Two operations share an `operationId`.
    ///
    /// ## What it checks
    /// That no two operations of a description have the same `operationId`. The finding points at the
    /// second one and names the first.
    ///
    /// ## Why it matters
    /// Code generators turn operation ids into method names and links refer to operations by id; a
    /// repeated id silently drops an operation or points a link at the wrong one.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /persons: { get: { operationId: getPerson } }
    ///   /persons/{id}: { get: { operationId: getPerson } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// paths:
    ///   /persons: { get: { operationId: listPersons } }
    ///   /persons/{id}: { get: { operationId: getPerson } }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.10 (Operation Object): "The id MUST be unique among all operations described
    /// in the API."
    pub static OPERATION_ID_UNIQUE = { code: "OAS004", name: "operation-operationId-unique", severity: Error, kind: Api };
}

/// Operation ids are unique.
pub(crate) fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    let mut seen: HashMap<&str, (usize, String)> = HashMap::new();
    for op in api.operations() {
        let Some(id) = op.value.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let at = format!("{}/operationId", op.pointer);
        match seen.get(id) {
            Some((first_doc, first_at)) => {
                let mut finding = api.finding(
                    &OPERATION_ID_UNIQUE,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::api::testing::{assert_fails_with, assert_passes, described, findings};

    #[test]
    fn passes() {
        let found = findings(
            check,
            &described(
                "paths:\n  /a: { get: { operationId: getA, responses: {} } }\n  /b: { get: { operationId: getB, responses: {} } }\n",
            ),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &described(
                "paths:\n  /a: { get: { operationId: get, responses: {} } }\n  /b: { get: { operationId: get, responses: {} } }\n",
            ),
        );
        assert_fails_with(&found, &OPERATION_ID_UNIQUE);
    }
}
