//! XSD 1.0 regular expressions (Part 2 Appendix F) translated to the `regex` crate's syntax
//! and compiled once per pattern facet. An XSD pattern matches the whole value, has no
//! anchors (`^` and `$` are ordinary characters), no back-references, no look-around and no
//! lazy quantifiers; it has character class subtraction (`[a-z-[aeiou]]`), the name escapes
//! `\i` and `\c`, and Unicode block escapes (`\p{IsBasicLatin}`). Anything XSD does not allow
//! is refused, so a pattern means the same here as in every other XSD processor.
//!
//! (`src/xml/patterns.rs` rewrites patterns for the third-party engine, and `src/ecma_regex`
//! reads ECMA-262 patterns for JSON Schema: different dialects, so neither is reused here.)

use super::lexical::names::{NAME_EXTRA_RANGES, NAME_START_RANGES};
use std::fmt;
use std::fmt::Write as _;

/// A compiled pattern facet (one derivation step: its patterns are alternatives).
#[derive(Debug, Clone)]
pub struct XsdRegex {
    regex: regex::Regex,
    written: String,
}

/// A pattern that is not an XSD 1.0 regular expression, or too large to compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError {
    /// The pattern as written.
    pub pattern: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the pattern '{}' is not a valid XSD regular expression: {}",
            self.pattern, self.message
        )
    }
}

impl std::error::Error for RegexError {}

/// The compiled program may take this many bytes: a hostile pattern (`(a{1000}){1000}`) is
/// refused when the schema is read instead of exhausting memory.
const SIZE_LIMIT: usize = 4 << 20;
/// Groups nest at most this deep.
const MAX_DEPTH: usize = 100;

impl XsdRegex {
    /// One pattern.
    pub fn new(pattern: &str) -> Result<XsdRegex, RegexError> {
        XsdRegex::any_of(&[pattern])
    }

    /// The patterns of one restriction step: a value matches when it matches one of them.
    pub fn any_of(patterns: &[&str]) -> Result<XsdRegex, RegexError> {
        let mut program = String::from(r"\A(?:");
        for (i, pattern) in patterns.iter().enumerate() {
            let translated = translate(pattern)?;
            if i > 0 {
                program.push('|');
            }
            let _ = write!(program, "(?:{translated})");
        }
        program.push_str(r")\z");
        let regex = regex::RegexBuilder::new(&program)
            .size_limit(SIZE_LIMIT)
            .build()
            .map_err(|e| RegexError {
                pattern: patterns.join("' or '"),
                message: match e {
                    regex::Error::CompiledTooBig(_) => "it is too large to compile".to_string(),
                    other => other.to_string(),
                },
            })?;
        let written = patterns
            .iter()
            .map(|p| format!("'{p}'"))
            .collect::<Vec<_>>()
            .join(" or ");
        Ok(XsdRegex { regex, written })
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// The patterns as written, quoted, for messages (`'[A-Z]{2}' or '\d+'`).
    pub fn written(&self) -> &str {
        &self.written
    }
}

/// The `regex` crate's expression for one XSD pattern (unanchored).
pub fn translate(pattern: &str) -> Result<String, RegexError> {
    let mut translator = Translator {
        chars: pattern.chars().collect(),
        pos: 0,
        out: String::with_capacity(pattern.len() * 2),
        depth: 0,
    };
    let result = translator.reg_exp().and_then(|()| match translator.peek() {
        None => Ok(()),
        Some(')') => Err("unbalanced ')'".to_string()),
        Some(c) => Err(format!("unexpected '{c}'")),
    });
    match result {
        Ok(()) => Ok(translator.out),
        Err(message) => Err(RegexError {
            pattern: pattern.to_string(),
            message,
        }),
    }
}

struct Translator {
    chars: Vec<char>,
    pos: usize,
    out: String,
    depth: usize,
}

/// What an escape stands for: one character (which may end a range) or a class.
enum Escaped {
    Char(char),
    Class(String),
}

type Parsed<T> = Result<T, String>;

impl Translator {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn reg_exp(&mut self) -> Parsed<()> {
        self.branch()?;
        while self.peek() == Some('|') {
            self.pos += 1;
            self.out.push('|');
            self.branch()?;
        }
        Ok(())
    }

