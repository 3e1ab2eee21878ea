//! The reading thread of a streamed file: `quick-xml` walks the file once, and each child of the
//! root goes out whole, with its place and its ID and IDREF values, as soon as it ends.

use quick_xml::reader::NsReader;
use std::io::{BufReader, Read};

use super::super::identity::{self, Contribution};
use super::super::problem_finding;
use super::super::scan::{self, Visit};
use crate::finding::Finding;
use crate::rules;

/// Keeps every byte read until told to forget, and counts lines and columns of what it forgets.
pub(super) struct Tee<R> {
    inner: R,
    kept: Vec<u8>,
    /// Index in `kept` of the first byte not forgotten. Forgotten bytes are dropped in bulk:
    /// draining after every record would move the reader's whole read-ahead each time.
    head: usize,
    /// File offset of `kept[head]`.
    base: u64,
    /// 0-based line of `base`.
    line: usize,
    /// Characters between the last line start and `base`.
    column: usize,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl<R> Tee<R> {
    pub(super) fn new(inner: R) -> Self {
        Tee {
            inner,
            kept: Vec::new(),
            head: 0,
            base: 0,
            line: 0,
            column: 0,
        }
    }

    fn slice(&self, from: u64, to: u64) -> &[u8] {
        let index = |offset: u64| {
            usize::try_from(offset.saturating_sub(self.base))
                .unwrap_or(usize::MAX)
                .saturating_add(self.head)
        };
        let (from, to) = (index(from), index(to).min(self.kept.len()));
        self.kept.get(from..to).unwrap_or(&[])
    }

    /// 0-based line and 1-based column of an offset not yet forgotten.
    fn position(&self, offset: u64) -> (usize, usize) {
        let before = self.slice(self.base, offset);
        let newlines = memchr::memchr_iter(b'\n', before).count();
        let column = match memchr::memrchr(b'\n', before) {
            Some(q) => chars(&before[q + 1..]),
            None => self.column + chars(before),
        };
        (self.line + newlines, column + 1)
    }

    fn forget_before(&mut self, offset: u64) {
        let n = usize::try_from(offset.saturating_sub(self.base))
            .unwrap_or(usize::MAX)
            .min(self.kept.len() - self.head);
        let gone = &self.kept[self.head..self.head + n];
        self.line += memchr::memchr_iter(b'\n', gone).count();
        self.column = match memchr::memrchr(b'\n', gone) {
            Some(q) => chars(&gone[q + 1..]),
            None => self.column + chars(gone),
        };
        self.head += n;
        self.base += n as u64;
        if self.head >= (1 << 20) {
            self.kept.drain(..self.head);
            self.head = 0;
        }
    }
}

/// What the reading thread tells the checking thread, in document order.
pub(super) enum Cut {
    /// The root's start tag and where it starts.
    Root(Vec<u8>, (usize, usize)),
    /// A child of the root starts: its name and place.
    Child(String, (usize, usize)),
    /// A whole child of the root: its text (indented to its column), 0-based first line, and
    /// ID and IDREF values.
    Record(String, usize, Vec<Contribution>),
    /// A record that cannot be read (not UTF-8).
    Refused(Box<Finding>),
    /// Text directly inside a root that holds only elements: its 1-based line and column.
    StrayText((usize, usize)),
}

/// Reads the file, sending the root, each child's start and each whole child with its ID and
/// IDREF values; returns the finding that stopped the reading, if any.
pub(super) fn read<R: Read>(
    tee: Tee<R>,
    sender: &std::sync::mpsc::SyncSender<Cut>,
    file: &str,
    constraints: &[identity::Constraint],
    text_allowed: bool,
) -> Option<Finding> {
    let mut reader = NsReader::from_reader(BufReader::with_capacity(64 << 10, tee));
    let mut record_start = 0u64;
    // The record's text keeps its indent (column - 1) in front, so offsets in it shift by that.
    let mut record_indent = 0usize;
    let mut ids = Vec::new();
    let collect_ids = constraints.iter().any(|c| matches!(c.kind.as_str(), "id" | "idref"));
    // The engine reports text in an element's content once per element, so once for the root.
    let mut text_reported = text_allowed;
    let walked = scan::walk(&mut reader, &mut |visit, buffered| {
        let tee = buffered.get_mut();
        let message = match visit {
            Visit::Start {
                depth: 0, start, end, ..
            } => {
                let message = Cut::Root(tee.slice(start, end).to_vec(), tee.position(start));
                tee.forget_before(end);
                Some(message)
            }
            Visit::Start {
                depth,
                start,
                end,
                empty,
                name,
                tag,
            } => {
                if depth == 1 {
                    record_start = start;
                    let at = tee.position(start);
                    record_indent = at.1 - 1;
                    if sender.send(Cut::Child(name.to_string(), at)).is_err() {
                        return false;
                    }
                }
                if collect_ids {
                    let offset = record_indent + usize::try_from(start - record_start).unwrap_or(0);
                    identity::tag_id_contributions(tag, offset, constraints, &mut ids);
                }
                (depth == 1 && empty).then(|| cut(tee, start, end, file, std::mem::take(&mut ids)))
            }
            Visit::End { depth: 1, end } => Some(cut(tee, record_start, end, file, std::mem::take(&mut ids))),
            Visit::RootText { at } if !text_reported => {
                text_reported = true;
                let (line, column) = tee.position(at);
                Some(Cut::StrayText((line + 1, column)))
            }
            _ => None,
        };
        message.is_none_or(|m| sender.send(m).is_ok())
    });
    let problem = walked.err()?;
    let tee = reader.get_ref().get_ref();
    let (line, column) = tee.position(problem.offset.max(tee.base));
    let text = String::from_utf8_lossy(tee.slice(tee.base, problem.offset.max(tee.base) + 1)).into_owned();
    let mut finding = problem_finding(&problem, &text, file, 0);
    finding.line = Some(line + 1);
    // The text starts where the last record ended, not at a line start.
    finding.column = Some(column);
    finding.snippet = None;
    Some(finding)
}

/// One whole record out of the read bytes, indented to its column so columns stay exact.
fn cut<R>(tee: &mut Tee<R>, start: u64, end: u64, file: &str, ids: Vec<Contribution>) -> Cut {
    let (line, column) = tee.position(start);
    let bytes = tee.slice(start, end);
    let message = match std::str::from_utf8(bytes) {
        Ok(t) => {
            let mut text = " ".repeat(column - 1);
            text.push_str(t);
            Cut::Record(text, line, ids)
        }
        Err(e) => {
            let problem = scan::Problem {
                rule: &rules::NOT_WELL_FORMED,
                message: format!("not UTF-8 at byte {}", start + e.valid_up_to() as u64),
                help: "nifcheck reads XML payloads encoded in UTF-8".into(),
                offset: 0,
            };
            let mut finding = problem_finding(&problem, "", file, 0);
            finding.line = Some(line + 1);
            Cut::Refused(Box::new(finding))
        }
    };
    tee.forget_before(end);
    message
}
