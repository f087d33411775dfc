//! The simulation's randomness: seeded ChaCha8 streams and the one decision function.
//!
//! # Determinism
//!
//! A seed is expanded into a 256-bit ChaCha key by our own SplitMix64 sequence (four outputs,
//! little-endian), not by a library's `seed_from_u64`, so a seed means the same run across
//! dependency upgrades. Each concern draws from its own ChaCha stream of that key:
//!
//! | stream | draws |
//! | --- | --- |
//! | 0, schedule | which ready task is polled next |
//! | 1, timers | the order of timers due at the same instant; timeout against completion |
//! | 2, user | [`random`](crate::random) and [`rng`](crate::rng) |
//! | 3, branches | the order in which [`select!`](crate::select) and [`join!`](crate::join) poll their branches |
//! | 4, faults | [`buggify!`](crate::buggify) sites and injected aborts ([`Sim::inject_aborts`](crate::Sim::inject_aborts)) |
//!
//! so user code that draws one more number does not change the schedule, and neither does a
//! `select!` that is polled once more, nor a `buggify!` reached once more. Every decision goes
//! through [`Rngs::decide`], which maps a draw to `0..n` by the multiply-shift reduction
//! `(x * n) >> 64` of a 64-bit output `x` (bias below `n / 2^64`). A decision with a single
//! option draws nothing, and choice `0` is always the default order (asyncio's), which is what
//! `Strategy::Fifo` takes without drawing. `Strategy::Pct` picks ready tasks by priority
//! (`pct.rs`), drawing its priorities and change points from the schedule stream.
//!
//! Before drawing, `decide` asks the run's tape (`tape_log.rs`): a replayed tape gives the
//! choice instead, and a recorded one appends the choice taken, whoever took it. Recording
//! and replaying draw nothing from the streams and leave the trace, so the digest, unchanged.
//!
//! A branch order is one decision per poll of a `select!` or `join!` of `k` branches: a draw
//! among the `k!` permutations, decoded as a Lehmer code (choice `0` is the written order).
//! When `k!` does not fit in a `usize` (more than 20 branches on a 64-bit target), the order
//! is drawn as a shuffle instead: one decision per position, each `0` for the written order.

use std::collections::VecDeque;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use super::pct::Pct;
use super::tape_log::TapeLog;
use crate::Strategy;
use crate::seed::{below, splitmix64};
use crate::task::TaskId;

/// What a decision chooses between; names the stream it draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Which ready task is polled next (index into the ready set, oldest wake first).
    PickTask,
    /// Which of the timers due at the same instant fires next.
    TimerOrder,
    /// Whether the deadline of a `timeout` wins against its inner future (1) or not (0).
    TimeoutRace,
    /// The order in which a `select!` or `join!` polls its branches (a permutation, or one
    /// position of a shuffle; see the module docs).
    SelectOrder,
    /// Whether a `buggify!` site reached for the first time in the run is enabled (1, with
    /// probability 1/4) or not (0).
    BuggifyEnable,
    /// Whether an enabled `buggify!` site fires this time (1, with probability 1/4) or not.
    BuggifyFire,
    /// Whether the picked task is cancelled instead of polled (1, with the probability of
    /// `Sim::inject_aborts`) or not (0).
    InjectAbort,
}

/// The simulation's random streams, and the tape that records or replays their decisions.
#[derive(Debug)]
pub(crate) struct Rngs {
    strategy: Strategy,
    schedule: ChaCha8Rng,
    timers: ChaCha8Rng,
    user: ChaCha8Rng,
    branches: ChaCha8Rng,
    faults: ChaCha8Rng,
    /// The priorities and change points of `Strategy::Pct`.
    pct: Option<Pct>,
    /// `Sim::inject_aborts` as a threshold on a 64-bit draw; `0` injects none.
    abort_threshold: u64,
    pub(crate) tape: TapeLog,
}

impl Rngs {
    /// The streams of `seed`; `pct_steps` is the step bound of `Strategy::Pct`, whose change
    /// points are drawn here, from the schedule stream.
    pub(crate) fn new(seed: u64, strategy: Strategy, pct_steps: u64) -> Self {
        let key = expand_seed(seed);
        let stream = |n| {
            let mut rng = ChaCha8Rng::from_seed(key);
            rng.set_stream(n);
            rng
        };
        let mut schedule = stream(0);
        let pct = match strategy {
            Strategy::Pct { depth } => Some(Pct::new(depth, pct_steps, &mut schedule)),
            _ => None,
        };
        Self {
            strategy,
            schedule,
            timers: stream(1),
            user: stream(2),
            branches: stream(3),
            faults: stream(4),
            pct,
            abort_threshold: 0,
            tape: TapeLog::default(),
        }
    }

    /// Sets the probability of an injected abort at each pick of a task (`0.0..=1.0`).
    pub(crate) fn set_abort_probability(&mut self, p: f64) {
        // `p * 2^64`, saturating: `1.0` aborts on every draw below `u64::MAX`.
        self.abort_threshold = (p.clamp(0.0, 1.0) * 18_446_744_073_709_551_616.0) as u64;
    }

    /// Whether injected aborts are on.
    pub(crate) fn injects_aborts(&self) -> bool {
        self.abort_threshold > 0
    }

