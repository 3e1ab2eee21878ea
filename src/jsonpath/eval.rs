//! Evaluation of filter expressions: JavaScript semantics for JSONPath-Plus filters, RFC 9535
//! semantics (existence, `Nothing`, deep equality) for the others.

use std::borrow::Cow;

use serde_json::Value;

use super::Segment;
use super::expr::{CmpOp, Dialect, Expr, Filter, Func, Lit, Method, Op};
use super::parser::Step;
use super::regex::Regex;
use super::select;
use super::value::{
    EMPTY_ARRAY, Val, canonical_index, from_json, from_segment, js_index, js_less, loose_eq, rfc_eq, rfc_lt,
    same_value_zero, strict_eq, to_js_string, truthy, type_of,
};

/// What a filter sees besides the node under test.
pub(crate) struct Scope<'s, 'v> {
    pub(crate) root: &'v Value,
    /// Parent of the node whose children are filtered (`@parent`).
    pub(crate) parent: Option<&'v Value>,
    /// Name or index of the node whose children are filtered (`@parentProperty`).
    pub(crate) parent_property: Option<Segment<'v>>,
    /// Builds the JSONPath-Plus path string of the node whose children are filtered; only
    /// called when a filter uses `@path`.
    pub(crate) path: Option<&'s dyn Fn() -> String>,
    /// Follows `$ref`s in member access, when selection resolves references.
    pub(crate) resolver: Option<&'s dyn super::Resolver<'v>>,
    /// The document of the filtered node.
    pub(crate) doc: usize,
}

/// Whether `node`, the child `property` of the filtered node, passes the filter. A filter that
/// would throw in JavaScript (`@.a.b` with `a` missing) does not match, as in Spectral.
pub(crate) fn matches<'v>(filter: &Filter, node: &'v Value, property: Segment<'v>, scope: &Scope<'_, 'v>) -> bool {
    let env = Env {
        dialect: filter.dialect,
        scope,
        current: node,
        property,
    };
    env.test(&filter.expr).unwrap_or(false)
}

/// A JavaScript `TypeError`: member access on `null` or `undefined`, or a missing method.
struct Thrown;

struct Env<'e, 's, 'v> {
    dialect: Dialect,
    scope: &'e Scope<'s, 'v>,
    current: &'v Value,
    property: Segment<'v>,
}

