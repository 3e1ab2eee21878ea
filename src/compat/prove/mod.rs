//! The prover: is every instance of A an instance of B? It answers `Yes` only by rules that are
//! sound for the JSON Schema semantics (A may be over-approximated, B never), `No` when it sees
//! a place where A is wider (a witness search then decides), and `Unknown` otherwise.

use std::collections::{HashMap, HashSet};

use jsonschema::Draft;
use serde_json::Value;

mod numbers;
mod structure;

use structure::closed_length;

use super::merge::{flatten, type_names};
use super::node::{Documents, Node, is_assertion, references_in};

/// What the prover concluded about one pair of schemas.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// Included.
    Yes,
    /// Probably not included: where, and the keyword of B that A does not respect.
    No { path: String, keyword: String },
    /// Not decided: where, and why.
    Unknown { path: String, reason: String },
}

impl Outcome {
    /// The outcome with its path made relative to `base`, where the pair was compared; `None`
    /// when its path lies elsewhere.
    fn relative_to(&self, base: &str) -> Option<Outcome> {
        let strip = |path: &str| path.strip_prefix(base).map(str::to_string);
        Some(match self {
            Outcome::Yes => Outcome::Yes,
            Outcome::No { path, keyword } => Outcome::No {
                path: strip(path)?,
                keyword: keyword.clone(),
            },
            Outcome::Unknown { path, reason } => Outcome::Unknown {
                path: strip(path)?,
                reason: reason.clone(),
            },
        })
    }

    /// A relative outcome placed at `base`.
    fn placed_at(&self, base: &str) -> Outcome {
        match self {
            Outcome::Yes => Outcome::Yes,
            Outcome::No { path, keyword } => Outcome::No {
                path: format!("{base}{path}"),
                keyword: keyword.clone(),
            },
            Outcome::Unknown { path, reason } => Outcome::Unknown {
                path: format!("{base}{path}"),
                reason: reason.clone(),
            },
        }
    }

    fn and(self, other: Outcome) -> Outcome {
        match (self, other) {
            (no @ Outcome::No { .. }, _) | (_, no @ Outcome::No { .. }) => no,
            (unknown @ Outcome::Unknown { .. }, _) | (_, unknown @ Outcome::Unknown { .. }) => unknown,
            _ => Outcome::Yes,
        }
    }
}

/// Answers questions only a real validator can: does this schema accept this value?
pub(crate) trait Oracle {
    /// `None` when the schema cannot be compiled.
    fn accepts(&self, node: &Node, value: &Value) -> Option<bool>;
    /// Whether `format` asserts.
    fn formats(&self) -> bool;
    /// A remembered answer to "do these two references lead to the same schemas?".
    fn remembered(&self, key: &str) -> Option<bool>;
    /// Remembers such an answer for the next question about the same documents.
    fn remember(&self, key: &str, same: bool);
    /// The codes of a framework code list valid on the check date.
    fn codes(&self, list: &str) -> Option<Vec<String>>;
}

/// Walks two schemas.
pub(crate) struct Prover<'a> {
    docs: &'a Documents,
    oracle: &'a dyn Oracle,
    assumed: HashSet<(String, String)>,
    /// How many times an assumed pair was relied on: an answer reached without relying on one
    /// holds wherever the pair comes up again.
    assumptions_relied_on: usize,
    /// Answers for pairs already compared, their paths relative to the pair's own place.
    /// Schemas whose `$ref`s form a DAG (each definition used twice, 24 levels deep) reach the
    /// same pair along exponentially many paths; each is compared once.
    known: HashMap<(String, String), Outcome>,
    depth: usize,
}

const MAX_DEPTH: usize = 48;

impl<'a> Prover<'a> {
    /// A prover over these documents.
    pub(crate) fn new(docs: &'a Documents, oracle: &'a dyn Oracle) -> Self {
        Prover {
            docs,
            oracle,
            assumed: HashSet::new(),
            assumptions_relied_on: 0,
            known: HashMap::new(),
            depth: 0,
        }
    }

