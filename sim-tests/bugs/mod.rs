//! The bug benchmark: small async programs, each with a known concurrency bug of its own
//! kind, and the checks that exploration finds it, shrinks it, and replays the shrunk schedule.
//!
//! Each file is one bug: the program, what it gets wrong, and a test that
//! - the default strategy (`Random`) finds it within the stated number of iterations (base
//!   seed `Explorer::DEFAULT_BASE_SEED`), for the bugs it finds at all;
//! - `Strategy::Portfolio` finds it within 1,000 iterations;
//! - the failure is of the bug's kind (no false `StepLimit`: only the livelock has one);
//! - both shrunk schedules replay the failure (same kind, same message) and differ from the
//!   default order in at most 6 decisions.
//!
//! The programs of `programs/` are written over `programs::Exec`, so that
//! `benches/shuttle.rs` runs the same source on shuttle. `table.rs` measures every bug under
//! every strategy over 20 base seeds (`#[ignore]`d: run it with
//! `cargo test --release --test sim bugs::table -- --ignored --nocapture`).

use std::future::Future;
use std::pin::Pin;

use simloop::task::Builder;
use simloop::{ExploreFailure, Explorer, FailureKind, Sim, Strategy};

use programs::{Boxed, Exec, Task};

mod aba;
mod barrier_generation;
mod cancelled_waiter;
mod check_then_act;
mod double_init;
mod dropped_notified;
mod held_back;
mod lock_order;
mod lost_update;
mod missed_notification;
mod polite_livelock;
mod pool_overcommit;
pub(crate) mod programs;
mod retry_duplicates;
mod select_loses_message;
mod stale_cache;
mod swallowed_failure;
mod table;
mod three_races;
mod timeout_leak;
mod torn_transfer;

/// A boxed program of the benchmark.
pub(crate) type Program = Pin<Box<dyn Future<Output = ()>>>;

/// One bug of the benchmark.
#[derive(Clone, Copy)]
pub(crate) struct Bug {
    pub(crate) name: &'static str,
    /// What goes wrong, in a few words.
    pub(crate) kind: &'static str,
    pub(crate) program: fn() -> Program,
    /// `Sim::inject_aborts` for the bugs that need cancellations.
    pub(crate) aborts: f64,
    /// The default strategy finds the bug within this many iterations, from the default
    /// base seed (measured, with some margin); `0` when it does not find it in 1,000.
    pub(crate) random_within: u64,
    /// The kinds of failure the bug shows as (only the livelock's is `StepLimit`).
    pub(crate) failures: &'static [FailureKind],
    /// The step limit of its runs.
    pub(crate) max_steps: u64,
}

/// Runs the shared programs on simloop.
pub(crate) struct OnSimloop;

impl Exec for OnSimloop {
    fn spawn<T: 'static>(
        name: &'static str,
        future: impl std::future::Future<Output = T> + 'static,
    ) -> Task<T> {
        let handle = Builder::new().name(name).spawn(future);
        let abort = handle.abort_handle();
        Task {
            join: Box::pin(async move { handle.await.map_err(|e| e.to_string()) }),
            abort: Box::new(move || abort.abort()),
        }
    }

    fn yield_now() -> Boxed<()> {
        Box::pin(simloop::yield_now())
    }
}

/// Every bug, in the order of the table.
pub(crate) const ALL: [Bug; 19] = [
    lost_update::BUG,
    check_then_act::BUG,
    timeout_leak::BUG,
    select_loses_message::BUG,
    lock_order::BUG,
    double_init::BUG,
    stale_cache::BUG,
    three_races::BUG,
    missed_notification::BUG,
    swallowed_failure::BUG,
    retry_duplicates::BUG,
    torn_transfer::BUG,
    held_back::BUG,
    barrier_generation::BUG,
    cancelled_waiter::BUG,
    polite_livelock::BUG,
    pool_overcommit::BUG,
    aba::BUG,
    dropped_notified::BUG,
];

/// The most decisions off the default order a shrunk schedule may keep.
pub(crate) const SHRUNK_AT_MOST: usize = 6;

