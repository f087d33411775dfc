//! The thread-local slot that holds the running simulation's core.
//!
//! While a simulation runs, its [`Core`] lives here, so that `spawn`, `sleep`, `now` and the
//! wakers reach it without being handed a reference. The slot is borrowed only for short,
//! non-reentrant sections: user code (polls, `Drop` impls, wakers) never runs inside one, which
//! is why functions here return wakers and futures to be dropped by the caller afterwards.

use std::cell::RefCell;
use std::marker::PhantomData;

use super::core::Core;
use super::shared::SimShared;

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
    EnterGuard { _not_send: PhantomData }
}

/// Removes the core from the thread when dropped (also while unwinding).
#[derive(Debug)]
pub(crate) struct EnterGuard {
    _not_send: PhantomData<*const ()>,
}

impl EnterGuard {
    pub(crate) fn exit(self) -> Core {
        let core =
            CURRENT.with(|cell| cell.borrow_mut().take()).expect("the simulation is installed");
        std::mem::forget(self);
        core
    }
}

impl Drop for EnterGuard {
    fn drop(&mut self) {
        // Dropped outside the borrow: the core's tasks may run `Drop` impls that look here.
        let core = CURRENT.with(|cell| cell.borrow_mut().take());
        drop(core);
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

/// Runs `f` when `sim` runs on this thread, and says whether it did.
pub(crate) fn deliver(sim: &SimShared, f: impl FnOnce(&mut Core)) -> bool {
    with_sim(sim.id, f).is_some()
}
