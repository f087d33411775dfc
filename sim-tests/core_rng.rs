//! Randomness for user code: seeded, reproducible, separate from the schedule.

use std::collections::BTreeSet;
use std::time::Duration;

use simloop::rand_core::Rng;
use simloop::{Sim, spawn, time};

async fn workload(extra_draws: usize) -> u64 {
    for _ in 0..extra_draws {
        let _ = simloop::random::<u64>();
    }
    let handles: Vec<_> = (0..4u64)
        .map(|i| {
            spawn(async move {
                simloop::yield_now().await;
                time::sleep(Duration::from_millis(i)).await;
                i
            })
        })
        .collect();
    let mut sum = 0;
    for h in handles {
        sum += h.await.unwrap();
    }
    sum
}

#[test]
fn user_draws_do_not_change_the_schedule() {
    for seed in 0..100 {
        let plain = Sim::with_exact_seed(seed).try_run(workload(0)).unwrap();
        let drawing = Sim::with_exact_seed(seed).try_run(workload(3)).unwrap();
        assert_eq!(plain.digest(), drawing.digest(), "seed {seed}");
    }
}

#[test]
fn random_values_replay_with_the_seed_and_vary_across_seeds() {
    let draw = |seed| {
        Sim::with_exact_seed(seed).run(async {
            let mut bytes = [0u8; 8];
            simloop::rng().fill_bytes(&mut bytes);
            (simloop::random::<u64>(), simloop::random::<f64>(), bytes, simloop::rng().next_u32())
        })
    };
    assert_eq!(draw(5), draw(5));
    let firsts: BTreeSet<u64> = (0..100).map(|s| draw(s).0).collect();
    assert_eq!(firsts.len(), 100);
    for seed in 0..100 {
        let f = draw(seed).1;
        assert!((0.0..1.0).contains(&f), "{f}");
    }
}

#[test]
fn random_bools_take_both_values() {
    let values: BTreeSet<bool> =
        (0..32).map(|s| Sim::with_exact_seed(s).run(async { simloop::random::<bool>() })).collect();
    assert_eq!(values, BTreeSet::from([false, true]));
}
