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
            for block in text.as_bytes().chunks(CHECKPOINT) {
                counts.push(total);
                total += count_chars(block);
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
        let bytes = text.as_bytes();
        if self.chars_before.is_empty() {
            return to - from;
        }
        if to - from <= 2 * CHECKPOINT {
            return bytes.get(from..to).map_or(0, count_chars);
        }
        self.chars_up_to(bytes, to) - self.chars_up_to(bytes, from)
    }

    /// Characters in `bytes[..at]`, from the checkpoint at or before `at`.
    fn chars_up_to(&self, bytes: &[u8], at: usize) -> usize {
        let block = at / CHECKPOINT;
        let before = self.chars_before.get(block).copied().unwrap_or(0);
        before + bytes.get(block * CHECKPOINT..at).map_or(0, count_chars)
    }

    /// Byte offset of a 1-based line and a 1-based *byte* column (what serde_json reports).
    pub fn offset_of(&self, text: &str, line: usize, byte_column: usize) -> usize {
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(text.len());
        floor_char_boundary(text, (start + byte_column.saturating_sub(1)).min(text.len()))
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue a character starts one. The
/// count is right for any range, even one cut inside a character, when both ends are on
/// character boundaries.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
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
        // Counting from the line's start would scan 4 * 10^10 bytes for these lookups (seconds
        // even with a vectorised count); the checkpoints scan about 10^7.
        let text = format!("é{}", "x".repeat(4 << 20));
        let index = LineIndex::new(&text);
        let started = std::time::Instant::now();
        for i in 0..10_000 {
            let offset = text.len() - 1 - i * 3;
            assert_eq!(index.line_col(&text, offset).1, offset);
        }
        let elapsed = started.elapsed();
        assert!(elapsed < std::time::Duration::from_secs(1), "took {elapsed:?}");
    }
}
