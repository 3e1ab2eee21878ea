//! Running rulesets over a description: select with `given`, narrow with `field`, call the
//! function, place each problem at its line and column.

use std::collections::HashSet;

use rayon::prelude::*;
use serde_json::Value;

use super::functions::Target;
use super::message::{Fill, render};
use super::{Field, Format, Rule, Ruleset};
use crate::jsonpath::{JsonPath, Node, Segment};
use crate::openapi::spec::{Api, Version};
use crate::openapi::workspace::{Resolved, Target as RefTarget};
use crate::report::{Finding, Severity};
use crate::source::escape_pointer_token;

/// What a function looks at: its path tokens, its value, and whether it exists (when it does
/// not, problems are placed at the selected value that lacks it).
type Looked<'a> = (Vec<String>, Option<&'a Value>, bool);

/// A selected place: the document, the path tokens, the value (or the key, for `~`).
struct Hit<'w> {
    doc: usize,
    tokens: Vec<String>,
    value: Option<&'w Value>,
    /// Selected with `~`: the member name (or index) itself.
    key_node: bool,
}

/// Applies `rulesets` to a description: their own rules add findings, and their severity
/// changes for the built-in checks adjust `findings`.
pub fn run(rulesets: &[Ruleset], api: &Api<'_>, findings: &mut Vec<Finding>) {
    let referenced = referenced(api);
    for ruleset in rulesets {
        for (code, severity) in &ruleset.builtin_severity {
            match severity {
                None => findings.retain(|f| f.rule != *code),
                Some(severity) => findings
                    .iter_mut()
                    .filter(|f| f.rule == *code)
                    .for_each(|f| f.severity = *severity),
            }
        }
    }
    let active: Vec<(&Ruleset, &Rule, Severity)> = rulesets
        .iter()
        .flat_map(|set| set.rules.iter().map(move |rule| (set, rule)))
        .filter_map(|(set, rule)| rule.severity.map(|s| (set, rule, s)))
        .filter(|(_, rule, _)| applies(rule, api.version))
        .collect();
    let mut found: Vec<Finding> = active
        .par_iter()
        .flat_map_iter(|(set, rule, severity)| {
            let mut out = Vec::new();
            run_rule(rule, *severity, api, &referenced, &mut out);
            for finding in &mut out {
                apply_overrides(set, finding);
            }
            out.into_iter()
        })
        .collect();
    found.retain(|f| f.rule != DROPPED);
    findings.append(&mut found);
}

/// Marks a finding an override turned off.
const DROPPED: &str = "\u{0}";

fn applies(rule: &Rule, version: Version) -> bool {
    rule.formats.is_empty()
        || rule.formats.iter().any(|f| match f {
            Format::Oas3 => true,
            Format::Oas3_0 => version == Version::V30,
            Format::Oas3_1 => version == Version::V31,
            Format::Oas2 => false,
        })
}

fn run_rule(rule: &Rule, severity: Severity, api: &Api<'_>, referenced: &HashSet<String>, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for (_, path) in &rule.given {
        for hit in select(api, path, rule.resolved) {
            if !seen.insert((hit.doc, hit.tokens.clone(), hit.key_node)) {
                continue;
            }
            for then in &rule.then {
                check_hit(rule, severity, api, referenced, &hit, then, out);
            }
        }
    }
    let mut unique = HashSet::new();
    out.retain(|f| unique.insert((f.file.clone(), f.pointer.clone(), f.message.clone())));
}

