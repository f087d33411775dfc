//! The part of a simulation that other threads can reach: what its wakers hold.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::failure::LateNote;
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
    /// Set when the run ended with a failure: a wake from another thread after that is told in
    /// the failure's report, through `late`.
    failed: AtomicBool,
    late: LateNote,
}

impl SimShared {
    pub(crate) fn new() -> Self {
        Self {
            id: NEXT_SIM.fetch_add(1, Ordering::Relaxed),
            running: AtomicBool::new(false),
            has_foreign: AtomicBool::new(false),
            foreign: Mutex::new(None),
            failed: AtomicBool::new(false),
            late: LateNote::default(),
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
        let thread = std::thread::current();
        let thread = thread.name().unwrap_or("<unnamed>");
        if !self.running.load(Ordering::SeqCst) {
            if self.failed.load(Ordering::SeqCst) {
                let mut late = self.late.lock().unwrap_or_else(|e| e.into_inner());
                late.get_or_insert_with(|| {
                    late_wake(&format!("{task} was {what} from another thread (`{thread}`)"))
                });
            }
            return;
        }
        let mut first = self.foreign.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert_with(|| format!("{task} was {what} from another thread (`{thread}`)"));
        self.has_foreign.store(true, Ordering::SeqCst);
    }

    /// The run ended with a failure: returns the note its report shows for a wake from another
    /// thread, set now if one came during the run's end (`with_foreign`: unless that wake is
    /// the failure itself), or later if one comes after.
    pub(crate) fn fail(&self, with_foreign: bool) -> LateNote {
        if let Some(foreign) = self.take_foreign().filter(|_| with_foreign) {
            let mut late = self.late.lock().unwrap_or_else(|e| e.into_inner());
            late.get_or_insert_with(|| late_wake(&foreign));
        }
        self.failed.store(true, Ordering::SeqCst);
        self.late.clone()
    }

    #[inline]
    pub(crate) fn take_foreign(&self) -> Option<String> {
        if !self.has_foreign.load(Ordering::Relaxed) {
            return None;
        }
        self.foreign.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The report's note for a wake from another thread that came when the run had already failed.
fn late_wake(what: &str) -> String {
    format!(
        "{what} after the run had failed: the failure may come from work on OS threads, which a \
         simulation does not wait for. Run that work inside the simulation \
         (`simloop::spawn_blocking`, simloop's tasks and timers)"
    )
}
