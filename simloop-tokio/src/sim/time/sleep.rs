//! `sleep` and `sleep_until`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::Instant;

/// Waits until `duration` of virtual time has passed; tokio's `time::sleep`.
///
/// A duration too long to add (`Duration::MAX`) sleeps 30 years, as in tokio.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// use tokio::time::{Instant, sleep};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let start = Instant::now();
/// sleep(Duration::from_secs(3600)).await; // an hour, in microseconds of real time
/// assert_eq!(start.elapsed(), Duration::from_secs(3600));
/// # }
/// ```
#[track_caller]
pub fn sleep(duration: Duration) -> Sleep {
    // The common case in one step: simloop's own `sleep`, whose deadline is the same.
    if duration < Duration::from_secs(86_400 * 365 * 30) {
        let inner = simloop::time::sleep(duration);
        let deadline = Instant::from_sim(inner.deadline());
        return Sleep { inner, deadline, registered: false };
    }
    let deadline = Instant::now().checked_add(duration).unwrap_or_else(Instant::far_future);
    sleep_until(deadline)
}

/// Waits until `deadline`; tokio's `time::sleep_until`. A deadline in the past completes at
/// the first poll.
///
/// # Panics
///
/// Panics when polled outside a simulation.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// use tokio::time::{Instant, sleep_until};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let deadline = Instant::now() + Duration::from_millis(10);
/// sleep_until(deadline).await;
/// assert_eq!(Instant::now(), deadline);
/// # }
/// ```
#[track_caller]
pub fn sleep_until(deadline: Instant) -> Sleep {
    Sleep { inner: simloop::time::sleep_until(deadline.to_sim()), deadline, registered: false }
}

/// The future of [`sleep`] and [`sleep_until`]; tokio's `time::Sleep`.
///
/// Unlike tokio's, it is `Unpin`; code that pins it (`tokio::pin!`, `Box::pin`) works the
/// same.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let sleep = tokio::time::sleep(Duration::from_millis(5));
/// tokio::pin!(sleep);
/// sleep.as_mut().await;
/// assert!(sleep.is_elapsed());
/// # }
/// ```
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Sleep {
    inner: simloop::time::Sleep,
    deadline: Instant,
    /// Polled or reset: tokio's timer is then registered, and fires at the deadline.
    registered: bool,
}

impl Sleep {
    /// The instant the sleep completes at.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// use tokio::time::Instant;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let sleep = tokio::time::sleep(Duration::from_secs(1));
    /// assert_eq!(sleep.deadline(), Instant::now() + Duration::from_secs(1));
    /// # }
    /// ```
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Whether the timer has fired: the sleep was polled (or reset) and its deadline has
    /// passed. As in tokio, a sleep never polled has not elapsed.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut sleep = tokio::time::sleep(Duration::ZERO);
    /// assert!(!sleep.is_elapsed());
    /// (&mut sleep).await;
    /// assert!(sleep.is_elapsed());
    /// # }
    /// ```
    #[track_caller]
    pub fn is_elapsed(&self) -> bool {
        self.registered && self.inner.is_elapsed()
    }

    /// Moves the deadline, whether or not the sleep has completed.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// use tokio::time::Instant;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let sleep = tokio::time::sleep(Duration::from_secs(60));
    /// tokio::pin!(sleep);
    /// sleep.as_mut().reset(Instant::now() + Duration::from_millis(1));
    /// sleep.await;
    /// # }
    /// ```
    pub fn reset(self: Pin<&mut Self>, deadline: Instant) {
        let this = self.get_mut();
        this.inner.reset(deadline.to_sim());
        this.deadline = deadline;
        this.registered = true;
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.registered = true;
        Pin::new(&mut this.inner).poll(cx)
    }
}
