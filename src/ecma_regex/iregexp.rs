//! RFC 9485 I-Regexp written as ECMA-262, the mapping its section 5.3 describes.

/// I-Regexp differs from ECMA-262 in `.` (anything but `\n` and `\r`) and in `^` and `$`,
/// which are ordinary characters there.
pub(super) fn to_ecma(pattern: &str) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let escaped = chars.next().ok_or_else(|| "pattern ends with '\\'".to_owned())?;
                out.push('\\');
                out.push(escaped);
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

    use super::super::compile_iregexp;

    #[test]
    fn dot_and_anchors() {
        let full = compile_iregexp("a.c", true).unwrap();
        assert!(full.is_match("abc"));
        assert!(!full.is_match("abcd"));
        assert!(!full.is_match("a\rc"));
        assert!(full.is_match("a\u{2028}c"));
        let search = compile_iregexp("b.", false).unwrap();
        assert!(search.is_match("abc"));
        assert!(compile_iregexp("^a", false).unwrap().is_match("x^a"));
        assert!(compile_iregexp("[a", false).is_err());
    }
}