fn check_hit(
    rule: &Rule,
    severity: Severity,
    api: &Api<'_>,
    referenced: &HashSet<String>,
    hit: &Hit<'_>,
    then: &super::Then,
    out: &mut Vec<Finding>,
) {
    let key_value = hit.tokens.last().map(|k| Value::String(k.clone()));
    let (targets, at_key): (Vec<Looked<'_>>, bool) = match &then.field {
        _ if hit.key_node => (vec![(hit.tokens.clone(), key_value.as_ref(), true)], true),
        None => (vec![(hit.tokens.clone(), hit.value, true)], false),
        Some(Field::Key) => (vec![(hit.tokens.clone(), key_value.as_ref(), true)], true),
        Some(Field::Path(names)) => {
            let mut value = hit.value;
            let mut tokens = hit.tokens.clone();
            for name in names {
                value = value.and_then(|v| match v {
                    Value::Object(map) => map.get(name),
                    Value::Array(items) => name.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                });
                tokens.push(name.clone());
            }
            let exists = value.is_some();
            (vec![(tokens, value, exists)], false)
        }
        Some(Field::JsonPath(path)) => match hit.value {
            None => (Vec::new(), false),
            Some(base) => (
                path.select(base)
                    .into_iter()
                    .filter_map(|s| match s.node {
                        Node::Value(v) => {
                            let mut tokens = hit.tokens.clone();
                            tokens.extend(s.path.iter().map(segment_text));
                            Some((tokens, Some(v), true))
                        }
                        _ => None,
                    })
                    .collect(),
                false,
            ),
        },
    };
    let document = &api.ws.documents[hit.doc];
    for (tokens, value, exists) in targets {
        let pointer = to_pointer(&tokens);
        let property = tokens.last().map(String::as_str);
        let problems = then.function.check(&Target {
            value,
            property,
            referenced,
            pointer: &pointer,
        });
        for problem in problems {
            let mut place_tokens = if exists { tokens.clone() } else { hit.tokens.clone() };
            place_tokens.extend(problem.path.iter().cloned());
            let message = render(
                rule.message.as_deref(),
                &Fill {
                    error: &problem.message,
                    description: rule.description.as_deref(),
                    path: &tokens,
                    value,
                },
            );
            let at = to_pointer(&place_tokens);
            let mut finding = document.finding_as(&rule.name, severity, &at, message);
            document.place(&mut finding, &at, at_key || problem.at_key);
            finding.help = rule.description.clone();
            out.push(finding);
        }
    }
}

/// The places `path` selects in the description, with references followed unless the rule
/// asks for the document as written.
fn select<'w>(api: &Api<'w>, path: &JsonPath, resolved: bool) -> Vec<Hit<'w>> {
    let root = &api.ws.documents[0].value;
    let selected = if resolved {
        path.select_resolved(root, &Resolved(api.ws))
    } else {
        path.select(root)
    };
    selected
        .into_iter()
        .map(|s| {
            let tokens = s.path.iter().map(segment_text).collect();
            let (value, key_node) = match s.node {
                Node::Value(v) => (Some(v), false),
                Node::Key(_) | Node::Index(_) => (None, true),
            };
            Hit {
                doc: s.doc,
                tokens,
                value,
                key_node,
            }
        })
        .collect()
}

fn segment_text(segment: &Segment<'_>) -> String {
    match segment {
        Segment::Key(k) => (*k).to_string(),
        Segment::Index(i) => i.to_string(),
    }
}

fn to_pointer(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("/{}", escape_pointer_token(t))).collect()
}

/// Every pointer of the description's own document that a `$ref` leads to.
fn referenced(api: &Api<'_>) -> HashSet<String> {
    api.ws
        .all_references()
        .into_iter()
        .filter_map(|(doc, _, reference)| match api.ws.resolve(doc, &reference) {
            Ok(RefTarget::Local { doc: 0, pointer }) => Some(pointer),
            _ => None,
        })
        .collect()
}

/// The last override whose files match the finding's file (and pointer) decides.
fn apply_overrides(ruleset: &Ruleset, finding: &mut Finding) {
    let path = std::path::Path::new(&finding.file);
    for entry in &ruleset.overrides {
        let relative = path.strip_prefix(&entry.base).unwrap_or(path);
        let absolute = std::fs::canonicalize(path).ok();
        let relative_abs = absolute.as_deref().and_then(|a| {
            let base = std::fs::canonicalize(&entry.base).ok()?;
            a.strip_prefix(base).ok().map(std::path::Path::to_path_buf)
        });
        let matches = entry.files.iter().any(|(glob, pointer)| {
            let file_matches = glob.matches_path(relative)
                || glob.matches_path(path)
                || relative_abs.as_deref().is_some_and(|r| glob.matches_path(r));
            let pointer_matches = pointer.as_deref().is_none_or(|p| {
                let at = finding.pointer.as_deref().unwrap_or("");
                at == p || at.starts_with(&format!("{p}/"))
            });
            file_matches && pointer_matches
        });
        if !matches {
            continue;
        }
        if let Some((_, severity)) = entry.rules.iter().rev().find(|(name, _)| *name == finding.rule) {
            match severity {
                Some(s) => finding.severity = *s,
                None => finding.rule = DROPPED.to_string(),
            }
        }
    }
}
