//! Reading a Spectral-format ruleset: `extends` (files and `spectral:oas` with
//! `recommended`/`all`/`off`), `aliases`, `formats`, `rules` (definitions and severity
//! changes), `overrides`. Every problem is a framework error at its line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::functions;
use super::oas::{OAS_RULESET, OAS_RULESET_NAME};
use super::{Field, Format, Override, Rule, Ruleset, Then};
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::jsonpath::JsonPath;
use crate::openapi::document::ApiDocument;
use crate::source::escape_pointer_token;

/// Keys a ruleset may have. `parserOptions` is accepted: duplicate keys are always findings.
const ROOT_KEYS: &[&str] = &[
    "extends",
    "rules",
    "formats",
    "aliases",
    "overrides",
    "documentationUrl",
    "description",
    "parserOptions",
];
const RULE_KEYS: &[&str] = &[
    "given",
    "then",
    "severity",
    "message",
    "description",
    "documentationUrl",
    "formats",
    "resolved",
    "recommended",
    "type",
    "tags",
    "x-nifcheck-builtin",
];
/// `extends` chains deeper than this are cycles in practice.
const MAX_EXTENDS: usize = 8;

/// Where a ruleset's text comes from.
pub struct Source {
    /// Name for messages (the path as given).
    pub name: String,
    /// Folder its relative `extends` and override globs start from.
    pub base: PathBuf,
    /// The text.
    pub bytes: Vec<u8>,
}

/// Loads a ruleset and everything it extends; the files it extends stay in its folder.
pub fn load(source: Source) -> Result<Ruleset> {
    let root = if source.base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        source.base.clone()
    };
    load_within(source, &root)
}

/// Loads a ruleset whose `extends` may read only regular files below `root` (a framework's
/// rulesets may extend each other across the framework's folders, never outside it).
pub fn load_within(source: Source, root: &Path) -> Result<Ruleset> {
    let mut loader = Loader {
        root: root.to_path_buf(),
        ..Loader::default()
    };
    loader.file(source, Mode::All, 0)?;
    let mut ruleset = Ruleset {
        source: loader.name.clone(),
        overrides: loader.overrides,
        ..Ruleset::default()
    };
    for draft in loader.order.iter().filter_map(|n| loader.rules.remove(n)) {
        let severity = draft.enabled.then_some(draft.severity).flatten();
        match draft.builtin {
            Some(code) => {
                if draft.changed {
                    ruleset.builtin_severity.push((code, severity));
                }
            }
            None => {
                if let Some(mut rule) = draft.rule {
                    rule.severity = severity;
                    ruleset.rules.push(rule);
                }
            }
        }
    }
    Ok(ruleset)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    All,
    Recommended,
    Off,
}

struct Draft {
    rule: Option<Rule>,
    builtin: Option<&'static str>,
    severity: Option<Severity>,
    enabled: bool,
    /// A ruleset, at any depth of `extends`, set its severity or turned it off. Only then do a
    /// built-in check's findings change severity: the check knows its own (a warning in an
    /// error rule), so turning it on changes nothing.
    changed: bool,
}

#[derive(Default)]
struct Loader {
    name: String,
    rules: HashMap<String, Draft>,
    order: Vec<String>,
    overrides: Vec<Override>,
    /// The folder no extended file may leave.
    root: PathBuf,
}

/// One file being read: its document and its aliases.
struct File<'a> {
    doc: &'a ApiDocument,
    aliases: HashMap<String, Vec<String>>,
    formats: Vec<Format>,
    documentation_url: Option<String>,
}

impl File<'_> {
    fn error(&self, pointer: &str, message: String, help: Option<String>) -> Error {
        let (start, end) = self.doc.position(pointer, false).map_or((0, 0), |(_, _, span)| span);
        Error::at(&self.doc.name, &self.doc.text, start..end, message, "here", help)
    }
}

