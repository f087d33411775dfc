//! The thread-local slot that holds the running simulation's core.
//!
//! While a simulation runs, its [`Core`] lives here, so that `spawn`, `sleep`, `now` and the
//! wakers reach it without being handed a reference. The slot is borrowed only for short,
//! non-reentrant sections: user code (polls, `Drop` impls, wakers) never runs inside one, which
//! is why functions here return wakers and futures to be dropped by the caller afterwards.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::sync::Arc;

use super::core::Core;
use super::shared::SimShared;
use crate::task::TaskId;

thread_local! {
    static CURRENT: RefCell<Option<Core>> = const { RefCell::new(None) };
}

const REENTERED: &str =
    "simloop internal error: the simulation core was re-entered; please report this with the seed";

/// Installs `core` as this thread's running simulation.
///
/// # Panics
///
/// Panics when a simulation already runs on this thread.
#[track_caller]
pub(crate) fn enter(core: Core) -> EnterGuard {
    let shared = core.shared.clone();
    let nested = CURRENT.with(|cell| {
        let mut slot = cell.try_borrow_mut().expect(REENTERED);
        match slot.as_ref() {
            Some(running) => Some((running.config.seed, running.steps)),
            None => {
                *slot = Some(core);
                None
            }
        }
    });
    if let Some((seed, step)) = nested {
        panic!(
            "simloop: `Sim::run` was called inside a running simulation (seed {seed}, step \
             {step}); simulations do not nest. Spawn the future with `simloop::spawn` and await \
             its `JoinHandle`, or await it directly"
        );
    }
    EnterGuard { shared: Some(shared), _not_send: PhantomData }
}

/// Removes the core from the thread when dropped (also while unwinding): then, its tasks
/// dropped with it, the simulation has ended (see `SimShared::end`).
#[derive(Debug)]
pub(crate) struct EnterGuard {
    /// `None` once [`exit`](Self::exit) took the core.
    shared: Option<Arc<SimShared>>,
    _not_send: PhantomData<*const ()>,
}

impl EnterGuard {
    /// Removes the core; the run has dropped its tasks and ended the simulation.
    pub(crate) fn exit(self) -> Core {
        let core =
            CURRENT.with(|cell| cell.borrow_mut().take()).expect("the simulation is installed");
        let mut this = self;
        // The run ended the simulation itself: dropping the guard now does nothing.
        this.shared = None;
        core
    }
}

impl Drop for EnterGuard {
    /// A run that unwound: its tasks go with the core, then handles given up on other threads.
    fn drop(&mut self) {
        // Dropped outside the borrow: the core's tasks may run `Drop` impls that look here.
        let core = CURRENT.with(|cell| cell.borrow_mut().take());
        drop(core);
        if let Some(shared) = &self.shared {
            while let Some(orphans) = shared.end() {
                drop(orphans);
            }
        }
    }
}

/// Runs `f` on the running simulation.
///
/// # Panics
///
/// Panics when no simulation runs on this thread, naming `what` and the fix.
#[track_caller]
pub(crate) fn with<R>(what: &str, f: impl FnOnce(&mut Core) -> R) -> R {
    let result = CURRENT.with(|cell| {
        let mut slot = cell.try_borrow_mut().expect(REENTERED);
        slot.as_mut().map(f)
    });
    match result {
        Some(r) => r,
        None => panic!(
            "simloop: `{what}` was called outside a simulation; run it inside \
             `simloop::Sim::new(seed).run(async {{ .. }})` or a `#[simloop::test]` function"
        ),
    }
}

/// Runs `f` when the simulation `sim` runs on this thread; `None` otherwise (it ended, or
/// another simulation or none runs here).
pub(crate) fn with_sim<R>(sim: u64, f: impl FnOnce(&mut Core) -> R) -> Option<R> {
    CURRENT
        .try_with(|cell| {
            let mut slot = cell.try_borrow_mut().expect(REENTERED);
            slot.as_mut().filter(|core| core.id == sim).map(f)
        })
        .ok()
        .flatten()
}

/// Runs `f` on the simulation running on this thread, if any.
pub(crate) fn with_current<R>(f: impl FnOnce(&mut Core) -> R) -> Option<R> {
    CURRENT
        .try_with(|cell| {
            let mut slot = cell.try_borrow_mut().expect(REENTERED);
            slot.as_mut().map(f)
        })
        .ok()
        .flatten()
}

/// Runs `f` on the simulation running on this thread, if any and if it is not borrowed;
/// never panics (the panic hook uses it).
pub(crate) fn peek<R>(f: impl FnOnce(&Core) -> R) -> Option<R> {
    CURRENT.try_with(|cell| cell.try_borrow().ok()?.as_ref().map(f)).ok().flatten()
}

/// Runs `f` on behalf of `task` of `sim` (its `task::id()`, what it spawns and wakes), when
/// `sim` runs on this thread; otherwise just runs `f`. For a task's output, dropped by its
/// `JoinHandle` outside the task's polls.
pub(crate) fn acting_as<R>(sim: u64, task: TaskId, f: impl FnOnce() -> R) -> R {
    /// Puts the acting task back, also while unwinding.
    struct Restore(u64, Option<Option<TaskId>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(previous) = self.1 {
                with_sim(self.0, |core| core.current = previous);
            }
        }
    }
    let _restore = Restore(sim, with_sim(sim, |core| core.current.replace(task)));
    f()
}

/// Runs `f` when `sim` runs on this thread, and says whether it did.
pub(crate) fn deliver(sim: &SimShared, f: impl FnOnce(&mut Core)) -> bool {
    with_sim(sim.id, f).is_some()
}
