//! Byte offset to 1-based line and column.

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column of a byte offset; the column counts Unicode scalar values.
    /// An offset inside a multi-byte character counts as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, column)
    }

    /// Byte offset of a 1-based line and a 1-based *byte* column (what serde_json reports).
    pub fn offset_of(&self, text: &str, line: usize, byte_column: usize) -> usize {
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(text.len());
        floor_char_boundary(text, (start + byte_column.saturating_sub(1)).min(text.len()))
    }
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
}
