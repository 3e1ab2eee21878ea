//! Rulesets in Spectral's format: loaded from YAML or JSON (`extends`, `aliases`,
//! `overrides`, `formats`), then run over a description. A construct nifcheck does not
//! support is a framework error naming the rule and the expression, never a silent skip.

pub mod functions;
mod load;
mod message;
mod oas;
mod run;
mod selections;

use std::path::PathBuf;

pub use load::{Source, load, load_within};
pub use run::{adjust_builtins, run, run_unrecognized};

use crate::finding::Severity;
use crate::jsonpath::JsonPath;
use functions::Function;

/// Document formats a rule may be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Any OpenAPI 3.x.
    Oas3,
    /// OpenAPI 3.0.x.
    Oas3_0,
    /// OpenAPI 3.1.x.
    Oas3_1,
    /// OpenAPI 3.2.x: not read yet, so rules limited to it never run.
    Oas3_2,
    /// Swagger 2.0: never linted, so rules limited to it never run.
    Oas2,
}

/// A loaded ruleset: every rule after `extends`, aliases and severities were applied.
#[derive(Debug, Default)]
pub struct Ruleset {
    /// Where it came from (a file, `spectral:oas`, a framework ruleset id).
    pub source: String,
    /// The rules that run, in definition order.
    pub rules: Vec<Rule>,
    /// Built-in specification checks (OAS codes) whose severity the ruleset changed, by code;
    /// `None` turns the check off.
    pub builtin_severity: Vec<(&'static str, Option<Severity>)>,
    /// Per-file (and per-subtree) severity changes.
    pub overrides: Vec<Override>,
}

/// One rule.
#[derive(Debug)]
pub struct Rule {
    /// Its name, which findings carry as their rule.
    pub name: String,
    /// What it enforces (for gov rulesets: the clause).
    pub description: Option<String>,
    /// Message template with `{{error}}`, `{{description}}`, `{{path}}`, `{{property}}`, `{{value}}`.
    pub message: Option<String>,
    /// Link to its documentation.
    pub documentation_url: Option<String>,
    /// `None` when the rule is off.
    pub severity: Option<Severity>,
    /// JSONPath expressions selecting what it checks.
    pub given: Vec<Given>,
    /// What must hold of each selected value.
    pub then: Vec<Then>,
    /// Formats it applies to; empty means all.
    pub formats: Vec<Format>,
    /// Whether it sees `$ref`s followed (the default) or the raw document.
    pub resolved: bool,
}

/// One `given` expression.
#[derive(Debug)]
pub struct Given {
    /// As written (after aliases were expanded).
    pub text: String,
    /// Parsed.
    pub path: JsonPath,
    /// Formats it is limited to, when it came from an alias target for some formats; empty
    /// means all.
    pub formats: Vec<Format>,
}

/// One `then` entry.
#[derive(Debug)]
pub struct Then {
    /// Which part of the selected value the function looks at.
    pub field: Option<Field>,
    /// The function and its options.
    pub function: Function,
}

/// A `then.field`.
#[derive(Debug)]
pub enum Field {
    /// `@key`: the property name of the selected value.
    Key,
    /// A property path, `contact.email` or `['x-agency']`.
    Path(Vec<String>),
    /// A JSONPath relative to the selected value (`$..description`).
    JsonPath(JsonPath),
}

/// An `overrides` entry.
#[derive(Debug)]
pub struct Override {
    /// File globs, each with an optional JSON Pointer into the file.
    pub files: Vec<(glob::Pattern, Option<String>)>,
    /// Severity by rule name; `None` turns the rule off.
    pub rules: Vec<(String, Option<Severity>)>,
    /// Folder the globs are relative to.
    pub base: PathBuf,
}
