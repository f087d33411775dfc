//! The errors of the time module.

use std::fmt;
use std::io;

/// The error of a [`timeout`](super::timeout) whose deadline came first; tokio's
/// `time::error::Elapsed`.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let err = tokio::time::timeout(Duration::ZERO, std::future::pending::<()>()).await.unwrap_err();
/// assert_eq!(err.to_string(), "deadline has elapsed");
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed(());

impl Elapsed {
    pub(crate) fn new() -> Self {
        Self(())
    }
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        "deadline has elapsed".fmt(f)
    }
}

impl std::error::Error for Elapsed {}

impl From<Elapsed> for io::Error {
    fn from(_: Elapsed) -> Self {
        io::ErrorKind::TimedOut.into()
    }
}
