//! The output slot shared by a task and its `JoinHandle`.

use std::cell::RefCell;
use std::task::{Context, Poll, Waker};

use crate::task::{JoinError, TaskId};

/// The output slot shared by a task and its [`JoinHandle`].
pub(crate) struct JoinState<T> {
    slot: RefCell<Slot<T>>,
}

enum Slot<T> {
    Waiting(Option<Waker>),
    Done(Result<T, JoinError>),
    Taken,
}

impl<T> JoinState<T> {
    pub(crate) fn new() -> Self {
        Self { slot: RefCell::new(Slot::Waiting(None)) }
    }

    /// Stores the task's result; returns the waker of whoever awaits it, to wake once the
    /// executor is done with the task.
    pub(crate) fn complete(&self, result: Result<T, JoinError>) -> Option<Waker> {
        match self.slot.replace(Slot::Done(result)) {
            Slot::Waiting(waker) => waker,
            Slot::Done(_) | Slot::Taken => unreachable!("a task completes once"),
        }
    }

    /// Whether the task has finished: completed, panicked or been cancelled.
    pub(crate) fn is_finished(&self) -> bool {
        !matches!(*self.slot.borrow(), Slot::Waiting(_))
    }

    /// Polls for the result, on behalf of the handle of task `id`.
    ///
    /// # Panics
    ///
    /// Panics when the result was already taken.
    pub(crate) fn poll_join(&self, cx: &mut Context<'_>, id: TaskId) -> Poll<Result<T, JoinError>> {
        let mut slot = self.slot.borrow_mut();
        match &mut *slot {
            Slot::Waiting(waker) => {
                match waker {
                    Some(w) if w.will_wake(cx.waker()) => {}
                    _ => *waker = Some(cx.waker().clone()),
                }
                Poll::Pending
            }
            Slot::Done(_) => match std::mem::replace(&mut *slot, Slot::Taken) {
                Slot::Done(result) => Poll::Ready(result),
                _ => unreachable!(),
            },
            Slot::Taken => panic!("`JoinHandle` for {id} polled after it returned `Ready`"),
        }
    }

    /// The description of the panic the task ended with, while nobody has taken it.
    pub(crate) fn unobserved_panic(&self) -> Option<String> {
        match &*self.slot.borrow() {
            Slot::Done(Err(err)) if err.is_panic() => Some(err.describe()),
            _ => None,
        }
    }
}
