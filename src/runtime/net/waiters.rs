//! The tasks waiting on one readiness of a socket: each woken once, all together.

use std::task::Waker;

/// Wakers waiting for a socket to become readable (or writable, or to accept): a new event
/// wakes every one, as tokio's readiness does, so two tasks waiting on one socket both see it.
#[derive(Default)]
pub(crate) struct Waiters(Vec<Waker>);

impl Waiters {
    /// Adds `waker`, unless it is there already.
    pub(crate) fn register(&mut self, waker: &Waker) {
        if !self.0.iter().any(|w| w.will_wake(waker)) {
            self.0.push(waker.clone());
        }
    }

    /// Every waker, for the caller to wake outside the core's borrow.
    pub(crate) fn take(&mut self) -> Vec<Waker> {
        std::mem::take(&mut self.0)
    }
}
