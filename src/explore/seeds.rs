//! Which seed each run of an exploration takes, in which order.
//!
//! An exploration is a sequence of **positions**: first the seeds of the regression file, in
//! file order, then the iterations of this process's shard, in increasing index. The run at
//! position `p` depends only on `p` and the settings, never on threads or timing, which is
//! what makes "the failure with the lowest position" the same on every machine.

use super::Shard;
use crate::seed::splitmix64;

/// The seed of iteration `iteration` of an exploration with base seed `base`: the
/// `iteration`-th output (from 0) of SplitMix64 seeded with `base`.
pub(crate) const fn seed_of(base: u64, iteration: u64) -> u64 {
    splitmix64(base, iteration)
}

/// Where the seed of a run came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// `SIMLOOP_SEED`.
    Replay,
    /// Line-order index into the regression file's seeds.
    Regression(usize),
    /// An iteration index of the exploration (0-based, the same in every shard).
    Iteration(u64),
}

/// One run of the sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) seed: u64,
    pub(crate) source: Source,
}

/// The sequence of runs of one exploration.
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    /// `SIMLOOP_SEED`: that seed, once.
    Replay(u64),
    /// The regression seeds, then this shard's share of the iterations `0..iterations`.
    Explore { regressions: Vec<u64>, base_seed: u64, shard: Shard, iterations: u64 },
}

impl Plan {
    /// The run at `position`, or `None` past the end.
    pub(crate) fn at(&self, position: u64) -> Option<Run> {
        match self {
            Self::Replay(seed) => {
                (position == 0).then_some(Run { seed: *seed, source: Source::Replay })
            }
            Self::Explore { regressions, base_seed, shard, iterations } => {
                let replayed = regressions.len() as u64;
                if position < replayed {
                    let index = position as usize;
                    return Some(Run {
                        seed: regressions[index],
                        source: Source::Regression(index),
                    });
                }
                let index = shard.nth(position - replayed)?;
                (index < *iterations).then(|| Run {
                    seed: seed_of(*base_seed, index),
                    source: Source::Iteration(index),
                })
            }
        }
    }

    /// How many positions run whatever the wall-clock budget: the regression seeds and the
    /// first iteration.
    pub(crate) fn unbudgeted(&self) -> u64 {
        match self {
            Self::Replay(_) => 1,
            Self::Explore { regressions, .. } => regressions.len() as u64 + 1,
        }
    }

    /// How many iterations the exploration has in all shards (`None`: a duration decides).
    pub(crate) fn iterations(&self) -> Option<u64> {
        match self {
            Self::Replay(_) => Some(1),
            Self::Explore { iterations, .. } => (*iterations != u64::MAX).then_some(*iterations),
        }
    }

    /// How many runs the sequence has (`None`: too many to count, a duration decides).
    pub(crate) fn len(&self) -> Option<u64> {
        match self {
            Self::Replay(_) => Some(1),
            Self::Explore { regressions, shard, iterations, .. } => {
                if *iterations == u64::MAX {
                    return None;
                }
                let mine = iterations.saturating_sub(shard.index() - 1).div_ceil(shard.count());
                Some(regressions.len() as u64 + mine)
            }
        }
    }
}
