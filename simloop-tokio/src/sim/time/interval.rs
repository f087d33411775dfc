//! `Interval`: ticks at a fixed period, with tokio's rules for missed ticks.

use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::{Instant, Sleep, sleep_until};

/// How late a tick may complete and still count as on time (tokio's rule): past it, the
/// next tick follows the [`MissedTickBehavior`].
const ON_TIME: Duration = Duration::from_millis(5);

/// `at + period`, or 30 years from now when that overflows (tokio's rule for huge periods).
fn later(at: Instant, period: Duration) -> Instant {
    at.checked_add(period).unwrap_or_else(Instant::far_future)
}

/// A ticker whose first tick completes at once; tokio's `time::interval`.
///
/// # Panics
///
/// Panics when `period` is zero, and outside a simulation.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// use tokio::time::{Instant, interval};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let start = Instant::now();
/// let mut ticks = interval(Duration::from_millis(100));
/// ticks.tick().await; // at once
/// ticks.tick().await;
/// assert_eq!(start.elapsed(), Duration::from_millis(100));
/// # }
/// ```
#[track_caller]
pub fn interval(period: Duration) -> Interval {
    assert!(period > Duration::ZERO, "`period` must be non-zero.");
    interval_at(Instant::now(), period)
}

/// A ticker whose first tick completes at `start`; tokio's `time::interval_at`.
///
/// # Panics
///
/// Panics when `period` is zero.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// use tokio::time::{Instant, interval_at};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let start = Instant::now() + Duration::from_secs(1);
/// let mut ticks = interval_at(start, Duration::from_secs(1));
/// assert_eq!(ticks.tick().await, start);
/// # }
/// ```
#[track_caller]
pub fn interval_at(start: Instant, period: Duration) -> Interval {
    assert!(period > Duration::ZERO, "`period` must be non-zero.");
    Interval { delay: sleep_until(start), period, missed: MissedTickBehavior::default() }
}

/// What an [`Interval`] does after a tick completed late (more than 5 ms after it was due);
/// tokio's `time::MissedTickBehavior`.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// use tokio::time::{Instant, MissedTickBehavior, interval};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let start = Instant::now();
/// let mut ticks = interval(Duration::from_millis(10));
/// ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
/// ticks.tick().await;
/// tokio::time::sleep(Duration::from_millis(25)).await; // busy past two ticks
/// ticks.tick().await; // late, at once
/// ticks.tick().await; // one period after the late tick
/// assert_eq!(start.elapsed(), Duration::from_millis(35));
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissedTickBehavior {
    /// The missed ticks complete at once, one after the other, then the schedule goes on.
    #[default]
    Burst,
    /// The next tick is one period after the late one.
    Delay,
    /// The missed ticks are skipped: the next tick is the next one of the schedule.
    Skip,
}

impl MissedTickBehavior {
    /// The deadline after a tick due at `due` that completed at `now`.
    fn next(self, due: Instant, now: Instant, period: Duration) -> Instant {
        match self {
            Self::Burst => later(due, period),
            Self::Delay => later(now, period),
            Self::Skip => {
                let late = (now - due).as_nanos() % period.as_nanos();
                later(now, period - Duration::from_nanos(late as u64))
            }
        }
    }
}

/// The ticker of [`interval`] and [`interval_at`]; tokio's `time::Interval`.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mut ticks = tokio::time::interval(Duration::from_secs(1));
/// assert_eq!(ticks.period(), Duration::from_secs(1));
/// ticks.tick().await;
/// # }
/// ```
#[derive(Debug)]
pub struct Interval {
    delay: Sleep,
    period: Duration,
    missed: MissedTickBehavior,
}

impl Interval {
    /// Completes at the next tick and gives the instant it was due.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future loses no tick.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut ticks = tokio::time::interval(Duration::from_secs(1));
    /// let first = ticks.tick().await;
    /// assert_eq!(ticks.tick().await - first, Duration::from_secs(1));
    /// # }
    /// ```
    pub async fn tick(&mut self) -> Instant {
        poll_fn(|cx| self.poll_tick(cx)).await
    }

    /// Polls for the next tick.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut ticks = tokio::time::interval(Duration::from_secs(1));
    /// std::future::poll_fn(|cx| ticks.poll_tick(cx)).await;
    /// # }
    /// ```
    pub fn poll_tick(&mut self, cx: &mut Context<'_>) -> Poll<Instant> {
        if Pin::new(&mut self.delay).poll(cx).is_pending() {
            return Poll::Pending;
        }
        let due = self.delay.deadline();
        let now = Instant::now();
        let next = if now.saturating_duration_since(due) <= ON_TIME {
            later(due, self.period)
        } else {
            self.missed.next(due, now, self.period)
        };
        Pin::new(&mut self.delay).reset(next);
        Poll::Ready(due)
    }

    /// Starts the schedule again: the next tick is one period from now.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// use tokio::time::Instant;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut ticks = tokio::time::interval(Duration::from_secs(1));
    /// ticks.reset();
    /// assert_eq!(ticks.tick().await, Instant::now());
    /// # }
    /// ```
    pub fn reset(&mut self) {
        self.reset_at(later(Instant::now(), self.period));
    }

    /// The next tick completes at once.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// use tokio::time::Instant;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut ticks = tokio::time::interval(Duration::from_secs(1));
    /// ticks.tick().await;
    /// ticks.reset_immediately();
    /// let now = Instant::now();
    /// assert_eq!(ticks.tick().await, now);
    /// # }
    /// ```
    pub fn reset_immediately(&mut self) {
        self.reset_at(Instant::now());
    }

    /// The next tick is `after` from now.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut ticks = tokio::time::interval(Duration::from_secs(1));
    /// ticks.reset_after(Duration::from_secs(5));
    /// let start = tokio::time::Instant::now();
    /// ticks.tick().await;
    /// assert_eq!(start.elapsed(), Duration::from_secs(5));
    /// # }
    /// ```
    pub fn reset_after(&mut self, after: Duration) {
        self.reset_at(later(Instant::now(), after));
    }

    /// The next tick is at `deadline`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// use tokio::time::Instant;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut ticks = tokio::time::interval(Duration::from_secs(1));
    /// let at = Instant::now() + Duration::from_millis(1500);
    /// ticks.reset_at(at);
    /// assert_eq!(ticks.tick().await, at);
    /// # }
    /// ```
    pub fn reset_at(&mut self, deadline: Instant) {
        Pin::new(&mut self.delay).reset(deadline);
    }

    /// The behaviour after a late tick.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// use tokio::time::MissedTickBehavior;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let ticks = tokio::time::interval(Duration::from_secs(1));
    /// assert_eq!(ticks.missed_tick_behavior(), MissedTickBehavior::Burst);
    /// # }
    /// ```
    pub fn missed_tick_behavior(&self) -> MissedTickBehavior {
        self.missed
    }

    /// Sets the behaviour after a late tick.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// use tokio::time::MissedTickBehavior;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut ticks = tokio::time::interval(Duration::from_secs(1));
    /// ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    /// assert_eq!(ticks.missed_tick_behavior(), MissedTickBehavior::Skip);
    /// # }
    /// ```
    pub fn set_missed_tick_behavior(&mut self, behavior: MissedTickBehavior) {
        self.missed = behavior;
    }

    /// The period.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// assert_eq!(tokio::time::interval(Duration::from_secs(2)).period(), Duration::from_secs(2));
    /// # }
    /// ```
    pub fn period(&self) -> Duration {
        self.period
    }
}
