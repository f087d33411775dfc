//! Ticking at a fixed period.

use std::future::Future;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::{Instant, Sleep};

/// A ticker whose first tick completes at once and then every `period` of virtual time.
///
/// A tick that is late (the task was busy past it) completes at once, and the following ticks
/// keep their schedule (tokio's `MissedTickBehavior::Burst`).
///
/// # Panics
///
/// Panics when `period` is zero, and when called outside a simulation.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let mut ticks = time::interval(Duration::from_millis(100));
///     let mut at = Vec::new();
///     for _ in 0..3 {
///         at.push(ticks.tick().await.to_string());
///     }
///     assert_eq!(at, ["0.000s", "0.100s", "0.200s"]);
/// });
/// ```
#[track_caller]
pub fn interval(period: Duration) -> Interval {
    interval_at(super::now(), period)
}

/// A ticker whose first tick completes at `start`, then every `period`; see [`interval`].
///
/// # Panics
///
/// Panics when `period` is zero, and when called outside a simulation.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let start = time::now() + Duration::from_secs(1);
///     let mut ticks = time::interval_at(start, Duration::from_secs(1));
///     assert_eq!(ticks.tick().await.to_string(), "1.000s");
/// });
/// ```
#[track_caller]
pub fn interval_at(start: Instant, period: Duration) -> Interval {
    assert!(period > Duration::ZERO, "simloop: `interval` needs a period above zero");
    Interval { period, next: start, sleep: super::sleep_until(start) }
}

/// The ticker of [`interval`] and [`interval_at`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// simloop::Sim::new(1).run(async {
///     let mut i = simloop::time::interval(Duration::from_secs(2));
///     assert_eq!(i.period(), Duration::from_secs(2));
///     i.tick().await;
/// });
/// ```
#[derive(Debug)]
pub struct Interval {
    period: Duration,
    next: Instant,
    sleep: Sleep,
}

impl Interval {
    /// Completes at the next tick, giving the instant the tick was scheduled for.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future loses no tick.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let mut i = simloop::time::interval(Duration::from_secs(1));
    ///     i.tick().await;
    ///     assert_eq!(i.tick().await.to_string(), "1.000s");
    /// });
    /// ```
    pub async fn tick(&mut self) -> Instant {
        poll_fn(|cx| self.poll_tick(cx)).await
    }

    /// Polls for the next tick; see [`tick`](Self::tick).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let mut i = simloop::time::interval(Duration::from_secs(1));
    ///     let first = std::future::poll_fn(|cx| i.poll_tick(cx)).await;
    ///     assert_eq!(first.to_string(), "0.000s");
    /// });
    /// ```
    pub fn poll_tick(&mut self, cx: &mut Context<'_>) -> Poll<Instant> {
        if Pin::new(&mut self.sleep).poll(cx).is_pending() {
            return Poll::Pending;
        }
        let tick = self.next;
        self.next = tick + self.period;
        self.sleep.reset(self.next);
        Poll::Ready(tick)
    }

    /// Schedules the next tick one period from now.
    ///
    /// # Panics
    ///
    /// Panics when called outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::time;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let mut i = time::interval(Duration::from_secs(1));
    ///     i.tick().await;
    ///     time::sleep(Duration::from_millis(300)).await;
    ///     i.reset();
    ///     assert_eq!(i.tick().await.to_string(), "1.300s");
    /// });
    /// ```
    #[track_caller]
    pub fn reset(&mut self) {
        self.next = super::now() + self.period;
        self.sleep.reset(self.next);
    }

    /// The period between ticks.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// simloop::Sim::new(1).run(async {
    ///     assert_eq!(simloop::time::interval(Duration::from_secs(1)).period(), Duration::from_secs(1));
    /// });
    /// ```
    pub fn period(&self) -> Duration {
        self.period
    }
}
