//! NDJSON / JSON Lines: every non-blank line is one document. The file is read in blocks and
//! each block's lines are checked in parallel, so memory stays flat and both cores work.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender};

use rayon::prelude::*;
use serde_json::Value;

use super::FileOutcome;
use super::document::{self, Place, Target};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::rules;

/// Bytes read per block: large enough to keep both cores busy, small enough to stay flat.
const BLOCK: usize = 4 << 20;

/// The longest line read as one document. A longer line is reported (PAY006, at its start) and
/// skipped up to its line break without being kept: 64 MiB is far beyond any record of an
/// exchange log, yet its parsed value (several times its size) still fits in a CI runner.
const MAX_LINE: usize = 64 << 20;

/// Checks every line of `reader`. A reader thread reads the next block while the lines of the
/// previous one are checked, so the cores never wait for the disk (or the pipe).
pub(super) fn check_lines<'t>(
    reader: impl Read + Send,
    name: &str,
    pick: &(dyn Fn(&Value) -> Result<&'t Target> + Sync),
) -> Result<FileOutcome> {
    check_lines_up_to(reader, name, pick, MAX_LINE)
}

/// Blocks in use at once: one being filled, one waiting, one being checked, and the one the
/// unfinished line moves to. Only these are ever allocated, so their pages are faulted in once
/// and reused for the whole file.
const POOL: usize = 4;

/// Whole lines as read, already split: the reader thread finds the line breaks while the
/// workers check the previous block, so no core waits for the split.
#[derive(Default)]
struct Block {
    /// Whole lines (the last one may lack its line break where the input ends).
    bytes: Vec<u8>,
    /// The lines to check: 0-based line within the block, and its bytes' range.
    lines: Vec<(usize, std::ops::Range<usize>)>,
    /// Lines longer than the limit, by their 0-based line within the block.
    too_long: Vec<usize>,
    /// Every line of the block, blank ones included.
    line_count: usize,
}

impl Block {
    fn with_capacity() -> Self {
        Block {
            bytes: Vec::with_capacity(BLOCK + BLOCK / 4),
            ..Block::default()
        }
    }

