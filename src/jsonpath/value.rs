//! Values during filter evaluation and how JavaScript and RFC 9535 compare, convert and test
//! them.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

use super::Segment;
use super::regex::Regex;

/// A value during evaluation. `Undefined` is JavaScript's `undefined` and RFC 9535's `Nothing`.
#[derive(Debug, Clone)]
pub(crate) enum Val<'a> {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
    /// An array or object of the document.
    Json(&'a Value),
    /// `x.constructor`: only its `name` is useful.
    Ctor(&'static str),
    /// `Object.keys(x)` of an object or array.
    Keys(&'a Value),
    Regex(&'a Regex),
    /// The truthy result of a successful `String.prototype.match`.
    Matched,
}

/// What `Object.keys` lists for a value that has no members.
pub(crate) static EMPTY_ARRAY: Value = Value::Array(Vec::new());

pub(crate) fn from_json(value: &Value) -> Val<'_> {
    match value {
        Value::Null => Val::Null,
        Value::Bool(b) => Val::Bool(*b),
        Value::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Val::Str(Cow::Borrowed(s)),
        Value::Array(_) | Value::Object(_) => Val::Json(value),
    }
}

pub(crate) fn from_segment(segment: Option<Segment<'_>>) -> Val<'_> {
    match segment {
        Some(Segment::Key(key)) => Val::Str(Cow::Borrowed(key)),
        #[allow(clippy::cast_precision_loss)]
        Some(Segment::Index(index)) => Val::Num(index as f64),
        None => Val::Null,
    }
}

/// An array index written as a JavaScript property name ("0", "12", not "01").
pub(crate) fn canonical_index(name: &str) -> Option<usize> {
    let index = name.parse::<usize>().ok()?;
    (index.to_string() == name).then_some(index)
}

pub(crate) fn js_index(value: Val<'_>, index: usize) -> Val<'_> {
    match value {
        Val::Json(Value::Array(items)) => items.get(index).map_or(Val::Undefined, from_json),
        Val::Json(Value::Object(map)) => map.get(&index.to_string()).map_or(Val::Undefined, from_json),
        Val::Str(s) => match s.encode_utf16().nth(index) {
            Some(unit) => Val::Str(Cow::Owned(String::from_utf16_lossy(&[unit]))),
            None => Val::Undefined,
        },
        Val::Keys(Value::Object(map)) => map
            .keys()
            .nth(index)
            .map_or(Val::Undefined, |k| Val::Str(Cow::Owned(k.clone()))),
        _ => Val::Undefined,
    }
}

pub(crate) fn truthy(value: &Val<'_>) -> bool {
    match value {
        Val::Undefined | Val::Null => false,
        Val::Bool(b) => *b,
        Val::Num(n) => *n != 0.0 && !n.is_nan(),
        Val::Str(s) => !s.is_empty(),
        Val::Json(_) | Val::Ctor(_) | Val::Keys(_) | Val::Regex(_) | Val::Matched => true,
    }
}

pub(crate) fn type_of(value: &Val<'_>) -> &'static str {
    match value {
        Val::Undefined => "undefined",
        Val::Bool(_) => "boolean",
        Val::Num(_) => "number",
        Val::Str(_) => "string",
        Val::Ctor(_) => "function",
        Val::Null | Val::Json(_) | Val::Keys(_) | Val::Regex(_) | Val::Matched => "object",
    }
}

pub(crate) fn rfc_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Undefined, Val::Undefined) | (Val::Null, Val::Null) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Json(x), Val::Json(y)) => json_eq(x, y),
        _ => false,
    }
}

/// Deep equality with numbers compared by value (`1 == 1.0`).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

pub(crate) fn rfc_lt(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x < y,
        // UTF-8 byte order is Unicode scalar value order, as RFC 9535 requires.
        (Val::Str(x), Val::Str(y)) => x < y,
        _ => false,
    }
}

pub(crate) fn strict_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Undefined, Val::Undefined) | (Val::Null, Val::Null) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Json(x), Val::Json(y)) | (Val::Keys(x), Val::Keys(y)) => std::ptr::eq(*x, *y),
        (Val::Ctor(x), Val::Ctor(y)) => x == y,
        (Val::Regex(x), Val::Regex(y)) => std::ptr::eq(*x, *y),
        _ => false,
    }
}

