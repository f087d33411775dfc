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
//! | 5, network | [`net`](crate::net): each message's latency, UDP loss and duplication, the fault plan |
//!
//! so user code that draws one more number does not change the schedule, and neither does a
//! `select!` that is polled once more, nor a `buggify!` reached once more. Every decision
//! other than a pick goes through [`Rngs::decide`], which maps a draw to `0..n` by the
//! multiply-shift reduction `(x * n) >> 64` of a 64-bit output `x` (bias below `n / 2^64`). A
//! decision with a single option draws nothing, and choice `0` is always the default order,
//! which is what `Strategy::Fifo` takes without drawing for the decisions it has (branch
//! orders): its ready queue, timer order and timeouts follow asyncio's loop
//! (`asyncio_loop.rs`), which takes no decision.
//!
//! A pick goes through [`Rngs::pick_task`]. The default order runs the task woken first
//! (`ready.rs`), passing over the tasks a hold keeps back (a tape's hold, or a delay of
//! `Strategy::DelayBounded`, `delays.rs`). `Strategy::Random` draws an index into the ready
//! set, whose newest entry then moves into the hole (the draws and the layout the pinned
//! digest of `core_determinism` fixes); `Strategy::Pct` (`pct.rs`) and `Strategy::Pos`
//! (`pos.rs`) pick by priority, drawn from the schedule stream; `Fifo`, `FifoRandomTimers`
//! and `Dfs` take the default order.
//!
//! Before drawing, both ask the run's tape (`tape_log.rs`): a replayed tape gives the choice
//! instead (a version 2 tape by step, naming the task; a version 1 tape by count, as an index,
//! with the moves of `Random`'s picks it was recorded with), and a recorded one appends what
//! differs from the default order, whoever took it. Recording and replaying draw nothing from
//! the streams and leave the trace, so the digest, unchanged.
//!
//! A branch order is one decision per poll of a `select!` or `join!` of `k` branches: a draw
//! among the `k!` permutations, decoded as a Lehmer code (choice `0` is the written order).
//! When `k!` does not fit in a `usize` (more than 20 branches on a 64-bit target), the order
//! is drawn as a shuffle instead: one decision per position, each `0` for the written order.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use super::delays::Delays;
use super::pct::Pct;
use super::pos::Pos;
use super::ready::{ReadySet, Removal};
use super::tape_log::{Mode, TapeLog, What};
use crate::seed::{below, splitmix64};
use crate::task::TaskId;
use crate::time::Instant;
use crate::{Strategy, Tape};

/// What a decision other than a pick chooses between; names the stream it draws from. (A
/// pick, which ready task is polled next, goes through [`Rngs::pick_task`].)
pub(crate) use crate::tape::ChoiceKind as Decision;

/// A task kept from running for a while (a tape's hold, or a delay of
/// `Strategy::DelayBounded`).
#[derive(Debug)]
struct Hold {
    task: TaskId,
    from: u64,
    /// The first step at which it may run again.
    until: u64,
    time: Instant,
    /// How many picks it decided (the task it held back would have run), and the first
    /// one: its step, the task that ran instead, and when.
    decided: u32,
    first: Option<(u64, TaskId, Instant)>,
}

/// How many picks' numbers `Strategy::Random` draws ahead, for prefetches.
pub(crate) const AHEAD: usize = 5;

/// The simulation's random streams, and the tape that records or replays their decisions.
#[derive(Debug)]
pub(crate) struct Rngs {
    strategy: Strategy,
    schedule: ChaCha8Rng,
    /// The schedule stream's next numbers, drawn ahead for the next `AHEAD` picks under
    /// `Strategy::Random` ([`Rngs::next_random_picks`]); the picks take them in order, so the
    /// stream's order is unchanged.
    pick_draws: [u64; AHEAD],
    /// How many of `pick_draws` are drawn and not taken yet (the first ones).
    drawn: usize,
    timers: ChaCha8Rng,
    user: ChaCha8Rng,
    branches: ChaCha8Rng,
    faults: ChaCha8Rng,
    net: ChaCha8Rng,
    /// The priorities and change points of `Strategy::Pct`.
    pct: Option<Pct>,
    /// The priorities of `Strategy::Pos`.
    pos: Option<Pos>,
    /// The delays of `Strategy::DelayBounded`.
    delays: Option<Delays>,
    /// The holds in force.
    holds: Vec<Hold>,
    /// `Sim::inject_aborts` as a threshold on a 64-bit draw; `0` injects none.
    abort_threshold: u64,
    pub(crate) tape: TapeLog,
}