    /// `A ⊆ B`?
    pub(crate) fn includes(&mut self, a: &Node, b: &Node, path: &str) -> Outcome {
        if b.is_true() || a.is_false() || self.equivalent(a, b) {
            return Outcome::Yes;
        }
        // B = anyOf[…, A, …]: A is one of the branches as written.
        if let Some(Value::Array(branches)) = b.get("anyOf")
            && b.object()
                .is_some_and(|m| m.keys().filter(|k| is_assertion(k, b.draft)).count() == 1)
            && branches
                .iter()
                .any(|branch| self.equivalent(a, &b.child(branch, "anyOf")))
        {
            return Outcome::Yes;
        }
        if self.depth > MAX_DEPTH {
            return unknown(path, "the schemas nest too deeply to compare");
        }
        let key = (key_of(a), key_of(b));
        if let Some(known) = self.known.get(&key) {
            return known.placed_at(path);
        }
        if !self.assumed.insert(key.clone()) {
            // Recursion: assume the pair holds (a greatest fixed point), as references loop.
            self.assumptions_relied_on += 1;
            return Outcome::Yes;
        }
        let relied_on_before = self.assumptions_relied_on;
        self.depth += 1;
        let alternatives = flatten(self.docs, a, 0);
        let mut outcome = Outcome::Yes;
        for alternative in &alternatives {
            outcome = outcome.and(self.flat_includes(alternative, b, path));
            if matches!(outcome, Outcome::No { .. }) {
                break;
            }
        }
        self.depth -= 1;
        self.assumed.remove(&key);
        // A "no" found under assumptions is a "no" without them too; any other answer is kept
        // only when no assumption was relied on.
        let independent = self.assumptions_relied_on == relied_on_before;
        if (independent || matches!(outcome, Outcome::No { .. }))
            && let Some(relative) = outcome.relative_to(path)
        {
            self.known.insert(key, relative);
        }
        outcome
    }

    /// The same schema, with references that resolve to the same schemas: an unchanged part of
    /// a new version, whose references point into its own document.
    pub(crate) fn equivalent(&self, a: &Node, b: &Node) -> bool {
        if a.value != b.value || a.draft != b.draft {
            return false;
        }
        if a.base == b.base {
            return true;
        }
        let mut seen = HashSet::new();
        self.references_agree(a, b, &mut seen)
    }

    fn references_agree(&self, a: &Node, b: &Node, seen: &mut HashSet<String>) -> bool {
        let mut references = Vec::new();
        references_in(&a.value, &mut references);
        for reference in references {
            let (Some(ta), Some(tb)) = (self.docs.resolve(a, &reference), self.docs.resolve(b, &reference)) else {
                return false;
            };
            let key = format!("{}|{}", key_of(&ta), key_of(&tb));
            if !seen.insert(key.clone()) {
                continue;
            }
            if let Some(known) = self.oracle.remembered(&key) {
                if !known {
                    return false;
                }
                continue;
            }
            let agree = ta.value == tb.value && self.references_agree(&ta, &tb, seen);
            self.oracle.remember(&key, agree);
            if !agree {
                return false;
            }
        }
        true
    }

    /// Whether two schemas share no instance (only decided when that is easy to see).
    fn disjoint(&mut self, a: &Node, x: &Node) -> bool {
        let alternatives = flatten(self.docs, a, 0);
        alternatives.iter().all(|alt| {
            let xs = flatten(self.docs, x, 0);
            xs.iter().all(|x| {
                let (ta, tx) = (types_of(alt), types_of(x));
                if !ta.iter().any(|t| tx.contains(t)) {
                    return true;
                }
                match finite_values(alt) {
                    Some(values) => values.iter().all(|v| {
                        self.oracle.accepts(x, v) == Some(false) || self.oracle.accepts(alt, v) == Some(false)
                    }),
                    None => finite_values(x)
                        .is_some_and(|values| values.iter().all(|v| self.oracle.accepts(alt, v) == Some(false))),
                }
            })
        })
    }

    /// `A ⊆ B` where A has no top-level applicators.
    fn flat_includes(&mut self, a: &Node, b: &Node, path: &str) -> Outcome {
        if let Some(values) = finite_values(a) {
            return self.finite(a, b, &values, path);
        }
        let Some(bmap) = b.object() else {
            return if b.is_false() { no(path, "false") } else { Outcome::Yes };
        };
        let mut outcome = Outcome::Yes;
        if let Some(reference) = bmap.get("$ref").and_then(Value::as_str) {
            let Some(target) = self.docs.resolve(b, reference) else {
                return unknown(path, &format!("B's $ref `{reference}` does not resolve"));
            };
            outcome = self.includes(a, &target, path);
            if matches!(b.draft, Draft::Draft4 | Draft::Draft6 | Draft::Draft7) {
                return outcome;
            }
        }
        for (keyword, value) in bmap {
            if matches!(outcome, Outcome::No { .. }) {
                return outcome;
            }
            if keyword == "$ref" || !is_assertion(keyword, b.draft) {
                continue;
            }
            let step = self.keyword(a, b, keyword, value, path);
            outcome = outcome.and(step);
        }
        outcome
    }

