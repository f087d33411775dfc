//! The error of awaiting a task that did not complete.

use std::any::Any;
use std::fmt;

use super::TaskId;

/// Why a task gave no output: it was cancelled, or it panicked.
///
/// Awaiting a [`JoinHandle`](crate::JoinHandle) gives this error when the task was aborted
/// (or its simulation ended first) or when it panicked. The panic does not propagate: it is
/// held here, for whoever awaits the task.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     let h = simloop::spawn(async { panic!("boom") });
///     let err = h.await.unwrap_err();
///     assert!(err.is_panic());
///     assert_eq!(err.to_string(), "task 1 panicked: boom");
/// });
/// ```
pub struct JoinError {
    /// Boxed: every task's output slot holds a `Result<T, JoinError>`, so the error stays one
    /// pointer wide.
    inner: Box<Inner>,
}

struct Inner {
    id: TaskId,
    name: Option<Box<str>>,
    repr: Repr,
    /// Where the task panicked, for reports.
    location: Option<String>,
}

enum Repr {
    Cancelled,
    Panic(Box<dyn Any + Send + 'static>),
}

impl JoinError {
    pub(crate) fn cancelled(id: TaskId, name: Option<Box<str>>) -> Self {
        Self { inner: Box::new(Inner { id, name, repr: Repr::Cancelled, location: None }) }
    }

    pub(crate) fn panic(
        id: TaskId,
        name: Option<Box<str>>,
        payload: Box<dyn Any + Send>,
        location: Option<String>,
    ) -> Self {
        Self { inner: Box::new(Inner { id, name, repr: Repr::Panic(payload), location }) }
    }

    /// The error as reports print it: `Display`, and where the task panicked.
    pub(crate) fn describe(&self) -> String {
        match (&self.inner.repr, &self.inner.location) {
            (Repr::Panic(p), Some(at)) => {
                format!("{} panicked at {at}: {}", self.label(), panic_message(&**p))
            }
            _ => self.to_string(),
        }
    }

    /// Whether the task was cancelled: aborted, or dropped when its simulation ended.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(std::future::pending::<()>());
    ///     h.abort();
    ///     assert!(h.await.unwrap_err().is_cancelled());
    /// });
    /// ```
    pub fn is_cancelled(&self) -> bool {
        matches!(self.inner.repr, Repr::Cancelled)
    }

    /// Whether the task panicked.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(async { panic!("boom") });
    ///     assert!(h.await.unwrap_err().is_panic());
    /// });
    /// ```
    pub fn is_panic(&self) -> bool {
        matches!(self.inner.repr, Repr::Panic(_))
    }

    /// The id of the task.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(async { panic!("boom") });
    ///     let id = h.id();
    ///     assert_eq!(h.await.unwrap_err().id(), id);
    /// });
    /// ```
    pub fn id(&self) -> TaskId {
        self.inner.id
    }

    /// The panic payload, to re-raise with [`std::panic::resume_unwind`].
    ///
    /// # Panics
    ///
    /// Panics when the task was cancelled rather than panicked; see
    /// [`try_into_panic`](Self::try_into_panic).
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(async { panic!("boom") });
    ///     let payload = h.await.unwrap_err().into_panic();
    ///     assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
    /// });
    /// ```
    #[track_caller]
    pub fn into_panic(self) -> Box<dyn Any + Send + 'static> {
        match self.try_into_panic() {
            Ok(payload) => payload,
            Err(err) => panic!("`JoinError::into_panic` on an error that is not a panic: {err}"),
        }
    }

    /// The panic payload, or the error back when the task was cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(std::future::pending::<()>());
    ///     h.abort();
    ///     assert!(h.await.unwrap_err().try_into_panic().is_err());
    /// });
    /// ```
    pub fn try_into_panic(self) -> Result<Box<dyn Any + Send + 'static>, Self> {
        match *self.inner {
            Inner { repr: Repr::Panic(payload), .. } => Ok(payload),
            inner => Err(Self { inner: Box::new(inner) }),
        }
    }

    fn label(&self) -> String {
        match &self.inner.name {
            Some(name) => format!("{} \"{name}\"", self.inner.id),
            None => self.inner.id.to_string(),
        }
    }
}

/// The text of a panic payload: the message of `panic!`, or a placeholder.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "<a panic payload that is not a string>"
    }
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.repr {
            Repr::Cancelled => write!(f, "{} was cancelled", self.label()),
            Repr::Panic(p) => write!(f, "{} panicked: {}", self.label(), panic_message(&**p)),
        }
    }
}

impl fmt::Debug for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.repr {
            Repr::Cancelled => write!(f, "JoinError::Cancelled({:?})", self.inner.id),
            Repr::Panic(p) => {
                write!(f, "JoinError::Panic({:?}, {:?})", self.inner.id, panic_message(&**p))
            }
        }
    }
}

impl std::error::Error for JoinError {}