impl Loader {
    fn file(&mut self, source: Source, mode: Mode, depth: usize) -> Result<()> {
        if depth > MAX_EXTENDS {
            return Err(Error::framework(
                format!(
                    "ruleset {} extends too deeply (more than {MAX_EXTENDS} levels): is there a cycle?",
                    source.name
                ),
                None,
            ));
        }
        if self.name.is_empty() {
            self.name = source.name.clone();
        }
        let doc = ApiDocument::parse(&source.name, None, source.bytes).map_err(|finding| {
            Error::framework(
                format!(
                    "ruleset {}:{}:{}: {}",
                    source.name,
                    finding.line.unwrap_or(1),
                    finding.column.unwrap_or(1),
                    finding.message
                ),
                None,
            )
        })?;
        let Some(root) = doc.value.as_object() else {
            return Err(Error::framework(
                format!("ruleset {} is not a mapping", source.name),
                None,
            ));
        };
        let mut file = File {
            doc: &doc,
            aliases: HashMap::new(),
            formats: Vec::new(),
            documentation_url: root.get("documentationUrl").and_then(Value::as_str).map(str::to_string),
        };
        for key in root.keys() {
            if !ROOT_KEYS.contains(&key.as_str()) {
                let help = match key.as_str() {
                    "functions" | "functionsDir" => Some("custom JavaScript functions cannot run in nifcheck; use the core functions or the schema function".to_string()),
                    _ => Some(format!("a ruleset has: {}", ROOT_KEYS.join(", "))),
                };
                return Err(file.error(
                    &format!("/{}", escape_pointer_token(key)),
                    format!("ruleset key `{key}` is not supported"),
                    help,
                ));
            }
        }
        if let Some(formats) = root.get("formats") {
            file.formats = formats_of(&file, "/formats", formats)?;
        }
        if let Some(extends) = root.get("extends") {
            self.extends(&file, &source.base, extends, depth)?;
        }
        if let Some(aliases) = root.get("aliases") {
            file.aliases = aliases_of(&file, aliases)?;
        }
        if let Some(rules) = root.get("rules") {
            let Value::Object(rules) = rules else {
                return Err(file.error("/rules", "`rules` must be a mapping of rule names".into(), None));
            };
            for (name, definition) in rules {
                self.rule(&file, name, definition, mode)?;
            }
        }
        if let Some(overrides) = root.get("overrides") {
            self.overrides(&file, &source.base, overrides)?;
        }
        Ok(())
    }

    fn extends(&mut self, file: &File<'_>, base: &Path, extends: &Value, depth: usize) -> Result<()> {
        let items: Vec<(usize, &Value)> = match extends {
            Value::Array(items)
                if items.len() == 2 && items[1].as_str().is_some_and(is_mode) && items[0].is_string() =>
            {
                vec![(usize::MAX, extends)]
            }
            Value::Array(items) => items.iter().enumerate().collect(),
            other => vec![(usize::MAX, other)],
        };
        for (i, item) in items {
            let at = if i == usize::MAX {
                "/extends".to_string()
            } else {
                format!("/extends/{i}")
            };
            let (name, mode) = match item {
                Value::String(name) => (name.as_str(), Mode::Recommended),
                Value::Array(pair) if pair.len() == 2 => match (pair[0].as_str(), pair[1].as_str()) {
                    (Some(name), Some("recommended")) => (name, Mode::Recommended),
                    (Some(name), Some("all")) => (name, Mode::All),
                    (Some(name), Some("off")) => (name, Mode::Off),
                    _ => {
                        return Err(file.error(
                            &at,
                            "an extends entry is a name or [name, recommended|all|off]".into(),
                            None,
                        ));
                    }
                },
                _ => {
                    return Err(file.error(
                        &at,
                        "an extends entry is a name or [name, recommended|all|off]".into(),
                        None,
                    ));
                }
            };
            let source = if name == OAS_RULESET_NAME {
                Source {
                    name: OAS_RULESET_NAME.into(),
                    base: base.to_path_buf(),
                    bytes: OAS_RULESET.as_bytes().to_vec(),
                }
            } else if name.starts_with("spectral:") {
                return Err(file.error(
                    &at,
                    format!("`{name}` is not available; nifcheck lints OpenAPI with spectral:oas"),
                    None,
                ));
            } else if name.contains("://") {
                return Err(file.error(
                    &at,
                    format!("ruleset {name} is remote; nifcheck does not fetch rulesets while linting"),
                    Some("download it next to this ruleset and extend the file".into()),
                ));
            } else {
                let path = base.join(name);
                let bytes = crate::source::read_policy::read_confined(
                    &path,
                    Some(&self.root),
                    crate::source::read_policy::MAX_FILE_BYTES,
                )
                .map_err(|e| file.error(&at, e.to_string(), None))?;
                Source {
                    name: path.display().to_string(),
                    base: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    bytes,
                }
            };
            self.file(source, mode, depth + 1)?;
        }
        Ok(())
    }

