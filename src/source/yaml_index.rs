//! YAML documents (OpenAPI descriptions, rulesets) as JSON values with positions.
//!
//! serde-saphyr builds the value under budgets (alias bombs, depth, node counts); a second
//! walk over the parser's own events gives every JSON Pointer its byte span and finds
//! duplicate keys, which the value silently resolves (last one wins), so they become
//! findings instead of aborting the load.

use std::collections::HashMap;

use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Parser, Span};

use super::{DuplicateKey, JsonIndex, NodeSpan, escape_pointer_token};

/// Deeper than any real description; deeper documents are refused, not overflowed.
pub(crate) const MAX_DEPTH: usize = 256;
/// Nodes after alias expansion. GitHub's description has about 1.5 million.
const MAX_NODES: usize = 20_000_000;
/// Events replayed from aliases, in all: a tenth of the parser's default. Descriptions and
/// rulesets use few anchors, if any, and an alias bomb is refused at a tenth of the time and
/// memory (the `yaml` package that many JavaScript tools read YAML with stops at 100 aliases).
const MAX_REPLAYED_EVENTS: usize = 100_000;

/// Why a YAML text could not be loaded, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong.
    pub message: String,
    /// Byte offset of the problem, when the parser knows it.
    pub offset: Option<usize>,
}

/// Parses YAML 1.2 text into a JSON value with its pointer index. `NO`, `yes` and `017`
/// stay strings; only `true` and `false` are booleans.
pub fn parse_yaml(text: &str) -> Result<(Value, JsonIndex), YamlError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins,
        with_snippet: false,
        budget: serde_saphyr::budget! { max_depth: MAX_DEPTH, max_nodes: MAX_NODES, max_documents: 1 },
        alias_limits: serde_saphyr::alias_limits! { max_total_replayed_events: MAX_REPLAYED_EVENTS },
    };
    let value: Value = serde_saphyr::from_str_with_options(text, options).map_err(|e| YamlError {
        message: first_line(&e.to_string()),
        offset: e
            .location()
            .map(|l| offset_of(text, l.line() as usize, l.column() as usize)),
    })?;
    let (spans, duplicates) = index(text)?;
    Ok((value, JsonIndex::from_parts(spans, duplicates)))
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(start..).unwrap_or("");
    start
        + rest
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum::<usize>()
}

enum Frame {
    Map {
        pointer: String,
        key: Option<(String, (usize, usize))>,
        keys: HashMap<String, (usize, usize)>,
        start: usize,
        key_span: Option<(usize, usize)>,
    },
    Seq {
        pointer: String,
        next: usize,
        start: usize,
        key_span: Option<(usize, usize)>,
    },
    /// A mapping or sequence used as a key: not addressable by a JSON Pointer.
    ComplexKey { depth: usize },
}

type Spans = HashMap<String, NodeSpan>;

