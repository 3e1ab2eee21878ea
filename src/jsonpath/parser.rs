//! The path grammar: root, segments and selectors (RFC 9535 section 2 plus JSONPath-Plus).

use super::JsonPathError;
use super::cursor::Cursor;
use super::expr::{Dialect, Filter};
use super::filter_parser;

/// A compiled path: what [`super::JsonPath`] runs.
#[derive(Debug)]
pub(crate) struct Query {
    pub(crate) steps: Vec<Step>,
    /// A trailing `~`: select the names of the nodes rather than their values.
    pub(crate) key: bool,
}

#[derive(Debug)]
pub(crate) enum Step {
    /// `.name`, `[...]`: the selectors applied to each node.
    Child(Vec<Selector>),
    /// `..name`, `..[...]`: the selectors applied to each node and all its descendants.
    Descendant(Vec<Selector>),
    /// `^` (JSONPath-Plus): the parent of each node.
    Parent,
}

impl Step {
    /// Whether the step can reach one node twice from distinct inputs or selectors.
    pub(crate) fn may_duplicate(&self) -> bool {
        match self {
            Step::Child(selectors) | Step::Descendant(selectors) => selectors.len() > 1,
            Step::Parent => true,
        }
    }
}

#[derive(Debug)]
pub(crate) enum Selector {
    Name(Box<str>),
    /// A dot name made of digits (`.200`): that member of an object, that index of an array.
    NameOrIndex(Box<str>, usize),
    Wildcard,
    Index(i64),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    Filter(Box<Filter>),
}

/// Largest magnitude of an index or slice bound (RFC 9535: the I-JSON integer range).
const MAX_INT: i64 = (1 << 53) - 1;

/// Where a path is being parsed: the top-level expression or a query inside a filter.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Top,
    Filter(Dialect),
}

pub(crate) fn parse(src: &str) -> Result<Query, JsonPathError> {
    let mut c = Cursor::new(src);
    if !c.eat('$') {
        if c.peek().is_some_and(|ch| ch.is_whitespace()) {
            return Err(c.error("leading blank space is not allowed"));
        }
        return Err(c.unexpected("'$' at the start of the expression"));
    }
    let steps = parse_segments(&mut c, Place::Top)?;
    let tilde = c.pos;
    let key = c.eat('~');
    if key && steps.is_empty() {
        return Err(c.error_at(tilde, "'~' needs a node with a name; the root has none"));
    }
    if c.at_end() {
        return Ok(Query { steps, key });
    }
    if c.rest().chars().all(|ch| matches!(ch, ' ' | '\t' | '\n' | '\r')) {
        return Err(c.error("trailing blank space is not allowed"));
    }
    if key {
        return Err(c.error_at(tilde, "'~' is only valid at the end of the expression"));
    }
    let after_name = c
        .src
        .get(..c.pos)
        .and_then(|s| s.chars().last())
        .is_some_and(|p| is_name_char(p, Place::Top));
    c.skip_ws();
    Err(match c.peek() {
        Some('@') => c.error("JSONPath-Plus type selectors such as @string() are not supported"),
        Some(ch) if after_name && !matches!(ch, '(' | ')' | ']' | ',' | '?') => c.error(format!(
            "'{ch}' cannot appear in a dot name; write the name in brackets, e.g. ['a{ch}b']"
        )),
        Some('`') => c.error("backtick-escaped names are not supported; use ['name']"),
        _ => c.unexpected("'.', '..', '[', '~' or the end of the expression"),
    })
}

/// Parses segments until something that cannot start one; blank space before a segment is
/// consumed only when a segment follows.
pub(crate) fn parse_segments(c: &mut Cursor<'_>, place: Place) -> Result<Vec<Step>, JsonPathError> {
    let mut steps = Vec::new();
    loop {
        let start = c.pos;
        c.skip_ws();
        match c.peek() {
            Some('.') if c.starts_with("..") => {
                c.pos += 2;
                steps.push(Step::Descendant(parse_after_dot(c, place, true)?));
            }
            Some('.') => {
                c.pos += 1;
                steps.push(Step::Child(parse_after_dot(c, place, false)?));
            }
            Some('[') => {
                steps.push(Step::Child(parse_brackets(c, place)?));
            }
            Some('^') if place == Place::Top => {
                c.pos += 1;
                steps.push(Step::Parent);
            }
            Some('^') => return Err(c.error("the parent operator '^' is not valid inside a filter")),
            _ => {
                c.pos = start;
                return Ok(steps);
            }
        }
    }
}

