//! OAS003: every `$ref` resolves.

use super::Api;
use crate::finding::Finding;
use crate::rules::INVALID_REF as RULE;

pub fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    out.extend(api.ws.problems.iter().cloned());
    for entry in api.ws.all_references() {
        if let Err(reason) = &entry.target {
            let reference = &entry.reference;
            let mut finding = api.finding(
                &RULE,
                entry.doc,
                &entry.at,
                format!("`$ref: {reference}` cannot be resolved: {reason}"),
            );
            finding.help = Some(if reference.contains("://") {
                "publish the schema inside the framework, or add its host to the framework's allowed-hosts".into()
            } else {
                "check the spelling against the components this document defines".to_string()
            });
            out.push(finding);
        }
    }
}
