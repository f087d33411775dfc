//! Shrinking the failure an exploration found: the oracle that runs candidate tapes, and the
//! traced replay of the shrunk one for the report.

use std::future::Future;
use std::time::{Duration, Instant};

use std::collections::BTreeMap;

use super::dfs;
use super::shrinker::shrink;
use super::workers::{Job, wall_clock};
use crate::tape::Entry;
use crate::{Failure, FailureKind, Strategy, Tape};

/// A shrunk schedule with more entries than this gets a guided search for a shorter one.
const GUIDED_ABOVE: usize = 3;
/// The most runs that search takes, for each task it tries.
const GUIDED_RUNS: u64 = 150;
/// How many tasks it tries.
const GUIDED_TASKS: usize = 4;

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
    let mut shrunk = shrink(&original, budget.runs, &out_of_time, &mut oracle);
    // Still many preemptions: the failure may have a short schedule elsewhere in the run. A
    // depth-first search from the default order that preempts only for one task (each task
    // the shrunk schedule runs, the most run first) finds one when that task must get ahead
    // a few times, early rather than late.
    if shrunk.tape.non_default() > GUIDED_ABOVE && !shrunk.exhausted {
        let entries = shrunk.tape.entries().unwrap_or_default();
        let mut runs: BTreeMap<u64, u64> = BTreeMap::new();
        for entry in entries {
            if let Entry::Run { task, .. } = entry {
                *runs.entry(*task).or_default() += 1;
            }
        }
        let mut tasks: Vec<(u64, u64)> = runs.into_iter().map(|(t, n)| (n, t)).collect();
        tasks.sort_by_key(|&(n, t)| (std::cmp::Reverse(n), t));
        for (_, task) in tasks.into_iter().take(GUIDED_TASKS) {
            let left = budget.runs.saturating_sub(shrunk.runs);
            let limits = dfs::Budget { cap: Some(GUIDED_RUNS.min(left)), deadline };
            let depth = (shrunk.tape.non_default() - 1) as u32;
            let strategy = Strategy::Dfs { preemptions: depth };
            let rank = |t: u64| (t == task).then_some(0);
            let found = dfs::search(job, seed, strategy, depth, limits, &rank, &|f| same(f));
            shrunk.runs += found.tally.runs;
            let Some(found) = found.found.and_then(|f| f.failure.tape().cloned()) else {
                continue;
            };
            let left = budget.runs.saturating_sub(shrunk.runs);
            let again = shrink(&found, left, &out_of_time, &mut oracle);
            let runs = shrunk.runs + again.runs;
            if again.tape.non_default() < shrunk.tape.non_default() {
                shrunk = again;
            }
            shrunk.runs = runs;
            if shrunk.tape.non_default() <= GUIDED_ABOVE {
                break;
            }
        }
    }
    let traced = sim(&shrunk.tape).trace(true).record_tape(true);
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