    /// Finds the block's lines: one pass over its bytes.
    fn split(&mut self, max_line: usize) {
        let bytes = &self.bytes;
        let mut start = 0;
        let mut count = 0;
        let last = (!bytes.ends_with(b"\n") && !bytes.is_empty()).then_some(bytes.len());
        for end in memchr::memchr_iter(b'\n', bytes).chain(last) {
            let line = &bytes[start..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.len() > max_line {
                self.too_long.push(count);
            } else if !line.iter().all(u8::is_ascii_whitespace) {
                self.lines.push((count, start..start + line.len()));
            }
            count += 1;
            start = end + 1;
        }
        self.line_count = count;
    }

    /// Empties the block for the reader to fill again, keeping its memory, but not more than a
    /// block's worth of it: a long line grows a block, and the pool would otherwise keep that.
    fn recycle(mut self) -> Self {
        self.bytes.clear();
        self.bytes.shrink_to(BLOCK + BLOCK / 4);
        self.lines.clear();
        self.too_long.clear();
        self.line_count = 0;
        self
    }
}

/// What the reader thread hands over.
enum Piece {
    /// Whole lines.
    Lines(Block),
    /// One line longer than the limit, skipped unread up to its line break.
    TooLong,
}

/// Checks every line of `reader`, lines longer than `max_line` bytes refused.
fn check_lines_up_to<'t>(
    reader: impl Read + Send,
    name: &str,
    pick: &(dyn Fn(&Value) -> Result<&'t Target> + Sync),
    max_line: usize,
) -> Result<FileOutcome> {
    // One piece in flight beside the one being checked: memory stays at a few blocks.
    let (pieces, received) = std::sync::mpsc::sync_channel::<std::io::Result<Piece>>(1);
    // Checked blocks go back to the reader to be filled again: a fresh block each time would
    // cost the pages of the whole file, each one faulted in and zeroed by the kernel.
    let (spare_blocks, spares) = std::sync::mpsc::sync_channel::<Block>(POOL);
    // `move`: on an early return the receiver and the spares' sender are dropped before the
    // reader is joined, so a reader waiting on either stops instead of waiting forever.
    std::thread::scope(move |scope| {
        scope.spawn(move || read_pieces(reader, max_line, &pieces, &spares));
        let mut out = FileOutcome::default();
        // Kept across blocks for the same reason as the blocks.
        let mut results = Vec::new();
        // 0-based line of the next piece's first byte.
        let mut first_line = 0usize;
        for piece in received {
            match piece.map_err(|e| Error::read(name, e))? {
                Piece::Lines(block) => {
                    check_block(&block, first_line, name, pick, max_line, &mut results, &mut out)?;
                    first_line += block.line_count;
                    // The reader is gone once the input ends: the block is then simply dropped.
                    let _ = spare_blocks.try_send(block.recycle());
                }
                Piece::TooLong => {
                    out.documents += 1;
                    out.findings.push(line_too_long(name, first_line, max_line));
                    first_line += 1;
                }
            }
        }
        Ok(out)
    })
}

/// Reads `reader` in blocks and sends its whole lines, split, or that a line was too long;
/// stops when the receiver is gone. Every byte is searched for a line break once: only the
/// bytes just read are searched, never what is kept of an unfinished line. The bytes are read
/// straight into the block that is sent; at most `POOL` blocks are made, then the reader waits
/// for the receiver to hand one back.
fn read_pieces(
    reader: impl Read,
    max_line: usize,
    pieces: &SyncSender<std::io::Result<Piece>>,
    spares: &Receiver<Block>,
) {
    let mut made = 0;
    let mut fresh = || -> Option<Block> {
        if let Ok(block) = spares.try_recv() {
            return Some(block);
        }
        if made < POOL {
            made += 1;
            return Some(Block::with_capacity());
        }
        spares.recv().ok()
    };
    let mut reader = reader.take(0);
    // The start of an unfinished line, then what is read after it.
    let Some(mut block) = fresh() else { return };
    // Inside a line too long to read: its bytes are dropped up to its line break.
    let mut skipping = false;
    loop {
        let buffer = &mut block.bytes;
        let start = buffer.len();
        reader.set_limit(BLOCK as u64);
        let n = match reader.read_to_end(buffer) {
            Ok(n) => n,
            Err(e) => {
                let _ = pieces.send(Err(e));
                return;
            }
        };
        if n == 0 {
            if !buffer.is_empty() {
                block.split(max_line);
                let _ = pieces.send(Ok(Piece::Lines(block)));
            }
            return;
        }
        if skipping {
            // Nothing is kept while skipping: what was read is all of `buffer`.
            let Some(end) = memchr::memchr(b'\n', buffer) else {
                buffer.clear();
                continue;
            };
            buffer.drain(..=end);
            skipping = false;
        }
        // `start` is 0 after skipping: nothing was kept.
        if let Some(last) = memchr::memrchr(b'\n', &buffer[start..]) {
            let cut = start + last + 1;
            let Some(mut next) = fresh() else { return };
            next.bytes.extend_from_slice(&block.bytes[cut..]);
            block.bytes.truncate(cut);
            let mut full = std::mem::replace(&mut block, next);
            full.split(max_line);
            if pieces.send(Ok(Piece::Lines(full))).is_err() {
                return;
            }
        }
        if block.bytes.len() > max_line {
            if pieces.send(Ok(Piece::TooLong)).is_err() {
                return;
            }
            block.bytes.clear();
            skipping = true;
        }
    }
}

/// The finding for a line longer than `max_line` bytes, at its start.
fn line_too_long(name: &str, line: usize, max_line: usize) -> Finding {
    let rule = &rules::NESTING_TOO_DEEP;
    let mut finding = Finding::new(
        rule.code,
        rule.severity,
        rule.kind,
        name,
        format!(
            "line {} is longer than {} bytes, the most nifcheck reads as one document; it was skipped",
            line + 1,
            max_line
        ),
    );
    finding.line = Some(line + 1);
    finding.column = Some(1);
    finding.help = Some("split the record, or send it as a file of its own".into());
    finding
}

/// Checks the lines of one block into `out`; `results` is scratch kept across blocks.
fn check_block<'t>(
    block: &Block,
    first_line: usize,
    name: &str,
    pick: &(dyn Fn(&Value) -> Result<&'t Target> + Sync),
    max_line: usize,
    results: &mut Vec<Result<document::Checked>>,
    out: &mut FileOutcome,
) -> Result<()> {
    for &line in &block.too_long {
        out.documents += 1;
        out.findings.push(line_too_long(name, first_line + line, max_line));
    }
    let bytes = &block.bytes;
    block
        .lines
        .par_iter()
        .with_min_len(64)
        .map(|(line, range)| {
            document::check(
                &bytes[range.clone()],
                Place {
                    file: name,
                    first_line: first_line + line,
                },
                pick,
            )
        })
        .collect_into_vec(results);
    out.documents += block.lines.len();
    let mut firsts: BTreeMap<usize, usize> = BTreeMap::new();
    for ((line, _), checked) in block.lines.iter().zip(results.drain(..)) {
        let checked = checked?;
        out.findings.extend(checked.findings);
        if let Some(standard) = checked.standard {
            firsts.entry(standard).or_insert(*line);
        }
    }
    for (standard, line) in firsts {
        out.standards.entry(standard).or_insert_with(|| {
            let bytes = block
                .lines
                .iter()
                .find(|(n, _)| *n == line)
                .and_then(|(_, range)| bytes.get(range.clone()))
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            (first_line + line, bytes)
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Yields `head`, then `len` bytes of `x` with no line break, then `tail`: a line as long as
    /// wanted without holding it in memory.
    struct LongLine {
        head: std::io::Cursor<Vec<u8>>,
        left: usize,
        tail: std::io::Cursor<Vec<u8>>,
    }

    impl Read for LongLine {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.head.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            if self.left > 0 {
                let n = buf.len().min(self.left);
                buf[..n].fill(b'x');
                self.left -= n;
                return Ok(n);
            }
            self.tail.read(buf)
        }
    }

    fn check(reader: impl Read + Send, max_line: usize) -> FileOutcome {
        let validator = jsonschema::validator_for(&serde_json::json!({"type": "object"})).unwrap();
        let target = super::super::schema_target(validator, "object".into());
        let pick = |_: &Value| Ok(&target);
        check_lines_up_to(reader, "log.ndjson", &pick, max_line).unwrap()
    }

    fn places(outcome: &FileOutcome) -> Vec<(&str, Option<usize>, Option<usize>)> {
        outcome
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.line, f.column))
            .collect()
    }

    #[test]
    fn a_line_longer_than_the_limit_is_reported_at_its_start_and_skipped() {
        // 40 MiB with no line break: ten blocks, against a limit of 1 MiB. Buffered and searched
        // again at every block, as before, this held the whole line; now at most a block more
        // than the limit is held, and each byte is searched once.
        let reader = LongLine {
            head: std::io::Cursor::new(b"{}\n[]\n".to_vec()),
            left: 40 << 20,
            tail: std::io::Cursor::new(b"\n{}\n7\n".to_vec()),
        };
        let outcome = check(reader, 1 << 20);
        assert_eq!(
            places(&outcome),
            [
                ("PAY002", Some(2), Some(1)),
                ("PAY006", Some(3), Some(1)),
                ("PAY002", Some(5), Some(1))
            ]
        );
        assert_eq!(outcome.documents, 5);
    }

    #[test]
    fn a_long_line_inside_a_block_and_one_at_the_end_are_reported_too() {
        let text = format!("{{}}\n\"{}\"\n{{}}\n\"{}\"", "y".repeat(3_000), "z".repeat(3_000));
        let outcome = check(text.as_bytes(), 1_000);
        assert_eq!(
            places(&outcome),
            [("PAY006", Some(2), Some(1)), ("PAY006", Some(4), Some(1))]
        );
        assert_eq!(outcome.documents, 4);
    }

    #[test]
    fn a_tool_error_stops_the_reader_wherever_it_waits() {
        // More blocks than the pool holds, and no schema for any line: the first block fails,
        // and the reader, by then waiting to hand over the next block, must stop.
        let line = format!("\"{}\"\n", "w".repeat(1_000));
        let text = line.repeat((POOL + 2) * BLOCK / line.len());
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let pick = |_: &Value| -> Result<&Target> { Err(Error::framework("no schema", None)) };
            let _ = done.send(check_lines_up_to(text.as_bytes(), "log.ndjson", &pick, MAX_LINE).is_err());
        });
        let failed = finished.recv_timeout(std::time::Duration::from_secs(120));
        assert_eq!(failed, Ok(true), "the check must end with the tool error");
    }

    #[test]
    fn lines_split_across_blocks_keep_their_numbers() {
        // Blank lines, CRLF, and a file that ends without a line break, over several blocks.
        let record = format!("{{\"n\": \"{}\"}}\r\n", "p".repeat(200));
        let lines = 3 * BLOCK / 140;
        let mut text = String::new();
        for n in 0..lines {
            text.push_str(if n % 3 == 0 { "\r\n" } else { &record });
        }
        assert!(text.len() > 2 * BLOCK);
        text.push_str("[1]");
        let outcome = check(text.as_bytes(), MAX_LINE);
        assert_eq!(outcome.documents, lines - lines.div_ceil(3) + 1);
        assert_eq!(places(&outcome), [("PAY002", Some(lines + 1), Some(1))]);
    }

    #[test]
    fn the_limit_counts_a_line_without_its_carriage_return() {
        let line = format!("{{\"a\": \"{}\"}}", "c".repeat(991));
        assert_eq!(line.len(), 1_000);
        let outcome = check(format!("{line}\r\n{line}x\r\n").as_bytes(), 1_000);
        assert_eq!(places(&outcome), [("PAY006", Some(2), Some(1))]);
    }

    #[test]
    fn a_block_grown_by_a_long_line_goes_back_to_the_pool_at_block_size() {
        let mut block = Block::with_capacity();
        block.bytes.resize(3 * BLOCK, b'x');
        block.split(MAX_LINE);
        let block = block.recycle();
        assert!(block.bytes.capacity() < 2 * BLOCK, "{}", block.bytes.capacity());
        assert!(block.lines.is_empty() && block.too_long.is_empty() && block.line_count == 0);
    }
}
