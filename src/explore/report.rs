//! What a passing exploration tells: [`Report`], and the one line it prints.

use std::fmt;
use std::time::Duration;

use super::Shard;
use super::coverage::Coverage;
use crate::Strategy;

/// The summary of an exploration: how much it ran, and how varied the runs were.
///
/// `Display` is the one line that [`Explorer::run`](crate::Explorer::run) prints when the
/// exploration passes.
///
/// # Examples
///
/// ```
/// use simloop::Explorer;
///
/// let report = Explorer::new().read_env(false).iterations(50).threads(2).run(|| async {
///     let a = simloop::spawn(async {});
///     let b = simloop::spawn(async {});
///     a.await.unwrap();
///     b.await.unwrap();
/// });
/// assert_eq!(report.iterations(), 50);
/// assert_eq!(report.failures(), 0);
/// assert!(report.distinct_digests() >= 2); // task 1 runs first, or task 2
/// assert!(report.to_string().contains(": 50 iterations passed ("));
/// ```
#[derive(Debug, Clone)]
pub struct Report {
    pub(super) test: Option<String>,
    pub(super) iterations: u64,
    pub(super) regressions: u64,
    pub(super) failures: u64,
    pub(super) distinct: u64,
    /// The distinct count is an estimate (too many schedules to keep each).
    pub(super) distinct_estimated: bool,
    pub(super) determinism_checks: u64,
    pub(super) virtual_time: Duration,
    pub(super) wall_time: Duration,
    pub(super) threads: usize,
    pub(super) base_seed: u64,
    pub(super) strategy: Strategy,
    /// The strategy came from `SIMLOOP_STRATEGY`: a replay needs it too.
    pub(super) strategy_from_env: bool,
    pub(super) shard: Shard,
    pub(super) replay: Option<u64>,
    /// The runs followed `SIMLOOP_SCHEDULE`.
    pub(super) schedule: bool,
    /// The iterations of the whole exploration, all shards, when a count sets them.
    pub(super) planned: Option<u64>,
    /// For `Strategy::Dfs`: its bound, and whether every schedule within it ran.
    pub(super) bounded: Option<(u32, bool)>,
    pub(super) coverage: Coverage,
}

impl Report {
    /// How many simulations ran: regression seeds included.
    ///
    /// When the exploration failed, runs above the failing one that other threads had
    /// already started are counted too.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(3).run(|| async {});
    /// assert_eq!(report.iterations(), 3);
    /// ```
    pub fn iterations(&self) -> u64 {
        self.iterations
    }

    /// How many of the runs were seeds of the regression file.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).no_regressions().run(|| async {});
    /// assert_eq!(report.regressions(), 0);
    /// ```
    pub fn regressions(&self) -> u64 {
        self.regressions
    }

    /// How many runs failed: 0 for an exploration that passed.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(3).run(|| async {});
    /// assert_eq!(report.failures(), 0);
    /// ```
    pub fn failures(&self) -> u64 {
        self.failures
    }

    /// Whether [`distinct_digests`](Self::distinct_digests) is an estimate: past 262,144
    /// distinct schedules a thread stops keeping each one and estimates the count
    /// (HyperLogLog, about 1.6% off), so a long exploration holds kilobytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(20).run(|| async {});
    /// assert!(!report.distinct_is_estimate());
    /// ```
    pub fn distinct_is_estimate(&self) -> bool {
        self.distinct_estimated
    }

    /// How many passing iterations ran a second time to check that their seed decides them
    /// ([`Explorer::determinism_checks`](crate::Explorer::determinism_checks)).
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(200).run(|| async {});
    /// assert_eq!(report.determinism_checks(), 8); // iterations 0, 1, 3, ..., 127
    /// ```
    pub fn determinism_checks(&self) -> u64 {
        self.determinism_checks
    }

    /// How many distinct schedules (distinct digests) the passing runs took.
    ///
    /// # Examples
    ///
    /// ```
    /// // One task, nothing to choose: every seed takes the same schedule.
    /// let report = simloop::Explorer::new().read_env(false).iterations(20).run(|| async {});
    /// assert_eq!(report.distinct_digests(), 1);
    /// ```
    pub fn distinct_digests(&self) -> u64 {
        self.distinct
    }

    /// The virtual time of the passing runs, added up.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let report = simloop::Explorer::new().read_env(false).iterations(10).run(|| async {
    ///     simloop::time::sleep(Duration::from_secs(60)).await;
    /// });
    /// assert_eq!(report.virtual_time(), Duration::from_secs(600));
    /// ```
    pub fn virtual_time(&self) -> Duration {
        self.virtual_time
    }

    /// The real time the exploration took.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(10).run(|| async {});
    /// assert!(report.wall_time() < std::time::Duration::from_secs(3600));
    /// ```
    pub fn wall_time(&self) -> Duration {
        self.wall_time
    }

