//! Byte offset to 1-based line and column.
//!
//! Columns count characters, so finding one means counting the characters before it on its
//! line. On a long line (minified JSON, a one-line XML file) with many findings that count
//! would be quadratic; the index keeps the number of characters before every checkpoint (one
//! each [`CHECKPOINT`] bytes), so a column costs at most two counts of that many bytes.

/// Bytes between two checkpoints: small enough that a lookup stays cheap, large enough that
/// the checkpoints cost little memory (one word per 512 bytes of text).
const CHECKPOINT: usize = 512;

/// Start offsets of every line of a text, and character counts at checkpoints.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Characters in `text[..i * CHECKPOINT]`; empty for an ASCII text (a byte is a character).
    chars_before: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let chars_before = if text.is_ascii() {
            Vec::new()
        } else {
            let mut total = 0;
            let mut counts = Vec::with_capacity(text.len() / CHECKPOINT + 1);
            let mut from = 0;
            while from < text.len() {
                counts.push(total);
                let to = (from + CHECKPOINT).min(text.len());
                total += count_chars(text, from, to);
                from = to;
            }
            counts.push(total);
            counts
        };
        LineIndex { starts, chars_before }
    }

    /// 1-based line and column of a byte offset; the column counts Unicode scalar values.
    /// An offset inside a multi-byte character counts as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        (line + 1, self.chars_between(text, start, offset) + 1)
    }

    /// Characters in `text[from..to]` (both on character boundaries).
    fn chars_between(&self, text: &str, from: usize, to: usize) -> usize {
        if self.chars_before.is_empty() {
            return to - from;
        }
        if to - from <= 2 * CHECKPOINT {
            return count_chars(text, from, to);
        }
        self.chars_up_to(text, to) - self.chars_up_to(text, from)
    }

    /// Characters in `text[..at]`, from the checkpoint at or before `at`.
    fn chars_up_to(&self, text: &str, at: usize) -> usize {
        let block = at / CHECKPOINT;
        let before = self.chars_before.get(block).copied().unwrap_or(0);
        before + count_chars(text, block * CHECKPOINT, at)
    }

    /// Byte offset of a 1-based line and a 1-based *byte* column (what serde_json reports).
    pub fn offset_of(&self, text: &str, line: usize, byte_column: usize) -> usize {
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(text.len());
        floor_char_boundary(text, (start + byte_column.saturating_sub(1)).min(text.len()))
    }
}

/// Line and column of offsets met in increasing order, as a parser meets its tokens: each
/// lookup counts only the text since the previous one, so a whole document costs one pass and
/// no index is built. The positions are those of [`LineIndex::line_col`].
#[derive(Debug, Clone)]
pub struct LineCursor<'t> {
    text: &'t str,
    /// The offset of the previous lookup (a character boundary).
    at: usize,
    /// 1-based line of `at`.
    line: usize,
    /// Characters between the start of that line and `at`.
    column: usize,
}

impl<'t> LineCursor<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        LineCursor {
            text,
            at: 0,
            line: 1,
            column: 0,
        }
    }

    /// 1-based line and column of `offset`, as [`LineIndex::line_col`] gives them. An offset
    /// before the previous one is looked up from the start of the text again.
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        if offset < self.at {
            *self = LineCursor::new(self.text);
        }
        let passed = self.text.as_bytes().get(self.at..offset).unwrap_or_default();
        let from = match memchr::memrchr(b'\n', passed) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', passed).count();
                self.column = 0;
                self.at + last + 1
            }
            None => self.at,
        };
        self.column += count_chars(self.text, from, offset);
        self.at = offset;
        (self.line, self.column + 1)
    }
}