    fn branch(&mut self) -> Parsed<()> {
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            self.piece()?;
        }
        Ok(())
    }

    fn piece(&mut self) -> Parsed<()> {
        self.atom()?;
        match self.peek() {
            Some(q @ ('?' | '*' | '+')) => {
                self.pos += 1;
                self.out.push(q);
            }
            Some('{') => {
                self.pos += 1;
                self.quantity()?;
            }
            _ => return Ok(()),
        }
        // XSD has no lazy or possessive quantifiers, and a quantifier repeats an atom only.
        match self.peek() {
            Some(c @ ('?' | '*' | '+' | '{')) => Err(format!("'{c}' cannot follow a quantifier")),
            _ => Ok(()),
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` with n ≤ m, after the `{`.
    fn quantity(&mut self) -> Parsed<()> {
        let min = self.number().ok_or("a quantifier needs a number after '{'")?;
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.number().ok_or("a bad quantifier")?)
            }
        } else {
            Some(min)
        };
        if self.next() != Some('}') {
            return Err("a quantifier must end with '}'".to_string());
        }
        match max {
            Some(max) if max < min => Err(format!("the quantifier {{{min},{max}}} has its bounds reversed")),
            Some(max) if max == min => {
                let _ = write!(self.out, "{{{min}}}");
                Ok(())
            }
            Some(max) => {
                let _ = write!(self.out, "{{{min},{max}}}");
                Ok(())
            }
            None => {
                let _ = write!(self.out, "{{{min},}}");
                Ok(())
            }
        }
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars[start..self.pos].iter().collect();
        digits.parse().ok()
    }

    fn atom(&mut self) -> Parsed<()> {
        let Some(c) = self.next() else {
            return Err("the pattern ends early".to_string());
        };
        match c {
            '(' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(format!("groups nest deeper than {MAX_DEPTH}"));
                }
                self.out.push_str("(?:");
                self.reg_exp()?;
                if self.next() != Some(')') {
                    return Err("a '(' is not closed".to_string());
                }
                self.out.push(')');
                self.depth -= 1;
            }
            '[' => {
                let class = self.class_expr()?;
                self.out.push_str(&class);
            }
            '\\' => match self.escape()? {
                Escaped::Char(c) => push_char(&mut self.out, c),
                Escaped::Class(class) => self.out.push_str(&class),
            },
            '.' => self.out.push_str(r"[^\n\r]"),
            '?' | '*' | '+' | '{' => return Err(format!("'{c}' has nothing to repeat")),
            ']' | '}' => return Err(format!("'{c}' must be escaped")),
            c => push_char(&mut self.out, c),
        }
        Ok(())
    }

    /// A character class after its `[`: a group, negated with `^`, optionally minus another
    /// class (`[a-z-[aeiou]]`).
    fn class_expr(&mut self) -> Parsed<String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut items = String::new();
        let mut first = true;
        loop {
            let c = self.next().ok_or("a '[' is not closed")?;
            match c {
                ']' if !first => break,
                ']' => return Err("a character class is empty".to_string()),
                '-' if !first && self.peek() == Some('[') => {
                    self.pos += 1;
                    let subtrahend = self.class_expr()?;
                    if self.next() != Some(']') {
                        return Err("a subtraction must end the character class".to_string());
                    }
                    let base = if negated {
                        format!("[^{items}]")
                    } else {
                        format!("[{items}]")
                    };
                    return Ok(format!("[{base}--{subtrahend}]"));
                }
                '[' => return Err("'[' must be escaped in a character class".to_string()),
                '\\' => match self.escape()? {
                    Escaped::Char(c) => self.range_from(c, &mut items)?,
                    Escaped::Class(class) => {
                        if self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']' | '[')) {
                            return Err("a class escape cannot start a range".to_string());
                        }
                        items.push_str(&class);
                    }
                },
                // A '-' is a character only first or last in a group.
                '-' if !first && !matches!(self.peek(), Some(']')) => {
                    return Err("'-' must be escaped inside a character class".to_string());
                }
                c => self.range_from(c, &mut items)?,
            }
            first = false;
        }
        Ok(if negated {
            format!("[^{items}]")
        } else {
            format!("[{items}]")
        })
    }

    /// `start`, or the range `start-end` when a `-` and a character follow.
    fn range_from(&mut self, start: char, items: &mut String) -> Parsed<()> {
        if self.peek() != Some('-') || matches!(self.peek_at(1), Some(']' | '[') | None) {
            push_char(items, start);
            return Ok(());
        }
        self.pos += 1;
        let end = match self.next() {
            Some('\\') => match self.escape()? {
                Escaped::Char(c) => c,
                Escaped::Class(_) => return Err("a class escape cannot end a range".to_string()),
            },
            Some('[') => return Err("'[' must be escaped in a character class".to_string()),
            Some(c) => c,
            None => return Err("a '[' is not closed".to_string()),
        };
        if end < start {
            return Err(format!("the range {start}-{end} is reversed"));
        }
        push_char(items, start);
        items.push('-');
        push_char(items, end);
        Ok(())
    }

    /// After a `\`.
    fn escape(&mut self) -> Parsed<Escaped> {
        let c = self.next().ok_or("the pattern ends with '\\'")?;
        let class = |s: &str| Ok(Escaped::Class(s.to_string()));
        match c {
            'n' => Ok(Escaped::Char('\n')),
            'r' => Ok(Escaped::Char('\r')),
            't' => Ok(Escaped::Char('\t')),
            '\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']' | '^' => Ok(Escaped::Char(c)),
            's' => class(r"[\t\n\r ]"),
            'S' => class(r"[^\t\n\r ]"),
            'd' => class(r"\p{Nd}"),
            'D' => class(r"\P{Nd}"),
            'w' => class(r"[^\p{P}\p{Z}\p{C}]"),
            'W' => class(r"[\p{P}\p{Z}\p{C}]"),
            'i' => Ok(Escaped::Class(ranges_class(&[NAME_START_RANGES], false))),
            'I' => Ok(Escaped::Class(ranges_class(&[NAME_START_RANGES], true))),
            'c' => Ok(Escaped::Class(ranges_class(
                &[NAME_START_RANGES, NAME_EXTRA_RANGES],
                false,
            ))),
            'C' => Ok(Escaped::Class(ranges_class(
                &[NAME_START_RANGES, NAME_EXTRA_RANGES],
                true,
            ))),
            'p' | 'P' => {
                if self.next() != Some('{') {
                    return Err(format!("\\{c} needs a {{name}}"));
                }
                let start = self.pos;
                while self.peek().is_some_and(|c| c != '}') {
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                if self.next() != Some('}') {
                    return Err(format!("\\{c}{{ is not closed"));
                }
                property(&name, c == 'P').map(Escaped::Class)
            }
            other => Err(format!("'\\{other}' is not an escape of XSD regular expressions")),
        }
    }
}

/// A character as the `regex` crate reads it literally, in or out of a class: ASCII letters
/// and digits as themselves, anything else by its code point.
fn push_char(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else {
        let _ = write!(out, r"\x{{{:X}}}", u32::from(c));
    }
}

fn ranges_class(tables: &[&[(char, char)]], negated: bool) -> String {
    let mut out = String::from(if negated { "[^" } else { "[" });
    for table in tables {
        for &(start, end) in *table {
            push_char(&mut out, start);
            if end != start {
                out.push('-');
                push_char(&mut out, end);
            }
        }
    }
    out.push(']');
    out
}

/// The general categories XSD names (Part 2 §F.1.1).
const CATEGORIES: &[&str] = &[
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi",
    "Pf", "Po", "Z", "Zs", "Zl", "Zp", "S", "Sm", "Sc", "Sk", "So", "C", "Cc", "Cf", "Co", "Cn",
];

/// `\p{name}` or `\P{name}`: a category, or `Is` and a block name.
fn property(name: &str, negated: bool) -> Parsed<String> {
    if CATEGORIES.contains(&name) {
        return Ok(format!("\\{}{{{name}}}", if negated { 'P' } else { 'p' }));
    }
    let Some(block) = name.strip_prefix("Is") else {
        return Err(format!("'{name}' is not a Unicode category XSD knows"));
    };
    let ranges: Vec<(u32, u32)> = BLOCKS
        .iter()
        .filter(|(n, _, _)| *n == block)
        .map(|&(_, start, end)| (start, end))
        .collect();
    if ranges.is_empty() {
        return Err(format!("'{name}' is not a Unicode block XSD knows"));
    }
    let mut out = String::from(if negated { "[^" } else { "[" });
    let mut any = false;
    for (start, end) in ranges {
        // Surrogate code points never occur in a string: their blocks match nothing.
        if let (Some(start), Some(end)) = (char::from_u32(start), char::from_u32(end)) {
            push_char(&mut out, start);
            out.push('-');
            push_char(&mut out, end);
            any = true;
        }
    }
    if !any {
        return Ok(if negated {
            r"[\x{0}-\x{10FFFF}]"
        } else {
            r"[^\x{0}-\x{10FFFF}]"
        }
        .to_string());
    }
    out.push(']');
    Ok(out)
}

/// The block names of Part 2 §F.1.1 (Unicode 3.1, spaces removed) and their ranges; a name
/// may have several ranges.
const BLOCKS: &[(&str, u32, u32)] = &[
    ("BasicLatin", 0x0000, 0x007F),
    ("Latin-1Supplement", 0x0080, 0x00FF),
    ("LatinExtended-A", 0x0100, 0x017F),
    ("LatinExtended-B", 0x0180, 0x024F),
    ("IPAExtensions", 0x0250, 0x02AF),
    ("SpacingModifierLetters", 0x02B0, 0x02FF),
    ("CombiningDiacriticalMarks", 0x0300, 0x036F),
    ("Greek", 0x0370, 0x03FF),
    ("Cyrillic", 0x0400, 0x04FF),
    ("Armenian", 0x0530, 0x058F),
    ("Hebrew", 0x0590, 0x05FF),
    ("Arabic", 0x0600, 0x06FF),
    ("Syriac", 0x0700, 0x074F),
    ("Thaana", 0x0780, 0x07BF),
    ("Devanagari", 0x0900, 0x097F),
    ("Bengali", 0x0980, 0x09FF),
    ("Gurmukhi", 0x0A00, 0x0A7F),
    ("Gujarati", 0x0A80, 0x0AFF),
    ("Oriya", 0x0B00, 0x0B7F),
    ("Tamil", 0x0B80, 0x0BFF),
    ("Telugu", 0x0C00, 0x0C7F),
    ("Kannada", 0x0C80, 0x0CFF),
    ("Malayalam", 0x0D00, 0x0D7F),
    ("Sinhala", 0x0D80, 0x0DFF),
    ("Thai", 0x0E00, 0x0E7F),
    ("Lao", 0x0E80, 0x0EFF),
    ("Tibetan", 0x0F00, 0x0FFF),
    ("Myanmar", 0x1000, 0x109F),
    ("Georgian", 0x10A0, 0x10FF),
    ("HangulJamo", 0x1100, 0x11FF),
    ("Ethiopic", 0x1200, 0x137F),
    ("Cherokee", 0x13A0, 0x13FF),
    ("UnifiedCanadianAboriginalSyllabics", 0x1400, 0x167F),
    ("Ogham", 0x1680, 0x169F),
    ("Runic", 0x16A0, 0x16FF),
    ("Khmer", 0x1780, 0x17FF),
    ("Mongolian", 0x1800, 0x18AF),
    ("LatinExtendedAdditional", 0x1E00, 0x1EFF),
    ("GreekExtended", 0x1F00, 0x1FFF),
    ("GeneralPunctuation", 0x2000, 0x206F),
    ("SuperscriptsandSubscripts", 0x2070, 0x209F),
    ("CurrencySymbols", 0x20A0, 0x20CF),
    ("CombiningMarksforSymbols", 0x20D0, 0x20FF),
    ("LetterlikeSymbols", 0x2100, 0x214F),
    ("NumberForms", 0x2150, 0x218F),
    ("Arrows", 0x2190, 0x21FF),
    ("MathematicalOperators", 0x2200, 0x22FF),
    ("MiscellaneousTechnical", 0x2300, 0x23FF),
    ("ControlPictures", 0x2400, 0x243F),
    ("OpticalCharacterRecognition", 0x2440, 0x245F),
    ("EnclosedAlphanumerics", 0x2460, 0x24FF),
    ("BoxDrawing", 0x2500, 0x257F),
    ("BlockElements", 0x2580, 0x259F),
    ("GeometricShapes", 0x25A0, 0x25FF),
    ("MiscellaneousSymbols", 0x2600, 0x26FF),
    ("Dingbats", 0x2700, 0x27BF),
    ("BraillePatterns", 0x2800, 0x28FF),
    ("CJKRadicalsSupplement", 0x2E80, 0x2EFF),
    ("KangxiRadicals", 0x2F00, 0x2FDF),
    ("IdeographicDescriptionCharacters", 0x2FF0, 0x2FFF),
    ("CJKSymbolsandPunctuation", 0x3000, 0x303F),
    ("Hiragana", 0x3040, 0x309F),
    ("Katakana", 0x30A0, 0x30FF),
    ("Bopomofo", 0x3100, 0x312F),
    ("HangulCompatibilityJamo", 0x3130, 0x318F),
    ("Kanbun", 0x3190, 0x319F),
    ("BopomofoExtended", 0x31A0, 0x31BF),
    ("EnclosedCJKLettersandMonths", 0x3200, 0x32FF),
    ("CJKCompatibility", 0x3300, 0x33FF),
    ("CJKUnifiedIdeographsExtensionA", 0x3400, 0x4DB5),
    ("CJKUnifiedIdeographs", 0x4E00, 0x9FFF),
    ("YiSyllables", 0xA000, 0xA48F),
    ("YiRadicals", 0xA490, 0xA4CF),
    ("HangulSyllables", 0xAC00, 0xD7A3),
    ("HighSurrogates", 0xD800, 0xDB7F),
    ("HighPrivateUseSurrogates", 0xDB80, 0xDBFF),
    ("LowSurrogates", 0xDC00, 0xDFFF),
    ("PrivateUse", 0xE000, 0xF8FF),
    ("CJKCompatibilityIdeographs", 0xF900, 0xFAFF),
    ("AlphabeticPresentationForms", 0xFB00, 0xFB4F),
    ("ArabicPresentationForms-A", 0xFB50, 0xFDFF),
    ("CombiningHalfMarks", 0xFE20, 0xFE2F),
    ("CJKCompatibilityForms", 0xFE30, 0xFE4F),
    ("SmallFormVariants", 0xFE50, 0xFE6F),
    ("ArabicPresentationForms-B", 0xFE70, 0xFEFE),
    ("Specials", 0xFEFF, 0xFEFF),
    ("HalfwidthandFullwidthForms", 0xFF00, 0xFFEF),
    ("Specials", 0xFFF0, 0xFFFD),
    ("OldItalic", 0x10300, 0x1032F),
    ("Gothic", 0x10330, 0x1034F),
    ("Deseret", 0x10400, 0x1044F),
    ("ByzantineMusicalSymbols", 0x1D000, 0x1D0FF),
    ("MusicalSymbols", 0x1D100, 0x1D1FF),
    ("MathematicalAlphanumericSymbols", 0x1D400, 0x1D7FF),
    ("CJKUnifiedIdeographsExtensionB", 0x20000, 0x2A6D6),
    ("CJKCompatibilityIdeographsSupplement", 0x2F800, 0x2FA1F),
    ("Tags", 0xE0000, 0xE007F),
    ("PrivateUse", 0xF0000, 0xFFFFD),
    ("PrivateUse", 0x100000, 0x10FFFD),
];

#[cfg(test)]
mod tests;
