//! The raw task: a spawned future, its output and its bookkeeping in one allocation, woken
//! through a hand-written waker vtable. The crate's only `unsafe` code lives here.
//!
//! ```text
//!   one allocation per task (TaskCell<F>, #[repr(C)]: the header first)
//!   +-------------------------------------------------------------------------+
//!   | Header                                                                  |
//!   |   refs        AtomicUsize        the executor's, the handle's, wakers'  |
//!   |   vtable      &'static Vtable    poll / drop / output / dealloc, for F  |
//!   |   id, sim     TaskId, Arc<..>    what a wake delivers, and to whom      |
//!   |   sched       Sched              the scheduler's state of the task      |
//!   |   stage       Cell<Stage>        which union member is live (below)     |
//!   |   detached    Cell<bool>         the JoinHandle is gone                 |
//!   |   join_waker  Option<Waker>      whoever awaits the JoinHandle          |
//!   +-------------------------------------------------------------------------+
//!   | union { future: F, output: Result<F::Output, JoinError> }                |
//!   +-------------------------------------------------------------------------+
//!      ^ Task (the executor's, in the task table)   ^ JoinRef<T> (in JoinHandle)
//!      ^ TaskHandle (AbortHandle; Send + Sync)      ^ Waker (data = the header)
//! ```
//!
//! Stages: `Future` (polled by the executor) -> `Dropped` (the future dropped in place: it
//! completed, panicked or was cancelled) -> `Output` (the result stored) -> `Consumed` (the
//! `JoinHandle` took it, or it was dropped).
//!
//! # Safety: the invariants every `unsafe` block here relies on
//!
//! 1. **Layout.** The header is the first field of a `#[repr(C)]` `TaskCell<F>`, so a pointer to
//!    the header is a pointer to the cell; `header.vtable` holds the functions of that `F`, the
//!    only code that casts the pointer back. The cell was made by `Box::new` and is freed once,
//!    by `vtable.dealloc`, when `refs` drops to zero (release, then acquire fence, as `Arc`).
//! 2. **References.** Every `Task`, `JoinRef`, `TaskHandle` and `Waker` of the task owns one
//!    count of `refs`; borrowed wakers (the one a poll's `Context` lends) own none and never
//!    outlive the owner they borrow from.
//! 3. **Threads.** `refs`, `vtable`, `id` and `sim` are the only fields another thread touches
//!    (through a `Waker` or a `TaskHandle`, which are `Send + Sync`): the first is atomic, the
//!    others never change. `stage`, `detached`, `join_waker` and the union are touched only by
//!    `Task` and `JoinRef`, which are `!Send`: by the simulation's thread. `sched` is touched by
//!    those, and by a wake or an abort only inside `context::deliver`, which runs its closure
//!    only when the task's simulation runs on the calling thread.
//! 4. **The union.** `stage` says which member is initialised: the future in `Future` (pinned:
//!    the cell never moves, and the future is dropped in place), the output in `Output`,
//!    neither otherwise. `stage` is updated before user code can observe it (a destructor that
//!    panics leaves `Dropped`, never a future dropped twice).
//! 5. **What outlives the simulation.** When the executor's `Task` and the `JoinRef` are both
//!    gone, neither the future nor the output is left (`Task`'s drop drops the future if a
//!    teardown left it; the output is dropped by whichever of the two goes last), so the last
//!    reference, maybe a waker on another thread, frees memory and runs no user code of the
//!    task (its `join_waker` is a `Waker`, which may be dropped on any thread).
//! 6. **No aliasing across user code.** No `&mut` to the header or the union is held while
//!    user code runs, except the `Pin<&mut F>` a poll needs; what user code can reach during
//!    it (the `JoinHandle`, wakers) touches the header only.
//!
//! The tests (`tests.rs`) cover each path and run under valgrind's memcheck in CI
//! (`.ci/run`): spawn, wakes from inside and outside a poll and from another thread, abort,
//! panics in a poll and in a destructor, detach, join after completion, waker clones that
//! outlive the task and the simulation.

mod cell;
mod handle;
mod header;
mod join;
mod prefetch;
mod task;
#[cfg(test)]
mod tests;
mod waker;

pub(crate) use cell::spawn;
pub(crate) use handle::TaskHandle;
pub(crate) use join::JoinRef;
pub(crate) use prefetch::{hint_of, prefetch_hint, prefetch_slot};
pub(crate) use task::Task;
pub(crate) use waker::prefetch_wakee;