/// The bytes of `text[from..to]` that start a character (every byte that does not continue
/// one), for any `from <= to`, on character boundaries or not: the count is right for a range
/// cut inside a character when both ends of the whole count are on boundaries. The characters
/// are counted by `str::chars().count()`, the standard library's own (vectorised, and
/// optimised even in a debug build, where a byte-by-byte loop here was most of the cost of
/// indexing a large document); the cut characters at either end are then added or taken off.
fn count_chars(text: &str, from: usize, to: usize) -> usize {
    #[cfg(test)]
    tests::BYTES_COUNTED.with(|n| n.set(n.get() + to.saturating_sub(from)));
    let (start, end) = (floor_char_boundary(text, from), floor_char_boundary(text, to));
    let whole = text.get(start..end).map_or(0, |s| s.chars().count());
    // `text[start..from]` holds the first byte of a cut character, which is not in the range;
    // `text[end..to]` holds the first byte of one that is.
    (whole + usize::from(end < to)).saturating_sub(usize::from(start < from))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Bytes `count_chars` was asked to count on this thread (each test has its own).
        pub(super) static BYTES_COUNTED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn counts_lines_and_characters() {
        let text = "{\n  \"naïve\": 1,\n  \"b\": 2\n}";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        let b = text.find("\"b\"").unwrap();
        assert_eq!(index.line_col(text, b), (3, 3));
        let one = text.find('1').unwrap();
        assert_eq!(index.line_col(text, one), (2, 12));
    }

    #[test]
    fn counts_the_bytes_that_start_a_character_in_every_range() {
        // Every range of a text of one- to four-byte characters, cut inside them or not, counts
        // what a byte-by-byte count of the bytes that do not continue a character counts.
        let text = "aé€😀\nbé😀€c";
        let bytes = text.as_bytes();
        for from in 0..=bytes.len() {
            for to in from..=bytes.len() {
                let expected = bytes[from..to].iter().filter(|&&b| (b as i8) >= -0x40).count();
                assert_eq!(count_chars(text, from, to), expected, "{from}..{to}");
            }
        }
    }

    #[test]
    fn a_cursor_gives_the_positions_of_the_index() {
        let text = "ab\n\nçé€ x\n😀\n\n  z";
        let index = LineIndex::new(text);
        let mut cursor = LineCursor::new(text);
        // Increasing offsets, repeated ones and offsets inside a character.
        for offset in (0..=text.len() + 2).flat_map(|o| [o, o]) {
            assert_eq!(cursor.line_col(offset), index.line_col(text, offset), "offset {offset}");
        }
        // Going back starts again from the top.
        for offset in [7, 3, 12, 0, text.len()] {
            assert_eq!(cursor.line_col(offset), index.line_col(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn converts_byte_columns_back() {
        let text = "ab\ncdé f";
        let index = LineIndex::new(text);
        assert_eq!(index.offset_of(text, 2, 1), 3);
        assert_eq!(index.offset_of(text, 2, 6), 8);
        assert_eq!(index.offset_of(text, 9, 1), text.len());
    }

    #[test]
    fn columns_far_into_a_long_line_match_a_plain_count() {
        // Characters of one, two, three and four bytes, on one line and across checkpoints.
        let line: String = "aé€😀".repeat(2_000);
        let text = format!("first\n{line}\nlast é");
        let index = LineIndex::new(&text);
        for offset in (0..text.len()).step_by(37).chain([text.len()]) {
            let at = floor_char_boundary(&text, offset);
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let expected = (
                text[..at].matches('\n').count() + 1,
                text[start..at].chars().count() + 1,
            );
            assert_eq!(index.line_col(&text, offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn columns_far_into_a_long_line_cost_no_more_than_near_its_start() {
        // Counting from the line's start would scan 4 * 10^10 bytes for these lookups; the
        // checkpoints bound each lookup to two counts of at most a checkpoint's bytes.
        let text = format!("é{}", "x".repeat(4 << 20));
        let index = LineIndex::new(&text);
        BYTES_COUNTED.with(|n| n.set(0));
        let lookups = 10_000;
        for i in 0..lookups {
            let offset = text.len() - 1 - i * 3;
            assert_eq!(index.line_col(&text, offset).1, offset);
        }
        let counted = BYTES_COUNTED.with(std::cell::Cell::get);
        assert!(counted <= lookups * 2 * CHECKPOINT, "{counted} bytes counted");
    }
}