/// What every Portfolio exploration of the benchmark must stay within.
pub(crate) const PORTFOLIO_WITHIN: u64 = 1_000;

impl Bug {
    /// The step limit of a bug without a livelock: far above what any of them takes.
    pub(crate) const MAX_STEPS: u64 = 100_000;

    /// An exploration of the bug: one thread (the suite runs tests in parallel), no
    /// environment, no regression file.
    pub(crate) fn explorer(&self, strategy: Strategy, base_seed: u64, iterations: u64) -> Explorer {
        Explorer::new()
            .read_env(false)
            .no_regressions()
            .threads(1)
            .strategy(strategy)
            .base_seed(base_seed)
            .iterations(iterations)
            .inject_aborts(self.aborts)
            .max_steps(self.max_steps)
    }

    /// Explores the bug; the failure, or `None` when no iteration failed.
    pub(crate) fn explore(
        &self,
        strategy: Strategy,
        base_seed: u64,
        iterations: u64,
    ) -> Option<ExploreFailure> {
        self.explorer(strategy, base_seed, iterations).try_run(self.program).err()
    }

    /// Checks that the bug is found within `within` iterations under `strategy`, and that the
    /// shrunk schedule replays the failure. Returns the exploration's failure.
    #[track_caller]
    pub(crate) fn check(&self, strategy: Strategy, within: u64) -> ExploreFailure {
        let name = self.name;
        let Some(failed) = self.explore(strategy, Explorer::DEFAULT_BASE_SEED, within) else {
            panic!("{name}: {strategy} did not find the bug within {within} iterations");
        };
        assert!(failed.is_deterministic(), "{name}: {failed}");
        let kind = failed.failure().kind();
        assert!(self.failures.contains(&kind), "{name}: {strategy}: {kind:?}: {failed}");
        let shrunk = failed.shrunk_tape().unwrap_or_else(|| panic!("{name}: not shrunk: {failed}"));
        let replay = Sim::with_exact_seed(failed.seed())
            .inject_aborts(self.aborts)
            .max_steps(self.max_steps)
            .tape(shrunk.clone())
            .try_run((self.program)())
            .expect_err("the shrunk schedule passed");
        let original = failed.failure();
        assert_eq!(replay.kind(), original.kind(), "{name}: {failed}");
        assert_eq!(replay.message(), original.message(), "{name}: {failed}");
        assert!(shrunk.len() <= failed.original_tape().unwrap().len(), "{name}");
        let words: Vec<&str> = shrunk.differences().collect();
        assert!(shrunk.non_default() <= SHRUNK_AT_MOST, "{name}: {strategy}: {shrunk} {words:?}");
        failed
    }

    /// The test of every bug file: the default strategy within its bound (when it finds the
    /// bug at all), Portfolio within [`PORTFOLIO_WITHIN`]. Returns the failures, Portfolio's
    /// last.
    #[track_caller]
    pub(crate) fn check_both(&self) -> (ExploreFailure, ExploreFailure) {
        let portfolio = self.check(Strategy::Portfolio, PORTFOLIO_WITHIN);
        let random = match self.random_within {
            0 => portfolio.clone(),
            within => self.check(Strategy::default(), within),
        };
        (random, portfolio)
    }
}

/// No strategy turns a program without a livelock into a `StepLimit` failure: whatever each
/// finds within 300 iterations is the bug itself.
#[test]
fn no_strategy_reports_a_false_step_limit() {
    let strategies = [
        Strategy::Random,
        Strategy::Fifo,
        Strategy::FifoRandomTimers,
        Strategy::Pct { depth: 3 },
        Strategy::DelayBounded { delays: 2 },
        Strategy::Pos,
        Strategy::Dfs { preemptions: 1 },
        Strategy::Portfolio,
    ];
    for bug in ALL {
        for strategy in strategies {
            let explorer = bug.explorer(strategy, Explorer::DEFAULT_BASE_SEED, 300).shrink_runs(0);
            if let Err(failed) = explorer.try_run(bug.program) {
                let kind = failed.failure().kind();
                assert!(bug.failures.contains(&kind), "{}: {strategy}: {kind:?}", bug.name);
            }
        }
    }
}
