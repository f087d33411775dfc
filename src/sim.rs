//! [`Sim`]: one simulation's settings, and the call that runs a future in it.
//!
//! A `Sim` is a builder over the engine's [`Config`]; [`Sim::run`] and [`Sim::try_run`]
//! hand the config and the future to the run loop (`runtime/run.rs`).

use std::future::Future;
use std::panic::Location;
use std::time::Duration;

use crate::detector::{Detector, Policy};
use crate::runtime::{self, Config};
use crate::{Failure, Outcome, Strategy, Tape, env};

/// The default [`Sim::max_steps`]: ten million polls.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::DEFAULT_MAX_STEPS, 10_000_000);
/// ```
pub const DEFAULT_MAX_STEPS: u64 = 10_000_000;

/// The default [`Sim::slow_poll`]: 100 ms, asyncio's `slow_callback_duration`.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::DEFAULT_SLOW_POLL, std::time::Duration::from_millis(100));
/// ```
pub const DEFAULT_SLOW_POLL: Duration = Duration::from_millis(100);

/// The default [`Sim::blocking_workers`]: 4.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::DEFAULT_BLOCKING_WORKERS, 4);
/// ```
pub const DEFAULT_BLOCKING_WORKERS: usize = 4;

/// The step bound `k` of [`Strategy::Pct`] in a single [`Sim`]: its change points fall among
/// the first 100 steps. An [`Explorer`](crate::Explorer) measures the test's own step count
/// instead.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::DEFAULT_PCT_STEPS, 100);
/// ```
pub const DEFAULT_PCT_STEPS: u64 = 100;

/// One simulation: a seed, a strategy and limits; [`run`](Self::run) executes a future in it.
///
/// The future and every task it spawns run on the calling thread, on a virtual clock, with
/// every scheduling decision drawn from the seed: the same seed gives the same run.
///
/// # Determinism
///
/// [`SIMLOOP_SEED`](crate::env::SIMLOOP_SEED), when set, replaces the seed given to `new`: it
/// is how a printed failure is replayed. A run depends on nothing but its seed, its strategy
/// and the code: no wall-clock time, no OS randomness, no hash order.
///
/// # Panics
///
/// [`run`](Self::run) panics with the failure report when the run fails; both `run` and
/// [`try_run`](Self::try_run) panic when called inside a running simulation (they do not nest).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, Strategy, time};
///
/// let outcome = Sim::new(42)
///     .strategy(Strategy::Random)
///     .max_steps(10_000)
///     .max_time(Duration::from_secs(60))
///     .trace(true)
///     .try_run(async {
///         time::sleep(Duration::from_secs(1)).await;
///         "done"
///     })
///     .unwrap();
/// assert_eq!(*outcome.value(), "done");
/// assert_eq!(outcome.elapsed(), Duration::from_secs(1));
/// ```
#[derive(Debug, Clone)]
#[must_use = "a Sim does nothing until `.run` or `.try_run` is called"]
pub struct Sim {
    config: Config,
}

impl Sim {
    /// A simulation of `seed`, with [`Strategy::Random`], [`DEFAULT_MAX_STEPS`], no virtual
    /// time limit and no event recording.
    ///
    /// # Panics
    ///
    /// Panics when `SIMLOOP_SEED` is set to something that is not a `u64`.
    ///
    /// # Examples
    ///
    /// ```
    /// let value = simloop::Sim::new(7).run(async { 1 + 1 });
    /// assert_eq!(value, 2);
    /// ```
    #[track_caller]
    pub fn new(seed: u64) -> Self {
        let mut sim = Self::with_exact_seed(env::seed_override().unwrap_or(seed));
        if let Some(tape) = env::schedule_override() {
            sim.config.replay = Some(tape);
            sim.config.replay_from_env = true;
        }
        sim
    }

    /// A simulation that follows `tape` instead of drawing its decisions: `Sim::new(0)`,
    /// then [`tape`](Self::tape). The user stream ([`random`](crate::random)) is seed 0's
    /// (or `SIMLOOP_SEED`'s); give the seed too, with `Sim::new(seed).tape(tape)`, to replay a
    /// run that draws random numbers.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// use simloop::{Sim, Tape};
    ///
    /// let program = || async {
    ///     let last = Rc::new(Cell::new(' '));
    ///     let (a_last, b_last) = (last.clone(), last.clone());
    ///     let a = simloop::spawn(async move { a_last.set('a') });
    ///     let b = simloop::spawn(async move { b_last.set('b') });
    ///     a.await.unwrap();
    ///     b.await.unwrap();
    ///     last.get()
    /// };
    /// # if std::env::var_os("SIMLOOP_SCHEDULE").is_none() {
    /// assert_eq!(Sim::replay(Tape::new()).run(program()), 'b'); // a, then b
    /// let b_first: Tape = "v2:r2@2".parse().unwrap(); // step 2 runs task 2, `b`
    /// assert_eq!(Sim::replay(b_first).run(program()), 'a');
    /// # }
    /// ```
    #[track_caller]
    pub fn replay(tape: Tape) -> Self {
        Self::new(0).tape(tape)
    }

