//! Running the positions of a plan on several threads, keeping the lowest failure.
//!
//! Workers take positions from one shared counter, in increasing order, and run every
//! position they take to completion. A worker stops when the plan ends, when the wall-clock
//! deadline has passed (checked before taking a position, and never before the regression
//! seeds and the first iteration), or when the position it took is above a failure already
//! found. So
//! when a failure at position `p` is reported, every position below `p` was taken and run:
//! the failure reported is the lowest failing position, whatever the thread count and timing.

use std::future::Future;
use std::panic::Location;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::coverage::Coverage;
use super::distinct::Distinct;
use super::seeds::{Plan, Run, Source};
use crate::{Failure, Outcome, Sim, Strategy, Tape};

/// What every run of an exploration shares: the factory and the simulation settings.
pub(super) struct Job<'a, F> {
    pub(super) factory: &'a F,
    /// The settings every run starts from.
    pub(super) template: &'a Sim,
    /// The exploration's strategy: `Portfolio` is resolved per run ([`Job::strategies`]).
    pub(super) strategy: Strategy,
    pub(super) max_steps: u64,
    /// Where the exploration was started: the main task's site in reports.
    pub(super) site: &'static Location<'static>,
    /// The step bound of `Strategy::Pct`.
    pub(super) pct_steps: u64,
    pub(super) abort_probability: f64,
    /// `SIMLOOP_SCHEDULE`: the tape every run follows.
    pub(super) tape: Option<Tape>,
    /// How many passing iterations are run twice (`0, 1, 3, 7, ...`: see `is_checked`).
    pub(super) determinism_checks: u64,
}

/// Whether iteration `iteration` is one of the first `checks` of the sample that runs twice:
/// iterations `2^k - 1`, so the sample is sparse and the same on every shard and thread.
pub(super) fn is_checked(iteration: u64, checks: u64) -> bool {
    let next = iteration.wrapping_add(1);
    next.is_power_of_two() && u64::from(next.trailing_zeros()) < checks
}

impl<F, Fut> Job<'_, F>
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    /// The simulation of `seed` under `strategy`, with the job's settings.
    pub(super) fn sim(&self, seed: u64, strategy: Strategy) -> Sim {
        let sim = self
            .template
            .clone()
            .reseed(seed)
            .strategy(strategy)
            .max_steps(self.max_steps)
            .inject_aborts(self.abort_probability)
            .pct_steps(self.pct_steps);
        match &self.tape {
            Some(tape) => sim.tape(tape.clone()),
            None => sim,
        }
    }

    /// One simulation of `seed` under `strategy`. The factory is called inside it, so a
    /// panicking factory fails that run like a panicking future. Without `trace`, the run
    /// keeps its digest only (a failure is rerun with `trace`: its events and its tape).
    pub(super) fn run(
        &self,
        seed: u64,
        strategy: Strategy,
        trace: bool,
    ) -> Result<Outcome<()>, Failure> {
        self.run_sim(self.sim(seed, strategy).trace(trace).record_tape(trace).digest_only())
    }

    pub(super) fn run_sim(&self, sim: Sim) -> Result<Outcome<()>, Failure> {
        sim.try_run_at(async { (self.factory)().await }, self.site)
    }

    /// The strategies a run of `source` tries, in order, until one fails: the portfolio's
    /// member for an iteration, each member in turn for a seed that has no iteration index
    /// (a regression seed, `SIMLOOP_SEED`), the strategy itself otherwise.
    pub(super) fn strategies(&self, source: Source) -> impl Iterator<Item = Strategy> {
        let (first, count) = match (self.strategy, source) {
            (_, Source::Iteration(i)) => (i, 1),
            (Strategy::Portfolio, _) if self.tape.is_none() => {
                (0, Strategy::PORTFOLIO.len() as u64)
            }
            _ => (0, 1),
        };
        let strategy = self.strategy;
        (first..first + count).map(move |k| strategy.member(k))
    }

    /// Runs `run` under each of its strategies until one fails: the failure and the
    /// strategy that found it, or the outcomes.
    fn explore(&self, run: Run, tally: &mut Tally) -> Option<(Failure, Strategy)> {
        for strategy in self.strategies(run.source) {
            match self.run(run.seed, strategy, false) {
                Ok(outcome) => {
                    tally.distinct.insert(outcome.digest());
                    tally.virtual_time += outcome.elapsed();
                    let Source::Iteration(iteration) = run.source else { continue };
                    if !is_checked(iteration, self.determinism_checks) {
                        continue;
                    }
                    tally.checks += 1;
                    let again = self.run(run.seed, strategy, false);
                    if let Some(failure) = differs(run.seed, strategy, &outcome, again) {
                        return Some((failure, strategy));
                    }
                }
                Err(failure) => return Some((failure, strategy)),
            }
        }
        None
    }
}

