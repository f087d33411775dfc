//! What the runtime records as it runs: the digest always, the events when asked.

use std::collections::VecDeque;

use super::{Event, EventKind};
use crate::task::TaskId;
use crate::time::Instant;

/// How many of the latest events every run keeps for its failure report.
const TAIL: usize = 24;

#[derive(Debug)]
pub(crate) struct Recorder {
    digest: u64,
    events: Option<Vec<Event>>,
    tail: VecDeque<Event>,
}

impl Recorder {
    pub(crate) fn new(full: bool) -> Self {
        Self {
            digest: 0xcbf2_9ce4_8422_2325,
            events: full.then(Vec::new),
            tail: VecDeque::with_capacity(TAIL),
        }
    }

    pub(crate) fn record(&mut self, time: Instant, task: TaskId, kind: EventKind) {
        self.digest =
            fold(self.digest, [kind.tag(), task.as_u64(), time.as_nanos(), kind.payload()]);
        let event = Event { time, task, kind };
        if self.tail.len() == TAIL {
            self.tail.pop_front();
        }
        match &mut self.events {
            Some(events) => {
                self.tail.push_back(event.clone());
                events.push(event);
            }
            None => self.tail.push_back(event),
        }
    }

    pub(crate) fn digest(&self) -> u64 {
        self.digest
    }

    pub(crate) fn tail(&self) -> impl Iterator<Item = &Event> + Clone {
        self.tail.iter()
    }

    pub(crate) fn take_events(&mut self) -> Option<Vec<Event>> {
        self.events.take()
    }
}

/// Folds words into the running digest: a 64-bit multiply-xorshift mix per word.
///
/// The digest is a fingerprint of the run for determinism checks, not a cryptographic hash;
/// it sees only ids, tags and virtual times, never addresses or text.
fn fold(mut h: u64, words: [u64; 4]) -> u64 {
    for w in words {
        h = (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 29;
    }
    h
}