    fn finite(&mut self, a: &Node, b: &Node, values: &[Value], path: &str) -> Outcome {
        for value in values {
            if self.oracle.accepts(a, value) == Some(false) {
                continue;
            }
            match self.oracle.accepts(b, value) {
                Some(true) => {}
                Some(false) => return no(path, "enum"),
                None => return unknown(path, "B does not compile"),
            }
        }
        Outcome::Yes
    }

    fn keyword(&mut self, a: &Node, b: &Node, keyword: &str, value: &Value, path: &str) -> Outcome {
        let a_types = types_of(a);
        let has = |t: &str| a_types.contains(&t);
        let numeric = has("number") || has("integer");
        match keyword {
            "type" => {
                let allowed = type_names(value);
                let integral = a_is_integral(a);
                let outside = a_types
                    .iter()
                    .any(|t| !(allowed.contains(t) || (*t == "number" && integral && allowed.contains(&"integer"))));
                if outside { no(path, "type") } else { Outcome::Yes }
            }
            "allOf" => {
                let mut outcome = Outcome::Yes;
                for (i, conjunct) in value.as_array().into_iter().flatten().enumerate() {
                    outcome = outcome.and(self.includes(a, &b.child(conjunct, &format!("allOf/{i}")), path));
                }
                outcome
            }
            "anyOf" => {
                let branches: Vec<Node> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, s)| b.child(s, &format!("anyOf/{i}")))
                    .collect();
                let outcomes: Vec<Outcome> = branches.iter().map(|branch| self.includes(a, branch, path)).collect();
                if outcomes.contains(&Outcome::Yes) {
                    Outcome::Yes
                } else if outcomes.iter().all(|o| matches!(o, Outcome::No { .. })) {
                    no(path, "anyOf")
                } else {
                    unknown(path, "A is not within any single branch of B's anyOf")
                }
            }
            "oneOf" => {
                let branches: Vec<Node> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, s)| b.child(s, &format!("oneOf/{i}")))
                    .collect();
                for (i, branch) in branches.iter().enumerate() {
                    if self.includes(a, branch, path) == Outcome::Yes
                        && branches
                            .iter()
                            .enumerate()
                            .all(|(j, other)| i == j || self.disjoint(a, other))
                    {
                        return Outcome::Yes;
                    }
                }
                unknown(path, "B's oneOf branches are not shown to be exclusive for A")
            }
            "not" => {
                let excluded = b.child(value, "not");
                if self.disjoint(a, &excluded) {
                    Outcome::Yes
                } else if self.includes(a, &excluded, path) == Outcome::Yes {
                    no(path, "not")
                } else {
                    unknown(path, "B's not is not decided")
                }
            }
            "if" => {
                let condition = b.child(value, "if");
                let then = b
                    .get("then")
                    .map_or_else(|| b.derived(Value::Bool(true)), |t| b.child(t, "then"));
                let otherwise = b
                    .get("else")
                    .map_or_else(|| b.derived(Value::Bool(true)), |e| b.child(e, "else"));
                let both = self.includes(a, &then, path).and(self.includes(a, &otherwise, path));
                if both == Outcome::Yes {
                    return Outcome::Yes;
                }
                if self.includes(a, &condition, path) == Outcome::Yes {
                    return self.includes(a, &then, path);
                }
                if self.disjoint(a, &condition) {
                    return self.includes(a, &otherwise, path);
                }
                unknown(path, "B's if/then/else is not decided")
            }
            "then" | "else" => Outcome::Yes,
            "enum" | "const" => no(path, keyword),
            "minimum" | "exclusiveMinimum" | "maximum" | "exclusiveMaximum" if numeric => {
                self.bounds(a, b, keyword, path)
            }
            "multipleOf" if numeric => {
                let Some(m) = value.as_f64().filter(|m| *m > 0.0) else {
                    return unknown(path, "bad multipleOf");
                };
                let a_m = a.get("multipleOf").and_then(Value::as_f64);
                let divides = |x: f64| {
                    let q = x / m;
                    (q - q.round()).abs() < 1e-9 && q.round() >= 1.0
                };
                if a_m.is_some_and(divides) || (a_is_integral(a) && divides(1.0)) {
                    Outcome::Yes
                } else {
                    no(path, keyword)
                }
            }
            "minLength" if has("string") => at_least(a.get("minLength"), value, path, keyword),
            "maxLength" if has("string") => at_most(a.get("maxLength"), value, path, keyword),
            "x-codelist" if has("string") => {
                let wanted = value.as_str().unwrap_or_default();
                match a.get("x-codelist").and_then(Value::as_str) {
                    Some(own) if own == wanted => Outcome::Yes,
                    Some(own) => match (self.oracle.codes(own), self.oracle.codes(wanted)) {
                        (Some(mine), Some(theirs)) if mine.iter().all(|c| theirs.contains(c)) => Outcome::Yes,
                        (Some(_), Some(_)) => no(path, keyword),
                        _ => unknown(path, "a code list is not in the framework"),
                    },
                    None => no(path, keyword),
                }
            }
            "pattern" if has("string") => {
                let theirs = value.as_str().unwrap_or_default();
                let mine = a.get("pattern").and_then(Value::as_str).unwrap_or("");
                if mine == theirs {
                    return Outcome::Yes;
                }
                match super::automata::includes(mine, theirs) {
                    super::automata::PatternInclusion::Included => Outcome::Yes,
                    super::automata::PatternInclusion::Separated(_) => no(path, keyword),
                    super::automata::PatternInclusion::Unknown => unknown(
                        path,
                        &format!(
                            "the patterns `{mine}` and `{theirs}` are not compared: one uses look-around or back-references, or the automata grow too large"
                        ),
                    ),
                }
            }
            "contentEncoding" | "contentMediaType" | "contentSchema" if has("string") => same(a, keyword, value, path),
            "format" if has("string") => {
                if self.oracle.formats() {
                    same(a, keyword, value, path)
                } else {
                    Outcome::Yes
                }
            }
            "x-nifcheck-refused" => unknown(path, "B refers to a document that could not be fetched"),
            "required" if has("object") => {
                let a_required = strings(a.get("required"));
                let missing = strings(Some(value)).into_iter().find(|r| !a_required.contains(r));
                match missing {
                    Some(name) => no(&format!("{path}/{name}"), "required"),
                    None => Outcome::Yes,
                }
            }
            "properties" if has("object") => {
                let mut outcome = Outcome::Yes;
                for (name, schema) in value.as_object().into_iter().flatten() {
                    let a_side = self.a_property(a, name);
                    let step = self.includes(
                        &a_side,
                        &b.child(schema, &format!("properties/{name}")),
                        &format!("{path}/{name}"),
                    );
                    outcome = outcome.and(step);
                    if matches!(outcome, Outcome::No { .. }) {
                        break;
                    }
                }
                outcome
            }
            "additionalProperties" | "patternProperties" if has("object") => self.open_properties(a, b, keyword, path),
            "propertyNames" if has("object") => {
                let names = b.child(value, "propertyNames");
                if closed(a) {
                    let all = a
                        .get("properties")
                        .and_then(Value::as_object)
                        .map(|p| p.keys().cloned().collect::<Vec<_>>())
                        .unwrap_or_default();
                    if all
                        .iter()
                        .all(|n| self.oracle.accepts(&names, &Value::String(n.clone())) == Some(true))
                    {
                        return Outcome::Yes;
                    }
                    return no(path, keyword);
                }
                match a.get("propertyNames") {
                    Some(own) => self.includes(&a.child(own, "propertyNames"), &names, path),
                    None => no(path, keyword),
                }
            }
            "minProperties" if has("object") => {
                let own = a
                    .get("minProperties")
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0)
                    .max(strings(a.get("required")).len() as f64);
                at_least(Some(&Value::from(own)), value, path, keyword)
            }
            "maxProperties" if has("object") => {
                if closed(a)
                    && value.as_f64().is_some_and(|max| {
                        a.get("properties").and_then(Value::as_object).map_or(0, |p| p.len()) as f64 <= max
                    })
                {
                    return Outcome::Yes;
                }
                at_most(a.get("maxProperties"), value, path, keyword)
            }
            "dependentRequired" | "dependencies" if has("object") => self.dependencies(a, keyword, value, path),
            "dependentSchemas" | "unevaluatedProperties" if has("object") => same(a, keyword, value, path),
            "items" | "prefixItems" | "additionalItems" if has("array") => self.items(a, b, path),
            "minItems" if has("array") => at_least(a.get("minItems"), value, path, keyword),
            "maxItems" if has("array") => {
                let own = a.get("maxItems").cloned().or_else(|| closed_length(a).map(Value::from));
                at_most(own.as_ref(), value, path, keyword)
            }
            "uniqueItems" if has("array") => {
                let needed = value == &Value::Bool(true);
                let own = a.get("uniqueItems") == Some(&Value::Bool(true))
                    || a.get("maxItems").and_then(Value::as_f64).is_some_and(|m| m <= 1.0);
                if !needed || own {
                    Outcome::Yes
                } else {
                    no(path, keyword)
                }
            }
            "contains" if has("array") => {
                let wanted = b.child(value, "contains");
                let min_b = b.get("minContains").and_then(Value::as_f64).unwrap_or(1.0);
                if min_b <= 0.0 {
                    return Outcome::Yes;
                }
                if let Some(own) = a.get("contains") {
                    let min_a = a.get("minContains").and_then(Value::as_f64).unwrap_or(1.0);
                    if min_a >= min_b && self.includes(&a.child(own, "contains"), &wanted, path) == Outcome::Yes {
                        return Outcome::Yes;
                    }
                }
                let min_items = a.get("minItems").and_then(Value::as_f64).unwrap_or(0.0);
                let every = a
                    .get("items")
                    .filter(|i| i.is_object() || i.is_boolean())
                    .map(|i| a.child(i, "items"));
                if min_items >= min_b
                    && every.is_some_and(|items| self.includes(&items, &wanted, path) == Outcome::Yes)
                    && a.get("prefixItems").is_none()
                {
                    return Outcome::Yes;
                }
                no(path, keyword)
            }
            "minContains" | "maxContains" | "unevaluatedItems" if has("array") => {
                if keyword == "minContains" {
                    Outcome::Yes
                } else {
                    same(a, keyword, value, path)
                }
            }
            "$dynamicRef" | "$recursiveRef" => unknown(path, &format!("B uses {keyword}")),
            // A keyword for a type A never has constrains nothing A accepts.
            _ => Outcome::Yes,
        }
    }
}

