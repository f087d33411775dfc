//! A reference to a task that any thread may hold: what an `AbortHandle` is made of.

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::ptr::NonNull;

use super::header::{Header, release};
use crate::runtime::task::waker::deliver_abort;
use crate::task::TaskId;

/// A reference to a task that may move to and be used from any thread: it reads only the
/// task's id and simulation, and delivers aborts (see `task/waker.rs` for other threads).
pub(crate) struct TaskHandle {
    ptr: NonNull<Header>,
}

// SAFETY: a `TaskHandle` touches only `refs` (atomic), `id` and `sim` (immutable, `Sync`) of the
// header, its scheduler state only once the simulation is known to run on the calling thread,
// its stage only on the simulation's thread before the simulation ended, and frees through the
// `release` protocol, which is thread-safe (invariants 3, 5).
unsafe impl Send for TaskHandle {}
// SAFETY: as for `Send`: every method takes `&self` and touches only the thread-safe fields.
unsafe impl Sync for TaskHandle {}
impl UnwindSafe for TaskHandle {}
impl RefUnwindSafe for TaskHandle {}

impl TaskHandle {
    /// # Safety
    ///
    /// `ptr` is the header of a live task allocation, and the caller hands over one count.
    pub(super) unsafe fn from_raw(ptr: NonNull<Header>) -> Self {
        Self { ptr }
    }

    fn header(&self) -> &Header {
        // SAFETY: `self` owns a count: the allocation is live (invariant 2).
        unsafe { self.ptr.as_ref() }
    }

    /// The task's id.
    pub(crate) fn id(&self) -> TaskId {
        self.header().id()
    }

    /// Whether the task has finished: completed, panicked or been cancelled; after its
    /// simulation ended, always (no task is left unfinished then).
    ///
    /// # Panics
    ///
    /// Panics on another thread while the simulation runs (and the run fails).
    #[track_caller]
    pub(crate) fn is_finished(&self) -> bool {
        let header = self.header();
        // Ended first: from then on the `JoinRef`, maybe on another thread, is the only owner
        // that touches the stage (invariant 3), even on the simulation's thread.
        if header.sim.has_ended() {
            return true;
        }
        if !header.sim.on_its_thread() {
            header.sim.note_foreign(header.id(), "asked whether it finished");
            panic!(
                "simloop: the `AbortHandle` of {} was asked whether the task finished on another                  thread while its simulation runs; the run fails with a report.\n    hint: a                  simulation runs on one thread: ask inside the simulation",
                header.id()
            );
        }
        header.is_finished()
    }

    /// Asks the task to stop (see `Core::abort`); from another thread, fails the run instead.
    pub(crate) fn abort(&self) {
        let header = self.header();
        deliver_abort(&header.sim, header.id(), &header.sched);
    }
}

impl Clone for TaskHandle {
    fn clone(&self) -> Self {
        self.header().acquire();
        Self { ptr: self.ptr }
    }
}

impl Drop for TaskHandle {
    fn drop(&mut self) {
        // SAFETY: the handle's count, given up once, as the handle goes.
        unsafe { release(self.ptr) };
    }
}
