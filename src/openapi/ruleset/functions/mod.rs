//! The core functions of Spectral's ruleset format, one file each. A function's options are
//! checked when the ruleset loads; running it never fails, it only reports problems.

mod alphabetical;
mod casing;
mod defined;
mod enumeration;
mod falsy;
mod length;
mod oas;
mod or;
mod pattern;
mod schema;
mod truthy;
mod undefined;
mod unreferenced;
mod xor;

use std::collections::HashSet;
use std::fmt::Debug;
use std::sync::Arc;

use serde_json::Value;

use crate::ecma_regex::{self, EcmaRegex};
use crate::openapi::api::Version;

/// What a function looks at.
pub struct Target<'a> {
    /// The value; `None` when the field is absent (JavaScript's `undefined`).
    pub value: Option<&'a Value>,
    /// The property name it sits under, when it is an object member.
    pub property: Option<&'a str>,
    /// Every JSON Pointer of the description that some `$ref` points at.
    pub referenced: &'a HashSet<String>,
    /// The OpenAPI version of the description, when it has one nifcheck reads.
    pub version: Option<Version>,
}

/// One problem a function found.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong (fills `{{error}}`).
    pub message: String,
    /// Where, relative to the target: extra pointer tokens.
    pub path: Vec<String>,
    /// Point at the key of that place rather than its value.
    pub at_key: bool,
}

impl Problem {
    /// A problem with the target itself.
    pub fn here(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            path: Vec::new(),
            at_key: false,
        }
    }
}

/// A function with its options, ready to run.
pub trait RuleFunction: Debug + Send + Sync {
    /// The problems of `target`; empty when it passes.
    fn check(&self, target: &Target<'_>) -> Vec<Problem>;

    /// Whether it looks below the top of the value, so references inside it must be resolved
    /// first (a schema check, items ordered by a property).
    fn deep(&self) -> bool {
        false
    }
}

/// A function by name.
pub type Function = Box<dyn RuleFunction>;

/// The core functions of the ruleset format, for error messages; the OpenAPI functions of
/// `spectral:oas` are listed in the `oas` module.
pub const NAMES: &[&str] = &[
    "truthy",
    "falsy",
    "defined",
    "undefined",
    "pattern",
    "casing",
    "enumeration",
    "length",
    "alphabetical",
    "schema",
    "xor",
    "or",
    "unreferencedReusableObject",
];

/// Builds `name` with its `functionOptions`; an unknown function or bad options is an error.
pub fn build(name: &str, options: Option<&Value>) -> Result<Function, String> {
    let none = Value::Null;
    let options = options.unwrap_or(&none);
    match name {
        "truthy" => Ok(Box::new(truthy::Truthy)),
        "falsy" => Ok(Box::new(falsy::Falsy)),
        "defined" => Ok(Box::new(defined::Defined)),
        "undefined" => Ok(Box::new(undefined::Undefined)),
        "pattern" => pattern::build(options),
        "casing" => casing::build(options),
        "enumeration" => enumeration::build(options),
        "length" => length::build(options),
        "alphabetical" => alphabetical::build(options),
        "schema" => schema::build(options),
        "xor" => xor::build(options),
        "or" => or::build(options),
        "unreferencedReusableObject" => unreferenced::build(options),
        other => oas::build(other).ok_or_else(|| {
            format!(
                "function `{other}` is not supported; nifcheck implements {}, and for OpenAPI {}",
                NAMES.join(", "),
                oas::NAMES.join(", ")
            )
        }),
    }
}

/// JavaScript truthiness of a JSON value.
pub fn truthy_value(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

/// How a target is named in messages: its property name, or "the value".
pub fn describe(target: &Target<'_>) -> String {
    target
        .property
        .map_or_else(|| "the value".to_string(), |p| format!("`{p}`"))
}

/// A string list option (`properties: [a, b]`).
pub fn string_list(options: &Value, key: &str) -> Result<Vec<String>, String> {
    let list = options
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("functionOptions.{key} must be a list of strings"))?;
    list.iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("functionOptions.{key} must be a list of strings"))
        })
        .collect()
}

/// Compiles a regular expression written in a ruleset: `^x-` or `/^x-/i`, with the meaning it
/// has in a schema (see [`crate::ecma_regex`]).
pub fn regex(text: &str) -> Result<Arc<EcmaRegex>, String> {
    ecma_regex::compile_literal(text).map_err(|e| e.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod test_support {
    use super::*;

    pub(crate) fn run(function: &Function, value: Option<&Value>, property: Option<&str>) -> Vec<Problem> {
        let referenced = HashSet::new();
        function.check(&Target {
            value,
            property,
            referenced: &referenced,
            version: None,
        })
    }
}
