//! Tests of the translation of XSD regular expressions: what matches, and what is refused.

use super::{KEPT, XsdRegex};

fn matches(pattern: &str, text: &str) -> bool {
    XsdRegex::new(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
        .is_match(text)
}

#[test]
fn patterns_match_the_whole_value() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("abc", &["abc"], &["abcd", "xabc", "ab"]),
        ("a|b", &["a", "b"], &["ab", ""]),
        ("a|", &["a", ""], &["b"]),
        ("(ab)+", &["ab", "abab"], &["", "aba"]),
        ("a{2,3}", &["aa", "aaa"], &["a", "aaaa"]),
        ("a{2}", &["aa"], &["a", "aaa"]),
        ("a{2,}", &["aa", "aaaaa"], &["a"]),
        ("a{0}", &[""], &["a"]),
        ("a?b*c+", &["c", "abbc", "acc"], &["ab", "aac"]),
        ("^a$", &["^a$"], &["a"]),
        ("[^a]", &["b", "^"], &["a", "bb"]),
        ("[a^]", &["^", "a"], &["b"]),
        ("[a-z-[aeiou]]+", &["bcd", "xyz"], &["bad", "E"]),
        ("[^a-z-[aeiou]]", &["E", "1"], &["a", "b", "e"]),
        ("[\\p{L}-[\\p{Lu}]]", &["a", "é"], &["A", "1"]),
        ("[-a]", &["-", "a"], &["b"]),
        ("[a-]", &["-", "a"], &["b"]),
        ("[a-z--[b-z]]", &["a", "-"], &["b", "z"]),
        ("[\\-\\[\\]]", &["-", "[", "]"], &["a"]),
        (".", &["a", "é", " "], &["\n", "\r", ""]),
        ("\\.", &["."], &["a"]),
        ("\\d+", &["123", "٣٤"], &["a", "1a"]),
        ("\\D", &["a"], &["1"]),
        ("\\w+", &["abc", "a1", "€"], &["a b", "a-b", "a,b"]),
        ("\\W", &[" ", ",", "-"], &["a"]),
        ("\\s\\S", &[" a", "\ta", "\na"], &["ab", "  "]),
        ("\\i\\c*", &["a", "_x-1.2", ":a", "éa"], &["1a", "-a", ""]),
        ("\\I\\C", &["1 ", "- "], &["a1", "1a"]),
        ("\\p{Lu}\\p{Ll}", &["Ab", "Éé"], &["ab", "AB"]),
        ("\\P{L}", &["1", " "], &["a"]),
        ("\\p{IsBasicLatin}+", &["abc~"], &["é"]),
        ("\\p{IsLatin-1Supplement}", &["é"], &["a"]),
        ("\\p{IsGreek}", &["α"], &["a"]),
        ("\\P{IsBasicLatin}", &["é"], &["a"]),
        ("[\\p{IsBasicLatin}-[a-z]]", &["A"], &["a", "é"]),
        ("\\p{IsPrivateUse}", &["\u{E000}", "\u{F0000}"], &["a"]),
        ("\\p{IsHighSurrogates}?", &[""], &["a"]),
        ("\\n\\r\\t", &["\n\r\t"], &["nrt"]),
        ("[\\n]", &["\n"], &["n"]),
        ("\\{\\}\\(\\)\\|\\*\\+\\?\\^", &["{}()|*+?^"], &[]),
        ("#&~@", &["#&~@"], &[]),
        ("[&&]", &["&"], &[]),
        ("\\d{3}-\\d{4}", &["555-1234"], &["5551234"]),
        ("", &[""], &["a"]),
        ("é+", &["éé"], &["e"]),
        ("[\u{10000}-\u{10FFFF}]", &["\u{1F600}"], &["a"]),
    ];
    for (pattern, valid, invalid) in cases {
        for text in *valid {
            assert!(matches(pattern, text), "{pattern:?} should match {text:?}");
        }
        for text in *invalid {
            assert!(!matches(pattern, text), "{pattern:?} should not match {text:?}");
        }
    }
}

#[test]
fn what_xsd_does_not_allow_is_refused() {
    for pattern in [
        "(a",
        "a)",
        "[a",
        "[]",
        "[a-]b]",
        "*a",
        "a**",
        "a*?",
        "a+?",
        "a{2}{3}",
        "a{3,2}",
        "a{,2}",
        "a{x}",
        "{",
        "a{2",
        "}",
        "]",
        "\\",
        "\\b",
        "\\1",
        "(a)\\1",
        "\\x41",
        "\\u0041",
        "(?:a)",
        "(?=a)",
        "(?i)a",
        "\\p{Greek}",
        "\\p{IsNoSuchBlock}",
        "\\p{Lx}",
        "\\pL",
        "[z-a]",
        "[a-\\d]",
        "[\\d-z]",
        "[a[b]]",
        "[a-c-e]",
        "[a-z-[b]c]",
    ] {
        assert!(XsdRegex::new(pattern).is_err(), "{pattern:?} should be refused");
    }
}

