//! OAS007: no parameter is listed twice.

use super::{Api, same_parameter};
use crate::finding::Finding;
use crate::rules::OPERATION_PARAMETERS as RULE;

pub fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    let mut lists: Vec<(usize, String)> = Vec::new();
    let mut items_seen = std::collections::HashSet::new();
    for op in api.operations() {
        if items_seen.insert((op.doc, op.item_pointer.clone())) {
            lists.push((op.doc, format!("{}/parameters", op.item_pointer)));
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
                    &RULE,
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
