//! The simulated pool of blocking workers behind `spawn_blocking`: a FIFO semaphore.

use std::collections::{BTreeSet, VecDeque};
use std::task::{Poll, Waker};

/// The simulated pool of blocking workers: a FIFO semaphore.
#[derive(Debug)]
pub(crate) struct Pool {
    workers: usize,
    busy: usize,
    next_ticket: u64,
    /// Jobs waiting for a worker, in arrival order.
    queue: VecDeque<(u64, Waker)>,
    /// Jobs handed a worker that have not yet taken it.
    granted: BTreeSet<u64>,
}

impl Pool {
    pub(crate) fn new(workers: usize) -> Self {
        Self { workers, busy: 0, next_ticket: 0, queue: VecDeque::new(), granted: BTreeSet::new() }
    }

    /// A worker was freed: hand it to the oldest waiting job, whose waker is returned.
    pub(crate) fn release(&mut self) -> Option<Waker> {
        match self.queue.pop_front() {
            Some((ticket, waker)) => {
                self.granted.insert(ticket);
                Some(waker)
            }
            None => {
                self.busy -= 1;
                None
            }
        }
    }
}

impl Pool {
    /// A job asks for a worker: it has one at once when one is free and nobody queues before
    /// it; otherwise it queues (holding `ticket` from then on) until one is handed over.
    /// Returns whether it has a worker, its ticket while it waits, and the queue's length
    /// when it just joined it.
    pub(crate) fn acquire(
        &mut self,
        ticket: Option<u64>,
        waker: &Waker,
    ) -> (Poll<()>, Option<u64>, Option<u64>) {
        match ticket {
            None if self.busy < self.workers && self.queue.is_empty() => {
                self.busy += 1;
                (Poll::Ready(()), None, None)
            }
            None => {
                let ticket = self.next_ticket;
                self.next_ticket += 1;
                self.queue.push_back((ticket, waker.clone()));
                (Poll::Pending, Some(ticket), Some(self.queue.len() as u64))
            }
            Some(ticket) if self.granted.remove(&ticket) => (Poll::Ready(()), None, None),
            Some(ticket) => {
                if let Some((_, queued)) = self.queue.iter_mut().find(|(t, _)| *t == ticket) {
                    queued.clone_from(waker);
                }
                (Poll::Pending, Some(ticket), None)
            }
        }
    }

    /// A queued job was cancelled, or dropped after a worker was handed over but not taken.
    /// Returns the waker of the job that gets the worker instead, if any.
    pub(crate) fn cancel(&mut self, ticket: u64) -> Option<Waker> {
        if self.granted.remove(&ticket) {
            self.release()
        } else {
            self.queue.retain(|(t, _)| *t != ticket);
            None
        }
    }
}
