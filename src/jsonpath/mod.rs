//! JSONPath for ruleset `given` expressions: RFC 9535 plus the JSONPath-Plus extensions that
//! Spectral rulesets rely on.
//!
//! An expression is compiled once with [`JsonPath::parse`] and run many times with
//! [`JsonPath::select`]. Anything the engine does not implement is refused at parse time with a
//! [`JsonPathError`] naming the construct and its byte offset, so a rule never silently selects
//! nothing because of an unsupported feature.
//!
//! # Two filter dialects
//!
//! * `[?(...)]`, a filter whose whole body is in parentheses, is a JSONPath-Plus filter. Its body
//!   is a safe subset of JavaScript: truthiness, `==` / `===`, `@property`, `@parent`,
//!   `@parentProperty`, `@path`, `@root`, `typeof`, regex literals, `.match()`, `.test()`,
//!   `.includes()`, `.startsWith()`, `.endsWith()`, `.indexOf()`, `.length`,
//!   `.constructor.name`, `Array.isArray()`, `Object.keys()`, `?.`, `void 0`. A missing member is
//!   `undefined`; where JavaScript would throw (a member of `null` or `undefined`, a method the
//!   value lacks) the node does not match, as in Spectral, even under `!`.
//! * `[?...]` is an RFC 9535 filter: existence tests, comparisons with `Nothing`, and the
//!   functions `length`, `count`, `match`, `search` and `value`, type-checked at parse time.
//!
//! # Extensions to RFC 9535 in the path itself
//!
//! Dot names may contain `-`, `$` and digits (`.x-foo`, `.$ref`, `.200`; a name made only of
//! digits selects that member of an object or that index of an array), `.[...]` equals
//! `[...]`, brackets accept bare names (`[get,put]`), a trailing `~` selects property names,
//! and `^` selects the parent of each node.
//!
//! [`JsonPath::select`] gives results in document order (the iteration order of
//! [`serde_json::Map`]), each path at most once, as rules want them;
//! [`JsonPath::select_nodelist`] gives RFC 9535's nodelist, in selection order with duplicates
//! (`$[1,0,1]`).
//!
//! # Refused
//!
//! Script expressions `[(...)]`, type selectors (`@string()`), backtick names, `$..` without a
//! selector, arithmetic, `?:`, `in`, assignment and bitwise operators, methods and globals
//! other than those listed above, `@parent`, `@parentProperty` and `@path` inside a nested
//! filter, wildcards or `..` inside a JavaScript filter (except in `count()` and `value()`),
//! JavaScript syntax inside an RFC 9535 filter, and regex flags other than `i`, `m`, `s`, `u`,
//! `g`.
//!
//! ```
//! use nifcheck::jsonpath::{JsonPath, Node};
//!
//! let doc = serde_json::json!({ "paths": { "/pets": { "get": {} }, "/pets/": { "put": {} } } });
//! let path = JsonPath::parse("$.paths[?(@property.match(/\\/$/))]~")?;
//! let selected = path.select(&doc);
//! assert_eq!(selected[0].node, Node::Key("/pets/"));
//! assert_eq!(selected[0].pointer(), "/paths/~1pets~1");
//! # Ok::<(), nifcheck::jsonpath::JsonPathError>(())
//! ```

mod cursor;
mod eval;
mod expr;
mod filter_parser;
mod parser;
mod regex;
mod select;
#[cfg(test)]
mod tests;
mod value;

use std::fmt;

use serde_json::Value;

/// A compiled JSONPath expression.
#[derive(Debug)]
pub struct JsonPath {
    source: String,
    query: parser::Query,
}

/// Why an expression could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at byte {offset})")]
pub struct JsonPathError {
    /// What is wrong, naming the construct.
    pub message: String,
    /// Byte offset in the expression where the problem was found.
    pub offset: usize,
}

