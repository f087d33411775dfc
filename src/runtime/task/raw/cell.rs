//! The allocation of one task, and the vtable functions of its future type.

use std::alloc::Layout;
use std::cell::UnsafeCell;
use std::future::Future;
use std::mem::ManuallyDrop;
use std::pin::Pin;
use std::ptr::{self, NonNull};
use std::sync::Arc;
use std::task::{Context, Poll};

use super::arena;
use super::header::{Header, Stage, Vtable};
use super::join::JoinRef;
use super::task::Task;
use super::waker;
use crate::runtime::shared::SimShared;
use crate::runtime::task::state::Sched;
use crate::task::{JoinError, TaskId};

/// One task: the header, then the future or its result.
#[repr(C)]
struct TaskCell<F: Future> {
    header: Header,
    stage: UnsafeCell<Data<F>>,
}

/// The future, or its result: `header.stage` says which (invariant 4).
union Data<F: Future> {
    future: ManuallyDrop<F>,
    output: ManuallyDrop<Result<F::Output, JoinError>>,
}

impl<F: Future> TaskCell<F> {
    const VTABLE: Vtable = Vtable {
        poll: poll::<F>,
        drop_future: drop_future::<F>,
        fail: fail::<F>,
        drop_output: drop_output::<F>,
        output: output::<F>,
        unobserved_panic: unobserved_panic::<F>,
        dealloc: dealloc::<F>,
    };

    /// The arena's size class of the cell, or `None`: it is boxed.
    const CLASS: Option<usize> = arena::class_of(Layout::new::<Self>());
}

/// Allocates task `id` of simulation `sim`, in stage `Future`, with its scheduler state:
/// the executor's reference and the `JoinHandle`'s.
pub(crate) fn spawn<F>(
    future: F,
    id: TaskId,
    sim: Arc<SimShared>,
    sched: Sched,
) -> (Task, JoinRef<F::Output>)
where
    F: Future + 'static,
    F::Output: 'static,
{
    let memory = TaskCell::<F>::CLASS.map(|class| sim.arena().alloc(class).cast::<TaskCell<F>>());
    let cell = TaskCell {
        header: Header::new(&TaskCell::<F>::VTABLE, id, sim, sched, 2),
        stage: UnsafeCell::new(Data { future: ManuallyDrop::new(future) }),
    };
    let cell = match memory {
        Some(memory) => {
            // SAFETY: the arena's cell of the class of `TaskCell<F>`: large enough, aligned
            // at least as the cell (`class_of`), and unused.
            unsafe { memory.write(cell) };
            memory
        }
        None => NonNull::from(Box::leak(Box::new(cell))),
    };
    // The header is the first field of a `#[repr(C)]` struct: its address is the cell's.
    let ptr = cell.cast::<Header>();
    // SAFETY: the cell was just made with two counts, one for each owner made here; the
    // vtable is `F`'s, whose output type is the `JoinRef`'s.
    unsafe { (Task::from_raw(ptr), JoinRef::from_raw(ptr)) }
}

/// The cell behind `ptr`.
///
/// # Safety
///
/// `ptr` is the header of a live `TaskCell<F>` (invariant 1).
unsafe fn cell<'a, F: Future>(ptr: NonNull<Header>) -> &'a TaskCell<F> {
    // SAFETY: the caller's contract; only shared references to the cell are ever made.
    unsafe { ptr.cast::<TaskCell<F>>().as_ref() }
}

/// # Safety
///
/// `ptr` is the header of a live `TaskCell<F>`, on the simulation's thread.
unsafe fn poll<F: Future>(ptr: NonNull<Header>) -> Poll<()> {
    // SAFETY: the caller's contract.
    let cell = unsafe { cell::<F>(ptr) };
    assert_eq!(cell.header.stage.get(), Stage::Future, "a finished task is never polled");
    // SAFETY: the executor's `Task` holds a count for the length of the poll, which the
    // borrowed waker does not outlive.
    let waker = unsafe { waker::borrowed(ptr) };
    let mut cx = Context::from_waker(&waker);
    // SAFETY: in stage `Future` the union holds the future (invariant 4), which never moves:
    // it is dropped in place. The `&mut` is the only reference to it while it is polled; what
    // user code reaches meanwhile touches the header only (invariant 6).
    let future =
        unsafe { Pin::new_unchecked(&mut *(&raw mut (*cell.stage.get()).future).cast::<F>()) };
    let Poll::Ready(output) = future.poll(&mut cx) else {
        return Poll::Pending;
    };
    // SAFETY: the caller's contract; the `Pin<&mut F>` is no longer used.
    unsafe { drop_future::<F>(ptr) };
    // SAFETY: stage `Dropped`: neither member is live, so writing the output overwrites
    // nothing that needs dropping; no reference into the union exists.
    unsafe { (&raw mut (*cell.stage.get()).output).write(ManuallyDrop::new(Ok(output))) };
    cell.header.stage.set(Stage::Output);
    Poll::Ready(())
}

