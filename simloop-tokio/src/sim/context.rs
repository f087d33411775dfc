//! The facade's view of the running simulation: which facade task is being polled, and the
//! settings of the runtime that started the simulation.
//!
//! All of it is thread-local: a simulation runs on one thread, and an exploration runs its
//! simulations one after another on each of its threads. The runtime state is installed when
//! the main future of a facade runtime is first polled and removed when it completes or is
//! dropped, so a simulation never sees the state of the one before it.

use std::cell::RefCell;
use std::task::Waker;

use crate::sim::task::Id;

/// What a facade runtime tells the code it runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuntimeState {
    /// Built with `new_multi_thread` (or `flavor = "multi_thread"`): still one thread, but
    /// tokio's rules for that flavor apply (`time::pause` panics).
    pub(crate) multi_thread: bool,
    /// tokio's "time is frozen": set by `start_paused` and `time::pause`, cleared by
    /// `time::resume`. Virtual time auto-advances whatever its value; it only decides which
    /// of `pause`, `resume` and `advance` panic, as they do in tokio.
    pub(crate) paused: bool,
    /// The runtime's name (`Builder::name`, `#[tokio::test(name = ..)]`).
    pub(crate) name: Option<String>,
    /// How many times `signal::ctrl_c` was triggered.
    pub(crate) ctrl_c: u64,
    /// The futures of `signal::ctrl_c` waiting for the next trigger.
    pub(crate) ctrl_c_waiters: Vec<Waker>,
}

thread_local! {
    static RUNTIME: RefCell<Option<RuntimeState>> = const { RefCell::new(None) };
}

/// The facade task being polled or dropped, if any: inside a facade runtime, the task on
/// whose behalf simloop runs code (`simloop::task::try_id`: the one being polled, or whose
/// future or output is being dropped) unless it is the main future (as in tokio,
/// `block_on`'s future is not a task).
pub(crate) fn current_task() -> Option<Id> {
    if !in_runtime() {
        return None;
    }
    simloop::task::try_id().filter(|id| !id.is_main()).map(Id::from_sim)
}

/// Installs the state of the runtime that runs this simulation; returns the one it replaces.
pub(crate) fn install(state: Option<RuntimeState>) -> Option<RuntimeState> {
    RUNTIME.with(|r| r.replace(state))
}

/// Whether a facade runtime runs on this thread right now.
pub(crate) fn in_runtime() -> bool {
    RUNTIME.with(|r| r.borrow().is_some())
}

/// Calls `f` with the running facade runtime's state, `None` outside one.
pub(crate) fn with_runtime<R>(f: impl FnOnce(Option<&mut RuntimeState>) -> R) -> R {
    RUNTIME.with(|r| f(r.borrow_mut().as_mut()))
}
