//! Delivering wakes, aborts and unobserved panics to a task's simulation, and the main
//! future's waker.
//!
//! A wake or an abort takes effect in the simulation when that simulation runs on the calling
//! thread. From any other thread while the simulation runs, it is recorded in [`SimShared`]
//! and fails the run: a simulation is one thread, and such a call would make the schedule
//! depend on the OS. After the simulation ended it does nothing: the task is gone.
//!
//! Spawned tasks' wakers are raw (`raw/waker.rs`) and call [`deliver_wake`]; the main future,
//! which the run loop polls itself, has a safe `Arc` waker, [`TaskWaker`].

use std::sync::Arc;
use std::task::Wake;

use super::state::Sched;
use crate::runtime::context;
use crate::runtime::core::Core;
use crate::runtime::shared::SimShared;
use crate::task::TaskId;

/// Wakes `task` of `sim`, whose scheduler state is `sched` (see the module docs).
pub(crate) fn deliver_wake(sim: &SimShared, task: TaskId, sched: &Sched) {
    if !context::deliver(sim, |core| core.wake(task, sched)) {
        sim.note_foreign(task, "woken");
    }
}

/// Asks `task` of `sim` to stop (see `Core::abort`, and the module docs).
pub(crate) fn deliver_abort(sim: &SimShared, task: TaskId, sched: &Sched) {
    if !context::deliver(sim, |core| core.abort(task, sched)) {
        sim.note_foreign(task, "aborted");
    }
}

/// Reports that the panic `text` of `task` of `sim` will never be seen (its `JoinHandle` was
/// dropped holding it), when `sim` runs on this thread: after it ended nobody is told.
pub(crate) fn deliver_unobserved_panic(sim: &SimShared, task: TaskId, text: &str) {
    context::deliver(sim, |core| core.unobserved_panic(task, text));
}

/// The waker of the main future (whose id is `task`) and the simulation it belongs to.
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
        if !context::deliver(&self.sim, Core::wake_main) {
            self.sim.note_foreign(self.task, "woken");
        }
    }
}
