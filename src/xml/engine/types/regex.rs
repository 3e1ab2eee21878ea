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
use std::sync::{LazyLock, OnceLock};

use crate::memo::Memo;

/// A pattern facet (one derivation step: its patterns are alternatives), checked when the
/// schema is read and compiled when a value first meets it: a schema of thousands of patterns
/// costs only those a document uses. A pattern that might compile large is compiled at once
/// instead, so a hostile one is refused with the schema, not in the middle of a document.
#[derive(Debug, Clone)]
pub struct XsdRegex {
    /// The `regex` crate's expression, anchored.
    program: String,
    /// For a pattern that is one character class repeated `{n,m}` times with large bounds
    /// (`\p{L}{0,255}`): the regex is the class repeated any number of times, and the count
    /// is checked here, which is exact and keeps the program small.
    count: Option<(usize, Option<usize>)>,
    written: String,
    /// The compiled program, once a value has needed it (`None` if it could not be compiled,
    /// which the size estimate rules out).
    compiled: OnceLock<Option<regex::Regex>>,
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
/// refused when the schema is read instead of exhausting memory. Counted repetitions of large
/// Unicode classes are big but real (`\p{L}{0,255}` takes about 4 MB, `[\p{L}\p{N} ]{1,1000}`
/// about 17 MB), so the limit is well above them.
const SIZE_LIMIT: usize = 64 << 20;
/// Groups and class subtractions nest at most this deep (the translation recurses).
const MAX_DEPTH: usize = 100;

impl XsdRegex {
    /// One pattern.
    pub fn new(pattern: &str) -> Result<XsdRegex, RegexError> {
        XsdRegex::any_of(&[pattern])
    }

    /// The patterns of one restriction step: a value matches when it matches one of them.
    pub fn any_of(patterns: &[&str]) -> Result<XsdRegex, RegexError> {
        let mut program = String::from(r"\A(?:");
        let mut count = None;
        match patterns {
            [pattern] if let Some((atom, min, max)) = counted_class(pattern)? => {
                let _ = write!(program, "{atom}*");
                count = Some((min, max));
            }
            _ => {
                for (i, pattern) in patterns.iter().enumerate() {
                    let translated = translate(pattern)?;
                    if i > 0 {
                        program.push('|');
                    }
                    let _ = write!(program, "(?:{translated})");
                }
            }
        }
        program.push_str(r")\z");
        let refused = |message: String| RegexError {
            pattern: patterns.join("' or '"),
            message,
        };
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&program)
            .map_err(|e| refused(e.to_string()))?;
        let written = patterns
            .iter()
            .map(|p| format!("'{p}'"))
            .collect::<Vec<_>>()
            .join(" or ");
        let regex = XsdRegex {
            program,
            count,
            written,
            compiled: OnceLock::new(),
        };
        if weight(&hir) >= COMPILED_AT_ONCE_FROM {
            let compiled = compile(&regex.program).map_err(|e| {
                refused(match e {
                    regex::Error::CompiledTooBig(_) => "it is too large to compile".to_string(),
                    other => other.to_string(),
                })
            })?;
            let _ = regex.compiled.set(Some(compiled));
        }
        Ok(regex)
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        let counted = |(min, max): (usize, Option<usize>)| {
            let n = text.chars().count();
            n >= min && max.is_none_or(|max| n <= max)
        };
        self.count.is_none_or(counted)
            && self
                .compiled
                .get_or_init(|| compile(&self.program).ok())
                .as_ref()
                .is_some_and(|regex| regex.is_match(text))
    }

    /// The patterns as written, quoted, for messages (`'[A-Z]{2}' or '\d+'`).
    pub fn written(&self) -> &str {
        &self.written
    }
}

/// Patterns whose program may reach this weight ([`weight`]) are compiled when the schema is
/// read. A unit of weight is at most a few dozen bytes of program, so below it a program stays
/// well under [`SIZE_LIMIT`] and compiling it on first use cannot fail.
const COMPILED_AT_ONCE_FROM: u64 = (SIZE_LIMIT / 128) as u64;

