use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::finding::Finding;
use crate::openapi::api::{Api, Parameter, template_names};
use crate::openapi::document::pointer;
use crate::rules::declare_rule;

declare_rule! {
    /// Path templates and path parameters do not match.
    ///
    /// ## What it checks
    /// For each path and operation: every `{variable}` of the path template has a path parameter, every
    /// path parameter appears in the template, each path parameter has `required: true`, a variable is not
    /// used twice in one template, and no two paths are the same template with different variable names
    /// (`/persons/{id}` and `/persons/{nin}`).
    ///
    /// ## Why it matters
    /// A client cannot build the URL of an operation whose variables are not described, and a server
    /// router cannot tell two equivalent templates apart.
    ///
    /// ## Example
    /// ```yaml
    /// /persons/{nin}:
    ///   get:
    ///     parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// /persons/{nin}:
    ///   get:
    ///     parameters: [{ name: nin, in: path, required: true, schema: { type: string } }]
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 sections 4.8.8 (Paths Object: "Templated paths with the same hierarchy but different
    /// templated names MUST NOT exist") and 4.8.12 (Parameter Object: the name "MUST correspond to a
    /// template expression"; `required` "MUST be true" for path parameters).
    pub static PATH_PARAMS = { code: "OAS005", name: "path-params", severity: Error, kind: Api };
}

/// Path templates and path parameters agree.
pub(crate) fn check(api: &Api<'_>, out: &mut Vec<Finding>) {
    let root = api.root();
    let Some(paths) = root.value.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut shapes: HashMap<String, &str> = HashMap::new();
    for path in paths.keys() {
        let at = pointer(["paths", path.as_str()]);
        let names = template_names(path);
        let finding_at_key = |message: String, help: &str| {
            let mut finding = root.finding(&PATH_PARAMS, &at, message);
            root.place(&mut finding, &at, true);
            finding.help = Some(help.to_string());
            finding
        };
        if names.iter().any(|n| n.is_empty()) {
            out.push(finding_at_key(
                format!("path `{path}` has an empty `{{}}` template expression"),
                "name the variable: /persons/{nin}",
            ));
        }
        let mut seen = HashSet::new();
        for name in &names {
            if !name.is_empty() && !seen.insert(*name) {
                out.push(finding_at_key(
                    format!("path `{path}` uses the variable `{{{name}}}` twice"),
                    "give each variable of a template its own name",
                ));
            }
        }
        let shape = shape_of(path);
        match shapes.get(shape.as_str()) {
            Some(first) => {
                let mut finding = finding_at_key(
                    format!("paths `{first}` and `{path}` are equivalent: they differ only in variable names"),
                    "merge the two path items into one",
                );
                finding
                    .related
                    .push(root.related(&pointer(["paths", *first]), "the equivalent path"));
                out.push(finding);
            }
            None => {
                shapes.insert(shape, path);
            }
        }
    }
    let mut items_done = HashSet::new();
    for op in api.operations() {
        let names = template_names(op.path);
        if items_done.insert((op.item_doc, op.item_pointer.clone())) {
            let listed = api.parameters_at(op.item_doc, &format!("{}/parameters", op.item_pointer));
            check_listed(api, op.path, &names, &listed, out);
        }
        let own = api.parameters_at(op.doc, &format!("{}/parameters", op.pointer));
        check_listed(api, op.path, &names, &own, out);
        let defined: HashSet<String> = api
            .effective_parameters(&op)
            .iter()
            .filter(|p| p.value.get("in").and_then(Value::as_str) == Some("path"))
            .filter_map(|p| p.value.get("name").and_then(Value::as_str).map(str::to_string))
            .collect();
        for name in names.iter().filter(|n| !n.is_empty()) {
            if !defined.contains(*name) {
                let mut finding = api.finding(
                    &PATH_PARAMS,
                    op.doc,
                    &op.pointer,
                    format!(
                        "{} {} has no path parameter for `{{{name}}}`",
                        op.method.to_ascii_uppercase(),
                        op.path
                    ),
                );
                api.ws.documents[op.doc].place(&mut finding, &op.pointer, true);
                finding.help = Some(format!(
                    "add `{{ name: {name}, in: path, required: true, schema: {{ type: string }} }}` to its parameters"
                ));
                out.push(finding);
            }
        }
    }
}

fn check_listed(api: &Api<'_>, path: &str, names: &[&str], listed: &[Parameter<'_>], out: &mut Vec<Finding>) {
    for parameter in listed {
        if parameter.value.get("in").and_then(Value::as_str) != Some("path") {
            continue;
        }
        let name = parameter.value.get("name").and_then(Value::as_str).unwrap_or("");
        if !names.contains(&name) {
            let mut finding = api.finding(
                &PATH_PARAMS,
                parameter.doc,
                &format!("{}/name", parameter.pointer),
                format!("path parameter `{name}` does not appear in the path `{path}`"),
            );
            finding.help = Some(format!("the template has: {}", list(names)));
            out.push(finding);
        }
        if parameter.value.get("required") != Some(&Value::Bool(true)) {
            let at = match parameter.value.get("required") {
                Some(_) => format!("{}/required", parameter.pointer),
                None => parameter.pointer.clone(),
            };
            let mut finding = api.finding(
                &PATH_PARAMS,
                parameter.doc,
                &at,
                format!("path parameter `{name}` must have `required: true`"),
            );
            finding.help = Some("a path parameter is always required".into());
            out.push(finding);
        }
    }
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        return "no variables".into();
    }
    names.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(", ")
}

/// The path with every variable name removed: `/persons/{}`.
fn shape_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push('{');
            }
            '}' => {
                depth -= 1;
                out.push('}');
            }
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    out
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
                "paths:\n  /persons/{nin}:\n    get:\n      parameters: [{ name: nin, in: path, required: true, schema: { type: string } }]\n      responses: {}\n",
            ),
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            &described(
                "paths:\n  /persons/{nin}:\n    get:\n      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]\n      responses: {}\n",
            ),
        );
        assert_fails_with(&found, &PATH_PARAMS);
    }

    #[test]
    fn an_operation_written_as_a_reference_is_read_where_it_leads() {
        // Not allowed in 3.0 (oas3-schema reports it); its parameters are still its own.
        let text = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /persons/{nin}:\n    get: { $ref: '#/components/x-operations/getPerson' }\ncomponents:\n  x-operations:\n    getPerson:\n      parameters: [{ name: nin, in: path, required: true, schema: { type: string } }]\n      responses: {}\n";
        assert_passes(&findings(check, text));
        let broken = text.replace(
            "'#/components/x-operations/getPerson'",
            "'#/components/x-operations/nowhere'",
        );
        assert_passes(&findings(check, &broken));
    }
}
