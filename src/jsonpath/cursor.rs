//! A position in the expression text shared by the path and filter parsers.

use super::JsonPathError;

/// Deepest nesting of brackets, parentheses and unary operators the parsers accept, so hostile
/// input cannot exhaust the stack.
pub(crate) const MAX_DEPTH: usize = 64;

pub(crate) struct Cursor<'s> {
    pub(crate) src: &'s str,
    pub(crate) pos: usize,
    depth: usize,
}

impl<'s> Cursor<'s> {
    pub(crate) fn new(src: &'s str) -> Self {
        Cursor { src, pos: 0, depth: 0 }
    }

    pub(crate) fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    pub(crate) fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub(crate) fn peek_second(&self) -> Option<char> {
        let mut chars = self.rest().chars();
        chars.next();
        chars.next()
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    pub(crate) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    pub(crate) fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    pub(crate) fn eat_str(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    pub(crate) fn starts_with(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    /// Skips RFC 9535 blank space (space, tab, line feed, carriage return).
    pub(crate) fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    pub(crate) fn expect(&mut self, c: char, what: &str) -> Result<(), JsonPathError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    pub(crate) fn error(&self, message: impl Into<String>) -> JsonPathError {
        JsonPathError {
            message: message.into(),
            offset: self.pos,
        }
    }

    pub(crate) fn error_at(&self, offset: usize, message: impl Into<String>) -> JsonPathError {
        JsonPathError {
            message: message.into(),
            offset,
        }
    }

    /// An error for whatever is at the cursor when `what` was expected.
    pub(crate) fn unexpected(&self, what: &str) -> JsonPathError {
        match self.peek() {
            Some(c) => self.error(format!("expected {what}, found '{c}'")),
            None => self.error(format!("expected {what}, found the end of the expression")),
        }
    }

    pub(crate) fn enter(&mut self) -> Result<(), JsonPathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("expression nests deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}
