//! Task wakers: safe `std::task::Wake` on an `Arc`, delivering the task id to its simulation.

use std::sync::Arc;
use std::task::Wake;

use crate::runtime::context;
use crate::runtime::shared::SimShared;
use crate::task::TaskId;

/// The waker of one task: its id and the simulation it belongs to.
///
/// Waking schedules the task in its simulation when that simulation runs on the calling
/// thread. A wake from any other thread while the simulation runs is recorded in
/// [`SimShared`] and fails the run: a simulation is one thread, and such a wake would make the
/// schedule depend on the OS. A wake after the simulation ended does nothing: the task is gone.
#[derive(Debug)]
pub(crate) struct TaskWaker {
    pub(crate) task: TaskId,
    pub(crate) sim: Arc<SimShared>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !context::deliver(&self.sim, |core| core.wake(self.task)) {
            self.sim.note_foreign(self.task, "woken");
        }
    }
}

impl TaskWaker {
    /// Asks the task to stop (see `Core::abort`); from another thread, fails the run instead.
    pub(crate) fn abort(&self) {
        if !context::deliver(&self.sim, |core| core.abort(self.task)) {
            self.sim.note_foreign(self.task, "aborted");
        }
    }
}
