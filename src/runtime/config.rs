//! The settings of one simulation, as the engine reads them.

use std::time::Duration;

use crate::Strategy;
use crate::Tape;
use crate::detector::Policies;
use crate::net::plan::FaultPlan;

/// The settings of one simulation, copied into its core.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) seed: u64,
    pub(crate) strategy: Strategy,
    pub(crate) max_steps: u64,
    pub(crate) max_time: Option<Duration>,
    pub(crate) trace: bool,
    /// Whether a run without `trace` keeps its last events for a failure report (exploration
    /// iterations do not: a failing seed is rerun with every event).
    pub(crate) keep_tail: bool,
    pub(crate) policies: Policies,
    pub(crate) slow_poll: Duration,
    pub(crate) blocking_workers: usize,
    /// The test the run belongs to, for the replay command.
    pub(crate) test: Option<String>,
    /// The tape to follow instead of drawing, when replaying one.
    pub(crate) replay: Option<Tape>,
    /// The replayed tape came from `SIMLOOP_SCHEDULE`: code does not replace it.
    pub(crate) replay_from_env: bool,
    /// Whether to record the run's tape.
    pub(crate) record_tape: bool,
    /// Whether to record the picks where another task could have run (`Tape`'s branches),
    /// for a bounded exhaustive exploration.
    pub(crate) record_branches: bool,
    /// The step bound `k` of `Strategy::Pct` and `Strategy::DelayBounded`.
    pub(crate) pct_steps: u64,
    /// The probability of an injected abort at each pick of a task.
    pub(crate) abort_probability: f64,
    /// How many tasks may be alive at once.
    pub(crate) max_tasks: usize,
    /// How long one poll may run in wall-clock time; `None`: no watchdog.
    pub(crate) watchdog: Option<Duration>,
    /// The network's fault plan (`Sim::faults`).
    pub(crate) faults: Option<FaultPlan>,
}
