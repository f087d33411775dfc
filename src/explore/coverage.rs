//! How much of a test's schedules an exploration saw: [`Coverage`], from the digests of its
//! passing runs.

use std::collections::BTreeMap;
use std::fmt;

/// How varied the passing runs of an exploration were, and how much is likely still unseen.
///
/// A **schedule** is told apart by its trace digest. Of `runs` passing runs, `distinct`
/// schedules were seen, `seen_once` of them by a single run. The **Good-Turing estimate** of
/// what is still unexplored is `seen_once / runs`: the probability that one more run (of the
/// same strategy and kind of seeds) takes a schedule no run took yet. Near 1, every run is
/// new and more iterations keep paying; near 0, the runs repeat themselves, and more
/// iterations of the same strategy mostly rerun what passed (another strategy, or
/// [`Strategy::Dfs`](crate::Strategy::Dfs), may still find new schedules).
///
/// # Examples
///
/// ```
/// use simloop::Explorer;
///
/// // Two tasks that complete at once: few schedules, soon all seen.
/// let report = Explorer::new().read_env(false).iterations(200).run(|| async {
///     let a = simloop::spawn(async {});
///     let b = simloop::spawn(async {});
///     a.await.unwrap();
///     b.await.unwrap();
/// });
/// let coverage = report.coverage();
/// assert_eq!(coverage.runs(), 200);
/// assert!(coverage.distinct() >= 2 && coverage.distinct() <= 10);
/// assert!(coverage.unexplored() < 0.05);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Coverage {
    runs: u64,
    distinct: u64,
    once: u64,
}

impl Coverage {
    /// How many passing runs the figures count.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(3).run(|| async {});
    /// assert_eq!(report.coverage().runs(), 3);
    /// ```
    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// How many distinct schedules (trace digests) they took.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(3).run(|| async {});
    /// assert_eq!(report.coverage().distinct(), 1);
    /// ```
    pub fn distinct(&self) -> u64 {
        self.distinct
    }

    /// How many schedules exactly one run took.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = simloop::Explorer::new().read_env(false).iterations(3).run(|| async {});
    /// assert_eq!(report.coverage().seen_once(), 0);
    /// ```
    pub fn seen_once(&self) -> u64 {
        self.once
    }

    /// The Good-Turing estimate of the probability that one more run takes a new schedule:
    /// `seen_once / runs` (`1.0` before any run).
    ///
    /// # Examples
    ///
    /// ```
    /// // Nothing to choose: one schedule, seen by every run; nothing is left to explore.
    /// let report = simloop::Explorer::new().read_env(false).iterations(20).run(|| async {});
    /// assert_eq!(report.coverage().unexplored(), 0.0);
    /// ```
    pub fn unexplored(&self) -> f64 {
        if self.runs == 0 { 1.0 } else { self.once as f64 / self.runs as f64 }
    }
}

impl fmt::Display for Coverage {
    /// `12 of them seen once: a further run is new with probability 0.047 (Good-Turing)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of them seen once: a further run is new with probability {:.3} (Good-Turing)",
            self.once,
            self.unexplored()
        )
    }
}

/// How many passing runs took each schedule.
#[derive(Debug, Default)]
pub(super) struct Counts(BTreeMap<u64, u64>);

impl Counts {
    pub(super) fn add(&mut self, digest: u64) {
        *self.0.entry(digest).or_insert(0) += 1;
    }

    pub(super) fn merge(&mut self, other: Self) {
        for (digest, n) in other.0 {
            *self.0.entry(digest).or_insert(0) += n;
        }
    }

    pub(super) fn coverage(&self) -> Coverage {
        Coverage {
            runs: self.0.values().sum(),
            distinct: self.0.len() as u64,
            once: self.0.values().filter(|n| **n == 1).count() as u64,
        }
    }
}
