//! A second pass over JSON text that serde_json already accepted: JSON Pointer to byte span,
//! and the duplicate keys serde_json silently resolves (last one wins).

use std::collections::HashMap;

use super::NodeSpan;

/// Deeper than serde_json's own recursion limit, so the scanner never gives up first.
const MAX_DEPTH: usize = 512;

/// An object member whose key appeared before in the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer of the member (the value that wins).
    pub pointer: String,
    /// The key, unescaped.
    pub key: String,
    /// Byte range of the repeated key.
    pub span: (usize, usize),
    /// Byte range of the first occurrence's key.
    pub first: (usize, usize),
}

/// Spans of every value of one JSON document, by JSON Pointer.
#[derive(Debug, Default)]
pub struct JsonIndex {
    /// Boxed keys: no spare capacity, for the hundreds of thousands a large description has.
    spans: HashMap<Box<str>, NodeSpan>,
    duplicates: Vec<DuplicateKey>,
}

impl JsonIndex {
    /// Indexes a JSON text. Text that is not valid JSON is indexed up to the first problem.
    pub fn new(text: &str) -> Self {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            at: 0,
            index: JsonIndex::default(),
        };
        scanner.skip_ws();
        // Invalid text simply stops the scan: callers only index what serde_json accepted.
        let _complete = scanner.value(String::new(), None, 0);
        scanner.index
    }

    /// Spans of the values at `pointers` and of their ancestors only: what placing a few
    /// findings needs, without a map entry (and a pointer string) for every value of the
    /// document. Duplicate keys are found only on those paths; use [`JsonIndex::new`] for all.
    pub fn of_pointers(text: &str, pointers: &[&str]) -> Self {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            at: 0,
            index: JsonIndex::default(),
        };
        scanner.skip_ws();
        let _complete = scanner.value_on_paths(String::new(), None, 0, pointers);
        scanner.index
    }

    /// An index built by another scanner (YAML).
    pub(crate) fn from_parts(spans: HashMap<String, NodeSpan>, duplicates: Vec<DuplicateKey>) -> Self {
        JsonIndex {
            spans: spans.into_iter().map(|(k, v)| (k.into_boxed_str(), v)).collect(),
            duplicates,
        }
    }

    /// The span of the value at `pointer`, or of its nearest indexed ancestor (a value reached
    /// through a YAML alias is only indexed at the alias).
    pub fn locate(&self, pointer: &str) -> Option<NodeSpan> {
        let mut at = pointer;
        loop {
            if let Some(span) = self.spans.get(at) {
                return Some(*span);
            }
            at = &at[..at.rfind('/')?];
        }
    }

    /// The span of the value at `pointer` (`""` is the whole document).
    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        self.spans.get(pointer).copied()
    }

    /// Object members whose key was already used in the same object, in document order.
    pub fn duplicates(&self) -> &[DuplicateKey] {
        &self.duplicates
    }
}

/// Escapes one reference token of a JSON Pointer (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    // memchr rather than `str::contains` with a set of chars, which walks the key character by
    // character through closures in a debug build: this runs for every key of a document.
    if memchr::memchr2(b'~', b'/', token.as_bytes()).is_some() {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_string()
    }
}

/// Whether no pointer of `wanted` goes through the member of the object at `pointer` whose key
/// is `raw` (the key's JSON text, quotes included). Only a key without escapes, `~` or `/` (whose
/// text is its pointer token) is judged; for any other this answers `false`, and the caller
/// decodes the key.
fn off_every_path(raw: &[u8], pointer: &str, wanted: &[&str]) -> bool {
    let Some(token) = raw.get(1..raw.len().saturating_sub(1)) else {
        return false;
    };
    if token.iter().any(|b| matches!(b, b'\\' | b'~' | b'/')) {
        return false;
    }
    !wanted.iter().any(|w| {
        w.as_bytes()
            .strip_prefix(pointer.as_bytes())
            .and_then(|rest| rest.strip_prefix(b"/"))
            .and_then(|rest| rest.strip_prefix(token))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(b"/"))
    })
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    index: JsonIndex,
}