fn index(text: &str) -> Result<(Spans, Vec<DuplicateKey>), YamlError> {
    let mut spans = Spans::new();
    let mut duplicates = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            message: e.to_string(),
            offset: None,
        })?;
        let (start, end) = bytes(&span);
        if let Some(Frame::ComplexKey { depth }) = stack.last_mut() {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => *depth += 1,
                Event::MappingEnd | Event::SequenceEnd => {
                    *depth -= 1;
                    if *depth == 0 {
                        stack.pop();
                        if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                            *key = Some(("?".to_string(), (start, end)));
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Scalar(v, ..) => {
                if let Some(Frame::Map { key, keys, pointer, .. }) = stack.last_mut()
                    && key.is_none()
                {
                    let name = v.into_owned();
                    if let Some(first) = keys.insert(name.clone(), (start, end)) {
                        duplicates.push(DuplicateKey {
                            pointer: format!("{pointer}/{}", escape_pointer_token(&name)),
                            key: name.clone(),
                            span: (start, end),
                            first,
                        });
                    }
                    *key = Some((name, (start, end)));
                    continue;
                }
                if let Some((pointer, key)) = next_pointer(&mut stack) {
                    spans.insert(pointer, NodeSpan { start, end, key });
                }
            }
            Event::Alias(_) => {
                if let Some((pointer, key)) = next_pointer(&mut stack) {
                    spans.insert(pointer, NodeSpan { start, end, key });
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                if let Some(Frame::Map { key: None, .. }) = stack.last() {
                    stack.push(Frame::ComplexKey { depth: 1 });
                    continue;
                }
                let Some((pointer, key_span)) = next_pointer(&mut stack) else {
                    continue;
                };
                stack.push(if is_map {
                    Frame::Map {
                        pointer,
                        key: None,
                        keys: HashMap::new(),
                        start,
                        key_span,
                    }
                } else {
                    Frame::Seq {
                        pointer,
                        next: 0,
                        start,
                        key_span,
                    }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                Some(Frame::Map {
                    pointer,
                    start: s,
                    key_span,
                    ..
                })
                | Some(Frame::Seq {
                    pointer,
                    start: s,
                    key_span,
                    ..
                }) => {
                    spans.insert(
                        pointer,
                        NodeSpan {
                            start: s,
                            end: end.max(s),
                            key: key_span,
                        },
                    );
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok((spans, duplicates))
}

/// The pointer of the next value in the innermost collection, with its key's span.
fn next_pointer(stack: &mut [Frame]) -> Option<(String, Option<(usize, usize)>)> {
    match stack.last_mut() {
        None => Some((String::new(), None)),
        Some(Frame::Seq { pointer, next, .. }) => {
            let p = format!("{pointer}/{next}");
            *next += 1;
            Some((p, None))
        }
        Some(Frame::Map { pointer, key, .. }) => key
            .take()
            .map(|(k, span)| (format!("{pointer}/{}", escape_pointer_token(&k)), Some(span))),
        Some(Frame::ComplexKey { .. }) => None,
    }
}

fn bytes(span: &Span) -> (usize, usize) {
    let start = span.start.byte_offset().unwrap_or(span.start.index());
    let end = span.end.byte_offset().unwrap_or(span.end.index());
    (start, end.max(start))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_2_scalars_stay_strings() {
        let (value, _) = parse_yaml("country: NO\non: yes\nold: 017\nflag: true\nn: 12\n").unwrap();
        assert_eq!(value["country"], "NO");
        assert_eq!(value["on"], "yes");
        assert_eq!(value["old"], "017");
        assert_eq!(value["flag"], true);
        assert_eq!(value["n"], 12);
    }

    #[test]
    fn numeric_keys_become_strings() {
        let text = "responses:\n  200:\n    description: ok\n";
        let (value, index) = parse_yaml(text).unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
        let span = index.get("/responses/200/description").unwrap();
        assert_eq!(&text[span.start..span.end], "ok");
    }

    #[test]
    fn spans_point_at_values_and_keys() {
        let text = "a:\n  b: [1, 2]\n  c: \"x\"\n";
        let (_, index) = parse_yaml(text).unwrap();
        let one = index.get("/a/b/1").unwrap();
        assert_eq!(&text[one.start..one.end], "2");
        let c = index.get("/a/c").unwrap();
        assert_eq!(c.key.map(|(s, e)| &text[s..e]), Some("c"));
        assert!(index.get("/a").is_some());
    }

    #[test]
    fn duplicate_keys_are_reported_not_fatal() {
        let (value, index) = parse_yaml("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(value["a"], 3);
        let dup = &index.duplicates()[0];
        assert_eq!(dup.pointer, "/a");
        assert_eq!(dup.span, (10, 11));
        assert_eq!(dup.first, (0, 1));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let err = parse_yaml(&text).unwrap_err();
        assert!(
            err.message.to_lowercase().contains("budget") || err.message.contains("alias"),
            "{err:?}"
        );
    }

    #[test]
    fn anchors_used_as_descriptions_use_them_load() {
        // 200 shared schemas of 17 events each, reused by 2,000 operations: 34,000 replayed events.
        let mut text = String::new();
        for i in 0..200 {
            text.push_str(&format!(
                "s{i}: &s{i} {{type: object, properties: {{a: {{type: string}}, b: {{type: integer}}}}}}\n"
            ));
        }
        text.push_str("uses:\n");
        for i in 0..2_000 {
            text.push_str(&format!("  op{i}: *s{}\n", i % 200));
        }
        let (value, _) = parse_yaml(&text).unwrap();
        assert_eq!(value["uses"]["op1999"]["properties"]["b"]["type"], "integer");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(100_000);
        assert!(parse_yaml(&text).is_err());
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let err = parse_yaml("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.offset.is_some(), "{err:?}");
    }
}