    /// A simulation of exactly `seed`, whatever `SIMLOOP_SEED` says.
    ///
    /// For code that chooses seeds itself, such as a loop over many seeds that compares them:
    /// under `SIMLOOP_SEED` every [`Sim::new`] would run the same seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::collections::BTreeSet;
    /// use simloop::Sim;
    ///
    /// let firsts: BTreeSet<u64> = (0..20)
    ///     .map(|seed| Sim::with_exact_seed(seed).run(async { simloop::random::<u64>() }))
    ///     .collect();
    /// assert_eq!(firsts.len(), 20);
    /// ```
    pub fn with_exact_seed(seed: u64) -> Self {
        Self {
            config: Config {
                seed,
                strategy: Strategy::Random,
                max_steps: DEFAULT_MAX_STEPS,
                max_time: None,
                trace: false,
                keep_tail: true,
                policies: crate::detector::Policies::default(),
                slow_poll: DEFAULT_SLOW_POLL,
                blocking_workers: DEFAULT_BLOCKING_WORKERS,
                test: None,
                replay: None,
                replay_from_env: false,
                record_tape: false,
                record_branches: false,
                pct_steps: DEFAULT_PCT_STEPS,
                abort_probability: 0.0,
                faults: None,
                max_tasks: Self::DEFAULT_MAX_TASKS,
                watchdog: Some(Self::DEFAULT_WATCHDOG),
            },
        }
    }

