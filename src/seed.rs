//! What a seed means: the two numeric rules between a seed and its run's choices.
//!
//! - SplitMix64 expands a run's seed into its ChaCha key (`runtime/rng.rs`) and derives the
//!   seed of each iteration of an exploration from the base seed (`explore/seeds.rs`).
//! - The multiply-shift reduction maps a 64-bit draw to a bounded choice.
//!
//! Both are our own, not a library's, so a seed replays the same across dependency upgrades;
//! changing either changes the run of every printed seed.

/// SplitMix64's increment: the golden ratio in 64 bits.
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// Output `n` (from 0) of SplitMix64 started at `state`.
pub(crate) const fn splitmix64(state: u64, n: u64) -> u64 {
    let mut z = state.wrapping_add(n.wrapping_add(1).wrapping_mul(GAMMA));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Maps a uniform 64-bit draw to `0..n` (multiply-shift; `n >= 1`).
pub(crate) fn below(x: u64, n: usize) -> usize {
    ((u128::from(x) * n as u128) >> 64) as usize
}