/// The lowest failing position and its failure.
pub(super) struct Found {
    pub(super) position: u64,
    pub(super) run: Run,
    pub(super) failure: Failure,
    /// The strategy the failing run took (a member, for `Portfolio`).
    pub(super) strategy: Strategy,
}

/// What the runs of a worker (or of all of them) add up to.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) runs: u64,
    pub(super) failures: u64,
    pub(super) distinct: Distinct,
    pub(super) virtual_time: Duration,
    /// Passing iterations run twice to check their determinism.
    pub(super) checks: u64,
}

impl Tally {
    fn merge(&mut self, other: Self) {
        self.runs += other.runs;
        self.failures += other.failures;
        self.distinct.merge(other.distinct);
        self.virtual_time += other.virtual_time;
        self.checks += other.checks;
    }
}

/// The failure of a passing run whose rerun, with the same seed, did not take the same
/// schedule; `None` when it did.
fn differs(
    seed: u64,
    strategy: Strategy,
    first: &Outcome<()>,
    again: Result<Outcome<()>, Failure>,
) -> Option<Failure> {
    let (verb, digest) = match &again {
        Ok(outcome) if outcome.digest() == first.digest() => return None,
        Ok(outcome) => ("passed", outcome.digest()),
        Err(failure) => ("failed", failure.digest()),
    };
    let message = format!(
        "seed {seed} passed with digest {:#018x}, and its rerun {verb} with digest {digest:#018x}: \
         the seed alone does not decide the run",
        first.digest()
    );
    Some(Failure::nondeterminism(message, seed, strategy, first))
}

impl Tally {
    pub(super) fn coverage(&self) -> Coverage {
        self.distinct.coverage()
    }
}

/// The wall clock, read outside any simulation: budgets and the report's wall time.
#[allow(
    clippy::disallowed_methods,
    reason = "the explorer runs outside any simulation; wall time only sets its budget"
)]
pub(super) fn wall_clock() -> Instant {
    Instant::now()
}

/// Runs the plan on `threads` threads (named `name`, like the test, so that failure
/// reports print the test's replay command).
pub(super) fn run_all<F, Fut>(
    plan: &Plan,
    job: &Job<'_, F>,
    threads: usize,
    deadline: Option<Instant>,
    name: Option<&str>,
) -> (Tally, Option<Found>)
where
    F: Fn() -> Fut + Sync,
    Fut: Future<Output = ()>,
{
    let next = AtomicU64::new(0);
    let lowest = AtomicU64::new(u64::MAX);
    let found: Mutex<Option<Found>> = Mutex::new(None);
    let worker = || {
        let mut tally = Tally::default();
        loop {
            // The budget never skips the regression seeds and the first iteration. It is
            // checked before taking a position: every position taken is run.
            let spent = || deadline.is_some_and(|d| wall_clock() >= d);
            if next.load(Ordering::Relaxed) >= plan.unbudgeted() && spent() {
                break;
            }
            let position = next.fetch_add(1, Ordering::Relaxed);
            if position > lowest.load(Ordering::Acquire) {
                break;
            }
            let Some(run) = plan.at(position) else { break };
            tally.runs += 1;
            if let Some((failure, strategy)) = job.explore(run, &mut tally) {
                tally.failures += 1;
                lowest.fetch_min(position, Ordering::AcqRel);
                let mut slot = found.lock().unwrap_or_else(|e| e.into_inner());
                if slot.as_ref().is_none_or(|f| f.position > position) {
                    *slot = Some(Found { position, run, failure, strategy });
                }
            }
        }
        tally
    };
    let mut total = Tally::default();
    if threads <= 1 {
        total = worker();
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let mut builder = std::thread::Builder::new();
                    if let Some(name) = name {
                        builder = builder.name(name.to_owned());
                    }
                    builder.spawn_scoped(scope, worker).expect("simloop: cannot start a thread")
                })
                .collect();
            for handle in handles {
                match handle.join() {
                    Ok(tally) => total.merge(tally),
                    Err(payload) => std::panic::resume_unwind(payload),
                }
            }
        });
    }
    (total, found.into_inner().unwrap_or_else(|e| e.into_inner()))
}
