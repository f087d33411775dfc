//! The exploration builder: settings, their precedence, and the run.

use std::future::Future;
use std::panic::Location;
use std::path::PathBuf;
use std::time::Duration;

use super::Shard;
use super::failure::ExploreFailure;
use super::report::Report;
use super::seeds::seed_of;
use crate::env::Settings;
use crate::{Detector, Policy, Sim, Strategy};

/// Explores a test across many seeds with the default settings, and the `SIMLOOP_*`
/// environment; panics with the report of the first failure.
///
/// The same as [`Explorer::new().run(factory)`](Explorer::run): see [`Explorer`] for what
/// runs, in which order, and how a failure is reported and kept.
///
/// # Panics
///
/// Panics with the [`ExploreFailure`] report when a seed fails, and when a `SIMLOOP_*`
/// variable or the regression file is malformed.
///
/// # Examples
///
/// ```
/// use std::cell::Cell;
/// use std::rc::Rc;
///
/// let report = simloop::explore(|| async {
///     let hits = Rc::new(Cell::new(0));
///     let tasks: Vec<_> = (0..3)
///         .map(|_| {
///             let hits = hits.clone();
///             simloop::spawn(async move { hits.set(hits.get() + 1) })
///         })
///         .collect();
///     for task in tasks {
///         task.await.unwrap();
///     }
///     assert_eq!(hits.get(), 3);
/// });
/// assert_eq!(report.failures(), 0);
/// ```
#[track_caller]
pub fn explore<F, Fut>(factory: F) -> Report
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = ()>,
{
    Explorer::new().run_at(factory, Location::caller())
}

/// Runs a test under many seeds, on all cores, and reports the first failure reproducibly.
///
/// `factory` makes the test's future; each run calls it inside a fresh [`Sim`](crate::Sim).
/// The futures need not be `Send`: every thread calls the factory and runs its own
/// simulations.
///
/// # What runs, in which order
///
/// 1. With [`SIMLOOP_SEED`](crate::env::SIMLOOP_SEED) set: that seed, once, and nothing else.
/// 2. Otherwise the seeds of the test's [`RegressionFile`](crate::RegressionFile), in file order, then iterations
///    `0, 1, 2, ...` of this process's [`Shard`], iteration `i` with the seed
///    [`Explorer::seed_of(base_seed, i)`](Explorer::seed_of), until the iteration count or
///    the wall-clock budget is reached.
///
/// The runs are spread over the threads, but the failure reported is the one earliest in
/// that order, and every run before it has completed: the same exploration reports the same
/// seed on one thread or many. Runs record only the digest of their trace; the failing seed
/// is run again with every event recorded, for the report, and once more to check that it
/// replays the same run ([`ExploreFailure::is_deterministic`]). Then its tape is shrunk to the
/// few decisions the failure needs ([`ExploreFailure::shrunk_tape`]), and the seed is appended
/// to the regression file (unless it came from there).
///
/// # Settings and the environment
///
/// | setting | default | environment |
/// | --- | --- | --- |
/// | [`iterations`](Self::iterations) | [`DEFAULT_ITERATIONS`](Self::DEFAULT_ITERATIONS) | `SIMLOOP_ITERATIONS` beats code |
/// | [`duration`](Self::duration) | none | `SIMLOOP_DURATION` beats code |
/// | [`base_seed`](Self::base_seed) | [`DEFAULT_BASE_SEED`](Self::DEFAULT_BASE_SEED) | `SIMLOOP_BASE_SEED` beats code |
/// | [`shard`](Self::shard) | [`Shard::ALL`] | `SIMLOOP_SHARD` beats code |
/// | [`strategy`](Self::strategy) | [`Strategy::Random`] | code beats `SIMLOOP_STRATEGY` |
/// | [`threads`](Self::threads) | all cores | |
/// | [`max_steps`](Self::max_steps) | [`DEFAULT_MAX_STEPS`](crate::DEFAULT_MAX_STEPS) | |
/// | [`max_time`](Self::max_time), [`slow_poll`](Self::slow_poll), [`blocking_workers`](Self::blocking_workers), [`max_tasks`](Self::max_tasks), [`policy`](Self::policy) | as [`Sim`]'s | |
/// | [`watchdog`](Self::watchdog) | [`Sim::DEFAULT_WATCHDOG`] | `SIMLOOP_WATCHDOG` beats code |
/// | [`determinism_checks`](Self::determinism_checks) | [`DEFAULT_DETERMINISM_CHECKS`](Self::DEFAULT_DETERMINISM_CHECKS) | `SIMLOOP_DETERMINISM_CHECKS` beats code |
/// | [`inject_aborts`](Self::inject_aborts) | `0.0` | |
/// | [`faults`](Self::faults) | none | |
/// | [`shrink_runs`](Self::shrink_runs) | [`DEFAULT_SHRINK_RUNS`](Self::DEFAULT_SHRINK_RUNS) | |
/// | [`shrink_time`](Self::shrink_time) | [`DEFAULT_SHRINK_TIME`](Self::DEFAULT_SHRINK_TIME) | |
/// | [`regressions`](Self::regressions) | [`RegressionFile::for_test`](crate::RegressionFile::for_test) | |
///
/// The iteration count and the duration are one budget: when `SIMLOOP_ITERATIONS` or
/// `SIMLOOP_DURATION` is set, the budget in code is ignored as a whole. The
/// [`env`](mod@crate::env) module explains why.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Explorer, Strategy};
///
/// let report = Explorer::new()
///     .iterations(200)
///     .strategy(Strategy::Random)
///     .threads(2)
///     .base_seed(7)
///     .duration(Duration::from_secs(60))
///     .max_steps(10_000)
///     .no_regressions()
///     .run(|| async {
///         let (tx, rx) = futures::channel::oneshot::channel();
///         let sender = simloop::spawn(async move { tx.send(5).unwrap() });
///         assert_eq!(rx.await.unwrap(), 5);
///         sender.await.unwrap();
///     });
/// assert_eq!(report.failures(), 0);
/// ```
#[derive(Debug, Clone)]
#[must_use = "an Explorer does nothing until `.run` or `.try_run` is called"]
pub struct Explorer {
    pub(super) iterations: Option<u64>,
    pub(super) duration: Option<Duration>,
    pub(super) strategy: Option<Strategy>,
    pub(super) threads: Option<usize>,
    pub(super) base_seed: Option<u64>,
    pub(super) shard: Option<Shard>,
    pub(super) max_steps: Option<u64>,
    pub(super) regressions: Regressions,
    pub(super) read_env: bool,
    pub(super) abort_probability: f64,
    pub(super) shrink_runs: Option<u64>,
    pub(super) shrink_time: Option<Duration>,
    pub(super) determinism_checks: Option<u64>,
    /// The settings every run shares with a [`Sim`] (policies, limits, workers, watchdog):
    /// each run starts from it, with its own seed and strategy.
    pub(super) template: Sim,
}