    /// Sets the scheduling strategy. [`Strategy::Portfolio`] runs its member `seed % 5`.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Sim, Strategy};
    /// let o = Sim::new(1).strategy(Strategy::Fifo).try_run(async {}).unwrap();
    /// assert_eq!(o.strategy(), Strategy::Fifo);
    /// ```
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.config.strategy = strategy;
        self
    }

    /// Follows `tape` instead of drawing: each decision takes what the tape says of it, and
    /// the default order where it says nothing (see [`Tape`]). The strategy no longer draws,
    /// but it still chooses the loop: under [`Strategy::Fifo`](crate::Strategy::Fifo) the run
    /// follows asyncio's loop, which takes no pick, timer-order or timeout decision, so a tape
    /// recorded under `Fifo` replays under `Fifo`, and a tape of another strategy under any
    /// strategy but `Fifo`. The seed still drives the user stream.
    ///
    /// [`SIMLOOP_SCHEDULE`](crate::env::SIMLOOP_SCHEDULE), when set, beats the tape given
    /// here, as `SIMLOOP_SEED` beats the seed: it is how a printed schedule is replayed.
    ///
    /// # Determinism
    ///
    /// Replaying the tape a run recorded gives that run again, event for event: the same
    /// digest.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Sim, Strategy, Tape};
    ///
    /// let program = || async {
    ///     let a = simloop::spawn(async {});
    ///     let b = simloop::spawn(async {});
    ///     a.await.unwrap();
    ///     b.await.unwrap();
    /// };
    /// let zeros = Sim::new(1).strategy(Strategy::Random).tape(Tape::from_choices([0; 4]));
    /// let zeros = zeros.try_run(program()).unwrap();
    /// let empty = Sim::new(2).tape(Tape::new()).try_run(program()).unwrap();
    /// # if std::env::var_os("SIMLOOP_SCHEDULE").is_none() {
    /// assert_eq!(empty.digest(), zeros.digest()); // an empty tape takes every default
    /// # }
    /// ```
    pub fn tape(mut self, tape: Tape) -> Self {
        if !self.config.replay_from_env {
            self.config.replay = Some(tape.without_notes());
        }
        self
    }

    /// Records the run's tape: every decision taken ([`Outcome::tape`], [`Failure::tape`]).
    /// Also on with [`trace(true)`](Self::trace). Recording does not change the run.
    ///
    /// # Examples
    ///
    /// ```
    /// let outcome = simloop::Sim::new(1).record_tape(true).try_run(async {
    ///     let a = simloop::spawn(async {});
    ///     let b = simloop::spawn(async {});
    ///     a.await.unwrap();
    ///     b.await.unwrap();
    /// }).unwrap();
    /// assert!(outcome.tape().unwrap().len() >= 1); // at least the pick between a and b
    /// assert!(simloop::Sim::new(1).try_run(async {}).unwrap().tape().is_none());
    /// ```
    pub fn record_tape(mut self, record: bool) -> Self {
        self.config.record_tape = record;
        self
    }

    /// Cancels tasks at random: each time the scheduler picks a task other than the main
    /// one, it cancels it instead of polling it with probability `p`, as if
    /// [`abort`](crate::JoinHandle::abort) had been called during its last `.await`. Code that
    /// must survive cancellation at any `.await` gets explored that way.
    ///
    /// The decisions come from the `faults` stream (a run with `p = 0`, the default, draws
    /// none), are entries of the tape, and show in the trace as `abort injected`.
    ///
    /// # Panics
    ///
    /// Panics when `p` is not within `0.0..=1.0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::Sim;
    ///
    /// let cancelled = Sim::new(1).inject_aborts(1.0).run(async {
    ///     let worker = simloop::spawn(async { 42 });
    ///     worker.await.unwrap_err().is_cancelled()
    /// });
    /// assert!(cancelled);
    /// ```
    #[track_caller]
    pub fn inject_aborts(mut self, p: f64) -> Self {
        assert!(
            (0.0..=1.0).contains(&p),
            "simloop: `Sim::inject_aborts({p})`: the probability must be within 0.0..=1.0"
        );
        self.config.abort_probability = p;
        self
    }

    /// Draws network and machine faults from the seed, as `plan` says: partitions, crashes
    /// and latency spikes of the run's [`net`](crate::net) hosts; see [`FaultPlan`](crate::net::FaultPlan).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::net::{self, FaultPlan};
    /// use simloop::Sim;
    ///
    /// let plan = FaultPlan::new().crash(1.0).every(Duration::from_millis(10));
    /// let restarts = Sim::new(1).faults(plan).run(async {
    ///     let boots = std::rc::Rc::new(std::cell::Cell::new(0));
    ///     let counter = boots.clone();
    ///     net::host("db", move || {
    ///         counter.set(counter.get() + 1);
    ///         std::future::pending::<()>()
    ///     });
    ///     simloop::time::sleep(Duration::from_secs(5)).await;
    ///     boots.get()
    /// });
    /// assert!(restarts > 1, "the plan crashed and restarted db");
    /// ```
    pub fn faults(mut self, plan: crate::net::FaultPlan) -> Self {
        self.config.faults = Some(plan);
        self
    }

    /// Sets the step bound `k` of [`Strategy::Pct`] and [`Strategy::DelayBounded`]: their
    /// change points (preemptions) and delays fall among the first `k` choice steps (picks
    /// with more than one ready task). Default [`DEFAULT_PCT_STEPS`]; an
    /// [`Explorer`](crate::Explorer) sets it to the test's own count of choice steps. A bound
    /// near the run's count spreads the preemptions over the whole run.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Sim, Strategy};
    ///
    /// let outcome = Sim::new(1).strategy(Strategy::Pct { depth: 3 }).pct_steps(20)
    ///     .try_run(async {
    ///         let a = simloop::spawn(async { simloop::yield_now().await });
    ///         a.await.unwrap();
    ///     })
    ///     .unwrap();
    /// assert_eq!(outcome.strategy(), Strategy::Pct { depth: 3 });
    /// ```
    pub fn pct_steps(mut self, steps: u64) -> Self {
        self.config.pct_steps = steps;
        self
    }

    /// Records the picks where another task could have run in the recorded tape, for a
    /// bounded exhaustive exploration (and the step bound of an exploration).
    pub(crate) fn record_branches(mut self) -> Self {
        self.config.record_branches = true;
        self
    }

    /// Fails the run with [`FailureKind::StepLimit`](crate::FailureKind::StepLimit) after `steps` polls (livelock detection).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{FailureKind, Sim};
    ///
    /// let failure = Sim::new(1).max_steps(100).try_run(async {
    ///     loop { simloop::yield_now().await }
    /// }).unwrap_err();
    /// assert_eq!(failure.kind(), FailureKind::StepLimit);
    /// ```
    pub fn max_steps(mut self, steps: u64) -> Self {
        self.config.max_steps = steps;
        self
    }

    /// Fails the run with [`FailureKind::TimeLimit`](crate::FailureKind::TimeLimit) rather than let the clock pass `limit`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::{FailureKind, Sim};
    ///
    /// let failure = Sim::new(1).max_time(Duration::from_secs(60)).try_run(async {
    ///     simloop::time::sleep(Duration::from_secs(3600)).await;
    /// }).unwrap_err();
    /// assert_eq!(failure.kind(), FailureKind::TimeLimit);
    /// ```
    pub fn max_time(mut self, limit: Duration) -> Self {
        self.config.max_time = Some(limit);
        self
    }

    /// Records every event of the run (see [`Outcome::trace`]). The digest is computed either
    /// way; the last events are kept for failure reports either way. The tape is recorded
    /// only when asked too ([`record_tape`](Self::record_tape)): a trace is read, a tape
    /// replayed, and the seed alone reruns the same run.
    ///
    /// # Examples
    ///
    /// ```
    /// let outcome = simloop::Sim::new(1).trace(true).try_run(async {}).unwrap();
    /// assert!(outcome.trace().is_recorded());
    /// ```
    pub fn trace(mut self, record: bool) -> Self {
        self.config.trace = record;
        self
    }

    /// Keeps the digest only, not the last events a failure report shows: for the iterations
    /// of an exploration, which rerun a failing seed with every event recorded.
    pub(crate) fn digest_only(mut self) -> Self {
        self.config.keep_tail = false;
        self
    }

    /// Sets what a [`Detector`]'s findings do: fail the run (the default), warn, or allow.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Detector, Policy, Sim};
    ///
    /// // A background task still sleeping when the main future returns.
    /// let program = || async {
    ///     drop(simloop::spawn(simloop::time::sleep(std::time::Duration::from_secs(5))));
    /// };
    /// assert!(Sim::new(1).try_run(program()).is_err());
    /// let outcome = Sim::new(1).policy(Detector::LeakedTasks, Policy::Warn).try_run(program());
    /// assert_eq!(outcome.unwrap().warnings().len(), 1);
    /// ```
    pub fn policy(mut self, detector: Detector, policy: Policy) -> Self {
        self.config.policies.set(detector, policy);
        self
    }

    /// Sets how much virtual time one poll may hold the loop (through
    /// [`cpu_work`](crate::cpu_work)) before [`Detector::SlowPoll`] reports it; default
    /// [`DEFAULT_SLOW_POLL`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::Sim;
    ///
    /// let outcome = Sim::new(1)
    ///     .slow_poll(Duration::from_secs(1))
    ///     .try_run(async { simloop::cpu_work(Duration::from_millis(500)) });
    /// assert!(outcome.is_ok());
    /// ```
    pub fn slow_poll(mut self, limit: Duration) -> Self {
        self.config.slow_poll = limit;
        self
    }

    /// The default [`max_tasks`](Self::max_tasks): a million tasks alive at once.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Sim::DEFAULT_MAX_TASKS, 1_000_000);
    /// ```
    pub const DEFAULT_MAX_TASKS: usize = 1_000_000;

    /// The default [`watchdog`](Self::watchdog): 30 seconds of wall-clock time in one poll.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::Sim::DEFAULT_WATCHDOG, std::time::Duration::from_secs(30));
    /// ```
    pub const DEFAULT_WATCHDOG: Duration = Duration::from_secs(30);

    /// Fails the run with [`FailureKind::TaskLimit`](crate::FailureKind::TaskLimit) when more
    /// than `tasks` spawned tasks are alive (spawned and not finished; the main future does not
    /// count) at once: a spawn loop or a spawn bomb is reported with the seed before it takes
    /// the machine's memory. Default
    /// [`DEFAULT_MAX_TASKS`](Self::DEFAULT_MAX_TASKS).
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{FailureKind, Sim};
    ///
    /// let failure = Sim::new(1).max_tasks(10).try_run(async {
    ///     let tasks: Vec<_> = (0..20).map(|_| simloop::spawn(async {})).collect();
    ///     for t in tasks { t.await.unwrap(); }
    /// }).unwrap_err();
    /// assert_eq!(failure.kind(), FailureKind::TaskLimit);
    /// ```
    pub fn max_tasks(mut self, tasks: usize) -> Self {
        self.config.max_tasks = tasks;
        self
    }

    /// How long one poll may run in wall-clock time before the watchdog reports it and ends
    /// the process: a poll that never returns (a loop without an `.await`, a busy-wait on a
    /// flag that only another task sets) would otherwise hang the test with no output.
    /// `None` turns the watchdog off; default [`DEFAULT_WATCHDOG`](Self::DEFAULT_WATCHDOG).
    /// [`SIMLOOP_WATCHDOG`](crate::env::SIMLOOP_WATCHDOG) (`30s`, `off`) beats this setting.
    ///
    /// The watchdog is a thread of its own, outside the simulation: it reads no state of the
    /// run and never changes one. When a poll has run past the limit it prints a report to
    /// stderr (the seed, the strategy, the step, the virtual time, the task in the poll with
    /// its name and spawn site, and the replay line) and exits the process with status 101.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let value = simloop::Sim::new(1).watchdog(Duration::from_secs(5)).run(async { 7 });
    /// assert_eq!(value, 7);
    /// let value = simloop::Sim::new(1).watchdog(None).run(async { 8 });
    /// assert_eq!(value, 8);
    /// ```
    pub fn watchdog(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.config.watchdog = limit.into();
        self
    }

    /// Sets the number of workers of the pool that runs
    /// [`spawn_blocking`](crate::spawn_blocking) jobs; default [`DEFAULT_BLOCKING_WORKERS`].
    ///
    /// # Panics
    ///
    /// Panics when `workers` is zero: jobs would wait forever.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let done_at = simloop::Sim::new(1).blocking_workers(1).run(async {
    ///     let a = simloop::spawn_blocking(Duration::from_secs(1), || ());
    ///     let b = simloop::spawn_blocking(Duration::from_secs(1), || ());
    ///     a.await.unwrap();
    ///     b.await.unwrap();
    ///     simloop::time::now()
    /// });
    /// assert_eq!(done_at.to_string(), "2.000s"); // one worker: the jobs ran one after the other
    /// ```
    #[track_caller]
    pub fn blocking_workers(mut self, workers: usize) -> Self {
        assert!(workers > 0, "simloop: `Sim::blocking_workers` needs at least one worker");
        self.config.blocking_workers = workers;
        self
    }

    /// The seed this simulation will run (after `SIMLOOP_SEED`).
    ///
    /// # Examples
    ///
    /// ```
    /// # if std::env::var_os("SIMLOOP_SEED").is_none() {
    /// assert_eq!(simloop::Sim::new(5).seed(), 5);
    /// # }
    /// ```
    pub fn seed(&self) -> u64 {
        self.config.seed
    }

    /// Runs `future` as the main task until it completes, and returns its output.
    ///
    /// # Panics
    ///
    /// Panics with the failure report (see [`Failure`]) when the run fails: the main future
    /// panics, a deadlock, a limit. A panic in a spawned task does not fail the run: it is
    /// returned to whoever awaits the task, as [`JoinError`](crate::JoinError).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::{Sim, time};
    ///
    /// let at = Sim::new(1).run(async {
    ///     let a = simloop::spawn(time::sleep(Duration::from_secs(1)));
    ///     let b = simloop::spawn(time::sleep(Duration::from_millis(500)));
    ///     a.await.unwrap();
    ///     b.await.unwrap();
    ///     time::now()
    /// });
    /// assert_eq!(at.to_string(), "1.000s");
    /// ```
    #[track_caller]
    pub fn run<F: Future>(self, future: F) -> F::Output {
        match self.try_run_at(future, Location::caller()) {
            Ok(outcome) => outcome.into_value(),
            // The report ends with its replay line; a line break after it keeps text that a
            // test harness appends (proptest's "Test failed: ...") off the command.
            Err(failure) => panic!("{failure}\n"),
        }
    }

    /// Runs `future` as the main task; returns its [`Outcome`], or the [`Failure`].
    ///
    /// # Panics
    ///
    /// Panics when called inside a running simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{FailureKind, Sim};
    ///
    /// let failure = Sim::new(3).try_run(async { panic!("boom") }).unwrap_err();
    /// assert_eq!(failure.kind(), FailureKind::Panic);
    /// assert!(failure.message().ends_with(": boom"));
    /// ```
    #[track_caller]
    pub fn try_run<F: Future>(self, future: F) -> Result<Outcome<F::Output>, Failure> {
        self.try_run_at(future, Location::caller())
    }

    /// The same settings with another seed (an exploration's runs start from one template).
    pub(crate) fn reseed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    pub(crate) fn try_run_at<F: Future>(
        mut self,
        future: F,
        site: &'static Location<'static>,
    ) -> Result<Outcome<F::Output>, Failure> {
        if self.config.test.is_none() {
            self.config.test = std::thread::current().name().map(str::to_owned);
        }
        self.config.strategy = self.config.strategy.member(self.config.seed);
        runtime::run(self.config, future, site)
    }
}
