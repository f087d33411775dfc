//! The `JoinHandle`'s reference to a task: the result, and whether it is there yet.
//!
//! A `JoinRef<T>` is `Send` and `Sync` when `T` is `Send`, so it may be on a thread other than
//! the simulation's. What it does there follows invariant 3: it touches the task's stage, union
//! and join waker only when [`may_touch`](JoinRef::may_touch) says so (on the simulation's
//! thread, or anywhere once the simulation has ended); otherwise polling it or asking whether
//! the task finished panics and fails the run, and dropping it hands it to the simulation,
//! which drops it on its own thread when it ends (and fails the run too).

use std::marker::PhantomData;
use std::ptr::{self, NonNull};
use std::sync::Arc;
use std::task::{Context, Poll};

use super::handle::TaskHandle;
use super::header::{Header, Stage, drop_output, release};
use crate::runtime::context;
use crate::runtime::shared::SimShared;
use crate::runtime::task::waker::{deliver_abort, deliver_unobserved_panic};
use crate::task::{JoinError, TaskId};

/// The `JoinHandle`'s reference to a task whose output is `T`.
pub(crate) struct JoinRef<T> {
    ptr: NonNull<Header>,
    /// Owns a `T` (the result it may take or drop). `NonNull` makes it `!Send` and `!Sync`
    /// but for the impls below.
    _marker: PhantomData<T>,
}

// SAFETY: on a thread other than the simulation's, a `JoinRef` touches only the header's
// thread-safe fields (`refs`, `id`, `sim`, the immutable part of `sched`) until
// `SimShared::has_ended` says that no task of the simulation is left (with acquire ordering:
// what the simulation's thread did before happens before): from then on the `JoinRef` is the
// only owner that touches the stage, the union and the join waker (invariants 3 and 5), and
// moving a `T` out, or dropping it, on another thread is what `T: Send` allows.
unsafe impl<T: Send> Send for JoinRef<T> {}
// SAFETY: as for `Send`: through `&self` a `JoinRef` only reads (`is_finished`, `id`), under
// the same check; taking the result needs `&mut self`.
unsafe impl<T: Send> Sync for JoinRef<T> {}

/// A reference, never pinned itself: the result moves out of the task, not out of the
/// `JoinRef`, so a `JoinHandle` is `Unpin` whatever `T`.
impl<T> Unpin for JoinRef<T> {}

impl<T> JoinRef<T> {
    /// # Safety
    ///
    /// `ptr` is the header of a live task allocation whose future's output is `T`, and the
    /// caller hands over one count.
    pub(super) unsafe fn from_raw(ptr: NonNull<Header>) -> Self {
        Self { ptr, _marker: PhantomData }
    }

    fn header(&self) -> &Header {
        // SAFETY: `self` owns a count: the allocation is live (invariant 2).
        unsafe { self.ptr.as_ref() }
    }

    /// Whether this thread may touch the task's stage, union and join waker (invariant 3):
    /// it is the simulation's, or the simulation has ended and this is the only owner left.
    #[inline]
    fn may_touch(&self) -> bool {
        let sim = &self.header().sim;
        sim.on_its_thread() || sim.has_ended()
    }

    /// Panics unless [`may_touch`](Self::may_touch), after telling the simulation (its run
    /// fails with a report, as for a wake from another thread).
    #[inline]
    #[track_caller]
    fn check_thread(&self, verb: &str) {
        if !self.may_touch() {
            self.foreign(verb);
        }
    }

    #[cold]
    #[track_caller]
    fn foreign(&self, verb: &str) -> ! {
        let header = self.header();
        header.sim.note_foreign(header.id(), verb);
        let thread = std::thread::current();
        panic!(
            "simloop: the `JoinHandle` of {} was {verb} on another thread (`{}`) while its \
             simulation runs; the run fails with a report.\n    hint: a simulation runs on one \
             thread: await the handle inside the simulation, and send the task's output to \
             other threads rather than its handle",
            header.id(),
            thread.name().unwrap_or("<unnamed>"),
        );
    }

    /// The task's id.
    pub(crate) fn id(&self) -> TaskId {
        self.header().id()
    }

    /// A `Send + Sync` reference to the task, for an `AbortHandle`.
    pub(crate) fn handle(&self) -> TaskHandle {
        self.header().acquire();
        // SAFETY: the count just added is handed over.
        unsafe { TaskHandle::from_raw(self.ptr) }
    }

    /// Asks the task to stop (see `Core::abort`); from another thread, fails the run instead.
    pub(crate) fn abort(&self) {
        let header = self.header();
        deliver_abort(&header.sim, header.id(), &header.sched);
    }

    /// Whether the task has finished: completed, panicked or been cancelled.
    ///
    /// # Panics
    ///
    /// Panics on another thread while the simulation runs (and the run fails).
    #[track_caller]
    pub(crate) fn is_finished(&self) -> bool {
        self.check_thread("asked whether it finished");
        self.header().is_finished()
    }

