//! Element paths and positions of one (small) XML text, built only when it has findings:
//! which element starts at a line and column, its path (`/Register/Birth[1]/Child`) and where
//! each of its attributes is.
//!
//! Paths name elements as written (with their prefix). An element carries its position among
//! same-named siblings when its parent has more than one child of that name; the records of a
//! streamed file (children of its root) always carry theirs.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::source::LineIndex;

/// One element of the text.
#[derive(Debug, Clone)]
pub struct Element {
    /// Byte offset of its `<`.
    pub start: usize,
    /// 1-based line and column of its `<`.
    pub at: (usize, usize),
    /// Its path.
    pub path: String,
    /// Attribute name as written, value as written, byte offset of the name.
    pub attributes: Vec<(String, String, usize)>,
    /// Byte offset after its end tag (after `/>` for an empty element).
    pub end: usize,
    /// Index of its parent element.
    pub parent: Option<usize>,
}

/// The elements of a text, in document order.
pub struct ElementIndex {
    /// Every element.
    pub elements: Vec<Element>,
    lines: LineIndex,
}

impl ElementIndex {
    /// Indexes `text`. `base` is the path of the text's parent (`""` for a whole document,
    /// `/Register` for one record) and `ordinal` the position given to the text's own root
    /// (`Some` for records, which are children of the real root).
    pub fn build(text: &str, base: &str, ordinal: Option<usize>) -> Self {
        let lines = LineIndex::new(text);
        let mut reader = Reader::from_str(text);
        // (name, parent, ordinal among same-named siblings)
        let mut raw: Vec<(String, Option<usize>, usize)> = Vec::new();
        let mut elements: Vec<Element> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut counts: HashMap<(Option<usize>, String), usize> = HashMap::new();
        loop {
            let start = usize::try_from(reader.buffer_position()).unwrap_or(0);
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(event) => event,
            };
            let end = usize::try_from(reader.buffer_position()).unwrap_or(0);
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    if let Some(closed) = stack.pop().and_then(|i| elements.get_mut(i)) {
                        closed.end = end;
                    }
                    continue;
                }
                _ => continue,
            };
            let name = e.name().0.to_string();
            let parent = stack.last().copied();
            let n = counts.entry((parent, name.clone())).or_insert(0);
            *n += 1;
            raw.push((name, parent, *n));
            let tag = text.get(start..end).unwrap_or("");
            // Where each attribute's name is, read off the tag once: searching the tag for each
            // name would cost the square of its length on an element of many attributes.
            let mut written = attribute_names(tag).into_iter();
            let attributes = e
                .attributes()
                .filter_map(Result::ok)
                .map(|a| {
                    let key = a.key.0.to_string();
                    let offset = match written.next() {
                        Some((name, at)) if name == key => start + at,
                        _ => attribute_offset(tag, &key).map_or(start, |o| start + o),
                    };
                    (key, a.value.to_string(), offset)
                })
                .collect();
            elements.push(Element {
                start,
                at: lines.line_col(text, start),
                path: String::new(),
                attributes,
                end: if empty { end } else { text.len() },
                parent,
            });
            if !empty {
                stack.push(raw.len() - 1);
            }
        }
        for i in 0..raw.len() {
            let (name, parent, nth) = &raw[i];
            let step = match (parent, ordinal) {
                (None, Some(n)) => format!("{name}[{n}]"),
                (None, None) => name.clone(),
                (Some(p), _) => {
                    let indexed = counts.get(&(Some(*p), name.clone())).is_some_and(|&c| c > 1);
                    if indexed {
                        format!("{name}[{nth}]")
                    } else {
                        name.clone()
                    }
                }
            };
            let prefix = parent.map_or_else(|| base.to_string(), |p| elements[p].path.clone());
            elements[i].path = format!("{prefix}/{step}");
        }
        ElementIndex { elements, lines }
    }

    /// The element whose start tag is at this line and column, or the last one starting
    /// before it.
    pub fn at(&self, line: usize, column: usize) -> Option<&Element> {
        let i = self.elements.partition_point(|e| e.at <= (line, column));
        self.elements.get(i.checked_sub(1)?)
    }

    /// The element whose `<` is at this byte offset.
    pub fn at_offset(&self, offset: usize) -> Option<&Element> {
        let i = self.elements.partition_point(|e| e.start < offset);
        self.elements.get(i).filter(|e| e.start == offset)
    }

    /// The innermost element whose content holds this byte offset.
    pub fn owner_of(&self, offset: usize) -> Option<&Element> {
        let last_started = self.elements.partition_point(|e| e.start <= offset).checked_sub(1)?;
        let mut at = self.elements.get(last_started);
        while let Some(element) = at {
            if offset < element.end {
                return Some(element);
            }
            at = element.parent.and_then(|p| self.elements.get(p));
        }
        None
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        self.lines.line_col(text, offset)
    }

    /// Byte offset of a 1-based line and byte column (as the engine counts them).
    pub fn offset_of(&self, text: &str, line: usize, byte_column: usize) -> usize {
        self.lines.offset_of(text, line, byte_column)
    }
}

