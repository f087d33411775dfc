//! Partial order sampling: the state behind `Strategy::Pos`.
//!
//! POS (Yuan, Yang, Gu, CAV 2018) samples interleavings closer to uniformly over their
//! partial orders than a uniform pick does: every task has a random priority, the
//! highest-priority ready task runs, and the tasks a step touched get new priorities: the task
//! that ran, and every task its step woke (the ones it may race with next). A task that no
//! step touches keeps its priority, so a task is kept back (or kept running) for many steps
//! as often as a short reordering is tried.
//!
//! # Determinism
//!
//! A priority is drawn when a task without one is seen in the ready set, in ready-set order,
//! from the schedule stream.

use rand_chacha::ChaCha8Rng;
use rand_core::Rng;

use super::ready::ReadySet;
use crate::task::TaskId;

#[derive(Debug, Default)]
pub(crate) struct Pos {
    /// By task index; `0` when to be drawn.
    priorities: Vec<u64>,
}

impl Pos {
    /// The index in `ready` of the task to run; that task gets a new priority afterwards.
    pub(crate) fn pick(&mut self, ready: &ReadySet, rng: &mut ChaCha8Rng) -> usize {
        let (mut best, mut top) = (0, 0);
        for (i, id) in ready.iter().enumerate() {
            let index = id.index();
            if index >= self.priorities.len() {
                self.priorities.resize(index + 1, 0);
            }
            if self.priorities[index] == 0 {
                self.priorities[index] = rng.next_u64() | 1;
            }
            if self.priorities[index] > top {
                (best, top) = (i, self.priorities[index]);
            }
        }
        self.redraw(ready.task(best));
        best
    }

    /// `task` gets a new priority when next seen.
    pub(crate) fn redraw(&mut self, task: TaskId) {
        if let Some(priority) = self.priorities.get_mut(task.index()) {
            *priority = 0;
        }
    }
}