impl Scanner<'_> {
    /// Records the value at `pointer` as spanning `start` to where the scan now is.
    fn record(&mut self, pointer: String, start: usize, key: Option<(usize, usize)>) {
        let span = NodeSpan {
            start,
            end: self.at,
            key,
        };
        self.index.spans.insert(pointer.into_boxed_str(), span);
    }

    fn value(&mut self, pointer: String, key: Option<(usize, usize)>, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.at;
        match self.bytes.get(self.at)? {
            b'{' => self.object(&pointer, depth)?,
            b'[' => self.array(&pointer, depth)?,
            b'"' => self.string()?,
            _ => self.scalar(),
        }
        self.record(pointer, start, key);
        Some(())
    }

    /// Like [`Scanner::value`], but a member off every path in `wanted` is skipped unrecorded.
    fn value_on_paths(
        &mut self,
        pointer: String,
        key: Option<(usize, usize)>,
        depth: usize,
        wanted: &[&str],
    ) -> Option<()> {
        let on_path = |w: &&str| {
            w.strip_prefix(pointer.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if !wanted.iter().any(on_path) {
            return self.skip_value();
        }
        if !wanted.iter().any(|w| w.len() > pointer.len() && on_path(w)) {
            // Wanted itself, nothing below it: its span is all that is needed, even when it is
            // the whole document (a missing required member is placed on its object).
            let start = self.at;
            self.skip_value()?;
            self.record(pointer, start, key);
            return Some(());
        }
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.at;
        match self.bytes.get(self.at)? {
            b'{' => self.members(&pointer, depth, Some(wanted))?,
            b'[' => {
                self.at += 1;
                let mut n = 0usize;
                loop {
                    self.skip_ws();
                    match self.bytes.get(self.at)? {
                        b']' => {
                            self.at += 1;
                            break;
                        }
                        b',' => {
                            self.at += 1;
                            continue;
                        }
                        _ => {}
                    }
                    self.value_on_paths(format!("{pointer}/{n}"), None, depth + 1, wanted)?;
                    n += 1;
                }
            }
            _ => return self.value(pointer, key, depth),
        }
        self.record(pointer, start, key);
        Some(())
    }

    /// Moves past one value without recording anything.
    fn skip_value(&mut self) -> Option<()> {
        let mut open = 0usize;
        loop {
            match self.bytes.get(self.at)? {
                b'"' => self.string()?,
                b'{' | b'[' => {
                    open += 1;
                    self.at += 1;
                }
                b'}' | b']' => {
                    open = open.checked_sub(1)?;
                    self.at += 1;
                }
                b',' | b':' if open > 0 => self.at += 1,
                b if b.is_ascii_whitespace() && open > 0 => self.at += 1,
                _ if open > 0 => self.scalar(),
                _ => {
                    self.scalar();
                    return Some(());
                }
            }
            if open == 0 {
                return Some(());
            }
        }
    }

    fn object(&mut self, pointer: &str, depth: usize) -> Option<()> {
        self.members(pointer, depth, None)
    }

    /// An object's members; with `wanted`, only those on its paths are recorded.
    fn members(&mut self, pointer: &str, depth: usize, wanted: Option<&[&str]>) -> Option<()> {
        self.at += 1;
        let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
        loop {
            self.skip_ws();
            match self.bytes.get(self.at)? {
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                b',' => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            let key_start = self.at;
            self.string()?;
            let key_span = (key_start, self.at);
            let raw = self.bytes.get(key_start..self.at)?;
            if let Some(wanted) = wanted
                && off_every_path(raw, pointer, wanted)
            {
                // Its key is not decoded, nor its pointer built: most members of a document
                // with a few findings are off their paths. Duplicates are only looked for on
                // the paths, and a repeated key is off them as often as the key it repeats.
                self.skip_ws();
                if self.bytes.get(self.at) != Some(&b':') {
                    return None;
                }
                self.at += 1;
                self.skip_ws();
                self.skip_value()?;
                continue;
            }
            let name: String = serde_json::from_slice(raw).ok()?;
            let member = format!("{pointer}/{}", escape_pointer_token(&name));
            if let Some(&first) = seen.get(&name) {
                self.index.duplicates.push(DuplicateKey {
                    pointer: member.clone(),
                    key: name.clone(),
                    span: key_span,
                    first,
                });
            } else {
                seen.insert(name, key_span);
            }
            self.skip_ws();
            if self.bytes.get(self.at) != Some(&b':') {
                return None;
            }
            self.at += 1;
            self.skip_ws();
            match wanted {
                Some(wanted) => self.value_on_paths(member, Some(key_span), depth + 1, wanted)?,
                None => self.value(member, Some(key_span), depth + 1)?,
            }
        }
    }

    fn array(&mut self, pointer: &str, depth: usize) -> Option<()> {
        self.at += 1;
        let mut n = 0usize;
        loop {
            self.skip_ws();
            match self.bytes.get(self.at)? {
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                b',' => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            self.value(format!("{pointer}/{n}"), None, depth + 1)?;
            n += 1;
        }
    }

    fn string(&mut self) -> Option<()> {
        self.at += 1;
        loop {
            // Most of a document's bytes are inside strings: jump to the next quote or escape
            // instead of stepping through the text one byte at a time.
            let rest = self.bytes.get(self.at..)?;
            self.at += memchr::memchr2(b'"', b'\\', rest)?;
            match self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 2,
            }
        }
    }

    fn scalar(&mut self) {
        while let Some(b) = self.bytes.get(self.at) {
            if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                break;
            }
            self.at += 1;
        }
    }

    fn skip_ws(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_text<'a>(text: &'a str, index: &JsonIndex, pointer: &str) -> &'a str {
        let span = index.get(pointer).unwrap_or_else(|| panic!("no span for {pointer}"));
        &text[span.start..span.end]
    }

    #[test]
    fn the_index_of_some_pointers_agrees_with_the_whole_index() {
        let text = r#"{ "a": [1, {"b/c": "x", "d": [true, {"e": null}]}], "f": {"g": "h"}, "i": 2 }"#;
        let whole = JsonIndex::new(text);
        let wanted = ["/a/1/d/1/e", "/a/1/b~1c", "/i", "/f/missing"];
        let some = JsonIndex::of_pointers(text, &wanted);
        for pointer in [
            "",
            "/a",
            "/a/1",
            "/a/1/d",
            "/a/1/d/1",
            "/a/1/d/1/e",
            "/a/1/b~1c",
            "/i",
            "/f",
        ] {
            assert_eq!(some.get(pointer), whole.get(pointer), "{pointer}");
        }
        assert_eq!(some.get("/a/0"), None);
        assert_eq!(some.get("/f/g"), None);
        // A wanted container is recorded whole, nothing inside it.
        let some = JsonIndex::of_pointers(text, &["/a", ""]);
        assert_eq!(some.get("/a"), whole.get("/a"));
        assert_eq!(some.get(""), whole.get(""));
        assert_eq!(some.get("/a/1"), None);
        assert_eq!(some.get("/f"), None);
    }

    #[test]
    fn the_members_off_every_path_are_skipped_whatever_their_keys() {
        let text =
            r#"{"a~b": {"x": 1}, "\u0063x": 0, "cd": {"d": 9}, "c": {"d": "}{", "e": [1, {"d": 2}]}, "z": [{"c": 1}]}"#;
        let whole = JsonIndex::new(text);
        let some = JsonIndex::of_pointers(text, &["/c/d", "/a~0b/x"]);
        for pointer in ["", "/a~0b", "/a~0b/x", "/c", "/c/d"] {
            assert_eq!(some.get(pointer), whole.get(pointer), "{pointer}");
        }
        for pointer in ["/cx", "/cd", "/cd/d", "/c/e", "/z", "/z/0/c"] {
            assert_eq!(some.get(pointer), None, "{pointer}");
        }
        // A key repeated on a path is still found, one off every path is not looked for.
        let text = r#"{"c": {"d": 1}, "q": 2, "q": 3, "c": {"d": 4}}"#;
        let some = JsonIndex::of_pointers(text, &["/c/d"]);
        let found: Vec<_> = some.duplicates().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(found, ["/c"]);
        assert_eq!(span_text(text, &some, "/c/d"), "4");
    }

    #[test]
    fn maps_pointers_to_values_and_keys() {
        let text = r#"{ "a": [1, {"b/c": "x"}], "é~": true }"#;
        let index = JsonIndex::new(text);
        assert_eq!(span_text(text, &index, "/a/0"), "1");
        assert_eq!(span_text(text, &index, "/a/1/b~1c"), "\"x\"");
        assert_eq!(span_text(text, &index, "/é~0"), "true");
        assert_eq!(span_text(text, &index, ""), text);
        let key = index.get("/a").and_then(|s| s.key).unwrap();
        assert_eq!(&text[key.0..key.1], "\"a\"");
    }

    #[test]
    fn escapes_pointer_tokens() {
        assert_eq!(escape_pointer_token("plain"), "plain");
        assert_eq!(escape_pointer_token("a~b/c"), "a~0b~1c");
        assert_eq!(escape_pointer_token("~1/é"), "~01~1é");
        assert_eq!(escape_pointer_token(""), "");
    }

    #[test]
    fn unescapes_keys() {
        let text = r#"{"\u0061\/b": 1}"#;
        let index = JsonIndex::new(text);
        assert_eq!(span_text(text, &index, "/a~1b"), "1");
    }

    #[test]
    fn finds_duplicate_keys() {
        let text = "{\"x\": 1, \"y\": {\"z\": 1, \"z\": 2}, \"x\": 3}";
        let index = JsonIndex::new(text);
        let found: Vec<_> = index.duplicates().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(found, ["/y/z", "/x"]);
        assert_eq!(index.duplicates()[1].first, (1, 4));
    }

    #[test]
    fn survives_truncated_and_deep_text() {
        let _ = JsonIndex::new("{\"a\": [1, 2");
        let deep = "[".repeat(10_000);
        let index = JsonIndex::new(&deep);
        assert!(index.get("").is_none());
    }
}
