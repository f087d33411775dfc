//! The raw task: a spawned future, its output and its bookkeeping in one allocation, woken
//! through a hand-written waker vtable. The crate's only `unsafe` code lives here.
//!
//! ```text
//!   one allocation per task (TaskCell<F>, #[repr(C)]: the header first)
//!   +-------------------------------------------------------------------------+
//!   | Header                                                                  |
//!   |   refs        AtomicUsize        the executor's, the handle's, wakers'  |
//!   |   vtable      &'static Vtable    poll / drop / output / dealloc, for F  |
//!   |   sim         Arc<SimShared>     to whom a wake goes; the cell's arena  |
//!   |   sched       Sched              the scheduler's state of the task      |
//!   |   id          u32                what a wake delivers (a TaskId)        |
//!   |   stage       Cell<Stage>        which union member is live (below)     |
//!   |   detached    Cell<bool>         the JoinHandle is gone                 |
//!   |   join_waker  Option<Waker>      whoever awaits the JoinHandle          |
//!   +-------------------------------------------------------------------------+
//!   | union { future: F, output: Result<F::Output, JoinError> }                |
//!   +-------------------------------------------------------------------------+
//!      ^ Task (the executor's, in the task table)   ^ JoinRef<T> (in JoinHandle;
//!      ^ TaskHandle (AbortHandle; Send + Sync)        Send + Sync when T: Send)
//!                                                   ^ Waker (data = the header)
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
//!    only code that casts the pointer back. The cell was taken from the simulation's arena
//!    (`arena.rs`: a cell of its size class, from the `SimShared` its header holds), or made by
//!    `Box::new` when too large or over-aligned for one (`TaskCell::CLASS` says which, for
//!    `F`), and is freed once, by `vtable.dealloc`, when `refs` drops to zero (release, then
//!    acquire fence, as `Arc`): back to the same arena, which the header's `Arc` keeps alive
//!    until the cell is given back, or as the box it was.
//! 2. **References.** Every `Task`, `JoinRef`, `TaskHandle` and `Waker` of the task owns one
//!    count of `refs`; borrowed wakers (the one a poll's `Context` lends) own none and never
//!    outlive the owner they borrow from.
//! 3. **Threads.** `refs`, `vtable`, `id`, `sim` and the immutable part of `sched` (daemon,
//!    contain-panics) are the only fields another thread touches (through a `Waker`, a
//!    `TaskHandle` or a `JoinRef`): the first is atomic, the others never change. `stage`,
//!    `detached`, `join_waker` and the union are touched only by the simulation's thread
//!    (`SimShared::on_its_thread`), by `Task` (`!Send`), by `JoinRef`, and by
//!    `TaskHandle::is_finished` (which reads `stage`), until the simulation has ended; from
//!    then on only by the `JoinRef`, on any thread. "Ended" (`SimShared::has_ended`) is set
//!    with release ordering, under the lock of the hand-over queue, once every `Task` of the
//!    simulation is dropped and none can be made any more; it is read with acquire ordering,
//!    so what the simulation's thread did to the task happens before. A `JoinRef` is `Send`
//!    only when `T` is, and checks before it touches: on another thread while the simulation
//!    runs, polling it or asking whether the task finished panics (and fails the run, as a
//!    wake from another thread does), and dropping it hands its count, boxed as an `Orphan`,
//!    to `SimShared::hand_over`; the simulation drops the orphans on its thread when it ends
//!    (`run.rs`'s `end_tasks`, or `EnterGuard`'s drop for a run that unwound), and only then
//!    says it has ended. A hand-over that finds the simulation ended (under the same lock) is
//!    refused, and the `JoinRef` is dropped where it is: the `Task` is gone. `sched`'s cells are
//!    touched by `Task` and `JoinRef` on the simulation's thread, and by a wake or an abort
//!    only inside `context::deliver`, which runs its closure only when the task's simulation
//!    runs on the calling thread. After the simulation ended, `TaskHandle::is_finished` says
//!    `true` without reading `stage`, which a `JoinRef` on another thread may be writing.
//! 4. **The union.** `stage` says which member is initialised: the future in `Future` (pinned:
//!    the cell never moves, and the future is dropped in place), the output in `Output`,
//!    neither otherwise. `stage` is updated before user code can observe it (a destructor that
//!    panics leaves `Dropped`, never a future dropped twice).
//! 5. **What outlives the simulation.** When the executor's `Task` and the `JoinRef` are both
//!    gone, neither the future nor the output is left (`Task`'s drop drops the future if a
//!    teardown left it; the output is dropped by whichever of the two goes last), so the last
//!    reference, maybe a waker on another thread, frees memory and runs no user code of the
//!    task (its `join_waker` is a `Waker`, which may be dropped on any thread). The `JoinRef`
//!    may go last on another thread only once the simulation has ended (invariant 3), with a
//!    `T: Send` output, which may be dropped there; the future is always dropped by `Task`, on
//!    the simulation's thread, so it need not be `Send`.
//! 6. **No aliasing across user code.** No `&mut` to the header or the union is held while
//!    user code runs, except the `Pin<&mut F>` a poll needs; what user code can reach during
//!    it (the `JoinHandle`, wakers) touches the header only.
//!
//! The tests (`tests.rs`) cover each path and run under valgrind's memcheck in CI
//! (`.ci/run`): spawn, wakes from inside and outside a poll and from another thread, abort,
//! panics in a poll and in a destructor, detach, join after completion, waker clones that
//! outlive the task and the simulation, a `JoinRef` polled, asked and dropped on another
//! thread before the simulation ended (handed over) and after (used there), and the arena's:
//! a cell freed on another thread taken again, cells of other sizes and boxed ones (large or
//! over-aligned futures), the arena dropped with its last cell on another thread.

mod arena;
mod cell;
mod handle;
mod header;
mod join;
mod prefetch;
mod task;
#[cfg(test)]
mod tests;
mod waker;

pub(crate) use arena::{Arena, advise_huge_pages_for};
pub(crate) use cell::spawn;
pub(crate) use handle::TaskHandle;
pub(crate) use join::JoinRef;
pub(crate) use prefetch::{hint_of, prefetch_hint, prefetch_slot};
pub(crate) use task::Task;
pub(crate) use waker::prefetch_wakee;
