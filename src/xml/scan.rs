//! One streaming pass over an XML document with `quick-xml`: well-formedness, namespace
//! prefixes, nesting depth and the safety rules, before any engine sees the text. Entities are
//! never expanded and nothing is fetched: a DOCTYPE that declares entities is refused, an
//! undeclared entity reference is a well-formedness error, and a DOCTYPE without declarations is
//! ignored (its external DTD is never read).
//!
//! The pass calls a visitor at every element start and end with byte offsets, which is how the
//! big-file splitter finds its records without a second parse.

use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::rules::{self, Rule};

/// Elements nest at most this deep (the same bound as the engine's parser).
pub const MAX_DEPTH: usize = super::engine::MAX_DEPTH as usize;

/// Namespace bindings (`xmlns`, `xmlns:p`) in scope at once. `quick-xml` stops at 128, which a
/// real document may pass; resolving a prefix scans the bindings in scope, so a bound keeps a
/// document of a hundred thousand bindings from making every name cost that much.
pub const MAX_NAMESPACE_BINDINGS: usize = 1_024;

/// Attributes of one element. Parsers check an attribute's name against every earlier one of
/// its element (the XML parsers here, and the engine's), so an element of 10^5 attributes took
/// 10^10 comparisons.
pub const MAX_ATTRIBUTES: usize = 4_096;

/// Why a document is refused before validation.
#[derive(Debug, Clone)]
pub struct Problem {
    /// PAY001, PAY006 or PAY008.
    pub rule: &'static Rule,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Byte offset in the document.
    pub offset: u64,
}

/// What the visitor is told.
#[derive(Debug)]
pub enum Visit<'a> {
    /// A start tag (or an empty element, then with no matching `End`). Depth 0 is the root.
    Start {
        /// The name as written, with its prefix.
        name: &'a str,
        /// Byte offset of `<`.
        start: u64,
        /// Byte offset after `>`.
        end: u64,
        /// `<a/>`.
        empty: bool,
        /// 0 for the root.
        depth: usize,
        /// The tag itself, for its attributes.
        tag: &'a quick_xml::events::BytesStart<'a>,
    },
    /// Text (character data, a CDATA section, a reference) that is not white space, directly
    /// inside the root element: the streamed reader checks it, the records being cut around it.
    RootText {
        /// Byte offset of its first character that is not white space.
        at: u64,
    },
    /// An end tag.
    End {
        /// Depth of the element it closes.
        depth: usize,
        /// Byte offset after `>`.
        end: u64,
    },
}

/// What a clean pass learned.
#[derive(Debug, Default, Clone)]
pub struct Scanned {
    /// Byte range of a DOCTYPE without entity declarations (blanked before validation).
    pub doctype: Option<std::ops::Range<u64>>,
    /// The root element's name as written.
    pub root: Option<String>,
}

/// Walks the whole document. The visitor may stop the walk by returning `false`.
pub fn walk<R: BufRead>(
    reader: &mut NsReader<R>,
    visit: &mut dyn FnMut(Visit<'_>, &mut R) -> bool,
) -> Result<Scanned, Problem> {
    reader.resolver_mut().set_max_namespace_bindings(MAX_NAMESPACE_BINDINGS);
    let mut scanner = Scanner::default();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let start = reader.buffer_position();
        let read = reader.read_resolved_event_into(&mut buf);
        let (unbound, event) = match read {
            Ok((ResolveResult::Unknown(prefix), event)) => (Some(prefix), event),
            Ok((_, event)) => (None, event),
            Err(e) => return Err(Scanner::read_error(e, reader.error_position())),
        };
        let end = reader.buffer_position();
        let depth = scanner.depth;
        scanner.check(unbound.as_deref(), &event, start, end)?;
        let go_on = match &event {
            Event::Start(e) | Event::Empty(e) => visit(
                Visit::Start {
                    name: e.name().0,
                    start,
                    end,
                    empty: matches!(event, Event::Empty(_)),
                    depth,
                    tag: e,
                },
                reader.get_mut(),
            ),
            Event::End(_) => visit(
                Visit::End {
                    depth: scanner.depth,
                    end,
                },
                reader.get_mut(),
            ),
            Event::Eof => return Ok(scanner.finish()),
            _ => match root_text(&event, depth, start) {
                Some(at) => visit(Visit::RootText { at }, reader.get_mut()),
                None => true,
            },
        };
        if !go_on {
            return Ok(scanner.finish());
        }
    }
}

