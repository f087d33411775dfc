//! The header every task allocation starts with, its vtable, and reference counting.

use std::cell::{Cell, UnsafeCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering, fence};
use std::task::{Poll, Waker};

use crate::runtime::shared::SimShared;
use crate::runtime::task::state::Sched;
use crate::task::{JoinError, TaskId};

/// Which member of the cell's union is live (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    /// The future, to poll.
    Future,
    /// Neither: the future was dropped, its result is not stored yet.
    Dropped,
    /// The result, for the `JoinHandle`.
    Output,
    /// Neither: the result was taken or dropped.
    Consumed,
}

/// The functions of one future type `F`, reached through the header.
///
/// Each takes a pointer to the header of a live `TaskCell<F>` (invariant 1) and is called on
/// a thread that may touch the union (invariant 3), except `dealloc`, which any thread may
/// call with the last count.
pub(super) struct Vtable {
    /// Polls the future (stage `Future`); on `Ready` stores the output (stage `Output`).
    pub(super) poll: unsafe fn(NonNull<Header>) -> Poll<()>,
    /// Drops the future in place if it is there (stage `Future` -> `Dropped`).
    pub(super) drop_future: unsafe fn(NonNull<Header>),
    /// Stores an error as the result (stage `Dropped` -> `Output`).
    pub(super) fail: unsafe fn(NonNull<Header>, JoinError),
    /// Drops the result if it is there (stage `Output` -> `Consumed`).
    pub(super) drop_output: unsafe fn(NonNull<Header>),
    /// The address of the result, a `Result<F::Output, JoinError>` (live in stage `Output`).
    pub(super) output: unsafe fn(NonNull<Header>) -> *mut (),
    /// The description of the panic the task ended with, while its result is there.
    pub(super) unobserved_panic: unsafe fn(NonNull<Header>) -> Option<String>,
    /// Frees the allocation (the last count is gone).
    pub(super) dealloc: unsafe fn(NonNull<Header>),
}

/// The start of every task allocation.
#[repr(C)]
pub(super) struct Header {
    refs: AtomicUsize,
    pub(super) vtable: &'static Vtable,
    pub(super) sim: Arc<SimShared>,
    /// The scheduler's state of the task (its cells: the simulation's thread only, invariant 3).
    pub(super) sched: Sched,
    /// The task's id (`TaskId`: ids are below 2^32, `TaskTable::push`), beside the two bytes
    /// below: the header fits a cache line, the part a wake reads first.
    id: u32,
    // The simulation's thread only (invariant 3).
    pub(super) stage: Cell<Stage>,
    pub(super) detached: Cell<bool>,
    join_waker: UnsafeCell<Option<Waker>>,
}

// A wake reads the first 44 bytes (`refs` to `id`); a cell that starts on a cache line has its
// whole header in that line.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Header>() == 64, "a task header is a cache line");

/// Counts above this abort the process, as `Arc` does: a leak of wakers, not a real count.
const MAX_REFS: usize = isize::MAX as usize;

impl Header {
    /// A header with `refs` counts, in stage `Future`.
    pub(super) fn new(
        vtable: &'static Vtable,
        id: TaskId,
        sim: Arc<SimShared>,
        sched: Sched,
        refs: usize,
    ) -> Self {
        let id = u32::try_from(id.as_u64()).expect("simloop: task ids are below 2^32");
        Self {
            refs: AtomicUsize::new(refs),
            vtable,
            id,
            sim,
            sched,
            stage: Cell::new(Stage::Future),
            detached: Cell::new(false),
            join_waker: UnsafeCell::new(None),
        }
    }

    /// The task's id.
    #[inline]
    pub(super) fn id(&self) -> TaskId {
        TaskId::new(u64::from(self.id))
    }

    /// Adds a count, for a new owner.
    pub(super) fn acquire(&self) {
        // Relaxed, as `Arc::clone`: a new count is made from one already held.
        if self.refs.fetch_add(1, Ordering::Relaxed) > MAX_REFS {
            std::process::abort();
        }
    }

    /// Whether the task's result is there or was taken: it completed, panicked or was cancelled.
    pub(super) fn is_finished(&self) -> bool {
        matches!(self.stage.get(), Stage::Output | Stage::Consumed)
    }

    /// Takes the waker of whoever awaits the `JoinHandle`.
    ///
    /// Only `Task` and `JoinRef` call it: on the simulation's thread (invariant 3).
    pub(super) fn take_join_waker(&self) -> Option<Waker> {
        // SAFETY: `join_waker` is only reached on the simulation's thread (invariant 3), by
        // `take_join_waker` and `register_join_waker`, neither of which runs user code while
        // the `&mut` lives: no other reference to it exists.
        unsafe { (*self.join_waker.get()).take() }
    }

    /// Keeps `waker` to wake when the task finishes, unless the one kept already wakes the
    /// same task.
    pub(super) fn register_join_waker(&self, waker: &Waker) {
        // SAFETY: as in `take_join_waker`; `will_wake` compares pointers, it runs no user code.
        let same = unsafe { (*self.join_waker.get()).as_ref().is_some_and(|w| w.will_wake(waker)) };
        if same {
            return;
        }
        // Cloned (user code, for a foreign waker) before the slot is borrowed.
        let waker = waker.clone();
        // SAFETY: as in `take_join_waker`: the `replace` runs no user code.
        let old = unsafe { (*self.join_waker.get()).replace(waker) };
        // Dropped (user code) after the borrow ended.
        drop(old);
    }
}

/// Drops the task's result if it is there (stage `Output` -> `Consumed`). A panic of its
/// destructor goes no further when the task contains its panics (`Builder::contain_panics`).
///
/// # Safety
///
/// `ptr` is the header of a live task allocation, on a thread that may touch its union
/// (invariant 3), with no reference into the union alive.
pub(super) unsafe fn drop_output(ptr: NonNull<Header>) {
    // SAFETY: the caller's contract: a live header.
    let header = unsafe { ptr.as_ref() };
    let drop_output = header.vtable.drop_output;
    // SAFETY: the caller's contract, passed on.
    let drop_it = || unsafe { drop_output(ptr) };
    if header.sched.contains_panics() {
        // The stage says `Consumed` before the destructor runs: the result is not dropped twice.
        let _ = catch_unwind(AssertUnwindSafe(drop_it));
    } else {
        drop_it();
    }
}

/// Gives up one count of the task at `ptr`; frees the allocation with the last one.
///
/// # Safety
///
/// `ptr` is the header of a live task allocation, and the caller owns one count, which it
/// gives up: it does not use `ptr` afterwards.
pub(super) unsafe fn release(ptr: NonNull<Header>) {
    // SAFETY: the caller owns a count, so the allocation is live.
    let header = unsafe { ptr.as_ref() };
    // Release, then acquire before freeing, as `Arc::drop`: every use of the task by other
    // owners happens before it is freed.
    if header.refs.fetch_sub(1, Ordering::Release) != 1 {
        return;
    }
    fence(Ordering::Acquire);
    let dealloc = header.vtable.dealloc;
    // SAFETY: this was the last count: nobody else can reach the allocation (invariant 2).
    unsafe { dealloc(ptr) };
}
