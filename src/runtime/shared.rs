//! The part of a simulation that other threads can reach: what its wakers hold.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::task::TaskId;

/// Gives each simulation an identity, to tell its wakers and timers from another's. Only ever
/// compared for equality: it is never printed, hashed or used to order anything.
static NEXT_SIM: AtomicU64 = AtomicU64::new(1);

#[derive(Debug)]
pub(crate) struct SimShared {
    pub(crate) id: u64,
    running: AtomicBool,
    has_foreign: AtomicBool,
    foreign: Mutex<Option<String>>,
}

impl SimShared {
    pub(crate) fn new() -> Self {
        Self {
            id: NEXT_SIM.fetch_add(1, Ordering::Relaxed),
            running: AtomicBool::new(false),
            has_foreign: AtomicBool::new(false),
            foreign: Mutex::new(None),
        }
    }

    pub(crate) fn set_running(&self, running: bool) {
        self.running.store(running, Ordering::SeqCst);
    }

    /// Records that a task was woken or aborted from outside the simulation's thread while it
    /// runs. The run loop checks [`take_foreign`](Self::take_foreign) before every step and
    /// fails the run with the first such call. After the simulation ended there is nothing left
    /// to wake, and the call does nothing.
    pub(crate) fn note_foreign(&self, task: TaskId, what: &str) {
        if !self.running.load(Ordering::SeqCst) {
            return;
        }
        let thread = std::thread::current();
        let thread = thread.name().unwrap_or("<unnamed>");
        let mut first = self.foreign.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert_with(|| format!("{task} was {what} from another thread (`{thread}`)"));
        self.has_foreign.store(true, Ordering::SeqCst);
    }

    #[inline]
    pub(crate) fn take_foreign(&self) -> Option<String> {
        if !self.has_foreign.load(Ordering::Relaxed) {
            return None;
        }
        self.foreign.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}
