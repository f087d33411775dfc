//! A poll that holds the loop: `cpu_work` and the slow-poll detector.

use std::time::Duration;

use simloop::task::Builder;
use simloop::time::{now, sleep};
use simloop::{Detector, FailureKind, Policy, Sim, Strategy, cpu_work};

use crate::support::at_ms;

/// A task hashes for 150 ms on the loop while another sleeps 10 ms.
async fn blocks_the_loop() -> simloop::time::Instant {
    let sleeper = Builder::new().name("sleeper").spawn(async {
        sleep(Duration::from_millis(10)).await;
        now()
    });
    let hasher = Builder::new().name("hasher").spawn(async {
        sleep(Duration::from_millis(5)).await;
        cpu_work(Duration::from_millis(150));
    });
    hasher.await.unwrap();
    sleeper.await.unwrap()
}

#[test]
fn a_long_poll_is_reported_with_the_task_and_the_times() {
    let failure = Sim::with_exact_seed(1).try_run(blocks_the_loop()).unwrap_err();
    assert_eq!(failure.kind(), FailureKind::SlowPoll);
    let report = failure.to_string();
    for needle in [
        "simloop: slow poll: task 2 \"hasher\" (spawned at sim-tests/detect_slow_poll.rs:",
        "held the loop for 0.150s of virtual time in one poll (from 0.005s to 0.155s)",
        "over the slow-poll limit of 0.100s",
        "`simloop::spawn_blocking`",
        "`Sim::slow_poll`",
    ] {
        assert!(report.contains(needle), "missing {needle:?} in:\n{report}");
    }
}

#[test]
fn a_sleeper_wakes_late_behind_cpu_work() {
    for seed in 0..16 {
        let woke = Sim::with_exact_seed(seed)
            .policy(Detector::SlowPoll, Policy::Allow)
            .run(blocks_the_loop());
        assert_eq!(woke, at_ms(155), "seed {seed}: due at 0.010s, the loop was held until 0.155s");
    }
}

#[test]
fn the_limit_is_inclusive_and_configurable() {
    let at_limit = Sim::with_exact_seed(2).try_run(async { cpu_work(Duration::from_millis(100)) });
    assert!(at_limit.is_ok());
    let raised =
        Sim::with_exact_seed(2).slow_poll(Duration::from_secs(1)).try_run(blocks_the_loop());
    assert_eq!(*raised.unwrap().value(), at_ms(155));
}

#[test]
fn warn_reports_and_goes_on() {
    let outcome = Sim::with_exact_seed(3)
        .policy(Detector::SlowPoll, Policy::Warn)
        .try_run(blocks_the_loop())
        .unwrap();
    assert_eq!(outcome.warnings().len(), 1);
    assert_eq!(outcome.warnings()[0].kind(), FailureKind::SlowPoll);
}

#[test]
fn cpu_work_in_the_main_future_moves_its_clock() {
    let end = Sim::with_exact_seed(4).strategy(Strategy::Fifo).run(async {
        cpu_work(Duration::from_millis(40));
        cpu_work(Duration::from_millis(40));
        now()
    });
    assert_eq!(end, at_ms(80));
}

#[test]
fn a_correct_program_sleeping_instead_of_spinning_is_never_flagged() {
    for seed in 0..32 {
        let outcome = Sim::with_exact_seed(seed).try_run(async {
            for _ in 0..10 {
                cpu_work(Duration::from_millis(30));
                sleep(Duration::from_millis(10)).await;
            }
        });
        assert!(outcome.is_ok(), "seed {seed}");
    }
}
