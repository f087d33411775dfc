//! A panic nobody will see: the task's handle was dropped without awaiting it.

use std::time::Duration;

use simloop::task::Builder;
use simloop::time::sleep;
use simloop::trace::EventKind;
use simloop::{Detector, FailureKind, Policy, Sim};

/// A fire-and-forget task that panics at 0.250s while the main future goes on.
async fn fire_and_forget() -> &'static str {
    drop(Builder::new().name("audit").spawn(async {
        sleep(Duration::from_millis(250)).await;
        panic!("audit log unreachable");
    }));
    sleep(Duration::from_secs(1)).await;
    "main finished"
}

#[test]
fn a_detached_task_panic_fails_the_run_with_a_report() {
    let failure = Sim::with_exact_seed(1).try_run(fire_and_forget()).unwrap_err();
    assert_eq!(failure.kind(), FailureKind::UnobservedPanic);
    assert_eq!(failure.time().to_string(), "0.250s", "reported when it happened");
    let report = failure.to_string();
    for needle in [
        "simloop: unobserved panic: task 1 \"audit\" panicked at sim-tests/detect_unobserved_panic.rs:",
        ": audit log unreachable (spawned at sim-tests/detect_unobserved_panic.rs:",
        "and its `JoinHandle` was dropped without awaiting it",
        "asyncio: \"Task exception was never retrieved\"",
        "  time      0.250s\n",
        "SIMLOOP_SEED=1 cargo test --test sim -- --exact detect_unobserved_panic::",
    ] {
        assert!(report.contains(needle), "missing {needle:?} in:\n{report}");
    }
}

#[test]
fn a_handle_dropped_after_the_panic_without_awaiting_it_is_reported_then() {
    let failure = Sim::with_exact_seed(2)
        .try_run(async {
            let h = simloop::spawn(async { panic!("early") });
            sleep(Duration::from_millis(100)).await;
            assert!(h.is_finished());
            sleep(Duration::from_millis(100)).await;
            drop(h); // the panic was never looked at
            sleep(Duration::from_millis(100)).await;
        })
        .unwrap_err();
    assert_eq!(failure.kind(), FailureKind::UnobservedPanic);
    assert_eq!(failure.time().to_string(), "0.200s");
}

#[test]
fn an_awaited_panic_or_a_detached_success_is_not_a_finding() {
    let outcome = Sim::with_exact_seed(3)
        .try_run(async {
            let observed = simloop::spawn(async { panic!("seen") });
            assert!(observed.await.unwrap_err().is_panic());
            drop(simloop::spawn(async { 1 }));
            sleep(Duration::from_millis(1)).await;
        })
        .unwrap();
    assert!(outcome.warnings().is_empty());
}

#[test]
fn warn_keeps_the_run_going_and_keeps_the_report() {
    let outcome = Sim::with_exact_seed(1)
        .policy(Detector::UnobservedPanic, Policy::Warn)
        .try_run(fire_and_forget())
        .unwrap();
    assert_eq!(*outcome.value(), "main finished");
    assert_eq!(outcome.warnings().len(), 1);
    assert_eq!(outcome.warnings()[0].kind(), FailureKind::UnobservedPanic);
}

#[test]
fn allow_only_records_the_finding_in_the_trace() {
    let outcome = Sim::with_exact_seed(1)
        .policy(Detector::UnobservedPanic, Policy::Allow)
        .trace(true)
        .try_run(fire_and_forget())
        .unwrap();
    assert!(outcome.warnings().is_empty());
    let found = outcome.trace().events().iter().any(|e| {
        e.kind() == &EventKind::Finding { kind: FailureKind::UnobservedPanic }
            && e.task().as_u64() == 1
    });
    assert!(found, "{}", outcome.trace());
}