/// # Safety
///
/// `ptr` is the header of a live `TaskCell<F>`, on the simulation's thread, with no
/// reference into the union alive.
unsafe fn drop_future<F: Future>(ptr: NonNull<Header>) {
    // SAFETY: the caller's contract.
    let cell = unsafe { cell::<F>(ptr) };
    if cell.header.stage.get() != Stage::Future {
        return;
    }
    // First: if the destructor panics, the future counts as dropped, and is never dropped twice.
    cell.header.stage.set(Stage::Dropped);
    // SAFETY: the future was live (stage `Future`) and pinned in place; it is dropped once,
    // since the stage no longer says `Future`.
    unsafe { ptr::drop_in_place((&raw mut (*cell.stage.get()).future).cast::<F>()) };
}

/// # Safety
///
/// `ptr` is the header of a live `TaskCell<F>`, on the simulation's thread, with no
/// reference into the union alive.
unsafe fn fail<F: Future>(ptr: NonNull<Header>, err: JoinError) {
    // SAFETY: the caller's contract.
    let cell = unsafe { cell::<F>(ptr) };
    debug_assert_eq!(
        cell.header.stage.get(),
        Stage::Dropped,
        "a task fails once, after its future"
    );
    if cell.header.stage.get() != Stage::Dropped {
        return;
    }
    // SAFETY: stage `Dropped`: neither member is live (see `poll`).
    unsafe { (&raw mut (*cell.stage.get()).output).write(ManuallyDrop::new(Err(err))) };
    cell.header.stage.set(Stage::Output);
}

/// # Safety
///
/// `ptr` is the header of a live `TaskCell<F>`, on the simulation's thread, with no
/// reference into the union alive.
unsafe fn drop_output<F: Future>(ptr: NonNull<Header>) {
    // SAFETY: the caller's contract.
    let cell = unsafe { cell::<F>(ptr) };
    if cell.header.stage.get() != Stage::Output {
        return;
    }
    cell.header.stage.set(Stage::Consumed);
    // SAFETY: the output was live (stage `Output`); it is dropped once, since the stage no
    // longer says `Output`.
    unsafe {
        ptr::drop_in_place(
            (&raw mut (*cell.stage.get()).output).cast::<Result<F::Output, JoinError>>(),
        )
    };
}

/// # Safety
///
/// `ptr` is the header of a live `TaskCell<F>`.
unsafe fn output<F: Future>(ptr: NonNull<Header>) -> *mut () {
    // SAFETY: the caller's contract; only an address is computed, nothing is read.
    let cell = unsafe { cell::<F>(ptr) };
    // SAFETY: a raw pointer to a union member, no reference made.
    unsafe { (&raw mut (*cell.stage.get()).output).cast() }
}

/// # Safety
///
/// `ptr` is the header of a live `TaskCell<F>`, on a thread that may touch its union
/// (invariant 3), with no `&mut` into the union alive.
unsafe fn unobserved_panic<F: Future>(ptr: NonNull<Header>) -> Option<String> {
    // SAFETY: the caller's contract.
    let cell = unsafe { cell::<F>(ptr) };
    if cell.header.stage.get() != Stage::Output {
        return None;
    }
    // SAFETY: in stage `Output` the union holds the result (invariant 4); it is only borrowed,
    // for the length of this call, which runs no user code (`describe` formats the id, the
    // name and a `&str` or `String` payload).
    let result =
        unsafe { &*(&raw const (*cell.stage.get()).output).cast::<Result<F::Output, JoinError>>() };
    match result {
        Err(err) if err.is_panic() => Some(err.describe()),
        _ => None,
    }
}

/// # Safety
///
/// `ptr` is the header of a `TaskCell<F>` whose last count was just given up (invariant 2).
unsafe fn dealloc<F: Future>(ptr: NonNull<Header>) {
    let cell = ptr.cast::<TaskCell<F>>();
    // Invariant 5: the owners that hold the future or the result have dropped them. Were it
    // otherwise, leaking is the safe way out (this may run on another thread).
    debug_assert!(
        // SAFETY: the caller's contract: the cell is live, and nobody else reaches it.
        matches!(unsafe { cell.as_ref() }.header.stage.get(), Stage::Dropped | Stage::Consumed),
        "a task is freed holding neither future nor output"
    );
    let Some(class) = TaskCell::<F>::CLASS else {
        // SAFETY: the caller's contract; a cell without a class was boxed (`spawn`). The union
        // is `ManuallyDrop`: dropping the box drops the header (the simulation's `Arc` and a
        // leftover `Waker`, both fine on any thread) and frees the memory.
        drop(unsafe { Box::from_raw(cell.as_ptr()) });
        return;
    };
    // SAFETY: the caller's contract: the header is live and read once, out of a cell nobody
    // else reaches; the union is `ManuallyDrop`, and empty (above).
    let header = unsafe { ptr::read(&raw const (*cell.as_ptr()).header) };
    // SAFETY: the cell came from this arena's `alloc(class)` (`spawn`: a task's arena is its
    // simulation's), and its header was moved out: nothing uses the memory any more.
    unsafe { header.sim.arena().free(cell.cast(), class) };
    // The header's `Arc` keeps the arena alive until here: the cell went back first.
    drop(header);
}
