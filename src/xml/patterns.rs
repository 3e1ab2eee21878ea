//! Pattern facets as the engine should read them. In XSD regular expressions `\d` is every
//! Unicode decimal digit (`\p{Nd}`) and `\w` every character that is not punctuation, a
//! separator or "other" (`[^\p{P}\p{Z}\p{C}]`); the engine reads `\d` as ASCII digits only and
//! `\w` as letters, digits and `_`. The engine's category escapes follow Unicode, so before a
//! schema is compiled each such escape is written out as the categories it stands for. And
//! several patterns of one restriction are alternatives, where the engine requires them all:
//! they are compiled as one pattern with a branch each.

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

/// One change to a schema document's text for the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the document.
    pub range: std::ops::Range<usize>,
    /// What goes there.
    pub replacement: String,
    /// For a pattern value: how messages should show it (the patterns as written).
    pub written: Option<String>,
}

/// The edits that make the engine read a schema's pattern facets as XSD means them: Unicode
/// classes, and sibling patterns of one restriction as branches of one expression (XSD 1.0
/// Part 2, 4.3.4.3: a value must match one of them; the engine would require every one).
pub fn rewrites(text: &str) -> Vec<Edit> {
    // Pattern elements by the start of their parent.
    let mut groups: Vec<(usize, Vec<Pattern>)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    // A pattern element with content (an annotation): its start, value and parent, until its end.
    let mut pending: Option<(usize, std::ops::Range<usize>, String, usize)> = None;
    let mut reader = Reader::from_str(text);
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = end > start && text.get(start..end).is_some_and(|t| t.ends_with("/>"));
                let parent = open.last().copied().unwrap_or(0);
                if e.local_name().into_inner() == "pattern"
                    && let Some(raw) = text.get(start..end)
                    && let Some((range, _)) = super::schema::attribute_value(raw, "value")
                    && let Some(value) = raw.get(range.clone())
                {
                    let value_range = start + range.start..start + range.end;
                    if empty {
                        add(&mut groups, parent, (start..end, value_range, value.to_string()));
                    } else {
                        pending = Some((start, value_range, value.to_string(), parent));
                    }
                }
                if !empty {
                    open.push(start);
                }
            }
            Event::End(_) => {
                let opened = open.pop();
                if let Some((from, value_range, value, parent)) = pending.take_if(|p| Some(p.0) == opened) {
                    add(&mut groups, parent, (from..end, value_range, value));
                }
            }
            _ => {}
        }
    }
    let mut edits = Vec::new();
    for (_, patterns) in groups {
        let compiled: Vec<String> = patterns
            .iter()
            .map(|(_, _, v)| with_unicode_classes(v).unwrap_or_else(|| v.clone()))
            .collect();
        match patterns.as_slice() {
            [(_, value_range, value)] => {
                if compiled[0] != *value {
                    edits.push(Edit {
                        range: value_range.clone(),
                        replacement: compiled[0].clone(),
                        written: Some(value.clone()),
                    });
                }
            }
            [(_, first_value, _), rest @ ..] => {
                let branches: Vec<String> = compiled.iter().map(|c| format!("({c})")).collect();
                let written: Vec<&str> = patterns.iter().map(|(_, _, v)| v.as_str()).collect();
                edits.push(Edit {
                    range: first_value.clone(),
                    replacement: branches.join("|"),
                    written: Some(written.join("' or '")),
                });
                for (element, _, _) in rest {
                    edits.push(Edit {
                        range: element.clone(),
                        replacement: String::new(),
                        written: None,
                    });
                }
            }
            [] => {}
        }
    }
    edits
}

/// A pattern element: its whole range, the range of its value, the value.
type Pattern = (std::ops::Range<usize>, std::ops::Range<usize>, String);

fn add(groups: &mut Vec<(usize, Vec<Pattern>)>, parent: usize, pattern: Pattern) {
    match groups.iter_mut().find(|(p, _)| *p == parent) {
        Some((_, patterns)) => patterns.push(pattern),
        None => groups.push((parent, vec![pattern])),
    }
}

#[cfg(test)]
mod tests {
    use super::with_unicode_classes;

    #[test]
    fn sibling_patterns_become_branches_of_one() {
        let text = r#"<s><r><p value="[abc]+"/><p value="\d+"><a/></p></r><r><p value="x"/></r></s>"#
            .replace("<p ", "<pattern ")
            .replace("</p>", "</pattern>");
        let edits = super::rewrites(&text);
        assert_eq!(edits.len(), 2, "{edits:?}");
        assert_eq!(edits[0].replacement, r"([abc]+)|(\p{Nd}+)");
        assert_eq!(edits[0].written.as_deref(), Some(r"[abc]+' or '\d+"));
        assert_eq!(&text[edits[1].range.clone()], r#"<pattern value="\d+"><a/></pattern>"#);
    }

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