#[derive(Debug, Clone)]
pub(super) enum Regressions {
    /// The test's file, when the test's name is known.
    ForTest,
    File(PathBuf),
    Off,
}

impl Default for Explorer {
    fn default() -> Self {
        Self::new()
    }
}

impl Explorer {
    /// The iteration count and the wall-clock budget: the environment's if it sets either,
    /// else the code's if it sets either, else the default count.
    pub(super) fn budget(&self, env: &Settings) -> (Option<u64>, Option<Duration>) {
        if env.iterations().is_some() || env.duration().is_some() {
            (env.iterations(), env.duration())
        } else if self.iterations.is_some() || self.duration.is_some() {
            (self.iterations, self.duration)
        } else {
            (Some(Self::DEFAULT_ITERATIONS), None)
        }
    }

    /// The iterations of an exploration that sets no budget: 256, proptest's number of cases.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Explorer::DEFAULT_ITERATIONS, 256);
    /// ```
    pub const DEFAULT_ITERATIONS: u64 = 256;

    /// The base seed of an exploration that sets none: a constant, so that CI explores the
    /// same seeds on every run.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Explorer::DEFAULT_BASE_SEED, 0x5EED);
    /// ```
    pub const DEFAULT_BASE_SEED: u64 = 0x5EED;

    /// How many runs shrinking a failure may take when the explorer sets no budget.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Explorer::DEFAULT_SHRINK_RUNS, 1_000);
    /// ```
    pub const DEFAULT_SHRINK_RUNS: u64 = 1_000;

    /// How much wall-clock time shrinking a failure may take when the explorer sets no
    /// budget: a safety net for slow tests (the run budget usually ends shrinking first).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Explorer::DEFAULT_SHRINK_TIME.as_secs(), 10);
    /// ```
    pub const DEFAULT_SHRINK_TIME: Duration = Duration::from_secs(10);

    /// The default of [`determinism_checks`](Self::determinism_checks): 8.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Explorer::DEFAULT_DETERMINISM_CHECKS, 8);
    /// ```
    pub const DEFAULT_DETERMINISM_CHECKS: u64 = 8;

