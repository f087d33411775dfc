//! The wheel against a sorted map, over random timers, cancels and clock moves: the same
//! timers fire in the same `(deadline, seq)` order.

use std::collections::BTreeMap;
use std::panic::Location;
use std::task::Waker;

use super::{Fired, TimerKey, Timers};
use crate::seed::splitmix64;
use crate::task::TaskId;
use crate::time::Instant;

/// The reference: pending timers by `(deadline, seq)`, each with its id.
type Model = BTreeMap<(u64, u64), u64>;

fn run(seed: u64, ops: u64) {
    let mut wheel = Timers::default();
    let mut model = Model::new();
    let mut keys: Vec<(TimerKey, (u64, u64))> = Vec::new();
    let (mut now, mut seq, mut fired) = (0u64, 0u64, Vec::new());
    let site = Location::caller();
    for n in 0..ops {
        let r = splitmix64(seed, n);
        match r % 8 {
            // Deadlines near (ties), far (several levels), and very far.
            0..=3 => {
                let span = [4, 1 << 12, 1 << 30, u64::MAX / 4][(r >> 8) as usize % 4];
                let deadline = now + 1 + (r >> 16) % span;
                seq += 1;
                let key = wheel.insert(
                    Instant::from_nanos(deadline),
                    Waker::noop().clone(),
                    TaskId::new(seq),
                    site,
                );
                model.insert((deadline, seq), seq);
                keys.push((key, (deadline, seq)));
            }
            4 if !keys.is_empty() => {
                let (key, at) = keys.swap_remove((r >> 8) as usize % keys.len());
                let live = model.remove(&at).is_some();
                assert_eq!(wheel.cancel(key).is_some(), live, "seed {seed} op {n}");
            }
            // The scheduler with nothing ready: the clock jumps to the next deadline.
            5 | 6 => {
                let next = wheel.next_deadline().map(Instant::as_nanos);
                assert_eq!(next, model.keys().next().map(|k| k.0), "seed {seed} op {n}");
                let Some(next) = next else { continue };
                now = now.max(next);
                fire(&mut wheel, &mut model, now, &mut fired, seed);
            }
            // `cpu_work`: the clock moves past deadlines, which are then overdue.
            _ => {
                now += (r >> 8) % (1 << 14);
                assert_eq!(
                    wheel.is_due(Instant::from_nanos(now)),
                    model.keys().next().is_some_and(|k| k.0 <= now)
                );
                fire(&mut wheel, &mut model, now, &mut fired, seed);
            }
        }
        if n % 64 == 0 {
            let pending: Vec<u64> = wheel.pending().iter().map(|t| t.task.as_u64()).collect();
            assert_eq!(pending, model.values().copied().collect::<Vec<_>>(), "seed {seed} op {n}");
        }
    }
}

fn fire(wheel: &mut Timers, model: &mut Model, now: u64, fired: &mut Vec<Fired>, seed: u64) {
    wheel.take_due(Instant::from_nanos(now), fired);
    let due: Vec<(u64, u64)> = model.range(..(now + 1, 0)).map(|(k, v)| (k.0, *v)).collect();
    model.retain(|k, _| k.0 > now);
    let got: Vec<(u64, u64)> =
        fired.drain(..).map(|f| (f.deadline.as_nanos(), f.task.as_u64())).collect();
    assert_eq!(got, due, "seed {seed} at {now}");
}

#[test]
fn timers_fire_by_deadline_then_creation_like_a_sorted_map() {
    for seed in 0..32 {
        run(seed, 2_000);
    }
}
