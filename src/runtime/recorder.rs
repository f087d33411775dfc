//! What the runtime records as it runs: the digest always, the events when asked.
//!
//! Events are stored as small `Copy` records (a tag and a numeric payload; texts in a side
//! table), so recording one is a few stores: in a ring of the last ones, or, for a full
//! recording, in a [`Log`] that the trace decodes when it is read. What each run keeps:
//!
//! | run | kept |
//! | --- | --- |
//! | `trace(true)` | the digest and every event (a failure report shows the last of them) |
//! | `Sim::run`, `Sim::try_run` | the digest and a ring of the last events, for a failure report |
//! | an exploration's iterations | the digest only: a failing seed is rerun with every event |

use crate::task::TaskId;
use crate::time::Instant;
use crate::trace::{Event, EventKind, Log, Raw, Tag, pack_net};

/// How many of the latest events a failure report shows.
const TAIL: usize = 32;

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
    /// Every event, when keeping all.
    all: Option<Log>,
    /// The ring of the last `TAIL` events, when keeping the tail.
    tail: Option<Box<[Raw; TAIL]>>,
    /// Events recorded so far.
    count: usize,
    /// The texts of the ring's events.
    messages: Vec<String>,
}

impl Recorder {
    pub(crate) fn new(keep: Keep) -> Self {
        Self {
            digest: 0xcbf2_9ce4_8422_2325,
            all: (keep == Keep::All).then(Log::default),
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
        let payload = kind.payload();
        self.fold(time, task, tag, payload);
        let raw = Raw { time, task: raw_task(task), kind: tag, payload };
        if let Some(tail) = &mut self.tail {
            tail[self.count % TAIL] = raw;
        }
        if let Some(all) = &mut self.all {
            all.push(raw);
        }
        self.count += 1;
    }

    #[cold]
    #[inline(never)]
    fn record_message(&mut self, time: Instant, task: TaskId, kind: EventKind) {
        let tag = kind.tag();
        let (text, net, digested) = match kind {
            // A network event's text is digested (it names virtual addresses and sizes only).
            EventKind::Net { kind: net, host, detail } => {
                let text_hash = detail.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                });
                (detail, Some((net, host)), (pack_net(net, host, 0) >> 40) ^ text_hash)
            }
            // Other texts are messages: only their presence is part of the fingerprint.
            EventKind::Panicked { message }
            | EventKind::User { message }
            | EventKind::Buggified { site: message } => (message, None, 0),
            _ => unreachable!("an event with a message"),
        };
        self.fold(time, task, tag, digested);
        let index = match (&mut self.all, &mut self.tail) {
            (Some(all), _) => all.push_text(text),
            (None, Some(_)) => {
                self.messages.push(text);
                self.messages.len() - 1
            }
            (None, None) => 0,
        };
        let payload = match net {
            Some((net, host)) => pack_net(net, host, index),
            None => index as u64,
        };
        let raw = Raw { time, task: raw_task(task), kind: tag, payload };
        if let Some(tail) = &mut self.tail {
            tail[self.count % TAIL] = raw;
        }
        if let Some(all) = &mut self.all {
            all.push(raw);
        }
        self.count += 1;
    }

    #[inline(always)]
    fn fold(&mut self, time: Instant, task: TaskId, tag: Tag, digested: u64) {
        let word = (u64::from(raw_task(task)) << 8) | u64::from(tag as u8);
        self.digest = fold(self.digest, [word, time.as_nanos(), digested]);
    }

    pub(crate) fn digest(&self) -> u64 {
        self.digest
    }

    /// The last events, oldest first: from the ring, or from the full recording; none when
    /// the run keeps the digest only.
    pub(crate) fn tail(&self) -> Vec<Event> {
        let kept = self.count.min(TAIL);
        let first = self.count - kept;
        if let Some(all) = &self.all {
            return all.events_from(first);
        }
        match &self.tail {
            Some(tail) => (first..self.count)
                .map(|i| tail[i % TAIL].decode(|t| self.messages[t].clone()))
                .collect(),
            None => Vec::new(),
        }
    }

    /// Every event recorded, when keeping all.
    pub(crate) fn take_log(&mut self) -> Option<Log> {
        self.all.take()
    }
}

/// A task id as stored: ids are indexes of the task table, which holds fewer than `2^32`.
#[inline(always)]
fn raw_task(task: TaskId) -> u32 {
    task.as_u64() as u32
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
