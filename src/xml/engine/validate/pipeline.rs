//! A big document on two threads: one reads and parses it (`quick-xml` and the safety scan),
//! the other validates. The reading thread copies each event's text into a batch (a block of
//! text and a table of events); a bounded channel carries full batches over and emptied ones
//! come back to be filled again, so memory stays flat whatever the size. The validating thread
//! keeps its own namespace scopes, pushed and popped as the reader's are.

use std::io::BufRead;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use quick_xml::events::{BytesCData, BytesEnd, BytesRef, BytesStart, BytesText, Event};
use quick_xml::name::{NamespaceResolver, ResolveResult};
use quick_xml::reader::NsReader;

use super::{EngineError, Outcome, Validator};
use crate::xml::scan::{MAX_NAMESPACE_BINDINGS, Problem, Scanned, Scanner, mentions};

/// Text in one batch before it is handed over (an event longer than this gets a batch alone).
const BATCH_TEXT: usize = 128 << 10;

/// Events in one batch, at most (a document of empty elements has little text per event).
const BATCH_EVENTS: usize = 4_096;

/// Full batches waiting for the validating thread, at most.
const QUEUED: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Start,
    Empty,
    End,
    Text,
    CData,
    Reference,
}

/// One event: its kind, where it was read, and where its text is in the batch.
#[derive(Debug, Clone, Copy)]
struct Raw {
    kind: Kind,
    start: u64,
    after: u64,
    text: (usize, usize),
    /// Length of an element's name at the start of its text.
    name_len: usize,
}

#[derive(Debug, Default)]
struct Batch {
    text: String,
    events: Vec<Raw>,
}

/// What the reading thread hands over.
enum Message {
    Events(Batch),
    /// The document ended; what the scan learned.
    End(Scanned),
    /// The document is refused (not well-formed, or unsafe).
    Refused(Problem),
}

impl<'s> Validator<'s> {
    /// [`Validator::run_reader`] with the reading on a thread of its own; the document is
    /// scanned in the same pass (see [`Validator::scanning`]).
    pub fn run_pipelined<R: BufRead + Send>(mut self, reader: NsReader<R>) -> Result<Outcome, EngineError> {
        let (full_in, full_out) = sync_channel::<Message>(QUEUED);
        let (empty_in, empty_out) = sync_channel::<Batch>(QUEUED + 2);
        std::thread::scope(|scope| {
            scope.spawn(move || read(reader, &full_in, &empty_out));
            let mut resolver = NamespaceResolver::default();
            resolver.set_max_namespace_bindings(MAX_NAMESPACE_BINDINGS);
            let mut pending_pop = false;
            for message in full_out.iter() {
                match message {
                    Message::Events(mut batch) => {
                        for raw in &batch.events {
                            let text = batch.text.get(raw.text.0..raw.text.1).unwrap_or("");
                            if pending_pop {
                                resolver.pop();
                                pending_pop = false;
                            }
                            self.replay(&mut resolver, &mut pending_pop, raw, text);
                        }
                        batch.text.clear();
                        batch.events.clear();
                        // The reader may have ended already: then the batch is not needed.
                        let _ = empty_in.try_send(batch);
                    }
                    Message::End(scanned) => {
                        self.scanner = None;
                        self.root = scanned.root;
                        break;
                    }
                    Message::Refused(problem) => {
                        self.refused = Some(problem);
                        break;
                    }
                }
            }
            // Dropping the receiver ends a reader still sending.
            drop(full_out);
        });
        self.outcome()
    }

    /// Handles one event the reading thread copied, keeping the namespace scopes as the
    /// reader did.
    fn replay(&mut self, resolver: &mut NamespaceResolver, pending_pop: &mut bool, raw: &Raw, text: &str) {
        match raw.kind {
            Kind::Start | Kind::Empty => {
                let e = BytesStart::from_content(text, raw.name_len);
                // The reader has pushed the same bindings without error. A tag that binds no
                // prefix opens an empty scope, without going through its attributes.
                let _ = if mentions(e.attributes_raw(), "xmlns") {
                    resolver.push(&e)
                } else {
                    resolver.push(&BytesStart::new(e.name().0))
                };
                let ns = match resolver.resolve_element(e.name()).0 {
                    ResolveResult::Bound(ns) => Some(ns.0),
                    _ => None,
                };
                if raw.kind == Kind::Start {
                    self.handle(resolver, Event::Start(e), ns, raw.start, raw.after);
                } else {
                    *pending_pop = true;
                    self.handle(resolver, Event::Empty(e), ns, raw.start, raw.after);
                }
            }
            Kind::End => {
                *pending_pop = true;
                self.handle(resolver, Event::End(BytesEnd::new(text)), None, raw.start, raw.after);
            }
            Kind::Text => {
                self.handle(
                    resolver,
                    Event::Text(BytesText::from_escaped(text)),
                    None,
                    raw.start,
                    raw.after,
                );
            }
            Kind::CData => {
                self.handle(
                    resolver,
                    Event::CData(BytesCData::new(text)),
                    None,
                    raw.start,
                    raw.after,
                );
            }
            Kind::Reference => {
                self.handle(
                    resolver,
                    Event::GeneralRef(BytesRef::new(text)),
                    None,
                    raw.start,
                    raw.after,
                );
            }
        }
    }
}

/// The reading thread: parses, scans and hands the events over in batches.
fn read<R: BufRead>(mut reader: NsReader<R>, full: &SyncSender<Message>, empty: &Receiver<Batch>) {
    reader.resolver_mut().set_max_namespace_bindings(MAX_NAMESPACE_BINDINGS);
    let mut scanner = Scanner::default();
    let mut buf = Vec::new();
    let mut batch = Batch::default();
    loop {
        buf.clear();
        let start = reader.buffer_position();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                let _ = full.send(Message::Refused(Scanner::read_error(e, reader.error_position())));
                return;
            }
        };
        let after = reader.buffer_position();
        let unbound = match &event {
            Event::Start(e) | Event::Empty(e) => match reader.resolver().resolve_element(e.name()).0 {
                ResolveResult::Unknown(prefix) => Some(prefix),
                _ => None,
            },
            _ => None,
        };
        if let Err(problem) = scanner.check(unbound.as_deref(), &event, start, after) {
            let _ = full.send(Message::Refused(problem));
            return;
        }
        let (kind, text, name_len) = match &event {
            Event::Start(e) => (Kind::Start, &**e, e.name().0.len()),
            Event::Empty(e) => (Kind::Empty, &**e, e.name().0.len()),
            Event::End(e) => (Kind::End, &**e, 0),
            Event::Text(t) => (Kind::Text, &**t, 0),
            Event::CData(c) => (Kind::CData, &**c, 0),
            Event::GeneralRef(r) => (Kind::Reference, &**r, 0),
            Event::Eof => {
                if !batch.events.is_empty() && full.send(Message::Events(batch)).is_err() {
                    return;
                }
                let _ = full.send(Message::End(scanner.finish()));
                return;
            }
            _ => continue,
        };
        let from = batch.text.len();
        batch.text.push_str(text);
        batch.events.push(Raw {
            kind,
            start,
            after,
            text: (from, batch.text.len()),
            name_len,
        });
        if batch.text.len() >= BATCH_TEXT || batch.events.len() >= BATCH_EVENTS {
            let next = empty.try_recv().unwrap_or_default();
            if full.send(Message::Events(std::mem::replace(&mut batch, next))).is_err() {
                return;
            }
        }
    }
}
