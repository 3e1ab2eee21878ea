//! Pattern facets as the engine should read them. In XSD regular expressions `\d` is every
//! Unicode decimal digit (`\p{Nd}`) and `\w` every character that is not punctuation, a
//! separator or "other" (`[^\p{P}\p{Z}\p{C}]`); the engine reads `\d` as ASCII digits only and
//! `\w` as letters, digits and `_`. The engine's category escapes follow Unicode, so before a
//! schema is compiled each such escape is written out as the categories it stands for.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// A pattern with `\d`, `\D`, `\w` and `\W` written as categories; `None` when it has none.
pub fn with_unicode_classes(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut changed = false;
    // Brackets open: a class escape inside a character class is written as its members.
    let mut depth = 0usize;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                let replacement = match (next, depth > 0) {
                    ('d', _) => Some("\\p{Nd}"),
                    ('D', _) => Some("\\P{Nd}"),
                    ('w', false) => Some("[^\\p{P}\\p{Z}\\p{C}]"),
                    ('w', true) => Some("\\p{L}\\p{M}\\p{N}\\p{S}"),
                    ('W', false) => Some("[\\p{P}\\p{Z}\\p{C}]"),
                    ('W', true) => Some("\\p{P}\\p{Z}\\p{C}"),
                    _ => None,
                };
                match replacement {
                    Some(r) => {
                        out.push_str(r);
                        changed = true;
                    }
                    None => {
                        out.push(c);
                        out.push(next);
                    }
                }
            }
            '[' => {
                depth += 1;
                out.push(c);
            }
            ']' => {
                depth = depth.saturating_sub(1);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    changed.then_some(out)
}

/// The byte ranges of `value` attributes of `pattern` elements whose pattern reads differently
/// with Unicode classes, and the value to put there.
pub fn rewrites(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut reader = Reader::from_str(text);
    let mut found = Vec::new();
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        if let Event::Start(e) | Event::Empty(e) = event
            && e.local_name().into_inner() == "pattern"
            && let Some(raw) = text.get(start..end)
            && let Some((range, _)) = super::schema::attribute_value(raw, "value")
            && let Some(rewritten) = raw.get(range.clone()).and_then(with_unicode_classes)
        {
            found.push((start + range.start..start + range.end, rewritten));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::with_unicode_classes;

    #[test]
    fn class_escapes_become_unicode_categories() {
        assert_eq!(with_unicode_classes(r"\d{3}").as_deref(), Some(r"\p{Nd}{3}"));
        assert_eq!(with_unicode_classes(r"[\d\-]+").as_deref(), Some(r"[\p{Nd}\-]+"));
        assert_eq!(with_unicode_classes(r"\w+").as_deref(), Some(r"[^\p{P}\p{Z}\p{C}]+"));
        assert_eq!(
            with_unicode_classes(r"[^\w]").as_deref(),
            Some(r"[^\p{L}\p{M}\p{N}\p{S}]")
        );
        assert_eq!(
            with_unicode_classes(r"\W\D").as_deref(),
            Some(r"[\p{P}\p{Z}\p{C}]\P{Nd}")
        );
        assert_eq!(with_unicode_classes(r"\\d[a-z]\.").as_deref(), None);
        assert_eq!(with_unicode_classes(r"[0-9]{11}"), None);
    }
}