/// An upper estimate of the size of a program, in states: a byte of a literal is one, a range
/// of code points at most four (its UTF-8 byte sequences), and a repeated part counts as often
/// as its bound.
fn weight(hir: &regex_syntax::hir::Hir) -> u64 {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(literal) => literal.0.len() as u64,
        HirKind::Class(Class::Unicode(class)) => 4 * class.ranges().len() as u64 + 1,
        HirKind::Class(Class::Bytes(class)) => class.ranges().len() as u64 + 1,
        HirKind::Repetition(repetition) => {
            let times = repetition.max.unwrap_or(repetition.min.saturating_add(1)).max(1);
            u64::from(times).saturating_mul(weight(&repetition.sub))
        }
        HirKind::Capture(capture) => weight(&capture.sub),
        HirKind::Concat(all) | HirKind::Alternation(all) => all.iter().map(weight).fold(1, u64::saturating_add),
    }
}

/// Compiled programs kept for the life of the process, at most this many.
const KEPT_PROGRAMS: usize = 4096;
static KEPT: LazyLock<Memo<String, Result<regex::Regex, regex::Error>>> = LazyLock::new(|| Memo::new(KEPT_PROGRAMS));

/// The program compiled, within the size limit. Programs are kept by their text: schemas
/// repeat patterns (`\d`, a name class, a code's form), a process compiles many schemas (a
/// package's, a server's on each reload), and a Unicode class takes milliseconds to compile.
/// Of the 3,028 pattern compiles of the W3C XSD suites' tests, 734 were distinct.
fn compile(program: &str) -> Result<regex::Regex, regex::Error> {
    KEPT.get_or_build(program.to_string(), || {
        regex::RegexBuilder::new(program).size_limit(SIZE_LIMIT).build()
    })
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

/// Repetitions above this count of a lone character class are counted rather than compiled.
const COUNTED_FROM: u32 = 64;

/// A pattern that is one atom matching one character (a class, an escape, `.` or a character)
/// with a quantifier `{n,m}` or `{n,}` whose bounds reach `COUNTED_FROM`: the translated atom
/// and the bounds. `Ok(None)` for any other pattern; `Err` when the pattern is invalid.
fn counted_class(pattern: &str) -> Result<Option<(String, usize, Option<usize>)>, RegexError> {
    let Some(open) = pattern.rfind('{').filter(|_| pattern.ends_with('}')) else {
        return Ok(None);
    };
    let (atom, quantifier) = pattern.split_at(open);
    if atom.is_empty() || atom.starts_with('(') || atom.ends_with('\\') {
        return Ok(None);
    }
    let mut translator = Translator {
        chars: atom.chars().collect(),
        pos: 0,
        out: String::new(),
        depth: 0,
    };
    if translator.atom().is_err() || translator.pos != translator.chars.len() {
        return Ok(None);
    }
    // The whole pattern must be valid XSD too (this also reads the quantifier's syntax).
    translate(pattern)?;
    let bounds = &quantifier[1..quantifier.len() - 1];
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let (min, max) = match bounds.split_once(',') {
        Some((min, "")) => (number(min), None),
        Some((min, max)) => (number(min), Some(number(max))),
        None => (number(bounds), Some(number(bounds))),
    };
    let (Some(min), Some(max)) = (min, max.map_or(Some(None), |m| m.map(Some))) else {
        return Ok(None);
    };
    let large = min.max(max.unwrap_or(0)) >= COUNTED_FROM as usize;
    Ok(large.then(|| (format!("(?:{})", translator.out), min, max)))
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
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(format!("classes and groups nest deeper than {MAX_DEPTH}"));
                    }
                    let subtrahend = self.class_expr()?;
                    self.depth -= 1;
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
                // A '-' is a character only first or last in a group (last may mean just
                // before a subtraction: `[a-z--[b-z]]`).
                '-' if !first
                    && self.peek() != Some(']')
                    && !(self.peek() == Some('-') && self.peek_at(1) == Some('[')) =>
                {
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
    let ranges: Vec<(u32, u32)> = blocks::BLOCKS
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

mod blocks;

#[cfg(test)]
mod tests;
