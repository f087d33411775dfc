//! The executor's reference to a task: it polls, cancels and fails it.

use std::marker::PhantomData;
use std::ptr::NonNull;
use std::task::{Poll, Waker};

use super::header::{Header, drop_output, release};
use crate::runtime::task::state::Sched;
use crate::task::JoinError;

/// The executor's reference to a task: in the task table while the task is unfinished,
/// handed to the run loop for a poll or a cancellation. `!Send`: the simulation's thread only.
pub(crate) struct Task {
    ptr: NonNull<Header>,
    _not_send: PhantomData<*const ()>,
}

impl Task {
    /// # Safety
    ///
    /// `ptr` is the header of a live task allocation, and the caller hands over one count.
    pub(super) unsafe fn from_raw(ptr: NonNull<Header>) -> Self {
        Self { ptr, _not_send: PhantomData }
    }

    fn header(&self) -> &Header {
        // SAFETY: `self` owns a count: the allocation is live (invariant 2).
        unsafe { self.ptr.as_ref() }
    }

    /// Polls the future once. On `Ready` the future is dropped and its output stored; the
    /// waker returned (of whoever awaits the task) is for the executor to wake.
    ///
    /// # Panics
    ///
    /// Panics when the future panics (it is then in an unknown state: drop it with
    /// [`drop_future`](Self::drop_future)), or when the task has no future any more.
    pub(crate) fn poll(&mut self) -> Poll<Option<Waker>> {
        let poll = self.header().vtable.poll;
        // SAFETY: a live task (we own a count), on the simulation's thread (`Task` is `!Send`),
        // and no reference into the union exists outside `poll` itself.
        match unsafe { poll(self.ptr) } {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(self.header().take_join_waker()),
        }
    }

    /// Drops the future in place, if it is still there, running its `Drop` impls
    /// (cancellation). A panic from them propagates; the future counts as dropped.
    pub(crate) fn drop_future(&mut self) {
        let drop_future = self.header().vtable.drop_future;
        // SAFETY: as in `poll`.
        unsafe { drop_future(self.ptr) };
    }

    /// Stores an error as the task's result (after [`drop_future`](Self::drop_future));
    /// returns the awaiting waker, as `poll` does.
    pub(crate) fn fail(&mut self, err: JoinError) -> Option<Waker> {
        let fail = self.header().vtable.fail;
        // SAFETY: as in `poll`.
        unsafe { fail(self.ptr, err) };
        self.header().take_join_waker()
    }

    /// The scheduler's state of the task.
    pub(crate) fn sched(&self) -> &Sched {
        &self.header().sched
    }

    /// Drops the result now if the `JoinHandle` is gone (nobody will read it), as dropping
    /// the `Task` would: for the run loop, which records the completion before it lets go.
    pub(crate) fn drop_detached_output(&mut self) {
        if self.is_detached() {
            // SAFETY: as in `poll`.
            unsafe { drop_output(self.ptr) };
        }
    }

    /// Whether the task's `JoinHandle` was dropped: nobody will read its result.
    pub(crate) fn is_detached(&self) -> bool {
        self.header().detached.get()
    }
}

impl Drop for Task {
    /// The executor lets go: what it still holds of the task goes with it (invariant 5): the
    /// future, when a teardown left it, and the result, when the `JoinHandle` is gone.
    fn drop(&mut self) {
        /// Gives up the count even when a destructor below panics.
        struct Release(NonNull<Header>);
        impl Drop for Release {
            fn drop(&mut self) {
                // SAFETY: the `Task`'s count, given up once, as the `Task` goes.
                unsafe { release(self.0) };
            }
        }
        let _release = Release(self.ptr);
        self.drop_future();
        self.drop_detached_output();
    }
}
