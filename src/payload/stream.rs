//! NDJSON / JSON Lines: every non-blank line is one document. The file is read in blocks and
//! each block's lines are checked in parallel, so memory stays flat and both cores work.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc::SyncSender;

use rayon::prelude::*;
use serde_json::Value;

use super::FileOutcome;
use super::document::{self, Place, Target};
use crate::error::{Error, Result};

/// Bytes read per block: large enough to keep both cores busy, small enough to stay flat.
const BLOCK: usize = 4 << 20;

/// Checks every line of `reader`. A reader thread reads the next block while the lines of the
/// previous one are checked, so the cores never wait for the disk (or the pipe).
pub(super) fn check_lines<'t>(
    reader: impl Read + Send,
    name: &str,
    pick: &(dyn Fn(&Value) -> Result<&'t Target> + Sync),
) -> Result<FileOutcome> {
    // One block in flight beside the one being checked: memory stays at two blocks.
    let (blocks, received) = std::sync::mpsc::sync_channel::<std::io::Result<Vec<u8>>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || read_blocks(reader, &blocks));
        let mut out = FileOutcome::default();
        let mut first_line = 0usize;
        for block in received {
            let block = block.map_err(|e| Error::read(name, e))?;
            first_line = check_block(&block, first_line, name, pick, &mut out)?;
        }
        Ok(out)
    })
}

/// Reads `reader` in blocks that end at a line end (the last one where the input ends) and
/// sends them; stops when the receiver is gone.
fn read_blocks(mut reader: impl Read, blocks: &SyncSender<std::io::Result<Vec<u8>>>) {
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let mut block = std::mem::take(&mut carry);
        let start = block.len();
        block.resize(start + BLOCK, 0);
        let n = match read_full(&mut reader, &mut block[start..]) {
            Ok(n) => n,
            Err(e) => {
                let _ = blocks.send(Err(e));
                return;
            }
        };
        block.truncate(start + n);
        if n == 0 {
            if !block.is_empty() {
                let _ = blocks.send(Ok(block));
            }
            return;
        }
        match memchr::memrchr(b'\n', &block) {
            Some(end) => {
                carry = block.split_off(end + 1);
                if blocks.send(Ok(block)).is_err() {
                    return;
                }
            }
            // A line longer than a block: read on.
            None => carry = block,
        }
    }
}

fn read_full(reader: &mut impl Read, chunk: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < chunk.len() {
        match reader.read(&mut chunk[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Checks the lines of one block; returns the line number after it.
fn check_block<'t>(
    block: &[u8],
    first_line: usize,
    name: &str,
    pick: &(dyn Fn(&Value) -> Result<&'t Target> + Sync),
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
        if !line.iter().all(u8::is_ascii_whitespace) {
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
