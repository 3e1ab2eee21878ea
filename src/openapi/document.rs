//! One API description file: its text, its value, and where every value sits.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::finding::{Finding, Kind, Related, Severity, Snippet};
use crate::rules::{self, Rule};
use crate::source::{JsonIndex, LineIndex, escape_pointer_token, parse_yaml};

/// How a description is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON.
    Json,
    /// YAML 1.2.
    Yaml,
}

/// A parsed description file.
#[derive(Debug)]
pub struct ApiDocument {
    /// The file as given, or as reached through a `$ref`.
    pub name: String,
    /// Its absolute path, the base of its relative `$ref`s; `None` for standard input.
    pub path: Option<PathBuf>,
    /// JSON or YAML.
    pub syntax: Syntax,
    /// The text.
    pub text: Arc<str>,
    /// The value.
    pub value: Value,
    /// Where every value sits.
    pub index: JsonIndex,
    lines: LineIndex,
}

impl ApiDocument {
    /// Parses a description. What makes it unreadable is a finding at its line and column.
    pub fn parse(name: &str, path: Option<PathBuf>, bytes: Vec<u8>) -> Result<ApiDocument, Box<Finding>> {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                return Err(Box::new(broken(name, &text, at, "the file is not valid UTF-8".into())));
            }
        };
        let syntax = syntax_of(name, &text);
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let bom = text.len() - body.len();
        let (value, index) = match syntax {
            Syntax::Json => match serde_json::from_str::<Value>(body) {
                Ok(value) => (value, JsonIndex::new(&text)),
                Err(e) => {
                    let at = LineIndex::new(&text).offset_of(&text, e.line(), e.column());
                    return Err(Box::new(broken(name, &text, at, format!("not valid JSON: {e}"))));
                }
            },
            Syntax::Yaml => match parse_yaml(&text) {
                Ok(parsed) => parsed,
                Err(e) => {
                    let at = e.offset.unwrap_or(0).max(bom);
                    return Err(Box::new(broken(
                        name,
                        &text,
                        at,
                        format!("not valid YAML: {}", e.message),
                    )));
                }
            },
        };
        let lines = LineIndex::new(&text);
        Ok(ApiDocument {
            name: name.to_string(),
            path,
            syntax,
            text: Arc::from(text),
            value,
            index,
            lines,
        })
    }

    /// The value at a JSON Pointer.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.value.pointer(pointer)
    }

    /// 1-based line and column of the value at `pointer` (or of its key, `at_key`), falling
    /// back to the nearest ancestor that has a position.
    pub fn position(&self, pointer: &str, at_key: bool) -> Option<(usize, usize, (usize, usize))> {
        let span = self.index.locate(pointer)?;
        let (start, end) = match (at_key, span.key) {
            (true, Some(key)) => key,
            _ => (span.start, span.end),
        };
        let (line, column) = self.lines.line_col(&self.text, start);
        Some((line, column, (start, end)))
    }

    /// A finding of a built-in rule at `pointer`.
    pub fn finding(&self, rule: &Rule, pointer: &str, message: impl Into<String>) -> Finding {
        self.finding_as(rule.code, rule.severity, pointer, message)
    }

    /// A finding with any rule name and severity (a ruleset's own rules) at `pointer`.
    pub fn finding_as(&self, rule: &str, severity: Severity, pointer: &str, message: impl Into<String>) -> Finding {
        let mut finding = Finding::new(rule, severity, Kind::Api, &self.name, message);
        self.place(&mut finding, pointer, false);
        finding
    }

    /// Places a finding at `pointer` (its key when `at_key`).
    pub fn place(&self, finding: &mut Finding, pointer: &str, at_key: bool) {
        finding.pointer = Some(pointer.to_string());
        if let Some((line, column, span)) = self.position(pointer, at_key) {
            finding.line = Some(line);
            finding.column = Some(column);
            finding.snippet = Some(Snippet {
                text: Arc::clone(&self.text),
                first_line: 0,
                span,
            });
        }
    }

    /// Another place in this document, for a finding's `related` list.
    pub fn related(&self, pointer: &str, message: impl Into<String>) -> Related {
        Related {
            file: self.name.clone(),
            pointer: Some(pointer.to_string()),
            line: self.position(pointer, false).map(|p| p.0),
            message: message.into(),
        }
    }

    /// Findings for keys that appear twice in one object.
    pub fn duplicate_keys(&self) -> Vec<Finding> {
        self.index
            .duplicates()
            .iter()
            .map(|dup| {
                let mut finding = Finding::new(
                    rules::DUPLICATE_KEY.code,
                    rules::DUPLICATE_KEY.severity,
                    Kind::Api,
                    &self.name,
                    format!(
                        "key `{}` appears twice in the same object; only the last one counts",
                        dup.key
                    ),
                );
                finding.pointer = Some(dup.pointer.clone());
                let (line, column) = self.lines.line_col(&self.text, dup.span.0);
                finding.line = Some(line);
                finding.column = Some(column);
                finding.snippet = Some(Snippet {
                    text: Arc::clone(&self.text),
                    first_line: 0,
                    span: dup.span,
                });
                finding.related.push(Related {
                    file: self.name.clone(),
                    pointer: Some(dup.pointer.clone()),
                    line: Some(self.lines.line_col(&self.text, dup.first.0).0),
                    message: "first used here".into(),
                });
                finding
            })
            .collect()
    }
}