    /// Chooses one of `n` options. `0` is the default order; `Strategy::Fifo` always takes
    /// it for scheduling decisions.
    ///
    /// The one place decisions are taken: a replayed tape answers first; otherwise the
    /// strategy draws from the decision's stream. The choice is recorded when recording.
    /// A decision with a single option is no decision: it draws and records nothing.
    #[inline]
    pub(crate) fn decide(&mut self, decision: Decision, n: usize) -> usize {
        self.decide_by(n, |rngs| rngs.draw(decision, n))
    }

    /// [`decide`](Self::decide), with the strategy's choice given by `draw` (`Pct` needs the
    /// ready set).
    #[inline]
    fn decide_by(&mut self, n: usize, draw: impl FnOnce(&mut Self) -> usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let choice = match self.tape.replayed(n) {
            Some(choice) => choice,
            None => draw(self),
        };
        self.tape.record(choice);
        choice
    }

    /// The strategy's draw for a decision among `n >= 2` options.
    fn draw(&mut self, decision: Decision, n: usize) -> usize {
        let rng = match decision {
            Decision::BuggifyEnable | Decision::BuggifyFire => {
                return usize::from(below(self.faults.next_u64(), 4) == 0);
            }
            Decision::InjectAbort => {
                return usize::from(self.faults.next_u64() < self.abort_threshold);
            }
            _ if !draws(self.strategy, decision) => return 0,
            Decision::PickTask => &mut self.schedule,
            Decision::TimerOrder | Decision::TimeoutRace => &mut self.timers,
            Decision::SelectOrder => &mut self.branches,
        };
        below(rng.next_u64(), n)
    }

    /// Picks the next task among `ready` (oldest wake first) for step `step`: a
    /// [`Decision::PickTask`], which `Strategy::Pct` answers with its priorities.
    #[inline]
    pub(crate) fn pick_task(&mut self, ready: &VecDeque<TaskId>, step: u64) -> usize {
        if self.tape.is_replaying() {
            return self.decide(Decision::PickTask, ready.len());
        }
        match &mut self.pct {
            Some(pct) => {
                let best = pct.pick(ready, step, &mut self.schedule);
                self.decide_by(ready.len(), |_| best)
            }
            None => self.decide(Decision::PickTask, ready.len()),
        }
    }

    /// Fills `order` with a permutation of `0..order.len()`, drawn as one `decision` among
    /// the `k!` permutations (choice `0` is the identity); see the module docs.
    pub(crate) fn permutation(&mut self, decision: Decision, order: &mut [usize]) {
        for (i, slot) in order.iter_mut().enumerate() {
            *slot = i;
        }
        let k = order.len();
        match (1..=k).try_fold(1usize, usize::checked_mul) {
            Some(count) => {
                // Lehmer code: digit `i` (base `k - i`) picks among the positions not taken yet.
                let mut code = self.decide(decision, count);
                let mut radix = count;
                for i in 0..k {
                    radix /= k - i;
                    let digit = code / radix;
                    code %= radix;
                    order[i..=i + digit].rotate_right(1);
                }
            }
            None => {
                for i in 0..k {
                    let digit = self.decide(decision, k - i);
                    order[i..=i + digit].rotate_right(1);
                }
            }
        }
    }

    pub(crate) fn user(&mut self) -> &mut ChaCha8Rng {
        &mut self.user
    }
}

/// Whether `strategy` draws `decision` (otherwise it takes choice `0`, the default order).
fn draws(strategy: Strategy, decision: Decision) -> bool {
    match strategy {
        Strategy::Fifo => false,
        Strategy::FifoRandomTimers => decision != Decision::PickTask,
        Strategy::Random | Strategy::Pct { .. } | Strategy::Portfolio => true,
    }
}

/// Expands a 64-bit seed into a ChaCha key: the first four SplitMix64 outputs, little-endian.
fn expand_seed(seed: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (n, chunk) in (0..).zip(key.chunks_exact_mut(8)) {
        chunk.copy_from_slice(&splitmix64(seed, n).to_le_bytes());
    }
    key
}

#[cfg(test)]
mod tests {
    use super::{Decision, Rngs};
    use crate::Strategy;

    fn permutation(rngs: &mut Rngs, k: usize) -> Vec<usize> {
        let mut order = vec![usize::MAX; k];
        rngs.permutation(Decision::SelectOrder, &mut order);
        order
    }

    #[test]
    fn a_permutation_draw_reaches_every_order_and_fifo_keeps_the_written_one() {
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..200 {
            seen.insert(permutation(&mut Rngs::new(seed, Strategy::Random, 100), 4));
            let fifo = permutation(&mut Rngs::new(seed, Strategy::Fifo, 100), 4);
            assert_eq!(fifo, [0, 1, 2, 3]);
        }
        assert_eq!(seen.len(), 24, "all 4! orders");
    }

    #[test]
    fn more_branches_than_a_usize_factorial_still_give_a_permutation() {
        let mut rngs = Rngs::new(7, Strategy::Random, 100);
        let order = permutation(&mut rngs, 25);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..25).collect::<Vec<_>>());
        assert_ne!(order, sorted, "a shuffle of 25 is almost never the identity");
        let fifo = permutation(&mut Rngs::new(7, Strategy::Fifo, 100), 25);
        assert_eq!(fifo, sorted);
    }
}