/// The attributes' names in a raw start tag (`<e a="1" b='2'>`), in order, with their byte
/// offsets: one pass, quoted values skipped whole.
fn attribute_names(tag: &str) -> Vec<(&str, usize)> {
    let bytes = tag.as_bytes();
    let mut names = Vec::new();
    // Past `<` and the element's name.
    let mut i = bytes.iter().position(u8::is_ascii_whitespace).unwrap_or(bytes.len());
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|&b| b != b'=' && !b.is_ascii_whitespace() && b != b'/' && b != b'>')
        {
            i += 1;
        }
        if i == name_start {
            return names;
        }
        let name = tag.get(name_start..i).unwrap_or("");
        while bytes.get(i).is_some_and(|&b| b.is_ascii_whitespace() || b == b'=') {
            i += 1;
        }
        let Some(&quote) = bytes.get(i).filter(|&&b| b == b'"' || b == b'\'') else {
            return names;
        };
        names.push((name, name_start));
        i += 1 + memchr::memchr(quote, bytes.get(i + 1..).unwrap_or(&[])).map_or(bytes.len(), |q| q + 1);
    }
}

/// Byte offset of attribute `name` inside a raw start tag.
pub fn attribute_offset(tag: &str, name: &str) -> Option<usize> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(found) = tag.get(from..)?.find(name) {
        let at = from + found;
        from = at + name.len();
        let before = at > 0 && bytes.get(at - 1).is_some_and(u8::is_ascii_whitespace);
        if before && tag.get(from..)?.trim_start().starts_with('=') {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_index_records_and_repeated_children() {
        let text = "<R>\n  <B id=\"1\"><C/></B>\n  <B><C/><C/></B><D/>\n</R>";
        let index = ElementIndex::build(text, "", None);
        let paths: Vec<&str> = index.elements.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/R",
                "/R/B[1]",
                "/R/B[1]/C",
                "/R/B[2]",
                "/R/B[2]/C[1]",
                "/R/B[2]/C[2]",
                "/R/D"
            ]
        );
        let b = index.at(2, 3).map(|e| e.attributes.clone()).unwrap();
        assert_eq!(b, [("id".to_string(), "1".to_string(), 9)]);
        assert_eq!(index.line_col(text, 9), (2, 6));
        let tag = "<e a=\"x b='1'\" b = '2'\n c=\"\"/>";
        assert_eq!(attribute_names(tag), [("a", 3), ("b", 15), ("c", 24)]);
        let record = ElementIndex::build("<B><C/></B>", "/R", Some(7));
        assert_eq!(record.elements[1].path, "/R/B[7]/C");
        let stray = text.find("<D/>").unwrap() + 4;
        assert_eq!(index.owner_of(stray).map(|e| e.path.as_str()), Some("/R"));
        let inside = text.find("</B><D/>").unwrap();
        assert_eq!(index.owner_of(inside).map(|e| e.path.as_str()), Some("/R/B[2]"));
    }
}