    /// An explorer with the defaults (see the table above), reading the environment.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().run(|| async {});
    /// assert_eq!(report.failures(), 0);
    /// ```
    pub fn new() -> Self {
        Self {
            iterations: None,
            duration: None,
            strategy: None,
            threads: None,
            base_seed: None,
            shard: None,
            max_steps: None,
            regressions: Regressions::ForTest,
            read_env: true,
            abort_probability: 0.0,
            shrink_runs: None,
            shrink_time: None,
            determinism_checks: None,
            template: Sim::with_exact_seed(0),
        }
    }

    /// The seed of iteration `iteration` of an exploration with base seed `base_seed`: the
    /// `iteration`-th output (from 0) of SplitMix64 seeded with `base_seed`, that is
    /// `mix(base_seed + (iteration + 1) * 0x9e3779b97f4a7c15)` in wrapping arithmetic, with
    /// SplitMix64's finaliser `mix`.
    ///
    /// A pure function: the seeds of an exploration depend on nothing else, and two base
    /// seeds give unrelated sequences (not shifted copies of one another).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::Explorer;
    ///
    /// assert_eq!(Explorer::seed_of(0, 0), 0xe220_a839_7b1d_cdaf); // SplitMix64(0)'s first output
    /// assert_ne!(Explorer::seed_of(1, 0), Explorer::seed_of(0, 1));
    /// ```
    pub const fn seed_of(base_seed: u64, iteration: u64) -> u64 {
        seed_of(base_seed, iteration)
    }

    /// How many iterations to run (unless `SIMLOOP_ITERATIONS` or `SIMLOOP_DURATION` is set).
    ///
    /// # Panics
    ///
    /// Panics when `iterations` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(7).run(|| async {});
    /// assert_eq!(report.iterations(), 7);
    /// ```
    #[track_caller]
    pub fn iterations(mut self, iterations: u64) -> Self {
        assert!(iterations > 0, "simloop: Explorer::iterations(0) would explore nothing");
        self.iterations = Some(iterations);
        self
    }

    /// A wall-clock budget: explore until it is spent, or until the iteration count, when
    /// one is set too, is reached (unless `SIMLOOP_ITERATIONS` or `SIMLOOP_DURATION` is set).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// // The count ends this exploration long before its budget.
    /// let report = simloop::Explorer::new()
    ///     .read_env(false)
    ///     .duration(Duration::from_secs(3600))
    ///     .iterations(12)
    ///     .run(|| async {});
    /// assert_eq!(report.iterations(), 12);
    ///
    /// // The budget alone: the first iteration always runs, then as many as fit.
    /// let report = simloop::Explorer::new()
    ///     .read_env(false)
    ///     .duration(Duration::from_millis(1))
    ///     .run(|| async {});
    /// assert!(report.iterations() >= 1);
    /// ```
    pub fn duration(mut self, budget: Duration) -> Self {
        self.duration = Some(budget);
        self
    }

