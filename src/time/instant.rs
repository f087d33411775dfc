//! Points in virtual time.

use std::fmt;
use std::ops::{Add, AddAssign, Sub, SubAssign};
use std::time::Duration;

/// A point in the virtual time of a simulation, measured from its start.
///
/// Every simulation starts at [`Instant::ZERO`]. Virtual time moves only when no task is
/// ready, jumping to the next timer; it has nanosecond resolution and saturates at
/// [`Instant::MAX`], about 584 years. `Display` (and `Debug`) show seconds with three decimals
/// (`1.500s`), the milliseconds truncated.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let start = time::now();
///     time::sleep(Duration::from_millis(1500)).await;
///     assert_eq!(time::now() - start, Duration::from_millis(1500));
///     assert_eq!(time::now().to_string(), "1.500s");
/// });
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(u64);

impl Instant {
    /// The start of every simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::time::Instant::ZERO.to_string(), "0.000s");
    /// ```
    pub const ZERO: Self = Self(0);

    /// The latest representable instant; later deadlines saturate to it.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::time::Instant;
    /// assert_eq!(Instant::MAX + std::time::Duration::from_secs(1), Instant::MAX);
    /// ```
    pub const MAX: Self = Self(u64::MAX);

    /// The instant `d` after the start of the simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::time::Instant;
    ///
    /// let t = Instant::from_start(Duration::from_millis(250));
    /// assert_eq!(t.to_string(), "0.250s");
    /// ```
    pub const fn from_start(d: Duration) -> Self {
        let nanos = d.as_nanos();
        if nanos > u64::MAX as u128 { Self::MAX } else { Self(nanos as u64) }
    }

    /// The virtual time since the start of the simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::time::Instant;
    ///
    /// let d = Duration::from_secs(3);
    /// assert_eq!(Instant::from_start(d).since_start(), d);
    /// ```
    pub const fn since_start(self) -> Duration {
        Duration::from_nanos(self.0)
    }

    /// The time from `earlier` to `self`, or zero when `earlier` is later.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::time::Instant;
    ///
    /// let a = Instant::from_start(Duration::from_secs(1));
    /// let b = Instant::from_start(Duration::from_secs(3));
    /// assert_eq!(b.duration_since(a), Duration::from_secs(2));
    /// assert_eq!(a.duration_since(b), Duration::ZERO);
    /// ```
    pub const fn duration_since(self, earlier: Self) -> Duration {
        Duration::from_nanos(self.0.saturating_sub(earlier.0))
    }

    /// The time from `earlier` to `self`, or `None` when `earlier` is later.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::time::Instant;
    /// assert_eq!(Instant::ZERO.checked_duration_since(Instant::MAX), None);
    /// ```
    pub const fn checked_duration_since(self, earlier: Self) -> Option<Duration> {
        match self.0.checked_sub(earlier.0) {
            Some(n) => Some(Duration::from_nanos(n)),
            None => None,
        }
    }

    /// `self + d`, or `None` past [`Instant::MAX`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::time::Instant;
    /// assert_eq!(Instant::MAX.checked_add(Duration::from_nanos(1)), None);
    /// ```
    pub fn checked_add(self, d: Duration) -> Option<Self> {
        u64::try_from(d.as_nanos()).ok().and_then(|n| self.0.checked_add(n)).map(Self)
    }

    /// `self - d`, or `None` before [`Instant::ZERO`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::time::Instant;
    /// assert_eq!(Instant::ZERO.checked_sub(Duration::from_nanos(1)), None);
    /// ```
    pub fn checked_sub(self, d: Duration) -> Option<Self> {
        u64::try_from(d.as_nanos()).ok().and_then(|n| self.0.checked_sub(n)).map(Self)
    }

    pub(crate) const fn as_nanos(self) -> u64 {
        self.0
    }

    pub(crate) const fn from_nanos(nanos: u64) -> Self {
        Self(nanos)
    }

    pub(crate) fn saturating_add(self, d: Duration) -> Self {
        Self(self.0.saturating_add(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)))
    }
}

impl Add<Duration> for Instant {
    type Output = Self;

    /// Saturates at [`Instant::MAX`].
    fn add(self, d: Duration) -> Self {
        self.saturating_add(d)
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, d: Duration) {
        *self = *self + d;
    }
}

impl Sub<Duration> for Instant {
    type Output = Self;

    /// Saturates at [`Instant::ZERO`].
    fn sub(self, d: Duration) -> Self {
        self.checked_sub(d).unwrap_or(Self::ZERO)
    }
}

impl SubAssign<Duration> for Instant {
    fn sub_assign(&mut self, d: Duration) {
        *self = *self - d;
    }
}

impl Sub for Instant {
    type Output = Duration;

    /// Saturates at zero, like [`Instant::duration_since`].
    fn sub(self, earlier: Self) -> Duration {
        self.duration_since(earlier)
    }
}

/// Seconds since the start with millisecond precision (`1.250s`), and with as many more
/// digits as the time needs when it falls between milliseconds (`0.000250s`, `0.000000001s`):
/// a time is never shown as another.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::time::Instant;
///
/// let at = |d| Instant::ZERO + d;
/// assert_eq!(at(Duration::from_millis(1250)).to_string(), "1.250s");
/// assert_eq!(at(Duration::from_micros(250)).to_string(), "0.000250s");
/// assert_eq!(at(Duration::from_nanos(1)).to_string(), "0.000000001s");
/// ```
impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (secs, nanos) = (self.0 / 1_000_000_000, self.0 % 1_000_000_000);
        let text = if nanos % 1_000_000 == 0 {
            format!("{secs}.{:03}s", nanos / 1_000_000)
        } else if nanos % 1_000 == 0 {
            format!("{secs}.{:06}s", nanos / 1_000)
        } else {
            format!("{secs}.{nanos:09}s")
        };
        f.pad(&text)
    }
}

impl fmt::Debug for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
