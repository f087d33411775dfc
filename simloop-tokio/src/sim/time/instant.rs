//! `Instant`: a point of virtual time.

use std::fmt;
use std::ops::{Add, AddAssign, Sub, SubAssign};
use std::time::Duration;

/// How far before the simulation's start the facade's clock begins: tokio code subtracts
/// from `Instant::now()` (a deadline already past), which must not underflow at the start.
const ORIGIN: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// A point of virtual time; tokio's `time::Instant`.
///
/// It never reads the wall clock: [`Instant::now`] is the simulation's clock, which moves
/// only when no task is ready (see `simloop::time`).
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
/// use tokio::time::Instant;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let start = Instant::now();
/// tokio::time::sleep(Duration::from_secs(5)).await;
/// assert!(start.elapsed() >= Duration::from_secs(5));
/// # }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(u64);

impl Instant {
    /// The current virtual time.
    ///
    /// # Panics
    ///
    /// Panics outside a simulation: the facade never reads the wall clock.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let a = tokio::time::Instant::now();
    /// assert!(tokio::time::Instant::now() >= a);
    /// # }
    /// ```
    #[track_caller]
    pub fn now() -> Self {
        Self::from_sim(simloop::time::now())
    }

    pub(crate) fn from_sim(at: simloop::time::Instant) -> Self {
        Self::from_duration(ORIGIN + at.since_start())
    }

    pub(crate) fn to_sim(self) -> simloop::time::Instant {
        simloop::time::Instant::from_start(self.as_duration().saturating_sub(ORIGIN))
    }

    /// Nanoseconds since the facade clock's origin (a `u64`, as simloop's clock counts).
    fn from_duration(d: Duration) -> Self {
        Self(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
    }

    fn as_duration(self) -> Duration {
        Duration::from_nanos(self.0)
    }

    /// 30 years from now: tokio's deadline for a duration too long to add.
    #[track_caller]
    pub(crate) fn far_future() -> Self {
        Self::now() + Duration::from_secs(86_400 * 365 * 30)
    }

    /// Converting from the wall clock is not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the item: a wall-clock instant has no place on the virtual clock.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// # #[allow(clippy::disallowed_methods)]
    /// let _ = tokio::time::Instant::from_std(std::time::Instant::now());
    /// ```
    #[track_caller]
    pub fn from_std(std: std::time::Instant) -> Self {
        let _ = std;
        crate::sim::unsupported::unsupported("tokio::time::Instant::from_std")
    }

    /// Converting to the wall clock is not simulated.
    ///
    /// # Panics
    ///
    /// Always, naming the item.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let _ = tokio::time::Instant::now().into_std();
    /// # }
    /// ```
    #[track_caller]
    pub fn into_std(self) -> std::time::Instant {
        crate::sim::unsupported::unsupported("tokio::time::Instant::into_std")
    }

    /// The time from `earlier` to `self`, zero when `earlier` is later.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let now = tokio::time::Instant::now();
    /// assert_eq!((now + Duration::from_secs(1)).duration_since(now), Duration::from_secs(1));
    /// assert_eq!(now.duration_since(now + Duration::from_secs(1)), Duration::ZERO);
    /// # }
    /// ```
    pub fn duration_since(&self, earlier: Self) -> Duration {
        Duration::from_nanos(self.0.saturating_sub(earlier.0))
    }

    /// The time from `earlier` to `self`, `None` when `earlier` is later.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let now = tokio::time::Instant::now();
    /// assert_eq!(now.checked_duration_since(now + Duration::from_secs(1)), None);
    /// # }
    /// ```
    pub fn checked_duration_since(&self, earlier: Self) -> Option<Duration> {
        self.0.checked_sub(earlier.0).map(Duration::from_nanos)
    }

    /// The time from `earlier` to `self`, zero when `earlier` is later.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let now = tokio::time::Instant::now();
    /// assert_eq!(now.saturating_duration_since(now + Duration::from_secs(1)), Duration::ZERO);
    /// # }
    /// ```
    pub fn saturating_duration_since(&self, earlier: Self) -> Duration {
        self.duration_since(earlier)
    }

    /// The virtual time since `self`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let start = tokio::time::Instant::now();
    /// tokio::time::sleep(Duration::from_millis(3)).await;
    /// assert_eq!(start.elapsed(), Duration::from_millis(3));
    /// # }
    /// ```
    #[track_caller]
    pub fn elapsed(&self) -> Duration {
        Self::now().duration_since(*self)
    }

    /// `self + duration`, `None` on overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// assert!(tokio::time::Instant::now().checked_add(Duration::MAX).is_none());
    /// # }
    /// ```
    pub fn checked_add(&self, duration: Duration) -> Option<Self> {
        // simloop's clock counts nanoseconds in a u64 (584 years).
        let nanos = u64::try_from(duration.as_nanos()).ok()?;
        self.0.checked_add(nanos).map(Self)
    }

    /// `self - duration`, `None` before the clock's origin.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let now = tokio::time::Instant::now();
    /// assert_eq!(now.checked_sub(Duration::from_secs(1)).unwrap() + Duration::from_secs(1), now);
    /// # }
    /// ```
    pub fn checked_sub(&self, duration: Duration) -> Option<Self> {
        let nanos = u64::try_from(duration.as_nanos()).ok()?;
        self.0.checked_sub(nanos).map(Self)
    }
}

impl Add<Duration> for Instant {
    type Output = Self;

    fn add(self, rhs: Duration) -> Self {
        self.checked_add(rhs).expect("overflow when adding duration to instant")
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, rhs: Duration) {
        *self = *self + rhs;
    }
}

impl Sub<Duration> for Instant {
    type Output = Self;

    fn sub(self, rhs: Duration) -> Self {
        self.checked_sub(rhs).expect("overflow when subtracting duration from instant")
    }
}

impl SubAssign<Duration> for Instant {
    fn sub_assign(&mut self, rhs: Duration) {
        *self = *self - rhs;
    }
}

impl Sub for Instant {
    type Output = Duration;

    fn sub(self, rhs: Self) -> Duration {
        self.duration_since(rhs)
    }
}

impl fmt::Debug for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.as_duration();
        match at.checked_sub(ORIGIN) {
            Some(d) => write!(f, "Instant({d:?} of virtual time)"),
            None => write!(f, "Instant(-{:?} of virtual time)", ORIGIN - at),
        }
    }
}

impl From<simloop::time::Instant> for Instant {
    fn from(at: simloop::time::Instant) -> Self {
        Self::from_sim(at)
    }
}

impl From<Instant> for simloop::time::Instant {
    fn from(at: Instant) -> Self {
        at.to_sim()
    }
}
