//! Escaping, one helper per family of formats:
//! - markup (JUnit, the GITB report, the report site's HTML and SVG): [`escape`];
//! - text read on a terminal or in a CI log (human, GitHub annotations, Markdown, and the tool
//!   errors on standard error): [`crate::source::printable`].

use std::fmt::Write as _;

/// Escapes text for element content and attribute values, dropping characters XML 1.0 forbids.
/// Line breaks, DEL and the C1 controls become character references: the document means the
/// same, and no line of it starts with text from the input (a CI log reading `::error`) nor
/// carries a raw control character to a terminal.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(c),
            '\n' | '\r' | '\u{7f}'..='\u{9f}' => {
                let _ = write!(out, "&#x{:x};", u32::from(c));
            }
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(super::escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;\u{fffd}");
        assert_eq!(super::escape("a\n::error\r\u{9b}\t"), "a&#xa;::error&#xd;&#x9b;\t");
    }
}
