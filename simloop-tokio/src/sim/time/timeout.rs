//! `timeout` and `timeout_at`.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use pin_project_lite::pin_project;

use super::error::Elapsed;
use super::{Instant, Sleep, sleep, sleep_until};

/// Bounds the virtual time `future` may take; tokio's `time::timeout`.
///
/// As in tokio, the future is polled before the deadline is checked: a future that is ready
/// wins even when the deadline has passed. When the deadline wins, the future is dropped.
///
/// # Cancellation
///
/// A `JoinHandle` under a timeout only stops being awaited: its task runs on.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// use tokio::time::timeout;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let slow = timeout(Duration::from_millis(10), tokio::time::sleep(Duration::from_secs(1)));
/// assert!(slow.await.is_err());
/// assert_eq!(timeout(Duration::from_millis(10), async { 1 }).await.unwrap(), 1);
/// # }
/// ```
#[track_caller]
pub fn timeout<F: IntoFuture>(duration: Duration, future: F) -> Timeout<F::IntoFuture> {
    Timeout { value: future.into_future(), delay: sleep(duration) }
}

/// Bounds `future` by an instant; tokio's `time::timeout_at`.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// use tokio::time::{Instant, timeout_at};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let past = Instant::now() - Duration::from_secs(1);
/// assert_eq!(timeout_at(past, async { 1 }).await.unwrap(), 1); // ready wins
/// # }
/// ```
#[track_caller]
pub fn timeout_at<F: IntoFuture>(deadline: Instant, future: F) -> Timeout<F::IntoFuture> {
    Timeout { value: future.into_future(), delay: sleep_until(deadline) }
}

pin_project! {
    /// The future of [`timeout`] and [`timeout_at`]; tokio's `time::Timeout`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let t = tokio::time::timeout(Duration::from_secs(1), async { 7 });
    /// assert_eq!(t.into_inner().await, 7);
    /// # }
    /// ```
    #[derive(Debug)]
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct Timeout<T> {
        #[pin]
        value: T,
        delay: Sleep,
    }
}

impl<T> Timeout<T> {
    /// The inner future.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let t = tokio::time::timeout(Duration::from_secs(1), std::future::ready(3));
    /// let _inner: &std::future::Ready<i32> = t.get_ref();
    /// # }
    /// ```
    pub fn get_ref(&self) -> &T {
        &self.value
    }

    /// The inner future, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut t = tokio::time::timeout(Duration::from_secs(1), std::future::ready(3));
    /// let _inner: &mut std::future::Ready<i32> = t.get_mut();
    /// # }
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.value
    }

    /// The inner future, without the deadline.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let t = tokio::time::timeout(Duration::ZERO, async { 7 });
    /// assert_eq!(t.into_inner().await, 7);
    /// # }
    /// ```
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: Future> Future for Timeout<T> {
    type Output = Result<T::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.value.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        match Pin::new(this.delay).poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Elapsed::new())),
            Poll::Pending => Poll::Pending,
        }
    }
}
