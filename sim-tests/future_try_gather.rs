//! `try_gather`: values in argument order, or the first error with the siblings aborted.

use std::collections::BTreeSet;
use std::time::Duration;

use simloop::time::{now, sleep};
use simloop::{Sim, spawn, try_gather};

use crate::support::{DropProbe, at_ms};

/// Futures of different types in one collection.
type Boxed<T> = std::pin::Pin<Box<dyn Future<Output = T>>>;

#[test]
fn all_ok_gives_values_in_argument_order() {
    for seed in 0..16 {
        let out = Sim::with_exact_seed(seed).run(async {
            try_gather((0..4u64).map(|i| async move {
                sleep(Duration::from_millis(100 * (4 - i))).await;
                Ok::<_, String>(i * 10)
            }))
            .await
        });
        assert_eq!(out, Ok(vec![0, 10, 20, 30]), "seed {seed}");
    }
}

#[test]
fn the_first_error_aborts_the_siblings_at_the_time_of_the_failure() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let (probe_slow, dropped_slow) = DropProbe::new();
            let (probe_later, dropped_later) = DropProbe::new();
            let (probe_failing, dropped_failing) = DropProbe::new();
            let futs: Vec<Boxed<Result<u8, String>>> = vec![
                Box::pin(async move {
                    let _probe = probe_slow;
                    sleep(Duration::from_secs(10)).await;
                    Ok(1)
                }),
                Box::pin(async move {
                    let _probe = probe_failing;
                    sleep(Duration::from_secs(1)).await;
                    Err("first".to_string())
                }),
                Box::pin(async move {
                    let _probe = probe_later;
                    sleep(Duration::from_secs(3)).await;
                    Err("later".to_string())
                }),
            ];
            let res = try_gather(futs).await;
            assert_eq!(res, Err("first".to_string()), "seed {seed}");
            assert_eq!(now(), at_ms(1000), "seed {seed}: returned at the failure");
            // Every task is gone by the time `try_gather` returns.
            assert_eq!(dropped_failing.get(), Some(at_ms(1000)));
            assert_eq!(dropped_slow.get(), Some(at_ms(1000)), "seed {seed}");
            assert_eq!(dropped_later.get(), Some(at_ms(1000)), "seed {seed}");
        });
    }
}

#[test]
fn errors_at_the_same_instant_are_taken_in_completion_order() {
    let firsts: BTreeSet<String> = (0..64)
        .map(|seed| {
            Sim::with_exact_seed(seed).run(async {
                try_gather(["a", "b"].map(|name| async move {
                    sleep(Duration::from_secs(1)).await;
                    Err::<(), _>(name.to_string())
                }))
                .await
                .unwrap_err()
            })
        })
        .collect();
    assert_eq!(firsts, BTreeSet::from(["a".to_string(), "b".to_string()]));
}

#[test]
fn a_panic_aborts_the_siblings_and_propagates() {
    Sim::with_exact_seed(1).run(async {
        let (probe, dropped) = DropProbe::new();
        let waiter = spawn(async move {
            let futs: Vec<Boxed<Result<(), ()>>> = vec![
                Box::pin(async move {
                    let _probe = probe;
                    sleep(Duration::from_secs(10)).await;
                    Ok(())
                }),
                Box::pin(async {
                    sleep(Duration::from_secs(2)).await;
                    panic!("kaput")
                }),
            ];
            let _ = try_gather(futs).await;
        });
        let err = waiter.await.unwrap_err();
        assert!(err.to_string().ends_with("panicked: kaput"), "{err}");
        assert_eq!(dropped.get(), Some(at_ms(2000)));
    });
}

#[test]
fn the_failure_aborts_the_siblings_even_before_the_try_gather_is_awaited() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let (probe, dropped) = DropProbe::new();
            let futs: Vec<Boxed<Result<(), &str>>> = vec![
                Box::pin(async move {
                    let _probe = probe;
                    sleep(Duration::from_secs(2)).await;
                    Err("second, never happens")
                }),
                Box::pin(async {
                    sleep(Duration::from_secs(1)).await;
                    Err("first")
                }),
            ];
            let pending = try_gather(futs);
            sleep(Duration::from_secs(5)).await;
            assert_eq!(dropped.get(), Some(at_ms(1000)), "seed {seed}");
            assert_eq!(pending.await, Err("first"), "seed {seed}");
        });
    }
}