/// Where text directly inside the root element starts, when it is not white space.
fn root_text(event: &Event<'_>, depth: usize, start: u64) -> Option<u64> {
    if depth != 1 {
        return None;
    }
    match event {
        Event::GeneralRef(g) => {
            let blank = matches!(g.resolve_char_ref(), Ok(Some(c)) if c.is_whitespace());
            (!blank).then_some(start)
        }
        Event::Text(t) => {
            let text: &str = t;
            let blank = text.len() - text.trim_start().len();
            (blank < text.len()).then_some(start + blank as u64)
        }
        Event::CData(c) => (!AsRef::<str>::as_ref(c).trim().is_empty()).then_some(start),
        _ => None,
    }
}

/// The checks of [`walk`], one event at a time, so that a pass reading the document for
/// another reason (the validator's, on a big file) checks it in the same pass.
#[derive(Debug, Default)]
pub struct Scanner {
    scanned: Scanned,
    /// Elements open.
    depth: usize,
    closed_root: bool,
}

impl Scanner {
    /// The problem a reader error is: too many namespace bindings, or not well-formed.
    pub fn read_error(error: quick_xml::Error, at: u64) -> Problem {
        match error {
            quick_xml::Error::Namespace(quick_xml::name::NamespaceError::TooManyBindings(limit)) => Problem {
                rule: &rules::NESTING_TOO_DEEP,
                message: format!("more than {limit} namespace bindings are in scope"),
                help: "declare each namespace once, on the root element; no standard needs this many".into(),
                offset: at,
            },
            e => not_well_formed(e.to_string(), at),
        }
    }

    /// What the pass learned, once it has read the end of the document.
    pub fn finish(self) -> Scanned {
        self.scanned
    }

