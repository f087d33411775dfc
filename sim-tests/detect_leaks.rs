//! Tasks still pending when the main future returns.

use std::future::pending;
use std::time::Duration;

use futures::channel::oneshot;
use simloop::task::Builder;
use simloop::time::sleep;
use simloop::{Detector, FailureKind, Policy, Sim, Strategy};

/// Leaves three tasks behind: one sleeping, one waiting on a channel, one never polled.
async fn leaves_tasks_behind() -> oneshot::Sender<()> {
    let (tx, rx) = oneshot::channel::<()>();
    drop(Builder::new().name("poller").spawn(sleep(Duration::from_secs(5))));
    drop(Builder::new().name("listener").spawn(rx));
    sleep(Duration::from_millis(20)).await;
    drop(Builder::new().name("late").spawn(async {}));
    tx
}

#[test]
fn pending_tasks_at_the_end_fail_the_run_listing_what_each_waits_on() {
    let failure = Sim::with_exact_seed(5).try_run(leaves_tasks_behind()).unwrap_err();
    assert_eq!(failure.kind(), FailureKind::LeakedTasks);
    let report = failure.to_string();
    for needle in [
        "simloop: leaked tasks: 3 tasks were still pending when the main future returned",
        "asyncio: \"Task was destroyed but it is pending!\"",
        "`task::Builder::new().daemon(true)`",
        "  time      0.020s\n",
        "unfinished tasks (3):\n",
        "task 1 \"poller\"    sleeping until 5.000s (at sim-tests/detect_leaks.rs:",
        "task 2 \"listener\"  waiting for a wake since 0.000s; spawned at sim-tests/detect_leaks.rs:",
        "task 3 \"late\"      never polled; spawned at sim-tests/detect_leaks.rs:",
    ] {
        assert!(report.contains(needle), "missing {needle:?} in:\n{report}");
    }
}

#[test]
fn daemon_tasks_are_exempt() {
    let outcome = Sim::with_exact_seed(5).try_run(async {
        drop(Builder::new().name("ticker").daemon(true).spawn(async {
            loop {
                sleep(Duration::from_secs(1)).await;
            }
        }));
        sleep(Duration::from_millis(2500)).await;
    });
    assert!(outcome.is_ok());
}

#[test]
fn one_leaked_task_among_daemons_is_reported_alone() {
    let failure = Sim::with_exact_seed(6)
        .strategy(Strategy::Fifo)
        .try_run(async {
            drop(Builder::new().daemon(true).spawn(pending::<()>()));
            drop(Builder::new().name("forgotten").spawn(pending::<()>()));
            simloop::yield_now().await;
        })
        .unwrap_err();
    let report = failure.to_string();
    assert!(report.contains("1 task was still pending"), "{report}");
    assert!(report.contains("unfinished tasks (1):\n  task 2 \"forgotten\""), "{report}");
}

#[test]
fn warn_and_allow_let_the_output_through() {
    let warned = Sim::with_exact_seed(5)
        .policy(Detector::LeakedTasks, Policy::Warn)
        .try_run(leaves_tasks_behind())
        .unwrap();
    assert_eq!(warned.warnings().len(), 1);
    assert_eq!(warned.warnings()[0].kind(), FailureKind::LeakedTasks);
    let allowed = Sim::with_exact_seed(5)
        .policy(Detector::LeakedTasks, Policy::Allow)
        .try_run(leaves_tasks_behind())
        .unwrap();
    assert!(allowed.warnings().is_empty());
}

#[test]
fn a_task_aborted_just_before_returning_is_not_a_leak() {
    for seed in 0..16 {
        let outcome = Sim::with_exact_seed(seed).try_run(async {
            let stuck = simloop::spawn(pending::<()>());
            simloop::yield_now().await;
            stuck.abort(); // not awaited: it is cancelled when the run ends
        });
        assert!(outcome.is_ok(), "seed {seed}");
    }
}

#[test]
fn tasks_awaited_or_aborted_before_returning_are_not_leaks() {
    for seed in 0..32 {
        let outcome = Sim::with_exact_seed(seed).try_run(async {
            let worker = simloop::spawn(sleep(Duration::from_secs(1)));
            let stuck = simloop::spawn(pending::<()>());
            worker.await.unwrap();
            stuck.abort();
            assert!(stuck.await.unwrap_err().is_cancelled());
        });
        assert!(outcome.is_ok(), "seed {seed}");
    }
}
