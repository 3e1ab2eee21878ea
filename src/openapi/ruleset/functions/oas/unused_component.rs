//! `oasUnusedComponent`: every reusable component of every kind that is referenced by `$ref`
//! (schemas, responses, parameters, examples, request bodies, headers, links, callbacks) is
//! referenced somewhere. Security schemes are named, not referenced, so they are left out.

use serde_json::Value;

use super::super::{Problem, RuleFunction, Target};
use crate::source::escape_pointer_token;

/// The component kinds that are used through `$ref`.
const KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
];

#[derive(Debug)]
pub(crate) struct UnusedComponent;

impl RuleFunction for UnusedComponent {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        let Some(components) = target.value.and_then(|root| root.get("components")) else {
            return Vec::new();
        };
        let mut problems = Vec::new();
        for kind in KINDS {
            let Some(Value::Object(members)) = components.get(kind) else {
                continue;
            };
            for name in members.keys() {
                let at = format!("/components/{kind}/{}", escape_pointer_token(name));
                if !target.referenced.contains(&at) {
                    problems.push(Problem {
                        message: format!("components.{kind} `{name}` is never referenced"),
                        path: vec!["components".into(), (*kind).to_string(), name.clone()],
                        at_key: true,
                    });
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_kind_is_covered() {
        let root = serde_json::json!({"components": {
            "schemas": {"Used": {}, "Unused": {}},
            "responses": {"NotFound": {}},
            "securitySchemes": {"oauth": {}}
        }});
        let referenced: HashSet<String> = ["/components/schemas/Used".to_string()].into();
        let problems = UnusedComponent.check(&Target {
            value: Some(&root),
            property: None,
            referenced: &referenced,
            version: None,
        });
        let paths: Vec<String> = problems.iter().map(|p| p.path.join("/")).collect();
        assert_eq!(paths, ["components/schemas/Unused", "components/responses/NotFound"]);
    }
}