    /// Checks one event, read from byte `start` to byte `end`; `unbound` is the prefix of an
    /// element name that no namespace binding declares.
    pub fn check(&mut self, unbound: Option<&str>, event: &Event<'_>, start: u64, end: u64) -> Result<(), Problem> {
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if let Some(prefix) = unbound {
                    return Err(not_well_formed(
                        format!("namespace prefix `{prefix}` is not declared"),
                        start,
                    ));
                }
                if self.depth == 0 && (self.closed_root || self.scanned.root.is_some()) {
                    return Err(not_well_formed(
                        "a second root element: XML has exactly one".into(),
                        start,
                    ));
                }
                if self.depth >= MAX_DEPTH {
                    return Err(Problem {
                        rule: &rules::NESTING_TOO_DEEP,
                        message: format!("elements nest deeper than {MAX_DEPTH} levels"),
                        help: "flatten the structure; no standard nests this deep".into(),
                        offset: start,
                    });
                }
                check_attributes(e, start)?;
                if self.depth == 0 {
                    self.scanned.root = Some(e.name().0.to_string());
                }
                if matches!(event, Event::Start(_)) {
                    self.depth += 1;
                } else if self.depth == 0 {
                    self.closed_root = true;
                }
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.closed_root = true;
                }
            }
            Event::DocType(d) => {
                if self.scanned.root.is_some() {
                    return Err(not_well_formed("a DOCTYPE after the root element".into(), start));
                }
                let text: &str = d;
                if text.contains("<!ENTITY") {
                    return Err(Problem {
                        rule: &rules::DOCTYPE_REFUSED,
                        message: "the DOCTYPE declares entities; nifcheck never expands them".into(),
                        help: "remove the DOCTYPE: exchanged payloads are described by their XSD, not a DTD".into(),
                        offset: start,
                    });
                }
                self.scanned.doctype = Some(start..end);
            }
            Event::GeneralRef(g) => {
                let name: &str = g;
                let known = if g.is_char_ref() {
                    matches!(g.resolve_char_ref(), Ok(Some(_)))
                } else {
                    quick_xml::escape::resolve_predefined_entity(name).is_some()
                };
                if !known {
                    return Err(not_well_formed(format!("entity `&{name};` is not declared"), start));
                }
            }
            Event::Text(t) if self.depth == 0 && !t.trim().is_empty() => {
                return Err(not_well_formed("text outside the root element".into(), start));
            }
            Event::CData(_) if self.depth == 0 => {
                return Err(not_well_formed("CDATA outside the root element".into(), start));
            }
            Event::Eof => {
                if self.depth > 0 {
                    return Err(not_well_formed(
                        "the document ends before its root element is closed".into(),
                        end,
                    ));
                }
                if self.scanned.root.is_none() {
                    return Err(not_well_formed("no root element".into(), end));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn check_attributes(e: &quick_xml::events::BytesStart<'_>, start: u64) -> Result<(), Problem> {
    if !has_attributes(e) {
        return Ok(());
    }
    for (n, attribute) in e.attributes().enumerate() {
        if n == MAX_ATTRIBUTES {
            return Err(Problem {
                rule: &rules::NESTING_TOO_DEEP,
                message: format!("an element has more than {MAX_ATTRIBUTES} attributes"),
                help: "no standard's element has this many attributes; use child elements".into(),
                offset: start,
            });
        }
        let attribute = attribute.map_err(|err| not_well_formed(err.to_string(), start))?;
        if let Err(err) = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            return Err(not_well_formed(
                format!("attribute `{}`: {err}", attribute.key.0),
                start,
            ));
        }
    }
    Ok(())
}

/// Whether a tag has anything after its name (most have not, and the attribute iterator costs
/// more than this look).
pub fn has_attributes(e: &quick_xml::events::BytesStart<'_>) -> bool {
    !e.attributes_raw().trim_ascii_start().is_empty()
}

/// Whether `word` occurs in `text`. A tag's attributes are a few dozen bytes: looking for the
/// word's first byte and comparing there costs a fraction of the general substring search,
/// whose set-up alone outweighs such a short text (asked once or twice per element).
pub fn mentions(text: &str, word: &str) -> bool {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let Some(&first) = word.first() else {
        return true;
    };
    let mut from = 0;
    while let Some(rest) = text.get(from..) {
        let Some(at) = memchr::memchr(first, rest) else {
            return false;
        };
        if rest[at..].starts_with(word) {
            return true;
        }
        from += at + 1;
    }
    false
}

fn not_well_formed(message: String, offset: u64) -> Problem {
    Problem {
        rule: &rules::NOT_WELL_FORMED,
        message: format!("not well-formed XML: {message}"),
        help: "the payload must be one complete, well-formed UTF-8 XML document".into(),
        offset,
    }
}

/// Scans an in-memory document.
pub fn scan(text: &str) -> Result<Scanned, Problem> {
    let mut reader = NsReader::from_reader(text.as_bytes());
    walk(&mut reader, &mut |_, _| true)
}

/// The text the engine validates: the DOCTYPE blanked out (newlines kept, so positions stay).
pub fn for_engine<'t>(text: &'t str, scanned: &Scanned) -> std::borrow::Cow<'t, str> {
    let Some(range) = &scanned.doctype else {
        return std::borrow::Cow::Borrowed(text);
    };
    let (Ok(from), Ok(to)) = (usize::try_from(range.start), usize::try_from(range.end)) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let Some(doctype) = text.get(from..to) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let blank: String = doctype.chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
    let mut owned = String::with_capacity(text.len());
    owned.push_str(&text[..from]);
    owned.push_str(&blank[..blank.len().min(to - from)]);
    owned.push_str(&text[to..]);
    std::borrow::Cow::Owned(owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> &'static str {
        scan(text).err().map_or("ok", |p| p.rule.code)
    }

    #[test]
    fn mentions_finds_a_word_wherever_it_is() {
        for (text, word, found) in [
            (r#" xsi:type="A""#, "type", true),
            (r#" currencyID="EUR""#, "nil", false),
            (r#" a="n" b="ni" xsi:nil="true""#, "nil", true),
            (" xmlns:cbc=\"urn:x\"", "xmlns", true),
            (" xmln", "xmlns", false),
            ("", "type", false),
            ("ty", "type", false),
            ("anything", "", true),
        ] {
            assert_eq!(mentions(text, word), found, "{word:?} in {text:?}");
            assert_eq!(mentions(text, word), text.contains(word), "{word:?} in {text:?}");
        }
    }

    #[test]
    fn refuses_entities_and_broken_documents() {
        assert_eq!(code("<a><b/></a>"), "ok");
        assert_eq!(code("<!DOCTYPE a><a>&amp;&#65;</a>"), "ok");
        assert_eq!(code("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"), "PAY008");
        assert_eq!(
            code("<!DOCTYPE a SYSTEM \"http://example.org/a.dtd\"><a>&x;</a>"),
            "PAY001"
        );
        assert_eq!(code("<a><b></a>"), "PAY001");
        assert_eq!(code("<a/><b/>"), "PAY001");
        assert_eq!(code("<p:a/>"), "PAY001");
        assert_eq!(code("<a x='1' x='2'/>"), "PAY001");
        assert_eq!(code("<a>"), "PAY001");
        assert_eq!(code(""), "PAY001");
        assert_eq!(code(&"<a>".repeat(300)), "PAY006");
    }

    /// `<r xmlns:p0="urn:0" …>` with `n` bindings, each used once.
    fn bindings(n: usize) -> String {
        let declared: String = (0..n).map(|i| format!(" xmlns:p{i}=\"urn:{i}\"")).collect();
        let used: String = (0..n).map(|i| format!("<p{i}:e/>")).collect();
        format!("<r{declared}>{used}</r>")
    }

    #[test]
    fn an_element_of_too_many_attributes_is_refused_at_once() {
        let tag = |n: usize| -> String { (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect() };
        assert_eq!(code(&format!("<r{}/>", tag(MAX_ATTRIBUTES))), "ok");
        assert_eq!(code(r#"<r a0="0" a0="again"/>"#), "PAY001");
        // Refused before the next attribute is read: a duplicate there would make the document
        // not well-formed (PAY001) if it were, and each attribute read is compared with all
        // those before it, so reading on is quadratic (10^5 attributes: 5 * 10^9 comparisons).
        assert_eq!(code(&format!("<r{} a0=\"again\"/>", tag(MAX_ATTRIBUTES))), "PAY006");
        assert_eq!(code(&format!("<r{}/>", tag(100_000))), "PAY006");
    }

    #[test]
    fn many_namespace_bindings_are_well_formed_up_to_the_limit() {
        assert_eq!(code(&bindings(129)), "ok");
        assert_eq!(code(&bindings(MAX_NAMESPACE_BINDINGS)), "ok");
        let refused = scan(&bindings(MAX_NAMESPACE_BINDINGS + 1)).unwrap_err();
        assert_eq!(refused.rule.code, "PAY006", "{}", refused.message);
        assert!(refused.message.contains("namespace bindings"), "{}", refused.message);
    }

    #[test]
    fn blanks_the_doctype_keeping_lines() {
        let text = "<!DOCTYPE a\n  SYSTEM 'a.dtd'>\n<a/>";
        let scanned = scan(text).unwrap();
        let cleaned = for_engine(text, &scanned);
        assert_eq!(cleaned.len(), text.len());
        assert!(cleaned.ends_with("\n<a/>") && !cleaned.contains("DOCTYPE"));
    }
}
