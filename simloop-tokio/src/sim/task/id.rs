//! Task ids.

use std::fmt;

use crate::sim::context;

/// The id of a task, unique among the tasks of a simulation; tokio's `task::Id`.
///
/// It is simloop's task id ([`simloop::task::TaskId`]): traces and failure reports name the
/// task by the same number.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let handle = tokio::spawn(async { tokio::task::id() });
/// let id = handle.id();
/// assert_eq!(handle.await.unwrap(), id);
/// # }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub(crate) u64);

impl Id {
    pub(crate) fn from_sim(id: simloop::task::TaskId) -> Self {
        Self(id.as_u64())
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0)
    }
}

/// The id of the task being polled.
///
/// As in tokio, the future given to `block_on` (the body of `#[tokio::main]` and
/// `#[tokio::test]`) is not a task: use [`try_id`] where that may be the caller.
///
/// # Panics
///
/// Panics when called outside a task spawned through this crate, and in a simulation that
/// no facade runtime started (a bare `simloop::Sim::run`): the facade asks simloop for the
/// current task only inside its own runtimes (`block_on`, `#[tokio::main]`, `#[tokio::test]`).
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let a = tokio::spawn(async { tokio::task::id() }).await.unwrap();
/// let b = tokio::spawn(async { tokio::task::id() }).await.unwrap();
/// assert_ne!(a, b);
/// # }
/// ```
#[track_caller]
pub fn id() -> Id {
    context::current_task().expect("can't get a task id when not inside a task")
}

/// The id of the task being polled, `None` outside a task.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// assert_eq!(tokio::task::try_id(), None); // the main future is not a task
/// let inner = tokio::spawn(async { tokio::task::try_id() }).await.unwrap();
/// assert!(inner.is_some());
/// # }
/// ```
pub fn try_id() -> Option<Id> {
    context::current_task()
}
