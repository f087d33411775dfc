//! `gather` and `gather_settled`: argument order, concurrency, panics aborting or captured.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use simloop::time::{now, sleep, timeout};
use simloop::{JoinError, Sim, gather, gather_settled, spawn};

use crate::support::{DropProbe, Log, at_ms};

/// Futures of different types in one collection.
type Boxed<T> = std::pin::Pin<Box<dyn Future<Output = T>>>;

#[test]
fn gather_keeps_argument_order_when_completion_is_reversed() {
    for seed in 0..16 {
        let (out, completions) = Sim::with_exact_seed(seed).run(async {
            let log = Log::default();
            let out = gather((0..5u64).map(|i| {
                let log = log.clone();
                async move {
                    sleep(Duration::from_millis(100 * (5 - i))).await;
                    log.push(i.to_string());
                    i
                }
            }))
            .await;
            assert_eq!(now(), at_ms(500), "the futures ran concurrently");
            (out, log.entries())
        });
        assert_eq!(out, [0, 1, 2, 3, 4], "seed {seed}");
        assert_eq!(completions, ["4", "3", "2", "1", "0"], "seed {seed}");
    }
}

#[test]
fn gather_of_nothing_is_empty_at_once() {
    Sim::with_exact_seed(1).run(async {
        let out: Vec<u8> = gather(Vec::<std::future::Ready<u8>>::new()).await;
        assert!(out.is_empty());
        assert_eq!(now(), at_ms(0));
    });
}

#[test]
fn the_tasks_start_when_gather_is_called() {
    Sim::with_exact_seed(1).run(async {
        let log = Log::default();
        let l = log.clone();
        let g = gather([async move { l.push("ran") }]);
        sleep(Duration::from_secs(1)).await;
        assert_eq!(log.entries(), ["ran"], "spawned at the call, not at the first poll");
        g.await;
    });
}

#[test]
fn a_panic_aborts_the_siblings_then_propagates() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let (probe_a, dropped_a) = DropProbe::new();
            let (probe_b, dropped_b) = DropProbe::new();
            let waiter = spawn(async move {
                let slow = |probe: DropProbe| async move {
                    let _probe = probe;
                    sleep(Duration::from_secs(10)).await;
                };
                let failing = async {
                    sleep(Duration::from_secs(1)).await;
                    panic!("boom");
                };
                gather::<[Boxed<()>; 3]>([
                    Box::pin(slow(probe_a)),
                    Box::pin(failing),
                    Box::pin(slow(probe_b)),
                ])
                .await;
            });
            let err: JoinError = waiter.await.unwrap_err();
            assert!(err.is_panic(), "seed {seed}: {err}");
            assert_eq!(err.into_panic().downcast_ref::<&str>(), Some(&"boom"));
            // The siblings' futures were dropped at the instant of the panic, before the
            // panic reached the task awaiting the gather.
            assert_eq!(dropped_a.get(), Some(at_ms(1000)), "seed {seed}");
            assert_eq!(dropped_b.get(), Some(at_ms(1000)), "seed {seed}");
            assert_eq!(now(), at_ms(1000));
        });
    }
}

#[test]
fn dropping_a_gather_aborts_its_tasks() {
    Sim::with_exact_seed(1).run(async {
        let (probe, dropped) = DropProbe::new();
        let g = gather([async move {
            let _probe = probe;
            sleep(Duration::from_secs(10)).await;
        }]);
        assert!(timeout(Duration::from_secs(1), g).await.is_err());
        sleep(Duration::from_secs(1)).await;
        assert_eq!(dropped.get(), Some(at_ms(1000)));
    });
}

#[test]
fn gather_outside_a_simulation_panics_naming_the_fix() {
    let err = catch_unwind(AssertUnwindSafe(|| gather([async {}]))).unwrap_err();
    let message = err.downcast_ref::<String>().unwrap();
    assert!(message.contains("`simloop::gather` was called outside a simulation"), "{message}");
    assert!(message.contains("simloop::Sim::new(seed).run"), "{message}");
}

#[test]
fn gather_settled_captures_each_panic_and_lets_the_others_finish() {
    for seed in 0..16 {
        Sim::with_exact_seed(seed).run(async {
            let results = gather_settled((0..4u64).map(|i| async move {
                sleep(Duration::from_secs(4 - i)).await;
                if i % 2 == 1 {
                    panic!("task {i} failed");
                }
                i
            }))
            .await;
            assert_eq!(now(), at_ms(4000), "seed {seed}: nothing was aborted");
            assert_eq!(results.len(), 4);
            assert_eq!(*results[0].as_ref().unwrap(), 0);
            assert_eq!(*results[2].as_ref().unwrap(), 2);
            for i in [1, 3] {
                let err = results[i].as_ref().unwrap_err();
                assert!(err.is_panic(), "seed {seed}: {err}");
                assert!(err.to_string().ends_with(&format!("panicked: task {i} failed")), "{err}");
            }
        });
    }
}

#[test]
fn gather_settled_outside_a_simulation_panics() {
    let err = catch_unwind(AssertUnwindSafe(|| gather_settled([async {}]))).unwrap_err();
    let message = err.downcast_ref::<String>().unwrap();
    assert!(message.contains("`simloop::gather_settled` was called outside"), "{message}");
}

#[test]
fn the_tasks_are_spawned_at_the_call_site_of_gather() {
    let outcome = Sim::with_exact_seed(1)
        .trace(true)
        .try_run(async {
            gather([async {}]).await;
            gather_settled([async {}]).await;
            simloop::try_gather([async { Ok::<(), ()>(()) }]).await.unwrap();
        })
        .unwrap();
    let text = outcome.trace().to_string();
    let spawns: Vec<&str> = text.lines().filter(|l| l.contains("spawned by")).collect();
    assert_eq!(spawns.len(), 3, "{text}");
    for line in spawns {
        assert!(line.contains("at sim-tests/future_gather.rs:"), "{line}");
    }
}
