//! Runtime-agnostic crates inside a simulation: `futures::channel`, `futures::lock` and
//! `tokio::sync` work, and the interleavings through them follow the seed.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;

use futures::channel::{mpsc, oneshot};
use futures::{SinkExt, StreamExt};
use simloop::time::{now, sleep};
use simloop::{Sim, gather, yield_now};

use crate::support::{Log, at_ms};

/// Runs `program` under 64 seeds; checks each seed replays, returns the distinct results.
fn across_seeds<T: Ord + std::fmt::Debug, F: Future<Output = T>>(
    program: impl Fn() -> F,
) -> BTreeSet<T> {
    (0..64)
        .map(|seed| {
            let first = Sim::with_exact_seed(seed).run(program());
            let again = Sim::with_exact_seed(seed).run(program());
            assert_eq!(first, again, "seed {seed} did not replay");
            first
        })
        .collect()
}

/// Four tasks take a lock in turn, yielding while they hold it; returns who took it when.
macro_rules! lock_order {
    ($mutex:expr) => {
        across_seeds(|| async {
            let mutex = Rc::new($mutex);
            let log = Log::default();
            let inside = Rc::new(Cell::new(0));
            gather((0..4).map(|i| {
                let (mutex, log, inside) = (mutex.clone(), log.clone(), inside.clone());
                async move {
                    yield_now().await;
                    let _guard = mutex.lock().await;
                    inside.set(inside.get() + 1);
                    assert_eq!(inside.get(), 1, "two tasks inside the lock");
                    log.push(i.to_string());
                    yield_now().await;
                    inside.set(inside.get() - 1);
                }
            }))
            .await;
            log.entries().concat()
        })
    };
}

#[test]
fn futures_mutex_excludes_and_its_acquisition_order_varies_with_the_seed() {
    let orders = lock_order!(futures::lock::Mutex::new(()));
    assert!(orders.len() >= 8, "only {} of 24 orders in 64 seeds: {orders:?}", orders.len());
}

#[test]
fn tokio_mutex_excludes_and_its_acquisition_order_varies_with_the_seed() {
    let orders = lock_order!(tokio::sync::Mutex::new(()));
    assert!(orders.len() >= 8, "only {} of 24 orders in 64 seeds: {orders:?}", orders.len());
}

#[test]
fn futures_mpsc_delivers_everything_in_an_order_that_varies_with_the_seed() {
    let orders = across_seeds(|| async {
        let (tx, mut rx) = mpsc::channel::<u32>(1);
        for producer in 0..3 {
            let mut tx = tx.clone();
            let _detached = simloop::spawn(async move {
                for n in 0..2 {
                    tx.send(producer * 10 + n).await.unwrap();
                }
            });
        }
        drop(tx);
        let mut got = Vec::new();
        while let Some(n) = rx.next().await {
            got.push(n);
        }
        let mut sorted = got.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 1, 10, 11, 20, 21]);
        got
    });
    assert!(orders.len() >= 4, "{orders:?}");
}

#[test]
fn futures_oneshot_crosses_tasks_and_virtual_time() {
    Sim::with_exact_seed(1).run(async {
        let (tx, rx) = oneshot::channel();
        let _detached = simloop::spawn(async move {
            sleep(Duration::from_secs(3)).await;
            tx.send("late").unwrap();
        });
        assert_eq!(rx.await.unwrap(), "late");
        assert_eq!(now(), at_ms(3000));
        let (tx, rx) = oneshot::channel::<()>();
        drop(tx);
        assert!(rx.await.is_err(), "a dropped sender cancels the receiver");
    });
}

