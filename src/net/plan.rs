//! [`FaultPlan`]: faults drawn from the seed, at random instants.

use std::time::Duration;

/// Faults drawn from the seed: partitions, crashes and latency spikes at random instants,
/// each repaired after a while. Give it to [`Sim::faults`](crate::Sim::faults) or
/// [`Explorer::faults`](crate::Explorer::faults).
///
/// Every [`every`](Self::every) of virtual time (default 100 ms), once the first host is
/// declared, each kind of fault with a non-zero probability happens with that probability:
///
/// - a **partition** of two hosts (both ways), repaired after a while;
/// - a **crash** of a declared host, restarted after a while;
/// - a **latency spike** on the links of a host: their latency is multiplied by
///   [`spike`](Self::spike) (default 10), back to normal after a while.
///
/// "A while" is drawn from [`lasting`](Self::lasting) (default 50 ms to 500 ms).
///
/// # Determinism
///
/// Whether a fault happens, and which hosts it hits, are decisions (entries of the tape, `0`
/// for no fault or the first target), drawn from the network's stream: shrinking a failure
/// turns off the faults it does not need, and the shrunk schedule names the ones it does
/// ("partitioned a|b for 0.200s"). How long a fault lasts is drawn from the same stream but is
/// no decision. The plan runs as a daemon task of the main host (`net faults`).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::net::FaultPlan;
///
/// let plan = FaultPlan::new()
///     .every(Duration::from_millis(50))
///     .partition(0.1)
///     .crash(0.05)
///     .latency_spike(0.1)
///     .lasting(Duration::from_millis(10), Duration::from_millis(200));
/// assert_eq!(plan.crash_probability(), 0.05);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FaultPlan {
    pub(crate) every: Duration,
    pub(crate) partition: f64,
    pub(crate) crash: f64,
    pub(crate) latency_spike: f64,
    pub(crate) lasting: (Duration, Duration),
    pub(crate) spike: u32,
}

impl Default for FaultPlan {
    fn default() -> Self {
        Self::new()
    }
}

impl FaultPlan {
    /// A plan with every probability `0`: set the faults you want.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::net::FaultPlan::new().partition_probability(), 0.0);
    /// ```
    pub fn new() -> Self {
        Self {
            every: Duration::from_millis(100),
            partition: 0.0,
            crash: 0.0,
            latency_spike: 0.0,
            lasting: (Duration::from_millis(50), Duration::from_millis(500)),
            spike: 10,
        }
    }

    /// How often the plan draws (default 100 ms of virtual time).
    ///
    /// # Panics
    ///
    /// Panics when `interval` is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// let plan = simloop::net::FaultPlan::new().every(std::time::Duration::from_secs(1));
    /// # let _ = plan;
    /// ```
    #[track_caller]
    pub fn every(mut self, interval: Duration) -> Self {
        assert!(!interval.is_zero(), "simloop: `FaultPlan::every`: the interval must not be zero");
        self.every = interval;
        self
    }

    /// The probability of a partition at each draw.
    ///
    /// # Panics
    ///
    /// Panics when `p` is not within `0.0..=1.0`.
    ///
    /// # Examples
    ///
    /// ```
    /// let plan = simloop::net::FaultPlan::new().partition(0.2);
    /// assert_eq!(plan.partition_probability(), 0.2);
    /// ```
    #[track_caller]
    pub fn partition(mut self, p: f64) -> Self {
        self.partition = probability("partition", p);
        self
    }

    /// The probability of a crash (and a later restart) at each draw.
    ///
    /// # Panics
    ///
    /// Panics when `p` is not within `0.0..=1.0`.
    ///
    /// # Examples
    ///
    /// ```
    /// let plan = simloop::net::FaultPlan::new().crash(0.1);
    /// assert_eq!(plan.crash_probability(), 0.1);
    /// ```
    #[track_caller]
    pub fn crash(mut self, p: f64) -> Self {
        self.crash = probability("crash", p);
        self
    }

    /// The probability of a latency spike at each draw.
    ///
    /// # Panics
    ///
    /// Panics when `p` is not within `0.0..=1.0`.
    ///
    /// # Examples
    ///
    /// ```
    /// let plan = simloop::net::FaultPlan::new().latency_spike(0.3);
    /// assert_eq!(plan.latency_spike_probability(), 0.3);
    /// ```
    #[track_caller]
    pub fn latency_spike(mut self, p: f64) -> Self {
        self.latency_spike = probability("latency_spike", p);
        self
    }

    /// How long a fault lasts: drawn within `min..=max` (default 50 ms to 500 ms).
    ///
    /// # Panics
    ///
    /// Panics when `min > max`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let plan = simloop::net::FaultPlan::new()
    ///     .lasting(Duration::from_millis(1), Duration::from_millis(5));
    /// # let _ = plan;
    /// ```
    #[track_caller]
    pub fn lasting(mut self, min: Duration, max: Duration) -> Self {
        assert!(min <= max, "simloop: `FaultPlan::lasting`: min {min:?} is above max {max:?}");
        self.lasting = (min, max);
        self
    }

    /// The factor a latency spike multiplies latency by (default 10).
    ///
    /// # Examples
    ///
    /// ```
    /// let plan = simloop::net::FaultPlan::new().latency_spike(0.1).spike(100);
    /// # let _ = plan;
    /// ```
    pub fn spike(mut self, factor: u32) -> Self {
        self.spike = factor.max(1);
        self
    }

    /// The probability of a partition at each draw.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::net::FaultPlan::new().partition_probability(), 0.0);
    /// ```
    pub fn partition_probability(&self) -> f64 {
        self.partition
    }

    /// The probability of a crash at each draw.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::net::FaultPlan::new().crash_probability(), 0.0);
    /// ```
    pub fn crash_probability(&self) -> f64 {
        self.crash
    }

    /// The probability of a latency spike at each draw.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::net::FaultPlan::new().latency_spike_probability(), 0.0);
    /// ```
    pub fn latency_spike_probability(&self) -> f64 {
        self.latency_spike
    }
}

/// `p` as a threshold on a 64-bit draw: `p * 2^64`, saturating.
pub(crate) fn threshold(p: f64) -> u64 {
    (p.clamp(0.0, 1.0) * 18_446_744_073_709_551_616.0) as u64
}

#[track_caller]
fn probability(what: &str, p: f64) -> f64 {
    assert!(
        (0.0..=1.0).contains(&p),
        "simloop: `FaultPlan::{what}({p})`: the probability must be within 0.0..=1.0"
    );
    p
}