    /// [`is_finished`](Self::is_finished) where this thread may tell; `None` elsewhere.
    pub(crate) fn is_finished_here(&self) -> Option<bool> {
        self.may_touch().then(|| self.header().is_finished())
    }

    /// Polls for the result.
    ///
    /// # Panics
    ///
    /// Panics when the result was already taken, and on another thread while the simulation
    /// runs (then the run fails too).
    #[track_caller]
    pub(crate) fn poll_join(&mut self, cx: &mut Context<'_>) -> Poll<Result<T, JoinError>> {
        self.check_thread("polled");
        let header = self.header();
        match header.stage.get() {
            Stage::Future | Stage::Dropped => {
                header.register_join_waker(cx.waker());
                Poll::Pending
            }
            Stage::Output => {
                header.stage.set(Stage::Consumed);
                let output = header.vtable.output;
                // SAFETY: in stage `Output` the union holds the result (invariant 4), a
                // `Result<T, JoinError>` (`from_raw`'s contract); it is moved out once, as the
                // stage now says `Consumed`. This thread may touch it (checked above).
                Poll::Ready(unsafe { ptr::read(output(self.ptr).cast::<Result<T, JoinError>>()) })
            }
            Stage::Consumed => {
                panic!("`JoinHandle` for {} polled after it returned `Ready`", self.id())
            }
        }
    }

    /// The description of the panic the task ended with, while nobody has taken it.
    #[cfg(test)]
    pub(crate) fn unobserved_panic(&self) -> Option<String> {
        self.check_thread("asked how it ended");
        let unobserved_panic = self.header().vtable.unobserved_panic;
        // SAFETY: a live task, on a thread that may touch it (checked above), and no `&mut`
        // into the union alive.
        unsafe { unobserved_panic(self.ptr) }
    }
}

impl<T> Drop for JoinRef<T> {
    /// Detaches the task (see [`detach`]). On another thread while the simulation runs, the
    /// reference goes to the simulation instead, which drops it on its thread when it ends
    /// (and the run fails); when the simulation has ended meanwhile, it is detached here.
    fn drop(&mut self) {
        if self.may_touch() {
            // SAFETY: the `JoinRef`'s count, given up once, on a thread that may touch the task.
            unsafe { detach(self.ptr) };
            return;
        }
        // Only a `JoinRef<T: Send>` reaches another thread: it is made on the simulation's.
        let header = self.header();
        let (sim, id): (Arc<SimShared>, TaskId) = (header.sim.clone(), header.id());
        // The count goes with the orphan: from here on `self` no longer owns it, and the
        // header may be freed by the simulation at any time.
        match sim.hand_over(Box::new(Orphan(self.ptr))) {
            Ok(()) => sim.note_foreign(id, "detached (its `JoinHandle` dropped)"),
            // The simulation has ended (seen under the lock that ends it): detached here.
            Err(orphan) => drop(orphan),
        }
    }
}

/// A `JoinRef` given up on a thread other than the simulation's, without its output's type.
struct Orphan(NonNull<Header>);

// SAFETY: an `Orphan` is made only from a `JoinRef<T>` on a thread other than the
// simulation's, so with `T: Send` (a `JoinRef` of another `T` never leaves the thread it was
// made on, the simulation's). It is dropped on the simulation's thread when the simulation
// ends, or, handed back by `hand_over`, on any thread after that: `detach` may run there.
unsafe impl Send for Orphan {}

impl Drop for Orphan {
    fn drop(&mut self) {
        // SAFETY: the `JoinRef`'s count, moved here and given up once; the simulation drops
        // orphans on its thread, or hands them back once it has ended (invariant 3).
        unsafe { detach(self.0) };
    }
}

/// Detaches the task: its result, there now or to come, is dropped (invariant 5), on the
/// task's behalf (`task::id()` in the output's destructor is the task's); a panic it ended
/// with is reported as unobserved, unless the task contains its panics.
///
/// # Safety
///
/// `ptr` is the header of a live task whose `JoinRef` count the caller gives up, on a thread
/// that may touch the task (invariant 3), with no reference into the union alive.
unsafe fn detach(ptr: NonNull<Header>) {
    /// Gives up the count even when the output's destructor panics.
    struct Release(NonNull<Header>);
    impl Drop for Release {
        fn drop(&mut self) {
            // SAFETY: the `JoinRef`'s count, given up once, as the `JoinRef` goes.
            unsafe { release(self.0) };
        }
    }
    let _release = Release(ptr);
    // SAFETY: the caller owns a count: the allocation is live.
    let header = unsafe { ptr.as_ref() };
    header.detached.set(true);
    if header.stage.get() != Stage::Output {
        return;
    }
    if !header.sched.contains_panics() {
        let unobserved_panic = header.vtable.unobserved_panic;
        // SAFETY: the caller's contract; it runs no user code.
        if let Some(text) = unsafe { unobserved_panic(ptr) } {
            deliver_unobserved_panic(&header.sim, header.id(), &text);
        }
    }
    // SAFETY: the caller's contract.
    context::acting_as(header.sim.id, header.id(), || unsafe { drop_output(ptr) });
}