fn parse_after_dot(c: &mut Cursor<'_>, place: Place, descendant: bool) -> Result<Vec<Selector>, JsonPathError> {
    match c.peek() {
        Some('*') => {
            c.pos += 1;
            Ok(vec![Selector::Wildcard])
        }
        // JSONPath-Plus accepts `.[...]` and `..[...]` alike.
        Some('[') if place == Place::Top || descendant => parse_brackets(c, place),
        Some(ch) if is_name_char(ch, place) && !(ch.is_ascii_digit() && place != Place::Top) => {
            let start = c.pos;
            while c.peek().is_some_and(|ch| is_name_char(ch, place)) {
                c.bump();
            }
            let name = c.src.get(start..c.pos).unwrap_or("");
            Ok(vec![name_selector(name)])
        }
        Some('~') if place == Place::Top => Err(c.error("'~' must follow a name, '*' or ']', not '.'")),
        Some(ch) if place == Place::Top && !ch.is_whitespace() => Err(c.error(format!(
            "'{ch}' cannot appear in a dot name; write the name in brackets, e.g. ['a{ch}b']"
        ))),
        _ => Err(c.unexpected(if descendant {
            "a name, '*' or '[' after '..'"
        } else {
            "a name or '*' after '.'"
        })),
    }
}

fn name_selector(name: &str) -> Selector {
    if name.bytes().all(|b| b.is_ascii_digit())
        && let Ok(index) = name.parse::<usize>()
    {
        return Selector::NameOrIndex(name.into(), index);
    }
    Selector::Name(name.into())
}

/// Characters of a dot name. At the top level JSONPath-Plus names (`x-foo`, `$ref`, `200`);
/// inside a filter `-` is the minus sign, so names follow JavaScript identifiers.
fn is_name_char(c: char, place: Place) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$' || (c == '-' && place == Place::Top) || c as u32 >= 0x80
}

pub(crate) fn parse_brackets(c: &mut Cursor<'_>, place: Place) -> Result<Vec<Selector>, JsonPathError> {
    let open = c.pos;
    c.expect('[', "'['")?;
    c.enter()?;
    let mut selectors = Vec::new();
    loop {
        c.skip_ws();
        if c.at_end() {
            return Err(c.error_at(open, "unclosed '['"));
        }
        selectors.push(parse_selector(c, place)?);
        c.skip_ws();
        if c.eat(',') {
            continue;
        }
        if c.eat(']') {
            break;
        }
        if c.at_end() {
            return Err(c.error_at(open, "unclosed '['"));
        }
        return Err(c.unexpected("',' or ']'"));
    }
    c.leave();
    Ok(selectors)
}

fn parse_selector(c: &mut Cursor<'_>, place: Place) -> Result<Selector, JsonPathError> {
    let start = c.pos;
    match c.peek() {
        Some(quote @ ('\'' | '"')) => Ok(Selector::Name(parse_string(c, quote, Dialect::Rfc)?.into())),
        Some('*') => {
            c.pos += 1;
            Ok(Selector::Wildcard)
        }
        Some('?') => {
            c.pos += 1;
            Ok(Selector::Filter(Box::new(filter_parser::parse_filter(
                c,
                place != Place::Top,
            )?)))
        }
        Some('(') => Err(c.error("script expressions [(...)] are not supported; use a filter [?(...)]")),
        Some(ch) if ch == '-' || ch == ':' || ch.is_ascii_digit() => parse_index_or_slice(c),
        Some(ch) if is_name_char(ch, Place::Top) => {
            if place != Place::Top {
                return Err(c.error("a name in brackets needs quotes inside a filter, e.g. ['name']"));
            }
            while c.peek().is_some_and(|ch| is_name_char(ch, Place::Top)) {
                c.bump();
            }
            Ok(name_selector(c.src.get(start..c.pos).unwrap_or("")))
        }
        Some(']') => Err(c.error("empty brackets '[]' select nothing; put a selector inside")),
        None => Err(c.error_at(start, "unclosed '['")),
        _ => Err(c.unexpected("a selector")),
    }
}

fn parse_index_or_slice(c: &mut Cursor<'_>) -> Result<Selector, JsonPathError> {
    let first = parse_opt_int(c)?;
    c.skip_ws();
    if !c.eat(':') {
        return match first {
            Some(index) => Ok(Selector::Index(index)),
            None => Err(c.unexpected("an index")),
        };
    }
    c.skip_ws();
    let end = parse_opt_int(c)?;
    c.skip_ws();
    let step = if c.eat(':') {
        c.skip_ws();
        parse_opt_int(c)?
    } else {
        None
    };
    Ok(Selector::Slice {
        start: first,
        end,
        step,
    })
}

