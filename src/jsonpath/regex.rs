//! Regular expressions of filters: ECMA-262 literals (JSONPath-Plus) and RFC 9485 I-Regexp
//! (RFC 9535 `match()` and `search()`), both translated to `fancy-regex` syntax.

use std::fmt;

/// Backtracking budget per match, so a pathological pattern fails (no match) instead of hanging.
const BACKTRACK_LIMIT: usize = 1_000_000;

/// A compiled pattern with its source kept for messages.
pub(crate) struct Regex {
    source: String,
    inner: fancy_regex::Regex,
}

impl fmt::Debug for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.source)
    }
}

impl Regex {
    /// An ECMA-262 pattern with its flags (`i`, `m`, `s` honoured; `g`, `u` accepted and
    /// irrelevant to a yes/no match).
    pub(crate) fn ecma(pattern: &str, flags: &str) -> Result<Regex, String> {
        let mut prefix = String::new();
        let mut dot_all = false;
        for flag in flags.chars() {
            match flag {
                'i' => prefix.push_str("(?i)"),
                'm' => prefix.push_str("(?m)"),
                's' => dot_all = true,
                'g' | 'u' => {}
                other => return Err(format!("regular expression flag '{other}' is not supported")),
            }
        }
        let translated = translate_ecma(pattern, dot_all)?;
        Regex::build(pattern, &format!("{prefix}{translated}"))
    }

    /// An RFC 9485 I-Regexp; `full` anchors it at both ends, as `match()` requires.
    pub(crate) fn iregexp(pattern: &str, full: bool) -> Result<Regex, String> {
        let translated = translate_iregexp(pattern)?;
        let anchored = if full {
            format!("^(?:{translated})$")
        } else {
            translated
        };
        Regex::build(pattern, &anchored)
    }

    fn build(source: &str, translated: &str) -> Result<Regex, String> {
        let inner = fancy_regex::RegexBuilder::new(translated)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Regex {
            source: source.to_owned(),
            inner,
        })
    }

    /// Whether the pattern matches somewhere in `text`; a match that exceeds the backtracking
    /// budget counts as no match.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.inner.is_match(text).unwrap_or(false)
    }
}

/// Rewrites the ECMA-262 constructs whose meaning differs in `fancy-regex`: ASCII `\d` and
/// `\w`, `.` excluding all line terminators, `[` inside a class, `[^]`, braces that are not a
/// quantifier, and escapes of characters that need none.
fn translate_ecma(pattern: &str, dot_all: bool) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\\' => {
                let Some(&e) = chars.get(i) else {
                    return Err("pattern ends with '\\'".to_owned());
                };
                i += 1;
                match e {
                    'd' => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                    'D' if !in_class => out.push_str("[^0-9]"),
                    'w' => out.push_str(if in_class { "0-9A-Za-z_" } else { "[0-9A-Za-z_]" }),
                    'W' if !in_class => out.push_str("[^0-9A-Za-z_]"),
                    '0' if !chars.get(i).is_some_and(char::is_ascii_digit) => out.push_str("\\x00"),
                    'c' => return Err("control escapes '\\c' are not supported".to_owned()),
                    'u' if chars.get(i) == Some(&'{') => {
                        // `\u{...}` is the same in both syntaxes.
                        out.push_str("\\u");
                    }
                    _ if e.is_ascii_alphanumeric() => {
                        out.push('\\');
                        out.push(e);
                    }
                    _ => push_literal(&mut out, e, in_class),
                }
            }
            '[' if in_class => out.push_str("\\["),
            '[' => {
                if chars.get(i) == Some(&'^') && chars.get(i + 1) == Some(&']') {
                    out.push_str("[\\s\\S]");
                    i += 2;
                } else if chars.get(i) == Some(&']') {
                    // `[]` matches nothing in ECMA-262.
                    out.push_str("(?:[a&&b])");
                    i += 1;
                } else {
                    in_class = true;
                    out.push('[');
                    if chars.get(i) == Some(&'^') {
                        out.push('^');
                        i += 1;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' | '-' if in_class && chars.get(i) == Some(&c) => {
                // Doubled, these are set operations in `fancy-regex` classes.
                out.push('\\');
                out.push(c);
            }
            '.' if !in_class => out.push_str(if dot_all {
                "(?s:.)"
            } else {
                "[^\\n\\r\\u{2028}\\u{2029}]"
            }),
            '{' if !in_class => {
                if quantifier_len(&chars[i..]).is_some() {
                    out.push('{');
                } else {
                    out.push_str("\\{");
                }
            }
            '}' if !in_class => {
                // A quantifier's closing brace was copied with its opening one below.
                out.push_str("\\}");
            }
            ']' => out.push_str("\\]"),
            _ => out.push(c),
        }
        if c == '{'
            && !in_class
            && let Some(len) = quantifier_len(&chars[i..])
        {
            out.extend(&chars[i..i + len]);
            i += len;
        }
    }
    if in_class {
        return Err("unclosed character class '['".to_owned());
    }
    Ok(out)
}

/// Length of `n}`, `n,}` or `n,m}` at the start of `rest` (the part after `{`).
fn quantifier_len(rest: &[char]) -> Option<usize> {
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while rest.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return None;
    }
    if rest.get(i) == Some(&',') {
        i += 1;
        digits(&mut i);
    }
    (rest.get(i) == Some(&'}')).then_some(i + 1)
}

fn push_literal(out: &mut String, c: char, in_class: bool) {
    let meta = if in_class { "\\]-^[&~" } else { "\\.+*?()|[]{}^$#&-~" };
    if meta.contains(c) {
        out.push('\\');
    }
    out.push(c);
}

/// I-Regexp differs from `fancy-regex` in `.` (anything but `\n` and `\r`) and in `^` and `$`,
/// which are ordinary characters there.
fn translate_iregexp(pattern: &str) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars.next().ok_or_else(|| "pattern ends with '\\'".to_owned())?;
                out.push('\\');
                out.push(e);
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
            }
            '[' => out.push_str("\\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '.' if !in_class => out.push_str("[^\\n\\r]"),
            '^' | '$' if !in_class => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if in_class {
        return Err("unclosed character class '['".to_owned());
    }
    Ok(out)
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
