//! The settings of one simulation, as the engine reads them.

use std::time::Duration;

use crate::Strategy;
use crate::Tape;
use crate::detector::Policies;

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
    /// The step bound `k` of `Strategy::Pct`.
    pub(crate) pct_steps: u64,
    /// The probability of an injected abort at each pick of a task.
    pub(crate) abort_probability: f64,
}