fn parse_opt_int(c: &mut Cursor<'_>) -> Result<Option<i64>, JsonPathError> {
    if c.peek().is_some_and(|ch| ch == '-' || ch.is_ascii_digit()) {
        parse_int(c).map(Some)
    } else {
        Ok(None)
    }
}

/// An RFC 9535 integer: no leading zeros, no `-0`, within the I-JSON range.
pub(crate) fn parse_int(c: &mut Cursor<'_>) -> Result<i64, JsonPathError> {
    let start = c.pos;
    let negative = c.eat('-');
    let digits_start = c.pos;
    while c.peek().is_some_and(|ch| ch.is_ascii_digit()) {
        c.pos += 1;
    }
    let digits = c.src.get(digits_start..c.pos).unwrap_or("");
    if digits.is_empty() {
        return Err(c.unexpected("a digit"));
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return Err(c.error_at(start, "integers must not have leading zeros"));
    }
    if negative && digits == "0" {
        return Err(c.error_at(start, "'-0' is not a valid index"));
    }
    let magnitude = digits.parse::<i64>().ok().filter(|m| *m <= MAX_INT);
    match magnitude {
        Some(m) => Ok(if negative { -m } else { m }),
        None => Err(c.error_at(start, "integer out of range (at most 2^53 - 1 in magnitude)")),
    }
}

/// A string literal. RFC 9535 escapes everywhere; JavaScript filters also accept `\v`, `\0`,
/// `\xHH`, `\u{...}` and any other escaped character as itself.
pub(crate) fn parse_string(c: &mut Cursor<'_>, quote: char, dialect: Dialect) -> Result<String, JsonPathError> {
    let open = c.pos;
    c.expect(quote, "a quote")?;
    let mut out = String::new();
    loop {
        let at = c.pos;
        let Some(ch) = c.bump() else {
            return Err(c.error_at(open, "unclosed string literal"));
        };
        match ch {
            _ if ch == quote => return Ok(out),
            '\\' => {
                let Some(esc) = c.bump() else {
                    return Err(c.error_at(open, "unclosed string literal"));
                };
                match esc {
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    '/' | '\\' => out.push(esc),
                    '\'' | '"' if esc == quote || dialect == Dialect::Js => out.push(esc),
                    'u' => out.push(parse_unicode_escape(c, at, dialect)?),
                    'v' if dialect == Dialect::Js => out.push('\u{b}'),
                    '0' if dialect == Dialect::Js => out.push('\0'),
                    'x' if dialect == Dialect::Js => {
                        let hex = c.rest().get(..2).unwrap_or("");
                        let value = u8::from_str_radix(hex, 16).map_err(|_| c.error_at(at, "invalid \\x escape"))?;
                        c.pos += 2;
                        out.push(char::from(value));
                    }
                    _ if dialect == Dialect::Js && !esc.is_ascii_alphanumeric() => out.push(esc),
                    _ => return Err(c.error_at(at, format!("invalid escape '\\{esc}' in a string literal"))),
                }
            }
            _ if (ch as u32) < 0x20 => {
                return Err(c.error_at(at, "control characters must be escaped in a string literal"));
            }
            _ => out.push(ch),
        }
    }
}

fn parse_unicode_escape(c: &mut Cursor<'_>, at: usize, dialect: Dialect) -> Result<char, JsonPathError> {
    let invalid = |c: &Cursor<'_>| c.error_at(at, "invalid \\u escape");
    if dialect == Dialect::Js && c.eat('{') {
        let end = c.rest().find('}').ok_or_else(|| invalid(c))?;
        let hex = c.rest().get(..end).unwrap_or("");
        let value = u32::from_str_radix(hex, 16).map_err(|_| invalid(c))?;
        c.pos += end + 1;
        return char::from_u32(value).ok_or_else(|| invalid(c));
    }
    let high = hex4(c).ok_or_else(|| invalid(c))?;
    if (0xD800..0xDC00).contains(&high) {
        // A high surrogate must be followed by an escaped low surrogate.
        if !c.eat_str("\\u") {
            return Err(c.error_at(at, "unpaired surrogate in \\u escape"));
        }
        let low = hex4(c).filter(|low| (0xDC00..0xE000).contains(low));
        let low = low.ok_or_else(|| c.error_at(at, "unpaired surrogate in \\u escape"))?;
        let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        return char::from_u32(value).ok_or_else(|| invalid(c));
    }
    char::from_u32(high).ok_or_else(|| c.error_at(at, "unpaired surrogate in \\u escape"))
}

fn hex4(c: &mut Cursor<'_>) -> Option<u32> {
    let hex = c.rest().get(..4)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    c.pos += 4;
    u32::from_str_radix(hex, 16).ok()
}