#[test]
fn hostile_patterns_are_refused_not_compiled() {
    let error = XsdRegex::new("((a{1000}){1000}){1000}").expect_err("too large");
    assert!(error.message.contains("too large"), "{}", error.message);
    let deep = format!("{}a{}", "(".repeat(150), ")".repeat(150));
    assert!(XsdRegex::new(&deep).is_err());
    // Nested subtractions recurse too: a deep one is refused, not a stack overflow.
    let subtractions = format!("{}{}", "[a-".repeat(100_000), "]".repeat(100_000));
    assert!(XsdRegex::new(&subtractions).is_err());
    assert!(XsdRegex::new("[a-z-[b-y-[c-x]]]").is_ok());
}

#[test]
fn alternatives_of_one_step() {
    let regex = XsdRegex::any_of(&["[0-9]{3}", "[A-Z]{2}"]).expect("compiles");
    assert!(regex.is_match("123"));
    assert!(regex.is_match("AB"));
    assert!(!regex.is_match("123AB"));
    assert_eq!(regex.written(), "'[0-9]{3}' or '[A-Z]{2}'");
}

#[test]
fn the_corpus_regex_schemas_compile() {
    // Patterns from the W3C suite's regex tests that are valid XSD 1.0.
    for pattern in [
        r"\p{IsBasicLatin}*",
        r"[\p{Lu}-[ABC]]",
        r"[^\s]+",
        r"[\s\S]",
        r"(\d{1,3}\.){3}\d{1,3}",
        r"[A-Z]{3}(-[0-9]{2,})?",
        r"[\i-[:]][\c-[:]]*",
    ] {
        assert!(XsdRegex::new(pattern).is_ok(), "{pattern}");
    }
}

#[test]
fn long_repetitions_of_one_class_are_counted() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            r"\p{L}{0,255}",
            &["", "abc", &"é".repeat(255)],
            &["a1", &"a".repeat(256)],
        ),
        (
            r"[^<>]{1,10000}",
            &["a", &"x".repeat(10000)],
            &["", "<", &"x".repeat(10001)],
        ),
        (r".{100}", &[&"é".repeat(100)], &[&"a".repeat(99), &"a".repeat(101)]),
        (
            r"[A-Z]{70,}",
            &[&"A".repeat(70), &"B".repeat(500)],
            &[&"A".repeat(69), &format!("{}1", "A".repeat(80))],
        ),
        (r"\{{100}", &[&"{".repeat(100)], &["{"]),
        (r"a{1,2}", &["a", "aa"], &["", "aaa"]),
    ];
    for (pattern, valid, invalid) in cases {
        for text in *valid {
            assert!(
                matches(pattern, text),
                "{pattern:?} should match {} chars",
                text.chars().count()
            );
        }
        for text in *invalid {
            assert!(
                !matches(pattern, text),
                "{pattern:?} should not match {} chars",
                text.chars().count()
            );
        }
    }
    // Other large patterns compile within the size limit.
    for pattern in [r"[\p{L}\p{N} ]{1,300}", r"(\w{1,200})", r"x\S{1,256}"] {
        assert!(XsdRegex::new(pattern).is_ok(), "{pattern}");
    }
    assert!(XsdRegex::new(r"\p{L}{5,2}").is_err());
    assert!(XsdRegex::new(r"[a{100}").is_err());
}

#[test]
fn small_patterns_compile_on_first_use_and_large_ones_at_once() {
    let lazy = XsdRegex::new("[A-Z]{2}[0-9]+").expect("valid");
    assert!(lazy.compiled.get().is_none(), "not compiled before a value needs it");
    assert!(lazy.is_match("AB12"));
    assert!(lazy.compiled.get().is_some_and(Option::is_some));
    assert!(!lazy.is_match("ab12"));
    // Large enough that compiling it might fail: compiled (and so refused, as the hostile
    // patterns above are) when read.
    let weight = |pattern: &str| super::weight(&regex_syntax::parse(pattern).unwrap());
    assert!(weight("(a{1000}){1000}") >= super::COMPILED_AT_ONCE_FROM);
    assert!(weight("[\\p{L}\\p{N} ]{1,35}") < super::COMPILED_AT_ONCE_FROM);
    // A syntax error is found when the pattern is read, compiled or not.
    assert!(XsdRegex::new("[b-a]").is_err());
}

#[test]
fn a_program_is_compiled_once_per_process() {
    // A pattern no other test uses, so no other test compiled it first.
    let pattern = r"[\p{Lu}-[Q]]\d{2}kept";
    let first = XsdRegex::new(pattern).unwrap();
    assert!(first.is_match("A12kept") && !first.is_match("Q12kept"));
    assert!(KEPT.contains(&first.program));
    // Another facet with the same pattern uses the kept program, and matches alike.
    let second = XsdRegex::new(pattern).unwrap();
    assert!(second.is_match("Z99kept") && !second.is_match("z99kept"));
}
