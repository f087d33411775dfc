//! Counting the distinct schedules of an exploration, in bounded memory.
//!
//! Up to [`EXACT`] distinct digests the count is exact (each digest is kept, with how many
//! runs took it). Past that, the digests feed a HyperLogLog sketch of 4,096 registers
//! (4 KiB, a relative error of about 1.6%) and the count is an estimate: a 10-hour
//! exploration holds kilobytes, not gigabytes. The summary says which it is.

use std::collections::BTreeMap;

use super::coverage::Coverage;
use crate::seed::splitmix64;

/// How many distinct digests are counted exactly, per thread.
const EXACT: usize = 1 << 18;

/// Registers of the sketch: `2^BITS`.
const BITS: u32 = 12;

#[derive(Debug, Clone)]
pub(super) enum Distinct {
    /// Every digest seen, with how many runs took it.
    Exact(BTreeMap<u64, u64>),
    /// A HyperLogLog sketch (per register, the highest rank seen), and the runs counted.
    Estimate(Vec<u8>, u64),
}

impl Default for Distinct {
    fn default() -> Self {
        Self::Exact(BTreeMap::new())
    }
}

impl Distinct {
    /// A run took the schedule of `digest`.
    pub(super) fn insert(&mut self, digest: u64) {
        self.add(digest, 1);
    }

    /// Adds what `other` counted.
    pub(super) fn merge(&mut self, other: Self) {
        match other {
            Self::Exact(theirs) => theirs.into_iter().for_each(|(d, runs)| self.add(d, runs)),
            Self::Estimate(theirs, runs) => {
                self.make_estimate();
                if let Self::Estimate(mine, mine_runs) = self {
                    mine.iter_mut().zip(theirs).for_each(|(m, t)| *m = (*m).max(t));
                    *mine_runs += runs;
                }
            }
        }
    }

    fn add(&mut self, digest: u64, runs: u64) {
        match self {
            Self::Exact(seen) => {
                *seen.entry(digest).or_default() += runs;
                if seen.len() > EXACT {
                    self.make_estimate();
                }
            }
            Self::Estimate(registers, counted) => {
                sketch(registers, digest);
                *counted += runs;
            }
        }
    }

    /// Turns an exact count into a sketch of the same digests.
    fn make_estimate(&mut self) {
        if let Self::Exact(seen) = self {
            let mut registers = vec![0; 1 << BITS];
            seen.keys().for_each(|d| sketch(&mut registers, *d));
            let runs = seen.values().sum();
            *self = Self::Estimate(registers, runs);
        }
    }

    /// How many distinct schedules: exact, or estimated.
    pub(super) fn count(&self) -> u64 {
        match self {
            Self::Exact(seen) => seen.len() as u64,
            Self::Estimate(registers, _) => estimate(registers),
        }
    }

    /// The coverage figure: runs, distinct schedules, and those one run took (exact counts
    /// only).
    pub(super) fn coverage(&self) -> Coverage {
        match self {
            Self::Exact(seen) => Coverage::new(
                seen.values().sum(),
                seen.len() as u64,
                Some(seen.values().filter(|runs| **runs == 1).count() as u64),
            ),
            Self::Estimate(_, runs) => Coverage::new(*runs, self.count(), None),
        }
    }

    pub(super) fn is_estimate(&self) -> bool {
        matches!(self, Self::Estimate(..))
    }
}

/// Adds `digest` to a HyperLogLog sketch.
fn sketch(registers: &mut [u8], digest: u64) {
    // Digests are fingerprints, not uniform hashes: mix them first.
    let h = splitmix64(digest, 0);
    let register = (h >> (64 - BITS)) as usize;
    let rank = ((h << BITS) | (1 << (BITS - 1))).leading_zeros() as u8 + 1;
    registers[register] = registers[register].max(rank);
}

/// The HyperLogLog estimate of a sketch, with the small-range correction.
fn estimate(registers: &[u8]) -> u64 {
    let m = registers.len() as f64;
    let alpha = 0.7213 / (1.0 + 1.079 / m);
    let sum: f64 = registers.iter().map(|r| 2f64.powi(-i32::from(*r))).sum();
    let raw = alpha * m * m / sum;
    let zeros = registers.iter().filter(|r| **r == 0).count();
    let value = if raw <= 2.5 * m && zeros > 0 { m * (m / zeros as f64).ln() } else { raw };
    value.round() as u64
}

#[cfg(test)]
mod tests {
    use super::{Distinct, EXACT};

    #[test]
    fn exact_up_to_the_cap_then_an_estimate_within_five_percent() {
        let mut d = Distinct::default();
        for i in 0..1000u64 {
            d.insert(i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            d.insert(i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        }
        assert_eq!((d.count(), d.is_estimate()), (1000, false));
        let n = EXACT as u64 * 2;
        for i in 0..n {
            d.insert(i.wrapping_mul(0x2545_f491_4f6c_dd1d));
        }
        assert!(d.is_estimate());
        let expected = (n + 1000) as f64;
        let error = (d.count() as f64 - expected).abs() / expected;
        assert!(error < 0.05, "{} for {expected}", d.count());
    }
}
