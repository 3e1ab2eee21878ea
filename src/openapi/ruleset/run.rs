//! Running rulesets over a description: select with `given`, narrow with `field`, call the
//! function, place each problem at its line and column.

use std::collections::HashSet;

use rayon::prelude::*;
use serde_json::Value;

use super::functions::Target;
use super::message::{Fill, render};
use super::selections::{Hit, Selections};
use super::{Field, Format, Given, Rule, Ruleset};
use crate::finding::{Finding, Severity};
use crate::jsonpath::Resolver as _;
use crate::jsonpath::{Node, Segment};
use crate::openapi::api::{Api, Version};
use crate::openapi::workspace::{Resolved, Target as RefTarget};
use crate::source::escape_pointer_token;

/// Applies the severity changes `rulesets` make to the built-in checks' findings.
pub fn adjust_builtins(rulesets: &[Ruleset], findings: &mut Vec<Finding>) {
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
}

/// Runs the rules of `rulesets` over a description, in parallel.
pub fn run(rulesets: &[Ruleset], api: &Api<'_>) -> Vec<Finding> {
    run_rules(rulesets, api, Some(api.version))
}

/// Runs the rules that are not limited to a format over a document that is not a description
/// nifcheck recognises (`api.version` is then only a placeholder), as Spectral does.
pub fn run_unrecognized(rulesets: &[Ruleset], api: &Api<'_>) -> Vec<Finding> {
    run_rules(rulesets, api, None)
}

fn run_rules(rulesets: &[Ruleset], api: &Api<'_>, version: Option<Version>) -> Vec<Finding> {
    let referenced = referenced(api);
    let resolved = Resolved::new(api.ws);
    let active: Vec<(&Ruleset, &Rule, Severity)> = rulesets
        .iter()
        .flat_map(|set| set.rules.iter().map(move |rule| (set, rule)))
        .filter_map(|(set, rule)| rule.severity.map(|s| (set, rule, s)))
        .filter(|(_, rule, _)| match version {
            Some(version) => applies(rule, version),
            None => rule.formats.is_empty(),
        })
        .collect();
    let selections = Selections::new(active.iter().flat_map(|(_, rule, _)| {
        rule.given
            .iter()
            .filter(|g| applies_to(g, version))
            .map(|g| (g, rule.resolved))
    }));
    let mut found: Vec<Finding> = active
        .par_iter()
        .flat_map_iter(|(set, rule, severity)| {
            let mut out = Vec::new();
            let context = RuleRun {
                rule,
                severity: *severity,
                api,
                version,
                referenced: &referenced,
                resolved: &resolved,
                selections: &selections,
            };
            run_rule(&context, &mut out);
            for finding in &mut out {
                apply_overrides(set, finding);
            }
            out.into_iter()
        })
        .collect();
    found.retain(|f| f.rule != DROPPED);
    found
}

/// Marks a finding an override turned off.
const DROPPED: &str = "\u{0}";

fn applies(rule: &Rule, version: Version) -> bool {
    in_formats(&rule.formats, version)
}

/// Whether `given` applies to a description of `version` (`None`: not a recognised one).
fn applies_to(given: &Given, version: Option<Version>) -> bool {
    match version {
        Some(version) => in_formats(&given.formats, version),
        None => given.formats.is_empty(),
    }
}

/// Whether a description of `version` is of one of `formats` (all when empty).
fn in_formats(formats: &[Format], version: Version) -> bool {
    formats.is_empty()
        || formats.iter().any(|f| match f {
            Format::Oas3 => true,
            Format::Oas3_0 => version == Version::V30,
            Format::Oas3_1 => version == Version::V31,
            Format::Oas3_2 | Format::Oas2 => false,
        })
}

/// How deep below a selected value a deep function sees references resolved: a parameter
/// list's items, a response's media types and their schemas.
const INLINE_DEPTH: usize = 3;

fn run_rule(context: &RuleRun<'_, '_>, out: &mut Vec<Finding>) {
    let RuleRun { rule, api, version, .. } = *context;
    let mut seen = HashSet::new();
    for given in rule.given.iter().filter(|g| applies_to(g, version)) {
        let hits = context
            .selections
            .select(api, given, rule.resolved.then_some(context.resolved));
        for hit in hits.iter() {
            // Two givens may select one place; `~` selections are told apart by their path.
            let identity = match hit.value {
                Some(v) => (hit.doc, std::ptr::from_ref(v) as usize, Vec::new()),
                None => (hit.doc, 0, hit.path.clone()),
            };
            if !seen.insert(identity) {
                continue;
            }
            for then in &rule.then {
                check_hit(context, hit, then, out);
            }
        }
    }
    let mut unique = HashSet::new();
    out.retain(|f| unique.insert((f.file.clone(), f.pointer.clone(), f.message.clone())));
}

/// What a function looks at: extra path tokens below the hit, the value, and whether it
/// exists (when it does not, problems are placed at the hit that lacks it).
struct Looked<'a> {
    below: Vec<String>,
    value: Option<&'a Value>,
    /// How many of `below` exist: a problem with something missing is placed at the deepest
    /// part that exists.
    found: usize,
}

