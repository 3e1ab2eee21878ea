//! The string-derived built-ins whose lexical space is narrower than their base's: Name,
//! NCName (and ID, IDREF, ENTITY), NMTOKEN and language (Part 2 §3.3.2–§3.3.9), with the name
//! characters of XML 1.0 (fifth edition). The same characters are `\i` and `\c` in patterns.

/// `NameStartChar` of XML 1.0 (fifth edition), colon included.
pub fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// `NameChar` of XML 1.0 (fifth edition).
pub fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// The ranges of `NameStartChar`, for the pattern escape `\i`.
pub const NAME_START_RANGES: &[(char, char)] = &[
    (':', ':'),
    ('A', 'Z'),
    ('_', '_'),
    ('a', 'z'),
    ('\u{C0}', '\u{D6}'),
    ('\u{D8}', '\u{F6}'),
    ('\u{F8}', '\u{2FF}'),
    ('\u{370}', '\u{37D}'),
    ('\u{37F}', '\u{1FFF}'),
    ('\u{200C}', '\u{200D}'),
    ('\u{2070}', '\u{218F}'),
    ('\u{2C00}', '\u{2FEF}'),
    ('\u{3001}', '\u{D7FF}'),
    ('\u{F900}', '\u{FDCF}'),
    ('\u{FDF0}', '\u{FFFD}'),
    ('\u{10000}', '\u{EFFFF}'),
];

/// The ranges `NameChar` adds to `NameStartChar`, for the pattern escape `\c`.
pub const NAME_EXTRA_RANGES: &[(char, char)] = &[
    ('-', '.'),
    ('0', '9'),
    ('\u{B7}', '\u{B7}'),
    ('\u{300}', '\u{36F}'),
    ('\u{203F}', '\u{2040}'),
];

/// xs:Name: a name start character, then name characters.
pub fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// xs:NCName: a Name without a colon.
pub fn is_ncname(text: &str) -> bool {
    is_name(text) && !text.contains(':')
}

/// xs:NMTOKEN: one or more name characters.
pub fn is_nmtoken(text: &str) -> bool {
    !text.is_empty() && text.chars().all(is_name_char)
}

/// xs:language: `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`, the pattern of Part 2 §3.3.3.
pub fn is_language(text: &str) -> bool {
    let mut parts = text.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::{is_language, is_name, is_ncname, is_nmtoken};

    #[test]
    fn names() {
        for valid in ["a", "_a", ":a", "a:b", "a-b.c", "été", "x·y", "A1"] {
            assert!(is_name(valid), "{valid}");
        }
        for invalid in ["", "1a", "-a", ".a", "a b", "a\u{7}", "·a"] {
            assert!(!is_name(invalid), "{invalid}");
        }
        assert!(is_ncname("a-b"));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname(":a"));
    }

    #[test]
    fn name_tokens() {
        for valid in ["1", "-a", ".", "a:b", "12-34"] {
            assert!(is_nmtoken(valid), "{valid}");
        }
        for invalid in ["", "a b", "a,b", "a\tb"] {
            assert!(!is_nmtoken(invalid), "{invalid}");
        }
    }

    #[test]
    fn languages() {
        for valid in [
            "en",
            "en-US",
            "de-CH-1996",
            "x-klingon",
            "abcdefgh",
            "i-navajo",
            "sgn-BE-FR",
        ] {
            assert!(is_language(valid), "{valid}");
        }
        for invalid in [
            "",
            "-en",
            "en-",
            "en--US",
            "abcdefghi",
            "en-abcdefghi",
            "e1",
            "en_US",
            "en US",
        ] {
            assert!(!is_language(invalid), "{invalid}");
        }
    }
}