impl<'v> Env<'_, '_, 'v> {
    /// A member's value, through its `$ref` when references are followed.
    fn follow<'a>(&self, member: &'a Value) -> &'a Value
    where
        'v: 'a,
    {
        match self.scope.resolver.and_then(|r| r.follow(self.scope.doc, member)) {
            Some((target, _)) => target,
            None => member,
        }
    }

    fn test<'a>(&self, expr: &'a Expr) -> Result<bool, Thrown>
    where
        'v: 'a,
    {
        if self.dialect == Dialect::Js {
            return Ok(truthy(&self.eval(expr)?));
        }
        Ok(match expr {
            Expr::Not(inner) => !self.test(inner)?,
            Expr::And(a, b) => self.test(a)? && self.test(b)?,
            Expr::Or(a, b) => self.test(a)? || self.test(b)?,
            Expr::Current | Expr::Root => true,
            Expr::Query { .. } => {
                let mut nodes = Vec::new();
                self.nodes(expr, &mut nodes);
                !nodes.is_empty()
            }
            Expr::Postfix(..) => !matches!(self.eval(expr)?, Val::Undefined),
            _ => truthy(&self.eval(expr)?),
        })
    }

    fn eval<'a>(&self, expr: &'a Expr) -> Result<Val<'a>, Thrown>
    where
        'v: 'a,
    {
        Ok(match expr {
            Expr::Lit(lit) => match lit {
                Lit::Undefined => Val::Undefined,
                Lit::Null => Val::Null,
                Lit::Bool(b) => Val::Bool(*b),
                Lit::Num(n) => Val::Num(*n),
                Lit::Str(s) => Val::Str(Cow::Borrowed(s)),
            },
            Expr::Regex(regex) => Val::Regex(regex),
            Expr::Current => from_json(self.current),
            Expr::Root => from_json(self.scope.root),
            Expr::Property => from_segment(Some(self.property)),
            Expr::ParentProperty => from_segment(self.scope.parent_property),
            Expr::Parent => self.scope.parent.map_or(Val::Null, from_json),
            Expr::Path => match self.scope.path {
                Some(path) => {
                    let mut text = path();
                    push_plus_segment(&mut text, self.property);
                    Val::Str(Cow::Owned(text))
                }
                None => Val::Undefined,
            },
            Expr::Postfix(base, ops) => {
                let mut value = self.eval(base)?;
                for op in ops {
                    if matches!(op, Op::Optional) {
                        if matches!(value, Val::Undefined | Val::Null) {
                            return Ok(Val::Undefined);
                        }
                        continue;
                    }
                    value = self.apply_op(value, op)?;
                }
                value
            }
            // Parsing admits multi-node queries only where `nodes` or `test` evaluates them.
            Expr::Query { .. } => Val::Undefined,
            Expr::Not(inner) => Val::Bool(!self.test(inner)?),
            Expr::Typeof(inner) => Val::Str(Cow::Borrowed(type_of(&self.eval(inner)?))),
            Expr::Void(_) => Val::Undefined,
            Expr::And(a, b) => match self.dialect {
                Dialect::Js => {
                    let left = self.eval(a)?;
                    if truthy(&left) { self.eval(b)? } else { left }
                }
                Dialect::Rfc => Val::Bool(self.test(a)? && self.test(b)?),
            },
            Expr::Or(a, b) => match self.dialect {
                Dialect::Js => {
                    let left = self.eval(a)?;
                    if truthy(&left) { left } else { self.eval(b)? }
                }
                Dialect::Rfc => Val::Bool(self.test(a)? || self.test(b)?),
            },
            Expr::Cmp(op, a, b) => Val::Bool(self.compare(*op, &self.eval(a)?, &self.eval(b)?)),
            Expr::IsArray(inner) => Val::Bool(matches!(self.eval(inner)?, Val::Json(Value::Array(_)))),
            Expr::Keys(inner) => match self.eval(inner)? {
                Val::Json(value) => Val::Keys(value),
                Val::Undefined | Val::Null => return Err(Thrown),
                _ => Val::Keys(&EMPTY_ARRAY),
            },
            Expr::Func(func, args) => self.call_function(*func, args)?,
        })
    }

    fn apply_op<'a>(&self, value: Val<'a>, op: &'a Op) -> Result<Val<'a>, Thrown>
    where
        'v: 'a,
    {
        if self.dialect == Dialect::Js && matches!(value, Val::Undefined | Val::Null) {
            return Err(Thrown);
        }
        Ok(match op {
            Op::Optional => value,
            Op::Member(name) => self.member(value, name),
            Op::Index(index) => match (self.dialect, usize::try_from(*index)) {
                (Dialect::Rfc, _) => match value {
                    Val::Json(Value::Array(items)) => normalize_index(*index, items.len())
                        .and_then(|i| items.get(i))
                        .map_or(Val::Undefined, from_json),
                    _ => Val::Undefined,
                },
                (Dialect::Js, Ok(index)) => js_index(value, index),
                (Dialect::Js, Err(_)) => self.member(value, &index.to_string()),
            },
            Op::Computed(key) => match self.eval(key)? {
                Val::Num(n) if n >= 0.0 && n.fract() == 0.0 && n < 9.0e15 =>
                {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    js_index(value, n as usize)
                }
                Val::Str(name) => self.member(value, &name),
                other => self.member(value, &to_js_string(&other, 0)),
            },
            Op::Call(method, args) => self.call_method(value, *method, args)?,
        })
    }

    /// `value.name`. RFC 9535 only looks into objects; JavaScript also knows `length`,
    /// `constructor` and indexes written as names.
    fn member<'a>(&self, value: Val<'a>, name: &str) -> Val<'a>
    where
        'v: 'a,
    {
        if self.dialect == Dialect::Rfc {
            return match value {
                Val::Json(Value::Object(map)) => map.get(name).map_or(Val::Undefined, from_json),
                _ => Val::Undefined,
            };
        }
        if let Some(index) = canonical_index(name) {
            return js_index(value, index);
        }
        match (value, name) {
            (Val::Json(Value::Object(map)), _) => match map.get(name) {
                Some(member) => from_json(self.follow(member)),
                None if name == "constructor" => Val::Ctor("Object"),
                None => Val::Undefined,
            },
            #[allow(clippy::cast_precision_loss)]
            (Val::Json(Value::Array(items)), "length") => Val::Num(items.len() as f64),
            (Val::Json(Value::Array(_)), "constructor") => Val::Ctor("Array"),
            #[allow(clippy::cast_precision_loss)]
            (Val::Str(s), "length") => Val::Num(s.encode_utf16().count() as f64),
            (Val::Str(_), "constructor") => Val::Ctor("String"),
            (Val::Num(_), "constructor") => Val::Ctor("Number"),
            (Val::Bool(_), "constructor") => Val::Ctor("Boolean"),
            (Val::Ctor(name), "name") => Val::Str(Cow::Borrowed(name)),
            #[allow(clippy::cast_precision_loss)]
            (Val::Keys(Value::Object(map)), "length") => Val::Num(map.len() as f64),
            #[allow(clippy::cast_precision_loss)]
            (Val::Keys(Value::Array(items)), "length") => Val::Num(items.len() as f64),
            _ => Val::Undefined,
        }
    }

    fn call_method<'a>(&self, receiver: Val<'a>, method: Method, args: &'a [Expr]) -> Result<Val<'a>, Thrown>
    where
        'v: 'a,
    {
        let arg = || args.first().map_or(Ok(Val::Undefined), |a| self.eval(a));
        Ok(match (method, receiver) {
            (Method::Match, Val::Str(text)) => match args.first() {
                Some(pattern) => match self.regex_matches(pattern, &text, None)? {
                    Some(true) => Val::Matched,
                    Some(false) => Val::Null,
                    None => return Err(Thrown),
                },
                None => Val::Null,
            },
            (Method::Test, Val::Regex(regex)) => Val::Bool(regex.is_match(&to_js_string(&arg()?, 0))),
            (Method::Includes, Val::Str(text)) => Val::Bool(text.contains(&*to_js_string(&arg()?, 0))),
            (Method::Includes, Val::Json(Value::Array(items))) => {
                let needle = arg()?;
                Val::Bool(items.iter().any(|item| same_value_zero(&from_json(item), &needle)))
            }
            (Method::Includes, Val::Keys(keys)) => match (arg()?, keys) {
                (Val::Str(key), Value::Object(map)) => Val::Bool(map.contains_key(&*key)),
                _ => Val::Bool(false),
            },
            (Method::StartsWith, Val::Str(text)) => Val::Bool(text.starts_with(&*to_js_string(&arg()?, 0))),
            (Method::EndsWith, Val::Str(text)) => Val::Bool(text.ends_with(&*to_js_string(&arg()?, 0))),
            #[allow(clippy::cast_precision_loss)]
            (Method::IndexOf, Val::Str(text)) => Val::Num(match text.find(&*to_js_string(&arg()?, 0)) {
                Some(byte) => text.get(..byte).map_or(0, |before| before.encode_utf16().count()) as f64,
                None => -1.0,
            }),
            #[allow(clippy::cast_precision_loss)]
            (Method::IndexOf, Val::Json(Value::Array(items))) => {
                let needle = arg()?;
                Val::Num(
                    items
                        .iter()
                        .position(|item| strict_eq(&from_json(item), &needle))
                        .map_or(-1.0, |i| i as f64),
                )
            }
            (Method::ToLowerCase, Val::Str(text)) => Val::Str(Cow::Owned(text.to_lowercase())),
            (Method::ToUpperCase, Val::Str(text)) => Val::Str(Cow::Owned(text.to_uppercase())),
            (Method::Trim, Val::Str(text)) => Val::Str(Cow::Owned(text.trim().to_owned())),
            // The receiver has no such method: JavaScript throws a TypeError.
            _ => return Err(Thrown),
        })
    }

    /// Matches `text` against a pattern argument: a compiled literal, or a string compiled now
    /// (`None` as `full` means an ECMA-262 pattern, else an I-Regexp). `Ok(None)` when the
    /// argument is no pattern or does not compile.
    fn regex_matches(&self, pattern: &Expr, text: &str, full: Option<bool>) -> Result<Option<bool>, Thrown> {
        if let Expr::Regex(regex) = pattern {
            return Ok(Some(regex.is_match(text)));
        }
        Ok(match self.eval(pattern)? {
            Val::Regex(regex) => Some(regex.is_match(text)),
            Val::Str(source) => {
                let regex = match full {
                    None => Regex::ecma(&source, ""),
                    Some(full) => Regex::iregexp(&source, full),
                };
                regex.ok().map(|r| r.is_match(text))
            }
            _ => None,
        })
    }

    fn call_function<'a>(&self, func: Func, args: &'a [Expr]) -> Result<Val<'a>, Thrown>
    where
        'v: 'a,
    {
        let Some(first) = args.first() else {
            return Ok(Val::Undefined);
        };
        Ok(match func {
            #[allow(clippy::cast_precision_loss)]
            Func::Length => match self.eval(first)? {
                Val::Str(s) => Val::Num(s.chars().count() as f64),
                Val::Json(Value::Array(items)) => Val::Num(items.len() as f64),
                Val::Json(Value::Object(map)) => Val::Num(map.len() as f64),
                _ => Val::Undefined,
            },
            #[allow(clippy::cast_precision_loss)]
            Func::Count => {
                let mut nodes = Vec::new();
                self.nodes(first, &mut nodes);
                Val::Num(nodes.len() as f64)
            }
            Func::Value => {
                let mut nodes = Vec::new();
                self.nodes(first, &mut nodes);
                match nodes.as_slice() {
                    [one] => from_json(one),
                    _ => Val::Undefined,
                }
            }
            Func::Match | Func::Search => {
                let Val::Str(text) = self.eval(first)? else {
                    return Ok(Val::Bool(false));
                };
                let full = func == Func::Match;
                let matched = match args.get(1) {
                    Some(pattern) => self.regex_matches(pattern, &text, Some(full))?,
                    None => None,
                };
                Val::Bool(matched.unwrap_or(false))
            }
        })
    }

    /// The nodes a query argument selects (RFC 9535 `NodesType`).
    fn nodes<'a>(&self, expr: &'a Expr, out: &mut Vec<&'a Value>)
    where
        'v: 'a,
    {
        match expr {
            Expr::Current => out.push(self.current),
            Expr::Root => out.push(self.scope.root),
            Expr::Postfix(base, ops) => {
                let mut node: &Value = if matches!(**base, Expr::Root) {
                    self.scope.root
                } else {
                    self.current
                };
                for op in ops {
                    let next = match (op, node) {
                        (Op::Member(name), Value::Object(map)) => map.get(&**name),
                        (Op::Index(index), Value::Array(items)) => {
                            normalize_index(*index, items.len()).and_then(|i| items.get(i))
                        }
                        _ => None,
                    };
                    let Some(next) = next else { return };
                    node = next;
                }
                out.push(node);
            }
            Expr::Query { absolute, steps } => {
                let start = if *absolute { self.scope.root } else { self.current };
                query_nodes(steps, start, self.scope.root, out);
            }
            _ => {}
        }
    }

    fn compare(&self, op: CmpOp, a: &Val<'_>, b: &Val<'_>) -> bool {
        match self.dialect {
            Dialect::Rfc => match op {
                CmpOp::Eq | CmpOp::StrictEq => rfc_eq(a, b),
                CmpOp::Ne | CmpOp::StrictNe => !rfc_eq(a, b),
                CmpOp::Lt => rfc_lt(a, b),
                CmpOp::Le => rfc_lt(a, b) || rfc_eq(a, b),
                CmpOp::Gt => rfc_lt(b, a),
                CmpOp::Ge => rfc_lt(b, a) || rfc_eq(a, b),
            },
            Dialect::Js => match op {
                CmpOp::Eq => loose_eq(a, b, 0),
                CmpOp::Ne => !loose_eq(a, b, 0),
                CmpOp::StrictEq => strict_eq(a, b),
                CmpOp::StrictNe => !strict_eq(a, b),
                CmpOp::Lt => js_less(a, b) == Some(true),
                CmpOp::Le => js_less(b, a) == Some(false),
                CmpOp::Gt => js_less(b, a) == Some(true),
                CmpOp::Ge => js_less(a, b) == Some(false),
            },
        }
    }
}

