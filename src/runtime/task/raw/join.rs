//! The `JoinHandle`'s reference to a task: the result, and whether it is there yet.

use std::marker::PhantomData;
use std::ptr::{self, NonNull};
use std::rc::Rc;
use std::task::{Context, Poll};

use super::handle::TaskHandle;
use super::header::{Header, Stage, release};
use crate::runtime::task::waker::deliver_abort;
use crate::task::{JoinError, TaskId};

/// The `JoinHandle`'s reference to a task whose output is `T`. `!Send`: the simulation's
/// thread only (as the output may be `!Send`).
pub(crate) struct JoinRef<T> {
    ptr: NonNull<Header>,
    /// Owns a `T` (the result it may drop); `Rc` makes it `!Send` and `!Sync`.
    _marker: PhantomData<(Rc<()>, T)>,
}

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

    /// The task's id.
    pub(crate) fn id(&self) -> TaskId {
        self.header().id
    }

    /// The identity of the task's simulation.
    pub(crate) fn sim_id(&self) -> u64 {
        self.header().sim.id
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
        deliver_abort(&header.sim, header.id, &header.sched);
    }

    /// Whether the task has finished: completed, panicked or been cancelled.
    pub(crate) fn is_finished(&self) -> bool {
        self.header().is_finished()
    }

    /// Polls for the result.
    ///
    /// # Panics
    ///
    /// Panics when the result was already taken.
    pub(crate) fn poll_join(&self, cx: &mut Context<'_>) -> Poll<Result<T, JoinError>> {
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
                // stage now says `Consumed`. The simulation's thread: `JoinRef` is `!Send`.
                Poll::Ready(unsafe { ptr::read(output(self.ptr).cast::<Result<T, JoinError>>()) })
            }
            Stage::Consumed => {
                panic!("`JoinHandle` for {} polled after it returned `Ready`", self.id())
            }
        }
    }

    /// The description of the panic the task ended with, while nobody has taken it.
    pub(crate) fn unobserved_panic(&self) -> Option<String> {
        let header = self.header();
        if header.stage.get() != Stage::Output {
            return None;
        }
        let output = header.vtable.output;
        // SAFETY: as in `poll_join`, but only borrowed, for the length of this call, which
        // runs no user code.
        let result = unsafe { &*output(self.ptr).cast::<Result<T, JoinError>>() };
        match result {
            Err(err) if err.is_panic() => Some(err.describe()),
            _ => None,
        }
    }
}

impl<T> Drop for JoinRef<T> {
    /// Detaches the task: its result, there now or to come, is dropped (invariant 5).
    fn drop(&mut self) {
        struct Release(NonNull<Header>);
        impl Drop for Release {
            fn drop(&mut self) {
                // SAFETY: the `JoinRef`'s count, given up once, as the `JoinRef` goes.
                unsafe { release(self.0) };
            }
        }
        let _release = Release(self.ptr);
        let header = self.header();
        header.detached.set(true);
        let drop_output = header.vtable.drop_output;
        // SAFETY: a live task, on the simulation's thread (`JoinRef` is `!Send`), with no
        // reference into the union alive.
        unsafe { drop_output(self.ptr) };
    }
}