    /// How many threads ran simulations.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).threads(2).run(|| async {});
    /// assert_eq!(report.threads(), 2);
    /// ```
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The base seed the iteration seeds derived from.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).base_seed(9).run(|| async {});
    /// assert_eq!(report.base_seed(), 9);
    /// ```
    pub fn base_seed(&self) -> u64 {
        self.base_seed
    }

    /// The strategy of the runs.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Explorer, Strategy};
    /// let report = Explorer::new().read_env(false).strategy(Strategy::Fifo).run(|| async {});
    /// assert_eq!(report.strategy(), Strategy::Fifo);
    /// ```
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// The slice of the iterations that ran.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Explorer, env::Shard};
    /// let shard = Shard::new(2, 2).unwrap();
    /// let report = Explorer::new().read_env(false).iterations(5).shard(shard).run(|| async {});
    /// assert_eq!(report.shard(), shard);
    /// assert_eq!(report.iterations(), 2); // iterations 1 and 3
    /// ```
    pub fn shard(&self) -> Shard {
        self.shard
    }
}

impl Report {
    /// Whether a bounded exhaustive exploration ([`Strategy::Dfs`]) ran every schedule within
    /// its bound, all passing: then no schedule with that many preemptions or fewer fails.
    /// `false` for every other strategy, and when the budget ended it first.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{Explorer, Strategy};
    ///
    /// let report = Explorer::new()
    ///     .read_env(false)
    ///     .strategy(Strategy::Dfs { preemptions: 1 })
    ///     .run(|| async {
    ///         let a = simloop::spawn(async {});
    ///         let b = simloop::spawn(async {});
    ///         a.await.unwrap();
    ///         b.await.unwrap();
    ///     });
    /// assert!(report.exhausted());
    /// assert_eq!(report.iterations(), 3); // a b, a main b, b a
    /// assert!(report.to_string().contains("exhausted: all 3 schedules with <= 1 preemptions pass"));
    /// ```
    pub fn exhausted(&self) -> bool {
        matches!(self.bounded, Some((_, true)))
    }

    /// How varied the passing runs were, and the estimate of what is still unexplored.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(10).run(|| async {});
    /// assert_eq!(report.coverage().distinct(), report.distinct_digests());
    /// ```
    pub fn coverage(&self) -> Coverage {
        self.coverage
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let test = self.test.as_deref().unwrap_or("exploration");
        if let Some(seed) = self.replay {
            return write!(
                f,
                "simloop: {test}: seed {seed} (from SIMLOOP_SEED) passed ({} of virtual time, \
                 {} wall, strategy {})",
                human(self.virtual_time),
                wall(self.wall_time),
                self.strategy
            );
        }
        let runs = plural(self.iterations, "iteration");
        match self.bounded {
            Some((k, true)) => write!(
                f,
                "simloop: {test}: exhausted: all {} with <= {k} preemptions pass",
                plural(self.iterations, "schedule")
            )?,
            Some((k, false)) => write!(
                f,
                "simloop: {test}: {} with <= {k} preemptions passed, not all of them: the \
                 budget ran out",
                plural(self.iterations, "schedule")
            )?,
            None if self.shard == Shard::ALL => write!(f, "simloop: {test}: {runs} passed")?,
            None => {
                // This process ran its slice of the exploration's iterations.
                let of = self.planned.map(|n| format!(" of {n}")).unwrap_or_default();
                let runs = if of.is_empty() { runs } else { format!("{}", self.iterations) };
                let noun = if of.is_empty() { "" } else { " iterations" };
                write!(f, "simloop: {test}: shard {}: {runs}{of}{noun} passed", self.shard)?;
            }
        }
        if self.regressions > 0 {
            write!(f, ", {} of them from the regression file", self.regressions)?;
        }
        let about = if self.distinct_estimated { "about " } else { "" };
        let estimated = if self.distinct_estimated { " (estimated)" } else { "" };
        write!(
            f,
            " ({about}{} distinct schedule{}{estimated}{}; {} of virtual time, {} wall, {}; \
             strategy {}, base seed {}",
            self.distinct,
            if self.distinct == 1 { "" } else { "s" },
            // Every schedule of a bounded exploration is new: no estimate to make.
            match self.bounded {
                Some(_) => String::new(),
                None => format!(", {}", self.coverage),
            },
            human(self.virtual_time),
            wall(self.wall_time),
            plural(self.threads as u64, "thread"),
            self.strategy,
            self.base_seed,
        )?;
        f.write_str(")")
    }
}

pub(super) fn plural(n: u64, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Virtual time for people: `12.345s`, `12m05s`, `3h02m11s`.
pub(super) fn human(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        0..60 => format!("{}.{:03}s", secs, d.subsec_millis()),
        60..3600 => format!("{}m{:02}s", secs / 60, secs % 60),
        _ => format!("{}h{:02}m{:02}s", secs / 3600, secs % 3600 / 60, secs % 60),
    }
}

/// Wall-clock time for people: `1.234s`, `12.3ms`, `412µs` (never `0.000s`).
pub(super) fn wall(d: Duration) -> String {
    match d.as_micros() {
        0..1_000 => format!("{}µs", d.as_micros()),
        1_000..1_000_000 => format!("{:.1}ms", d.as_secs_f64() * 1e3),
        _ => format!("{:.3}s", d.as_secs_f64()),
    }
}