pub(crate) fn same_value_zero(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) if x.is_nan() && y.is_nan() => true,
        _ => strict_eq(a, b),
    }
}

/// JavaScript `==` for the values a JSON document and a filter literal can hold.
pub(crate) fn loose_eq(a: &Val<'_>, b: &Val<'_>, depth: u8) -> bool {
    if depth > 4 {
        return false;
    }
    match (a, b) {
        (Val::Undefined | Val::Null, Val::Undefined | Val::Null) => true,
        (Val::Undefined | Val::Null, _) | (_, Val::Undefined | Val::Null) => false,
        (Val::Num(x), Val::Str(_)) => *x == to_number(b),
        (Val::Str(_), Val::Num(y)) => to_number(a) == *y,
        (Val::Bool(_), _) => loose_eq(&Val::Num(to_number(a)), b, depth + 1),
        (_, Val::Bool(_)) => loose_eq(a, &Val::Num(to_number(b)), depth + 1),
        (Val::Json(_), Val::Str(_) | Val::Num(_)) => loose_eq(&Val::Str(to_js_string(a, 0)), b, depth + 1),
        (Val::Str(_) | Val::Num(_), Val::Json(_)) => loose_eq(a, &Val::Str(to_js_string(b, 0)), depth + 1),
        _ => strict_eq(a, b),
    }
}

/// JavaScript `a < b`: `None` when the comparison is undefined (a `NaN` operand).
pub(crate) fn js_less(a: &Val<'_>, b: &Val<'_>) -> Option<bool> {
    if let (Val::Str(x), Val::Str(y)) = (a, b) {
        return Some(x.encode_utf16().cmp(y.encode_utf16()) == Ordering::Less);
    }
    let (x, y) = (to_number(a), to_number(b));
    if x.is_nan() || y.is_nan() { None } else { Some(x < y) }
}

fn to_number(value: &Val<'_>) -> f64 {
    match value {
        Val::Null => 0.0,
        Val::Bool(b) => f64::from(u8::from(*b)),
        Val::Num(n) => *n,
        Val::Str(s) => string_to_number(s),
        Val::Json(Value::Array(_)) => string_to_number(&to_js_string(value, 0)),
        _ => f64::NAN,
    }
}

fn string_to_number(s: &str) -> f64 {
    let s = s.trim();
    match s {
        "" => 0.0,
        "Infinity" | "+Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ if s.starts_with("0x") || s.starts_with("0X") =>
        {
            #[allow(clippy::cast_precision_loss)]
            u64::from_str_radix(&s[2..], 16).map_or(f64::NAN, |n| n as f64)
        }
        _ if s
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E')) =>
        {
            s.parse().unwrap_or(f64::NAN)
        }
        _ => f64::NAN,
    }
}

pub(crate) fn to_js_string<'a>(value: &Val<'a>, depth: u8) -> Cow<'a, str> {
    match value {
        Val::Undefined => Cow::Borrowed("undefined"),
        Val::Null => Cow::Borrowed("null"),
        Val::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Val::Num(n) => Cow::Owned(number_to_string(*n)),
        Val::Str(s) => s.clone(),
        Val::Json(Value::Array(items)) if depth < 32 => {
            let parts: Vec<Cow<'_, str>> = items
                .iter()
                .map(|item| match item {
                    Value::Null => Cow::Borrowed(""),
                    _ => to_js_string(&from_json(item), depth + 1),
                })
                .collect();
            Cow::Owned(parts.join(","))
        }
        Val::Json(Value::Object(_)) => Cow::Borrowed("[object Object]"),
        Val::Keys(Value::Object(map)) => Cow::Owned(map.keys().cloned().collect::<Vec<_>>().join(",")),
        Val::Ctor(name) => Cow::Owned(format!("function {name}() {{ [native code] }}")),
        Val::Regex(regex) => Cow::Owned(format!("{regex:?}")),
        _ => Cow::Borrowed(""),
    }
}

fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if n == 0.0 {
        "0".to_owned()
    } else {
        n.to_string()
    }
}
