//! Delay bounding: the state behind `Strategy::DelayBounded`.
//!
//! Delay-bounded scheduling (Emmi, Qadeer, Rakamarić, POPL 2011) explores a deterministic
//! scheduler's order plus a few **delays**: at a delay, the task the scheduler would run is
//! skipped. Here the order is the default one (the task woken first runs first), and a delay
//! holds that task back for a number of steps while other tasks are ready, so that "a task
//! kept waiting for many steps" is one delay, not many:
//!
//! - `delays` delay points are drawn uniformly among the first `k` choice steps (the picks
//!   with more than one ready task);
//! - each delay's length is drawn log-uniformly from `1..2k`: a one-step delay as often as a
//!   long one, of every scale.
//!
//! # Determinism
//!
//! The points and lengths are drawn when the simulation starts, from the schedule stream.

use rand_chacha::ChaCha8Rng;
use rand_core::Rng;

use crate::seed::below;

#[derive(Debug)]
pub(crate) struct Delays {
    /// `(choice step, length)`, in step order.
    points: Vec<(u64, u64)>,
    /// The choice steps so far.
    choices: u64,
}

impl Delays {
    pub(crate) fn new(delays: u32, steps: u64, rng: &mut ChaCha8Rng) -> Self {
        let steps = steps.max(1);
        let bound = usize::try_from(steps).unwrap_or(usize::MAX);
        let scales = 64 - u64::from(steps.leading_zeros()); // 1 + floor(log2(steps))
        let mut points: Vec<(u64, u64)> = (0..delays)
            .map(|_| {
                let at = 1 + below(rng.next_u64(), bound) as u64;
                let scale = 1u64 << below(rng.next_u64(), scales as usize);
                let length = scale + below(rng.next_u64(), scale as usize) as u64;
                (at, length)
            })
            .collect();
        points.sort_unstable();
        Self { points, choices: 0 }
    }

    /// A pick among `ready` tasks: the length of the delay to start here, if one does.
    pub(crate) fn at_pick(&mut self, ready: usize) -> Option<u64> {
        if ready < 2 {
            return None;
        }
        self.choices += 1;
        let mut length = None;
        while let Some(&(at, steps)) = self.points.first() {
            if at > self.choices {
                break;
            }
            self.points.remove(0);
            if at == self.choices {
                length = length.max(Some(steps));
            }
        }
        length
    }
}
