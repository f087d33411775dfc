//! Shrinking the failure an exploration found: the oracle that runs candidate tapes, and the
//! traced replay of the shrunk one for the report.

use std::future::Future;
use std::time::{Duration, Instant};

use super::shrinker::shrink;
use super::workers::{Job, wall_clock};
use crate::{Failure, FailureKind, Strategy, Tape};

/// The budget of one shrink.
#[derive(Debug, Clone, Copy)]
pub(super) struct ShrinkBudget {
    pub(super) runs: u64,
    pub(super) time: Option<Duration>,
}

/// What shrinking a failure gave.
#[derive(Debug, Clone)]
pub(super) enum Shrinking {
    /// Not attempted (budget of 0 runs, or the run followed `SIMLOOP_SCHEDULE`).
    Off,
    /// Could not start, and why.
    Skipped(String),
    /// The shrunk schedule.
    Done(Box<Shrunk>),
}

#[derive(Debug, Clone)]
pub(super) struct Shrunk {
    /// The tape of the failing run, as recorded.
    pub(super) original: Tape,
    /// The shrunk tape, recorded by a traced replay: its differences are in words.
    pub(super) tape: Tape,
    /// The failure of that replay: the same kind and message.
    pub(super) failure: Failure,
    /// How many candidate tapes ran.
    pub(super) runs: u64,
    /// Whether the budget ran out before shrinking was done.
    pub(super) exhausted: bool,
}

/// Shrinks the tape of `failure`, the traced failure of `seed` under `strategy`.
pub(super) fn shrink_failure<F, Fut>(
    job: &Job<'_, F>,
    seed: u64,
    strategy: Strategy,
    failure: &Failure,
    budget: ShrinkBudget,
) -> Shrinking
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    if budget.runs == 0 || job.tape.is_some() {
        return Shrinking::Off;
    }
    let Some(original) = failure.tape().cloned() else {
        return Shrinking::Skipped("the failing run recorded no tape".into());
    };
    let same =
        |other: &Failure| other.kind() == failure.kind() && other.message() == failure.message();
    // A candidate may wander into a long run (a retry loop that no longer ends): one four
    // times longer than the failure cannot be the shortest, so cap its steps. Not for a step
    // limit failure, whose message names the limit.
    let max_steps = match failure.kind() {
        FailureKind::StepLimit => job.max_steps,
        _ => failure.step().saturating_mul(4).saturating_add(1_000).min(job.max_steps),
    };
    let sim = |tape: &Tape| job.sim(seed, strategy).tape(tape.clone()).max_steps(max_steps);
    let mut oracle = |candidate: &Tape| {
        let sim = sim(candidate).record_tape(true);
        match job.run_sim(sim) {
            Err(other) if same(&other) => other.tape().map(Tape::trimmed),
            _ => None,
        }
    };
    if oracle(&original).is_none() {
        return Shrinking::Skipped(
            "replaying the recorded tape did not fail the same way: the tape does not decide \
             this run"
                .into(),
        );
    }
    // A budget too long to reach (`Duration::MAX`) is no deadline.
    let deadline: Option<Instant> = budget.time.and_then(|t| wall_clock().checked_add(t));
    let out_of_time = || deadline.is_some_and(|d| wall_clock() >= d);
    let shrunk = shrink(&original, budget.runs, &out_of_time, &mut oracle);
    let traced = sim(&shrunk.tape).trace(true);
    match job.run_sim(traced) {
        Err(traced) if same(&traced) => Shrinking::Done(Box::new(Shrunk {
            original,
            tape: traced.tape().map(Tape::trimmed).unwrap_or_default(),
            failure: traced,
            runs: shrunk.runs + 1,
            exhausted: shrunk.exhausted,
        })),
        _ => Shrinking::Skipped(
            "the traced replay of the shrunk tape did not fail the same way (nondeterminism)"
                .into(),
        ),
    }
}
