//! Text from documents made safe to print on a terminal or in a CI log.
//!
//! File names, keys and values come from whoever wrote the input: an escape sequence in them
//! would reach the terminal, and a line break followed by `::error` would become a GitHub
//! Actions workflow command in the job's log. Every human-facing format (and the tool errors on
//! standard error) shows them through here.

use std::borrow::Cow;

/// A control character shown as a terminal or a log can not misread it: C0 (line breaks
/// included), DEL and C1 as `\u{1b}`. Tabs stay.
pub fn control(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`control`] where line breaks are wanted (help texts of several lines): each line escaped.
pub fn control_lines(text: &str) -> String {
    text.split('\n').map(control).collect::<Vec<_>>().join("\n")
}

/// A document's text for a snippet, every control character but line breaks and tabs replaced
/// by as many `?` as it has bytes, so spans into it stay valid. A `\r` ending a line stays.
pub fn control_in_place(text: &str) -> Cow<'_, str> {
    let needs = |(i, c): (usize, char)| is_escaped(c) && c != '\n' && !(c == '\r' && text[i + 1..].starts_with('\n'));
    if !text.char_indices().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if needs((i, c)) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_escaped(c: char) -> bool {
    c != '\t' && c.is_control()
}

#[cfg(test)]
mod tests {

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(super::control("plain\ttext"), "plain\ttext");
        assert_eq!(
            super::control("a\u{1b}]0;x\u{7}\n::error file=x\u{9b}"),
            "a\\u{1b}]0;x\\u{7}\\u{a}::error file=x\\u{9b}"
        );
        assert_eq!(super::control_lines("a\u{1b}\nb"), "a\\u{1b}\nb");
        let text = "{\"a\u{1b}\": 1,\r\n\u{9b}\r}";
        let shown = super::control_in_place(text);
        assert_eq!(shown, "{\"a?\": 1,\r\n???}");
        assert_eq!(shown.len(), text.len());
    }
}