    /// The scheduling strategy of every run (beats `SIMLOOP_STRATEGY`).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Explorer, Strategy};
    /// // Fifo draws nothing: every seed takes the same schedule.
    /// let report = Explorer::new().read_env(false).strategy(Strategy::Fifo).run(|| async {
    ///     let a = simloop::spawn(async {});
    ///     a.await.unwrap();
    /// });
    /// assert_eq!(report.distinct_digests(), 1);
    /// ```
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = Some(strategy);
        self
    }

    /// How many threads run simulations (default: all cores).
    ///
    /// # Panics
    ///
    /// Panics when `threads` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).threads(1).run(|| async {});
    /// assert_eq!(report.threads(), 1);
    /// ```
    #[track_caller]
    pub fn threads(mut self, threads: usize) -> Self {
        assert!(threads > 0, "simloop: Explorer::threads(0): at least one thread is needed");
        self.threads = Some(threads);
        self
    }

    /// The base seed the iteration seeds derive from (unless `SIMLOOP_BASE_SEED` is set).
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).base_seed(1).run(|| async {});
    /// assert_eq!(report.base_seed(), 1);
    /// ```
    pub fn base_seed(mut self, base_seed: u64) -> Self {
        self.base_seed = Some(base_seed);
        self
    }

    /// Runs only this slice of the iterations (unless `SIMLOOP_SHARD` is set).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Explorer, env::Shard};
    /// let report = Explorer::new()
    ///     .read_env(false)
    ///     .iterations(10)
    ///     .shard(Shard::new(1, 3).unwrap())
    ///     .run(|| async {});
    /// assert_eq!(report.iterations(), 4); // 0, 3, 6, 9
    /// ```
    pub fn shard(mut self, shard: Shard) -> Self {
        self.shard = Some(shard);
        self
    }

    /// The step limit of every run ([`Sim::max_steps`](crate::Sim::max_steps)).
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions().max_steps(50)
    ///     .try_run(|| async { loop { simloop::yield_now().await } })
    ///     .unwrap_err();
    /// assert_eq!(failed.failure().kind(), simloop::FailureKind::StepLimit);
    /// ```
    pub fn max_steps(mut self, steps: u64) -> Self {
        self.max_steps = Some(steps);
        self
    }

    /// The policy of `detector` in every run ([`Sim::policy`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Detector, Explorer, Policy};
    ///
    /// let report = Explorer::new().read_env(false).no_regressions().iterations(4)
    ///     .policy(Detector::LeakedTasks, Policy::Allow)
    ///     .run(|| async { drop(simloop::spawn(std::future::pending::<()>())) });
    /// assert_eq!(report.failures(), 0);
    /// ```
    pub fn policy(mut self, detector: Detector, policy: Policy) -> Self {
        self.template = self.template.policy(detector, policy);
        self
    }

    /// The virtual time limit of every run ([`Sim::max_time`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .max_time(Duration::from_secs(1))
    ///     .try_run(|| async { simloop::time::sleep(Duration::from_secs(2)).await })
    ///     .unwrap_err();
    /// assert_eq!(failed.failure().kind(), simloop::FailureKind::TimeLimit);
    /// ```
    pub fn max_time(mut self, limit: Duration) -> Self {
        self.template = self.template.max_time(limit);
        self
    }

    /// The slow-poll limit of every run ([`Sim::slow_poll`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let report = simloop::Explorer::new().read_env(false).no_regressions().iterations(2)
    ///     .slow_poll(Duration::from_secs(1))
    ///     .run(|| async { simloop::cpu_work(Duration::from_millis(500)) });
    /// assert_eq!(report.failures(), 0);
    /// ```
    #[track_caller]
    pub fn slow_poll(mut self, limit: Duration) -> Self {
        self.template = self.template.slow_poll(limit);
        self
    }

    /// The blocking workers of every run ([`Sim::blocking_workers`]).
    ///
    /// # Panics
    ///
    /// Panics when `workers` is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).no_regressions().iterations(2)
    ///     .blocking_workers(1)
    ///     .run(|| async {
    ///         simloop::spawn_blocking(std::time::Duration::from_secs(1), || ()).await.unwrap();
    ///     });
    /// assert_eq!(report.failures(), 0);
    /// ```
    #[track_caller]
    pub fn blocking_workers(mut self, workers: usize) -> Self {
        self.template = self.template.blocking_workers(workers);
        self
    }

    /// The limit of spawned tasks alive at once in every run ([`Sim::max_tasks`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions().max_tasks(1)
    ///     .try_run(|| async {
    ///         let a = simloop::spawn(async {});
    ///         let b = simloop::spawn(async {});
    ///         a.await.unwrap();
    ///         b.await.unwrap();
    ///     })
    ///     .unwrap_err();
    /// assert_eq!(failed.failure().kind(), simloop::FailureKind::TaskLimit);
    /// ```
    pub fn max_tasks(mut self, tasks: usize) -> Self {
        self.template = self.template.max_tasks(tasks);
        self
    }

    /// The watchdog of every run ([`Sim::watchdog`]); `None` turns it off.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let report = simloop::Explorer::new().read_env(false).no_regressions().iterations(2)
    ///     .watchdog(Duration::from_secs(60))
    ///     .run(|| async {});
    /// assert_eq!(report.failures(), 0);
    /// ```
    pub fn watchdog(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.template = self.template.watchdog(limit);
        self
    }

    /// How many passing iterations run a second time to check that their seed alone decides
    /// them: the first iteration, then iterations `1, 3, 7, 15, ...` (`2^k - 1`), at most one
    /// in twenty of the iterations when their count is known, so the checks cost under 5% of
    /// the exploration. A check whose digest differs fails the exploration as
    /// nondeterministic, naming the first event where the runs part. Default
    /// [`DEFAULT_DETERMINISM_CHECKS`](Self::DEFAULT_DETERMINISM_CHECKS); `0` turns them off;
    /// [`SIMLOOP_DETERMINISM_CHECKS`](crate::env::SIMLOOP_DETERMINISM_CHECKS) beats code.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).no_regressions().iterations(200)
    ///     .determinism_checks(4)
    ///     .run(|| async { simloop::yield_now().await });
    /// assert_eq!(report.determinism_checks(), 4); // iterations 0, 1, 3 and 7
    /// ```
    pub fn determinism_checks(mut self, checks: u64) -> Self {
        self.determinism_checks = Some(checks);
        self
    }

    /// Injects aborts in every run ([`Sim::inject_aborts`](crate::Sim::inject_aborts)): each
    /// pick of a task other than the main one cancels it instead with probability `p`.
    ///
    /// # Panics
    ///
    /// Panics when `p` is not within `0.0..=1.0`.
    ///
    /// # Examples
    ///
    /// ```
    /// // A worker whose cancellation the main future does not expect.
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .inject_aborts(0.5)
    ///     .try_run(|| async {
    ///         let worker = simloop::spawn(async { simloop::yield_now().await });
    ///         worker.await.expect("the worker finished");
    ///     })
    ///     .unwrap_err();
    /// assert!(failed.failure().message().contains("the worker finished"));
    /// ```
    #[track_caller]
    pub fn inject_aborts(mut self, p: f64) -> Self {
        assert!(
            (0.0..=1.0).contains(&p),
            "simloop: `Explorer::inject_aborts({p})`: the probability must be within 0.0..=1.0"
        );
        self.abort_probability = p;
        self
    }

    /// Draws network and machine faults in every run, as `plan` says; see
    /// [`Sim::faults`](crate::Sim::faults) and [`FaultPlan`](crate::net::FaultPlan).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::net::FaultPlan;
    ///
    /// let report = simloop::Explorer::new().read_env(false).no_regressions().iterations(4)
    ///     .faults(FaultPlan::new().partition(0.5))
    ///     .run(|| async {});
    /// assert_eq!(report.failures(), 0);
    /// ```
    pub fn faults(mut self, plan: crate::net::FaultPlan) -> Self {
        self.template = self.template.faults(plan);
        self
    }

    /// The budget of shrinking a failure, in runs (default
    /// [`DEFAULT_SHRINK_RUNS`](Self::DEFAULT_SHRINK_RUNS)); `0` turns shrinking off.
    ///
    /// Shrinking replays edited tapes of the failing run (spans deleted, decisions lowered
    /// toward the default order) and keeps the shortest that fails with the same kind and
    /// message; see [`ExploreFailure::shrunk_tape`](crate::ExploreFailure::shrunk_tape). Within
    /// a run budget the result depends only on the failing run; a wall-clock budget
    /// ([`shrink_time`](Self::shrink_time)) that runs out first makes it depend on the machine.
    ///
    /// # Examples
    ///
    /// ```
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions().shrink_runs(0)
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert!(failed.shrunk_tape().is_none());
    /// ```
    pub fn shrink_runs(mut self, runs: u64) -> Self {
        self.shrink_runs = Some(runs);
        self
    }

    /// The wall-clock budget of shrinking a failure (default
    /// [`DEFAULT_SHRINK_TIME`](Self::DEFAULT_SHRINK_TIME)); shrinking stops at whichever of
    /// the run and time budgets ends first, keeping the best tape so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let failed = simloop::Explorer::new().read_env(false).no_regressions()
    ///     .shrink_time(Duration::from_secs(60))
    ///     .try_run(|| async { panic!("always") })
    ///     .unwrap_err();
    /// // It fails whatever the schedule: no decision is needed.
    /// assert!(failed.shrunk_tape().unwrap().is_empty());
    /// ```
    pub fn shrink_time(mut self, budget: Duration) -> Self {
        self.shrink_time = Some(budget);
        self
    }

    /// Keeps failing seeds in the regression file at `path` instead of the test's default
    /// file ([`RegressionFile::for_test`](crate::RegressionFile::for_test)).
    ///
    /// # Examples
    ///
    /// ```
    /// let path = std::env::temp_dir().join(format!("simloop-doc-reg-{}.txt", std::process::id()));
    /// let failed = simloop::Explorer::new().read_env(false).regressions(&path)
    ///     .try_run(|| async { panic!("always") }).unwrap_err();
    /// assert_eq!(failed.saved_to(), Some(path.as_path()));
    /// assert_eq!(simloop::RegressionFile::new(&path).seeds().unwrap(), [failed.seed()]);
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn regressions(mut self, path: impl Into<PathBuf>) -> Self {
        self.regressions = Regressions::File(path.into());
        self
    }

    /// Neither reads nor writes a regression file.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().no_regressions().run(|| async {});
    /// assert_eq!(report.regressions(), 0);
    /// ```
    pub fn no_regressions(mut self) -> Self {
        self.regressions = Regressions::Off;
        self
    }

    /// Whether to read the `SIMLOOP_*` variables (default `true`). `false` runs the
    /// exploration exactly as written, for code that checks the explorer itself.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).run(|| async {});
    /// assert_eq!(report.iterations(), simloop::Explorer::DEFAULT_ITERATIONS);
    /// ```
    pub fn read_env(mut self, read: bool) -> Self {
        self.read_env = read;
        self
    }

    /// Runs the exploration; prints its one-line summary and returns it when every run
    /// passes.
    ///
    /// # Panics
    ///
    /// Panics with the [`ExploreFailure`] report when a seed fails, and when a `SIMLOOP_*`
    /// variable or the regression file is malformed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::panic::{AssertUnwindSafe, catch_unwind};
    /// use simloop::Explorer;
    ///
    /// let panic = catch_unwind(AssertUnwindSafe(|| {
    ///     Explorer::new().read_env(false).no_regressions().run(|| async {
    ///         assert!(simloop::random::<u8>() < 200, "too big");
    ///     })
    /// }))
    /// .unwrap_err();
    /// let report = panic.downcast_ref::<String>().unwrap();
    /// assert!(report.starts_with("simloop: explore: explored "));
    /// assert!(report.contains("too big"));
    /// ```
    #[track_caller]
    pub fn run<F, Fut>(self, factory: F) -> Report
    where
        F: Fn() -> Fut + Send + Sync,
        Fut: Future<Output = ()>,
    {
        self.run_at(factory, Location::caller())
    }

    #[track_caller]
    fn run_at<F, Fut>(self, factory: F, site: &'static Location<'static>) -> Report
    where
        F: Fn() -> Fut + Send + Sync,
        Fut: Future<Output = ()>,
    {
        match super::run::explore(self, factory, site) {
            Ok(report) => {
                println!("{report}");
                report
            }
            // A line break after the report's last line, the replay command, as `Sim::run`.
            Err(failure) => panic!("{failure}\n"),
        }
    }

    /// Runs the exploration and returns its summary, or the first failure; prints nothing.
    ///
    /// # Errors
    ///
    /// The [`ExploreFailure`] of the failing seed earliest in the order of runs.
    ///
    /// # Panics
    ///
    /// Panics when a `SIMLOOP_*` variable or the regression file is malformed.
    ///
    /// # Examples
    ///
    /// ```
    /// let result = simloop::Explorer::new().read_env(false).no_regressions().try_run(|| async {
    ///     let ticket = simloop::spawn(async { simloop::random::<u8>() });
    ///     assert_ne!(ticket.await.unwrap(), 7, "unlucky ticket");
    /// });
    /// let failed = result.unwrap_err();
    /// assert!(failed.failure().message().contains("unlucky ticket"));
    /// ```
    #[track_caller]
    pub fn try_run<F, Fut>(self, factory: F) -> Result<Report, ExploreFailure>
    where
        F: Fn() -> Fut + Send + Sync,
        Fut: Future<Output = ()>,
    {
        super::run::explore(self, factory, Location::caller())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Settings {
        Settings::from_vars(vars.iter().copied()).unwrap()
    }

    #[test]
    fn the_environment_budget_replaces_the_code_budget_as_a_whole() {
        let hour = Duration::from_secs(3600);
        let code = Explorer::new().iterations(5);
        assert_eq!(code.budget(&env(&[])), (Some(5), None));
        assert_eq!(code.budget(&env(&[("SIMLOOP_DURATION", "1h")])), (None, Some(hour)));
        assert_eq!(code.budget(&env(&[("SIMLOOP_ITERATIONS", "9")])), (Some(9), None));
        let both = env(&[("SIMLOOP_ITERATIONS", "9"), ("SIMLOOP_DURATION", "1h")]);
        assert_eq!(code.clone().duration(hour).budget(&both), (Some(9), Some(hour)));
        assert_eq!(Explorer::new().duration(hour).budget(&env(&[])), (None, Some(hour)));
        let default = Explorer::new().budget(&env(&[]));
        assert_eq!(default, (Some(Explorer::DEFAULT_ITERATIONS), None));
    }
}