    fn rule(&mut self, file: &File<'_>, name: &str, definition: &Value, mode: Mode) -> Result<()> {
        let at = format!("/rules/{}", escape_pointer_token(name));
        if let Some(change) = severity_change(definition) {
            let change = change.map_err(|m| file.error(&at, format!("rule `{name}`: {m}"), None))?;
            let Some(draft) = self.rules.get_mut(name) else {
                return Err(file.error(
                    &at,
                    format!("rule `{name}` changes the severity of a rule no extended ruleset defines"),
                    Some("define the rule with given and then, or extend the ruleset that has it".into()),
                ));
            };
            draft.changed |= !matches!(change, Change::Enable);
            match change {
                Change::Enable => draft.enabled = true,
                Change::Off => draft.enabled = false,
                Change::To(severity) => {
                    draft.enabled = true;
                    draft.severity = Some(severity);
                }
            }
            return Ok(());
        }
        let Value::Object(map) = definition else {
            return Err(file.error(&at, format!("rule `{name}` must be a mapping or a severity"), None));
        };
        for key in map.keys() {
            if !RULE_KEYS.contains(&key.as_str()) {
                return Err(file.error(
                    &format!("{at}/{}", escape_pointer_token(key)),
                    format!("rule `{name}`: key `{key}` is not supported"),
                    Some(format!("a rule has: {}", RULE_KEYS.join(", "))),
                ));
            }
        }
        let builtin = match map.get("x-nifcheck-builtin").and_then(Value::as_str) {
            Some(code) => Some(
                crate::rules::find(code)
                    .ok_or_else(|| file.error(&at, format!("rule `{name}`: unknown built-in {code}"), None))?,
            ),
            None => None,
        };
        // A built-in check keeps the registry's severity unless the ruleset gives one.
        let default = builtin.map_or(Severity::Warning, |rule| rule.severity);
        let severity = match map.get("severity") {
            None => Some(default),
            Some(value) => match parse_severity(value) {
                Ok(Change::To(s)) => Some(s),
                Ok(Change::Off) => None,
                Ok(Change::Enable) => Some(default),
                Err(m) => return Err(file.error(&format!("{at}/severity"), format!("rule `{name}`: {m}"), None)),
            },
        };
        let recommended = map.get("recommended").and_then(Value::as_bool).unwrap_or(true);
        let enabled = match mode {
            Mode::All => true,
            Mode::Recommended => recommended,
            Mode::Off => false,
        } && severity.is_some();
        let rule = if builtin.is_some() {
            None
        } else {
            Some(self.definition(file, name, &at, map)?)
        };
        if !self.rules.contains_key(name) {
            self.order.push(name.to_string());
        }
        self.rules.insert(
            name.to_string(),
            Draft {
                rule,
                builtin: builtin.map(|rule| rule.code),
                severity,
                enabled,
                changed: map.contains_key("severity"),
            },
        );
        Ok(())
    }

