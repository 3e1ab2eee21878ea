use crate::finding::Finding;
use crate::openapi::api::{Api, same_parameter};
use crate::rules::declare_rule;

declare_rule! {
    /// A parameter is listed twice.
    ///
    /// ## What it checks
    /// That a path item's or an operation's `parameters` list does not contain two parameters with the
    /// same `name` and `in` (header names compare without case), after following `$ref`s.
    ///
    /// ## Why it matters
    /// Two definitions of one parameter contradict each other; which one a tool uses is undefined.
    ///
    /// ## Example
    /// ```yaml
    /// parameters:
    ///   - { name: page, in: query, schema: { type: integer } }
    ///   - { name: page, in: query, schema: { type: string } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// parameters:
    ///   - { name: page, in: query, schema: { type: integer } }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.10 (Operation Object): "The list MUST NOT include duplicated parameters. A
    /// unique parameter is defined by a combination of a name and location."
    pub static OPERATION_PARAMETERS = { code: "OAS007", name: "operation-parameters", severity: Error, kind: Api };
}

/// No parameter is listed twice.
pub(crate) fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    let mut lists: Vec<(usize, String)> = Vec::new();
    let mut items_seen = std::collections::HashSet::new();
    for op in api.operations() {
        if items_seen.insert((op.item_doc, op.item_pointer.clone())) {
            lists.push((op.item_doc, format!("{}/parameters", op.item_pointer)));
        }
        lists.push((op.doc, format!("{}/parameters", op.pointer)));
    }
    for (doc, list) in lists {
        let parameters = api.parameters_at(doc, &list);
        for (i, parameter) in parameters.iter().enumerate() {
            if let Some(first) = parameters[..i]
                .iter()
                .find(|p| same_parameter(p.value, parameter.value))
            {
                let name = parameter.value.get("name").and_then(|v| v.as_str()).unwrap_or("?");
                let location = parameter.value.get("in").and_then(|v| v.as_str()).unwrap_or("?");
                let mut finding = api.finding(
                    &OPERATION_PARAMETERS,
                    parameter.list_doc,
                    &parameter.listed_at,
                    format!("parameter `{name}` in {location} is listed twice"),
                );
                finding
                    .related
                    .push(api.ws.documents[first.list_doc].related(&first.listed_at, "first listed here"));
                finding.help = Some("remove one of them; a parameter is identified by its name and location".into());
                out.push(finding);
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
                "paths:\n  /persons:\n    get:\n      parameters: [{ name: page, in: query }, { name: size, in: query }]\n      responses: {}\n",
            ),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &described(
                "paths:\n  /persons:\n    get:\n      parameters: [{ name: page, in: query }, { name: page, in: query }]\n      responses: {}\n",
            ),
        );
        assert_fails_with(&found, &OPERATION_PARAMETERS);
    }
}
