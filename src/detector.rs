//! Detectors: the classic async mistakes that a run can finish without noticing.
//!
//! Each detector turns a mistake into a finding with a report (a [`Failure`](crate::Failure)), and its
//! [`Policy`] decides what the finding does to the run:
//!
//! | detector | finds | asyncio's words for it |
//! | --- | --- | --- |
//! | [`Detector::UnobservedPanic`] | a task panicked and its `JoinHandle` was dropped without being awaited | "Task exception was never retrieved" |
//! | [`Detector::LeakedTasks`] | tasks (not daemons) still pending when the main future returned | "Task was destroyed but it is pending!" |
//! | [`Detector::SlowPoll`] | one poll held the loop longer than [`Sim::slow_poll`](crate::Sim::slow_poll) of virtual time ([`cpu_work`](crate::cpu_work)) | `Executing <Task> took 0.150 seconds` (`slow_callback_duration`) |

use std::fmt;

use crate::FailureKind;

/// A detector of a classic async mistake; see [`Sim::policy`](crate::Sim::policy).
///
/// # Examples
///
/// ```
/// use simloop::{Detector, FailureKind, Policy, Sim};
///
/// // A fire-and-forget task that panics: nobody awaits it.
/// let program = || async {
///     drop(simloop::spawn(async { panic!("lost") }));
///     simloop::time::sleep(std::time::Duration::from_millis(1)).await;
/// };
/// let failure = Sim::new(1).try_run(program()).unwrap_err();
/// assert_eq!(failure.kind(), FailureKind::UnobservedPanic);
/// let allowed = Sim::new(1).policy(Detector::UnobservedPanic, Policy::Allow).try_run(program());
/// assert!(allowed.is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Detector {
    /// A task panicked and its `JoinHandle` was dropped without being awaited, so nobody will
    /// ever see the panic.
    UnobservedPanic,
    /// Tasks still pending when the main future returned; daemon tasks
    /// ([`Builder::daemon`](crate::task::Builder::daemon)) are exempt.
    LeakedTasks,
    /// One poll held the loop longer than [`Sim::slow_poll`](crate::Sim::slow_poll) of virtual
    /// time, so every other task waited.
    SlowPoll,
}

impl Detector {
    /// Every detector.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Detector::ALL.len(), 3);
    /// ```
    pub const ALL: [Self; 3] = [Self::UnobservedPanic, Self::LeakedTasks, Self::SlowPoll];

    /// The kind of the failure it reports.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Detector, FailureKind};
    /// assert_eq!(Detector::SlowPoll.failure_kind(), FailureKind::SlowPoll);
    /// ```
    pub const fn failure_kind(self) -> FailureKind {
        match self {
            Self::UnobservedPanic => FailureKind::UnobservedPanic,
            Self::LeakedTasks => FailureKind::LeakedTasks,
            Self::SlowPoll => FailureKind::SlowPoll,
        }
    }

    const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Detector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.failure_kind(), f)
    }
}

/// What a [`Detector`]'s finding does to the run.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Detector, Policy, Sim};
///
/// let outcome = Sim::new(1)
///     .policy(Detector::SlowPoll, Policy::Warn)
///     .try_run(async { simloop::cpu_work(Duration::from_millis(250)) })
///     .unwrap();
/// assert_eq!(outcome.warnings().len(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Policy {
    /// The finding fails the run with its report. The default of every detector.
    #[default]
    Fail,
    /// The run goes on; the report is printed to stderr and kept in
    /// [`Outcome::warnings`](crate::Outcome::warnings).
    Warn,
    /// The finding is only recorded in the trace.
    Allow,
}

/// The policy of each detector.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Policies([Policy; Detector::ALL.len()]);

impl Policies {
    pub(crate) fn get(&self, detector: Detector) -> Policy {
        self.0[detector.index()]
    }

    pub(crate) fn set(&mut self, detector: Detector, policy: Policy) {
        self.0[detector.index()] = policy;
    }
}