    fn definition(&self, file: &File<'_>, name: &str, at: &str, map: &Map<String, Value>) -> Result<Rule> {
        let givens: Vec<(usize, &str)> = match map.get("given") {
            Some(Value::String(g)) => vec![(usize::MAX, g.as_str())],
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    g.as_str().map(|g| (i, g)).ok_or_else(|| {
                        file.error(
                            &format!("{at}/given/{i}"),
                            format!("rule `{name}`: given must be a string"),
                            None,
                        )
                    })
                })
                .collect::<Result<_>>()?,
            _ => return Err(file.error(at, format!("rule `{name}` has no `given`"), None)),
        };
        let mut given = Vec::new();
        for (i, expression) in givens {
            let given_at = if i == usize::MAX {
                format!("{at}/given")
            } else {
                format!("{at}/given/{i}")
            };
            for expanded in expand_aliases(&file.aliases, expression)
                .map_err(|m| file.error(&given_at, format!("rule `{name}`: {m}"), None))?
            {
                let path = JsonPath::parse(&expanded).map_err(|e| {
                    file.error(
                        &given_at,
                        format!("rule `{name}`: given `{expanded}` is not supported: {} (at byte {})", e.message, e.offset),
                        Some("nifcheck implements RFC 9535 JSONPath with the JSONPath-Plus extensions Spectral rulesets use".into()),
                    )
                })?;
                given.push((expanded, path));
            }
        }
        let thens: Vec<(String, &Value)> = match map.get("then") {
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("{at}/then/{i}"), t))
                .collect(),
            Some(t @ Value::Object(_)) => vec![(format!("{at}/then"), t)],
            _ => return Err(file.error(at, format!("rule `{name}` has no `then`"), None)),
        };
        let mut then = Vec::new();
        for (then_at, entry) in thens {
            let function_name = entry
                .get("function")
                .and_then(Value::as_str)
                .ok_or_else(|| file.error(&then_at, format!("rule `{name}`: then needs a function"), None))?;
            let function = functions::build(function_name, entry.get("functionOptions"))
                .map_err(|m| file.error(&format!("{then_at}/function"), format!("rule `{name}`: {m}"), None))?;
            let field = match entry.get("field") {
                None => None,
                Some(Value::String(f)) => Some(field_of(f).map_err(|m| {
                    file.error(
                        &format!("{then_at}/field"),
                        format!("rule `{name}`: field `{f}`: {m}"),
                        None,
                    )
                })?),
                Some(_) => {
                    return Err(file.error(
                        &format!("{then_at}/field"),
                        format!("rule `{name}`: field must be a string"),
                        None,
                    ));
                }
            };
            then.push(Then { field, function });
        }
        let formats = match map.get("formats") {
            Some(f) => formats_of(file, &format!("{at}/formats"), f)?,
            None => file.formats.clone(),
        };
        let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
        Ok(Rule {
            name: name.to_string(),
            description: text("description"),
            message: text("message"),
            documentation_url: text("documentationUrl")
                .or_else(|| file.documentation_url.as_ref().map(|u| format!("{u}#{name}"))),
            severity: None,
            given,
            then,
            formats,
            resolved: map.get("resolved").and_then(Value::as_bool).unwrap_or(true),
        })
    }

    fn overrides(&mut self, file: &File<'_>, base: &Path, overrides: &Value) -> Result<()> {
        let Value::Array(list) = overrides else {
            return Err(file.error("/overrides", "`overrides` must be a list".into(), None));
        };
        for (i, entry) in list.iter().enumerate() {
            let at = format!("/overrides/{i}");
            let Some(map) = entry.as_object() else {
                return Err(file.error(&at, "an override is a mapping with files and rules".into(), None));
            };
            if let Some(key) = map.keys().find(|k| !matches!(k.as_str(), "files" | "rules")) {
                return Err(file.error(
                    &format!("{at}/{}", escape_pointer_token(key)),
                    format!("override key `{key}` is not supported; nifcheck applies `files` with `rules`"),
                    None,
                ));
            }
            let files = functions::string_list(entry, "files").map_err(|m| file.error(&at, m, None))?;
            let mut patterns = Vec::new();
            for pattern in files {
                let (glob_text, pointer) = match pattern.split_once('#') {
                    Some((g, p)) => (g.to_string(), Some(p.to_string())),
                    None => (pattern.clone(), None),
                };
                let glob = glob::Pattern::new(&glob_text)
                    .map_err(|e| file.error(&format!("{at}/files"), format!("bad glob `{glob_text}`: {e}"), None))?;
                patterns.push((glob, pointer));
            }
            let mut rules = Vec::new();
            if let Some(Value::Object(changes)) = map.get("rules") {
                for (name, change) in changes {
                    let change = parse_severity(change)
                        .map_err(|m| file.error(&format!("{at}/rules/{}", escape_pointer_token(name)), m, None))?;
                    rules.push((
                        name.clone(),
                        match change {
                            Change::To(s) => Some(s),
                            Change::Off => None,
                            Change::Enable => Some(Severity::Warning),
                        },
                    ));
                }
            }
            self.overrides.push(Override {
                files: patterns,
                rules,
                base: base.to_path_buf(),
            });
        }
        Ok(())
    }
}

