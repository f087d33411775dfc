//! Same-instant races: both orders occur across seeds; `Strategy::Fifo` gives asyncio's.

use std::collections::BTreeSet;
use std::time::Duration;

use simloop::time::{now, sleep, timeout};
use simloop::trace::EventKind;
use simloop::{Sim, Strategy, spawn, task::Builder};

use crate::support::Log;

/// Two tasks sleep until the same instant; returns the order their timers fired in.
fn timer_order(sim: Sim) -> Vec<String> {
    let outcome = sim
        .trace(true)
        .try_run(async {
            let a = Builder::new().name("a").spawn(sleep(Duration::from_secs(1)));
            let b = Builder::new().name("b").spawn(sleep(Duration::from_secs(1)));
            a.await.unwrap();
            b.await.unwrap();
        })
        .unwrap();
    let trace = outcome.trace();
    trace
        .events()
        .iter()
        .filter(|e| e.kind() == &EventKind::TimerFired)
        .map(|e| trace.task_name(e.task()).unwrap().to_owned())
        .collect()
}

#[test]
fn same_instant_timers_fire_in_both_orders_across_seeds() {
    let orders: BTreeSet<_> = (0..64).map(|seed| timer_order(Sim::with_exact_seed(seed))).collect();
    let expected: BTreeSet<_> = [vec!["a", "b"], vec!["b", "a"]]
        .into_iter()
        .map(|v| v.into_iter().map(String::from).collect::<Vec<_>>())
        .collect();
    assert_eq!(orders, expected);
}

#[test]
fn fifo_fires_two_same_instant_timers_in_creation_order() {
    // asyncio's timer heap keeps two ties in creation order; more may not be
    // (`fifo_asyncio::same_instant_timers_fire_in_the_order_of_cpythons_timer_heap`).
    for seed in 0..64 {
        let order = timer_order(Sim::with_exact_seed(seed).strategy(Strategy::Fifo));
        assert_eq!(order, ["a", "b"], "seed {seed}");
    }
}

/// A timeout whose inner future completes at the very instant of its deadline.
fn timeout_race(sim: Sim) -> bool {
    sim.run(async {
        let inner = sleep(Duration::from_secs(1));
        let res = timeout(Duration::from_secs(1), inner).await;
        assert_eq!(now().to_string(), "1.000s");
        res.is_ok()
    })
}

#[test]
fn timeout_and_completion_at_the_same_instant_both_win_across_seeds() {
    let wins: BTreeSet<bool> =
        (0..64).map(|seed| timeout_race(Sim::with_exact_seed(seed))).collect();
    assert_eq!(wins, BTreeSet::from([false, true]));
}

#[test]
fn fifo_lets_the_deadline_beat_the_completion_as_asyncio_does() {
    // asyncio's timeout handler is a timer callback: it cancels the task before the task
    // resumes at that instant.
    for seed in 0..64 {
        assert!(!timeout_race(Sim::with_exact_seed(seed).strategy(Strategy::Fifo)), "seed {seed}");
    }
}

#[test]
fn an_empty_tape_lets_the_completion_beat_the_timeout() {
    // Choice 0 of the race, the default order of every strategy but `Fifo`, is the completion.
    for seed in 0..8 {
        let sim = Sim::with_exact_seed(seed).tape(simloop::Tape::new());
        assert!(timeout_race(sim), "seed {seed}");
    }
}

/// Three tasks spawned in order, each logging, yielding, logging again.
fn ready_order(sim: Sim) -> Vec<String> {
    sim.run(async {
        let log = Log::default();
        let handles: Vec<_> = ["a", "b", "c"]
            .into_iter()
            .map(|name| {
                let log = log.clone();
                spawn(async move {
                    log.push(format!("{name}1"));
                    simloop::yield_now().await;
                    log.push(format!("{name}2"));
                })
            })
            .collect();
        for h in handles {
            h.await.unwrap();
        }
        log.entries()
    })
}

#[test]
fn fifo_runs_ready_tasks_in_wake_order() {
    for seed in 0..32 {
        let order = ready_order(Sim::with_exact_seed(seed).strategy(Strategy::Fifo));
        assert_eq!(order, ["a1", "b1", "c1", "a2", "b2", "c2"], "seed {seed}");
    }
}

#[test]
fn random_explores_many_ready_orders() {
    let orders: BTreeSet<_> =
        (0..200).map(|seed| ready_order(Sim::with_exact_seed(seed))).collect();
    // 6!/(2!^3) = 90 orders keep each task's two entries in order; a good share must show up.
    assert!(orders.len() >= 40, "only {} distinct orders", orders.len());
    assert!(orders.iter().all(|o| o.len() == 6));
}