/// Runs the steps of a query inside a filter from `start`, keeping duplicates as RFC 9535
/// nodelists do.
fn query_nodes<'a>(steps: &'a [Step], start: &'a Value, root: &'a Value, out: &mut Vec<&'a Value>) {
    let scope = Scope {
        root,
        parent: None,
        parent_property: None,
        path: None,
        resolver: None,
        doc: 0,
    };
    let mut current = vec![start];
    for step in steps {
        let mut next = Vec::new();
        let mut emit = |_: Segment<'a>, value: &'a Value, _| next.push(value);
        match step {
            Step::Child(selectors) => {
                for node in &current {
                    for selector in selectors {
                        select::apply(selector, node, &scope, &mut emit);
                    }
                }
            }
            Step::Descendant(selectors) => {
                for node in &current {
                    select::for_each_container(node, &mut |container| {
                        for selector in selectors {
                            select::apply(selector, container, &scope, &mut emit);
                        }
                    });
                }
            }
            Step::Parent => {}
        }
        current = next;
        if current.is_empty() {
            return;
        }
    }
    out.extend(current);
}

pub(crate) fn normalize_index(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let index = if index < 0 { index + len } else { index };
    if (0..len).contains(&index) {
        usize::try_from(index).ok()
    } else {
        None
    }
}

fn push_plus_segment(out: &mut String, segment: Segment<'_>) {
    match segment {
        Segment::Key(key) => {
            out.push_str("['");
            out.push_str(key);
            out.push_str("']");
        }
        Segment::Index(index) => {
            out.push('[');
            out.push_str(&index.to_string());
            out.push(']');
        }
    }
}

/// The `@path` string of nimma and JSONPath-Plus: names quoted without escaping.
pub(crate) fn plus_path<'v>(segments: impl IntoIterator<Item = Segment<'v>>) -> String {
    let mut out = String::from("$");
    for segment in segments {
        push_plus_segment(&mut out, segment);
    }
    out
}
