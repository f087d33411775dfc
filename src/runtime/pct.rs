//! Probabilistic concurrency testing: the state behind `Strategy::Pct`.
//!
//! PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010) turns "try random
//! interleavings" into "try random *priorities*, with a few preemptions":
//!
//! - every task gets a random priority when it is first seen in the ready set; all of them
//!   are above the change-point priorities `1..depth`;
//! - the highest-priority ready task runs, so a task keeps running while it is ready;
//! - `depth - 1` change points are drawn uniformly among steps `1..=k`. At change point `i`,
//!   the task about to run drops to priority `i` (below every initial priority) and the
//!   pick is made again: a preemption at that step.
//!
//! A bug that needs `d` ordering constraints is hit with probability at least
//! `1 / (n * k^(d - 1))` per run, `n` tasks and `k` steps: far better than uniform random
//! scheduling for bugs that need a few preemptions at precise points.
//!
//! # Determinism
//!
//! The change points are drawn when the simulation starts, then each new task's priority
//! when it is first seen, in ready-set order: all from the schedule stream, so a seed, a
//! depth and a step bound give one run.

use std::collections::VecDeque;

use rand_chacha::ChaCha8Rng;
use rand_core::Rng;

use crate::seed::below;
use crate::task::TaskId;

/// Initial priorities have this bit set: above every change-point priority.
const INITIAL: u64 = 1 << 63;

#[derive(Debug)]
pub(crate) struct Pct {
    /// By task index; `0` when not yet assigned.
    priorities: Vec<u64>,
    /// `(step, priority)`, sorted by step; the priority a task drops to at that step.
    change_points: Vec<(u64, u64)>,
    /// The first change point not yet passed.
    next: usize,
}

impl Pct {
    pub(crate) fn new(depth: u32, steps: u64, rng: &mut ChaCha8Rng) -> Self {
        let steps = steps.max(1);
        // More change points than steps cannot make more preemptions: the step bound caps
        // the depth (so `pct:4294967295` costs what `pct:<steps>` does).
        let points = u64::from(depth.max(1)).saturating_sub(1).min(steps);
        let bound = usize::try_from(steps).unwrap_or(usize::MAX);
        let mut change_points: Vec<(u64, u64)> = (1..=points)
            .map(|priority| (1 + below(rng.next_u64(), bound) as u64, priority))
            .collect();
        change_points.sort_unstable();
        Self { priorities: Vec::new(), change_points, next: 0 }
    }

    /// The index in `ready` of the task to run at `step`.
    pub(crate) fn pick(
        &mut self,
        ready: &VecDeque<TaskId>,
        step: u64,
        rng: &mut ChaCha8Rng,
    ) -> usize {
        for id in ready {
            let i = id.index();
            if i >= self.priorities.len() {
                self.priorities.resize(i + 1, 0);
            }
            if self.priorities[i] == 0 {
                self.priorities[i] = INITIAL | (rng.next_u64() >> 1);
            }
        }
        let mut best = self.highest(ready);
        // Two change points may share a step: each lowers the task then about to run.
        while let Some(&(at, priority)) = self.change_points.get(self.next) {
            if at > step {
                break;
            }
            self.next += 1;
            if at == step {
                if let Some(id) = ready.get(best) {
                    self.priorities[id.index()] = priority;
                    best = self.highest(ready);
                }
            }
        }
        best
    }

    /// The index of the highest-priority task in `ready` (the first of equals); `0` when empty.
    fn highest(&self, ready: &VecDeque<TaskId>) -> usize {
        let mut best = 0;
        for (i, id) in ready.iter().enumerate() {
            if self.priorities[id.index()] > self.priorities[ready[best].index()] {
                best = i;
            }
        }
        best
    }
}