/// One rule running over one description.
struct RuleRun<'a, 'w> {
    rule: &'a Rule,
    severity: Severity,
    api: &'a Api<'w>,
    version: Option<Version>,
    referenced: &'a HashSet<String>,
    /// Every reference of the description, resolved once for all rules.
    resolved: &'a Resolved<'w>,
    /// The selections several rules share.
    selections: &'a Selections<'w>,
}

fn check_hit(context: &RuleRun<'_, '_>, hit: &Hit<'_>, then: &super::Then, out: &mut Vec<Finding>) {
    let RuleRun {
        rule,
        severity,
        api,
        version,
        referenced,
        resolved,
        ..
    } = *context;
    // `@key` looks at every member name of the selected object; a `~` selection, or `@key`
    // on anything else, at the selected node's own name.
    let own_key;
    let member_keys: Vec<(String, Value)>;
    let on_key = hit.value.is_none() || matches!(then.field, Some(Field::Key));
    let targets: Vec<Looked<'_>> = if on_key {
        match (hit.value, &then.field) {
            (Some(Value::Object(map)), Some(Field::Key)) => {
                member_keys = map.keys().map(|k| (k.clone(), Value::String(k.clone()))).collect();
                member_keys
                    .iter()
                    .map(|(k, v)| Looked {
                        below: vec![k.clone()],
                        value: Some(v),
                        found: 1,
                    })
                    .collect()
            }
            _ => {
                own_key = hit.path.last().map(|s| Value::String(segment_text(s)));
                vec![Looked {
                    below: Vec::new(),
                    value: own_key.as_ref(),
                    found: 0,
                }]
            }
        }
    } else {
        match &then.field {
            None | Some(Field::Key) => vec![Looked {
                below: Vec::new(),
                value: hit.value,
                found: 0,
            }],
            Some(Field::Path(names)) => {
                let mut value = hit.value;
                let mut found = 0;
                for name in names {
                    value = value.and_then(|v| match v {
                        Value::Object(map) => map.get(name),
                        Value::Array(items) => name.parse::<usize>().ok().and_then(|i| items.get(i)),
                        _ => None,
                    });
                    if rule.resolved
                        && let Some(v) = value
                        && let Some((target, _)) = resolved.follow(hit.doc, v)
                    {
                        value = Some(target);
                    }
                    found += usize::from(value.is_some());
                }
                vec![Looked {
                    below: names.clone(),
                    found,
                    value,
                }]
            }
            Some(Field::JsonPath(path)) => hit.value.map_or_else(Vec::new, |base| {
                path.select(base)
                    .into_iter()
                    .filter_map(|s| match s.node {
                        Node::Value(v) => Some(Looked {
                            found: s.path.len(),
                            below: s.path.iter().map(segment_text).collect(),
                            value: Some(v),
                        }),
                        _ => None,
                    })
                    .collect()
            }),
        }
    };
    for looked in targets {
        let property = looked
            .below
            .last()
            .cloned()
            .or_else(|| hit.path.last().map(segment_text));
        // A resolved rule's function sees references inside the value resolved too.
        let inlined = match looked.value {
            Some(v) if rule.resolved && then.function.deep() => resolved.inline(v, INLINE_DEPTH),
            _ => None,
        };
        let problems = then.function.check(&Target {
            value: inlined.as_ref().or(looked.value),
            property: property.as_deref(),
            referenced,
            version,
        });
        if problems.is_empty() {
            continue;
        }
        let document = &api.ws.documents[hit.doc];
        let mut tokens: Vec<String> = hit.path.iter().map(segment_text).collect();
        let mut deepest = tokens.clone();
        deepest.extend(looked.below.iter().take(looked.found).cloned());
        tokens.extend(looked.below.iter().cloned());
        for problem in problems {
            let mut place = if looked.found == looked.below.len() {
                tokens.clone()
            } else {
                deepest.clone()
            };
            place.extend(problem.path.iter().cloned());
            // As in Spectral: `{{path}}` is where the finding is placed; `{{property}}` is its
            // last name, or, for a field that is missing, the names from there to the field.
            let property = if looked.found < looked.below.len() && problem.path.is_empty() {
                let from = hit.path.len() + looked.found;
                tokens[from.saturating_sub(1)..].join(".")
            } else {
                place.last().cloned().unwrap_or_default()
            };
            let message = render(
                rule.message.as_deref(),
                &Fill {
                    error: &problem.message,
                    description: rule.description.as_deref(),
                    path: &place,
                    property: &property,
                    value: looked.value,
                },
            );
            let at = to_pointer(&place);
            let mut finding = document.finding_as(&rule.name, severity, &at, message);
            // Spectral places a finding about a member name at the member's value.
            document.place(&mut finding, &at, problem.at_key);
            finding.help = rule.description.clone();
            out.push(finding);
        }
    }
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
        .iter()
        .filter_map(|r| match &r.target {
            Ok(RefTarget::Local { doc: 0, pointer }) => Some(pointer.clone()),
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
