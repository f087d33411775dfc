//! What the runtime records as it runs: the digest always, the events when asked.
//!
//! Events are stored as small `Copy` records (a tag and a numeric payload; panic messages in
//! a side table), so recording one is a few stores, and the tail that every run keeps for
//! its failure report is a fixed ring of them, whatever the run's length.

use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::{Event, EventKind, Tag, pack_net};

/// How many of the latest events every run keeps for its failure report.
const TAIL: usize = 32;

/// An event as stored: `kind` is [`EventKind::tag`], `payload` its number (for a panic, the
/// index of its message).
#[derive(Debug, Clone, Copy, Default)]
struct Raw {
    time: Instant,
    task: u64,
    kind: Tag,
    payload: u64,
}

#[derive(Debug)]
pub(crate) struct Recorder {
    digest: u64,
    events: Option<Vec<Raw>>,
    tail: [Raw; TAIL],
    /// Events recorded so far; the tail holds the last `min(count, TAIL)`.
    count: usize,
    messages: Vec<String>,
}

impl Recorder {
    pub(crate) fn new(full: bool) -> Self {
        Self {
            digest: 0xcbf2_9ce4_8422_2325,
            events: full.then(Vec::new),
            tail: [Raw::default(); TAIL],
            count: 0,
            messages: Vec::new(),
        }
    }

    #[inline]
    pub(crate) fn record(&mut self, time: Instant, task: TaskId, kind: EventKind) {
        let tag = kind.tag();
        // A network event's text is digested (it names virtual addresses and sizes only).
        let mut text_hash = 0;
        let payload = match kind {
            EventKind::Net { kind, host, detail } => {
                text_hash = detail.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                });
                self.messages.push(detail);
                pack_net(kind, host, self.messages.len() - 1)
            }
            EventKind::Panicked { message }
            | EventKind::User { message }
            | EventKind::Buggified { site: message } => {
                self.messages.push(message);
                self.messages.len() as u64 - 1
            }
            other => other.payload(),
        };
        let task = task.as_u64();
        // Messages are text: only their presence is part of the fingerprint.
        let digested = match tag {
            Tag::Net => (payload >> 40) ^ text_hash,
            _ if tag.has_message() => 0,
            _ => payload,
        };
        self.digest =
            fold(self.digest, [(task << 8) | u64::from(tag as u8), time.as_nanos(), digested]);
        let raw = Raw { time, task, kind: tag, payload };
        self.tail[self.count & (TAIL - 1)] = raw;
        self.count += 1;
        if let Some(events) = &mut self.events {
            events.push(raw);
        }
    }

    pub(crate) fn digest(&self) -> u64 {
        self.digest
    }

    /// The last events, oldest first.
    pub(crate) fn tail(&self) -> Vec<Event> {
        let kept = self.count.min(TAIL);
        (self.count - kept..self.count).map(|i| self.decode(self.tail[i & (TAIL - 1)])).collect()
    }

    pub(crate) fn take_events(&mut self) -> Option<Vec<Event>> {
        let raw = self.events.take()?;
        Some(raw.into_iter().map(|r| self.decode(r)).collect())
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
#[inline]
fn fold(mut h: u64, words: [u64; 3]) -> u64 {
    for w in words {
        h = (h.rotate_left(26) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    h
}