/// One step of the path from the document root to a selected node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment<'v> {
    /// A member of an object.
    Key(&'v str),
    /// An element of an array.
    Index(usize),
}

/// What an expression selected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Node<'v> {
    /// The value at the path.
    Value(&'v Value),
    /// The member name at the path, selected with a trailing `~`.
    Key(&'v str),
    /// The array index at the path, selected with a trailing `~` on an array element.
    Index(usize),
}

/// A selected node and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected<'v> {
    /// Path from its document's root to the node (for a `~` selection: to the member whose
    /// name it is).
    pub path: Vec<Segment<'v>>,
    /// The node itself.
    pub node: Node<'v>,
    /// The document it is in: 0, unless a [`Resolver`] followed a reference to another.
    pub doc: usize,
}

/// Follows `$ref`s during selection, as Spectral runs rules on the resolved document. Nodes
/// reached through a reference are reported where they are defined.
pub trait Resolver<'v>: Sync {
    /// When `value`, written in document `doc`, is a reference: the value it leads to (after
    /// any chain of references) and the document holding it.
    fn follow(&self, doc: usize, value: &Value) -> Option<(&'v Value, usize)>;
    /// The path, inside its document, of the value `follow(doc, reference)` leads to.
    fn location(&self, doc: usize, reference: &Value) -> Option<Vec<Segment<'v>>>;
}

impl JsonPath {
    /// Compiles an expression; an unsupported construct is an error naming it and its byte offset.
    pub fn parse(expression: &str) -> Result<JsonPath, JsonPathError> {
        let query = parser::parse(expression)?;
        Ok(JsonPath {
            source: expression.to_owned(),
            query,
        })
    }

    /// Every node the expression selects, in document order, each path at most once.
    pub fn select<'v>(&self, root: &'v Value) -> Vec<Selected<'v>> {
        select::select(&self.query, root)
    }

    /// RFC 9535's nodelist: nodes in the order the selectors produce them (`$[1,0]` gives the
    /// second element first), and a node as often as it is selected (`$[0,0]` gives it twice).
    pub fn select_nodelist<'v>(&self, root: &'v Value) -> Vec<Selected<'v>> {
        select::nodelist(&self.query, root)
    }

    /// Like [`JsonPath::select`], following references with `resolver`. Below a descendant
    /// step each reference target is walked once, so cycles end.
    pub fn select_resolved<'v>(&self, root: &'v Value, resolver: &dyn Resolver<'v>) -> Vec<Selected<'v>> {
        select::select_with(&self.query, root, Some(resolver))
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl std::str::FromStr for JsonPath {
    type Err = JsonPathError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JsonPath::parse(s)
    }
}

impl Selected<'_> {
    /// The path as an RFC 6901 JSON Pointer (`""` for the root).
    pub fn pointer(&self) -> String {
        to_pointer(&self.path)
    }

    /// The path as an RFC 9535 normalized path (`$['paths']['/a'][0]`).
    pub fn normalized_path(&self) -> String {
        to_normalized_path(&self.path)
    }
}

/// Turns a path into an RFC 6901 JSON Pointer.
pub fn to_pointer(path: &[Segment<'_>]) -> String {
    let mut out = String::new();
    for segment in path {
        out.push('/');
        match segment {
            Segment::Key(key) => {
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Segment::Index(index) => out.push_str(&index.to_string()),
        }
    }
    out
}

/// Turns a path into an RFC 9535 normalized path, escaping names as section 2.7 requires.
pub fn to_normalized_path(path: &[Segment<'_>]) -> String {
    let mut out = String::from("$");
    for segment in path {
        match segment {
            Segment::Key(key) => {
                out.push_str("['");
                for c in key.chars() {
                    match c {
                        '\'' => out.push_str("\\'"),
                        '\\' => out.push_str("\\\\"),
                        '\u{8}' => out.push_str("\\b"),
                        '\u{c}' => out.push_str("\\f"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push_str("']");
            }
            Segment::Index(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}
