//! Large simulations: more tasks and timers than the engine's first chunks of memory hold.

use std::time::Duration;

use simloop::time::{Instant, now, sleep};
use simloop::{Sim, spawn};

#[test]
fn two_hundred_thousand_sleepers_each_wake_at_their_own_deadline() {
    // More tasks and timers than the task table's and the timer slab's first chunks hold:
    // every task, in every chunk, wakes at its own deadline and hands back its own output.
    const TASKS: u64 = 200_000;
    let deadline = |i: u64| Duration::from_micros(i * 7_919 % 1_000_003);
    let woken = Sim::new(3).max_steps(u64::MAX / 2).run(async move {
        let handles: Vec<_> = (0..TASKS)
            .map(|i| {
                spawn(async move {
                    sleep(deadline(i)).await;
                    (i, now())
                })
            })
            .collect();
        let mut woken = Vec::new();
        for handle in handles {
            woken.push(handle.await.expect("a sleeper"));
        }
        woken
    });
    assert_eq!(woken.len(), TASKS as usize);
    for (i, &(task, at)) in (0..TASKS).zip(&woken) {
        assert_eq!(task, i, "task {i}'s handle gives its output");
        assert_eq!(at, Instant::from_start(deadline(i)), "task {i} woke at its deadline");
    }
}