fn key_of(node: &Node) -> String {
    node.location.clone().unwrap_or_else(|| {
        use std::hash::Hasher;
        format!("#{:x}", super::schema_key::hasher_of(&node.value, &node.base).finish())
    })
}

fn no(path: &str, keyword: &str) -> Outcome {
    Outcome::No {
        path: path.to_string(),
        keyword: keyword.to_string(),
    }
}

fn unknown(path: &str, reason: &str) -> Outcome {
    Outcome::Unknown {
        path: path.to_string(),
        reason: reason.to_string(),
    }
}

fn same(a: &Node, keyword: &str, value: &Value, path: &str) -> Outcome {
    if a.get(keyword) == Some(value) {
        Outcome::Yes
    } else {
        no(path, keyword)
    }
}

fn at_least(own: Option<&Value>, needed: &Value, path: &str, keyword: &str) -> Outcome {
    let own = own.and_then(Value::as_f64).unwrap_or(0.0);
    if needed.as_f64().is_none_or(|n| own >= n) {
        Outcome::Yes
    } else {
        no(path, keyword)
    }
}

fn at_most(own: Option<&Value>, allowed: &Value, path: &str, keyword: &str) -> Outcome {
    match (own.and_then(Value::as_f64), allowed.as_f64()) {
        (_, None) => Outcome::Yes,
        (Some(own), Some(max)) if own <= max => Outcome::Yes,
        _ => no(path, keyword),
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|v| v.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// The values of `enum`/`const`, when A is limited to finitely many.
pub(crate) fn finite_values(node: &Node) -> Option<Vec<Value>> {
    if node.draft != Draft::Draft4
        && let Some(value) = node.get("const")
    {
        return Some(vec![value.clone()]);
    }
    node.get("enum").and_then(Value::as_array).cloned()
}

/// The JSON types A may have.
pub(crate) fn types_of(node: &Node) -> Vec<&'static str> {
    match &*node.value {
        Value::Bool(false) => Vec::new(),
        Value::Object(map) => map.get("type").map_or_else(|| type_names(&Value::Null), type_names),
        _ => type_names(&Value::Null),
    }
}

fn a_is_integral(a: &Node) -> bool {
    let types = types_of(a);
    (types.contains(&"integer") && !types.contains(&"number"))
        || a.get("multipleOf")
            .and_then(Value::as_f64)
            .is_some_and(|m| m >= 1.0 && m.fract() == 0.0)
}

/// A's `additionalProperties: false` with no pattern properties: it has only named properties.
fn closed(a: &Node) -> bool {
    a.get("additionalProperties") == Some(&Value::Bool(false)) && a.get("patternProperties").is_none()
}

/// Whether the property name `name` matches the `patternProperties` key `pattern` as the
/// validator reads it; the pattern is compiled once.
fn regex_matches(pattern: &str, name: &str) -> bool {
    crate::ecma_regex::compile_property_pattern(pattern).is_ok_and(|regex| regex.is_match(name))
}
