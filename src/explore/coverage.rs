//! How much of a test's schedules an exploration saw: [`Coverage`], from the digests of its
//! passing runs.

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
/// assert!(coverage.unexplored().unwrap() < 0.05);
/// ```
///
/// Past 262,144 distinct schedules per thread the count becomes an estimate (see
/// [`Report::distinct_is_estimate`](crate::Report::distinct_is_estimate)): no run is kept
/// apart any more, so there is no seen-once count and no Good-Turing figure (`None`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Coverage {
    runs: u64,
    distinct: u64,
    /// `None` when the distinct count is an estimate.
    once: Option<u64>,
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
    /// assert_eq!(report.coverage().seen_once(), Some(0));
    /// ```
    pub fn seen_once(&self) -> Option<u64> {
        self.once
    }

    /// The Good-Turing estimate of the probability that one more run takes a new schedule:
    /// `seen_once / runs` (`1.0` before any run); `None` when the count is an estimate.
    ///
    /// # Examples
    ///
    /// ```
    /// // Nothing to choose: one schedule, seen by every run; nothing is left to explore.
    /// let report = simloop::Explorer::new().read_env(false).iterations(20).run(|| async {});
    /// assert_eq!(report.coverage().unexplored(), Some(0.0));
    /// ```
    pub fn unexplored(&self) -> Option<f64> {
        let once = self.once?;
        Some(if self.runs == 0 { 1.0 } else { once as f64 / self.runs as f64 })
    }
}

impl fmt::Display for Coverage {
    /// `12 of them seen once: a further run is new with probability 0.047 (Good-Turing)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.once, self.unexplored()) {
            (Some(once), Some(unexplored)) => write!(
                f,
                "{once} of them seen once: a further run is new with probability \
                 {unexplored:.3} (Good-Turing)"
            ),
            _ => f.write_str("too many to keep each: no Good-Turing figure"),
        }
    }
}

impl Coverage {
    /// The figures of `runs` passing runs over `distinct` schedules, `once` of them taken by one run.
    pub(super) fn new(runs: u64, distinct: u64, once: Option<u64>) -> Self {
        Self { runs, distinct, once }
    }
}
