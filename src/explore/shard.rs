//! Disjoint slices of an exploration's iterations, one per machine.

use std::fmt;

/// The k-th of n disjoint slices of an exploration's iterations (`SIMLOOP_SHARD=k/n`).
///
/// Iteration `i` belongs to shard `k` of `n` when `i % n == k - 1`: the slices interleave,
/// so each shard explores the whole range of indices, and a wall-clock budget
/// ([`SIMLOOP_DURATION`](crate::env::SIMLOOP_DURATION)) spent on each shard still covers every
/// iteration up to some index. The n shards of `1..=n` are disjoint and together run every
/// iteration exactly once. The indices, and so the seeds and the reported failing iteration,
/// are the same as in an unsharded run.
///
/// # Examples
///
/// ```
/// use simloop::env::Shard;
///
/// let second = Shard::new(2, 3).unwrap();
/// assert_eq!(second.iterations(10).collect::<Vec<_>>(), [1, 4, 7]);
/// assert!(second.contains(4) && !second.contains(5));
/// assert_eq!(second.to_string(), "2/3");
/// assert_eq!(Shard::new(0, 3), None); // k counts from 1
/// assert_eq!(Shard::ALL.iterations(3).count(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// The whole exploration: shard 1 of 1.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::env::Shard::ALL.to_string(), "1/1");
    /// ```
    pub const ALL: Self = Self { index: 1, count: 1 };

    /// Shard `index` of `count`, or `None` unless `1 <= index <= count`.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::env::Shard;
    /// assert!(Shard::new(4, 4).is_some());
    /// assert!(Shard::new(5, 4).is_none());
    /// ```
    pub const fn new(index: u64, count: u64) -> Option<Self> {
        if index >= 1 && index <= count { Some(Self { index, count }) } else { None }
    }

    /// Which slice this is, from 1.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::env::Shard::new(3, 4).unwrap().index(), 3);
    /// ```
    pub const fn index(self) -> u64 {
        self.index
    }

    /// How many slices there are.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(simloop::env::Shard::new(3, 4).unwrap().count(), 4);
    /// ```
    pub const fn count(self) -> u64 {
        self.count
    }

    /// Whether iteration `iteration` (an index from 0) belongs to this slice.
    ///
    /// # Examples
    ///
    /// ```
    /// let first = simloop::env::Shard::new(1, 2).unwrap();
    /// assert!(first.contains(0) && first.contains(2) && !first.contains(1));
    /// ```
    pub const fn contains(self, iteration: u64) -> bool {
        iteration % self.count == self.index - 1
    }

    /// The indices of this slice among the iterations `0..total`, in increasing order.
    ///
    /// # Examples
    ///
    /// ```
    /// let last = simloop::env::Shard::new(4, 4).unwrap();
    /// assert_eq!(last.iterations(9).collect::<Vec<_>>(), [3, 7]);
    /// ```
    pub fn iterations(self, total: u64) -> impl Iterator<Item = u64> {
        (0..).map_while(move |j| self.nth(j)).take_while(move |&i| i < total)
    }

    /// The index of the `j`-th iteration of this slice (from 0), unless it overflows.
    pub(crate) const fn nth(self, j: u64) -> Option<u64> {
        match j.checked_mul(self.count) {
            Some(offset) => offset.checked_add(self.index - 1),
            None => None,
        }
    }
}

impl Default for Shard {
    fn default() -> Self {
        Self::ALL
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}