enum Change {
    Enable,
    Off,
    To(Severity),
}

fn is_mode(text: &str) -> bool {
    matches!(text, "recommended" | "all" | "off")
}

/// A rule entry that only changes a severity (`off`, `error`, `1`, `true`).
fn severity_change(value: &Value) -> Option<std::result::Result<Change, String>> {
    match value {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Some(parse_severity(value)),
        _ => None,
    }
}

fn parse_severity(value: &Value) -> std::result::Result<Change, String> {
    Ok(match value {
        Value::String(s) => match s.as_str() {
            "error" => Change::To(Severity::Error),
            "warn" | "warning" => Change::To(Severity::Warning),
            "info" | "hint" => Change::To(Severity::Info),
            "off" => Change::Off,
            other => return Err(format!("severity `{other}` is not one of error, warn, info, hint, off")),
        },
        Value::Number(n) => match n.as_i64() {
            Some(0) => Change::To(Severity::Error),
            Some(1) => Change::To(Severity::Warning),
            Some(2 | 3) => Change::To(Severity::Info),
            Some(-1) => Change::Off,
            _ => {
                return Err(format!(
                    "severity {n} is not one of 0 (error), 1 (warn), 2 (info), 3 (hint), -1 (off)"
                ));
            }
        },
        Value::Bool(true) => Change::Enable,
        Value::Bool(false) => Change::Off,
        other => return Err(format!("severity {other} is not a severity")),
    })
}

fn formats_of(file: &File<'_>, at: &str, value: &Value) -> Result<Vec<Format>> {
    let names = value
        .as_array()
        .ok_or_else(|| file.error(at, "formats must be a list".into(), None))?;
    names
        .iter()
        .enumerate()
        .map(|(i, name)| match name.as_str() {
            Some("oas3") => Ok(Format::Oas3),
            Some("oas3_0" | "oas3.0") => Ok(Format::Oas3_0),
            Some("oas3_1" | "oas3.1") => Ok(Format::Oas3_1),
            Some("oas2") => Ok(Format::Oas2),
            _ => Err(file.error(
                &format!("{at}/{i}"),
                format!("format {name} is not supported; nifcheck lints oas3, oas3_0 and oas3_1 documents"),
                None,
            )),
        })
        .collect()
}

fn aliases_of(file: &File<'_>, value: &Value) -> Result<HashMap<String, Vec<String>>> {
    let Value::Object(map) = value else {
        return Err(file.error("/aliases", "`aliases` must be a mapping".into(), None));
    };
    let mut out = HashMap::new();
    for (name, paths) in map {
        let at = format!("/aliases/{}", escape_pointer_token(name));
        let list: Vec<String> = match paths {
            Value::String(p) => vec![p.clone()],
            Value::Array(items) => items
                .iter()
                .map(|p| p.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| file.error(&at, format!("alias `{name}` must be a list of JSONPath strings"), None))?,
            Value::Object(o) if o.contains_key("targets") => {
                let targets = o.get("targets").and_then(Value::as_array).cloned().unwrap_or_default();
                let mut givens = Vec::new();
                for target in targets {
                    let oas3 = target
                        .get("formats")
                        .and_then(Value::as_array)
                        .is_some_and(|f| f.iter().any(|f| f.as_str().is_some_and(|f| f.starts_with("oas3"))));
                    if oas3 {
                        match target.get("given") {
                            Some(Value::String(g)) => givens.push(g.clone()),
                            Some(Value::Array(gs)) => {
                                givens.extend(gs.iter().filter_map(Value::as_str).map(str::to_string))
                            }
                            _ => {}
                        }
                    }
                }
                givens
            }
            _ => return Err(file.error(&at, format!("alias `{name}` must be a list of JSONPath strings"), None)),
        };
        out.insert(name.clone(), list);
    }
    Ok(out)
}

/// Replaces a leading `#Alias` by each of its paths (aliases may use aliases).
fn expand_aliases(aliases: &HashMap<String, Vec<String>>, given: &str) -> std::result::Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut work = vec![(given.to_string(), 0)];
    while let Some((expression, depth)) = work.pop() {
        let Some(rest) = expression.strip_prefix('#') else {
            out.push(expression);
            continue;
        };
        if depth > MAX_EXTENDS {
            return Err(format!("alias `{given}` refers to itself"));
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let (name, tail) = rest.split_at(end);
        let paths = aliases
            .get(name)
            .ok_or_else(|| format!("alias `#{name}` is not defined in this ruleset's aliases"))?;
        for path in paths.iter().rev() {
            work.push((format!("{path}{tail}"), depth + 1));
        }
    }
    Ok(out)
}

