//! Events as a run records them: small `Copy` records in chunks that never move, with their
//! texts beside them, turned into [`Event`]s only when a trace is read.
//!
//! Recording an event is a few stores into memory that is written once: no growth copies
//! the events recorded so far, and a record is a quarter of the size of an [`Event`] (12
//! bytes: the task, a 32-bit payload and the tag; a wider payload goes to a side list, and
//! the time is written only when it changes). A run whose trace nobody reads never builds
//! its events.

use std::sync::{Mutex, OnceLock, PoisonError};

use super::event::{Event, EventKind, Tag};
use crate::task::TaskId;
use crate::time::Instant;

/// An event as recorded: `kind` is [`EventKind::tag`], `payload` its number (for an event
/// with a text, the index of the text, see [`EventKind::decode`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Raw {
    pub(crate) time: Instant,
    pub(crate) payload: u64,
    pub(crate) task: u32,
    pub(crate) kind: Tag,
}

impl Raw {
    /// The event, its text (if it has one) given by `text` from the text's index.
    pub(crate) fn decode(self, text: impl FnOnce(usize) -> String) -> Event {
        Event {
            time: self.time,
            task: TaskId::new(u64::from(self.task)),
            kind: EventKind::decode(self.kind, self.payload, text),
        }
    }
}

/// Records per chunk: 96 KiB, under the size at which the allocator maps memory of its own,
/// so the chunks of one run are reused by the next.
const CHUNK: usize = 8192;

/// A payload that is not in the record: `u64::MAX`, the most frequent of the wide ones (no
/// task, as in "woken by a timer").
const NONE: u32 = u32::MAX;
/// A payload that is in the side list of wide payloads, the next one there.
const WIDE: u32 = u32::MAX - 1;

/// An event as the log keeps it; its time is that of the latest time mark at or before it.
#[derive(Debug, Clone, Copy)]
struct Rec {
    task: u32,
    payload: u32,
    kind: Tag,
}

/// Every event of a run, as recorded.
#[derive(Debug, Clone, Default)]
pub(crate) struct Log {
    chunks: Vec<Vec<Rec>>,
    len: usize,
    /// The payloads that do not fit a record, in event order.
    wide: Vec<u64>,
    /// Where the time changes: the index of the first event at each new time.
    times: Vec<(usize, Instant)>,
    texts: Vec<String>,
}

impl Log {
    #[inline(always)]
    pub(crate) fn push(&mut self, raw: Raw) {
        if self.times.last().is_none_or(|&(_, t)| t != raw.time) {
            self.times.push((self.len, raw.time));
        }
        let payload = match raw.payload {
            u64::MAX => NONE,
            p if p < u64::from(WIDE) => p as u32,
            p => {
                self.wide.push(p);
                WIDE
            }
        };
        let rec = Rec { task: raw.task, payload, kind: raw.kind };
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(rec),
            _ => self.push_chunk(rec),
        }
        self.len += 1;
    }

    #[cold]
    #[inline(never)]
    fn push_chunk(&mut self, rec: Rec) {
        let mut chunk = Vec::with_capacity(CHUNK);
        chunk.push(rec);
        self.chunks.push(chunk);
    }

    /// The records as events' parts, in order, from the `first`-th on.
    fn raws(&self, first: usize) -> impl Iterator<Item = Raw> + '_ {
        let (mut times, mut wide) = (self.times.iter().peekable(), self.wide.iter());
        let mut time = Instant::ZERO;
        self.chunks.iter().flatten().enumerate().filter_map(move |(i, rec)| {
            while let Some(&&(at, t)) = times.peek() {
                if at > i {
                    break;
                }
                time = t;
                times.next();
            }
            let payload = match rec.payload {
                NONE => u64::MAX,
                WIDE => *wide.next().expect("a wide payload for each record that says so"),
                p => u64::from(p),
            };
            (i >= first).then_some(Raw { time, payload, task: rec.task, kind: rec.kind })
        })
    }

    /// Keeps an event's text; returns its index, for the event's payload.
    pub(crate) fn push_text(&mut self, text: String) -> usize {
        self.texts.push(text);
        self.texts.len() - 1
    }

    /// The events from the `first`-th on, decoded (their texts copied).
    pub(crate) fn events_from(&self, first: usize) -> Vec<Event> {
        self.raws(first).map(|raw| raw.decode(|i| self.texts[i].clone())).collect()
    }

    /// Every event, decoded (the texts moved into them).
    fn into_events(mut self) -> Vec<Event> {
        let mut texts = std::mem::take(&mut self.texts);
        let mut events = Vec::with_capacity(self.len);
        events.extend(self.raws(0).map(|raw| raw.decode(|i| std::mem::take(&mut texts[i]))));
        events
    }
}

/// The events of a trace: a run's [`Log`], decoded when first read.
pub(crate) struct Events {
    log: Mutex<Option<Log>>,
    decoded: OnceLock<Vec<Event>>,
}

impl Events {
    pub(crate) fn recorded(log: Log) -> Self {
        Self { log: Mutex::new(Some(log)), decoded: OnceLock::new() }
    }

    pub(crate) fn get(&self) -> &[Event] {
        self.decoded.get_or_init(|| {
            let log = self.log.lock().unwrap_or_else(PoisonError::into_inner).take();
            log.map(Log::into_events).unwrap_or_default()
        })
    }
}

impl Default for Events {
    fn default() -> Self {
        Self { log: Mutex::new(None), decoded: OnceLock::new() }
    }
}

impl Clone for Events {
    fn clone(&self) -> Self {
        let decoded = OnceLock::new();
        let _ = decoded.set(self.get().to_vec());
        Self { log: Mutex::new(None), decoded }
    }
}

impl PartialEq for Events {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for Events {}

/// The events, as a list.
impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}
