//! ECMA-262 regular expressions, with one meaning wherever a pattern is written: a schema's
//! `pattern` and `patternProperties`, a ruleset's `pattern` function, a JSONPath filter and the
//! compatibility prover.
//!
//! The meaning is the validator's: a pattern is translated by the very function the `jsonschema`
//! crate uses ([`jsonschema_regex::to_rust_regex`]: ASCII `\d` and `\w`, the ECMA-262 `\s` set,
//! `.` excluding every line terminator) and run on `fancy-regex` with the validator's
//! backtracking budget. A pattern the validator refuses but JavaScript accepts (Annex B: literal
//! braces, `[^]`, `[]`) is rewritten to plain ECMA-262 first, so rulesets written for Spectral
//! keep working.
//!
//! Compiled patterns are cached process-wide by pattern and flags, so a pattern used for every
//! property name of a large document is compiled once.

mod annex_b;
mod iregexp;

use std::fmt;
use std::sync::{Arc, LazyLock};

use crate::memo::Memo;

/// Backtracking budget per match, the validator's: a pathological pattern fails (no match)
/// instead of hanging.
pub const BACKTRACK_LIMIT: usize = 1_000_000;

/// Most compiled patterns kept; the cache is emptied when it is full. Real inputs hold a few
/// hundred patterns at most, so the bound only keeps a hostile document from growing memory.
const CACHE_CAPACITY: usize = 4096;

/// Why a pattern cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegexError {
    /// A flag other than `i`, `m`, `s`, `u`, `g`.
    #[error("regular expression flag '{0}' is not supported")]
    UnsupportedFlag(char),
    /// Not a regular expression, or one the engine cannot run.
    #[error("`{pattern}` is not a regular expression nifcheck can run: {reason}")]
    Invalid {
        /// The pattern as written.
        pattern: String,
        /// What the engine objected to.
        reason: String,
    },
}

/// The flags of a JavaScript regular expression literal that change whether it matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags {
    /// `i`: letters match regardless of case.
    pub ignore_case: bool,
    /// `m`: `^` and `$` match at line breaks.
    pub multi_line: bool,
    /// `s`: `.` matches line terminators too.
    pub dot_all: bool,
}

impl Flags {
    /// Reads flags as written after a literal (`/x/gi`); `g` and `u` do not change a yes/no
    /// match and are accepted, anything else is refused.
    pub fn parse(flags: &str) -> Result<Flags, RegexError> {
        let mut parsed = Flags::default();
        for flag in flags.chars() {
            match flag {
                'i' => parsed.ignore_case = true,
                'm' => parsed.multi_line = true,
                's' => parsed.dot_all = true,
                'g' | 'u' => {}
                other => return Err(RegexError::UnsupportedFlag(other)),
            }
        }
        Ok(parsed)
    }

    fn prefix(self) -> &'static str {
        match (self.ignore_case, self.multi_line) {
            (false, false) => "",
            (true, false) => "(?i)",
            (false, true) => "(?m)",
            (true, true) => "(?im)",
        }
    }
}

/// A compiled pattern. It searches (unanchored), as `RegExp.prototype.test` and JSON Schema's
/// `pattern` do.
pub struct EcmaRegex {
    source: String,
    matcher: Matcher,
}

enum Matcher {
    Whole(fancy_regex::Regex),
    /// `^(?=X)…Z` split into parts that must all match, as the validator runs it; each part is
    /// then free of look-arounds and translated like any other pattern.
    AllOf(Vec<fancy_regex::Regex>),
}

impl fmt::Debug for EcmaRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.source)
    }
}