/// JSON by extension or by its first character; YAML otherwise.
fn syntax_of(name: &str, text: &str) -> Syntax {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".json") {
        return Syntax::Json;
    }
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return Syntax::Yaml;
    }
    match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
        Some('{') => Syntax::Json,
        _ => Syntax::Yaml,
    }
}

fn broken(name: &str, text: &str, at: usize, message: String) -> Finding {
    let rule = &rules::NOT_WELL_FORMED;
    let mut finding = Finding::new(rule.code, rule.severity, Kind::Api, name, message);
    let (line, column) = LineIndex::new(text).line_col(text, at);
    finding.line = Some(line);
    finding.column = Some(column);
    finding.pointer = None;
    let end = text[at.min(text.len())..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    finding.snippet = Some(Snippet {
        text: Arc::from(text),
        first_line: 0,
        span: (at.min(text.len()), end.min(text.len())),
    });
    finding
}

/// A JSON Pointer built from tokens.
pub fn pointer<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    tokens
        .into_iter()
        .map(|t| format!("/{}", escape_pointer_token(t)))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_place_findings_alike() {
        let yaml = ApiDocument::parse("a.yaml", None, b"openapi: 3.1.0\ninfo:\n  title: x\n".to_vec()).unwrap();
        let json = ApiDocument::parse(
            "a.json",
            None,
            b"{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"x\"}\n}".to_vec(),
        )
        .unwrap();
        assert_eq!(yaml.position("/info/title", false).map(|p| (p.0, p.1)), Some((3, 10)));
        assert_eq!(json.position("/info/title", false).map(|p| (p.0, p.1)), Some((3, 21)));
    }

    #[test]
    fn broken_files_are_findings_with_positions() {
        let finding = ApiDocument::parse("a.yaml", None, b"openapi: 3.1.0\ninfo: [\n".to_vec()).unwrap_err();
        assert_eq!(finding.rule, rules::NOT_WELL_FORMED.code);
        assert!(finding.line.is_some());
        let finding = ApiDocument::parse("a.json", None, b"{\"a\": }".to_vec()).unwrap_err();
        assert_eq!((finding.line, finding.column), (Some(1), Some(7)));
        let finding = ApiDocument::parse("a.json", None, vec![b'{', 0xff]).unwrap_err();
        assert_eq!(finding.column, Some(2));
    }

    #[test]
    fn syntax_is_sniffed_without_extension() {
        assert_eq!(syntax_of("-", " {\"a\": 1}"), Syntax::Json);
        assert_eq!(syntax_of("-", "openapi: 3.0.3"), Syntax::Yaml);
    }
}
