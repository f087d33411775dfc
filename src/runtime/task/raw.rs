//! A spawned future with its output slot, behind one type-erased interface.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use pin_project_lite::pin_project;

use super::join_state::JoinState;
use crate::task::JoinError;

/// A spawned task as the executor holds it.
pub(crate) type BoxedTask = Pin<Box<dyn RawTask>>;

/// What the executor does with a task, whatever its output type.
pub(crate) trait RawTask {
    /// Polls the future once. On `Ready` the future is dropped and its output stored; the
    /// returned waker (of whoever awaits the task) is for the executor to wake.
    fn poll(self: Pin<&mut Self>) -> Poll<Option<Waker>>;

    /// Drops the future in place, running its `Drop` impls (cancellation).
    fn drop_future(self: Pin<&mut Self>);

    /// Stores an error as the task's result; returns the awaiting waker, as `poll` does.
    fn fail(self: Pin<&mut Self>, err: JoinError) -> Option<Waker>;

    /// Whether the task's `JoinHandle` was dropped: nobody will read its result.
    fn is_detached(&self) -> bool;
}

pin_project! {
    /// One spawned future, its waker and its output slot.
    pub(crate) struct TaskCell<F: Future> {
        #[pin]
        future: Option<F>,
        waker: Waker,
        join: Rc<JoinState<F::Output>>,
    }
}

impl<F: Future> TaskCell<F> {
    pub(crate) fn new(future: F, waker: Waker, join: Rc<JoinState<F::Output>>) -> Self {
        Self { future: Some(future), waker, join }
    }
}

impl<F: Future> RawTask for TaskCell<F> {
    fn poll(self: Pin<&mut Self>) -> Poll<Option<Waker>> {
        let mut this = self.project();
        let mut cx = Context::from_waker(this.waker);
        let future = this.future.as_mut().as_pin_mut().expect("a finished task is never polled");
        match future.poll(&mut cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(output) => {
                this.future.set(None);
                Poll::Ready(this.join.complete(Ok(output)))
            }
        }
    }

    fn drop_future(self: Pin<&mut Self>) {
        self.project().future.set(None);
    }

    fn fail(self: Pin<&mut Self>, err: JoinError) -> Option<Waker> {
        self.project().join.complete(Err(err))
    }

    fn is_detached(&self) -> bool {
        // The handle holds the only other reference to the output slot.
        Rc::strong_count(&self.join) == 1
    }
}
