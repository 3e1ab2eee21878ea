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

/// What the reader thread hands over.
enum Piece {
    /// Whole lines (the last one may lack its line break where the input ends).
    Lines(Vec<u8>),
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
    let (spare_blocks, spares) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || read_pieces(reader, max_line, &pieces, &spares));
        let mut out = FileOutcome::default();
        // 0-based line of the next piece's first byte.
        let mut first_line = 0usize;
        for piece in received {
            match piece.map_err(|e| Error::read(name, e))? {
                Piece::Lines(mut block) => {
                    first_line = check_block(&block, first_line, name, pick, max_line, &mut out)?;
                    block.clear();
                    let _ = spare_blocks.try_send(block);
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

/// Reads `reader` in blocks and sends its whole lines, or that a line was too long; stops when
/// the receiver is gone. Every byte is searched for a line break once: only the bytes just read
/// are searched, never what is kept of an unfinished line. The bytes are read straight into the
/// block that is sent, into blocks the receiver has handed back when there are any.
fn read_pieces(
    reader: impl Read,
    max_line: usize,
    pieces: &SyncSender<std::io::Result<Piece>>,
    spares: &Receiver<Vec<u8>>,
) {
    let fresh = || {
        spares
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BLOCK + BLOCK / 4))
    };
    let mut reader = reader.take(0);
    // The start of an unfinished line, then what is read after it.
    let mut buffer = fresh();
    // Inside a line too long to read: its bytes are dropped up to its line break.
    let mut skipping = false;
    loop {
        let start = buffer.len();
        reader.set_limit(BLOCK as u64);
        let n = match reader.read_to_end(&mut buffer) {
            Ok(n) => n,
            Err(e) => {
                let _ = pieces.send(Err(e));
                return;
            }
        };
        if n == 0 {
            if !buffer.is_empty() {
                let _ = pieces.send(Ok(Piece::Lines(buffer)));
            }
            return;
        }
        if skipping {
            // Nothing is kept while skipping: what was read is all of `buffer`.
            let Some(end) = memchr::memchr(b'\n', &buffer) else {
                buffer.clear();
                continue;
            };
            buffer.drain(..=end);
            skipping = false;
        }
        // `start` is 0 after skipping: nothing was kept.
        if let Some(last) = memchr::memrchr(b'\n', &buffer[start..]) {
            let cut = start + last + 1;
            let mut next = fresh();
            next.extend_from_slice(&buffer[cut..]);
            buffer.truncate(cut);
            if pieces
                .send(Ok(Piece::Lines(std::mem::replace(&mut buffer, next))))
                .is_err()
            {
                return;
            }
        }
        if buffer.len() > max_line {
            if pieces.send(Ok(Piece::TooLong)).is_err() {
                return;
            }
            buffer.clear();
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

/// Checks the lines of one block; returns the line number after it.
fn check_block<'t>(
    block: &[u8],
    first_line: usize,
    name: &str,
    pick: &(dyn Fn(&Value) -> Result<&'t Target> + Sync),
    max_line: usize,
    out: &mut FileOutcome,
) -> Result<usize> {
    // One pass over the block finds every line end.
    let mut lines: Vec<(usize, &[u8])> = Vec::with_capacity(block.len() / 256);
    let mut start = 0;
    let mut line_count = 0;
    for end in
        memchr::memchr_iter(b'\n', block).chain((!block.ends_with(b"\n") && !block.is_empty()).then_some(block.len()))
    {
        let line = &block[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.len() > max_line {
            out.documents += 1;
            out.findings
                .push(line_too_long(name, first_line + line_count, max_line));
        } else if !line.iter().all(u8::is_ascii_whitespace) {
            lines.push((first_line + line_count, line));
        }
        line_count += 1;
        start = end + 1;
    }
    let results: Vec<(usize, document::Checked)> = lines
        .par_iter()
        .with_min_len(64)
        .map(|&(line, bytes)| {
            document::check(
                bytes,
                Place {
                    file: name,
                    first_line: line,
                },
                pick,
            )
            .map(|c| (line, c))
        })
        .collect::<Result<_>>()?;
    out.documents += lines.len();
    let mut firsts: BTreeMap<usize, usize> = BTreeMap::new();
    for (line, checked) in results {
        out.findings.extend(checked.findings);
        if let Some(standard) = checked.standard {
            firsts.entry(standard).or_insert(line);
        }
    }
    for (standard, line) in firsts {
        out.standards.entry(standard).or_insert_with(|| {
            let bytes = lines
                .iter()
                .find(|(n, _)| *n == line)
                .map(|(_, b)| b.to_vec())
                .unwrap_or_default();
            (line, bytes)
        });
    }
    Ok(first_line + line_count)
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
}
