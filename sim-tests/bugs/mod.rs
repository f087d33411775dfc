//! The bug benchmark: small async programs, each with a known concurrency bug of its own
//! kind, and the checks that exploration finds it, shrinks it, and replays the shrunk schedule.
//!
//! Each file is one bug: the program, what it gets wrong, and a test that
//! - the default strategy (`Random`) finds it within the stated number of iterations (base
//!   seed `Explorer::DEFAULT_BASE_SEED`);
//! - `Strategy::Portfolio` finds it within 1,000 iterations;
//! - both shrunk schedules replay the failure (same kind, same message).
//!
//! `table.rs` measures every bug under every strategy over 20 base seeds (`#[ignore]`d: run
//! it with `cargo test --release --test sim bugs::table -- --ignored --nocapture`).

use std::future::Future;
use std::pin::Pin;

use simloop::{ExploreFailure, Explorer, Sim, Strategy};

mod check_then_act;
mod double_init;
mod lock_order;
mod lost_update;
mod missed_notification;
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
    /// base seed (measured, with some margin).
    pub(crate) random_within: u64,
}

/// Every bug, in the order of the table.
pub(crate) const ALL: [Bug; 12] = [
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
];

/// What every Portfolio exploration of the benchmark must stay within.
pub(crate) const PORTFOLIO_WITHIN: u64 = 1_000;

impl Bug {
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
        let shrunk = failed.shrunk_tape().unwrap_or_else(|| panic!("{name}: not shrunk: {failed}"));
        let replay = Sim::with_exact_seed(failed.seed())
            .inject_aborts(self.aborts)
            .tape(shrunk.clone())
            .try_run((self.program)())
            .expect_err("the shrunk schedule passed");
        let original = failed.failure();
        assert_eq!(replay.kind(), original.kind(), "{name}: {failed}");
        assert_eq!(replay.message(), original.message(), "{name}: {failed}");
        assert!(shrunk.len() <= failed.original_tape().unwrap().len(), "{name}");
        failed
    }

    /// The test of every bug file: the default strategy within its bound, Portfolio within
    /// [`PORTFOLIO_WITHIN`].
    #[track_caller]
    pub(crate) fn check_both(&self) -> (ExploreFailure, ExploreFailure) {
        let random = self.check(Strategy::default(), self.random_within);
        let portfolio = self.check(Strategy::Portfolio, PORTFOLIO_WITHIN);
        (random, portfolio)
    }
}
