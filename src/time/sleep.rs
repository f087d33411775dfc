//! Waiting until a virtual instant.

use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::Instant;
use crate::runtime::{TimerKey, context};

/// Waits until `duration` of virtual time has passed.
///
/// The deadline is fixed when `sleep` is called. No real time passes: when no task is ready,
/// the clock jumps to the earliest deadline. A zero duration completes on the first poll.
///
/// # Determinism
///
/// Timers due at the same instant fire in an order drawn from the seed (creation order in the
/// default order; under [`Strategy::Fifo`](crate::Strategy::Fifo), the order of asyncio's timer
/// heap, which is creation order for two of them but not always for more).
///
/// # Cancellation
///
/// Dropping the `Sleep` removes its timer.
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
///     time::sleep(Duration::from_secs(3600)).await; // an hour, in microseconds of real time
///     assert_eq!(time::now().to_string(), "3600.000s");
/// });
/// ```
#[track_caller]
pub fn sleep(duration: Duration) -> Sleep {
    let deadline = context::with("simloop::time::sleep", |core| core.now()) + duration;
    Sleep::new(deadline, Location::caller())
}

/// Waits until the virtual clock reaches `deadline`; see [`sleep`].
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
///     let deadline = time::now() + Duration::from_millis(500);
///     time::sleep_until(deadline).await;
///     assert_eq!(time::now(), deadline);
/// });
/// ```
#[track_caller]
pub fn sleep_until(deadline: Instant) -> Sleep {
    context::with("simloop::time::sleep_until", |_| ());
    Sleep::new(deadline, Location::caller())
}

/// The future of [`sleep`] and [`sleep_until`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::time;
///
/// simloop::Sim::new(1).run(async {
///     let mut s = time::sleep(Duration::from_secs(1));
///     assert!(!s.is_elapsed());
///     s.reset(time::now() + Duration::from_secs(2));
///     (&mut s).await;
///     assert_eq!(time::now(), s.deadline());
/// });
/// ```
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Sleep {
    deadline: Instant,
    timer: Option<Registration>,
    site: &'static Location<'static>,
}

#[derive(Debug)]
struct Registration {
    sim: u64,
    key: TimerKey,
}

impl Sleep {
    fn new(deadline: Instant, site: &'static Location<'static>) -> Self {
        Self { deadline, timer: None, site }
    }

    /// The instant this sleep completes at.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// simloop::Sim::new(1).run(async {
    ///     let s = simloop::time::sleep(Duration::from_secs(1));
    ///     assert_eq!(s.deadline().to_string(), "1.000s");
    /// });
    /// ```
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Where the sleep was made, for the timer's reports.
    pub(crate) fn site(&self) -> &'static Location<'static> {
        self.site
    }

    /// Whether the deadline has been reached.
    ///
    /// # Panics
    ///
    /// Panics when called outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let s = simloop::time::sleep(std::time::Duration::ZERO);
    ///     assert!(s.is_elapsed());
    /// });
    /// ```
    #[track_caller]
    pub fn is_elapsed(&self) -> bool {
        super::now() >= self.deadline
    }

    /// Moves the deadline, whether or not the sleep has completed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::time;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let mut s = time::sleep(Duration::from_secs(10));
    ///     s.reset(time::now() + Duration::from_secs(1));
    ///     (&mut s).await;
    ///     assert_eq!(time::now().to_string(), "1.000s");
    /// });
    /// ```
    pub fn reset(&mut self, deadline: Instant) {
        self.unregister();
        self.deadline = deadline;
    }

    fn unregister(&mut self) {
        if let Some(reg) = self.timer.take() {
            let waker = context::with_sim(reg.sim, |core| core.cancel_timer(reg.key));
            drop(waker);
        }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let (poll, stale_waker) = context::with("polling a `Sleep`", |core| {
            if let Some(reg) = &this.timer {
                assert_eq!(
                    reg.sim,
                    core.sim_id(),
                    "simloop: a `Sleep` made in one simulation was polled in another; \
                     create timers inside the simulation that awaits them"
                );
            }
            if core.now() >= this.deadline {
                let stale = this.timer.take().and_then(|reg| core.cancel_timer(reg.key));
                return (Poll::Ready(()), stale);
            }
            match &this.timer {
                Some(reg) => (Poll::Pending, core.set_timer_waker(reg.key, cx.waker())),
                None => {
                    let key = core.add_timer(this.deadline, cx.waker().clone(), this.site);
                    this.timer = Some(Registration { sim: core.sim_id(), key });
                    (Poll::Pending, None)
                }
            }
        });
        drop(stale_waker);
        poll
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        self.unregister();
    }
}
