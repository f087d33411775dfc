//! Probabilistic concurrency testing: the state behind `Strategy::Pct`.
//!
//! PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010) turns "try random
//! interleavings" into "try random *priorities*, with a few preemptions":
//!
//! - every task gets a random priority when it is first seen in the ready set; all of them
//!   are above the lowered priorities below;
//! - the highest-priority ready task runs, so a task keeps running while it is ready;
//! - `depth - 1` change points are drawn uniformly among the first `k` **choice steps** (the
//!   picks with more than one ready task: a pick without a choice cannot preempt). At a
//!   change point the task about to run is lowered and the pick is made again: a preemption
//!   at that step;
//! - a task that yields (its poll ends with it ready again: `yield_now`, or a wake by itself)
//!   is lowered too, as in Coyote and shuttle: a spin-wait lets the task it waits for run,
//!   instead of keeping the top priority and starving it (a livelock of the strategy, not of
//!   the program).
//!
//! Lowering gives the task a priority below every priority given so far, so the task lowered
//! last is the lowest. A bug that needs `d` ordering constraints is hit with probability at
//! least `1 / (n * k^(d - 1))` per run, `n` tasks and `k` choice steps.
//!
//! # Determinism
//!
//! The change points are drawn when the simulation starts, then each new task's priority
//! when it is first seen, in ready-set order: all from the schedule stream, so a seed, a
//! depth and a step bound give one run.

use rand_chacha::ChaCha8Rng;
use rand_core::Rng;

use super::ready::ReadySet;
use crate::seed::below;
use crate::task::TaskId;

/// Initial priorities have this bit set: above every lowered priority.
const INITIAL: u64 = 1 << 63;

#[derive(Debug)]
pub(crate) struct Pct {
    /// By task index; `0` when not yet assigned.
    priorities: Vec<u64>,
    /// The choice steps at which the task about to run is lowered, in order.
    change_points: Vec<u64>,
    /// The first change point not yet passed.
    next: usize,
    /// The choice steps so far.
    choices: u64,
    /// The priority the next lowered task gets.
    next_low: u64,
}

impl Pct {
    pub(crate) fn new(depth: u32, steps: u64, rng: &mut ChaCha8Rng) -> Self {
        // More change points than steps cannot make more preemptions: the step bound caps
        // the depth (so `pct:4294967295` costs what `pct:<steps>` does).
        let points = u64::from(depth.max(1)).saturating_sub(1).min(steps.max(1));
        let steps = usize::try_from(steps.max(1)).unwrap_or(usize::MAX);
        let mut change_points: Vec<u64> =
            (0..points).map(|_| 1 + below(rng.next_u64(), steps) as u64).collect();
        change_points.sort_unstable();
        Self { priorities: Vec::new(), change_points, next: 0, choices: 0, next_low: INITIAL - 1 }
    }

    /// The index in `ready` of the task to run.
    pub(crate) fn pick(&mut self, ready: &ReadySet, rng: &mut ChaCha8Rng) -> usize {
        for id in ready.iter() {
            let i = id.index();
            if i >= self.priorities.len() {
                self.priorities.resize(i + 1, 0);
            }
            if self.priorities[i] == 0 {
                self.priorities[i] = INITIAL | (rng.next_u64() >> 1);
            }
        }
        let mut best = self.highest(ready);
        if ready.len() < 2 {
            return best;
        }
        self.choices += 1;
        // Two change points may share a step: each lowers the task then about to run.
        while let Some(&at) = self.change_points.get(self.next) {
            if at > self.choices {
                break;
            }
            self.next += 1;
            if at == self.choices {
                self.lower(ready.task(best));
                best = self.highest(ready);
            }
        }
        best
    }

    /// Gives `task` a priority below every other so far.
    pub(crate) fn lower(&mut self, task: TaskId) {
        if let Some(priority) = self.priorities.get_mut(task.index()) {
            *priority = self.next_low;
            self.next_low = self.next_low.saturating_sub(1).max(1);
        }
    }

    /// The index of the highest-priority task in `ready` (the first of equals); `0` when empty.
    fn highest(&self, ready: &ReadySet) -> usize {
        let mut best = 0;
        let mut top = 0;
        for (i, id) in ready.iter().enumerate() {
            let priority = self.priorities[id.index()];
            if i == 0 || priority > top {
                best = i;
                top = priority;
            }
        }
        best
    }
}
