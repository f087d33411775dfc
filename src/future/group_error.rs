//! The failure of a task group.

use std::convert::Infallible;
use std::error::Error;
use std::fmt;

use crate::task::JoinError;

/// The first failure of a [`TaskGroup`](crate::TaskGroup), returned by its `join`.
///
/// `index` is the failed task's position in the group: the number of tasks spawned in the
/// group before it.
///
/// # Examples
///
/// ```
/// use simloop::{GroupError, TaskGroup};
///
/// simloop::Sim::new(1).run(async {
///     let mut group: TaskGroup<(), &str> = TaskGroup::new();
///     group.try_spawn(async { Err("disk full") });
///     let err = group.join().await.unwrap_err();
///     assert!(matches!(err, GroupError::Failed { index: 0, error: "disk full" }));
///     assert_eq!(err.to_string(), "task 0 of the group failed: disk full");
/// });
/// ```
#[derive(Debug)]
pub enum GroupError<E = Infallible> {
    /// A task spawned with [`try_spawn`](crate::TaskGroup::try_spawn) returned `Err(error)`.
    Failed {
        /// The task's position in the group.
        index: usize,
        /// What it returned.
        error: E,
    },
    /// A task panicked; `error` holds the payload ([`JoinError::into_panic`]), to re-raise
    /// with [`std::panic::resume_unwind`] if the panic should go on.
    Panicked {
        /// The task's position in the group.
        index: usize,
        /// The panic, as the task's join error.
        error: JoinError,
    },
}

impl<E> GroupError<E> {
    /// The failed task's position in the group.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let mut group = simloop::TaskGroup::<u8>::new();
    ///     group.spawn(async { 1 });
    ///     group.spawn(async { panic!("second") });
    ///     assert_eq!(group.join().await.unwrap_err().index(), 1);
    /// });
    /// ```
    pub fn index(&self) -> usize {
        match self {
            Self::Failed { index, .. } | Self::Panicked { index, .. } => *index,
        }
    }

    /// Whether the task panicked (rather than returned `Err`).
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let mut group = simloop::TaskGroup::<u8>::new();
    ///     group.spawn(async { panic!("boom") });
    ///     assert!(group.join().await.unwrap_err().is_panic());
    /// });
    /// ```
    pub fn is_panic(&self) -> bool {
        matches!(self, Self::Panicked { .. })
    }
}

impl<E: fmt::Display> fmt::Display for GroupError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed { index, error } => write!(f, "task {index} of the group failed: {error}"),
            Self::Panicked { index, error } => {
                write!(f, "task {index} of the group panicked ({error})")
            }
        }
    }
}

impl<E: Error + 'static> Error for GroupError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::Failed { error, .. } => Some(error),
            Self::Panicked { error, .. } => Some(error),
        }
    }
}
