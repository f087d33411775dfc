//! [`Outcome`]: what a run that completed returns.

use std::time::Duration;

use crate::trace::Trace;
use crate::{Failure, Strategy, Tape};

/// The result of a run that completed: the main future's output and facts about the run.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// let outcome = Sim::new(1).try_run(async {
///     time::sleep(Duration::from_millis(1500)).await;
///     "ok"
/// }).unwrap();
/// assert_eq!(outcome.elapsed(), Duration::from_millis(1500));
/// assert_eq!(outcome.steps(), 2);
/// assert_eq!(outcome.into_value(), "ok");
/// ```
#[derive(Debug, Clone)]
pub struct Outcome<T> {
    pub(crate) value: T,
    pub(crate) seed: u64,
    pub(crate) strategy: Strategy,
    pub(crate) steps: u64,
    pub(crate) elapsed: Duration,
    pub(crate) digest: u64,
    pub(crate) trace: Trace,
    pub(crate) tape: Option<Tape>,
    pub(crate) warnings: Vec<Failure>,
}

impl<T> Outcome<T> {
    /// The decisions of the run, when it recorded them
    /// ([`Sim::record_tape`](crate::Sim::record_tape)); replaying them gives the same run.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).record_tape(true).try_run(async {}).unwrap();
    /// assert!(o.tape().unwrap().is_empty()); // one task: nothing to decide
    /// let traced = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert!(traced.tape().is_none()); // a trace alone records no tape
    /// ```
    pub fn tape(&self) -> Option<&Tape> {
        self.tape.as_ref()
    }

    /// The findings of detectors whose policy is [`Policy::Warn`](crate::Policy::Warn), in the order found.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::{Detector, FailureKind, Policy, Sim};
    ///
    /// let outcome = Sim::new(1)
    ///     .policy(Detector::SlowPoll, Policy::Warn)
    ///     .try_run(async { simloop::cpu_work(Duration::from_millis(150)) })
    ///     .unwrap();
    /// assert_eq!(outcome.warnings()[0].kind(), FailureKind::SlowPoll);
    /// ```
    pub fn warnings(&self) -> &[Failure] {
        &self.warnings
    }

    /// The main future's output.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).try_run(async { 5 }).unwrap();
    /// assert_eq!(*o.value(), 5);
    /// ```
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The main future's output, by value.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).try_run(async { String::from("x") }).unwrap();
    /// assert_eq!(o.into_value(), "x");
    /// ```
    pub fn into_value(self) -> T {
        self.value
    }

    /// The virtual time the run took.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).try_run(async {}).unwrap();
    /// assert_eq!(o.elapsed(), std::time::Duration::ZERO);
    /// ```
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// How many steps (polls of a task) the run took.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).try_run(async {}).unwrap();
    /// assert_eq!(o.steps(), 1);
    /// ```
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The fingerprint of the whole run: equal digests mean the same schedule.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = simloop::Sim::new(1).try_run(async {}).unwrap();
    /// let b = simloop::Sim::new(1).try_run(async {}).unwrap();
    /// assert_eq!(a.digest(), b.digest());
    /// ```
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// The recorded events; empty unless the run had [`Sim::trace(true)`](crate::Sim::trace).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert_eq!(o.trace().events().len(), 2);
    /// ```
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The seed of the run.
    ///
    /// # Examples
    ///
    /// ```
    /// # if std::env::var_os("SIMLOOP_SEED").is_none() {
    /// assert_eq!(simloop::Sim::new(4).try_run(async {}).unwrap().seed(), 4);
    /// # }
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The strategy of the run (for [`Strategy::Portfolio`], the member that ran).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = simloop::Sim::new(4).try_run(async {}).unwrap();
    /// assert_eq!(o.strategy(), simloop::Strategy::Random);
    /// ```
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }
}