#[test]
fn tokio_mpsc_bounded_applies_backpressure_and_the_interleaving_varies() {
    // tokio's senders queue fairly: the order of the first sends decides the rest.
    let logs = across_seeds(|| async {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<u32>(1);
        let log = Log::default();
        for producer in 0..3u32 {
            let (tx, log) = (tx.clone(), log.clone());
            let _detached = simloop::spawn(async move {
                for n in 0..2 {
                    tx.send(producer * 10 + n).await.unwrap();
                    log.push(format!("sent {}", producer * 10 + n));
                }
            });
        }
        drop(tx);
        while let Some(n) = rx.recv().await {
            log.push(format!("got {n}"));
            sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(now(), at_ms(60), "six messages, 10 ms each");
        log.entries()
    });
    assert!(logs.len() >= 4, "{logs:?}");
}

#[test]
fn tokio_notify_wakes_one_waiter_per_notification_in_a_seeded_order() {
    let orders = across_seeds(|| async {
        let notify = Rc::new(tokio::sync::Notify::new());
        let log = Log::default();
        let waiters = gather((0..3).map(|i| {
            let (notify, log) = (notify.clone(), log.clone());
            async move {
                notify.notified().await;
                log.push(i.to_string());
            }
        }));
        for _ in 0..3 {
            sleep(Duration::from_secs(1)).await;
            notify.notify_one();
        }
        waiters.await;
        assert_eq!(now(), at_ms(3000));
        log.entries().concat()
    });
    assert!(orders.len() >= 3, "{orders:?}");
}

#[test]
fn tokio_semaphore_bounds_concurrency() {
    let orders = across_seeds(|| async {
        let permits = Rc::new(tokio::sync::Semaphore::new(2));
        let running = Rc::new(Cell::new(0));
        let log = Log::default();
        gather((0..5).map(|i| {
            let (permits, running, log) = (permits.clone(), running.clone(), log.clone());
            async move {
                yield_now().await;
                let _permit = permits.acquire().await.unwrap();
                running.set(running.get() + 1);
                assert!(running.get() <= 2, "more than two permits out");
                log.push(i.to_string());
                sleep(Duration::from_secs(1)).await;
                running.set(running.get() - 1);
            }
        }))
        .await;
        assert_eq!(now(), at_ms(3000), "five tasks, two at a time, one second each");
        log.entries().concat()
    });
    assert!(orders.len() >= 8, "{orders:?}");
}

#[test]
fn tokio_watch_and_rwlock_work() {
    Sim::with_exact_seed(1).run(async {
        let (tx, mut rx) = tokio::sync::watch::channel(0u32);
        let watcher = simloop::spawn(async move {
            let mut seen = Vec::new();
            while rx.changed().await.is_ok() {
                seen.push(*rx.borrow_and_update());
            }
            seen
        });
        for v in 1..=3 {
            sleep(Duration::from_secs(1)).await;
            tx.send(v).unwrap();
        }
        drop(tx);
        assert_eq!(watcher.await.unwrap(), [1, 2, 3]);

        let lock = Rc::new(tokio::sync::RwLock::new(0));
        let readers = gather((0..3).map(|_| {
            let lock = lock.clone();
            async move {
                let n = lock.read().await;
                sleep(Duration::from_secs(1)).await;
                *n
            }
        }));
        assert_eq!(readers.await, [0, 0, 0]);
        assert_eq!(now(), at_ms(4000), "three readers at once: one second, not three");
        *lock.write().await += 1;
        assert_eq!(*lock.read().await, 1);
    });
}

#[test]
fn tokio_oneshot_and_broadcast_work() {
    Sim::with_exact_seed(1).run(async {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let _detached = simloop::spawn(async move { tx.send(5).unwrap() });
        assert_eq!(rx.await.unwrap(), 5);

        let (tx, _) = tokio::sync::broadcast::channel(4);
        let subscribers = gather((0..2).map(|_| {
            let mut rx = tx.subscribe();
            async move { (rx.recv().await.unwrap(), rx.recv().await.unwrap()) }
        }));
        tx.send("a").unwrap();
        tx.send("b").unwrap();
        assert_eq!(subscribers.await, [("a", "b"), ("a", "b")]);
    });
}