impl Rngs {
    /// The streams of `seed`; `bound` is the step bound of `Strategy::Pct` and
    /// `Strategy::DelayBounded`, whose change points and delays are drawn here, from the
    /// schedule stream.
    pub(crate) fn new(seed: u64, strategy: Strategy, bound: u64) -> Self {
        let key = expand_seed(seed);
        let stream = |n| {
            let mut rng = ChaCha8Rng::from_seed(key);
            rng.set_stream(n);
            rng
        };
        let mut schedule = stream(0);
        let pct = match strategy {
            Strategy::Pct { depth } => Some(Pct::new(depth, bound, &mut schedule)),
            _ => None,
        };
        let delays = match strategy {
            Strategy::DelayBounded { delays } => Some(Delays::new(delays, bound, &mut schedule)),
            _ => None,
        };
        Self {
            strategy,
            schedule,
            pick_draws: [0; AHEAD],
            drawn: 0,
            timers: stream(1),
            user: stream(2),
            branches: stream(3),
            faults: stream(4),
            net: stream(5),
            pct,
            pos: matches!(strategy, Strategy::Pos).then(Pos::default),
            delays,
            holds: Vec::new(),
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
    /// it.
    ///
    /// The one place decisions other than picks are taken: a replayed tape answers first;
    /// otherwise the strategy draws from the decision's stream. A choice other than `0` is
    /// recorded when recording. A decision with a single option is no decision: it draws
    /// and records nothing.
    #[inline]
    pub(crate) fn decide(&mut self, decision: Decision, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let (rank, replayed) = self.tape.choice(decision, n);
        let choice = match replayed {
            Some(choice) => choice,
            None => self.draw(decision, n),
        };
        self.tape.record_choice(decision, rank, choice);
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
            Decision::Net => return below(self.net.next_u64(), n),
            _ if !draws_timing(self.strategy) => return 0,
            Decision::TimerOrder | Decision::TimeoutRace => &mut self.timers,
            Decision::SelectOrder => &mut self.branches,
        };
        below(rng.next_u64(), n)
    }

    /// Under `Strategy::Random` with no tape to follow, the indexes the next `AHEAD` picks
    /// take among `n` ready tasks (then `n - 1`, `n - 2`...), if nothing changes the ready set
    /// before them: guesses, for prefetches (`None` past the last task). The numbers they
    /// need are drawn now and kept for those picks, which take them whatever the ready set
    /// then is: the schedule is the same as without the guesses.
    #[inline]
    pub(crate) fn next_random_picks(&mut self, n: usize) -> Option<[Option<usize>; AHEAD]> {
        if self.strategy != Strategy::Random || n < 2 || self.tape.mode() != Mode::Strategy {
            return None;
        }
        while self.drawn < AHEAD {
            self.pick_draws[self.drawn] = self.schedule.next_u64();
            self.drawn += 1;
        }
        Some(std::array::from_fn(|k| (n > k).then(|| below(self.pick_draws[k], n - k))))
    }

    /// The schedule stream's next number for a pick: one drawn ahead, or a new one.
    #[inline]
    fn pick_number(&mut self) -> u64 {
        if self.drawn == 0 {
            return self.schedule.next_u64();
        }
        let x = self.pick_draws[0];
        self.pick_draws.copy_within(1.., 0);
        self.drawn -= 1;
        x
    }

    /// Picks the next task among `ready` for step `step` (at virtual time `clock`): the
    /// index, and how to take it out. A replayed tape answers first: a version 1 tape with
    /// an index (as it was recorded), a version 2 tape with the task it names at this step,
    /// or the default order under its holds. Otherwise the strategy picks. When recording, a
    /// pick other than the default order's is recorded as a run, and each hold the first
    /// time it passes a task over.
    #[inline]
    pub(crate) fn pick_task(
        &mut self,
        ready: &ReadySet,
        step: u64,
        clock: Instant,
    ) -> (usize, Removal) {
        self.tape.begin_step(step);
        let n = ready.len();
        let (index, removal) = match self.tape.mode() {
            Mode::V1 => (if n < 2 { 0 } else { self.tape.next_v1(n) }, Removal::Swap),
            Mode::V2 => {
                if !self.tape.holds_at(step).is_empty() {
                    for (task, steps) in self.tape.holds_at(step).to_vec() {
                        self.hold(task, step, steps, clock);
                    }
                }
                let named = self.tape.run_at(step).and_then(|task| ready.position(task));
                (named.unwrap_or_else(|| self.default_index(ready, step)), Removal::Keep)
            }
            Mode::Strategy => self.strategy_pick(ready, step, clock),
        };
        if self.tape.is_recording() {
            self.record_pick(ready, step, clock, index);
        }
        (index, removal)
    }

    fn strategy_pick(&mut self, ready: &ReadySet, step: u64, clock: Instant) -> (usize, Removal) {
        let n = ready.len();
        match self.strategy {
            Strategy::Random if n >= 2 => {
                let x = self.pick_number();
                (below(x, n), Removal::Swap)
            }
            Strategy::Pct { .. } => {
                let pct = self.pct.as_mut().expect("pct state");
                (pct.pick(ready, &mut self.schedule), Removal::Keep)
            }
            Strategy::Pos => {
                let pos = self.pos.as_mut().expect("pos state");
                (pos.pick(ready, &mut self.schedule), Removal::Keep)
            }
            Strategy::DelayBounded { .. } => {
                let delays = self.delays.as_mut().expect("delay state");
                if let Some(steps) = delays.at_pick(n) {
                    let task = ready.task(self.default_index(ready, step));
                    self.hold(task, step, steps, clock);
                }
                (self.default_index(ready, step), Removal::Keep)
            }
            _ => (0, Removal::Keep),
        }
    }

    fn hold(&mut self, task: TaskId, step: u64, steps: u64, time: Instant) {
        let until = step.saturating_add(steps);
        self.holds.push(Hold { task, from: step, until, time, decided: 0, first: None });
    }

    /// The index of the task the default order runs at `step`: the one woken first among
    /// those no hold keeps back (the one woken first when holds keep back every one).
    fn default_index(&mut self, ready: &ReadySet, step: u64) -> usize {
        if self.holds.is_empty() {
            return ready.oldest(|_| false);
        }
        if self.holds.iter().any(|h| step >= h.until) {
            let (ended, kept) = std::mem::take(&mut self.holds)
                .into_iter()
                .partition::<Vec<_>, _>(|h| step >= h.until);
            self.holds = kept;
            for hold in ended {
                self.record_hold(hold);
            }
        }
        let holds = &self.holds;
        ready.oldest(|task| holds.iter().any(|h| h.task == task))
    }

    /// The task the default order runs at `step`.
    pub(crate) fn default_task(&mut self, ready: &ReadySet, step: u64) -> TaskId {
        let index = self.default_index(ready, step);
        ready.task(index)
    }

    /// Records the pick at `index`: a run when the default order would have run another
    /// task; when the default order ran, it counts for the holds that decided it.
    fn record_pick(&mut self, ready: &ReadySet, step: u64, clock: Instant, index: usize) {
        let default = self.default_index(ready, step);
        if default != index {
            let (chosen, over) = (ready.task(index), ready.task(default));
            self.tape.record_run(step, chosen, over, clock);
            return;
        }
        // A hold decided the pick when its task would have run without it: it is older than
        // the task that ran, or every ready task is held (then the oldest runs).
        let (ran, seq) = (ready.task(default), ready.seq(default));
        let all_held = self.holds.iter().any(|h| h.task == ran);
        for hold in &mut self.holds {
            let older = |s| s < seq || all_held;
            if hold.task != ran && ready.seq_of(hold.task).is_some_and(older) {
                hold.decided += 1;
                hold.first.get_or_insert((step, ready.task(default), clock));
            }
        }
    }

    /// Puts an ended hold on the recorded tape: as a hold when it decided several picks, as
    /// the run it amounted to when it decided one, not at all when none.
    fn record_hold(&mut self, hold: Hold) {
        match (hold.decided, hold.first) {
            (0, _) | (_, None) => {}
            (1, Some((step, chosen, clock))) => {
                self.tape.record_run(step, chosen, hold.task, clock);
            }
            (_, Some(_)) => {
                let steps = hold.until - hold.from;
                self.tape.record_hold(hold.from, hold.task, steps);
                self.tape.note(hold.from, hold.time, What::Held { task: hold.task, steps });
            }
        }
    }

    /// The recorded tape of the run (holds still in force included), taken.
    pub(crate) fn take_tape(&mut self, names: Vec<(TaskId, Box<str>)>) -> Option<Tape> {
        for hold in std::mem::take(&mut self.holds) {
            self.record_hold(hold);
        }
        self.tape.take(names)
    }

    /// The task's poll ended with it ready again (`yield_now`, or woken by itself): `Pct`
    /// lowers its priority, so that a spin-wait lets the others run.
    pub(crate) fn yielded(&mut self, task: TaskId) {
        if let Some(pct) = &mut self.pct {
            pct.lower(task);
        }
    }

    /// `task` was woken by the step of another: `Pos` draws it a new priority.
    pub(crate) fn touched(&mut self, task: TaskId) {
        if let Some(pos) = &mut self.pos {
            pos.redraw(task);
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

    /// A network decision among `n` options, uniform, from the network's stream.
    pub(crate) fn net_decide(&mut self, n: usize) -> usize {
        self.decide(Decision::Net, n)
    }

    /// A network yes/no decision: yes (1) when a draw falls below `threshold` (a probability
    /// times 2^64). A zero threshold is no decision: it draws and records nothing.
    pub(crate) fn net_chance(&mut self, threshold: u64) -> bool {
        if threshold == 0 {
            return false;
        }
        let (rank, replayed) = self.tape.choice(Decision::Net, 2);
        let choice = replayed.unwrap_or_else(|| usize::from(self.net.next_u64() < threshold));
        self.tape.record_choice(Decision::Net, rank, choice);
        choice == 1
    }

    /// A raw draw from the network's stream, for what is no decision (how long a planned
    /// fault lasts).
    pub(crate) fn net_draw(&mut self, n: usize) -> usize {
        below(self.net.next_u64(), n.max(1))
    }

    pub(crate) fn user(&mut self) -> &mut ChaCha8Rng {
        &mut self.user
    }
}

/// Whether `strategy` draws the timing decisions (timer orders, timeout races, branch orders)
/// at random; otherwise it takes choice `0`, the default order.
fn draws_timing(strategy: Strategy) -> bool {
    !matches!(strategy, Strategy::Fifo | Strategy::Dfs { .. })
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
