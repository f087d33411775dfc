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
//! (`search/pct.rs`), drawing its priorities and change points from the schedule stream.
//!
//! Before drawing, `decide` asks the run's tape (`search/log.rs`): a replayed tape gives the
//! choice instead, and a recorded one appends the choice taken, whoever took it. Recording
//! and replaying draw nothing from the streams and leave the trace, so the digest, unchanged.
//!
//! A branch order is one decision per poll of a `select!` or `join!` of `k` branches: a draw
//! among the `k!` permutations, decoded as a Lehmer code (choice `0` is the written order).
//! When `k!` does not fit in a `usize` (more than 20 branches on a 64-bit target), the order
//! is drawn as a shuffle instead: one decision per position, each `0` for the written order.

use std::cell::Cell;
use std::collections::VecDeque;
use std::marker::PhantomData;

use rand_chacha::ChaCha8Rng;
use rand_core::{Infallible, Rng, SeedableRng, TryRng};

use crate::Strategy;
use crate::runtime::context;
use crate::search::log::TapeLog;
use crate::search::pct::Pct;
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
            _ if !self.strategy.draws(decision) => return 0,
            Decision::PickTask => &mut self.schedule,
            Decision::TimerOrder | Decision::TimeoutRace => &mut self.timers,
            Decision::SelectOrder => &mut self.branches,
        };
        below(rng.next_u64(), n)
    }

    /// Picks the next task among `ready` (oldest wake first) for step `step`: a
    /// [`Decision::PickTask`], which `Strategy::Pct` answers with its priorities.
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

/// Maps a uniform 64-bit draw to `0..n` (multiply-shift; `n >= 1`).
pub(crate) fn below(x: u64, n: usize) -> usize {
    ((u128::from(x) * n as u128) >> 64) as usize
}

/// Expands a 64-bit seed into a ChaCha key with SplitMix64.
fn expand_seed(seed: u64) -> [u8; 32] {
    let mut state = seed;
    let mut key = [0u8; 32];
    for chunk in key.chunks_exact_mut(8) {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    key
}

/// A value that [`random`] can draw from the simulation's user stream.
///
/// Implemented for the integer types, `bool`, `f32` and `f64` (uniform in `[0, 1)`).
///
/// # Examples
///
/// ```
/// let (a, b): (u8, bool) = simloop::Sim::new(1).run(async {
///     (simloop::random::<u8>(), simloop::random::<bool>())
/// });
/// # let _ = (a, b);
/// ```
pub trait RandomValue: Sized {
    /// Draws a value from `rng`.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::RandomValue;
    ///
    /// let x = simloop::Sim::new(3).run(async { u32::draw(&mut simloop::rng()) });
    /// # let _ = x;
    /// ```
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self;
}

macro_rules! random_int {
    ($($t:ty),*) => {$(
        impl RandomValue for $t {
            fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
                // Truncation keeps the low bits of a uniform draw: still uniform.
                rng.next_u64() as $t
            }
        }
    )*};
}
random_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl RandomValue for u128 {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        (Self::from(rng.next_u64()) << 64) | Self::from(rng.next_u64())
    }
}

impl RandomValue for i128 {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        u128::draw(rng) as Self
    }
}

impl RandomValue for bool {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        rng.next_u64() >> 63 == 1
    }
}

impl RandomValue for f64 {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        (rng.next_u64() >> 11) as Self * (1.0 / (1u64 << 53) as Self)
    }
}

impl RandomValue for f32 {
    fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        (rng.next_u64() >> 40) as Self * (1.0 / (1u32 << 24) as Self)
    }
}

/// Draws a random value from the simulation's user stream.
///
/// Code under test that needs randomness takes it from here (or from [`rng`]) so that a seed
/// replays it too. The user stream is separate from the scheduling streams: drawing one more
/// number does not change which task runs next.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use simloop::Sim;
///
/// let a = Sim::new(7).run(async { simloop::random::<u64>() });
/// let b = Sim::new(7).run(async { simloop::random::<u64>() });
/// assert_eq!(a, b); // same seed, same number
/// ```
#[track_caller]
pub fn random<T: RandomValue>() -> T {
    T::draw(&mut rng())
}

/// Returns a handle to the simulation's user random stream.
///
/// [`SimRng`] implements `rand_core`'s [`Rng`], so it works with any
/// `rand` distribution of the same `rand_core` version.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use simloop::rand_core::Rng;
///
/// let roll = simloop::Sim::new(1).run(async { simloop::rng().next_u32() % 6 + 1 });
/// assert!((1..=6).contains(&roll));
/// ```
#[track_caller]
pub fn rng() -> SimRng {
    context::with("simloop::rng", |_| ());
    SimRng { _not_send: PhantomData }
}

/// A handle to the user random stream of the running simulation; see [`rng`].
///
/// Each draw reads the stream of the simulation running on this thread, so the handle is
/// neither `Send` nor useful outside the simulation that made it.
///
/// # Examples
///
/// ```
/// use simloop::rand_core::Rng;
///
/// simloop::Sim::new(1).run(async {
///     let mut rng = simloop::rng();
///     let mut bytes = [0u8; 4];
///     rng.fill_bytes(&mut bytes);
/// });
/// ```
#[derive(Debug)]
pub struct SimRng {
    _not_send: PhantomData<Cell<*const ()>>,
}

impl TryRng for SimRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(context::with("simloop::rng", |core| core.rng.user().next_u32()))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(context::with("simloop::rng", |core| core.rng.user().next_u64()))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        context::with("simloop::rng", |core| core.rng.user().fill_bytes(dst));
        Ok(())
    }
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
