//! Source-to-source rewrites within ECMA-262, applied before the validator's translation: the
//! `s` flag, and the web-compatibility syntax of Annex B that JavaScript accepts and the
//! validator refuses.

/// `.` outside a class becomes `[\s\S]`, which is what it means under the `s` flag.
pub(super) fn dot_matches_all(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
                continue;
            }
            '[' => in_class = true,
            ']' => in_class = false,
            '.' if !in_class => {
                out.push_str(r"[\s\S]");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Escapes what Annex B reads as literal characters: braces that are not a quantifier, `]`
/// outside a class, `\0`, and `\` before a non-ASCII character; `[^]` (any character) and `[]`
/// (none) become classes the translation understands.
pub(super) fn rewrite(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\\' => {
                let escaped = *chars.get(i)?;
                i += 1;
                match escaped {
                    '0' if !chars.get(i).is_some_and(char::is_ascii_digit) => out.push_str(r"\x00"),
                    _ if !escaped.is_ascii() => out.push(escaped),
                    _ => {
                        out.push('\\');
                        out.push(escaped);
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ if in_class => out.push(c),
            '[' => match (chars.get(i), chars.get(i + 1)) {
                (Some('^'), Some(']')) => {
                    out.push_str(r"[\s\S]");
                    i += 2;
                }
                (Some(']'), _) => {
                    out.push_str(r"[^\s\S]");
                    i += 1;
                }
                _ => {
                    in_class = true;
                    out.push('[');
                    if chars.get(i) == Some(&'^') {
                        out.push('^');
                        i += 1;
                    }
                }
            },
            '{' => match quantifier_len(chars.get(i..).unwrap_or_default()) {
                Some(len) => {
                    out.push('{');
                    out.extend(chars.get(i..i + len)?);
                    i += len;
                }
                None => out.push_str(r"\{"),
            },
            '}' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Length of `n}`, `n,}` or `n,m}` at the start of `rest` (the part after `{`).
fn quantifier_len(rest: &[char]) -> Option<usize> {
    let digits_from = |start: usize| {
        rest.get(start..)
            .map_or(0, |tail| tail.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let mut i = digits_from(0);
    if i == 0 {
        return None;
    }
    if rest.get(i) == Some(&',') {
        i += 1;
        i += digits_from(i);
    }
    (rest.get(i) == Some(&'}')).then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_braces_and_brackets() {
        assert_eq!(rewrite("^{[^}]+}$").as_deref(), Some(r"^\{[^}]+\}$"));
        assert_eq!(rewrite("^a{2,}]$").as_deref(), Some(r"^a{2,}\]$"));
        assert_eq!(rewrite("[^]|[]").as_deref(), Some(r"[\s\S]|[^\s\S]"));
        assert_eq!(rewrite(r"\0\é").as_deref(), Some(r"\x00é"));
        assert_eq!(rewrite("a\\"), None);
    }

    #[test]
    fn dots_outside_classes() {
        assert_eq!(dot_matches_all(r"a.[.]\."), r"a[\s\S][.]\.");
    }
}
