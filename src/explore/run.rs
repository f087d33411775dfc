//! One exploration from start to end: resolve the settings, run the plan on the workers,
//! confirm the failure and keep its seed.

use std::future::Future;
use std::panic::Location;

use super::confirm::{Confirmed, Determinism, confirm};
use super::explorer::{Explorer, Regressions};
use super::failure::{Details, ExploreFailure, Saved};
use super::regressions::RegressionFile;
use super::report::Report;
use super::seeds::seed_of;
use super::seeds::{Plan, Source};
use super::shrinking::{ShrinkBudget, Shrinking, shrink_failure};
use super::workers::{Job, run_all, wall_clock};
use crate::env::{self, Settings};
use crate::paths::{self, display_path};
use crate::{DEFAULT_MAX_STEPS, DEFAULT_PCT_STEPS, FailureKind, Strategy, Tape};

/// Runs the exploration `this` describes, of the test `factory` makes.
#[track_caller]
pub(super) fn explore<F, Fut>(
    this: Explorer,
    factory: F,
    site: &'static Location<'static>,
) -> Result<Report, ExploreFailure>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = ()>,
{
    let env = if this.read_env { env::settings() } else { Settings::default() };
    let test = std::thread::current().name().filter(|n| *n != "main").map(str::to_owned);
    let strategy = this.strategy.or(env.strategy()).unwrap_or_default();
    // Where new seeds go, and every file whose seeds are replayed first (the file of this
    // test binary, then the file of the test's name alone that older versions wrote).
    let (file, replayed) = match (&this.regressions, &test) {
        (Regressions::File(path), _) => (Some(RegressionFile::new(path)), Vec::new()),
        (Regressions::ForTest, Some(test)) => {
            let legacy = RegressionFile::for_test(test);
            match paths::test_binary() {
                Some(binary) => (Some(RegressionFile::for_binary_test(binary, test)), vec![legacy]),
                None => (Some(legacy), Vec::new()),
            }
        }
        (Regressions::ForTest, None) | (Regressions::Off, _) => (None, Vec::new()),
    };
    let read = |file: &RegressionFile| {
        file.seeds().unwrap_or_else(|err| {
            panic!("simloop: cannot read the regression file {}: {err}", display_path(file.path()))
        })
    };
    let base_seed = env.base_seed().or(this.base_seed).unwrap_or(Explorer::DEFAULT_BASE_SEED);
    let shard = env.shard().or(this.shard).unwrap_or_default();
    let schedule = env.schedule().cloned();
    // How many of the regression seeds come from `file` itself (the rest from `replayed`).
    let mut own_seeds = 0;
    let (plan, budget) = match (env.seed(), &schedule) {
        (Some(seed), _) => (Plan::Replay(seed), None),
        (None, Some(_)) => (Plan::Replay(seed_of(base_seed, 0)), None),
        (None, None) => {
            let (iterations, budget) = this.budget(&env);
            let mut regressions = file.as_ref().map(read).unwrap_or_default();
            own_seeds = regressions.len();
            for seed in replayed.iter().flat_map(read) {
                if !regressions.contains(&seed) {
                    regressions.push(seed);
                }
            }
            let iterations = iterations.unwrap_or(u64::MAX);
            (Plan::Explore { regressions, base_seed, shard, iterations }, budget)
        }
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = this.threads.unwrap_or(cores);
    let threads =
        threads.min(usize::try_from(plan.len().unwrap_or(u64::MAX)).unwrap_or(threads)).max(1);
    let mut job = Job {
        factory: &factory,
        template: &this.template,
        strategy,
        max_steps: this.max_steps.unwrap_or(DEFAULT_MAX_STEPS),
        site,
        pct_steps: DEFAULT_PCT_STEPS,
        abort_probability: this.abort_probability,
        tape: schedule,
        determinism_checks: 0,
    };
    // The sample of passing iterations run twice: at most one in twenty of a known count.
    let checks = env
        .determinism_checks()
        .or(this.determinism_checks)
        .unwrap_or(Explorer::DEFAULT_DETERMINISM_CHECKS);
    job.determinism_checks = match plan.iterations() {
        Some(n) => checks.min((n / 20).max(1)),
        None => checks,
    };
    if strategy.needs_step_bound() && job.tape.is_none() {
        job.pct_steps = step_bound(&job);
    }

    let start = wall_clock();
    // A budget too long to reach (`Duration::MAX`, `SIMLOOP_DURATION=9223372036854775807s`)
    // is no deadline.
    let deadline = budget.and_then(|b| start.checked_add(b));
    // A bounded exhaustive exploration enumerates schedules instead of seeds, in one thread.
    let (tally, found, bounded) = match (strategy, &plan) {
        (Strategy::Dfs { preemptions }, Plan::Explore { base_seed, .. }) => {
            let set = |a: Option<_>, b: Option<_>| a.is_some() || b.is_some();
            let cap = (set(this.iterations, this.duration)
                || set(env.iterations(), env.duration()))
            .then(|| this.budget(&env).0)
            .flatten();
            let dfs = super::dfs::explore(&job, seed_of(*base_seed, 0), preemptions, cap, deadline);
            (dfs.tally, dfs.found, Some((preemptions, dfs.exhausted)))
        }
        _ => {
            let (tally, found) = run_all(&plan, &job, threads, deadline, test.as_deref());
            (tally, found, None)
        }
    };
    let regressions = match &plan {
        Plan::Explore { .. } if bounded.is_some() => 0,
        Plan::Explore { regressions, .. } => (regressions.len() as u64).min(tally.runs),
        Plan::Replay(_) => 0,
    };
    let threads = if bounded.is_some() { 1 } else { threads };
    let mut report = Report {
        test,
        iterations: tally.runs,
        regressions,
        failures: tally.failures,
        distinct: tally.distinct.count(),
        distinct_estimated: tally.distinct.is_estimate(),
        determinism_checks: tally.checks,
        virtual_time: tally.virtual_time,
        wall_time: start.elapsed(),
        threads,
        base_seed,
        strategy,
        strategy_from_env: this.strategy.is_none() && env.strategy().is_some(),
        shard,
        replay: match plan {
            Plan::Replay(seed) => Some(seed),
            Plan::Explore { .. } => None,
        },
        schedule: job.tape.is_some(),
        planned: plan.iterations(),
        bounded,
        coverage: tally.coverage(),
    };
    let Some(found) = found else { return Ok(report) };
    // A schedule of a bounded exploration is its tape: the reruns follow it.
    if bounded.is_some() {
        job.tape = found.failure.tape().map(Tape::without_notes);
    }

    let nondeterministic = found.failure.kind() == FailureKind::Nondeterminism;
    let Confirmed { failure, determinism } =
        confirm(&job, found.run.seed, found.strategy, found.failure);
    if bounded.is_some() {
        job.tape = None;
    }
    let shrinking = match determinism {
        Determinism::Same { .. } => {
            let budget = ShrinkBudget {
                runs: this.shrink_runs.unwrap_or(Explorer::DEFAULT_SHRINK_RUNS),
                time: this.shrink_time.or(Some(Explorer::DEFAULT_SHRINK_TIME)),
            };
            shrink_failure(&job, found.run.seed, found.strategy, &failure, budget)
        }
        Determinism::Differs(_) => Shrinking::Skipped("the run is nondeterministic".into()),
    };
    report.wall_time = start.elapsed();
    let saved = match (&file, found.run.source) {
        // A seed that does not decide its run is no regression to replay, and a seed alone
        // does not replay a schedule of a bounded exploration.
        _ if bounded.is_some() => Saved::Nowhere,
        (_, Source::Replay) | (None, _) => Saved::Nowhere,
        _ if nondeterministic => Saved::Nowhere,
        (Some(file), Source::Regression(index)) => {
            let holder = replayed.first().filter(|_| index >= own_seeds).unwrap_or(file);
            Saved::AlreadyThere(holder.path().to_owned())
        }
        (Some(file), Source::Iteration(_)) => {
            let summary = format!("{}: {}", failure.kind(), failure.message());
            match file.append(found.run.seed, &summary) {
                Ok(()) => Saved::Written(file.path().to_owned()),
                Err(err) => Saved::Error(file.path().to_owned(), err.to_string()),
            }
        }
    };
    let artifacts =
        super::artifacts::write(report.test.as_deref(), site, found.run.seed, failure.trace());
    Err(ExploreFailure::new(Details {
        artifacts,
        report,
        position: found.position,
        source: found.run.source,
        seed: found.run.seed,
        strategy: found.strategy,
        failure,
        determinism,
        shrinking,
        saved,
    }))
}

/// The step bound `k` of `Strategy::Pct` and `Strategy::DelayBounded` for an exploration:
/// the choice steps (picks with more than one ready task) of one run of the test under
/// `Fifo` with seed 0 (up to its failure, if it fails). A fixed run, so the bound is the same
/// for every iteration, every shard and every replay of the exploration.
fn step_bound<F, Fut>(job: &Job<'_, F>) -> u64
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let probe = job.sim(0, Strategy::Fifo).inject_aborts(0.0).record_branches();
    let tape = match job.run_sim(probe) {
        Ok(outcome) => outcome.tape().cloned(),
        Err(failure) => failure.tape().cloned(),
    };
    tape.map_or(0, |t| t.branches().len() as u64).max(1)
}
