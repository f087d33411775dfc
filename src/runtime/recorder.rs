//! What the runtime records as it runs: the digest always, the events when asked.
//!
//! Events are stored as small `Copy` records (a tag and a numeric payload; panic messages in
//! a side table), so recording one is a few stores. What each run keeps:
//!
//! | run | kept |
//! | --- | --- |
//! | `trace(true)` | the digest and every event (a failure report shows the last of them) |
//! | `Sim::run`, `Sim::try_run` | the digest and a ring of the last events, for a failure report |
//! | an exploration's iterations | the digest only: a failing seed is rerun with every event |

use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::{Event, EventKind, Tag};

/// How many of the latest events a failure report shows.
const TAIL: usize = 32;

/// Events per chunk of a full recording: chunks never move, so a long trace is never copied
/// while it grows.
const CHUNK: usize = 4096;

/// An event as stored: `kind` is [`EventKind::tag`], `payload` its number (for a panic, the
/// index of its message).
#[derive(Debug, Clone, Copy, Default)]
struct Raw {
    time: Instant,
    task: u64,
    kind: Tag,
    payload: u64,
}

/// What a run records beyond the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Every event.
    All,
    /// The last events, for a failure report.
    Tail,
    /// Nothing: the digest only.
    Digest,
}

#[derive(Debug)]
pub(crate) struct Recorder {
    digest: u64,
    /// Every event, in chunks of `CHUNK`, when keeping all.
    events: Option<Vec<Vec<Raw>>>,
    /// The ring of the last `TAIL` events, when keeping the tail.
    tail: Option<Box<[Raw; TAIL]>>,
    /// Events recorded so far.
    count: usize,
    messages: Vec<String>,
}

impl Recorder {
    pub(crate) fn new(keep: Keep) -> Self {
        Self {
            digest: 0xcbf2_9ce4_8422_2325,
            events: (keep == Keep::All).then(Vec::new),
            tail: (keep == Keep::Tail).then(|| Box::new([Raw::default(); TAIL])),
            count: 0,
            messages: Vec::new(),
        }
    }

    /// Records an event. Inlined, so that the tag and payload of a kind known at the call
    /// site are constants; events with a text go the slower way.
    #[inline(always)]
    pub(crate) fn record(&mut self, time: Instant, task: TaskId, kind: EventKind) {
        let tag = kind.tag();
        if tag.has_message() {
            return self.record_message(time, task, kind);
        }
        self.push(
            Raw { time, task: task.as_u64(), kind: tag, payload: kind.payload() },
            kind.payload(),
        );
    }

    #[cold]
    #[inline(never)]
    fn record_message(&mut self, time: Instant, task: TaskId, kind: EventKind) {
        let tag = kind.tag();
        let (EventKind::Panicked { message }
        | EventKind::User { message }
        | EventKind::Buggified { site: message }) = kind
        else {
            unreachable!("an event with a message")
        };
        self.messages.push(message);
        let payload = self.messages.len() as u64 - 1;
        // Messages are text: only their presence is part of the fingerprint.
        self.push(Raw { time, task: task.as_u64(), kind: tag, payload }, 0);
    }

    #[inline(always)]
    fn push(&mut self, raw: Raw, digested: u64) {
        self.digest = fold(
            self.digest,
            [(raw.task << 8) | u64::from(raw.kind as u8), raw.time.as_nanos(), digested],
        );
        if let Some(tail) = &mut self.tail {
            tail[self.count % TAIL] = raw;
        }
        if let Some(events) = &mut self.events {
            if self.count % CHUNK == 0 {
                events.push(Vec::with_capacity(CHUNK));
            }
            events.last_mut().expect("a chunk with room").push(raw);
        }
        self.count += 1;
    }

    pub(crate) fn digest(&self) -> u64 {
        self.digest
    }

    /// The last events, oldest first: from the ring, or from the full recording; none when
    /// the run keeps the digest only.
    pub(crate) fn tail(&self) -> Vec<Event> {
        let kept = self.count.min(TAIL);
        let first = self.count - kept;
        if let Some(events) = &self.events {
            let raw = (first..self.count).map(|i| events[i / CHUNK][i % CHUNK]);
            return raw.map(|r| self.decode(r)).collect();
        }
        match &self.tail {
            Some(tail) => (first..self.count).map(|i| self.decode(tail[i % TAIL])).collect(),
            None => Vec::new(),
        }
    }

    pub(crate) fn take_events(&mut self) -> Option<Vec<Event>> {
        let chunks = self.events.take()?;
        let mut events = Vec::with_capacity(self.count);
        for chunk in chunks {
            events.extend(chunk.into_iter().map(|r| self.decode(r)));
        }
        Some(events)
    }

    fn decode(&self, raw: Raw) -> Event {
        let kind = EventKind::decode(raw.kind, raw.payload, &self.messages);
        Event { time: raw.time, task: TaskId::new(raw.task), kind }
    }
}

/// Folds words into the running digest: rotate, xor, multiply by an odd constant.
///
/// The digest is a fingerprint of the run for determinism checks, not a cryptographic hash;
/// it sees only ids, tags and virtual times, never addresses or text. Its value is part of
/// what a seed means (`core_determinism` pins one): change it only on purpose.
#[inline(always)]
fn fold(mut h: u64, words: [u64; 3]) -> u64 {
    for w in words {
        h = (h.rotate_left(26) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    h
}