/// A `then.field`: `@key`, a JSONPath (`$..x`), or a property path (`a.b`, `['x-y']`).
fn field_of(text: &str) -> std::result::Result<Field, String> {
    if text == "@key" {
        return Ok(Field::Key);
    }
    if text.starts_with('$') {
        return JsonPath::parse(text).map(Field::JsonPath).map_err(|e| e.message);
    }
    if text.contains('[') {
        let path = JsonPath::parse(&format!("$.{text}").replace(".[", "[")).map_err(|e| e.message)?;
        return Ok(Field::JsonPath(path));
    }
    Ok(Field::Path(text.split('.').map(str::to_string).collect()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn aliases_expand_with_tails() {
        let aliases: HashMap<String, Vec<String>> = [
            (
                "Op".to_string(),
                vec!["$.paths[*][get,put]".to_string(), "$.webhooks[*][*]".to_string()],
            ),
            ("Resp".to_string(), vec!["#Op.responses".to_string()]),
        ]
        .into();
        assert_eq!(
            expand_aliases(&aliases, "#Resp[*]").unwrap(),
            vec!["$.paths[*][get,put].responses[*]", "$.webhooks[*][*].responses[*]"]
        );
        assert!(expand_aliases(&aliases, "#Nope").is_err());
    }

    #[test]
    fn extends_may_not_leave_the_ruleset_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("rules")).unwrap();
        std::fs::write(dir.path().join("outside.yaml"), "rules: {}\n").unwrap();
        std::fs::write(dir.path().join("rules/inside.yaml"), "rules: {}\n").unwrap();
        let source = |text: &str| Source {
            name: "r.yaml".into(),
            base: dir.path().join("rules"),
            bytes: text.as_bytes().to_vec(),
        };
        assert!(load(source("extends: inside.yaml\n")).is_ok());
        let refused = load(source("extends: ../outside.yaml\n")).unwrap_err().to_string();
        assert!(
            refused.contains("outside.yaml") && refused.contains("outside"),
            "{refused}"
        );
        assert!(load_within(source("extends: ../outside.yaml\n"), dir.path()).is_ok());
    }

    fn ruleset(text: &str) -> Ruleset {
        load(Source {
            name: "test.yaml".into(),
            base: PathBuf::new(),
            bytes: text.as_bytes().to_vec(),
        })
        .unwrap()
    }

    #[test]
    fn the_specification_checks_keep_the_registry_severity() {
        assert!(ruleset("extends: spectral:oas\n").builtin_severity.is_empty());
        assert!(ruleset("extends: [[spectral:oas, all]]\n").builtin_severity.is_empty());
        let turned_on = ruleset("extends: spectral:oas\nrules:\n  oas3-server-variables: true\n");
        assert!(turned_on.builtin_severity.is_empty());
    }

    #[test]
    fn a_ruleset_changes_the_severity_of_a_specification_check() {
        let changed = ruleset(
            "extends: spectral:oas\nrules:\n  path-params: warn\n  oas3-valid-media-example: off\n  \
             oas3-operation-security-defined: error\n",
        );
        let mut severities = changed.builtin_severity;
        severities.sort_by_key(|(code, _)| *code);
        assert_eq!(
            severities,
            vec![
                ("OAS005", Some(Severity::Warning)),
                ("OAS006", Some(Severity::Error)),
                ("OAS008", None)
            ]
        );
    }

    #[test]
    fn severities() {
        assert!(matches!(
            parse_severity(&serde_json::json!("warn")),
            Ok(Change::To(Severity::Warning))
        ));
        assert!(matches!(
            parse_severity(&serde_json::json!(0)),
            Ok(Change::To(Severity::Error))
        ));
        assert!(matches!(parse_severity(&serde_json::json!(false)), Ok(Change::Off)));
        assert!(parse_severity(&serde_json::json!("fatal")).is_err());
    }
}
