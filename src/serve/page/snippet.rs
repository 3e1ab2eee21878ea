//! The few lines of a submitted document around a finding, numbered, with the finding's
//! character marked: what a reader needs to see where the problem is without counting lines.
//!
//! A line can be very long (minified JSON, a one-line XML document), so only a window of
//! characters around the column is kept, with an ellipsis on the side that was cut.

use serde::Serialize;

/// Lines shown before and after the finding's line.
const CONTEXT_LINES: usize = 2;
/// Characters kept on either side of the marked column on a long line.
const HALF_WIDTH: usize = 60;
const ELLIPSIS: &str = "…";

/// One line of a snippet. On the finding's line `before`, `marked` and `after` split the text
/// at the column; on the others the whole (shortened) text is in `before`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SnippetLine {
    pub(crate) number: usize,
    pub(crate) hit: bool,
    pub(crate) before: String,
    pub(crate) marked: String,
    pub(crate) after: String,
}

/// The lines of `text` around 1-based `line` and `column` (a column counts characters); `None`
/// when the document has no such line.
pub(crate) fn snippet(text: &str, line: usize, column: Option<usize>) -> Option<Vec<SnippetLine>> {
    let lines: Vec<&str> = text.split('\n').collect();
    if line == 0 || line > lines.len() {
        return None;
    }
    let first = line.saturating_sub(CONTEXT_LINES).max(1);
    let last = (line + CONTEXT_LINES).min(lines.len());
    // The window is the same on every line, so the lines stay aligned under each other; it
    // is centred on the column, or on the line's end when the column is past it.
    let hit_length = lines
        .get(line - 1)
        .map_or(0, |l| l.trim_end_matches('\r').chars().count());
    let center = column.unwrap_or(1).saturating_sub(1).min(hit_length);
    let start = center.saturating_sub(HALF_WIDTH);
    let end = start + 2 * HALF_WIDTH;
    let shown = (first..=last).filter_map(|number| {
        let raw = lines.get(number - 1)?;
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let chars: Vec<char> = text.chars().collect();
        let cut = |from: usize, to: usize| -> String {
            chars
                .get(from..to.min(chars.len()))
                .map_or(String::new(), |c| c.iter().collect())
        };
        let prefix = if start > 0 && chars.len() > start { ELLIPSIS } else { "" };
        let suffix = if chars.len() > end { ELLIPSIS } else { "" };
        let hit = number == line;
        Some(match (hit, column) {
            (true, Some(_)) => SnippetLine {
                number,
                hit,
                before: format!("{prefix}{}", cut(start, center)),
                // A finding past the line's last character (a value missing at the end of a
                // line) marks a space there, so the place is still seen.
                marked: Some(cut(center, center + 1))
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| " ".into()),
                after: format!("{}{suffix}", cut(center + 1, end)),
            },
            _ => SnippetLine {
                number,
                hit,
                before: format!("{prefix}{}{suffix}", cut(start, end)),
                marked: String::new(),
                after: String::new(),
            },
        })
    });
    Some(shown.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[SnippetLine]) -> Vec<(usize, bool, &str, &str, &str)> {
        lines
            .iter()
            .map(|l| (l.number, l.hit, l.before.as_str(), l.marked.as_str(), l.after.as_str()))
            .collect()
    }

    #[test]
    fn shows_two_lines_either_side_with_the_column_marked() {
        let text = "{\n  \"a\": 1,\n  \"b\": \"x\",\n  \"c\": 3,\n  \"d\": 4,\n  \"e\": 5\n}\n";
        let lines = snippet(text, 3, Some(8)).unwrap();
        assert_eq!(
            texts(&lines),
            vec![
                (1, false, "{", "", ""),
                (2, false, "  \"a\": 1,", "", ""),
                (3, true, "  \"b\": ", "\"", "x\","),
                (4, false, "  \"c\": 3,", "", ""),
                (5, false, "  \"d\": 4,", "", ""),
            ]
        );
    }

    #[test]
    fn stops_at_the_edges_of_the_document() {
        let lines = snippet("one\ntwo", 1, Some(1)).unwrap();
        assert_eq!(texts(&lines), vec![(1, true, "", "o", "ne"), (2, false, "two", "", "")]);
        assert_eq!(snippet("one", 2, Some(1)), None);
        assert_eq!(snippet("one", 0, None), None);
    }

    #[test]
    fn columns_count_characters_and_windows_long_lines() {
        let lines = snippet("é€x", 1, Some(3)).unwrap();
        assert_eq!(texts(&lines), vec![(1, true, "é€", "x", "")]);
        let long = format!("{}X{}", "a".repeat(200), "b".repeat(200));
        let lines = snippet(&long, 1, Some(201)).unwrap();
        let line = &lines[0];
        assert_eq!(line.marked, "X");
        assert_eq!(line.before, format!("…{}", "a".repeat(60)));
        assert_eq!(line.after, format!("{}…", "b".repeat(59)));
        // At the start of a long line the window runs its whole width to the right.
        let lines = snippet(&long, 1, Some(1)).unwrap();
        assert_eq!(lines[0].after, format!("{}…", "a".repeat(119)));
    }

    #[test]
    fn a_column_past_the_end_marks_a_space_and_a_line_without_column_is_whole() {
        let lines = snippet("{\r\n\"a\"\r\n", 1, Some(5)).unwrap();
        assert_eq!(lines[0].before, "{");
        assert_eq!(lines[0].marked, " ");
        // A column far past the end still shows the line.
        let lines = snippet("short\nline", 1, Some(500)).unwrap();
        assert_eq!(texts(&lines)[0], (1, true, "short", " ", ""));
        let lines = snippet("ab\ncd", 2, None).unwrap();
        assert_eq!(texts(&lines)[1], (2, true, "cd", "", ""));
    }
}
