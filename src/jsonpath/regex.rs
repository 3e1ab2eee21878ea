//! Regular expressions of filters: ECMA-262 literals (JSONPath-Plus) and RFC 9485 I-Regexp
//! (RFC 9535 `match()` and `search()`), both with the meaning [`crate::ecma_regex`] gives them
//! everywhere in nifcheck.

use std::fmt;
use std::sync::Arc;

use crate::ecma_regex::{self, EcmaRegex};

/// A compiled pattern, shared with every other filter that uses it.
pub(crate) struct Regex(Arc<EcmaRegex>);

impl fmt::Debug for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Regex {
    /// An ECMA-262 pattern with its flags (`i`, `m`, `s` honoured; `g`, `u` accepted and
    /// irrelevant to a yes/no match).
    pub(crate) fn ecma(pattern: &str, flags: &str) -> Result<Regex, String> {
        ecma_regex::compile_with_flags(pattern, flags)
            .map(Regex)
            .map_err(|e| e.to_string())
    }

    /// An RFC 9485 I-Regexp; `full` anchors it at both ends, as `match()` requires.
    pub(crate) fn iregexp(pattern: &str, full: bool) -> Result<Regex, String> {
        ecma_regex::compile_iregexp(pattern, full)
            .map(Regex)
            .map_err(|e| e.to_string())
    }

    /// Whether the pattern matches somewhere in `text`; a match that exceeds the backtracking
    /// budget counts as no match.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::Regex;

    fn ecma(pattern: &str, flags: &str, text: &str) -> bool {
        Regex::ecma(pattern, flags).unwrap().is_match(text)
    }

    #[test]
    fn ecma_digit_and_word_classes_are_ascii() {
        assert!(ecma(r"^\d\d\d$", "", "204"));
        assert!(!ecma(r"^\d$", "", "٣"));
        assert!(ecma(r"^\w+$", "", "a_1"));
        assert!(!ecma(r"^\w$", "", "é"));
    }

    #[test]
    fn ecma_escaped_slash_and_flags() {
        assert!(ecma(r"\/$", "", "/pets/"));
        assert!(ecma("json", "i", "application/JSON"));
        assert!(!ecma("json", "", "application/JSON"));
        assert!(ecma("^a.b$", "s", "a\nb"));
        assert!(!ecma("^a.b$", "", "a\nb"));
        assert!(Regex::ecma("x", "y").is_err());
    }

    #[test]
    fn ecma_braces_that_are_not_quantifiers_are_literal() {
        assert!(ecma("^{[^}]+}$", "", "{id}"));
        assert!(ecma("^a{2}$", "", "aa"));
        assert!(ecma("^a{1,}$", "", "aaa"));
    }

    #[test]
    fn ecma_lookaround_named_groups_and_classes() {
        assert!(ecma("^(?!x-)", "i", "Accept"));
        assert!(!ecma("^(?!x-)", "i", "X-Foo"));
        assert!(ecma("(?<=a)b", "", "ab"));
        assert!(ecma("^(?<v>v)\\d+$", "", "v1"));
        assert!(ecma("^[a[]+$", "", "a[a"));
        assert!(ecma("[^]", "", "\n"));
        assert!(!ecma("[]", "", "a"));
    }

    #[test]
    fn ecma_invalid_patterns_are_errors() {
        assert!(Regex::ecma("(", "").is_err());
        assert!(Regex::ecma("[a", "").is_err());
        assert!(Regex::ecma("a\\", "").is_err());
    }

    #[test]
    fn iregexp_dot_and_anchors() {
        let full = Regex::iregexp("a.c", true).unwrap();
        assert!(full.is_match("abc"));
        assert!(!full.is_match("abcd"));
        assert!(!full.is_match("a\rc"));
        let search = Regex::iregexp("b.", false).unwrap();
        assert!(search.is_match("abc"));
        assert!(Regex::iregexp("^a", false).unwrap().is_match("x^a"));
    }
}
