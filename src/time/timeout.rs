//! Bounding the time a future may take.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use pin_project_lite::pin_project;

use super::{Instant, Sleep};
use crate::runtime::context;

/// Runs `future` for at most `duration` of virtual time.
///
/// Gives `Ok(output)` when the future completes first, or `Err(Elapsed)` at the deadline. When
/// the deadline wins, the inner future is **dropped at that instant** (its `Drop` impls run),
/// which is how asyncio's `wait_for` cancels the work it waits on.
///
/// # Determinism
///
/// When the inner future completes at the very instant of the deadline, which one wins is a
/// decision drawn from the seed; under [`Strategy::Fifo`](crate::Strategy::Fifo) the
/// completion wins, as in asyncio.
///
/// # Cancellation
///
/// A timeout on a [`JoinHandle`](crate::JoinHandle) only stops *waiting*: dropping a handle
/// detaches its task, which runs on after the deadline. Call
/// [`abort`](crate::JoinHandle::abort) on the handle (keep an
/// [`AbortHandle`](crate::task::AbortHandle)) to stop the work itself.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let slow = time::sleep(Duration::from_secs(5));
///     let res = time::timeout(Duration::from_secs(2), slow).await;
///     assert!(res.is_err());
///     assert_eq!(time::now().to_string(), "2.000s");
/// });
/// ```
#[track_caller]
pub fn timeout<F: IntoFuture>(duration: Duration, future: F) -> Timeout<F::IntoFuture> {
    Timeout::new(super::sleep(duration), future.into_future())
}

/// Runs `future` until the virtual clock reaches `deadline`; see [`timeout`].
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let deadline = time::now() + Duration::from_secs(1);
///     let res = time::timeout_at(deadline, async { 7 }).await;
///     assert_eq!(res.unwrap(), 7);
/// });
/// ```
#[track_caller]
pub fn timeout_at<F: IntoFuture>(deadline: Instant, future: F) -> Timeout<F::IntoFuture> {
    Timeout::new(super::sleep_until(deadline), future.into_future())
}

pin_project! {
    /// The future of [`timeout`] and [`timeout_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::time::{self, Timeout};
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let t: Timeout<_> = time::timeout(Duration::from_secs(1), async { 1 });
    ///     assert_eq!(t.deadline().to_string(), "1.000s");
    ///     assert_eq!(t.await.unwrap(), 1);
    /// });
    /// ```
    #[derive(Debug)]
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct Timeout<F> {
        #[pin]
        inner: Option<F>,
        sleep: Sleep,
    }
}

impl<F> Timeout<F> {
    fn new(sleep: Sleep, inner: F) -> Self {
        Self { inner: Some(inner), sleep }
    }

    /// The instant at which the timeout elapses.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// simloop::Sim::new(1).run(async {
    ///     let t = simloop::time::timeout(Duration::from_millis(5), async {});
    ///     assert_eq!(t.deadline().to_string(), "0.005s");
    /// });
    /// ```
    pub fn deadline(&self) -> Instant {
        self.sleep.deadline()
    }
}

impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let inner =
            this.inner.as_mut().as_pin_mut().expect("`Timeout` polled after it returned `Ready`");
        let deadline = this.sleep.deadline();
        let due = context::with("polling a `Timeout`", |core| {
            (core.now() >= deadline).then(|| core.timeout_race())
        });
        let deadline_wins = match due {
            None => {
                if let Poll::Ready(output) = inner.poll(cx) {
                    return Poll::Ready(Ok(output));
                }
                match Pin::new(&mut *this.sleep).poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(()) => true,
                }
            }
            Some(deadline_first) => {
                if !deadline_first {
                    if let Poll::Ready(output) = inner.poll(cx) {
                        return Poll::Ready(Ok(output));
                    }
                }
                true
            }
        };
        debug_assert!(deadline_wins);
        this.inner.set(None);
        context::with("polling a `Timeout`", |core| core.timeout_elapsed());
        Poll::Ready(Err(Elapsed(())))
    }
}

/// The error of a [`timeout`] whose deadline came first.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::time;
///
/// simloop::Sim::new(1).run(async {
///     let err = time::timeout(Duration::ZERO, std::future::pending::<()>()).await.unwrap_err();
///     assert_eq!(err.to_string(), "deadline has elapsed");
/// });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed(());

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline has elapsed")
    }
}

impl std::error::Error for Elapsed {}