impl EcmaRegex {
    /// Whether the pattern matches somewhere in `text`; a match that exceeds the backtracking
    /// budget counts as no match.
    pub fn is_match(&self, text: &str) -> bool {
        let matches = |regex: &fancy_regex::Regex| regex.is_match(text).unwrap_or(false);
        match &self.matcher {
            Matcher::Whole(regex) => matches(regex),
            Matcher::AllOf(parts) => parts.iter().all(matches),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

/// A schema pattern (no flags), compiled once per process.
pub fn compile(pattern: &str) -> Result<Arc<EcmaRegex>, RegexError> {
    cached(Dialect::Ecma(Flags::default()), pattern)
}

/// A `patternProperties` key, compiled once per process. The validator reads these slightly
/// differently from `pattern` values: a pattern with look-arounds is never split into parts, so
/// it runs as written, with `fancy-regex`'s Unicode `\d`, `\w`, `\s` and `.`. Code that must
/// agree with the validator about property names uses this.
pub fn compile_property_pattern(pattern: &str) -> Result<Arc<EcmaRegex>, RegexError> {
    cached(Dialect::PropertyName, pattern)
}

/// A pattern with the flags of a JavaScript literal, compiled once per process.
pub fn compile_with_flags(pattern: &str, flags: &str) -> Result<Arc<EcmaRegex>, RegexError> {
    cached(Dialect::Ecma(Flags::parse(flags)?), pattern)
}

/// A pattern as rulesets write it: `^x-` as is, or a literal `/^x-/i` with its flags. Text
/// whose tail after the last `/` is not made of JavaScript flags (`/api/v1/users`) is a pattern.
pub fn compile_literal(text: &str) -> Result<Arc<EcmaRegex>, RegexError> {
    let literal = text
        .strip_prefix('/')
        .and_then(|rest| rest.rfind('/').map(|end| (&rest[..end], &rest[end + 1..])))
        .filter(|(pattern, flags)| !pattern.is_empty() && flags.chars().all(|c| "dgimsuvy".contains(c)));
    match literal {
        Some((pattern, flags)) => compile_with_flags(pattern, flags),
        None => compile(text),
    }
}

/// An RFC 9485 I-Regexp (the dialect of RFC 9535 `match()` and `search()`), compiled once per
/// process. `full` anchors it at both ends, as `match()` requires.
pub fn compile_iregexp(pattern: &str, full: bool) -> Result<Arc<EcmaRegex>, RegexError> {
    cached(Dialect::IRegexp { full }, pattern)
}

/// The pattern in the syntax of the `regex` crates, as the validator translates it, for code
/// that builds its own automata. `None` when the validator would not translate it (it has
/// look-arounds or back-references, or is invalid).
pub fn translate(pattern: &str) -> Option<String> {
    let translated = jsonschema_regex::to_rust_regex(pattern).ok()?;
    regex_syntax::Parser::new()
        .parse(&translated)
        .is_ok()
        .then(|| translated.into_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Dialect {
    Ecma(Flags),
    PropertyName,
    IRegexp { full: bool },
}

/// Compiled patterns (and the errors of those that do not compile) by dialect and pattern.
type Compiled = Memo<(Dialect, String), Result<Arc<EcmaRegex>, RegexError>>;

fn cached(dialect: Dialect, pattern: &str) -> Result<Arc<EcmaRegex>, RegexError> {
    static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Memo::new(CACHE_CAPACITY));
    COMPILED.get_or_build((dialect, pattern.to_owned()), || build(dialect, pattern).map(Arc::new))
}

fn build(dialect: Dialect, pattern: &str) -> Result<EcmaRegex, RegexError> {
    let matcher = match dialect {
        Dialect::Ecma(flags) => ecma_matcher(pattern, flags, Split::LeadingLookaheads),
        Dialect::PropertyName => ecma_matcher(pattern, Flags::default(), Split::Never),
        Dialect::IRegexp { full } => {
            let ecma = iregexp::to_ecma(pattern).map_err(|reason| invalid(pattern, reason))?;
            let ecma = if full { format!("^(?:{ecma})$") } else { ecma };
            ecma_matcher(&ecma, Flags::default(), Split::LeadingLookaheads)
        }
    };
    Ok(EcmaRegex {
        source: pattern.to_owned(),
        matcher: matcher.map_err(|reason| invalid(pattern, reason))?,
    })
}

fn invalid(pattern: &str, reason: String) -> RegexError {
    RegexError::Invalid {
        pattern: pattern.to_owned(),
        reason,
    }
}

/// The validator's reading of `pattern`; when the validator refuses it, the reading of its
/// Annex B rewrite.
fn ecma_matcher(pattern: &str, flags: Flags, split: Split) -> Result<Matcher, String> {
    let dot_all;
    let pattern = if flags.dot_all {
        dot_all = annex_b::dot_matches_all(pattern);
        &dot_all
    } else {
        pattern
    };
    match validator_matcher(pattern, flags, split) {
        Ok(matcher) => Ok(matcher),
        Err(reason) => match annex_b::rewrite(pattern) {
            Some(rewritten) if rewritten != pattern => validator_matcher(&rewritten, flags, split).map_err(|_| reason),
            _ => Err(reason),
        },
    }
}

/// Whether leading look-aheads are split off, as the validator does for `pattern` values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Split {
    LeadingLookaheads,
    Never,
}

/// What the `jsonschema` validator runs for a pattern: for a `pattern` value, leading
/// look-aheads split into parts when each part is free of look-arounds; otherwise the whole
/// translated pattern (left as written when it has look-arounds or back-references, which the
/// translation skips).
fn validator_matcher(pattern: &str, flags: Flags, split: Split) -> Result<Matcher, String> {
    if split == Split::LeadingLookaheads
        && let Some(parts) = jsonschema_regex::split_leading_lookaheads(pattern)
        && let Some(translated) = parts.iter().map(|part| translate(part)).collect::<Option<Vec<_>>>()
    {
        return translated
            .iter()
            .map(|part| engine(part, flags))
            .collect::<Result<_, _>>()
            .map(Matcher::AllOf);
    }
    let translated = jsonschema_regex::to_rust_regex(pattern).map_err(|()| syntax_error(pattern))?;
    engine(&translated, flags).map(Matcher::Whole)
}

fn engine(translated: &str, flags: Flags) -> Result<fancy_regex::Regex, String> {
    fancy_regex::RegexBuilder::new(&format!("{}{translated}", flags.prefix()))
        .backtrack_limit(BACKTRACK_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// The translation reports no reason; the engine's own parser names one.
fn syntax_error(pattern: &str) -> String {
    match fancy_regex::Regex::new(pattern) {
        Err(e) => e.to_string(),
        Ok(_) => "not an ECMA-262 pattern".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn matches(pattern: &str, flags: &str, text: &str) -> bool {
        compile_with_flags(pattern, flags).unwrap().is_match(text)
    }

    #[test]
    fn classes_are_ascii_as_in_ecma_262() {
        assert!(matches(r"^\d\d\d$", "", "204"));
        assert!(!matches(r"^\d$", "", "\u{0661}"));
        assert!(matches(r"^\w+$", "", "a_1"));
        assert!(!matches(r"^\w$", "", "é"));
        assert!(matches(r"^\s$", "", "\u{feff}"));
        assert!(!matches(r"^\s$", "", "\u{85}"));
        assert!(!matches(r"^.$", "", "\u{2028}"));
    }

    #[test]
    fn leading_lookaheads_are_translated_like_the_rest() {
        assert!(matches(r"^(?=.*\d)\w+$", "", "ab1"));
        assert!(!matches(r"^(?=.*\d)\w+$", "", "ab\u{0661}"));
        assert!(matches(r"(?<=a)b", "", "ab"));
        assert!(!matches(r"^(?!x-)", "i", "X-Foo"));
    }

    #[test]
    fn flags() {
        assert!(matches("json", "i", "application/JSON"));
        assert!(!matches("json", "", "application/JSON"));
        assert!(matches("^a.b$", "s", "a\nb"));
        assert!(!matches("^a.b$", "", "a\nb"));
        assert!(matches("^b$", "m", "a\nb"));
        assert!(!matches("^b$", "", "a\nb"));
        assert!(matches("^a[.]b$", "s", "a.b"));
        assert!(!matches("^a[.]b$", "s", "a\nb"));
        assert_eq!(
            compile_with_flags("x", "y").unwrap_err(),
            RegexError::UnsupportedFlag('y')
        );
    }

    #[test]
    fn literals_as_rulesets_write_them() {
        assert!(compile_literal("/example\\.com/i").unwrap().is_match("EXAMPLE.com"));
        assert!(compile_literal("^https://").unwrap().is_match("https://api.gov"));
        assert!(compile_literal("/a/").unwrap().is_match("a"));
        assert!(compile_literal("/a/y").is_err());
        assert!(compile_literal("/api/v1/users").unwrap().is_match("/api/v1/users"));
    }

    #[test]
    fn invalid_patterns_are_errors_that_name_the_pattern() {
        for pattern in ["(", "[a", "a\\", "a**"] {
            let error = compile(pattern).unwrap_err();
            assert!(error.to_string().contains(pattern), "{error}");
        }
    }

    #[test]
    fn the_cache_returns_the_same_compiled_pattern() {
        let first = compile("^cached-[0-9]+$").unwrap();
        let second = compile("^cached-[0-9]+$").unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(
            &first,
            &compile_with_flags("^cached-[0-9]+$", "i").unwrap()
        ));
    }

    #[test]
    fn translation_for_automata() {
        assert_eq!(translate(r"^\d+$").as_deref(), Some("^[0-9]+$"));
        assert_eq!(translate("(?<=a)b"), None);
        assert_eq!(translate("("), None);
    }
}
